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

    /// Where a SQLite database's job locks live, keyed on the resolved file (a symlink to the same
    /// database shares them); nil for PostgreSQL, whose workers hold leases instead.
    var lockDirectory: String? {
        StoreLocation.isPostgres(path) ? nil : URL(fileURLWithPath: path).resolvingSymlinksInPath().path + ".locks"
    }

    /// Opens the store, or fails (5, or 2 for a location this build cannot use) with the reason. `existing` for commands that only read: a
    /// missing SQLite file is an error (not a new empty database) and a read-only one is read.
    func open(existing: Bool = false) throws -> any PriceStoring {
        do { return try StoreLocation.open(path, existing: existing) } catch {
            try fail(error, status: .storage)
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

func printErr(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// The repository-relative default folders, found next to the database or the working directory.
/// `name` in the current folder, else the nearest `name` above the binary: the checkout a built
/// binary lives in (`.build/debug/pricewatch`, its resolved `.build/<triple>/debug/pricewatch`, or a
/// copy in the repository's own folder), looked up from the path it was started by and from the
/// file it really is. Falls back to `name` itself, so errors name the folder that was asked for.
func defaultDirectory(_ name: String) -> String {
    let files = FileManager.default
    if files.fileExists(atPath: name) { return name }
    var starts = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
    if let exe = try? files.destinationOfSymbolicLink(atPath: "/proc/self/exe") { starts.append(URL(fileURLWithPath: exe).deletingLastPathComponent()) }
    for start in starts {
        var folder = start.standardized
        for _ in 0..<5 {
            let candidate = folder.appendingPathComponent(name).path
            var isDir: ObjCBool = false
            if files.fileExists(atPath: candidate, isDirectory: &isDir), isDir.boolValue { return candidate }
            folder = folder.deletingLastPathComponent()
        }
    }
    return name
}

/// The jobs folder, or a failure (2) that says where pricewatch looked: the classic cron mistake
/// is a crontab line without `cd`, which starts in $HOME where there is no `Jobs/`.
func requireJobsFolder(_ dir: String, option: String = "--jobs-dir") throws -> String {
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) {
        if isDir.boolValue { return dir }
        try fail("\(dir): is a file, not a folder of job files (\(option))", status: .configuration)
    }
    let cwd = FileManager.default.currentDirectoryPath
    try fail("\(dir): no such folder in \(cwd); start pricewatch in the folder that holds Jobs/ (cron: `cd /srv/pricewatch && ...`) or pass \(option)", status: .configuration)
}
