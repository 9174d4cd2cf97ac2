import Foundation
import GRDB
import Model

extension PriceStore {
    /// A listing with its observations in a time range, oldest first.
    public struct ListingObservations: Sendable {
        public var listing: ListingRecord
        public var observations: [ObservationRecord]

        public init(listing: ListingRecord, observations: [ObservationRecord]) {
            self.listing = listing
            self.observations = observations
        }
    }

    /// Every listing with its observations up to `until` (and daily rollups of compacted history).
    public func histories(since: Date? = nil, until: Date = .distantFuture, site: String? = nil) throws -> [ListingObservations] {
        try read { db in
            var listings: [Int64: ListingRecord] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT l.id, s.key, l.url, l.external_id, l.title, l.brand, l.seller, l.gtin, l.sku
                FROM listings l JOIN sites s ON s.id = l.site_id WHERE (? IS NULL OR s.key = ?)
                """, arguments: [site, site])
            for r in rows { let l = PriceStore.listingRecord(r); listings[l.id!] = l }
            var byListing: [Int64: [ObservationRecord]] = [:]
            let from = since.map(SQLDate.text) ?? "0000"
            let to = until == .distantFuture ? "9999" : SQLDate.text(until)
            // One pass in insertion (rowid) order, the table's own order: no index, no sort in SQLite.
            // Rows of other sites are skipped by the listing filter before they are decoded.
            try ColumnReader.forEachRow(db, sql: """
                SELECT listing_id, run_id, observed_at, price_minor, currency, list_price_minor, shipping_minor, tax_included,
                       availability, sales_count, sales_window, sales_lower_bound, rating, review_count, sources, missing
                FROM observations WHERE observed_at >= ? AND observed_at <= ?
                  AND (? IS NULL OR listing_id IN (SELECT l.id FROM listings l JOIN sites s ON s.id = l.site_id WHERE s.key = ?))
                ORDER BY id
                """, arguments: [from, to, site, site]) { c in
                let o = PriceStore.observation(c)
                byListing[o.listingID, default: []].append(o)
            }
            // Compacted days come back as one observation at the end of the day, with the day's last price.
            let rollups = try Row.fetchCursor(db, sql: """
                SELECT listing_id, day, currency, last_minor, last_availability FROM daily_rollup WHERE day >= substr(?, 1, 10) AND day <= substr(?, 1, 10)
                """, arguments: [from, to])
            while let r = try rollups.next() {
                let id: Int64 = r[0]
                let day: String = r[1]
                let currency: String? = r[2]
                let last: Int64? = r[3]
                let at = SQLDate.date(day + " 23:59:59.000") ?? Date.distantPast
                byListing[id, default: []].append(ObservationRecord(listingID: id, runID: nil, observedAt: at,
                    price: zip2(last, currency).map { Money(minorUnits: $0, currency: $1) },
                    availability: (r[4] as String?).flatMap(Availability.init(rawValue:)), sources: ["price": "daily-rollup"]))
            }
            return listings.keys.sorted().map { id in
                ListingObservations(listing: listings[id]!, observations: PriceStore.inTimeOrder(byListing[id] ?? []))
            }
        }
    }

    /// Sorts by time, keeping insertion order between equal times (observations arrive in id order,
    /// daily rollups after them). Usually already sorted: observations are written as they are made.
    static func inTimeOrder(_ observations: [ObservationRecord]) -> [ObservationRecord] {
        if zip(observations, observations.dropFirst()).allSatisfy({ $0.observedAt <= $1.observedAt }) { return observations }
        return observations.enumerated().sorted { a, b in
            a.element.observedAt != b.element.observedAt ? a.element.observedAt < b.element.observedAt : a.offset < b.offset
        }.map(\.element)
    }

    /// Decimal texts as stored ('.' separator).
    static let posix = Locale(identifier: "en_US_POSIX")

    /// Reads the 16 observation columns starting at column `i`.
    static func observation(_ c: ColumnReader, from i: Int32 = 0) -> ObservationRecord {
        let currency = c.text(i + 4)
        func money(_ minor: Int64?) -> Money? { zip2(minor, currency).map { Money(minorUnits: $0, currency: $1) } }
        let window = c.text(i + 10)
        return ObservationRecord(
            listingID: c.int64(i)!, runID: c.int64(i + 1), observedAt: c.text(i + 2).flatMap(SQLDate.date) ?? Date.distantPast,
            price: money(c.int64(i + 3)), listPrice: money(c.int64(i + 5)), shipping: money(c.int64(i + 6)),
            taxIncluded: c.bool(i + 7), availability: c.text(i + 8).flatMap(Availability.init(rawValue:)),
            sales: c.int64(i + 9).map { SalesCount(count: $0, window: window.flatMap(SalesWindow.init(rawValue:)) ?? .unknown, isLowerBound: c.bool(i + 11) ?? false) },
            rating: c.text(i + 12).flatMap { Decimal(string: $0, locale: posix) },
            reviewCount: c.int64(i + 13), sources: decompact(c.text(i + 14)), missing: decompact(c.text(i + 15)))
    }

    /// The latest observation of every listing (the `latest_observation` view), newest first.
    public func latestObservations(site: String? = nil) throws -> [(listing: ListingRecord, observation: ObservationRecord)] {
        try read { db in
            var out: [(listing: ListingRecord, observation: ObservationRecord)] = []
            try ColumnReader.forEachRow(db, sql: """
                SELECT l.id, s.key, l.url, l.external_id, l.title, l.brand, l.seller, l.gtin, l.sku,
                       o.listing_id, o.run_id, o.observed_at, o.price_minor, o.currency, o.list_price_minor, o.shipping_minor, o.tax_included,
                       o.availability, o.sales_count, o.sales_window, o.sales_lower_bound, o.rating, o.review_count, o.sources, o.missing
                FROM listing_latest x JOIN observations o ON o.id = x.observation_id
                JOIN listings l ON l.id = x.listing_id JOIN sites s ON s.id = l.site_id
                WHERE (? IS NULL OR s.key = ?)
                ORDER BY o.observed_at DESC, l.id
                """, arguments: [site, site]) { c in
                let listing = ListingRecord(id: c.int64(0), site: c.text(1)!, url: c.text(2)!, externalID: c.text(3), title: c.text(4),
                                            brand: c.text(5), seller: c.text(6), gtin: c.text(7), sku: c.text(8))
                out.append((listing, PriceStore.observation(c, from: 9)))
            }
            return out
        }
    }

    /// Reviews of a listing (or all), newest first.
    public func reviews(listing: Int64? = nil) throws -> [ReviewRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT listing_id, site_review_id, rating, posted_at, language, title, body, helpful_votes, verified, author_hash,
                       sentiment_score, sentiment_label, aspects
                FROM reviews WHERE (? IS NULL OR listing_id = ?) ORDER BY posted_at DESC, id DESC
                """, arguments: [listing, listing]).map { r in
                ReviewRecord(listingID: r[0], siteReviewID: r[1], rating: (r[2] as String?).flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) },
                             postedAt: (r[3] as String?).flatMap(SQLDate.date), language: r[4], title: r[5], body: r[6], helpfulVotes: r[7],
                             verified: r[8], author: r[9], sentimentScore: r[10], sentimentLabel: r[11], aspects: r[12])
            }
        }
    }

    // MARK: - FX

    /// Stores rates (replacing a day's earlier value); returns how many rows were written.
    @discardableResult
    public func importFX(_ rates: [FXRates.Rate]) throws -> Int {
        try write { db in
            let s = try db.cachedStatement(sql: "INSERT INTO fx_rates (day, base, quote, rate) VALUES (?, ?, ?, ?) ON CONFLICT (day, base, quote) DO UPDATE SET rate = excluded.rate")
            for r in rates { try s.execute(arguments: [r.day, r.base, r.quote, "\(r.rate)"]) }
            return rates.count
        }
    }

    public func fxRates() throws -> FXRates {
        try read { db in
            var fx = FXRates()
            for r in try Row.fetchAll(db, sql: "SELECT day, base, quote, rate FROM fx_rates") {
                if let rate = Decimal(string: r[3], locale: Locale(identifier: "en_US_POSIX")) { fx.add(day: r[0], base: r[1], quote: r[2], rate: rate) }
            }
            return fx
        }
    }
}

func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
