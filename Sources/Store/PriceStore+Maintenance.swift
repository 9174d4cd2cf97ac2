import Foundation
import GRDB

extension PriceStore {
    public struct Stats: Sendable {
        public var rowsPerTable: [(table: String, rows: Int)]
        public var fileBytes: Int64
        public var firstObservation: String?
        public var lastObservation: String?
        public var schema: [String]

        public init(rowsPerTable: [(table: String, rows: Int)], fileBytes: Int64, firstObservation: String?, lastObservation: String?, schema: [String]) {
            self.rowsPerTable = rowsPerTable
            self.fileBytes = fileBytes
            self.firstObservation = firstObservation
            self.lastObservation = lastObservation
            self.schema = schema
        }
    }

    static let tables = ["sites", "listings", "observations", "daily_rollup", "reviews", "runs", "fetch_log", "frontier",
                         "fx_rates", "validators", "catalog", "catalog_matches", "price_audit"]

    public func stats() throws -> Stats {
        try read { db in
            var rows: [(String, Int)] = []
            for t in PriceStore.tables {
                // Table names come from the fixed list above, never from input.
                rows.append((t, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(t)") ?? 0))
            }
            // One scan for both ends (observations carry no time index).
            let ends = try Row.fetchOne(db, sql: "SELECT MIN(observed_at), MAX(observed_at) FROM observations")
            let first: String? = ends?[0]
            let last: String? = ends?[1]
            let size = ["", "-wal"].compactMap { try? FileManager.default.attributesOfItem(atPath: path + $0)[.size] as? Int64 }.reduce(0, +)
            return Stats(rowsPerTable: rows, fileBytes: size, firstObservation: first, lastObservation: last,
                         schema: try Schema.migrator.appliedMigrations(db))
        }
    }

    /// A consistent copy through SQLite's online backup API, safe while a crawl writes.
    public func backup(to destination: String) throws {
        try PriceStore.wrap {
            if FileManager.default.fileExists(atPath: destination) {
                throw StoreError.conflict("\(destination) exists already; choose a new file name")
            }
            let target = try DatabaseQueue(path: destination)
            try pool.backup(to: target)
        }
    }

    /// `PRAGMA integrity_check` and foreign keys; an empty list means healthy.
    public func integrityProblems() throws -> [String] {
        try read { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            let fk = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            problems += fk.prefix(20).map { "foreign key: table \($0[0] as String? ?? "?") row \($0[1] as Int64? ?? 0) -> \($0[2] as String? ?? "?")" }
            // listing_latest against the observations themselves (one scan).
            let stale = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM (
                    SELECT listing_id, id FROM (
                        SELECT listing_id, id, ROW_NUMBER() OVER (PARTITION BY listing_id ORDER BY observed_at DESC, id DESC) AS n FROM observations)
                    WHERE n = 1) r
                FULL JOIN listing_latest x ON x.listing_id = r.listing_id
                WHERE x.observation_id IS NOT r.id
                """) ?? 0
            if stale > 0 {
                problems.append("listing_latest: \(stale) listing(s) not pointing at their newest observation (observations inserted outside pricewatch?)")
            }
            return problems
        }
    }

    /// `PRAGMA quick_check`: every page's structure, without matching indexes to tables, so a
    /// run can afford it before it writes (about a second per GB); an empty list means healthy. A
    /// file too damaged to be checked throws `StoreError.corrupt`.
    public func quickCheckProblems() throws -> [String] {
        // One row can hold several problems a line each, under a "*** in database main ***" heading.
        try read { db in
            try String.fetchAll(db, sql: "PRAGMA quick_check(20)").filter { $0 != "ok" }
                .flatMap { $0.split(separator: "\n").map(String.init) }.filter { !$0.hasPrefix("***") }
        }
    }

    public func vacuum() throws {
        try PriceStore.wrap { try pool.vacuum() }
    }

    /// Folds observations older than `cutoff` into one row per listing and day (last, min and max
    /// price kept), in one transaction. Returns how many observations were folded.
    @discardableResult
    public func compact(olderThan cutoff: Date) throws -> Int {
        let limit = SQLDate.day(cutoff)
        return try write { db in
            try db.execute(sql: """
                INSERT INTO daily_rollup (listing_id, day, currency, last_minor, min_minor, max_minor, last_availability, observations)
                SELECT listing_id, day, MAX(currency), MAX(last_minor), MIN(price_minor), MAX(price_minor), MAX(last_availability), COUNT(*)
                FROM (SELECT listing_id, substr(observed_at, 1, 10) AS day, currency, price_minor,
                             -- the day's last price (rows without one sort after the rest) and last availability
                             FIRST_VALUE(price_minor) OVER (PARTITION BY listing_id, substr(observed_at, 1, 10)
                                                            ORDER BY price_minor IS NULL, observed_at DESC, id DESC) AS last_minor,
                             FIRST_VALUE(availability) OVER (PARTITION BY listing_id, substr(observed_at, 1, 10)
                                                             ORDER BY observed_at DESC, id DESC) AS last_availability
                      FROM observations WHERE substr(observed_at, 1, 10) < ?)
                WHERE true GROUP BY listing_id, day
                ON CONFLICT (listing_id, day) DO UPDATE SET
                    min_minor = MIN(min_minor, excluded.min_minor), max_minor = MAX(max_minor, excluded.max_minor),
                    last_minor = excluded.last_minor, last_availability = excluded.last_availability,
                    observations = observations + excluded.observations
                """, arguments: [limit])
            // A listing whose latest observation goes has none left (every older one goes too): dropping
            // its pointer first spares the delete trigger a search for a successor.
            try db.execute(sql: "DELETE FROM listing_latest WHERE substr(observed_at, 1, 10) < ?", arguments: [limit])
            try db.execute(sql: "DELETE FROM observations WHERE substr(observed_at, 1, 10) < ?", arguments: [limit])
            return db.changesCount
        }
    }
}
