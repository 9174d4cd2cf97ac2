import XCTest
import Fetch
import Foundation
import LoopbackServer
import Store
@testable import Crawl
import TestLogging

/// Review pages are skipped when a listing's review count has not moved - but only against a
/// count whose review pages all came back. A run stopped between a product page and its reviews,
/// or review pages that failed, must not lose those reviews for good.
final class ReviewSyncTests: XCTestCase {
    override class func setUp() {
        super.setUp()
        TestLog.install()
    }

    var dir: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "pw-reviews-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    /// Two products, each with 4 reviews on two review pages (/r/ID/1 -> /r/ID/2).
    final class Shop: @unchecked Sendable {
        enum Mode { case normal, failReviews, stopOnFirstReview }
        let lock = NSLock()
        private var mode = Mode.normal
        private var reviewRequests = 0
        var onStop: (@Sendable () -> Void)?

        func set(_ m: Mode) { lock.lock(); mode = m; reviewRequests = 0; lock.unlock() }
        var reviewPagesRequested: Int { lock.lock(); defer { lock.unlock() }; return reviewRequests }

        func handle(_ req: HTTPRequest) -> HTTPResponse {
            let parts = req.path.split(separator: "/").map(String.init)
            if req.path == "/robots.txt" { return .text("User-agent: *\nAllow: /\n") }
            if parts.count == 2, parts[0] == "p", let id = Int(parts[1]) {
                return .html("""
                    <html><body><div id="dp" data-id="P\(id)"><h1>Kettle \(id)</h1><span class="price">$\(20 + id).00</span>
                    <span class="count">4 ratings</span><a class="reviews" href="/r/\(id)/1">All reviews</a></div></body></html>
                    """)
            }
            if parts.count == 3, parts[0] == "r", let id = Int(parts[1]), let page = Int(parts[2]) {
                lock.lock()
                reviewRequests += 1
                let m = mode
                let stop = onStop
                lock.unlock()
                switch m {
                case .failReviews: return .text("oops", status: 500)
                case .stopOnFirstReview:
                    // SIGTERM arrives while the first review page is on its way.
                    stop?()
                    Thread.sleep(forTimeInterval: 0.2)
                case .normal: break
                }
                let reviews = (1...2).map { n in
                    "<div class=\"review\" data-id=\"R\(id)-\(page)-\(n)\"><p>Review \(n) of page \(page) for kettle \(id>1 ? "two" : "one").</p></div>"
                }.joined()
                let next = page == 1 ? "<a class=\"next\" href=\"/r/\(id)/2\">next</a>" : ""
                return .html("<html><body>\(reviews)\(next)</body></html>")
            }
            return .text("not found", status: 404)
        }
    }

    func setUpShop() throws -> (Shop, LoopbackServer, Job) {
        let shop = Shop()
        let server = try LoopbackServer { shop.handle($0) }
        try server.start()
        addTeardownBlock { server.stop() }
        try """
        site: revshop
        url_patterns: ["http://127.0.0.1:*/*"]
        currency_hint: USD
        language: en
        pages:
          product:
            match: "*/p/*"
            fields:
              external_id: {css: "#dp::attr(data-id)", required: true}
              title: {css: "h1::text", required: true}
              price: {css: "span.price::text", parser: price, required: true}
              review_count: {css: "span.count::text", parser: count}
            links:
              reviews: {css: "a.reviews::attr(href)"}
          reviews:
            match: "*/r/*"
            item: {css: "div.review"}
            fields:
              review_id: {css: "div.review::attr(data-id)", required: true}
              body: {css: "p::text", required: true}
            links:
              next: {css: "a.next::attr(href)"}
        """.write(toFile: dir + "/revshop.yml", atomically: true, encoding: .utf8)
        try """
        name: revshop
        schedule: "*/5 * * * *"
        sites:
          - selectors: \(dir!)/revshop.yml
            start: ["\(server.baseURL)/p/1", "\(server.baseURL)/p/2"]
            depth: 1
        market: {currency_hint: USD}
        limits: {max_pages: 100, concurrency: 2, per_host_concurrency: 1, per_host_delay: 0ms, timeout: 5s, max_tries: 1}
        required_fields: [price]
        alarms: {max_error_rate: 1.0}
        """.write(toFile: dir + "/revshop-job.yml", atomically: true, encoding: .utf8)
        return (shop, server, try Job.load(path: dir + "/revshop-job.yml"))
    }

    func options() -> CrawlRunner.RunOptions {
        var o = CrawlRunner.RunOptions()
        o.adjustSettings = { s in s.autoThrottle.enabled = false }
        return o
    }

    func testInterruptedRunThenFreshRunStoresEveryReview() async throws {
        let (shop, _, job) = try setUpShop()
        let store = try PriceStore(path: dir + "/pw.sqlite")
        let runner = CrawlRunner(store: store, lockDirectory: dir + "/locks")
        shop.onStop = { runner.requestStop() }
        shop.set(.stopOnFirstReview)
        let stopped = try await runner.run(job, options: options())
        XCTAssertEqual(stopped.status, .interrupted, stopped.summary)
        XCTAssertFalse(try store.latestObservations().isEmpty, "a product page was stored before the stop")
        XCTAssertLessThan(try store.reviews().count, 8, "the stop came before all review pages")

        // A fresh run (cron's `run --due`, no --resume), on a new runner as a new process would be.
        shop.set(.normal)
        let fresh = try await CrawlRunner(store: store, lockDirectory: dir + "/locks").run(job, options: options())
        XCTAssertEqual(fresh.status, .ok, fresh.summary + " \(fresh.alarms)")
        XCTAssertEqual(try store.reviews().count, 8, "all reviews of both products")
        XCTAssertEqual(try store.reviewsSyncedCounts().map(\.reviewCount), [4, 4])

        // Now the counts are trusted: an unchanged count skips the review pages.
        shop.set(.normal)
        let third = try await CrawlRunner(store: store, lockDirectory: dir + "/locks").run(job, options: options())
        XCTAssertEqual(third.status, .ok, third.summary)
        XCTAssertEqual(shop.reviewPagesRequested, 0, "unchanged review counts whose pages all came back are skipped")
    }

    func testReviewPagesFailingOnceAreFetchedByTheNextRun() async throws {
        let (shop, _, job) = try setUpShop()
        let store = try PriceStore(path: dir + "/pw.sqlite")
        let runner = CrawlRunner(store: store, lockDirectory: dir + "/locks")
        shop.set(.failReviews)
        TestLog.clear()
        let failing = try await runner.run(job, options: options())
        XCTAssertNotEqual(failing.status, .interrupted, failing.summary)
        XCTAssertEqual(TestLog.lines().filter { $0.hasPrefix("warning pricewatch.crawl: fetch failed outcome=http-500") }.count, 2, "\(TestLog.lines())")
        XCTAssertEqual(try store.latestObservations().count, 2)
        XCTAssertEqual(try store.reviews().count, 0)
        XCTAssertEqual(shop.reviewPagesRequested, 2, "page 1 of each product, failed")
        XCTAssertTrue(try store.reviewsSyncedCounts().isEmpty, "a count whose review pages failed is not trusted")

        shop.set(.normal)
        let next = try await runner.run(job, options: options())
        XCTAssertEqual(next.status, .ok, next.summary + " \(next.alarms)")
        XCTAssertEqual(try store.reviews().count, 8)
        XCTAssertEqual(shop.reviewPagesRequested, 4)
    }
}
