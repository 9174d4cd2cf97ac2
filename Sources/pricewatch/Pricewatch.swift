import ArgumentParser
import Crawl
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

    /// Parses and runs the command, and turns every failure into one line on stderr and the
    /// documented exit code: ArgumentParser's usage errors exit 2 (not its 64), `--help` 0.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var async = command as? AsyncParsableCommand { try await async.run() } else { try command.run() }
        } catch {
            if let failure = CommandFailure(error) {
                FileHandle.standardError.write(Data(StderrLogHandler.errorLine(failure.message, status: failure.status.rawValue).utf8))
                Foundation.exit(failure.status.rawValue)
            }
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.configuration.rawValue)
            }
            exit(withError: error)
        }
    }
}
