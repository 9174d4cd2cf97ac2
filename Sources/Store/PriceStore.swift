import Foundation
import GRDB
import GRDBSQLite
import Model

/// The SQLite time-series store: one file in WAL mode, so reports read while a crawl writes.
/// Values always travel as statement arguments, never inside SQL text.
///
///     let store = try PriceStore(path: "pricewatch.sqlite")
///     let run = try store.beginRun(job: "demo-us")
///     var batch = CrawlBatch(); batch.observations.append(obs)
///     try store.write(batch, run: run)
public final class PriceStore: @unchecked Sendable {
    public let path: String
    /// A pool (WAL: readers beside the writer); a plain read-only queue for an immutable file.
    let pool: any DatabaseWriter

    /// Opens (creating if needed) and upgrades the database; refuses one from a newer pricewatch.
    /// `readOnly`: for reading an existing file without write access (an analyst's copy, a
    /// read-only mount): nothing is created or upgraded, and a file that needs an upgrade is refused.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(15)
        config.readonly = readOnly
        if !readOnly {
            config.prepareDatabase { db in
                // WAL + NORMAL: a crash loses at most the last transactions, never consistency.
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
        }
        do {
            pool = try readOnly ? Self.openReadOnly(path, config) : DatabasePool(path: path, configuration: config)
        } catch let e as DatabaseError {
            throw StoreError.cannotOpen(path: path, underlying: e.message ?? "\(e)")
        }
        let migrator = Schema.migrator
        try PriceStore.wrap {
            let (superseded, applied, complete) = try pool.read { db in
                (try migrator.hasBeenSuperseded(db), try migrator.appliedIdentifiers(db), try migrator.hasCompletedMigrations(db))
            }
            if superseded {
                throw StoreError.newerDatabase(path: path, unknown: applied.subtracting(migrator.migrations).sorted())
            }
            if readOnly {
                if !complete {
                    if applied.isEmpty { throw StoreError.notADatabase(path: path, reason: "no pricewatch schema") }
                    throw StoreError.needsWriteAccess(path: path, reason: "written by an older pricewatch; a write-access open upgrades it")
                }
            } else {
                try migrator.migrate(pool)
            }
        }
    }

    /// A WAL file is read through its -shm file; when that cannot be created (read-only folder or
    /// mount) and no writer has one open, the file is read as immutable: nothing is writing it.
    private static func openReadOnly(_ path: String, _ config: Configuration) throws -> any DatabaseWriter {
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            try pool.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return pool
        } catch let first as DatabaseError {
            guard first.resultCode == .SQLITE_READONLY || first.resultCode == .SQLITE_CANTOPEN else { throw first }
            // Immutable reads ignore a -wal file: with committed pages still in one, refuse rather than show stale data.
            if let wal = try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int, wal > 0 {
                throw StoreError.needsWriteAccess(path: path, reason: "its -wal file holds changes a read-only open cannot apply")
            }
            guard let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "?#%"))) else { throw first }
            do {
                let queue = try DatabaseQueue(path: "file:\(escaped)?immutable=1", configuration: config)
                try queue.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
                return queue
            } catch { throw first }
        }
    }

    /// Runs `body`, turning SQLite errors into `StoreError`.
    static func wrap<T>(path: String = "the database", _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as DatabaseError { throw StoreError.from(e, path: path) }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T { try PriceStore.wrap(path: path) { try pool.write(body) } }
    func read<T>(_ body: (Database) throws -> T) throws -> T { try PriceStore.wrap(path: path) { try pool.read(body) } }

    /// The schema steps applied to this file, in order.
    public func appliedMigrations() throws -> [String] { try read { try Schema.migrator.appliedMigrations($0) } }

    // MARK: - Sites and listings

    /// The id of a site, created on first use.
    public func siteID(_ key: String, name: String? = nil) throws -> Int64 {
        try write { db in try PriceStore.siteID(db, key, name: name) }
    }

    static func siteID(_ db: Database, _ key: String, name: String?) throws -> Int64 {
        if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM sites WHERE key = ?"), arguments: [key]) { return id }
        try db.execute(sql: "INSERT INTO sites (key, name, created_at) VALUES (?, ?, ?)", arguments: [key, name, SQLDate.text(Date())])
        return db.lastInsertedRowID
    }

    /// Inserts or refreshes a listing (by site and URL); known fields are never erased by nil.
    @discardableResult
    public func upsertListing(_ l: ListingRecord, seenAt: Date = Date()) throws -> Int64 {
        try write { db in try PriceStore.upsertListing(db, l, seenAt: seenAt) }
    }

    static func upsertListing(_ db: Database, _ l: ListingRecord, seenAt: Date) throws -> Int64 {
        let site = try siteID(db, l.site, name: nil)
        let now = SQLDate.text(seenAt)
        // A listing the catalog names (by site and external id, or by URL) is matched to its SKU on sight.
        // Statements cached per connection: a crawl upserts a listing per product page.
        let matched = try String.fetchOne(db.cachedStatement(sql: """
            SELECT sku FROM catalog_matches WHERE (site = ? AND external_id = ?) OR url = ? LIMIT 1
            """), arguments: [l.site, l.externalID, l.url])
        try db.cachedStatement(sql: """
            INSERT INTO listings (site_id, url, external_id, title, brand, seller, gtin, sku, first_seen, last_seen)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (site_id, url) DO UPDATE SET
                external_id = COALESCE(excluded.external_id, external_id), title = COALESCE(excluded.title, title),
                brand = COALESCE(excluded.brand, brand), seller = COALESCE(excluded.seller, seller),
                gtin = COALESCE(excluded.gtin, gtin), sku = COALESCE(excluded.sku, sku), last_seen = excluded.last_seen
            """).execute(arguments: [site, l.url, l.externalID, l.title, l.brand, l.seller, l.gtin, l.sku ?? matched, now, now])
        return try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM listings WHERE site_id = ? AND url = ?"), arguments: [site, l.url])!
    }

    public func listing(id: Int64) throws -> ListingRecord? {
        try read { db in
            try Row.fetchOne(db, sql: """
                SELECT l.id, s.key, l.url, l.external_id, l.title, l.brand, l.seller, l.gtin, l.sku
                FROM listings l JOIN sites s ON s.id = l.site_id WHERE l.id = ?
                """, arguments: [id]).map(PriceStore.listingRecord)
        }
    }

    public func listings() throws -> [ListingRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT l.id, s.key, l.url, l.external_id, l.title, l.brand, l.seller, l.gtin, l.sku
                FROM listings l JOIN sites s ON s.id = l.site_id ORDER BY l.id
                """).map(PriceStore.listingRecord)
        }
    }

    static func listingRecord(_ r: Row) -> ListingRecord {
        ListingRecord(id: r[0], site: r[1], url: r[2], externalID: r[3], title: r[4], brand: r[5], seller: r[6], gtin: r[7], sku: r[8])
    }

    /// Matches listings to the merchant's SKUs by site and external id, or by URL (from the catalog).
    @discardableResult
    public func applyCatalogMatches() throws -> Int {
        try write { db in
            try db.execute(sql: """
                UPDATE listings SET sku = (
                    SELECT m.sku FROM catalog_matches m JOIN sites s ON s.key = m.site
                    WHERE s.id = listings.site_id AND m.external_id = listings.external_id
                    UNION ALL SELECT m.sku FROM catalog_matches m WHERE m.url = listings.url LIMIT 1)
                WHERE EXISTS (SELECT 1 FROM catalog_matches m JOIN sites s ON s.key = m.site WHERE s.id = listings.site_id AND m.external_id = listings.external_id)
                   OR EXISTS (SELECT 1 FROM catalog_matches m WHERE m.url = listings.url)
                """)
            return db.changesCount
        }
    }

    // MARK: - Runs

    /// Starts a run; earlier runs of the job left `running` by a dead process become `incomplete`.
    public func beginRun(job: String, at: Date = Date()) throws -> Int64 {
        try write { db in
            try db.execute(sql: "UPDATE runs SET status = 'incomplete' WHERE job = ? AND status = 'running'", arguments: [job])
            try db.execute(sql: "INSERT INTO runs (job, started_at, status, pid, host) VALUES (?, ?, 'running', ?, ?)",
                           arguments: [job, SQLDate.text(at), Int(getpid()), ProcessInfo.processInfo.hostName])
            return db.lastInsertedRowID
        }
    }

    /// Re-opens an interrupted or incomplete run to continue its frontier.
    public func resumeRun(_ id: Int64) throws {
        try write { db in try db.execute(sql: "UPDATE runs SET status = 'running', finished_at = NULL, pid = ? WHERE id = ?", arguments: [Int(getpid()), id]) }
    }

    public func finishRun(_ id: Int64, status: RunStatus, statsJSON: String?, alarmsJSON: String?, at: Date = Date()) throws {
        try write { db in
            try db.execute(sql: "UPDATE runs SET status = ?, finished_at = ?, stats_json = ?, alarms_json = ? WHERE id = ?",
                           arguments: [status.rawValue, SQLDate.text(at), statsJSON, alarmsJSON, id])
        }
    }

    /// Marks runs of `job` still `running` as `incomplete` (their process is gone); returns their ids.
    @discardableResult
    public func markAbandoned(job: String) throws -> [Int64] {
        try write { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM runs WHERE job = ? AND status = 'running'", arguments: [job])
            try db.execute(sql: "UPDATE runs SET status = 'incomplete' WHERE job = ? AND status = 'running'", arguments: [job])
            return ids
        }
    }

    public func runs(job: String? = nil, limit: Int = 50) throws -> [RunRecord] {
        try read { db in
            let rows: [Row]
            if let job {
                rows = try Row.fetchAll(db, sql: "SELECT id, job, started_at, finished_at, status, stats_json, alarms_json FROM runs WHERE job = ? ORDER BY id DESC LIMIT ?", arguments: [job, limit])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT id, job, started_at, finished_at, status, stats_json, alarms_json FROM runs ORDER BY id DESC LIMIT ?", arguments: [limit])
            }
            return rows.map { r in
                RunRecord(id: r[0], job: r[1], startedAt: SQLDate.date(r[2]) ?? Date.distantPast, finishedAt: (r[3] as String?).flatMap(SQLDate.date),
                          status: RunStatus(rawValue: r[4]) ?? .failed, statsJSON: r[5], alarmsJSON: r[6])
            }
        }
    }

    /// The latest run of the job that finished (ok or with alarms): what `--due` measures from.
    public func lastCompletedRun(job: String) throws -> RunRecord? {
        try runs(job: job, limit: 200).first { $0.status == .ok || $0.status == .alarms }
    }

    /// The latest run left interrupted or incomplete, which `--resume` continues.
    public func resumableRun(job: String) throws -> RunRecord? {
        guard let last = try runs(job: job, limit: 1).first, last.status == .interrupted || last.status == .incomplete else { return nil }
        return last
    }

    // MARK: - Writing a crawl

    /// Writes a batch in one transaction: all of it or none of it.
    public func write(_ batch: CrawlBatch, run: Int64?) throws {
        guard !batch.isEmpty else { return }
        try write { db in
            var observations = batch.observations
            var reviews = batch.reviews
            for update in batch.listings {
                let id = try PriceStore.upsertListing(db, update.listing, seenAt: update.observation?.observedAt ?? Date())
                if var o = update.observation { o.listingID = id; observations.append(o) }
                reviews += update.reviews.map { var r = $0; r.listingID = id; return r }
            }
            if !observations.isEmpty {
                try ObservationInsert(db).insert(observations, run: run)
            }
            if !reviews.isEmpty { _ = try PriceStore.insertReviews(db, reviews) }
            if !batch.fetches.isEmpty {
                let s = try db.cachedStatement(sql: "INSERT INTO fetch_log (run_id, url, status, bytes, ms, tries, outcome, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                for f in batch.fetches {
                    try s.execute(arguments: [run, f.url, f.status, f.bytes, f.milliseconds, f.tries, f.outcome, SQLDate.text(f.fetchedAt)])
                }
            }
            if let run {
                if !batch.discovered.isEmpty { _ = try PriceStore.enqueue(db, run: run, batch.discovered) }
                let s = try db.cachedStatement(sql: "UPDATE frontier SET state = ? WHERE run_id = ? AND url = ?")
                for f in batch.finished { try s.execute(arguments: [f.state, run, f.url]) }
            }
        }
    }

    /// SQLite copies bound text (SQLITE_TRANSIENT).
    static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    /// "k=v;k2=v2" in key order: small, greppable, and parsed by `decompact`.
    static func compact(_ map: [String: String]) -> String? {
        guard !map.isEmpty else { return nil }
        return map.sorted { $0.key < $1.key }.map { kv in
            // replacingOccurrences goes through Foundation: only when there is a ';' to replace.
            let value = kv.value.utf8.contains(0x3B) ? kv.value.replacingOccurrences(of: ";", with: ",") : kv.value
            return "\(kv.key)=\(value)"
        }.joined(separator: ";")
    }

    static func decompact(_ text: String?) -> [String: String] {
        guard let text else { return [:] }
        var out: [String: String] = [:]
        for part in text.split(separator: ";") {
            let kv = part.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { out[String(kv[0])] = String(kv[1]) }
        }
        return out
    }

    /// Stores new reviews, skipping ones already stored; returns how many were new.
    @discardableResult
    public func insertReviews(_ reviews: [ReviewRecord]) throws -> Int {
        try write { db in try PriceStore.insertReviews(db, reviews) }
    }

    static func insertReviews(_ db: Database, _ reviews: [ReviewRecord]) throws -> Int {
        let insert = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO reviews (listing_id, dedup_key, site_review_id, rating, posted_at, language, title, body, helpful_votes,
                verified, author_hash, first_seen, sentiment_score, sentiment_label, aspects)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let refresh = try db.cachedStatement(sql: "UPDATE reviews SET helpful_votes = ? WHERE listing_id = ? AND dedup_key = ? AND ? IS NOT NULL")
        var inserted = 0
        let now = SQLDate.text(Date())
        for r in reviews {
            let key = r.dedupKey
            try insert.execute(arguments: [r.listingID, key, r.siteReviewID, r.rating.map { "\($0)" }, r.postedAt.map(SQLDate.text), r.language,
                                           r.title, r.body, r.helpfulVotes, r.verified, r.author.map(PriceStore.authorHash), now,
                                           r.sentimentScore, r.sentimentLabel, r.aspects])
            if db.changesCount > 0 {
                inserted += 1
            } else {
                // Seen before: only the helpful-vote count moves.
                try refresh.execute(arguments: [r.helpfulVotes, r.listingID, key, r.helpfulVotes])
            }
        }
        return inserted
    }

    /// Authors are stored as a salted hash: enough to count repeat reviewers, not to name them.
    static func authorHash(_ name: String) -> String {
        var h: UInt64 = 0x9e37_79b9_7f4a_7c15
        for b in ("pricewatch-author:" + name).utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(h, radix: 16)
    }

    // MARK: - Frontier

    /// Adds URLs to a run's frontier; URLs already there are ignored. Returns how many were new.
    @discardableResult
    public func enqueue(run: Int64, _ items: [FrontierItem]) throws -> Int {
        try write { db in try PriceStore.enqueue(db, run: run, items) }
    }

    static func enqueue(_ db: Database, run: Int64, _ items: [FrontierItem]) throws -> Int {
        var seq = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM frontier WHERE run_id = ?", arguments: [run]) ?? 0
        let s = try db.cachedStatement(sql: "INSERT OR IGNORE INTO frontier (run_id, url, site, kind, depth, parent, seq) VALUES (?, ?, ?, ?, ?, ?, ?)")
        var added = 0
        for i in items {
            seq += 1
            try s.execute(arguments: [run, i.url, i.site, i.kind, i.depth, i.parent, seq])
            added += db.changesCount
        }
        return added
    }

    /// URLs of a run not yet visited, in discovery order.
    public func pendingFrontier(run: Int64) throws -> [FrontierItem] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT url, site, kind, depth, parent FROM frontier WHERE run_id = ? AND state = 'pending' ORDER BY seq", arguments: [run])
                .map { FrontierItem(url: $0[0], site: $0[1], kind: $0[2], depth: $0[3], parent: $0[4]) }
        }
    }

    /// The listing id of a URL on a site, if it was stored.
    public func listingID(site: String, url: String) throws -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT l.id FROM listings l JOIN sites s ON s.id = l.site_id WHERE s.key = ? AND l.url = ?", arguments: [site, url])
        }
    }

    /// Every URL a run has in its frontier (any state), to avoid visiting one twice.
    public func frontierURLs(run: Int64) throws -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT url FROM frontier WHERE run_id = ?", arguments: [run])) }
    }

    // MARK: - Review sync

    @discardableResult
    public func markReviewsSynced(run: Int64, at: Date = Date()) throws -> Int {
        try write { db in
            // The run's product pages that are done, whose latest observation is this run's, and that
            // have no review page of this run failed or still pending (a finished run has no 'pending'
            // left unless it was stopped or hit max_pages). Review pages carry their product page as parent.
            try db.execute(sql: """
                UPDATE listings SET reviews_synced_count = x.review_count, reviews_synced_at = ?
                FROM (SELECT l.id AS listing_id, o.review_count
                      FROM frontier f
                      JOIN sites s ON s.key = f.site
                      JOIN listings l ON l.site_id = s.id AND l.url = f.url
                      JOIN listing_latest ll ON ll.listing_id = l.id
                      JOIN observations o ON o.id = ll.observation_id
                      WHERE f.run_id = ? AND f.kind = 'product' AND f.state = 'done' AND o.run_id = ?
                        AND f.url NOT IN (SELECT r.parent FROM frontier r
                                          WHERE r.run_id = ? AND r.state IN ('pending', 'failed') AND r.kind = 'reviews' AND r.parent IS NOT NULL)) x
                WHERE listings.id = x.listing_id
                """, arguments: [SQLDate.text(at), run, run, run])
            return db.changesCount
        }
    }

    public func reviewsSyncedCounts() throws -> [ReviewSync] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.key, l.url, l.reviews_synced_count FROM listings l JOIN sites s ON s.id = l.site_id
                WHERE l.reviews_synced_count IS NOT NULL
                """).map { ReviewSync(site: $0[0], url: $0[1], reviewCount: $0[2]) }
        }
    }

    // MARK: - Validators (conditional requests across runs)

    public func saveValidators(_ v: [String: (etag: String?, lastModified: String?)]) throws {
        try write { db in
            let s = try db.cachedStatement(sql: "INSERT INTO validators (url, etag, last_modified) VALUES (?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified")
            for (url, val) in v { try s.execute(arguments: [url, val.etag, val.lastModified]) }
        }
    }

    public func loadValidators() throws -> [String: (etag: String?, lastModified: String?)] {
        try read { db in
            var out: [String: (etag: String?, lastModified: String?)] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT url, etag, last_modified FROM validators") { out[r[0]] = (r[1], r[2]) }
            return out
        }
    }
}
