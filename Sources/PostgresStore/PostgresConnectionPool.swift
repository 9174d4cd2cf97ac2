#if Postgres
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Store

/// A few blocking PostgreSQL connections for a synchronous store: callers borrow one, run
/// statements on it (a transaction stays on one connection) and give it back. Calls block the
/// calling thread on NIO's event loops, never a Swift concurrency thread's executor.
final class PostgresConnectionPool: @unchecked Sendable {
    let configuration: PostgresConnection.Configuration
    let group: MultiThreadedEventLoopGroup
    let logger: Logger
    private let lock = NSCondition()
    private var idle: [PostgresConnection] = []
    private var open = 0
    private let capacity: Int
    private var nextID = 0

    init(url: String, capacity: Int = 4) throws {
        guard let c = URLComponents(string: url), let host = c.host, !host.isEmpty else {
            throw StoreError.invalidInput("\(StoreLocation.redacted(url)) is not a postgres://user:password@host:port/database URL")
        }
        let database = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        var config = PostgresConnection.Configuration(host: host, port: c.port ?? 5432, username: c.user ?? "postgres",
                                                      password: c.password, database: database.isEmpty ? nil : database, tls: .disable)
        config.options.connectTimeout = .seconds(10)
        configuration = config
        self.capacity = capacity
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        logger = Logger(label: "pricewatch.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    }

    deinit {
        for c in idle { try? c.close().wait() }
        try? group.syncShutdownGracefully()
    }

    private func connect() throws -> PostgresConnection {
        lock.lock(); nextID += 1; let id = nextID; lock.unlock()
        do {
            return try PostgresConnection.connect(on: group.next(), configuration: configuration, id: id, logger: logger).wait()
        } catch {
            throw StoreError.io("cannot connect to PostgreSQL at \(configuration.host ?? "?"):\(configuration.port ?? 5432): \(PostgresConnectionPool.describe(error))")
        }
    }

    /// Runs `body` with a connection of its own; a connection that failed is dropped, not reused.
    func with<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        lock.lock()
        while idle.isEmpty && open >= capacity { lock.wait() }
        var connection = idle.popLast()
        if connection == nil { open += 1 }
        lock.unlock()
        if connection == nil {
            do { connection = try connect() } catch {
                lock.lock(); open -= 1; lock.signal(); lock.unlock()
                throw error
            }
        }
        let c = connection!
        do {
            let result = try body(c)
            lock.lock(); idle.append(c); lock.signal(); lock.unlock()
            return result
        } catch {
            lock.lock()
            if c.isClosed { open -= 1 } else { idle.append(c) }
            lock.signal()
            lock.unlock()
            throw error
        }
    }

    /// `body` inside BEGIN .. COMMIT on one connection; any error rolls back and is rethrown. A
    /// transaction PostgreSQL chose as a deadlock victim (or a serialization failure) runs again:
    /// bodies only touch the database, so a retry is safe.
    func transaction<T>(_ body: (PG) throws -> T) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try with { c in
                    let pg = PG(connection: c, logger: logger)
                    try pg.exec("BEGIN")
                    do {
                        let r = try body(pg)
                        try pg.exec("COMMIT")
                        return r
                    } catch {
                        _ = try? pg.exec("ROLLBACK")
                        throw error
                    }
                }
            } catch let e as PGFailure where e.isTransient && attempt < 5 {
                Thread.sleep(forTimeInterval: 0.01 * Double(attempt))
                continue
            }
        }
    }

    func read<T>(_ body: (PG) throws -> T) throws -> T {
        try with { c in try body(PG(connection: c, logger: logger)) }
    }

    static func sqlState(_ error: Error) -> String? { (error as? PSQLError)?.serverInfo?[.sqlState] }

    static func describe(_ error: Error) -> String {
        if let e = error as? PSQLError {
            var parts: [String] = []
            if let m = e.serverInfo?[.message] { parts.append(m) }
            if let d = e.serverInfo?[.detail] { parts.append(d) }
            if parts.isEmpty { parts.append("\(e.code)") }
            return parts.joined(separator: ": ")
        }
        return "\(error)"
    }
}

/// One connection's statements: values always travel as bind parameters ($1, $2 ...).
struct PG {
    let connection: PostgresConnection
    let logger: Logger

    @discardableResult
    func exec(_ sql: String, _ binds: [PGValue] = []) throws -> Int {
        try query(sql, binds).affected
    }

    func rows(_ sql: String, _ binds: [PGValue] = []) throws -> [[PostgresCell]] {
        try query(sql, binds).rows
    }

    func query(_ sql: String, _ binds: [PGValue]) throws -> (rows: [[PostgresCell]], affected: Int) {
        var b = PostgresBindings(capacity: binds.count)
        for v in binds { v.append(to: &b) }
        do {
            let result = try connection.query(PostgresQuery(unsafeSQL: sql, binds: b), logger: logger).wait()
            return (result.rows.map { Array($0) }, result.metadata.rows ?? 0)
        } catch {
            throw PGFailure(message: PostgresConnectionPool.describe(error), sqlState: PostgresConnectionPool.sqlState(error))
        }
    }

    /// Statements without parameters (schema steps), one at a time: each ends with `;` at a line's end.
    func script(_ sql: String) throws {
        var statement = ""
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            statement += line + "\n"
            if line.trimmingCharacters(in: .whitespaces).hasSuffix(";") {
                try exec(statement)
                statement = ""
            }
        }
        if !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { try exec(statement) }
    }
}

/// A statement PostgreSQL refused, with its SQLSTATE.
struct PGFailure: Error, CustomStringConvertible {
    var message: String
    var sqlState: String?
    /// Deadlock victim or serialization failure: the whole transaction may simply run again.
    var isTransient: Bool { sqlState == "40P01" || sqlState == "40001" }
    var description: String { "PostgreSQL: \(message)" + (sqlState.map { " (SQLSTATE \($0))" } ?? "") }
}

/// A bind value; money and ratings travel as integers or exact decimal text, never floats.
enum PGValue {
    case int(Int64?)
    case text(String?)
    case bool(Bool?)
    case date(Date?)
    case double(Double?)
    /// Arrays for `unnest($n::bigint[])` and friends: many rows in one statement.
    case ints([Int64])
    case texts([String])

    func append(to b: inout PostgresBindings) {
        switch self {
        case .int(let v): if let v { b.append(v) } else { b.appendNull() }
        case .text(let v): if let v { b.append(v) } else { b.appendNull() }
        case .bool(let v): if let v { b.append(v) } else { b.appendNull() }
        case .date(let v): if let v { b.append(v) } else { b.appendNull() }
        case .double(let v): if let v { b.append(v) } else { b.appendNull() }
        case .ints(let v): b.append(v)
        case .texts(let v): b.append(v)
        }
    }
}

extension Array where Element == PostgresCell {
    func int(_ i: Int) throws -> Int64? { try self[i].decode(Int64?.self) }
    func text(_ i: Int) throws -> String? { try self[i].decode(String?.self) }
    func bool(_ i: Int) throws -> Bool? { try self[i].decode(Bool?.self) }
    func date(_ i: Int) throws -> Date? { try self[i].decode(Date?.self) }
    func double(_ i: Int) throws -> Double? { try self[i].decode(Double?.self) }
}
#endif
