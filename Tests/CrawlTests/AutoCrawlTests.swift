import XCTest
import DemoShop
import Foundation
import Store
@testable import Crawl
import TestLogging

/// Jobs without selectors: `selectors: auto` crawls product pages with the automatic extractor,
/// and a selector set that lacks a field gets the automatic value, stored with source "auto".
final class AutoCrawlTests: XCTestCase {
    override class func setUp() {
        super.setUp()
        TestLog.install()
    }

    var dir: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "pw-auto-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func options(_ server: DemoServer) -> CrawlRunner.RunOptions {
        var o = CrawlRunner.RunOptions()
        o.variables = ["DEMO_URL": server.baseURL]
        let at = DemoWorld.date(ofDay: 0).addingTimeInterval(12 * 3600)
        o.now = { at }
        o.adjustSettings = { s in
            s.retry.baseDelay = 0.02
            s.autoThrottle.enabled = false
        }
        return o
    }

    func jobYAML(_ server: DemoServer, selectors: String, shop: DemoShopID, ids: [Int], currency: String) -> String {
        """
        name: auto-\(shop.rawValue)
        schedule: "0 * * * *"
        sites:
          - selectors: \(selectors)
            start: [\(ids.map { "\"\(server.productURL(shop, $0))\"" }.joined(separator: ", "))]
            depth: 0
        market: {currency_hint: \(currency)}
        limits: {max_pages: 100, concurrency: 4, per_host_delay: 0ms, timeout: 10s, max_tries: 3}
        required_fields: [price, availability]
        """
    }

    func testSelectorsAutoAndMissingFieldsComeFromTheAutomaticExtractor() async throws {
        let server = try DemoServer()
        try server.start()
        defer { server.stop() }
        let store = try PriceStore(path: dir + "/pw.sqlite")
        let runner = CrawlRunner(store: store, lockDirectory: dir + "/locks")

        // 1. selectors: auto on the JSON-LD shop (eu) and the marketplace layout (us).
        var expected: [String: (price: String, availability: String)] = [:]
        for (shop, currency) in [(DemoShopID.eu, "EUR"), (.us, "USD")] {
            let ids = DemoWorld.products(of: shop).prefix(6).map(\.id)
            for id in ids {
                guard let t = DemoWorld.truth(shop: shop, productID: id, day: 0) else { continue }
                expected[server.productURL(shop, id)] = (t.price.description, t.inStock ? "InStock" : "OutOfStock")
            }
            let path = dir + "/auto-\(shop.rawValue).yml"
            try jobYAML(server, selectors: "auto", shop: shop, ids: ids, currency: currency).write(toFile: path, atomically: true, encoding: .utf8)
            let outcome = try await runner.run(try Job.load(path: path), options: options(server))
            XCTAssertNotEqual(outcome.status, .configuration, outcome.summary)
        }

        // 2. A selector set for the US shop without price and availability rules.
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var yaml = try String(contentsOfFile: repo.appendingPathComponent("Selectors/demo-us.yml").path, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "site: demo-us", with: "site: demo-us-partial")
        var kept: [Substring] = []
        var skipping = false
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("      price:") || line.hasPrefix("      availability:") { skipping = !line.contains("{"); continue }
            if skipping { if line.hasPrefix("        ") { continue } else { skipping = false } }
            kept.append(line)
        }
        try kept.joined(separator: "\n").write(toFile: dir + "/demo-us-partial.yml", atomically: true, encoding: .utf8)
        let partialIDs = DemoWorld.products(of: .us).dropFirst(6).prefix(4).map(\.id)
        for id in partialIDs {
            guard let t = DemoWorld.truth(shop: .us, productID: id, day: 0) else { continue }
            expected[server.productURL(.us, id)] = (t.price.description, t.inStock ? "InStock" : "OutOfStock")
        }
        let partial = dir + "/partial.yml"
        try jobYAML(server, selectors: dir + "/demo-us-partial.yml", shop: .us, ids: partialIDs, currency: "USD").write(toFile: partial, atomically: true, encoding: .utf8)
        _ = try await runner.run(try Job.load(path: partial), options: options(server))

        var checked = 0
        for (listing, o) in try store.latestObservations() {
            guard let want = expected[listing.url] else { continue }
            XCTAssertEqual(o.price?.description, want.price, "\(listing.site) \(listing.url) price")
            XCTAssertEqual(o.availability?.rawValue, want.availability, "\(listing.url) availability")
            XCTAssertEqual(o.sources["price"], "auto", "\(listing.url) price source")
            XCTAssertNotNil(listing.title, "\(listing.url) title")
            if listing.site == "demo-us-partial" { XCTAssertEqual(o.sources["title"], "css", "the set's own rule still reads the title") }
            checked += 1
        }
        XCTAssertEqual(checked, expected.count, "every product page stored")
    }
}
