import ArgumentParser
import Crawl
import Foundation
import Report
import Sentiment
import Store

/// `pricewatch reviews summary`: the aspect summary per product and competitor; `reviews returns`:
/// why buyers return, refund or exchange, per product and competitor.
struct ReviewsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reviews", abstract: "Review sentiment, aspects and return reasons from the database.",
                                                    subcommands: [Summary.self, Returns.self])

    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per product and competitor: stars, sentiment, top complaints and praises with quotes, change and spikes.")
        @Option(help: "Only this product (the merchant's SKU, or a substring of its name).") var product: String?
        @OptionGroup var period: Period
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let (items, start, end, note) = try period.items(database: database, product: product)
            let summary = ReviewSummary(items: items, since: start, until: end)
            print("Reviews \(ReportCommand.dayText(start)) .. \(ReportCommand.dayText(end)) (\(note.map { $0 + "; " } ?? "")previous period of the same length in brackets)\n")
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
            if summary.groups.allSatisfy({ $0.count == 0 }) { print(period.nothing(items, product: product)) }
        }
    }

    struct Returns: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Why buyers return, refund or exchange, per product and competitor: counts by reason with a quote.",
            discussion: """
            Reasons: size/fit, defective or broken, not as described / colour, damaged in transit, arrived late, \
            wrong item, counterfeit, changed mind, and other (a return that names no reason). Read from the review \
            text in English, Chinese, Japanese, Portuguese and German; "no need to return it", "can I return it?" \
            and policy text ("返品不可") are not returns.
            """)
        @Option(help: "Only this product (the merchant's SKU, or a substring of its name).") var product: String?
        @OptionGroup var period: Period
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let (items, start, end, note) = try period.items(database: database, product: product)
            let s = ReturnSummary(items: items, since: start, until: end)
            print("Returns \(ReportCommand.dayText(start)) .. \(ReportCommand.dayText(end))\(note.map { " (\($0))" } ?? "")\n")
            for g in s.groups where g.returns > 0 {
                print("\(g.productName) [\(g.product)] on \(g.site): \(g.returns) of \(g.reviews) reviews tell of a return")
                for t in g.byReason { print("  \(t.reason.title) (\(t.count)): \"\(t.quote)\"") }
                print("")
            }
            if s.reviews == 0 {
                print(period.nothing(items, product: product))
            } else if s.returns == 0 {
                print("no review in the period tells of a return (\(s.reviews) reviews)")
            } else {
                print("\(s.returns) of \(s.reviews) reviews tell of a return: " + s.overall.map { "\($0.reason.title) \($0.count)" }.joined(separator: ", "))
            }
        }
    }

    /// --since/--until as `reviews summary` and `reviews returns` read them: by default the data's
    /// last 30 days, not the clock's (a database is often read long after its crawl: the demo's
    /// simulated days, an analyst's copy).
    struct Period: ParsableArguments {
        @Option(help: "Start of the period, yyyy-MM-dd (default: 30 days before --until).") var since: String?
        @Option(help: "End of the period, yyyy-MM-dd inclusive (default: the day of the latest review in the database).") var until: String?

        func validate() throws {
            if let s = since, ReportCommand.day(s) == nil { throw ValidationError("--since takes yyyy-MM-dd, got '\(s)'") }
            if let u = until, ReportCommand.day(u) == nil { throw ValidationError("--until takes yyyy-MM-dd, got '\(u)'") }
        }

        /// The reviews (of `product`, when given), the period, and where a default end came from.
        func items(database: DatabaseOptions, product: String?) throws -> (items: [ReviewItem], start: Date, end: Date, note: String?) {
            let store = try database.open(existing: true)
            var items: [ReviewItem]
            do { items = try ReviewReport.items(store: store) } catch { try fail(error, status: .storage) }
            let latest = items.map(\.at).max()
            let dataEnd = latest.flatMap { ReportCommand.day(ReportCommand.dayText($0)) }
            let end = (until.flatMap(ReportCommand.day) ?? dataEnd).map { $0.addingTimeInterval(86_399) } ?? Date()
            let start = since.flatMap(ReportCommand.day) ?? end.addingTimeInterval(-30 * 86_400)
            if let p = product {
                items = items.filter { $0.product == p || $0.productName.localizedCaseInsensitiveContains(p) }
                if items.isEmpty { try fail("no reviews for product '\(p)'", status: .configuration) }
            }
            let note = until == nil ? latest.map { "up to the latest review in the database, \(ReportCommand.dayText($0))" } : nil
            return (items, start, end, note)
        }

        func nothing(_ items: [ReviewItem], product: String?) -> String {
            let last = items.map(\.at).max().map { "; the latest \(product == nil ? "" : "for this product ")is from \(ReportCommand.dayText($0)) (--until)" } ?? ""
            return "no reviews in the period\(last)"
        }
    }
}
