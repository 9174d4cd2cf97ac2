import GRDB

/// What went wrong with the database, as data: a caller `switch`es on the case, and the CLI edge
/// (not the store) decides the exit status and adds any advice about commands to run.
///
///     do { try store.undoPriceRun(id) } catch StoreError.notFound(let what) { ... }
public enum StoreError: Error, CustomStringConvertible {
    /// The file was written by a newer pricewatch: its migrations are unknown to this one.
    case newerDatabase(path: String, unknown: [String])
    /// The database cannot be opened at all (missing file, no permission, server refused).
    case cannotOpen(path: String, underlying: String)
    /// The file exists but is not a pricewatch database (empty, not SQLite, no schema).
    case notADatabase(path: String, reason: String)
    /// A read-only open of a file that first needs a writer (an upgrade, or a -wal file to apply).
    case needsWriteAccess(path: String, reason: String)
    /// The file is damaged: integrity check problems, or SQLite's SQLITE_CORRUPT / SQLITE_NOTADB.
    case corrupt(path: String, problems: [String])
    /// Reading or writing failed: disk full, I/O error, a lost connection.
    case io(String)
    /// Any other SQLite error.
    case sqlite(DatabaseError)
    /// A value the caller passed is unusable (a malformed URL, a bad database name).
    case invalidInput(String)
    /// What the caller named does not exist (an unknown or already undone reprice run).
    case notFound(String)
    /// The request collides with what is there (a backup file that exists, a non-empty target).
    case conflict(String)
    /// A `postgres://` location given to a build without the PostgreSQL backend.
    case postgresNotBuilt(location: String)
    /// This backend cannot do it (a PostgreSQL store backed up to a file).
    case unsupported(String)

    public var description: String {
        switch self {
        case let .newerDatabase(path, unknown):
            return "\(path) was written by a newer pricewatch (unknown schema steps: \(unknown.joined(separator: ", "))); upgrade pricewatch, or open a backup"
        case let .cannotOpen(path, underlying):
            return "cannot open the database \(path): \(underlying)"
        case let .notADatabase(path, reason):
            return "\(path) is not a pricewatch database: \(reason)"
        case let .needsWriteAccess(path, reason):
            return "\(path) cannot be read without write access: \(reason)"
        case let .corrupt(path, problems):
            return "\(path) failed its integrity check: \(problems.prefix(5).joined(separator: "; "))"
        case let .postgresNotBuilt(location):
            return "\(location): this pricewatch was built without PostgreSQL support"
        case let .sqlite(e):
            return "database error \(e.resultCode): \(e.message ?? "")"
        case let .io(message), let .invalidInput(message), let .notFound(message), let .conflict(message), let .unsupported(message):
            return message
        }
    }

    /// SQLite's errors sorted into the cases above: I/O and disk full are `.io`, damage is `.corrupt`.
    public static func from(_ e: DatabaseError, path: String) -> StoreError {
        switch e.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return .corrupt(path: path, problems: [e.message ?? "\(e.resultCode)"])
        case .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM:
            return .io("\(path): \(e.message ?? "\(e.resultCode)")")
        default:
            return .sqlite(e)
        }
    }
}
