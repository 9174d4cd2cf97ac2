import Foundation
import Matching
import Model
import Store

/// `pricewatch catalog match`: which stored competitor listing is which of the merchant's SKUs. The
/// catalog is matched against the latest observation of every listing not matched yet, one site at
/// a time, each SKU to at most one listing per site and each listing to at most one SKU (best
/// first). Pairs the merchant rejected are never proposed, and a SKU already matched on a site is
/// not offered another listing there.
///
///     var o = CatalogMatchRun.Options()
///     o.acceptAbove = 0.98                      // recorded in the catalog's matches at once
///     let run = try CatalogMatchRun.suggest(store: store, options: o)
///     try MatchSheet.write(run.suggestions).write(toFile: "matches.csv", atomically: true, encoding: .utf8)
public enum CatalogMatchRun {
    public struct Options: Sendable {
        /// Pairs below this are not suggested (the engine's default, chosen on Abt-Buy).
        public var minConfidence = MatchSettings().minConfidence
        /// Pairs at least this confident are accepted without review.
        public var acceptAbove: Double?
        /// Only this site's listings.
        public var site: String?
        public init() {}
    }

    /// One suggested pair, with what the merchant needs to judge it.
    public struct Suggestion: Sendable, Equatable {
        public var sku: String
        public var catalogTitle: String
        public var catalogPrice: Money
        public var site: String
        /// The listing's id on its site (`matches` writes `site:ID`), when the site has one.
        public var externalID: String?
        public var url: String
        public var listingTitle: String
        public var listingPrice: Money?
        public var confidence: Double
        public var reason: String
        /// Accepted automatically (`acceptAbove`): already in the catalog's matches.
        public var accepted = false

        public func decision(accepted: Bool) -> MatchDecision {
            MatchDecision(sku: sku, site: site, externalID: externalID, url: url, accepted: accepted, confidence: confidence, reason: reason)
        }
    }

    public struct Result: Sendable {
        /// By SKU, then site.
        public var suggestions: [Suggestion]
        public var accepted = 0
        /// Proposals left out because the merchant had rejected them.
        public var rejectedSkipped = 0
        /// Unmatched listings that were compared with the catalog.
        public var listingsCompared = 0
    }

    /// Suggests pairs from the store and records those at least `acceptAbove` confident as matches.
    public static func suggest(store: any PriceStoring, options: Options, now: Date = Date()) throws -> Result {
        var settings = MatchSettings()
        settings.minConfidence = options.minConfidence
        settings.fx = try store.fxRates()
        let latest = try store.latestObservations(site: options.site).map { (listing: $0.listing, observation: Optional($0.observation)) }
        var result = propose(catalog: try store.catalog(), listings: latest, rejected: try store.rejectedMatches(), settings: settings)
        if let bar = options.acceptAbove {
            let sure = result.suggestions.indices.filter { result.suggestions[$0].confidence >= bar }
            try store.recordMatchDecisions(sure.map { result.suggestions[$0].decision(accepted: true) }, at: now)
            for i in sure { result.suggestions[i].accepted = true }
            result.accepted = sure.count
        }
        return result
    }

    /// A SKU as the engine sees it: the catalog has a title and a price (no brand or GTIN column).
    static func record(_ item: CatalogRecord) -> ProductRecord { ProductRecord(id: item.sku, title: item.title, price: item.price) }

    /// A listing as the engine sees it: what the crawl stored, with the latest price.
    static func record(_ l: ListingRecord, _ o: ObservationRecord?) -> ProductRecord {
        ProductRecord(id: String(l.id ?? 0), title: l.title ?? "", brand: l.brand, price: o?.price, gtin: l.gtin)
    }

    /// The pure part: catalog and listings in, suggestions out (nothing is written).
    public static func propose(catalog: [CatalogRecord], listings: [(listing: ListingRecord, observation: ObservationRecord?)],
                               rejected: [MatchDecision], settings: MatchSettings) -> Result {
        // Where each SKU is matched already: its catalog entries (by site, or by a URL's listing) and
        // the listings that carry it.
        let siteOfURL = Dictionary(listings.map { ($0.listing.url, $0.listing.site) }, uniquingKeysWith: { a, _ in a })
        var matchedOn: [String: Set<String>] = [:]
        for item in catalog {
            for m in item.matches { if let site = m.site ?? m.url.flatMap({ siteOfURL[$0] }) { matchedOn[item.sku, default: []].insert(site) } }
        }
        for l in listings { if let sku = l.listing.sku { matchedOn[sku, default: []].insert(l.listing.site) } }
        var no = Set<String>()
        for r in rejected {
            if let e = r.externalID { no.insert("\(r.sku)\u{1F}\(r.site)\u{1F}id\u{1F}\(e)") }
            if let u = r.url { no.insert("\(r.sku)\u{1F}\(r.site)\u{1F}url\u{1F}\(u)") }
        }
        func isRejected(_ sku: String, _ l: ListingRecord) -> Bool {
            (l.externalID.map { no.contains("\(sku)\u{1F}\(l.site)\u{1F}id\u{1F}\($0)") } ?? false) || no.contains("\(sku)\u{1F}\(l.site)\u{1F}url\u{1F}\(l.url)")
        }

        var result = Result(suggestions: [])
        let open = listings.filter { $0.listing.sku == nil && $0.listing.id != nil && !($0.listing.title ?? "").isEmpty }
        let bySite = Dictionary(grouping: open, by: \.listing.site)
        let catalogBySKU = Dictionary(catalog.map { ($0.sku, $0) }, uniquingKeysWith: { a, _ in a })
        for site in bySite.keys.sorted() {
            let right = bySite[site]!
            let left = catalog.filter { !(matchedOn[$0.sku]?.contains(site) ?? false) }
            guard !left.isEmpty else { continue }
            result.listingsCompared += right.count
            var s = settings
            s.oneToOne = false
            // Prices are compared in the catalog's currency on the day the listings were seen.
            if let newest = right.compactMap({ $0.observation?.observedAt }).max() { s.fxDay = UTCDay.text(newest) }
            let byID = Dictionary(right.map { (String($0.listing.id!), $0) }, uniquingKeysWith: { a, _ in a })
            let records = right.map { record($0.listing, $0.observation) }
            let mine = left.map(record)
            // One to one, best first, over the pairs the merchant has not rejected: a rejected pair
            // leaves both sides free for their next best.
            var usedSKU = Set<String>(), usedListing = Set<String>()
            for m in ProductMatcher(settings: s).match(left: mine, right: records) {
                guard !usedSKU.contains(m.leftID), !usedListing.contains(m.rightID), let l = byID[m.rightID], let item = catalogBySKU[m.leftID] else { continue }
                if isRejected(m.leftID, l.listing) { result.rejectedSkipped += 1; continue }
                usedSKU.insert(m.leftID)
                usedListing.insert(m.rightID)
                result.suggestions.append(Suggestion(sku: item.sku, catalogTitle: item.title, catalogPrice: item.price, site: site,
                                                     externalID: l.listing.externalID, url: l.listing.url, listingTitle: l.listing.title ?? "",
                                                     listingPrice: l.observation?.price, confidence: m.confidence, reason: m.reason))
            }
        }
        result.suggestions.sort { ($0.sku, $0.site) < ($1.sku, $1.site) }
        return result
    }
}
