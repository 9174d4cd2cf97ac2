import ArgumentParser
import Foundation

@main
struct Pricewatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pricewatch",
        abstract: "Watch competitors' prices, sales and reviews; suggest repricing.",
        discussion: """
        Exit codes: 0 ok, 1 finished with alarms, 2 configuration error, \
        3 another run holds the lease, 4 interrupted, 5 storage error.
        """,
        version: "0.1.0",
        subcommands: [Demo.self, RunCommand.self, WorkerCommand.self, JobsCommand.self, HealthCommand.self, ReportCommand.self, FetchCommand.self, ExtractCommand.self, SelectorsCommand.self, ParseCommand.self, SentimentCommand.self, ReviewsCommand.self, DbCommand.self, FxCommand.self, CatalogCommand.self, RepriceCommand.self, MatchCommand.self]
    )
}
