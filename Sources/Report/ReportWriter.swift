import Foundation
import Model
import Analytics

/// Writes a period's report folder: `summary.md`, `prices.csv`, `price_history.csv`, `sales.csv`,
/// `fx_rates_used.csv` (when amounts were converted) and `charts/*.svg`. The same input gives
/// byte-identical files.
///
///     let files = try ReportWriter(input: input).write(to: URL(fileURLWithPath: "reports/2026-11-25"))
public struct ReportWriter {
    /// A health alarm of a run, as the report lists it.
    public struct RunAlarm: Sendable {
        public var runID: Int64
        public var job: String
        public var startedAt: Date
        public var site: String
        public var message: String
        public init(runID: Int64, job: String, startedAt: Date, site: String, message: String) {
            self.runID = runID
            self.job = job
            self.startedAt = startedAt
            self.site = site
            self.message = message
        }
    }

    /// Extra markdown sections from other stages (review sentiment, repricing), already escaped.
    public struct Section: Sendable {
        public var title: String
        public var markdown: String
        public init(title: String, markdown: String) {
            self.title = title
            self.markdown = markdown
        }
    }

    public struct Input: Sendable {
        public var title: String
        public var listings: [ListingHistory]
        public var merchant: [String: MerchantOffer]
        public var fx: FXRates
        public var baseCurrency: String
        public var since: Date
        public var until: Date
        public var alarms: [RunAlarm]
        public var extraSections: [Section]
        /// Extra files from other stages (reviews.csv, charts/sentiment.svg), by path relative to the report.
        public var extraFiles: [String: String] = [:]
        /// Write a UTF-8 BOM at the start of CSV files for Excel.
        public var excelBOM: Bool
        /// Which competitor offers count for "Competitors undercutting you": the repricer's rule
        /// (`competitors:` in the repricing rules), judged as of `until`.
        public var counting = OfferCountingRule()

        public init(title: String = "Competitor report", listings: [ListingHistory], merchant: [String: MerchantOffer], fx: FXRates, baseCurrency: String,
                    since: Date, until: Date, alarms: [RunAlarm] = [], extraSections: [Section] = [], excelBOM: Bool = false) {
            self.title = title
            self.listings = listings
            self.merchant = merchant
            self.fx = fx
            self.baseCurrency = baseCurrency
            self.since = since
            self.until = until
            self.alarms = alarms
            self.extraSections = extraSections
            self.excelBOM = excelBOM
        }
    }

    public let input: Input
    public let analysis: PeriodAnalysis

    public init(input: Input) {
        self.input = input
        self.analysis = PeriodAnalysis(listings: input.listings, merchant: input.merchant, fx: input.fx,
                                       baseCurrency: input.baseCurrency, since: input.since, until: input.until, counting: input.counting)
    }

    /// Writes every file; returns their paths relative to `directory`, sorted.
    @discardableResult
    public func write(to directory: URL) throws -> [String] {
        let fm = FileManager.default
        let charts = directory.appendingPathComponent("charts")
        try fm.createDirectory(at: charts, withIntermediateDirectories: true)
        var files: [String: String] = [:]
        let (amounts, rates) = baseAmounts()
        for (name, svg) in chartFiles(amounts) { files["charts/\(name)"] = svg }
        files["prices.csv"] = pricesCSV()
        files["price_history.csv"] = historyCSV(amounts)
        files["sales.csv"] = salesCSV()
        files["summary.md"] = summaryMarkdown(ratesInFiles: rates)
        let allRates = rates.union(analysis.ratesUsed)
        if !allRates.isEmpty { files["fx_rates_used.csv"] = ratesCSV(allRates) }
        for (path, text) in input.extraFiles where files[path] == nil { files[path] = text }
        for (path, text) in files {
            try Data(text.utf8).write(to: directory.appendingPathComponent(path), options: .atomic)
        }
        return files.keys.sorted()
    }

    // MARK: - Formatting

    static func day(_ d: Date) -> String { PeriodAnalysis.day(d) }

    static func money(_ m: Money) -> String { "\(m.decimalText) \(m.currency)" }

    /// A rate to six significant digits ("0.138894", "1.0534", "0.006875"), trailing zeros dropped.
    static func rateText(_ r: Decimal) -> String {
        guard r > 0 else { return "\(r)" }
        var scale = 6, probe = r
        while probe >= 1 && scale > 0 { probe /= 10; scale -= 1 }
        probe = r
        while probe < Decimal(string: "0.1")! { probe *= 10; scale += 1 }
        var v = r, rounded = Decimal()
        NSDecimalRound(&rounded, &v, scale, .plain)
        return NSDecimalNumber(decimal: rounded).stringValue
    }

    static func percent(_ p: Decimal) -> String {
        let text = Money.plainText(p, fractionDigits: 1)
        return p > 0 ? "+\(text)%" : "\(text)%"
    }

    /// A file-name-safe slug of a product key: ASCII letters, digits and dashes.
    static func slug(_ key: String) -> String {
        var out = ""
        for s in key.unicodeScalars {
            if (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") { out.unicodeScalars.append(s) } else if !out.hasSuffix("-") { out += "-" }
        }
        let trimmed = String(out.trimmingCharacters(in: CharacterSet(charactersIn: "-")).prefix(60))
        if trimmed == key { return trimmed }
        // Keys that lose characters get a stable hash so two products never share a chart.
        var hash: UInt32 = 2_166_136_261
        for b in key.utf8 { hash = (hash ^ UInt32(b)) &* 16_777_619 }
        return (trimmed.isEmpty ? "product" : trimmed) + "-" + String(hash, radix: 16)
    }

    func chartLink(_ ref: PeriodAnalysis.ListingRef) -> String {
        "[chart](charts/\(ReportWriter.slug(ref.productKey)).svg)"
    }

    func name(_ ref: PeriodAnalysis.ListingRef) -> String {
        "\(MarkdownText.escape(ref.productName)) @ \(MarkdownText.escape(ref.site))"
    }

    // MARK: - summary.md

    /// `ratesInFiles`: the rates price_history.csv and the charts use (`baseAmounts`), found again when not given.
    func summaryMarkdown(ratesInFiles: Set<PeriodAnalysis.RateUsed>? = nil) -> String {
        let a = analysis
        var md = "# \(MarkdownText.escape(input.title))\n\n"
        md += "Period: \(ReportWriter.day(input.since)) to \(ReportWriter.day(input.until)) (UTC). "
        md += "\(input.listings.count) listings, \(input.listings.reduce(0) { $0 + $1.observations.count }) observations. "
        md += "Amounts in \(a.baseCurrency) are converted with the rate of each observation's day.\n\n"

        md += "## Price moves\n\n"
        if a.priceMoves.isEmpty { md += "No competitor changed a price in this period.\n\n" } else {
            md += "| Product | Site | From | To | Change | |\n|---|---|---|---|---:|---|\n"
            for m in a.priceMoves.prefix(50) {
                md += "| \(MarkdownText.escape(m.listing.productName)) | \(MarkdownText.escape(m.listing.site)) | \(ReportWriter.money(m.from)) | \(ReportWriter.money(m.to)) | \(ReportWriter.percent(m.percent)) | \(chartLink(m.listing)) |\n"
            }
            if a.priceMoves.count > 50 { md += "\n…and \(a.priceMoves.count - 50) more in `prices.csv`.\n" }
            md += "\n"
        }

        md += "## New lows and highs\n\n"
        if a.extremes.isEmpty { md += "No listing left its earlier price range.\n\n" } else {
            for e in a.extremes {
                md += "- **\(e.kind.rawValue)**: \(name(e.listing)) at \(ReportWriter.money(e.price)) (before: \(ReportWriter.money(e.previous))) \(chartLink(e.listing))\n"
            }
            md += "\n"
        }

        md += "## Competitors undercutting you\n\n"
        md += "Offers that count, as for repricing: in stock, observed within \(OfferCountingRule.durationText(a.counting.maxAge)) of \(ReportWriter.day(input.until))"
        md += a.counting.excludeReviewSpike ? ", no negative-review spike" : ""
        md += a.counting.minSellerRating.map { ", seller rating \(Money.plainText($0, fractionDigits: 1)) or better" } ?? ""
        md += "; compared at their landed price (price + shipping) in your currency.\n\n"
        if a.undercuts.isEmpty { md += "No competitor offer that counts is below your price.\n\n" } else {
            md += "| Product | Site | Your price | Their landed price | Gap | |\n|---|---|---|---|---:|---|\n"
            for u in a.undercuts {
                let cost = u.belowMerchantCost ? " (below your cost)" : ""
                md += "| \(MarkdownText.escape(u.merchant.title)) | \(MarkdownText.escape(u.listing.site)) | \(ReportWriter.money(u.merchant.price)) | \(ReportWriter.money(u.competitorPrice))\(cost) | \(ReportWriter.money(u.gap)) (\(Money.plainText(u.gapPercent, fractionDigits: 1))%) | \(chartLink(u.listing)) |\n"
            }
            md += "\n"
        }
        if !a.excludedOffers.isEmpty {
            md += "Not counted (\(a.excludedOffers.count)):\n\n"
            for e in a.excludedOffers.sorted(by: { ($0.merchant.sku, $0.listing.site, $0.listing.listingID) < ($1.merchant.sku, $1.listing.site, $1.listing.listingID) }) {
                md += "- \(MarkdownText.escape(e.merchant.title)) @ \(MarkdownText.escape(e.listing.site)): \(MarkdownText.escape(e.reason.description))\n"
            }
            md += "\n"
        }

        md += "## Stockouts and restocks\n\n"
        if a.stockEvents.isEmpty { md += "No stock changes.\n\n" } else {
            for e in a.stockEvents { md += "- \(ReportWriter.day(e.at)): \(e.kind.rawValue) of \(name(e.listing)) \(chartLink(e.listing))\n" }
            md += "\n"
        }

        md += "## Sales velocity leaders\n\n"
        if a.salesLeaders.isEmpty { md += "No sales counters were observed.\n\n" } else {
            md += "| Product | Site | Units/day | |\n|---|---|---:|---|\n"
            for l in a.salesLeaders.prefix(20) {
                md += "| \(MarkdownText.escape(l.listing.productName)) | \(MarkdownText.escape(l.listing.site)) | \(String(format: "%.1f", l.unitsPerDay))\(l.lowerBound ? " (at least)" : "") | \(chartLink(l.listing)) |\n"
            }
            md += "\n"
        }

        for section in input.extraSections { md += "## \(MarkdownText.escape(section.title))\n\n\(section.markdown)\n\n" }

        md += "## Run health\n\n"
        if input.alarms.isEmpty { md += "No alarms.\n\n" } else {
            for al in input.alarms.sorted(by: { ($0.startedAt, $0.runID, $0.site) < ($1.startedAt, $1.runID, $1.site) }) {
                md += "- \(ReportWriter.day(al.startedAt)) run \(al.runID) (\(MarkdownText.escape(al.job))), \(MarkdownText.escape(al.site)): \(MarkdownText.escape(al.message))\n"
            }
            md += "\n"
        }

        md += "## Excluded outliers\n\n"
        if a.outliers.isEmpty { md += "None.\n\n" } else {
            md += "Far outside the listing's own history (a probable parse error or glitch); left out of every statistic.\n\n"
            for o in a.outliers { md += "- \(ReportWriter.day(o.at)): \(name(o.listing)) read as \(ReportWriter.money(o.price))\n" }
            md += "\n"
        }

        md += "## Charts\n\n"
        for key in productKeys() {
            let label = input.listings.first { $0.productKey == key }?.productName ?? key
            md += "### \(MarkdownText.escape(label))\n\n![\(MarkdownText.escape(label))](charts/\(ReportWriter.slug(key)).svg)\n\n"
        }

        md += "## Exchange rates used\n\n"
        let more = (ratesInFiles ?? baseAmounts().rates).subtracting(a.ratesUsed)
        if a.ratesUsed.isEmpty && more.isEmpty { md += "None were needed: every amount was already in \(a.baseCurrency).\n" } else {
            md += "Each amount is converted at the rate of its own day (or the latest published up to \(input.fx.maxAgeDays) days before), "
            md += "from the rates in the database (`pricewatch fx import`).\n\n"
            if !a.ratesUsed.isEmpty {
                md += "| Pair | Rate | Published | Source |\n|---|---:|---|---|\n"
                for r in ReportWriter.sorted(a.ratesUsed) {
                    md += "| \(MarkdownText.escape(r.from)) -> \(a.baseCurrency) | \(ReportWriter.rateText(r.rate)) | \(r.days.joined(separator: ", ")) | \(MarkdownText.escape(r.source)) |\n"
                }
                md += "\n"
            }
            if !more.isEmpty {
                let days = more.flatMap(\.days).sorted()
                md += "`price_history.csv` and the charts convert every observation at its own day's rate: \(more.count) more rate\(more.count == 1 ? "" : "s") "
                md += "(published \(days.first!) to \(days.last!)). "
            }
            md += "`fx_rates_used.csv` lists every rate this report used.\n"
        }
        if a.unconverted > 0 { md += "\n\(a.unconverted) observations had no rate for their day and are not converted.\n" }
        return md
    }

    func productKeys() -> [String] { Array(Set(input.listings.map(\.productKey))).sorted() }

    // MARK: - CSV files

    func pricesCSV() -> String {
        var csv = CSVWriter(excelBOM: input.excelBOM)
        csv.row(["listing_id", "product", "site", "title", "url", "observed_at", "price", "currency", "availability",
                 "min_7d", "max_7d", "median_7d", "change_7d_pct", "min_30d", "max_30d", "median_30d", "change_30d_pct",
                 "price_\(analysis.baseCurrency.lowercased())", "price_index"])
        let digitsOf: (String?) -> Int = { Currency.fractionDigits($0 ?? "USD") }
        let iso = ISO8601DateFormatter()
        for s in analysis.summaries.sorted(by: { $0.listing.listingID < $1.listing.listingID }) {
            let c = s.latest.price?.currency
            let n = digitsOf(c)
            func num(_ v: Decimal?, _ digits: Int) -> String { v.map { Money.plainText($0, fractionDigits: digits) } ?? "" }
            csv.row([String(s.listing.listingID), s.listing.productKey, s.listing.site, s.listing.title, s.listing.url,
                     iso.string(from: s.latest.at), s.latest.price?.decimalText ?? "", c ?? "", s.latest.availability?.rawValue ?? "",
                     num(s.last7?.min, n), num(s.last7?.max, n), num(s.last7?.median, n), num(s.last7?.changePercent, 2),
                     num(s.last30?.min, n), num(s.last30?.max, n), num(s.last30?.median, n), num(s.last30?.changePercent, 2),
                     s.latestInBase?.decimalText ?? "", num(s.priceIndex, 3)])
        }
        return csv.text
    }

    /// Each observation's price in the base currency, with the rate of its day (nil without a
    /// price, a rate, or after `until`): converted once for price_history.csv and the charts.
    /// Indexed like `input.listings` and their observations; with every rate it used.
    func baseAmounts() -> (amounts: [[Decimal?]], rates: Set<PeriodAnalysis.RateUsed>) {
        let base = analysis.baseCurrency
        var rates: [String: PeriodAnalysis.RateUsed] = [:]
        let amounts = input.listings.map { l in
            l.observations.map { o -> Decimal? in
                guard o.at <= input.until, let price = o.price else { return nil }
                let day = ReportWriter.day(o.at)
                guard let c = input.fx.convert(price, to: base, on: day) else { return nil }
                if price.currency != base, rates[price.currency + day] == nil {
                    rates[price.currency + day] = PeriodAnalysis.RateUsed(from: price.currency, rate: c.rate, days: c.rateDays, source: c.source)
                }
                return c.money.amount
            }
        }
        return (amounts, Set(rates.values))
    }

    static func sorted(_ rates: Set<PeriodAnalysis.RateUsed>) -> [PeriodAnalysis.RateUsed] {
        rates.sorted { ($0.from, $0.days.joined(), $0.source) < ($1.from, $1.days.joined(), $1.source) }
    }

    /// Every rate the report used: `from,to,rate,published,source`, the rate exact.
    func ratesCSV(_ rates: Set<PeriodAnalysis.RateUsed>) -> String {
        var csv = CSVWriter(excelBOM: input.excelBOM)
        csv.row(["from", "to", "rate", "published", "source"])
        for r in ReportWriter.sorted(rates) {
            csv.row([r.from, analysis.baseCurrency, NSDecimalNumber(decimal: r.rate).stringValue, r.days.joined(separator: ";"), r.source])
        }
        return csv.text
    }

    func historyCSV(_ amounts: [[Decimal?]]? = nil) -> String {
        let amounts = amounts ?? baseAmounts().amounts
        var csv = CSVWriter(excelBOM: input.excelBOM)
        let base = analysis.baseCurrency
        csv.row(["date", "product", "site", "listing_id", "price", "currency", "price_\(base.lowercased())", "availability"])
        let listings = input.listings
        for li in listings.indices.sorted(by: { listings[$0].listingID < listings[$1].listingID }) {
            let l = listings[li]
            let id = String(l.listingID)
            for (oi, o) in l.observations.enumerated() where o.at <= input.until {
                let converted = amounts[li][oi].map { Money(amount: $0, currency: base).decimalText } ?? ""
                csv.row([ReportWriter.day(o.at), l.productKey, l.site, id, o.price?.decimalText ?? "", o.price?.currency ?? "",
                         converted, o.availability?.rawValue ?? ""])
            }
        }
        return csv.text
    }

    func salesCSV() -> String {
        var csv = CSVWriter(excelBOM: input.excelBOM)
        csv.row(["date", "product", "site", "listing_id", "units_per_day", "method", "flags"])
        for l in input.listings.sorted(by: { $0.listingID < $1.listingID }) {
            let readings = l.observations.compactMap { o in o.sales.map { SalesReading(day: o.at, sales: $0) } }
            let id = String(l.listingID)
            for e in SalesEstimator.estimate(readings) where e.day <= input.until {
                csv.row([ReportWriter.day(e.day), l.productKey, l.site, id, e.unitsPerDay.map { FixedText.format($0, digits: 2) } ?? "",
                         e.method.rawValue, e.flags.isEmpty ? "" : e.flags.map(\.rawValue).joined(separator: ";")])
            }
        }
        return csv.text
    }

    // MARK: - Charts

    func chartFiles(_ amounts: [[Decimal?]]? = nil) -> [(String, String)] {
        let amounts = amounts ?? baseAmounts().amounts
        let base = analysis.baseCurrency
        let all = input.listings
        let byProduct = Dictionary(grouping: all.indices, by: { all[$0].productKey })
        return productKeys().map { key in
            let indices = byProduct[key, default: []].sorted { (all[$0].site, all[$0].listingID) < (all[$1].site, all[$1].listingID) }
            let listings = indices.map { all[$0] }
            var series = indices.map { li -> SVGChart.Series in
                let l = all[li]
                var points: [SVGChart.Point] = []
                points.reserveCapacity(l.observations.count)
                for (oi, o) in l.observations.enumerated() where o.at <= input.until {
                    let buyable = o.availability?.isBuyable ?? true
                    let value = buyable ? amounts[li][oi].map { NSDecimalNumber(decimal: $0).doubleValue } : nil
                    points.append(SVGChart.Point(day: Calendar.utcStartOfDay(o.at), value: value))
                }
                return SVGChart.Series(label: l.site, points: points)
            }
            if let offer = input.merchant[key], let converted = input.fx.convert(offer.price, to: base, on: ReportWriter.day(input.until)) {
                let days = Set(series.flatMap { $0.points.map(\.day) }).sorted()
                let v = NSDecimalNumber(decimal: converted.money.amount).doubleValue
                series.append(SVGChart.Series(label: "you", points: days.map { SVGChart.Point(day: $0, value: v) }, emphasised: true))
            }
            let title = listings.first?.productName ?? key
            return ("\(ReportWriter.slug(key)).svg", SVGChart(title: title, unit: base, series: series).render())
        }
    }
}

extension Calendar {
    static let utc: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    /// `Calendar.utc.startOfDay(for:)` by arithmetic for 1900...9999 (UTC days are 86,400 s long
    /// and the reference date is a midnight), which charts need per point.
    static func utcStartOfDay(_ d: Date) -> Date {
        let t = d.timeIntervalSinceReferenceDate
        guard t >= -3_187_296_000, t < 252_423_993_600 else { return utc.startOfDay(for: d) }
        return Date(timeIntervalSinceReferenceDate: (t / 86_400).rounded(.down) * 86_400)
    }
}
