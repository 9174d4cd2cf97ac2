#if Postgres
import Foundation
import Model
import PostgresNIO
import Store

extension PostgresStore {
    static let observationColumns = """
        o.listing_id, o.run_id, o.observed_at, o.price_minor, o.currency, o.list_price_minor, o.shipping_minor, o.tax_included,
        o.availability, o.sales_count, o.sales_window, o.sales_lower_bound, o.rating::text, o.review_count, o.sources, o.missing
        """

    static func decimal(_ text: String?) -> Decimal? { text.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) } }

    static func observation(_ r: [PostgresCell], from i: Int = 0) throws -> ObservationRecord {
        let currency = try r.text(i + 4)
        func money(_ minor: Int64?) -> Money? {
            guard let minor, let currency else { return nil }
            return Money(minorUnits: minor, currency: currency)
        }
        let window = try r.text(i + 10)
        let sales = try r.int(i + 9).map { SalesCount(count: $0, window: window.flatMap(SalesWindow.init(rawValue:)) ?? .unknown, isLowerBound: (try? r.bool(i + 11)) ?? false) }
        return ObservationRecord(
            listingID: try r.int(i)!, runID: try r.int(i + 1), observedAt: try r.date(i + 2) ?? .distantPast,
            price: money(try r.int(i + 3)), listPrice: money(try r.int(i + 5)), shipping: money(try r.int(i + 6)),
            taxIncluded: try r.bool(i + 7), availability: try r.text(i + 8).flatMap(Availability.init(rawValue:)),
            sales: sales, rating: decimal(try r.text(i + 12)), reviewCount: try r.int(i + 13),
            sources: StoreCoding.decompact(try r.text(i + 14)), missing: StoreCoding.decompact(try r.text(i + 15)))
    }

    public func histories(since: Date?, until: Date, site: String?) throws -> [ListingObservations] {
        try read { pg in
            var listings: [Int64: ListingRecord] = [:]
            for r in try pg.rows("SELECT \(Self.listingColumns) FROM listings l JOIN sites s ON s.id = l.site_id WHERE ($1::text IS NULL OR s.key = $1)", [.text(site)]) {
                let l = try Self.listingRecord(r)
                listings[l.id!] = l
            }
            var byListing: [Int64: [ObservationRecord]] = [:]
            let from = since ?? Date(timeIntervalSince1970: -62_135_596_800)
            let to = until == .distantFuture ? Date(timeIntervalSince1970: 253_402_300_799) : until
            for r in try pg.rows("""
                SELECT \(Self.observationColumns) FROM observations o
                WHERE o.observed_at >= $1 AND o.observed_at <= $2 ORDER BY o.listing_id, o.observed_at, o.id
                """, [.date(from), .date(to)]) {
                let o = try Self.observation(r)
                byListing[o.listingID, default: []].append(o)
            }
            // Compacted days come back as one observation at the end of the day, with the day's last price.
            for r in try pg.rows("""
                SELECT listing_id, (day || ' 23:59:59+00')::timestamptz, currency, last_minor, last_availability FROM daily_rollup
                WHERE day >= $1 AND day <= $2
                """, [.text(UTCDay.string(from: from)), .text(UTCDay.string(from: to))]) {
                let id = try r.int(0)!
                let at = try r.date(1) ?? .distantPast
                let currency = try r.text(2), last = try r.int(3)
                var o = ObservationRecord(listingID: id, runID: nil, observedAt: at, availability: try r.text(4).flatMap(Availability.init(rawValue:)),
                                          sources: ["price": "daily-rollup"])
                if let last, let currency { o.price = Money(minorUnits: last, currency: currency) }
                byListing[id, default: []].append(o)
            }
            return listings.keys.sorted().map { id in
                ListingObservations(listing: listings[id]!, observations: (byListing[id] ?? []).sorted { $0.observedAt < $1.observedAt })
            }
        }
    }

    public func latestObservations(site: String?) throws -> [(listing: ListingRecord, observation: ObservationRecord)] {
        try read { pg in
            try pg.rows("""
                SELECT \(Self.listingColumns), \(Self.observationColumns)
                FROM listings l JOIN sites s ON s.id = l.site_id
                JOIN LATERAL (SELECT * FROM observations o2 WHERE o2.listing_id = l.id ORDER BY o2.observed_at DESC, o2.id DESC LIMIT 1) o ON true
                WHERE ($1::text IS NULL OR s.key = $1)
                ORDER BY o.observed_at DESC, l.id
                """, [.text(site)]).map { r in (try Self.listingRecord(r), try Self.observation(r, from: 9)) }
        }
    }

    public func reviews(listing: Int64?) throws -> [ReviewRecord] {
        try read { pg in
            try pg.rows("""
                SELECT listing_id, site_review_id, rating::text, posted_at, language, title, body, helpful_votes, verified, author_hash,
                       sentiment_score, sentiment_label, aspects
                FROM reviews WHERE ($1::bigint IS NULL OR listing_id = $1) ORDER BY posted_at DESC NULLS LAST, id DESC
                """, [.int(listing)]).map { r in
                ReviewRecord(listingID: try r.int(0)!, siteReviewID: try r.text(1), rating: Self.decimal(try r.text(2)), postedAt: try r.date(3),
                             language: try r.text(4), title: try r.text(5), body: try r.text(6) ?? "", helpfulVotes: try r.int(7), verified: try r.bool(8),
                             author: try r.text(9), sentimentScore: try r.double(10), sentimentLabel: try r.text(11), aspects: try r.text(12))
            }
        }
    }

    // MARK: - FX

    @discardableResult
    public func importFX(_ rates: [FXRates.Rate]) throws -> Int {
        try write { pg in
            for r in rates {
                try pg.exec("INSERT INTO fx_rates (day, base, quote, rate) VALUES ($1, $2, $3, $4::numeric) ON CONFLICT (day, base, quote) DO UPDATE SET rate = excluded.rate",
                            [.text(r.day), .text(r.base), .text(r.quote), .text("\(r.rate)")])
            }
            return rates.count
        }
    }

    public func fxRates() throws -> FXRates {
        try read { pg in
            var fx = FXRates()
            for r in try pg.rows("SELECT day, base, quote, rate::text FROM fx_rates ORDER BY day, base, quote") {
                if let rate = Self.decimal(try r.text(3)) { fx.add(day: try r.text(0)!, base: try r.text(1)!, quote: try r.text(2)!, rate: rate) }
            }
            return fx
        }
    }

    // MARK: - Catalog and price changes

    public func replaceCatalog(_ items: [CatalogRecord]) throws {
        try write { pg in
            try pg.exec("DELETE FROM catalog_matches")
            try pg.exec("DELETE FROM catalog")
            for i in items {
                try pg.exec("""
                    INSERT INTO catalog (sku, title, currency, cost_minor, price_minor, min_price_minor, max_price_minor, shipping_minor, fees_pct, strategy, tags, updated_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::numeric, $10, $11, now())
                    """, [.text(i.sku), .text(i.title), .text(i.price.currency), .int(i.cost.minorUnits), .int(i.price.minorUnits), .int(i.minPrice?.minorUnits),
                          .int(i.maxPrice?.minorUnits), .int(i.shipping?.minorUnits), .text(i.feesFraction.map { "\($0)" }), .text(i.strategy),
                          .text(i.tags.joined(separator: ","))])
                for m in i.matches {
                    try pg.exec("INSERT INTO catalog_matches (sku, site, external_id, url) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                                [.text(i.sku), .text(m.site), .text(m.externalID), .text(m.url)])
                }
            }
            _ = try Self.applyCatalogMatches(pg)
        }
    }

    public func catalog() throws -> [CatalogRecord] {
        try read { pg in
            var matches: [String: [(site: String?, externalID: String?, url: String?)]] = [:]
            for r in try pg.rows("SELECT sku, site, external_id, url FROM catalog_matches ORDER BY id") {
                matches[try r.text(0)!, default: []].append((try r.text(1), try r.text(2), try r.text(3)))
            }
            return try pg.rows("""
                SELECT sku, title, currency, cost_minor, price_minor, min_price_minor, max_price_minor, shipping_minor, fees_pct::text, strategy, tags
                FROM catalog ORDER BY sku
                """).map { r in
                let c = try r.text(2)!
                func money(_ v: Int64?) -> Money? { v.map { Money(minorUnits: $0, currency: c) } }
                let sku = try r.text(0)!
                return CatalogRecord(sku: sku, title: try r.text(1)!, cost: Money(minorUnits: try r.int(3)!, currency: c),
                                     price: Money(minorUnits: try r.int(4)!, currency: c), minPrice: money(try r.int(5)), maxPrice: money(try r.int(6)),
                                     shipping: money(try r.int(7)), feesFraction: Self.decimal(try r.text(8)), strategy: try r.text(9),
                                     tags: (try r.text(10) ?? "").split(separator: ",").map(String.init), matches: matches[sku] ?? [])
            }
        }
    }

    public func applyPriceChanges(_ changes: [PriceChangeRecord]) throws {
        try write { pg in
            for c in changes {
                try pg.exec("UPDATE catalog SET price_minor = $1, updated_at = $2 WHERE sku = $3", [.int(c.new.minorUnits), .date(c.at), .text(c.sku)])
                try pg.exec("INSERT INTO price_audit (reprice_run, sku, at, old_minor, new_minor, currency, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                            [.text(c.repriceRun), .text(c.sku), .date(c.at), .int(c.old.minorUnits), .int(c.new.minorUnits), .text(c.new.currency), .text(c.reason)])
            }
        }
    }

    @discardableResult
    public func undoPriceRun(_ run: String) throws -> [PriceRestore] {
        try write { pg in
            let rows = try pg.rows("SELECT sku, at, old_minor, new_minor, currency, reason FROM price_audit WHERE reprice_run = $1 AND NOT undone ORDER BY id DESC", [.text(run)])
            guard !rows.isEmpty else { throw StoreError.notFound("no applied price changes for reprice run \(run)") }
            func live(_ sku: String) throws -> Money? {
                try pg.rows("SELECT price_minor, currency FROM catalog WHERE sku = $1 FOR UPDATE", [.text(sku)]).first
                    .map { Money(minorUnits: try $0.int(0)!, currency: try $0.text(1)!) }
            }
            let later = try pg.rows("""
                SELECT l.reprice_run, l.sku, MIN(l.id) AS first FROM price_audit AS m
                JOIN price_audit AS l ON l.sku = m.sku AND l.id > m.id AND l.reprice_run <> m.reprice_run AND NOT l.undone
                WHERE m.reprice_run = $1 AND NOT m.undone
                GROUP BY l.reprice_run, l.sku ORDER BY first
                """, [.text(run)])
            if !later.isEmpty {
                var conflicts: [PriceUndoConflict.Later] = []
                for r in later {
                    let other = try r.text(0)!, sku = try r.text(1)!
                    if let i = conflicts.firstIndex(where: { $0.run == other }) { conflicts[i].skus.append((sku, try live(sku))) } else {
                        conflicts.append(.init(run: other, skus: [(sku, try live(sku))]))
                    }
                }
                throw PriceUndoConflict(run: run, later: conflicts)
            }
            var restored: [PriceRestore] = []
            for r in rows {
                let c = try r.text(4)!, sku = try r.text(0)!
                let before = try live(sku)
                if before != nil { try pg.exec("UPDATE catalog SET price_minor = $1, updated_at = now() WHERE sku = $2", [.int(try r.int(2)), .text(sku)]) }
                restored.append(PriceRestore(change: PriceChangeRecord(repriceRun: run, sku: sku, at: try r.date(1) ?? Date(), old: Money(minorUnits: try r.int(2)!, currency: c),
                                                                       new: Money(minorUnits: try r.int(3)!, currency: c), reason: try r.text(5) ?? "", undone: true),
                                             replaced: before))
            }
            try pg.exec("UPDATE price_audit SET undone = true WHERE reprice_run = $1", [.text(run)])
            return restored
        }
    }

    public func priceChanges(run: String?) throws -> [PriceChangeRecord] {
        try read { pg in
            try pg.rows("SELECT reprice_run, sku, at, old_minor, new_minor, currency, reason, undone FROM price_audit WHERE ($1::text IS NULL OR reprice_run = $1) ORDER BY id",
                        [.text(run)]).map { r in
                let c = try r.text(5)!
                return PriceChangeRecord(repriceRun: try r.text(0)!, sku: try r.text(1)!, at: try r.date(2) ?? Date(), old: Money(minorUnits: try r.int(3)!, currency: c),
                                         new: Money(minorUnits: try r.int(4)!, currency: c), reason: try r.text(6) ?? "", undone: try r.bool(7) ?? false)
            }
        }
    }

    // MARK: - Maintenance

    public func stats() throws -> StoreStats {
        try read { pg in
            var rows: [(table: String, rows: Int)] = []
            // Table names come from the fixed list, never from input.
            for t in PostgresSchema.tables { rows.append((t, Int(try pg.rows("SELECT COUNT(*) FROM \(t)")[0].int(0) ?? 0))) }
            let span = try pg.rows("""
                SELECT to_char(MIN(observed_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'), to_char(MAX(observed_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'),
                       pg_database_size(current_database())
                FROM observations
                """)[0]
            return StoreStats(rowsPerTable: rows, fileBytes: try span.int(2) ?? 0, firstObservation: try span.text(0), lastObservation: try span.text(1),
                              schema: try pg.rows("SELECT id FROM pricewatch_migrations ORDER BY applied_at, id").compactMap { try $0.text(0) })
        }
    }

    public func backup(to destination: String) throws {
        throw StoreError.unsupported("a PostgreSQL store is backed up by PostgreSQL's own tools, not to \(destination)")
    }

    /// PostgreSQL enforces keys itself; this checks what it cannot: leases and permits left by dead workers.
    public func integrityProblems() throws -> [String] {
        try read { pg in
            var problems: [String] = []
            let orphans = try pg.rows("SELECT COUNT(*) FROM frontier f JOIN runs r ON r.id = f.run_id WHERE f.state = 'leased' AND r.status <> 'running'")[0].int(0) ?? 0
            if orphans > 0 { problems.append("frontier: \(orphans) URL(s) leased in runs that are no longer running") }
            let held = try pg.rows("SELECT COUNT(*) FROM host_permits WHERE holder IS NOT NULL AND lease_until < now() - interval '1 hour'")[0].int(0) ?? 0
            if held > 0 { problems.append("host_permits: \(held) permit(s) held by leases expired over an hour ago") }
            return problems
        }
    }

    public func vacuum() throws {
        try read { pg in try pg.script("VACUUM (ANALYZE)") }
    }

    @discardableResult
    public func compact(olderThan cutoff: Date) throws -> Int {
        try write { pg in
            try pg.exec("""
                INSERT INTO daily_rollup (listing_id, day, currency, last_minor, min_minor, max_minor, last_availability, observations)
                SELECT listing_id, day, MAX(currency),
                       (array_agg(price_minor ORDER BY observed_at DESC, id DESC) FILTER (WHERE price_minor IS NOT NULL))[1],
                       MIN(price_minor), MAX(price_minor),
                       (array_agg(availability ORDER BY observed_at DESC, id DESC))[1],
                       COUNT(*)
                FROM (SELECT o.*, to_char(o.observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM observations o
                      WHERE o.observed_at < date_trunc('day', $1::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') g
                GROUP BY listing_id, day
                ON CONFLICT (listing_id, day) DO UPDATE SET
                    min_minor = LEAST(daily_rollup.min_minor, excluded.min_minor), max_minor = GREATEST(daily_rollup.max_minor, excluded.max_minor),
                    last_minor = excluded.last_minor, last_availability = excluded.last_availability,
                    observations = daily_rollup.observations + excluded.observations
                """, [.date(cutoff)])
            return try pg.exec("DELETE FROM observations WHERE observed_at < date_trunc('day', $1::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'", [.date(cutoff)])
        }
    }
}
#endif
