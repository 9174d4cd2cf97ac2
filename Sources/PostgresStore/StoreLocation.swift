import Foundation
import Store

/// Where a command's data lives: a SQLite file (the default) or a PostgreSQL URL
/// (`postgres://user:password@host:port/database`), chosen by `--db` or `PRICEWATCH_DB`.
public enum StoreLocation {
    public static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// Whether this binary was built with the PostgreSQL backend (`make build-postgres`).
    public static var postgresAvailable: Bool {
        #if Postgres
        return true
        #else
        return false
        #endif
    }

    /// Opens (creating and upgrading the schema if needed) the store at `location`. With
    /// `existing`, a SQLite file must already exist (commands that only read never create an empty
    /// database from a mistyped path) and one this process may not write is opened read-only.
    public static func open(_ location: String, existing: Bool = false) throws -> any PriceStoring {
        guard isPostgres(location) else {
            guard existing else { return try PriceStore(path: location) }
            guard FileManager.default.fileExists(atPath: location) else {
                throw StoreError.cannotOpen(path: location, underlying: "no such file (a crawl creates it; give the right --db or PRICEWATCH_DB)")
            }
            // SQLite takes an empty file for a new database; a reader must not write a schema into it.
            if (try? FileManager.default.attributesOfItem(atPath: location)[.size] as? Int) == 0 {
                throw StoreError.notADatabase(path: location, reason: "the file is empty (0 bytes)")
            }
            return try PriceStore(path: location, readOnly: !FileManager.default.isWritableFile(atPath: location))
        }
        #if Postgres
        return try PostgresStore(url: location)
        #else
        throw StoreError.postgresNotBuilt(location: redacted(location))
        #endif
    }

    /// Copies a SQLite history into an empty PostgreSQL database; returns the rows copied.
    public static func copy(from source: PriceStore, to url: String, progress: (String, Int) -> Void = { _, _ in }) throws -> Int {
        #if Postgres
        let target = try PostgresStore(url: url)
        return try target.copy(from: source, progress: progress).rows.reduce(0) { $0 + $1.rows }
        #else
        throw StoreError.postgresNotBuilt(location: redacted(url))
        #endif
    }

    /// The location with any password replaced by `***`, for logs and messages.
    public static func redacted(_ location: String) -> String {
        guard isPostgres(location), var c = URLComponents(string: location) else { return location }
        if c.password != nil { c.password = "***" }
        return c.string ?? location
    }
}
