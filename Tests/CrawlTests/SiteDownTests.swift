import XCTest
import Fetch
import Foundation
import LoopbackServer
import Store
@testable import Crawl
import TestLogging

/// A site that is down must never look healthy: its pages are errors with the reason, the run
/// alarms (exit 1) every time, and failed runs do not become the item-count baseline.
final class SiteDownTests: XCTestCase {
    override class func setUp() {
        super.setUp()
        TestLog.install()
    }

    var dir: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "pw-down-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func options() -> CrawlRunner.RunOptions {
        var o = CrawlRunner.RunOptions()
        o.adjustSettings = { s in
            s.retry.baseDelay = 0.01
            s.retry.maxDelay = 0.02
            s.autoThrottle.enabled = false
        }
        return o
    }

    func job(name: String, start: [String]) throws -> Job {
        let path = dir + "/\(name).yml"
        try """
        name: \(name)
        schedule: "*/5 * * * *"
        sites:
          - selectors: auto
            start: [\(start.map { "\"\($0)\"" }.joined(separator: ", "))]
            depth: 0
        market: {currency_hint: USD}
        limits: {max_pages: 100, concurrency: 4, per_host_delay: 0ms, timeout: 5s, max_tries: 2}
        required_fields: [price]
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return try Job.load(path: path)
    }

    static func productPage(_ id: Int) -> String {
        """
        <html><head><title>Kettle \(id)</title>
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Kettle \(id)","sku":"K\(id)",
        "offers":{"@type":"Offer","price":"\(19 + id).99","priceCurrency":"USD","availability":"https://schema.org/InStock"}}</script>
        </head><body><h1>Kettle \(id)</h1><span class="price">$\(19 + id).99</span></body></html>
        """
    }

    func testRefusedSiteIsAnErrorAndAlarmsOnEveryRun() async throws {
        let store = try PriceStore(path: dir + "/pw.sqlite")
        let runner = CrawlRunner(store: store, lockDirectory: dir + "/locks")
        let down = try job(name: "down", start: ["http://127.0.0.1:1/x"])
        for n in 1...3 {
            TestLog.clear()
            let outcome = try await runner.run(down, options: options())
            let warned = TestLog.lines().filter { $0.hasPrefix("warning pricewatch.crawl: fetch failed") }
            XCTAssertEqual(warned.count, 1, "run \(n): \(TestLog.lines())")
            XCTAssertTrue(warned.first?.contains("url=http://127.0.0.1:1/x") == true && warned.first?.contains("robots.txt unreachable") == true, "\(warned)")
            XCTAssertEqual(outcome.status, .alarms, "run \(n): \(outcome.summary)")
            XCTAssertTrue(outcome.summary.contains("errors=1 "), outcome.summary)
            XCTAssertTrue(outcome.summary.contains("robots=0 "), outcome.summary)
            let nothing = try XCTUnwrap(outcome.alarms.first { $0.kind == .nothingFetched }, "run \(n): \(outcome.alarms)")
            XCTAssertTrue(nothing.message.contains("robots.txt unreachable"), nothing.message)
            XCTAssertTrue(nothing.message.lowercased().contains("connect"), nothing.message)
            let site = try XCTUnwrap(outcome.sites.first)
            XCTAssertEqual(site.fetchErrors, 1)
            XCTAssertEqual(site.robotsDisallowed, 0)
        }
        XCTAssertEqual(try store.runs(job: "down").map(\.status), [.alarms, .alarms, .alarms])
    }

    /// A real `Disallow` is not an error, but a site with nothing allowed still says so.
    func testDisallowedSiteCountsUnderRobotsAndStillAlarms() async throws {
        let server = try LoopbackServer { req in
            req.path == "/robots.txt" ? .text("User-agent: *\nDisallow: /\n") : .html(SiteDownTests.productPage(1))
        }
        try server.start()
        defer { server.stop() }
        let store = try PriceStore(path: dir + "/pw.sqlite")
        let runner = CrawlRunner(store: store, lockDirectory: dir + "/locks")
        let outcome = try await runner.run(try job(name: "closed", start: [server.baseURL + "/p/1"]), options: options())
        XCTAssertTrue(outcome.summary.contains("errors=0 "), outcome.summary)
        XCTAssertTrue(outcome.summary.contains("robots=1 "), outcome.summary)
        XCTAssertEqual(outcome.alarms.map(\.kind), [.nothingFetched])
        XCTAssertTrue(outcome.alarms[0].message.contains("1 disallowed by robots.txt"), outcome.alarms[0].message)
        XCTAssertEqual(outcome.status, .alarms)
    }

    /// Healthy runs set the baseline; runs of the site going down keep alarming on item count,
    /// however many of them there are, because their counts are not part of the median.
    func testFailedRunsDoNotBecomeTheItemCountBaseline() async throws {
        final class Switch: @unchecked Sendable {
            let lock = NSLock(); var down = false
            var isDown: Bool { lock.lock(); defer { lock.unlock() }; return down }
            func set(_ d: Bool) { lock.lock(); down = d; lock.unlock() }
        }
        let state = Switch()
        let server = try LoopbackServer { req in
            if state.isDown { return .text("maintenance", status: 503) }
            if req.path == "/robots.txt" { return .text("none", status: 404) }
            return .html(SiteDownTests.productPage(Int(req.path.split(separator: "/").last ?? "") ?? 0))
        }
        try server.start()
        defer { server.stop() }
        let store = try PriceStore(path: dir + "/pw.sqlite")
        let runner = CrawlRunner(store: store, lockDirectory: dir + "/locks")
        let shop = try job(name: "shop", start: (1...3).map { server.baseURL + "/p/\($0)" })
        for _ in 0..<2 {
            let healthy = try await runner.run(shop, options: options())
            XCTAssertEqual(healthy.status, .ok, healthy.summary + " \(healthy.alarms)")
            XCTAssertEqual(healthy.sites.first?.items, 3)
        }
        state.set(true)
        for n in 1...4 {
            let outcome = try await runner.run(shop, options: options())
            XCTAssertEqual(outcome.status, .alarms, "down run \(n): \(outcome.summary)")
            let kinds = Set(outcome.alarms.map(\.kind))
            XCTAssertTrue(kinds.contains(.nothingFetched), "down run \(n): \(outcome.alarms)")
            XCTAssertTrue(kinds.contains(.itemCount), "down run \(n): the median of the healthy runs stays the baseline: \(outcome.alarms)")
            XCTAssertTrue(outcome.alarms.first { $0.kind == .nothingFetched }?.message.contains("HTTP 503") == true, "\(outcome.alarms)")
        }
        let history = try runner.recentItemCounts(job: "shop", excluding: -1)
        XCTAssertEqual(history.values.first, [3, 3], "only the healthy runs count")
    }
}
