import Foundation
import Model
import Report
import Sentiment
import Store

/// The store side of `pricewatch reprice` (and the demo): gathers each SKU's competitor offers from
/// the database, runs the pure `Repricer`, applies or undoes a run, and renders the table, CSV and
/// markdown. The CLI is a thin shell over this, so the tests drive exactly what the command does.
public enum RepriceRun {
    public struct Options: Sendable {
        /// Only these SKUs (all when empty).
        public var skus: [String] = []
        public var strategy: StrategyKind?
        public var now: Date = Date()
        /// How far back reviews count for a negative-review spike.
        public var spikeWindow: TimeInterval = NegativeReviewSpike.window
        public init() {}
    }

    public struct Result: Sendable {
        public var suggestions: [Suggestion]
        /// Requested SKUs that are not in the catalog.
        public var unknownSKUs: [String]
    }

    /// Competitor offers per SKU: listings matched to the SKU (`ProductMatch`: the catalog's site+id
    /// or URL, or the listing's own `sku`) with their latest observation and the review-spike flag
    /// (`NegativeReviewSpike` over `spikeWindow` up to `now`), exactly as the report builds them.
    public static func offers(store: any PriceStoring, catalog: [CatalogRecord], now: Date, spikeWindow: TimeInterval = NegativeReviewSpike.window) throws -> [String: [CompetitorOffer]] {
        let products = ProductMatch(records: catalog)
        let latest = try store.latestObservations()
        let spikes = NegativeReviewSpike.listings(try ReviewReport.items(store: store, returns: false), until: now, window: spikeWindow)
        var out: [String: [CompetitorOffer]] = [:]
        for (l, o) in latest {
            guard let sku = products.sku(of: l) else { continue }
            out[sku, default: []].append(CompetitorOffer(site: l.site, url: l.url, title: l.title, price: o.price, shipping: o.shipping,
                                                         availability: o.availability, observedAt: o.observedAt, sellerRating: o.rating,
                                                         negativeReviewSpike: l.id.map { spikes.contains($0) } ?? false))
        }
        return out
    }

    /// Suggestions for the catalog (or the chosen SKUs), in SKU order. Reads only. `catalog`, when
    /// given, stands in for the database's catalog (a sheet checked before it is imported).
    public static func suggest(store: any PriceStoring, rules: RepriceRules, options: Options = Options(), catalog sheet: [CatalogRecord]? = nil) throws -> Result {
        var catalog = try sheet.map { $0.sorted { $0.sku < $1.sku } } ?? store.catalog()
        var unknown: [String] = []
        if !options.skus.isEmpty {
            let known = Set(catalog.map(\.sku))
            unknown = options.skus.filter { !known.contains($0) }
            let wanted = Set(options.skus)
            catalog = catalog.filter { wanted.contains($0.sku) }
        }
        let offers = try offers(store: store, catalog: catalog, now: options.now, spikeWindow: options.spikeWindow)
        let engine = Repricer(rules: rules, fx: try store.fxRates(), now: options.now, strategyOverride: options.strategy)
        return Result(suggestions: engine.suggestAll(catalog.map { ($0, offers[$0.sku] ?? []) }), unknownSKUs: unknown)
    }

    /// A new run id: UTC time to the second plus 4 random hex digits ("20261120-120000-3fa2").
    public static func newRunID(at: Date = Date()) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return f.string(from: at) + "-" + String(UUID().uuidString.prefix(4)).lowercased()
    }

    /// Records the changed suggestions as new catalog prices with an audit row each (one transaction).
    @discardableResult
    public static func apply(store: any PriceStoring, suggestions: [Suggestion], run: String, at: Date = Date()) throws -> [PriceChangeRecord] {
        let changes = suggestions.filter(\.changed).map {
            PriceChangeRecord(repriceRun: run, sku: $0.sku, at: at, old: $0.current, new: $0.suggested, reason: $0.reason)
        }
        if !changes.isEmpty { try store.applyPriceChanges(changes) }
        return changes
    }

    /// Restores the prices a run changed, with the live prices they replaced. Refused with
    /// `PriceUndoConflict` (nothing changed) while a later applied run changed any of the same SKUs.
    @discardableResult
    public static func undo(store: any PriceStoring, run: String) throws -> [PriceRestore] {
        try store.undoPriceRun(run)
    }

    /// One line per restored SKU: the live price it replaced -> the price restored.
    ///
    ///     PW-APP-125: 204.99 USD -> 195.50 USD (restored)
    public static func undoLines(_ restored: [PriceRestore]) -> [String] {
        restored.map { r in
            let c = r.change
            guard let live = r.replaced else { return "\(c.sku): no longer in the catalog; \(c.old.description) not restored" }
            return "\(c.sku): \(live.description) -> \(c.old.description) (restored"
                + (live == c.new ? ")" : "; run \(c.repriceRun) had set \(c.new.description), the price was changed since)")
        }
    }

    // MARK: - Output

    public static let csvHeader = ["sku", "title", "currency", "current", "suggested", "change_pct", "margin_pct", "floor", "ceiling",
                                   "strategy", "competitors_considered", "competitors_ignored", "driver_site", "driver_url", "reason"]

    /// The suggestions as a spreadsheet-safe CSV (competitor text is guarded against formula injection).
    public static func csv(_ suggestions: [Suggestion]) -> String {
        var csv = CSVWriter(excelBOM: false)
        csv.row(csvHeader)
        for s in suggestions {
            csv.row([s.sku, s.title, s.current.currency, Minor.text(s.current.minorUnits, s.current.currency),
                     Minor.text(s.suggested.minorUnits, s.suggested.currency), Minor.number(s.changePercent), Minor.number(s.marginPercent),
                     s.floor.map { Minor.text($0.minorUnits, $0.currency) } ?? "", s.ceiling.map { Minor.text($0.minorUnits, $0.currency) } ?? "",
                     s.strategy.rawValue, String(s.considered.count), String(s.ignored.count),
                     s.driver?.offer.site ?? "", s.driver?.offer.url ?? "", s.reason])
        }
        return csv.text
    }

    /// A markdown summary: counts, then one table row per SKU; every cell escaped.
    public static func markdown(_ suggestions: [Suggestion], run: String?, applied: Bool, now: Date) -> String {
        let up = suggestions.filter { $0.suggested.minorUnits > $0.current.minorUnits }.count
        let down = suggestions.filter { $0.suggested.minorUnits < $0.current.minorUnits }.count
        var md = "# Repricing suggestions\n\n"
        md += "As of \(UTCDay.text(now)) (UTC). \(suggestions.count) SKUs: \(down) lower, \(up) higher, \(suggestions.count - up - down) unchanged. "
        md += applied ? "Applied as run `\(MarkdownText.escape(run ?? ""))` (undo: `pricewatch reprice --undo \(MarkdownText.escape(run ?? ""))`).\n\n"
                      : "Dry run: nothing was changed (`pricewatch reprice --apply` records these prices).\n\n"
        md += "| SKU | Title | Current | Suggested | Change % | Margin % | Competitors | Reason |\n"
        md += "|---|---|---:|---:|---:|---:|---:|---|\n"
        for s in suggestions {
            let cells = [s.sku, s.title, Minor.label(s.current.minorUnits, s.current.currency), Minor.label(s.suggested.minorUnits, s.suggested.currency),
                         Minor.number(s.changePercent), Minor.number(s.marginPercent), "\(s.considered.count) of \(s.considered.count + s.ignored.count)", s.reason]
            md += "| " + cells.map { MarkdownText.escape($0, limit: 2_000) }.joined(separator: " | ") + " |\n"
        }
        return md
    }

    /// The terminal table: fixed columns, then the reason.
    public static func table(_ suggestions: [Suggestion]) -> String {
        func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
            let c = s.count
            if c >= n { return s }
            return right ? String(repeating: " ", count: n - c) + s : s + String(repeating: " ", count: n - c)
        }
        let skuWidth = max(3, suggestions.map(\.sku.count).max() ?? 3)
        var out = pad("sku", skuWidth) + "  " + pad("current", 14, right: true) + "  " + pad("suggested", 14, right: true) + "  "
            + pad("change%", 8, right: true) + "  " + pad("margin%", 8, right: true) + "  reason\n"
        for s in suggestions {
            // Terminal escapes in competitor text must not reach the terminal.
            let reason = String(s.reason.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
            out += pad(s.sku, skuWidth) + "  " + pad(Minor.label(s.current.minorUnits, s.current.currency), 14, right: true) + "  "
                + pad(Minor.label(s.suggested.minorUnits, s.suggested.currency), 14, right: true) + "  "
                + pad(Minor.number(s.changePercent), 8, right: true) + "  " + pad(Minor.number(s.marginPercent), 8, right: true) + "  " + reason + "\n"
        }
        return out
    }
}
