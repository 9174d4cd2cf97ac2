import ArgumentParser
import Crawl
import Foundation
import Report
import Sentiment
import Store

/// `pricewatch reviews summary`: the aspect summary per product and competitor.
struct ReviewsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reviews", abstract: "Review sentiment and aspects from the database.",
                                                    subcommands: [Summary.self])

    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per product and competitor: stars, sentiment, top complaints and praises with quotes, change and spikes.")
        @Option(help: "Only this product (the merchant's SKU, or a substring of its name).") var product: String?
        @Option(help: "Start of the period, yyyy-MM-dd (default: 30 days before --until).") var since: String?
        @Option(help: "End of the period, yyyy-MM-dd inclusive (default: the day of the latest review in the database).") var until: String?
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if let s = since, ReportCommand.day(s) == nil { throw ValidationError("--since takes yyyy-MM-dd, got '\(s)'") }
            if let u = until, ReportCommand.day(u) == nil { throw ValidationError("--until takes yyyy-MM-dd, got '\(u)'") }
        }

        func run() throws {
            let store = try database.open(existing: true)
            var items: [ReviewItem]
            do { items = try ReviewReport.items(store: store) } catch { try fail(error, status: .storage) }
            // The data's last 30 days, not the clock's: a database is often read long after its crawl
            // (the demo's simulated days, an analyst's copy).
            let latest = items.map(\.at).max()
            let dataEnd = latest.flatMap { ReportCommand.day(ReportCommand.dayText($0)) }
            let end = (until.flatMap(ReportCommand.day) ?? dataEnd).map { $0.addingTimeInterval(86_399) } ?? Date()
            let start = since.flatMap(ReportCommand.day) ?? end.addingTimeInterval(-30 * 86_400)
            if let p = product {
                items = items.filter { $0.product == p || $0.productName.localizedCaseInsensitiveContains(p) }
                if items.isEmpty { try fail("no reviews for product '\(p)'", status: .configuration) }
            }
            let summary = ReviewSummary(items: items, since: start, until: end)
            let window = until == nil ? latest.map { "up to the latest review in the database, \(ReportCommand.dayText($0)); " } ?? "" : ""
            print("Reviews \(ReportCommand.dayText(start)) .. \(ReportCommand.dayText(end)) (\(window)previous period of the same length in brackets)\n")
            for g in summary.groups where g.count > 0 {
                let sent = SentimentLabel.allCases.reversed().map { "\($0.rawValue) \(g.sentiment[$0] ?? 0)" }.joined(separator: ", ")
                print("\(g.productName) [\(g.product)] on \(g.site): \(g.count) reviews (\(g.previousCount))\(g.spike ? "  ** negative spike **" : "")")
                print("  stars 1-5: \(g.ratingDistribution.map(String.init).joined(separator: " / "))" + (g.meanRating.map { String(format: ", mean %.2f", $0) } ?? ""))
                print("  sentiment: \(sent); mean \(g.meanScore.map { String(format: "%+.2f", $0) } ?? "-")"
                      + (g.previousMeanScore.map { String(format: " (%+.2f)", $0) } ?? "") + (g.disagreements > 0 ? "; \(g.disagreements) stars/text disagreements" : ""))
                for (title, list) in [("complaints", g.complaints), ("praises", g.praises)] where !list.isEmpty {
                    print("  \(title):")
                    for t in list.prefix(3) { print("    \(t.aspect) (\(t.count)): " + t.quotes.map { "\"\($0)\"" }.joined(separator: " / ")) }
                }
                print("")
            }
            if summary.groups.allSatisfy({ $0.count == 0 }) {
                let last = items.map(\.at).max().map { "; the latest \(product == nil ? "" : "for this product ")is from \(ReportCommand.dayText($0)) (--until)" } ?? ""
                print("no reviews in the period\(last)")
            }
        }
    }
}
