import GRDB

/// What went wrong with the database, in words a cron log reader can act on.
public enum StoreError: Error, CustomStringConvertible {
    /// The file was written by a newer pricewatch: its migrations are unknown to this one.
    case newerDatabase(path: String, unknown: [String])
    case cannotOpen(path: String, underlying: String)
    case integrity(path: String, problems: [String])
    case sqlite(DatabaseError)
    case invalid(String)

    public var description: String {
        switch self {
        case let .newerDatabase(path, unknown):
            return "\(path) was written by a newer pricewatch (unknown schema steps: \(unknown.joined(separator: ", "))); upgrade pricewatch, or open a backup"
        case let .cannotOpen(path, underlying):
            return "cannot open the database \(path): \(underlying)"
        case let .integrity(path, problems):
            return "\(path) failed its integrity check: \(problems.prefix(5).joined(separator: "; "))"
        case let .sqlite(e):
            return "database error \(e.resultCode): \(e.message ?? "")"
        case let .invalid(message):
            return message
        }
    }
}
