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
            let first = try String.fetchOne(db, sql: "SELECT MIN(observed_at) FROM observations")
            let last = try String.fetchOne(db, sql: "SELECT MAX(observed_at) FROM observations")
            let size = ["", "-wal"].compactMap { try? FileManager.default.attributesOfItem(atPath: path + $0)[.size] as? Int64 }.reduce(0, +)
            return Stats(rowsPerTable: rows, fileBytes: size, firstObservation: first, lastObservation: last,
                         schema: try Schema.migrator.appliedMigrations(db))
        }
    }

    /// A consistent copy through SQLite's online backup API, safe while a crawl writes.
    public func backup(to destination: String) throws {
        try PriceStore.wrap {
            if FileManager.default.fileExists(atPath: destination) {
                throw StoreError.invalid("\(destination) exists already; choose a new file name")
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
            return problems
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
                SELECT g.listing_id, g.day, g.currency,
                       (SELECT o2.price_minor FROM observations o2 WHERE o2.listing_id = g.listing_id AND substr(o2.observed_at, 1, 10) = g.day
                          AND o2.price_minor IS NOT NULL ORDER BY o2.observed_at DESC, o2.id DESC LIMIT 1),
                       g.min_minor, g.max_minor,
                       (SELECT o3.availability FROM observations o3 WHERE o3.listing_id = g.listing_id AND substr(o3.observed_at, 1, 10) = g.day
                          ORDER BY o3.observed_at DESC, o3.id DESC LIMIT 1),
                       g.n
                FROM (SELECT listing_id, substr(observed_at, 1, 10) AS day, MAX(currency) AS currency, MIN(price_minor) AS min_minor,
                             MAX(price_minor) AS max_minor, COUNT(*) AS n
                      FROM observations WHERE substr(observed_at, 1, 10) < ? GROUP BY listing_id, day) g
                WHERE true
                ON CONFLICT (listing_id, day) DO UPDATE SET
                    min_minor = MIN(min_minor, excluded.min_minor), max_minor = MAX(max_minor, excluded.max_minor),
                    last_minor = excluded.last_minor, last_availability = excluded.last_availability,
                    observations = observations + excluded.observations
                """, arguments: [limit])
            try db.execute(sql: "DELETE FROM observations WHERE substr(observed_at, 1, 10) < ?", arguments: [limit])
            return db.changesCount
        }
    }
}
