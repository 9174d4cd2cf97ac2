import Foundation
import Model
import Sentiment
import Store

/// The review-sentiment part of a report: a summary.md section, `reviews.csv` (one row per product
/// and competitor) and `charts/sentiment.svg` (weekly mean sentiment per competitor).
public enum ReviewReport {
    /// Every stored review with its product and competitor; scores stored by the crawl are reused,
    /// reviews stored before scoring existed are scored now. Returns are read from the text now:
    /// nothing to migrate, and a better lexicon improves old reviews too. `returns: false` skips
    /// that reading for callers that only need sentiment (the repricer's spikes).
    public static func items(store: any PriceStoring, analyzer: SentimentAnalyzer = SentimentAnalyzer(), returns: Bool = true) throws -> [ReviewItem] {
        let products = ProductMatch(records: try store.catalog())
        var listings: [Int64: ListingRecord] = [:]
        for l in try store.listings() { if let id = l.id { listings[id] = l } }
        var out: [ReviewItem] = []
        for r in try store.reviews() {
            guard let at = r.postedAt, let l = listings[r.listingID] else { continue }
            let (key, name) = products.product(of: l, id: r.listingID)
            let rating = r.rating.map { NSDecimalNumber(decimal: $0).doubleValue }
            out.append(ReviewItem(product: key, productName: name, site: l.site, at: at, rating: rating,
                                  sentiment: sentiment(of: r, rating: rating, analyzer: analyzer), listingID: r.listingID,
                                  returnMention: returns ? ReturnDetector.detect(title: r.title, body: r.body, language: r.language) : nil))
        }
        return out
    }

    static func sentiment(of r: ReviewRecord, rating: Double?, analyzer: SentimentAnalyzer) -> ReviewSentiment {
        if let score = r.sentimentScore, let labelText = r.sentimentLabel, let label = SentimentLabel(rawValue: labelText) {
            let aspects = r.aspects.flatMap { try? JSONDecoder().decode([AspectMention].self, from: Data($0.utf8)) } ?? []
            let ratingScore = rating.map { ReviewSentiment.ratingScore($0) }
            let disagrees = ReviewSentiment.starsAndTextDisagree(ratingScore: ratingScore, label: label)
            return ReviewSentiment(score: score, label: label, language: r.language ?? "", aspects: aspects,
                                   ratingScore: ratingScore, disagreesWithRating: disagrees)
        }
        return analyzer.analyze(title: r.title, body: r.body, rating: rating, language: r.language)
    }

    /// The summary.md section; competitor text (quotes, names) is escaped.
    public static func section(_ s: ReviewSummary, chart: Bool = true) -> ReportWriter.Section {
        let esc = { (s: String) in MarkdownText.escape(s) }
        var md = ""
        let total = s.groups.reduce(0) { $0 + $1.count }
        if total == 0 {
            return ReportWriter.Section(title: "Review sentiment", markdown: "No reviews posted between \(ReportWriter.day(s.since)) and \(ReportWriter.day(s.until)).")
        }
        let neg = s.groups.reduce(0) { $0 + $1.negatives }
        let disagree = s.groups.reduce(0) { $0 + $1.disagreements }
        md += "\(total) reviews posted in the period, \(neg) negative; \(disagree) where the stars and the text disagree.\n\n"
        if chart { md += "![Weekly mean review sentiment per competitor](charts/sentiment.svg)\n\n" }
        let spikes = s.groups.filter(\.spike)
        if !spikes.isEmpty {
            md += "### Spikes of negative reviews\n\n"
            for g in spikes.sorted(by: { $0.negatives > $1.negatives }) {
                let top = g.complaints.first.map { ", mostly about \($0.aspect) (\($0.count))" } ?? ""
                md += "- **\(esc(g.productName))** on \(esc(g.site)): \(g.negatives) negative reviews (previous period \(g.previousNegatives))\(top)\n"
            }
            md += "\n"
        }
        for (title, complaints) in [("Top complaints", true), ("Top praises", false)] {
            let tallies = s.overall(complaints: complaints).prefix(5)
            if tallies.isEmpty { continue }
            md += "### \(title)\n\n| aspect | mentions | quotes |\n|---|---:|---|\n"
            for t in tallies {
                md += "| \(t.aspect) | \(t.count) | \(t.quotes.map { "\u{201C}\(esc($0))\u{201D}" }.joined(separator: " / ")) |\n"
            }
            md += "\n"
        }
        let shifted = s.groups.filter { $0.change != nil && abs($0.change!) >= 0.2 && $0.count >= 3 }.sorted { abs($0.change!) > abs($1.change!) }
        if !shifted.isEmpty {
            md += "### Sentiment shifts against the previous period\n\n| product | competitor | reviews | mean sentiment | change | top complaint |\n|---|---|---:|---:|---:|---|\n"
            for g in shifted.prefix(15) {
                md += "| \(esc(g.productName)) | \(esc(g.site)) | \(g.count) | \(fmt(g.meanScore)) | \(signed(g.change!)) | \(g.complaints.first.map { "\($0.aspect) (\($0.count))" } ?? "-") |\n"
            }
            md += "\n"
        }
        md += "Per product and competitor: `reviews.csv`. Scores are in [-1, 1]; see `pricewatch sentiment --help`.\n"
        return ReportWriter.Section(title: "Review sentiment", markdown: md)
    }

    /// One row per product and competitor.
    public static func csv(_ s: ReviewSummary, excelBOM: Bool = false) -> String {
        var w = CSVWriter(excelBOM: excelBOM)
        w.row(["product", "product_name", "site", "reviews", "previous_reviews", "stars_1", "stars_2", "stars_3", "stars_4", "stars_5", "mean_rating",
               "positive", "neutral", "negative", "mean_sentiment", "previous_mean_sentiment", "change", "negative_spike", "stars_text_disagree",
               "top_complaint", "complaint_mentions", "complaint_quote", "top_praise", "praise_mentions", "praise_quote"])
        for g in s.groups {
            var row = [g.product, g.productName, g.site, "\(g.count)", "\(g.previousCount)"]
            row += g.ratingDistribution.map { "\($0)" }
            row += [fmt(g.meanRating), "\(g.sentiment[.positive] ?? 0)", "\(g.sentiment[.neutral] ?? 0)", "\(g.sentiment[.negative] ?? 0)",
                    fmt(g.meanScore), fmt(g.previousMeanScore), g.change.map(signed) ?? "", g.spike ? "yes" : "no", "\(g.disagreements)"]
            for t in [g.complaints.first, g.praises.first] {
                row += [t?.aspect ?? "", t.map { "\($0.count)" } ?? "", t?.quotes.first ?? ""]
            }
            w.row(row)
        }
        return w.text
    }

    /// Weekly mean sentiment per competitor: the twelve weeks up to the end of the period, so a
    /// short report period still shows the trend it sits in.
    public static func chart(_ items: [ReviewItem], since: Date, until: Date, weeks: Int = 12) -> String {
        let week = 7 * 86_400.0
        let start = min(since, until.addingTimeInterval(-Double(weeks) * week))
        var sums: [String: [Int: (Double, Int)]] = [:]
        for i in items where i.at > start && i.at <= until {
            // Buckets end at `until`: bucket 0 is the last seven days.
            let w = Int(until.timeIntervalSince(i.at) / week)
            let e = sums[i.site, default: [:]][w] ?? (0, 0)
            sums[i.site, default: [:]][w] = (e.0 + i.sentiment.score, e.1 + 1)
        }
        let buckets = max(1, Int((until.timeIntervalSince(start) / week).rounded(.up)))
        let series = sums.keys.sorted().map { site in
            SVGChart.Series(label: site, points: (0..<buckets).reversed().map { w in
                let e = sums[site]![w]
                return SVGChart.Point(day: until.addingTimeInterval(-Double(w) * week), value: e.map { $0.0 / Double($0.1) })
            })
        }
        var chart = SVGChart(title: "Mean review sentiment per week (-1 negative to 1 positive)", unit: "score", series: series)
        chart.style = .lines
        chart.yRange = -1...1
        chart.footnote = "each point: reviews posted in the 7 days up to that date; gaps: no reviews"
        return chart.render()
    }

    static func fmt(_ v: Double?) -> String { v.map { String(format: "%.2f", $0) } ?? "" }
    static func signed(_ v: Double) -> String { String(format: "%+.2f", v) }
}
