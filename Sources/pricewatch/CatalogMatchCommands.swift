import ArgumentParser
import CatalogMatching
import Foundation
import Store

/// `catalog match` and `catalog accept`: the engine proposes which stored competitor listing is
/// which SKU, the merchant reviews the sheet, and accepted pairs join the catalog's matches.
struct CatalogMatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Suggest which stored competitor listings are your SKUs, as a sheet to review.",
        discussion: """
        Compares the catalog with the latest observation of every listing not matched yet (one site at a time: \
        each SKU at most one listing per site). Writes one row per suggested pair: fill the decision column with \
        accept or reject (empty: decide later) and run `pricewatch catalog accept SHEET`. Rejected pairs are never \
        suggested again; pairs already in the catalog's matches are not suggested. --accept-above records the pairs \
        at least that confident at once (their rows say accept; change one to reject to undo it).
        """)
    @Option(help: "The review sheet to write.") var out = "catalog-matches.csv"
    @Option(help: "Accept pairs at least this confident without review (0...1), e.g. 0.98.") var acceptAbove: Double?
    @Option(help: "Suggest only pairs at least this confident (0...1; default chosen on the Abt-Buy benchmark).")
    var minConfidence = CatalogMatchRun.Options().minConfidence
    @Option(help: "Only this site's listings (e.g. demo-jp).") var site: String?
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (0...1).contains(minConfidence) else { throw ValidationError("--min-confidence must be between 0 and 1") }
        if let a = acceptAbove, !(0...1).contains(a) { throw ValidationError("--accept-above must be between 0 and 1") }
    }

    func run() throws {
        try OutputPaths.checkWritable(out, option: "--out")
        let store = try database.open(existing: true)
        var options = CatalogMatchRun.Options()
        options.minConfidence = minConfidence
        options.acceptAbove = acceptAbove
        options.site = site
        do {
            guard try !store.catalog().isEmpty else {
                try fail("the catalog in \(database.shown) is empty: import it first (pricewatch catalog import FILE)", status: .configuration)
            }
            let result = try CatalogMatchRun.suggest(store: store, options: options)
            try MatchSheet.write(result.suggestions).write(toFile: out, atomically: true, encoding: .utf8)
            Self.summary(result, sheet: out, acceptAbove: acceptAbove).forEach { print($0) }
        } catch let e as CommandFailure { throw e } catch { try fail(error, status: .storage) }
    }

    static func summary(_ r: CatalogMatchRun.Result, sheet: String, acceptAbove: Double?) -> [String] {
        let skus = Set(r.suggestions.map(\.sku)).count
        var lines = ["\(r.suggestions.count) suggested pairs for \(skus) SKUs from \(r.listingsCompared) unmatched listings: \(sheet)"]
        if let a = acceptAbove { lines.append("  \(r.accepted) accepted automatically (confidence >= \(a)) and added to the catalog's matches") }
        if r.rejectedSkipped > 0 { lines.append("  \(r.rejectedSkipped) pairs you rejected before were left out") }
        let open = r.suggestions.count - r.accepted
        if open > 0 { lines.append("  review the decision column (accept / reject), then: pricewatch catalog accept \(sheet)") }
        return lines
    }
}

struct CatalogAcceptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Apply a reviewed `catalog match` sheet: accepted pairs join the matches, rejected ones are remembered.",
        discussion: """
        All rows or nothing: a bad row (an unknown decision, a SKU not in the catalog, the same pair accepted and \
        rejected) is reported as file:line, with exit status 2, and nothing changes. Rows left without a decision \
        are suggested again by the next `catalog match`.
        """)
    @Argument(help: "The reviewed sheet.") var file: String
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else { try fail("\(file): cannot read the file", status: .configuration) }
        guard let text = String(data: data, encoding: .utf8) else { try fail("\(file): not UTF-8 text", status: .configuration) }
        let store = try database.open(existing: true)
        do {
            let reviewed = try MatchSheet.read(text, file: file)
            let (accepted, rejected) = try reviewed.apply(to: store)
            print("\(file): \(accepted) pairs added to the catalog's matches, \(rejected) rejected (never suggested again), \(reviewed.undecided) left for later")
        } catch let r as MatchSheet.Rejected {
            for p in r.problems { printErr("\(p)") }
            try fail("\(file): \(r.problems.count) problem\(r.problems.count == 1 ? "" : "s"); nothing applied", status: .configuration)
        } catch { try fail(error, status: .storage) }
    }
}
