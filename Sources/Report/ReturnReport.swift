import Foundation
import Model
import Sentiment

/// The "Return reasons" part of a report: why buyers returned, refunded or exchanged, per product
/// and competitor, as a summary.md section and `returns.csv` (one row per product, competitor and
/// reason). Quotes are competitor text: escaped in markdown, formula-guarded in CSV.
///
///     let s = ReturnSummary(items: try ReviewReport.items(store: store), since: since, until: until)
///     ReturnReport.section(s).markdown   // "12 of 140 reviews posted in the period tell of a return ..."
public enum ReturnReport {
    /// Rows of the per-product table; the rest is in returns.csv.
    public static let tableRows = 15

    public static func section(_ s: ReturnSummary) -> ReportWriter.Section {
        let title = "Return reasons"
        let esc = { (t: String) in MarkdownText.escape(t, limit: 140) }
        guard s.returns > 0 else {
            return ReportWriter.Section(title: title, markdown: "No review posted between \(ReportWriter.day(s.since)) and \(ReportWriter.day(s.until)) tells of a return, refund or exchange (\(s.reviews) reviews read).")
        }
        var md = "\(s.returns) of \(s.reviews) reviews posted in the period tell of a return, refund or exchange"
            + " (\(percent(s.returns, of: s.reviews))); the reason is the one the buyer names nearest the return.\n\n"
        md += "| reason | returns | share | example |\n|---|---:|---:|---|\n"
        for t in s.overall {
            md += "| \(t.reason.title) | \(t.count) | \(percent(t.count, of: s.returns)) | \u{201C}\(esc(t.quote))\u{201D} |\n"
        }
        let ranked = s.groups.filter { $0.returns > 0 }.sorted { ($1.returns, $0.product, $0.site) < ($0.returns, $1.product, $1.site) }
        md += "\n### By product and competitor\n\n| product | competitor | reviews | returns | reasons | example |\n|---|---|---:|---:|---|---|\n"
        for g in ranked.prefix(tableRows) {
            let reasons = g.byReason.map { "\($0.reason.title) \($0.count)" }.joined(separator: ", ")
            md += "| \(esc(g.productName)) | \(esc(g.site)) | \(g.reviews) | \(g.returns) | \(reasons) | \u{201C}\(esc(g.byReason[0].quote))\u{201D} |\n"
        }
        if ranked.count > tableRows { md += "\n\(ranked.count - tableRows) more products and competitors with returns are in `returns.csv`.\n" }
        md += "\nPer product, competitor and reason: `returns.csv`; in the terminal: `pricewatch reviews returns`.\n"
        return ReportWriter.Section(title: title, markdown: md)
    }

    /// One row per product, competitor and reason, most returns first within a product and competitor.
    public static func csv(_ s: ReturnSummary, excelBOM: Bool = false) -> String {
        var w = CSVWriter(excelBOM: excelBOM)
        w.row(["product", "product_name", "site", "reviews", "returns", "reason", "reason_title", "count", "share_of_returns", "example_quote"])
        for g in s.groups where g.returns > 0 {
            for t in g.byReason {
                w.row([g.product, g.productName, g.site, "\(g.reviews)", "\(g.returns)", t.reason.rawValue, t.reason.title, "\(t.count)",
                       String(format: "%.3f", Double(t.count) / Double(g.returns)), t.quote])
            }
        }
        return w.text
    }

    static func percent(_ n: Int, of total: Int) -> String {
        total == 0 ? "-" : String(format: "%.0f%%", 100 * Double(n) / Double(total))
    }
}
