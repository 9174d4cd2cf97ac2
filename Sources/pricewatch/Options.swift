import ArgumentParser
import Crawl
import Foundation
import Logging
import PostgresStore
import Store

/// Options every database command shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite file, or postgres://user:pass@host:port/db (default: $PRICEWATCH_DB, else pricewatch.sqlite).")
    var db: String?

    /// The location with its password hidden, for messages.
    var shown: String { StoreLocation.redacted(path) }

    var path: String { db ?? ProcessInfo.processInfo.environment["PRICEWATCH_DB"] ?? "pricewatch.sqlite" }

    /// Opens the store, or exits 5 with the reason. `existing` for commands that only read: a
    /// missing SQLite file is an error (not a new empty database) and a read-only one is read.
    func open(existing: Bool = false) throws -> any PriceStoring {
        do { return try StoreLocation.open(path, existing: existing) } catch {
            fail("\(error)", status: .storage)
        }
    }
}

struct LoggingOptions: ParsableArguments {
    @Option(help: "Log lines on stderr: human or json.") var logFormat: String = "human"
    @Flag(help: "Log debug detail (every extraction problem).") var verbose = false

    func validate() throws {
        guard StderrLogHandler.Format(rawValue: logFormat) != nil else { throw ValidationError("--log-format must be human or json") }
    }

    func bootstrap() -> Logger {
        StderrLogHandler.bootstrapOnce(format: StderrLogHandler.Format(rawValue: logFormat) ?? .human, level: verbose ? .debug : .info)
        return Logger(label: "pricewatch")
    }
}

/// Prints to stderr and exits with a documented status.
func fail(_ message: String, status: ExitStatus) -> Never {
    FileHandle.standardError.write(Data(StderrLogHandler.errorLine(message, status: status.rawValue).utf8))
    exit(status.rawValue)
}

func printErr(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// The repository-relative default folders, found next to the database or the working directory.
func defaultDirectory(_ name: String) -> String {
    FileManager.default.fileExists(atPath: name) ? name : (URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("../../\(name)").standardized.path)
}
