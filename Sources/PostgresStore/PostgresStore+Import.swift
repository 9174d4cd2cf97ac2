#if Postgres
import Foundation
import PostgresNIO
import Store

extension PostgresStore {
    public struct CopyReport: Sendable {
        public var rows: [(table: String, rows: Int)] = []
    }

    /// Copies a SQLite history into this (empty) database in one transaction: ids, money, times,
    /// reviews, runs, catalog and audit trail as they are; sequences continue after the copied ids.
    /// `progress` hears each table as it finishes.
    public func copy(from source: PriceStore, progress: (String, Int) -> Void = { _, _ in }) throws -> CopyReport {
        try write { pg in
            let existing = try pg.rows("SELECT (SELECT COUNT(*) FROM listings) + (SELECT COUNT(*) FROM observations) + (SELECT COUNT(*) FROM runs)")[0].int(0) ?? 0
            guard existing == 0 else {
                throw StoreError.conflict("\(location) already holds pricewatch data; migrate-to copies into an empty database only")
            }
            // SQLite's times are UTC text.
            try pg.exec("SET LOCAL TIME ZONE 'UTC'")
            var report = CopyReport()
            for (table, columns) in PriceStore.exportTables {
                // Each column is cast to its PostgreSQL type (names come from the fixed export list).
                var types: [String: String] = [:]
                for r in try pg.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1", [.text(table)]) {
                    types[try r.text(0)!] = try r.text(1)!
                }
                let casts = try columns.map { c -> String in
                    guard let t = types[c] else { throw StoreError.corrupt(path: location, problems: ["PostgreSQL table \(table) has no column \(c)"]) }
                    return t == "timestamp with time zone" ? "timestamptz" : t == "double precision" ? "float8" : t
                }
                var count = 0
                let perInsert = max(1, 30_000 / columns.count)
                try source.export(table, chunk: perInsert) { rows in
                    var binds: [PGValue] = []
                    binds.reserveCapacity(rows.count * columns.count)
                    var tuples: [String] = []
                    for (n, row) in rows.enumerated() {
                        tuples.append("(" + casts.enumerated().map { i, cast in "$\(n * columns.count + i + 1)::\(cast)" }.joined(separator: ", ") + ")")
                        binds += row.map { .text($0.text) }
                    }
                    try pg.exec("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(tuples.joined(separator: ", "))", binds)
                    count += rows.count
                }
                if columns.first == "id" {
                    try pg.exec("SELECT setval(pg_get_serial_sequence($1, 'id'), COALESCE((SELECT MAX(id) FROM \(table)), 0) + 1, false)", [.text(table)])
                }
                report.rows.append((table, count))
                progress(table, count)
            }
            return report
        }
    }
}
#endif

#if Postgres
extension PostgresStore {
    /// Creates an empty database next to the one `serverURL` names and returns its URL (tests,
    /// benchmarks). The name must be lowercase letters, digits and underscores.
    public static func createDatabase(serverURL: String, name: String) throws -> String {
        guard !name.isEmpty, name.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }) else {
            throw StoreError.invalidInput("database name \(name) must be lowercase letters, digits and underscores")
        }
        let pool = try PostgresConnectionPool(url: serverURL, capacity: 1)
        // An identifier cannot be a bind parameter; the name was checked above.
        try pool.read { pg in try pg.script("CREATE DATABASE \(name)") }
        guard var c = URLComponents(string: serverURL) else { throw StoreError.invalidInput("\(StoreLocation.redacted(serverURL)) is not a URL") }
        c.path = "/" + name
        return c.string!
    }
}
#endif

#if Postgres
extension PostgresStore {
    /// Pages a worker stored (fetch log) and URLs it holds leased now: for tests and `worker` logs.
    public func workerCounts(_ worker: String) throws -> (stored: Int, leased: Int) {
        try read { pg in
            let r = try pg.rows("""
                SELECT (SELECT COUNT(*) FROM fetch_log WHERE worker = $1), (SELECT COUNT(*) FROM frontier WHERE state = 'leased' AND lease_owner = $1)
                """, [.text(worker)])[0]
            return (Int(try r.int(0) ?? 0), Int(try r.int(1) ?? 0))
        }
    }
}
#endif
