import XCTest
import DemoShop
import Fetch
import FieldParsers
import Foundation
import Model
import Report
import Sentiment
import Store
@testable import Crawl
import TestLogging

/// End to end: the demo shops on loopback, crawled by the real jobs and selector sets in the
/// repository, into a real SQLite file; every field checked against the simulator's truth.
final class DemoCrawlTests: XCTestCase {
    override class func setUp() {
        super.setUp()
        TestLog.install()
    }

    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var dir: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "pw-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func job(_ shop: DemoShopID) throws -> Job {
        try Job.load(path: DemoCrawlTests.repo.appendingPathComponent("Jobs/demo-\(shop.rawValue).yml").path)
    }

    func options(_ server: DemoServer, day: Int) -> CrawlRunner.RunOptions {
        var o = CrawlRunner.RunOptions()
        o.variables = ["DEMO_URL": server.baseURL]
        let at = DemoWorld.date(ofDay: day).addingTimeInterval(12 * 3600)
        o.now = { at }
        o.adjustSettings = { s in
            s.retry.baseDelay = 0.02
            s.retry.maxDelay = 0.1
            s.autoThrottle.enabled = false
        }
        return o
    }

    func testThreeDaysOfAllFiveShopsMatchTheTruth() async throws {
        var faults = DemoFaults()
        faults.rateLimitedShare = 0.02
        faults.unavailableShare = 0.02
        faults.truncatedShare = 0.01
        let server = try DemoServer(faults: faults)
        try server.start()
        defer { server.stop() }
        let store = try PriceStore(path: dir + "/pw.sqlite")
        let runner = CrawlRunner(store: store, lockDirectory: dir + "/locks")
        for day in 0..<3 {
            server.setDay(day)
            for shop in DemoShopID.allCases {
                let outcome = try await runner.run(try job(shop), options: options(server, day: day))
                XCTAssertEqual(outcome.status, .ok, "\(shop) day \(day): \(outcome.summary) \(outcome.alarms)")
            }
        }
        // Robots: the disallowed cart and search paths were never requested.
        XCTAssertFalse(server.requestLog.contains { $0.target.contains("/cart") || $0.target.hasPrefix("/cn/search") })

        var checked = 0, wrong: [String] = []
        let latest = try store.latestObservations()
        for (listing, o) in latest {
            guard let shop = DemoShopID.allCases.first(where: { $0.siteKey == listing.site }),
                  let id = listing.externalID.flatMap({ Int($0.split(separator: "-").last ?? "") }),
                  let t = DemoWorld.truth(shop: shop, productID: id, day: 2) else { wrong.append("unmatched \(listing.url)"); continue }
            func check(_ field: String, _ got: String?, _ want: String?) {
                checked += 1
                if got != want { wrong.append("\(listing.site) #\(id) \(field): got \(got ?? "nil"), want \(want ?? "nil")") }
            }
            check("price", o.price?.description, t.price.description)
            check("list price", o.listPrice?.description, t.listPrice?.description)
            check("availability", o.availability?.rawValue, t.inStock ? "InStock" : "OutOfStock")
            check("rating", o.rating.map { "\($0)" }, t.rating.map { "\($0)" })
            check("review count", o.reviewCount.map(String.init), String(t.reviewCount))
            let sales = DemoSitesPublic.displayedSales(t)
            check("sales", o.sales.map { "\($0.count) \($0.window.rawValue) \($0.isLowerBound)" }, sales.map { "\($0.count) \($0.window.rawValue) \($0.isLowerBound)" })
            check("title", listing.title, t.product.title(shop.language))
            check("tax", o.taxIncluded.map(String.init), shop == .jp ? "true" : nil)
            if shop == .br, let p = o.price {
                XCTAssertNotEqual(p.amount, (t.price.amount / 12), "the 12x instalment is never the price")
            }
        }
        let expectedListings = DemoShopID.allCases.reduce(0) { $0 + DemoWorld.products(of: $1).count }
        XCTAssertEqual(latest.count, expectedListings, "every product of every shop was observed")
        let accuracy = Double(checked - wrong.count) / Double(max(checked, 1))
        print("demo crawl field accuracy: \(checked - wrong.count)/\(checked) = \(String(format: "%.4f", accuracy))")
        XCTAssertEqual(wrong, [], "field mismatches")
        // Reviews are stored once, however many days they were seen.
        let sample = try XCTUnwrap(latest.first { $0.listing.site == "demo-jp" })
        let jpID = Int(sample.listing.externalID!.split(separator: "-").last!)!
        XCTAssertEqual(try store.reviews(listing: sample.listing.id!).count, DemoWorld.truth(shop: .jp, productID: jpID, day: 2)!.reviewCount)
        XCTAssertTrue(try store.reviews(listing: sample.listing.id!).contains { $0.body.contains("。") }, "Japanese text intact")
        // Every review is scored as it is stored; in every language the text agrees with the stars.
        let reviews = try store.reviews()
        XCTAssertGreaterThan(reviews.count, 100)
        var agree: [String: (Int, Int)] = [:]
        for r in reviews {
            let label = try XCTUnwrap(r.sentimentLabel, "review \(r.siteReviewID ?? "") has no sentiment")
            XCTAssertNotNil(r.sentimentScore)
            XCTAssertNotNil(r.aspects)
            guard let stars = r.rating, stars != 3 else { continue }
            let lang = r.language ?? "?"
            let want = stars > 3 ? "positive" : "negative"
            agree[lang, default: (0, 0)].0 += label == want ? 1 : 0
            agree[lang, default: (0, 0)].1 += 1
        }
        XCTAssertEqual(Set(agree.keys), ["en", "de", "zh", "pt", "ja"])
        for (lang, (ok, n)) in agree {
            XCTAssertGreaterThanOrEqual(Double(ok) / Double(n), 0.95, "\(lang): \(ok)/\(n) reviews' text sentiment agrees with their stars")
        }
        // Return reasons as the report reads them from the stored reviews: exactly the simulator's, per shop and reason.
        var truthReturns: [String: [String: Int]] = [:], reported: [String: [String: Int]] = [:]
        for shop in DemoShopID.allCases {
            for p in DemoWorld.products(of: shop) {
                for r in DemoWorld.truth(shop: shop, productID: p.id, day: 2)?.reviews ?? [] {
                    if let reason = r.returnReason { truthReturns[shop.siteKey, default: [:]][reason, default: 0] += 1 }
                }
            }
        }
        let returns = ReturnSummary(items: try ReviewReport.items(store: store), since: .distantPast, until: .distantFuture)
        for g in returns.groups { for t in g.byReason { reported[g.site, default: [:]][t.reason.rawValue, default: 0] += t.count } }
        XCTAssertEqual(reported, truthReturns)
        XCTAssertGreaterThan(returns.returns, 100)
    }

    func testLayoutChangeDayRaisesACoverageAlarmAndNormalDaysDoNot() async throws {
        var faults = DemoFaults()
        faults.layoutChange = (.us, 2)
        let server = try DemoServer(faults: faults)
        try server.start()
        defer { server.stop() }
        let store = try PriceStore(path: dir + "/pw.sqlite")
        let runner = CrawlRunner(store: store, lockDirectory: dir + "/locks")
        var statuses: [ExitStatus] = []
        var alarms: [[Alarm]] = []
        for day in 0..<3 {
            server.setDay(day)
            let outcome = try await runner.run(try job(.us), options: options(server, day: day))
            statuses.append(outcome.status)
            alarms.append(outcome.alarms)
        }
        XCTAssertEqual(statuses, [.ok, .ok, .alarms])
        let coverage = try XCTUnwrap(alarms[2].first { $0.kind == .coverage })
        XCTAssertEqual(coverage.fields, ["price"])
        // Only the price broke: the alarm says so, and that the same pages still gave stock and sales
        // (the report used to say "100% of product pages failed to parse" next to their stock changes).
        let parse = try XCTUnwrap(alarms[2].first { $0.kind == .parseFailures }, "\(alarms[2])")
        XCTAssertTrue(parse.message.hasPrefix("price missing on 100% of product pages (max 5%)"), parse.message)
        XCTAssertTrue(parse.message.contains("availability 100%") && parse.message.contains("sales"), parse.message)
        XCTAssertFalse(parse.message.contains("failed to parse"), parse.message)
        XCTAssertEqual(try store.runs(job: "demo-us").first?.status, .alarms)
        // The missing price is missing with its reason, never zero.
        let broken = try XCTUnwrap(try store.latestObservations(site: "demo-us").first?.observation)
        XCTAssertNil(broken.price)
        XCTAssertTrue(broken.missing["price"]?.contains("no match") ?? false, "\(broken.missing)")
    }

    func testSecondRunOfTheSameJobIsRefusedWhileTheFirstHoldsTheLock() async throws {
        let server = try DemoServer()
        try server.start()
        defer { server.stop() }
        let store = try PriceStore(path: dir + "/pw.sqlite")
        let held = try JobLock.acquire(job: "demo-br", directory: dir + "/locks")
        let runner = CrawlRunner(store: store, lockDirectory: dir + "/locks")
        do {
            _ = try await runner.run(try job(.br), options: options(server, day: 0))
            XCTFail("the second run must not start")
        } catch let e as CrawlRunner.RunError {
            XCTAssertEqual(e.exitStatus, .leaseHeld)
        }
        held.release()
        let ok = try await runner.run(try job(.br), options: options(server, day: 0))
        XCTAssertEqual(ok.status, .ok)
    }

    func testStopMidRunThenResumeEndsWithTheSameObservations() async throws {
        let server = try DemoServer()
        try server.start()
        defer { server.stop() }
        // Reference: an uninterrupted run.
        let reference = try PriceStore(path: dir + "/ref.sqlite")
        _ = try await CrawlRunner(store: reference, lockDirectory: dir + "/locks").run(try job(.eu), options: options(server, day: 1))
        let want = try reference.latestObservations().map { "\($0.listing.url) \($0.observation.price?.description ?? "-")" }.sorted()

        let store = try PriceStore(path: dir + "/pw.sqlite")
        let runner = CrawlRunner(store: store, lockDirectory: dir + "/locks")
        var o = options(server, day: 1)
        final class Once: @unchecked Sendable { var fired = false }
        let once = Once()
        o.onProgress = { p in
            if p.done >= 40 && !once.fired { once.fired = true; runner.requestStop() }
        }
        let first = try await runner.run(try job(.eu), options: o)
        XCTAssertEqual(first.status, .interrupted)
        XCTAssertEqual(try store.runs(job: "demo-eu").first?.status, .interrupted)
        XCTAssertLessThan(try store.latestObservations().count, want.count)

        let resumer = CrawlRunner(store: store, lockDirectory: dir + "/locks")
        var r = options(server, day: 1)
        r.resume = true
        TestLog.clear()
        let second = try await resumer.run(try job(.eu), options: r)
        XCTAssertTrue(TestLog.lines().contains { $0.hasPrefix("info pricewatch.crawl: resuming run") && $0.contains("job=demo-eu") }, "\(TestLog.lines())")
        XCTAssertEqual(second.status, .ok, second.summary)
        XCTAssertEqual(second.runID, first.runID, "the same run continues")
        let got = try store.latestObservations().map { "\($0.listing.url) \($0.observation.price?.description ?? "-")" }.sorted()
        XCTAssertEqual(got, want)
    }
}
