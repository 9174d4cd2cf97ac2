import ArgumentParser
import Foundation

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the built-in demo shops on loopback, crawl them over simulated days, write reports.")

    @Option(help: "Simulated days to crawl.") var days = 30
    @Option(help: "Where reports are written.") var out = "reports"

    func run() async throws {
        FileHandle.standardError.write(Data("""
        pricewatch demo: the demo shops are not built yet (issue "Demo shops"); nothing was crawled \
        and no report was written.\n
        """.utf8))
        throw ExitCode(2)
    }
}
