import Foundation
import XCTest
import Crawl
import DemoShop
import Fetch
import Model
import PostgresStore
import Store
import TestLogging

/// Several crawl workers on one PostgreSQL frontier, against the demo shops on loopback.
final class WorkerTests: XCTestCase {
    override class func setUp() {
        super.setUp()
        TestLog.install()
    }

    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shops: [DemoShopID] = [.us, .jp]

    static func job(_ shop: DemoShopID, perHost: Int? = nil) throws -> Job {
        var j = try Job.load(path: repo.appendingPathComponent("Jobs/demo-\(shop.rawValue).yml").path)
        if let perHost { j.limits.perHostConcurrency = perHost }
        return j
    }

    static func options(_ server: DemoServer) -> CrawlRunner.RunOptions {
        var o = CrawlRunner.RunOptions()
        o.variables = ["DEMO_URL": server.baseURL]
        let at = DemoWorld.date(ofDay: 0).addingTimeInterval(12 * 3600)
        o.now = { at }
        o.adjustSettings = { s in
            s.retry.baseDelay = 0.02
            s.retry.maxDelay = 0.1
            s.autoThrottle.enabled = false
        }
        return o
    }

    static func workerOptions(_ server: DemoServer, name: String, concurrency: Int = 8, lease: TimeInterval = 60) -> CrawlWorker.Options {
        var w = CrawlWorker.Options()
        w.name = name
        w.concurrency = concurrency
        w.lease = lease
        w.untilIdle = true
        w.poll = 0.05
        let o = options(server)
        w.now = o.now
        w.adjustSettings = o.adjustSettings
        return w
    }

    /// What a crawl leaves, independent of ids and timing: per listing its latest values and reviews.
    static func fingerprint(_ store: any PriceStoring) throws -> [String] {
        try store.latestObservations().map { l, o in
            let reviews = try store.reviews(listing: l.id!).map { "\($0.siteReviewID ?? $0.body)" }.sorted().joined(separator: ",")
            return [l.site, l.url, l.title ?? "-", l.externalID ?? "-", o.price?.description ?? "-", o.listPrice?.description ?? "-",
                    o.availability?.rawValue ?? "-", o.rating.map { "\($0)" } ?? "-", o.reviewCount.map(String.init) ?? "-",
                    o.sales.map { "\($0.count) \($0.window.rawValue)" } ?? "-", o.sources.sorted { $0.key < $1.key }.description, reviews].joined(separator: " | ")
        }.sorted()
    }

    func testThreeWorkersStoreWhatOneProcessStoresAndKeepPerHostConcurrency() async throws {
        let url = try Backends.freshPostgresURL()
        var faults = DemoFaults()
        faults.slowShare = 0.3  // slow answers: without shared permits, workers would pile onto the host
        let server = try DemoServer(faults: faults)
        try server.start()
        defer { server.stop() }

        // The reference: one process, SQLite.
        let (reference, cleanup) = try Backends.sqlite()
        defer { cleanup() }
        let dir = NSTemporaryDirectory() + "pw-workers-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let runner = CrawlRunner(store: reference, lockDirectory: dir)
        for shop in Self.shops {
            let outcome = try await runner.run(try Self.job(shop), options: Self.options(server))
            XCTAssertEqual(outcome.status, .ok, outcome.summary)
        }
        server.resetStatistics()

        // Three workers, each with its own connections, 8 pages in flight each; the host allows 3.
        let limit = 3
        let setup = try XCTUnwrap(try StoreLocation.open(url) as? any SharedFrontier)
        var runs: [Int64] = []
        for shop in Self.shops { runs.append(try CrawlRunner.enqueue(try Self.job(shop, perHost: limit), frontier: setup, options: Self.options(server))) }
        let summaries = try await withThrowingTaskGroup(of: CrawlWorker.Summary.self) { group in
            for n in 1...3 {
                let store = try XCTUnwrap(try StoreLocation.open(url) as? any SharedFrontier)
                let worker = CrawlWorker(frontier: store, options: Self.workerOptions(server, name: "w\(n)")) { name in
                    try Self.job(Self.shops.first { "demo-\($0.rawValue)" == name }!, perHost: limit)
                }
                group.addTask { try await worker.run() }
            }
            var all: [CrawlWorker.Summary] = []
            for try await s in group { all.append(s) }
            return all
        }
        XCTAssertEqual(summaries.reduce(0) { $0 + $1.errors }, 0)
        XCTAssertEqual(summaries.reduce(0) { $0 + $1.lost }, 0, "no lease expired")
        XCTAssertGreaterThanOrEqual(summaries.filter { $0.stored > 0 }.count, 2, "the work was shared: \(summaries.map(\.stored))")
        for run in runs { XCTAssertEqual(try setup.runs(job: nil, limit: 10).first { $0.id == run }?.status, .ok) }

        // Same listings, values and reviews as the single process.
        let want = try Self.fingerprint(reference), got = try Self.fingerprint(setup)
        XCTAssertEqual(got.count, Self.shops.reduce(0) { $0 + DemoWorld.products(of: $1).count })
        XCTAssertEqual(zip(got, want).first { $0 != $1 }.map { "\($0) vs \($1)" }, nil, "first differing listing")
        // Every listing observed exactly once per run.
        for h in try setup.histories(since: nil, until: .distantFuture, site: nil) {
            XCTAssertEqual(h.observations.count, 1, h.listing.url)
        }
        // Politeness across workers: never more requests at once than the host's permits.
        let peak = server.statistics.maxConcurrentRequests
        XCTAssertLessThanOrEqual(peak, limit, "per-host concurrency across all workers")
        XCTAssertGreaterThanOrEqual(peak, 2, "the workers did run in parallel")
    }

    /// The child: a worker process that the parent test kills; runs only when started by it.
    func testWorkerChild() async throws {
        let env = ProcessInfo.processInfo.environment
        guard let url = env["PW_WORKER_DB"], let name = env["PW_WORKER_NAME"] else {
            throw XCTSkip("child half of testKilledWorkerLosesOnlyItsLeases; runs only inside that test")
        }
        let store = try XCTUnwrap(try StoreLocation.open(url) as? any SharedFrontier)
        var o = CrawlWorker.Options()
        o.name = name
        o.concurrency = 4
        o.lease = 2
        o.untilIdle = true
        o.poll = 0.05
        o.adjustSettings = { s in s.retry.baseDelay = 0.02; s.retry.maxDelay = 0.1 }
        let at = DemoWorld.date(ofDay: 0).addingTimeInterval(12 * 3600)
        o.now = { at }
        let worker = CrawlWorker(frontier: store, options: o) { jobName in
            try Self.job(Self.shops.first { "demo-\($0.rawValue)" == jobName }!)
        }
        let s = try await worker.run()
        print("worker \(name) pages=\(s.pages) stored=\(s.stored) lost=\(s.lost)")
    }

    func testKilledWorkerLosesOnlyItsLeases() async throws {
        let url = try Backends.freshPostgresURL()
        var faults = DemoFaults()
        faults.slowShare = 1.0  // every page takes 0.2 s: the kill lands mid-run
        let server = try DemoServer(faults: faults)
        try server.start()
        defer { server.stop() }
        let setup = try XCTUnwrap(try StoreLocation.open(url) as? any SharedFrontier)
        for shop in Self.shops { _ = try CrawlRunner.enqueue(try Self.job(shop, perHost: 6), frontier: setup, options: Self.options(server)) }

        var children: [Process] = []
        for n in 1...3 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0])
            p.arguments = ["PostgresStoreTests.WorkerTests/testWorkerChild"]
            p.environment = ProcessInfo.processInfo.environment.merging(["PW_WORKER_DB": url, "PW_WORKER_NAME": "child\(n)"]) { $1 }
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            children.append(p)
        }
        // Kill the first worker once it has stored some pages and holds leases.
        let victim = children[0]
        var killedWhileHolding = false
        for _ in 0..<600 {
            let mine = try Self.count(setup, "child1")
            if mine.stored >= 5 && mine.leased > 0 {
                kill(victim.processIdentifier, SIGKILL)
                killedWhileHolding = true
                break
            }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        XCTAssertTrue(killedWhileHolding, "the victim was killed mid-run, holding leases")
        victim.waitUntilExit()
        XCTAssertEqual(victim.terminationReason, .uncaughtSignal)
        for p in children.dropFirst() { p.waitUntilExit(); XCTAssertEqual(p.terminationStatus, 0) }

        // The run completed: every listing observed exactly once, none lost, none twice.
        XCTAssertTrue(try setup.runningRuns().isEmpty)
        let histories = try setup.histories(since: nil, until: .distantFuture, site: nil)
        XCTAssertEqual(histories.count, Self.shops.reduce(0) { $0 + DemoWorld.products(of: $1).count })
        for h in histories { XCTAssertEqual(h.observations.count, 1, h.listing.url) }
        XCTAssertEqual(try setup.integrityProblems(), [])
    }

    /// Pages the named worker stored, and URLs it holds now (from the fetch log and the frontier).
    static func count(_ store: any SharedFrontier, _ worker: String) throws -> (stored: Int, leased: Int) {
        #if Postgres
        let pg = try XCTUnwrap(store as? PostgresStore)
        return try pg.workerCounts(worker)
        #else
        throw XCTSkip("PostgreSQL backend not built")
        #endif
    }
}
