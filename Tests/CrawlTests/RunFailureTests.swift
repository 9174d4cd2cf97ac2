import Foundation
import GRDB
import LoopbackServer
import XCTest
@testable import Crawl
@testable import Store
import TestLogging

/// Issue 27: a run that hits a storage error ends `failed` with the reason where the disk allows;
/// where even that cannot be written, the reason is kept next to the job's lock, `health` shows the
/// run as ended (not `running`), and the next run of the job records it.
final class RunFailureTests: XCTestCase {
    override class func setUp() {
        super.setUp()
        TestLog.install()
    }

    var dir: String!
    var server: LoopbackServer!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "pw-fail-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        server = try LoopbackServer { req in
            req.path == "/robots.txt" ? .text("none", status: 404) : .html(SiteDownTests.productPage(Int(req.path.split(separator: "/").last ?? "") ?? 0))
        }
        try server.start()
    }

    override func tearDown() {
        server?.stop()
        try? FileManager.default.removeItem(atPath: dir)
    }

    func job(pages: Int) throws -> Job {
        let path = dir + "/shop.yml"
        try """
        name: shop
        schedule: "*/5 * * * *"
        sites:
          - selectors: auto
            start: [\((1...pages).map { "\"\(server.baseURL)/p/\($0)\"" }.joined(separator: ", "))]
            depth: 0
        market: {currency_hint: USD}
        limits: {max_pages: 1000, concurrency: 4, timeout: 5s, max_tries: 1}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return try Job.load(path: path)
    }

    var locks: String { dir + "/pw.sqlite.locks" }

    /// SQLite's own limit on the file's pages: the disk is "full" for everything that needs a new
    /// page, and the run's row (an update in place) can still be written.
    func testAFullDatabaseEndsTheRunFailedWithTheReason() async throws {
        let store = try PriceStore(path: dir + "/pw.sqlite")
        let runner = CrawlRunner(store: store, lockDirectory: locks)
        _ = try await runner.run(try job(pages: 1))
        try await store.pool.writeWithoutTransaction { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count")!
            _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages)")
        }
        do {
            _ = try await runner.run(try job(pages: 200))
            XCTFail("a full database must fail the run")
        } catch let e as CrawlRunner.RunError {
            XCTAssertEqual(e.exitStatus, .storage, "\(e)")
        }
        let last = try XCTUnwrap(try store.runs(job: "shop").first)
        XCTAssertEqual(last.status, .failed, "not left running")
        XCTAssertNotNil(last.finishedAt)
        let reason = try XCTUnwrap(last.statsJSON.flatMap(RunStatsJSON.decode)?.error)
        XCTAssertTrue(reason.contains("full"), reason)
        XCTAssertEqual(RunEnd(last, lockDirectory: locks).status, "failed")
        XCTAssertEqual(RunEnd(last, lockDirectory: locks).reason, reason)
    }

    /// A disk that takes the start of a run and nothing after it (triggers refuse the crawl's
    /// writes and the run's end): the row stays `running`, the reason goes next to the lock.
    func testWhenNotEvenTheEndCanBeWrittenTheReasonIsKeptBesideTheLock() async throws {
        let store = try PriceStore(path: dir + "/pw.sqlite")
        try await store.pool.write { db in
            try db.execute(sql: "CREATE TRIGGER full_log BEFORE INSERT ON fetch_log BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
            try db.execute(sql: "CREATE TRIGGER full_end BEFORE UPDATE OF status ON runs WHEN NEW.status <> 'running' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
        }
        let runner = CrawlRunner(store: store, lockDirectory: locks)
        do {
            _ = try await runner.run(try job(pages: 3))
            XCTFail("the run's writes fail")
        } catch let e as CrawlRunner.RunError {
            XCTAssertEqual(e.exitStatus, .storage, "\(e)")
        }
        let stuck = try XCTUnwrap(try store.runs(job: "shop").first)
        XCTAssertEqual(stuck.status, .running, "the precondition: nothing could record the end")
        let seen = RunEnd(stuck, lockDirectory: locks)
        XCTAssertEqual(seen.status, "failed", "nobody holds the job's lock: the run is over")
        XCTAssertTrue(seen.reason?.contains("database or disk is full") == true, "\(seen)")

        // Room again: the next run of the job records the old run's end before it starts.
        try await store.pool.write { db in
            try db.execute(sql: "DROP TRIGGER full_log")
            try db.execute(sql: "DROP TRIGGER full_end")
        }
        let next = try await runner.run(try job(pages: 3))
        XCTAssertEqual(next.status, .ok, next.summary)
        let old = try XCTUnwrap(try store.runs(job: "shop").first { $0.id == stuck.id })
        XCTAssertEqual(old.status, .failed)
        XCTAssertTrue(old.statsJSON.flatMap(RunStatsJSON.decode)?.error?.contains("database or disk is full") == true, "\(old)")
    }

    /// A run whose process is gone without a word (kill -9) is `incomplete` to health at once, not
    /// only after the next run; a live one is `running` with its holder.
    func testARunningRowWithoutALiveHolderIsIncomplete() throws {
        let store = try PriceStore(path: dir + "/pw.sqlite")
        let id = try store.beginRun(job: "shop")
        let row = try XCTUnwrap(try store.runs(job: "shop").first { $0.id == id })
        XCTAssertEqual(RunEnd(row, lockDirectory: locks).status, "incomplete")
        XCTAssertTrue(RunEnd(row, lockDirectory: locks).reason?.contains("--resume") == true)
        let lock = try JobLock.acquire(job: "shop", directory: locks)
        defer { lock.release() }
        XCTAssertEqual(RunEnd(row, lockDirectory: locks).status, "running")
        // Without a lock folder (PostgreSQL) the stored status is all there is.
        XCTAssertEqual(RunEnd(row, lockDirectory: nil).status, "running")
    }
}
