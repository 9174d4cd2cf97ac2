import ArgumentParser
import Crawl
import Foundation
import PostgresStore
import Store

struct DbCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "db", abstract: "Inspect and maintain the database (SQLite file or PostgreSQL).",
                                                    subcommands: [Stats.self, Backup.self, Check.self, Vacuum.self, Compact.self, MigrateTo.self])

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rows per table, file size, first and last observation.")
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            let store = try database.open(existing: true)
            do {
                let s = try store.stats()
                print("database: \(database.shown) (\(ByteCountFormatter.string(fromByteCount: s.fileBytes, countStyle: .file)))")
                print("schema: \(s.schema.joined(separator: ", "))")
                for (t, n) in s.rowsPerTable { print(t.padding(toLength: 16, withPad: " ", startingAt: 0) + " \(n)") }
                print("observations: \(s.firstObservation ?? "-") .. \(s.lastObservation ?? "-") (UTC)")
            } catch { try fail(error, status: .storage) }
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A consistent copy through SQLite's online backup API, safe while a crawl writes.")
        @Argument(help: "The new file.") var file: String
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            do { try database.open(existing: true).backup(to: file); print("backup written to \(file)") } catch { try fail(error, status: .storage) }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "PRAGMA integrity_check and foreign keys; exit 5 on a problem.")
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            do {
                let problems = try database.open(existing: true).integrityProblems()
                if problems.isEmpty { print("ok") } else { problems.forEach { print($0) }; throw ExitCode(ExitStatus.storage.rawValue) }
            } catch let e as ExitCode { throw e } catch { try fail(error, status: .storage) }
        }
    }

    struct Vacuum: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rebuild the file to reclaim free pages.")
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            do { try database.open().vacuum(); print("vacuumed") } catch { try fail(error, status: .storage) }
        }
    }

    struct Compact: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Fold observations older than a cutoff into daily rows (last, min, max kept).")
        @Option(help: "Age like 180d, 26w is not accepted: use days or hours (180d, 72h).") var olderThan: String
        @OptionGroup var database: DatabaseOptions
        func validate() throws {
            guard let d = Self.seconds(olderThan), d >= 86_400 else { throw ValidationError("--older-than takes a duration of a day or more, like 180d") }
        }
        static func seconds(_ text: String) -> Double? {
            guard let unit = text.last, let n = Double(text.dropLast()) else { return nil }
            return unit == "d" ? n * 86_400 : unit == "h" ? n * 3600 : nil
        }
        func run() throws {
            do {
                let folded = try database.open().compact(olderThan: Date().addingTimeInterval(-Self.seconds(olderThan)!))
                print("folded \(folded) observations into daily rows")
            } catch { try fail(error, status: .storage) }
        }
    }

    struct MigrateTo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate-to",
            abstract: "Copy a SQLite history (--db) into an empty PostgreSQL database, in one transaction.",
            discussion: "Example: pricewatch db migrate-to postgres://pw@db.internal/pricewatch --db pricewatch.sqlite")
        @Argument(help: "postgres://user:password@host:port/database") var target: String
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            guard StoreLocation.isPostgres(target) else { try fail("migrate-to takes a postgres:// URL, got \(target)", status: .configuration) }
            guard !StoreLocation.isPostgres(database.path) else { try fail("--db must name the SQLite file to copy from", status: .configuration) }
            guard FileManager.default.fileExists(atPath: database.path) else { try fail("no SQLite file at \(database.path)", status: .configuration) }
            do {
                let source = try PriceStore(path: database.path)
                let rows = try StoreLocation.copy(from: source, to: target) { table, n in print("\(table.padding(toLength: 16, withPad: " ", startingAt: 0)) \(n)") }
                print("copied \(rows) rows from \(database.path) to \(StoreLocation.redacted(target))")
            } catch { try fail(error, status: .storage) }
        }
    }
}
