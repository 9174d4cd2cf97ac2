import ArgumentParser
import Foundation
import Matching
import Model

/// `pricewatch match LEFT.csv RIGHT.csv`: which listing of one list is which of the other, as CSV.
/// (`catalog match`, against the store, is meant to call the same `ProductMatcher`.)
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Pair the products of two CSV lists: left_id,right_id,confidence,reason on stdout, best first.",
        discussion: """
        Each file: a header with id,title and optionally description,brand,price,currency,gtin,mpn in any \
        order, UTF-8. A bad file is reported as file:line: problem, with exit status 2.
        """)
    @Argument(help: "The left list (e.g. your catalog).") var left: String
    @Argument(help: "The right list (e.g. a competitor's listings).") var right: String
    @Option(help: "Propose only pairs at least this confident (0...1; default chosen on the Abt-Buy benchmark).")
    var minConfidence = MatchSettings().minConfidence
    @Flag(help: "Each record in at most one pair (best first).") var oneToOne = false

    func validate() throws {
        guard (0...1).contains(minConfidence) else { throw ValidationError("--min-confidence must be between 0 and 1") }
    }

    func run() throws {
        let l = try Self.records(left), r = try Self.records(right)
        var s = MatchSettings()
        s.minConfidence = minConfidence
        s.oneToOne = oneToOne
        var csv = CSVWriter()
        csv.row(["left_id", "right_id", "confidence", "reason"])
        for m in ProductMatcher(settings: s).match(left: l, right: r) {
            csv.row([m.leftID, m.rightID, String(format: "%.3f", m.confidence), m.reason])
        }
        print(csv.text, terminator: "")
    }

    static func records(_ path: String) throws -> [ProductRecord] {
        guard let data = FileManager.default.contents(atPath: path) else { printErr("\(path): cannot read the file"); throw ExitCode(2) }
        guard let text = String(data: data, encoding: .utf8) else { printErr("\(path): not UTF-8 text"); throw ExitCode(2) }
        do { return try ProductCSV.read(text, file: path) } catch let p as ProductCSV.Problem {
            printErr("\(p)")
            throw ExitCode(2)
        }
    }
}
