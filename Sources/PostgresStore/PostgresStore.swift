#if Postgres
import Foundation
import Model
import PostgresNIO
import Store

/// The PostgreSQL store: the same interface, schema concepts and analyst views as the SQLite
/// store, for several crawl hosts writing into one database and analysts reading it live.
/// Values always travel as bind parameters; money is BIGINT minor units, ratings NUMERIC.
public final class PostgresStore: PriceStoring, SharedFrontier, @unchecked Sendable {
    public let location: String
    let pool: PostgresConnectionPool

    /// Connects, and creates or upgrades the schema (under an advisory lock, so workers starting
    /// together migrate once); refuses a database written by a newer pricewatch.
    public init(url: String, connections: Int = 4) throws {
        location = StoreLocation.redacted(url)
        pool = try PostgresConnectionPool(url: url, capacity: connections)
        try migrate()
    }

    static let migrationLock: Int64 = 0x7072_6963_6577_6174  // "pricewat"

    func migrate() throws {
        try pool.with { c in
            let pg = PG(connection: c, logger: pool.logger)
            try pg.exec("SELECT pg_advisory_lock($1)", [.int(Self.migrationLock)])
            defer { _ = try? pg.exec("SELECT pg_advisory_unlock($1)", [.int(Self.migrationLock)]) }
            try pg.script("CREATE TABLE IF NOT EXISTS pricewatch_migrations (id TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
            let applied = Set(try pg.rows("SELECT id FROM pricewatch_migrations").compactMap { try $0.text(0) })
            let known = Set(PostgresSchema.migrations.map(\.id))
            let unknown = applied.subtracting(known)
            if !unknown.isEmpty { throw StoreError.newerDatabase(path: location, unknown: unknown.sorted()) }
            for m in PostgresSchema.migrations where !applied.contains(m.id) {
                // A step and its record commit together, or not at all.
                try pg.exec("BEGIN")
                do {
                    try pg.script(m.sql)
                    try pg.exec("INSERT INTO pricewatch_migrations (id) VALUES ($1)", [.text(m.id)])
                    try pg.exec("COMMIT")
                } catch {
                    _ = try? pg.exec("ROLLBACK")
                    throw error
                }
            }
        }
    }

    func write<T>(_ body: (PG) throws -> T) throws -> T { try pool.transaction(body) }
    func read<T>(_ body: (PG) throws -> T) throws -> T { try pool.read(body) }

    public func appliedMigrations() throws -> [String] {
        try read { pg in try pg.rows("SELECT id FROM pricewatch_migrations ORDER BY applied_at, id").compactMap { try $0.text(0) } }
    }

    // MARK: - Sites and listings

    public func siteID(_ key: String, name: String?) throws -> Int64 {
        try write { pg in try Self.siteID(pg, key, name: name) }
    }

    static func siteID(_ pg: PG, _ key: String, name: String?) throws -> Int64 {
        if let id = try pg.rows("SELECT id FROM sites WHERE key = $1", [.text(key)]).first?.int(0) { return id }
        _ = try pg.exec("INSERT INTO sites (key, name) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING", [.text(key), .text(name)])
        return try pg.rows("SELECT id FROM sites WHERE key = $1", [.text(key)])[0].int(0)!
    }

    @discardableResult
    public func upsertListing(_ l: ListingRecord, seenAt: Date) throws -> Int64 {
        try write { pg in try Self.upsertListing(pg, l, seenAt: seenAt) }
    }

    /// One statement in the usual case (the site exists): the catalog's SKU match is looked up inside it.
    static func upsertListing(_ pg: PG, _ l: ListingRecord, seenAt: Date) throws -> Int64 {
        let sql = """
            INSERT INTO listings (site_id, url, external_id, title, brand, seller, gtin, sku, first_seen, last_seen)
            SELECT s.id, $2, $3, $4, $5, $6, $7,
                   COALESCE($8, (SELECT m.sku FROM catalog_matches m WHERE (m.site = $1 AND m.external_id = $3) OR m.url = $2 ORDER BY m.id LIMIT 1)), $9, $9
            FROM sites s WHERE s.key = $1
            ON CONFLICT (site_id, url) DO UPDATE SET
                external_id = COALESCE(excluded.external_id, listings.external_id), title = COALESCE(excluded.title, listings.title),
                brand = COALESCE(excluded.brand, listings.brand), seller = COALESCE(excluded.seller, listings.seller),
                gtin = COALESCE(excluded.gtin, listings.gtin), sku = COALESCE(excluded.sku, listings.sku), last_seen = excluded.last_seen
            RETURNING id
            """
        let binds: [PGValue] = [.text(l.site), .text(l.url), .text(l.externalID), .text(l.title), .text(l.brand), .text(l.seller), .text(l.gtin),
                                .text(l.sku), .date(seenAt)]
        if let id = try pg.rows(sql, binds).first?.int(0) { return id }
        _ = try siteID(pg, l.site, name: nil)
        return try pg.rows(sql, binds)[0].int(0)!
    }

    static let listingColumns = "l.id, s.key, l.url, l.external_id, l.title, l.brand, l.seller, l.gtin, l.sku"

    static func listingRecord(_ r: [PostgresCell], from i: Int = 0) throws -> ListingRecord {
        ListingRecord(id: try r.int(i), site: try r.text(i + 1) ?? "", url: try r.text(i + 2) ?? "", externalID: try r.text(i + 3),
                      title: try r.text(i + 4), brand: try r.text(i + 5), seller: try r.text(i + 6), gtin: try r.text(i + 7), sku: try r.text(i + 8))
    }

    public func listing(id: Int64) throws -> ListingRecord? {
        try read { pg in
            try pg.rows("SELECT \(Self.listingColumns) FROM listings l JOIN sites s ON s.id = l.site_id WHERE l.id = $1", [.int(id)])
                .first.map { try Self.listingRecord($0) }
        }
    }

    public func listings() throws -> [ListingRecord] {
        try read { pg in
            try pg.rows("SELECT \(Self.listingColumns) FROM listings l JOIN sites s ON s.id = l.site_id ORDER BY l.id").map { try Self.listingRecord($0) }
        }
    }

    public func listingID(site: String, url: String) throws -> Int64? {
        try read { pg in
            try pg.rows("SELECT l.id FROM listings l JOIN sites s ON s.id = l.site_id WHERE s.key = $1 AND l.url = $2", [.text(site), .text(url)]).first?.int(0)
        }
    }

    @discardableResult
    public func applyCatalogMatches() throws -> Int {
        try write { pg in try Self.applyCatalogMatches(pg) }
    }

    static func applyCatalogMatches(_ pg: PG) throws -> Int {
        try pg.exec("""
            UPDATE listings SET sku = COALESCE(
                (SELECT m.sku FROM catalog_matches m JOIN sites s ON s.key = m.site
                 WHERE s.id = listings.site_id AND m.external_id = listings.external_id ORDER BY m.id LIMIT 1),
                (SELECT m.sku FROM catalog_matches m WHERE m.url = listings.url ORDER BY m.id LIMIT 1))
            WHERE EXISTS (SELECT 1 FROM catalog_matches m JOIN sites s ON s.key = m.site WHERE s.id = listings.site_id AND m.external_id = listings.external_id)
               OR EXISTS (SELECT 1 FROM catalog_matches m WHERE m.url = listings.url)
            """)
    }

    // MARK: - Runs

    public func beginRun(job: String, at: Date) throws -> Int64 {
        try write { pg in
            try pg.exec("UPDATE runs SET status = 'incomplete' WHERE job = $1 AND status = 'running'", [.text(job)])
            return try pg.rows("INSERT INTO runs (job, started_at, status, pid, host) VALUES ($1, $2, 'running', $3, $4) RETURNING id",
                               [.text(job), .date(at), .int(Int64(getpid())), .text(ProcessInfo.processInfo.hostName)])[0].int(0)!
        }
    }

    public func resumeRun(_ id: Int64) throws {
        try write { pg in
            try pg.exec("UPDATE runs SET status = 'running', finished_at = NULL, pid = $1 WHERE id = $2", [.int(Int64(getpid())), .int(id)])
        }
    }

    public func finishRun(_ id: Int64, status: RunStatus, statsJSON: String?, alarmsJSON: String?, at: Date) throws {
        try write { pg in
            try pg.exec("UPDATE runs SET status = $1, finished_at = $2, stats_json = $3, alarms_json = $4 WHERE id = $5",
                        [.text(status.rawValue), .date(at), .text(statsJSON), .text(alarmsJSON), .int(id)])
        }
    }

    @discardableResult
    public func markAbandoned(job: String) throws -> [Int64] {
        try write { pg in
            try pg.rows("UPDATE runs SET status = 'incomplete' WHERE job = $1 AND status = 'running' RETURNING id", [.text(job)]).compactMap { try $0.int(0) }.sorted()
        }
    }

    static let runColumns = "id, job, started_at, finished_at, status, stats_json, alarms_json"

    static func runRecord(_ r: [PostgresCell]) throws -> RunRecord {
        RunRecord(id: try r.int(0)!, job: try r.text(1) ?? "", startedAt: try r.date(2) ?? .distantPast, finishedAt: try r.date(3),
                  status: RunStatus(rawValue: try r.text(4) ?? "") ?? .failed, statsJSON: try r.text(5), alarmsJSON: try r.text(6))
    }

    public func runs(job: String?, limit: Int) throws -> [RunRecord] {
        try read { pg in
            try pg.rows("SELECT \(Self.runColumns) FROM runs WHERE ($1::text IS NULL OR job = $1) ORDER BY id DESC LIMIT $2",
                        [.text(job), .int(Int64(limit))]).map(Self.runRecord)
        }
    }

    // MARK: - Writing a crawl

    public func write(_ batch: CrawlBatch, run: Int64?) throws {
        guard !batch.isEmpty else { return }
        try write { pg in
            try Self.write(pg, batch, run: run)
            if let run {
                for f in batch.finished {
                    try pg.exec("UPDATE frontier SET state = $1, lease_owner = NULL, lease_until = NULL WHERE run_id = $2 AND url = $3",
                                [.text(f.state), .int(run), .text(f.url)])
                }
            }
        }
    }

    /// Listings, observations, reviews, fetch log and discovered URLs of a batch (its `finished`
    /// states are the caller's: plain runs set them directly, workers only under their lease).
    static func write(_ pg: PG, _ batch: CrawlBatch, run: Int64?, worker: String? = nil) throws {
        var observations = batch.observations
        var reviews = batch.reviews
        for update in batch.listings {
            let id = try upsertListing(pg, update.listing, seenAt: update.observation?.observedAt ?? Date())
            if var o = update.observation { o.listingID = id; observations.append(o) }
            reviews += update.reviews.map { var r = $0; r.listingID = id; return r }
        }
        try insertObservations(pg, observations, run: run)
        if !reviews.isEmpty { _ = try insertReviews(pg, reviews) }
        if !batch.fetches.isEmpty {
            let f = batch.fetches
            try pg.exec("""
                INSERT INTO fetch_log (run_id, url, status, bytes, ms, tries, outcome, fetched_at, worker)
                SELECT $1, unnest($2::text[]), unnest($3::bigint[]), unnest($4::bigint[]), unnest($5::bigint[]), unnest($6::bigint[]), unnest($7::text[]),
                       to_timestamp(unnest($8::bigint[]) / 1000.0), $9
                """, [.int(run), .texts(f.map(\.url)), .ints(f.map { Int64($0.status) }), .ints(f.map { Int64($0.bytes) }), .ints(f.map { Int64($0.milliseconds) }),
                      .ints(f.map { Int64($0.tries) }), .texts(f.map(\.outcome)), .ints(f.map { Int64(($0.fetchedAt.timeIntervalSince1970 * 1000).rounded()) }),
                      .text(worker)])
        }
        if let run, !batch.discovered.isEmpty { _ = try enqueue(pg, run: run, batch.discovered) }
    }

    /// Observations in multi-row INSERTs (one round trip per 500 rows).
    static func insertObservations(_ pg: PG, _ observations: [ObservationRecord], run: Int64?) throws {
        let columns = 16
        var start = 0
        while start < observations.count {
            let chunk = observations[start..<min(start + 500, observations.count)]
            start += chunk.count
            var binds: [PGValue] = []
            binds.reserveCapacity(chunk.count * columns)
            var tuples: [String] = []
            for (n, o) in chunk.enumerated() {
                let b = n * columns
                tuples.append("(" + (1...columns).map { $0 == 13 ? "$\(b + $0)::numeric" : "$\(b + $0)" }.joined(separator: ", ") + ")")
                let currency = o.price?.currency ?? o.listPrice?.currency ?? o.shipping?.currency
                binds += [.int(o.listingID), .int(o.runID ?? run), .date(o.observedAt), .int(o.price?.minorUnits), .text(currency),
                          .int(o.listPrice?.minorUnits), .int(o.shipping?.minorUnits), .bool(o.taxIncluded), .text(o.availability?.rawValue),
                          .int(o.sales?.count), .text(o.sales?.window.rawValue), .bool(o.sales?.isLowerBound), .text(o.rating.map { "\($0)" }),
                          .int(o.reviewCount), .text(StoreCoding.compact(o.sources)), .text(StoreCoding.compact(o.missing))]
            }
            try pg.exec("""
                INSERT INTO observations (listing_id, run_id, observed_at, price_minor, currency, list_price_minor, shipping_minor,
                    tax_included, availability, sales_count, sales_window, sales_lower_bound, rating, review_count, sources, missing)
                VALUES \(tuples.joined(separator: ", "))
                """, binds)
        }
    }

    @discardableResult
    public func insertReviews(_ reviews: [ReviewRecord]) throws -> Int {
        try write { pg in try Self.insertReviews(pg, reviews) }
    }

    static func insertReviews(_ pg: PG, _ reviews: [ReviewRecord]) throws -> Int {
        var inserted = 0
        for r in reviews {
            let key = StoreCoding.dedupKey(r)
            let n = try pg.exec("""
                INSERT INTO reviews (listing_id, dedup_key, site_review_id, rating, posted_at, language, title, body, helpful_votes,
                    verified, author_hash, first_seen, sentiment_score, sentiment_label, aspects)
                VALUES ($1, $2, $3, $4::numeric, $5, $6, $7, $8, $9, $10, $11, now(), $12, $13, $14)
                ON CONFLICT (listing_id, dedup_key) DO NOTHING
                """, [.int(r.listingID), .text(key), .text(r.siteReviewID), .text(r.rating.map { "\($0)" }), .date(r.postedAt), .text(r.language),
                      .text(r.title), .text(r.body), .int(r.helpfulVotes), .bool(r.verified), .text(r.author.map(StoreCoding.authorHash)),
                      .double(r.sentimentScore), .text(r.sentimentLabel), .text(r.aspects)])
            if n > 0 {
                inserted += 1
            } else if let votes = r.helpfulVotes {
                // Seen before: only the helpful-vote count moves.
                try pg.exec("UPDATE reviews SET helpful_votes = $1 WHERE listing_id = $2 AND dedup_key = $3", [.int(votes), .int(r.listingID), .text(key)])
            }
        }
        return inserted
    }

    // MARK: - Frontier

    @discardableResult
    public func enqueue(run: Int64, _ items: [FrontierItem]) throws -> Int {
        try write { pg in try Self.enqueue(pg, run: run, items, adjustPermits: true) }
    }

    /// The host a URL's politeness is counted by (host and port).
    static func host(of url: String) -> String {
        guard let c = URLComponents(string: url), let h = c.host else { return "" }
        return c.port.map { "\(h.lowercased()):\($0)" } ?? h.lowercased()
    }

    static func enqueue(_ pg: PG, run: Int64, _ items: [FrontierItem], adjustPermits: Bool = false) throws -> Int {
        guard !items.isEmpty else { return 0 }
        let policy = try pg.rows("SELECT host_concurrency, host_delay_ms FROM runs WHERE id = $1", [.int(run)]).first
        let concurrency = max(1, try policy?.int(0) ?? 4), delay = try policy?.int(1) ?? 0
        // In URL order: two workers adding overlapping links lock the same rows in the same order.
        let sorted = items.sorted { $0.url < $1.url }
        let hosts = Set(sorted.map { Self.host(of: $0.url) })
        let added = try pg.exec("""
            INSERT INTO frontier (run_id, url, site, kind, depth, parent, host)
            SELECT $1, u, s, k, d, NULLIF(p, ''), h
            FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[]) AS v(u, s, k, d, p, h)
            ON CONFLICT (run_id, url) DO NOTHING
            """, [.int(run), .texts(sorted.map(\.url)), .texts(sorted.map(\.site)), .texts(sorted.map(\.kind)), .ints(sorted.map { Int64($0.depth) }),
                  .texts(sorted.map { $0.parent ?? "" }), .texts(sorted.map { Self.host(of: $0.url) })])
        for host in hosts.sorted() {
            if adjustPermits {
                // Starting a run: one permit per allowed concurrent request, the newest run's policy for the host wins.
                try pg.exec("""
                    INSERT INTO host_permits (host, slot, delay_ms) SELECT $1, g, $3 FROM generate_series(0, $2 - 1) g
                    ON CONFLICT (host, slot) DO UPDATE SET delay_ms = excluded.delay_ms
                    """, [.text(host), .int(concurrency), .int(delay)])
                try pg.exec("DELETE FROM host_permits WHERE host = $1 AND slot >= $2 AND holder IS NULL", [.text(host), .int(concurrency)])
            } else {
                // Links found while crawling: permits only for a host seen for the first time, and
                // without touching (locking) the permits other workers hold.
                try pg.exec("""
                    INSERT INTO host_permits (host, slot, delay_ms) SELECT $1, g, $3 FROM generate_series(0, $2 - 1) g
                    WHERE NOT EXISTS (SELECT 1 FROM host_permits WHERE host = $1)
                    ON CONFLICT (host, slot) DO NOTHING
                    """, [.text(host), .int(concurrency), .int(delay)])
            }
        }
        return added
    }

    public func pendingFrontier(run: Int64) throws -> [FrontierItem] {
        try read { pg in
            try pg.rows("SELECT url, site, kind, depth, parent FROM frontier WHERE run_id = $1 AND state IN ('pending', 'leased') ORDER BY seq", [.int(run)])
                .map { r in FrontierItem(url: try r.text(0)!, site: try r.text(1)!, kind: try r.text(2)!, depth: Int(try r.int(3) ?? 0), parent: try r.text(4)) }
        }
    }

    public func frontierURLs(run: Int64) throws -> Set<String> {
        try read { pg in Set(try pg.rows("SELECT url FROM frontier WHERE run_id = $1", [.int(run)]).compactMap { try $0.text(0) }) }
    }

    @discardableResult
    public func markReviewsSynced(run: Int64, at: Date) throws -> Int {
        try write { pg in try Self.markReviewsSynced(pg, run: run, at: at) }
    }

    /// As on SQLite: the run's done product pages with no review page of the run failed or left
    /// over get the review count of the run's (newest) observation of them.
    static func markReviewsSynced(_ pg: PG, run: Int64, at: Date) throws -> Int {
        try pg.rows("""
            UPDATE listings l SET reviews_synced_count = x.review_count, reviews_synced_at = $2
            FROM (SELECT DISTINCT ON (o.listing_id) o.listing_id, o.review_count
                  FROM frontier f
                  JOIN sites s ON s.key = f.site
                  JOIN listings l2 ON l2.site_id = s.id AND l2.url = f.url
                  JOIN observations o ON o.listing_id = l2.id AND o.run_id = $1
                  WHERE f.run_id = $1 AND f.kind = 'product' AND f.state = 'done'
                    AND f.url NOT IN (SELECT r.parent FROM frontier r
                                      WHERE r.run_id = $1 AND r.state IN ('pending', 'leased', 'failed') AND r.kind = 'reviews' AND r.parent IS NOT NULL)
                  ORDER BY o.listing_id, o.observed_at DESC, o.id DESC) x
            WHERE l.id = x.listing_id
            RETURNING l.id
            """, [.int(run), .date(at)]).count
    }

    public func reviewsSyncedCounts() throws -> [ReviewSync] {
        try read { pg in
            try pg.rows("""
                SELECT s.key, l.url, l.reviews_synced_count FROM listings l JOIN sites s ON s.id = l.site_id
                WHERE l.reviews_synced_count IS NOT NULL
                """).map { r in ReviewSync(site: try r.text(0)!, url: try r.text(1)!, reviewCount: try r.int(2)!) }
        }
    }

    public func saveValidators(_ v: [String: (etag: String?, lastModified: String?)]) throws {
        try write { pg in
            for (url, val) in v.sorted(by: { $0.key < $1.key }) {
                try pg.exec("INSERT INTO validators (url, etag, last_modified) VALUES ($1, $2, $3) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified",
                            [.text(url), .text(val.etag), .text(val.lastModified)])
            }
        }
    }

    public func loadValidators() throws -> [String: (etag: String?, lastModified: String?)] {
        try read { pg in
            var out: [String: (etag: String?, lastModified: String?)] = [:]
            for r in try pg.rows("SELECT url, etag, last_modified FROM validators") { out[try r.text(0)!] = (try r.text(1), try r.text(2)) }
            return out
        }
    }

    // MARK: - Shared frontier

    public func setHostPolicy(run: Int64, concurrency: Int, delay: TimeInterval) throws {
        try write { pg in
            try pg.exec("UPDATE runs SET host_concurrency = $1, host_delay_ms = $2 WHERE id = $3",
                        [.int(Int64(max(1, concurrency))), .int(Int64((delay * 1000).rounded())), .int(run)])
        }
    }

    public func claim(worker: String, limit: Int, lease: TimeInterval) throws -> [FrontierLease] {
        guard limit > 0 else { return [] }
        let leaseMS = Int64((lease * 1000).rounded())
        return try write { pg in
            // Free permits of hosts with claimable URLs of running runs; locked rows are another worker's.
            let permits = try pg.rows("""
                SELECT p.host, p.slot FROM host_permits p
                WHERE (p.holder IS NULL OR p.lease_until < now()) AND p.next_at <= now()
                  AND EXISTS (SELECT 1 FROM frontier f JOIN runs r ON r.id = f.run_id
                              WHERE f.host = p.host AND r.status = 'running'
                                AND (f.state = 'pending' OR (f.state = 'leased' AND f.lease_until < now())))
                ORDER BY p.next_at, p.host, p.slot
                LIMIT $1
                FOR UPDATE OF p SKIP LOCKED
                """, [.int(Int64(limit))])
            var out: [FrontierLease] = []
            for p in permits {
                let host = try p.text(0)!, slot = Int(try p.int(1)!)
                guard let f = try pg.rows("""
                    SELECT f.run_id, r.job, f.url, f.site, f.kind, f.depth, f.parent FROM frontier f JOIN runs r ON r.id = f.run_id
                    WHERE f.host = $1 AND r.status = 'running' AND (f.state = 'pending' OR (f.state = 'leased' AND f.lease_until < now()))
                    ORDER BY f.seq LIMIT 1
                    FOR UPDATE OF f SKIP LOCKED
                    """, [.text(host)]).first else { continue }
                let runID = try f.int(0)!
                let item = FrontierItem(url: try f.text(2)!, site: try f.text(3)!, kind: try f.text(4)!, depth: Int(try f.int(5) ?? 0), parent: try f.text(6))
                try pg.exec("""
                    UPDATE frontier SET state = 'leased', lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond', leases = leases + 1
                    WHERE run_id = $3 AND url = $4
                    """, [.text(worker), .int(leaseMS), .int(runID), .text(item.url)])
                try pg.exec("UPDATE host_permits SET holder = $1, lease_until = now() + $2 * interval '1 millisecond' WHERE host = $3 AND slot = $4",
                            [.text(worker), .int(leaseMS), .text(host), .int(Int64(slot))])
                out.append(FrontierLease(runID: runID, job: try f.text(1)!, item: item, host: host, slot: slot))
            }
            return out
        }
    }

    @discardableResult
    public func complete(worker: String, _ results: [LeaseResult]) throws -> Int {
        guard !results.isEmpty else { return 0 }
        return try write { pg in
            // Still ours? A lease that expired and was claimed again belongs to someone else now.
            let held = try pg.rows("""
                UPDATE frontier f SET state = v.state, lease_owner = CASE WHEN v.state = 'pending' THEN NULL ELSE f.lease_owner END, lease_until = NULL
                FROM (SELECT unnest($1::bigint[]) AS run_id, unnest($2::text[]) AS url, unnest($3::text[]) AS state) v
                WHERE f.run_id = v.run_id AND f.url = v.url AND f.state = 'leased' AND f.lease_owner = $4
                RETURNING f.run_id, f.url
                """, [.ints(results.map(\.lease.runID)), .texts(results.map(\.lease.item.url)), .texts(results.map(\.state)), .text(worker)])
            // The hosts' permits are free again; their delay starts now.
            try pg.exec("""
                UPDATE host_permits p SET holder = NULL, lease_until = NULL, next_at = now() + p.delay_ms * interval '1 millisecond'
                FROM (SELECT unnest($1::text[]) AS host, unnest($2::int[]) AS slot) v
                WHERE p.host = v.host AND p.slot = v.slot AND p.holder = $3
                """, [.texts(results.map(\.lease.host)), .ints(results.map { Int64($0.lease.slot) }), .text(worker)])
            var accepted = Set<String>()
            for r in held { accepted.insert("\(try r.int(0) ?? 0) \(try r.text(1) ?? "")") }
            // One batch per run, for the results whose lease held.
            var batches: [Int64: CrawlBatch] = [:]
            var order: [Int64] = []
            for r in results where accepted.contains("\(r.lease.runID) \(r.lease.item.url)") {
                if batches[r.lease.runID] == nil { order.append(r.lease.runID) }
                var batch = batches[r.lease.runID] ?? CrawlBatch()
                if let u = r.update { batch.listings.append(u) }
                if let f = r.fetch { batch.fetches.append(f) }
                batch.discovered += r.discovered
                batches[r.lease.runID] = batch
            }
            for run in order { try Self.write(pg, batches[run]!, run: run, worker: worker) }
            return accepted.count
        }
    }

    public func releaseLeases(worker: String) throws {
        try write { pg in
            try pg.exec("UPDATE frontier SET state = 'pending', lease_owner = NULL, lease_until = NULL WHERE state = 'leased' AND lease_owner = $1", [.text(worker)])
            try pg.exec("UPDATE host_permits SET holder = NULL, lease_until = NULL WHERE holder = $1", [.text(worker)])
        }
    }

    @discardableResult
    public func finishIdleRuns() throws -> [Int64] {
        try write { pg in
            let ids = try pg.rows("""
                SELECT r.id FROM runs r WHERE r.status = 'running'
                  AND NOT EXISTS (SELECT 1 FROM frontier f WHERE f.run_id = r.id AND f.state IN ('pending', 'leased'))
                  AND EXISTS (SELECT 1 FROM frontier f WHERE f.run_id = r.id)
                FOR UPDATE SKIP LOCKED
                """).compactMap { try $0.int(0) }
            for id in ids {
                // The run's numbers, from what every worker stored.
                let stats = try pg.rows("""
                    SELECT json_build_object(
                        'pages', (SELECT COUNT(*) FROM fetch_log WHERE run_id = $1),
                        'failed', (SELECT COUNT(*) FROM frontier WHERE run_id = $1 AND state = 'failed'),
                        'observations', (SELECT COUNT(*) FROM observations WHERE run_id = $1),
                        'workers', (SELECT COUNT(DISTINCT worker) FROM fetch_log WHERE run_id = $1),
                        'reclaimed_leases', (SELECT COALESCE(SUM(leases), 0) - COUNT(*) FROM frontier WHERE run_id = $1 AND leases > 0))::text
                    """, [.int(id)]).first?.text(0)
                try pg.exec("UPDATE runs SET status = 'ok', finished_at = now(), stats_json = $1 WHERE id = $2 AND status = 'running'", [.text(stats), .int(id)])
                _ = try Self.markReviewsSynced(pg, run: id, at: Date())
            }
            return ids
        }
    }

    public func runningRuns() throws -> [RunRecord] {
        try read { pg in try pg.rows("SELECT \(Self.runColumns) FROM runs WHERE status = 'running' ORDER BY id").map(Self.runRecord) }
    }
}
#endif
