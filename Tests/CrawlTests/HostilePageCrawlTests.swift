import XCTest
import Fetch
import Foundation
import LoopbackServer
import Store
@testable import Crawl

/// Issue 27 items 3 and 6 in a crawl: a listing nested past libxml2's old limit of 256 keeps its
/// last items and its next link; a page over a parse cap is a parse failure with its reason,
/// counted in the run's health, and the run goes on with the next page.
final class HostilePageCrawlTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "pw-hostile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    static func product(_ id: Int, attributes: Int = 2) -> String {
        let extra = (0..<attributes).map { " data-a\($0)=\"1\"" }.joined()
        return "<html><body><div id=\"dp\" data-id=\"P\(id)\"><h1>Kettle \(id)</h1><span class=\"price\"\(extra)>$\(20 + id).00</span></div></body></html>"
    }

    /// /c/1: 300 items that each leave a `<div>` open, the last linking /p/3, then the next link;
    /// /c/2: nested 5000 deep; /p/2: a price element with 300 attributes.
    static func handle(_ req: HTTPRequest) -> HTTPResponse {
        switch req.path {
        case "/robots.txt": return .text("User-agent: *\nAllow: /\n")
        case "/c/1":
            var html = "<html><body><div id=\"list\">"
            for i in 1...300 {
                let link = i == 1 ? "/p/1" : i == 2 ? "/p/2" : i == 300 ? "/p/3" : "/x/\(i)"
                html += "<div class=\"card\"><div><a class=\"p\" href=\"\(link)\">Item \(i)</a></div>\n"
            }
            return .html(html + "<a class=\"next\" href=\"/c/2\">next</a></body></html>")
        case "/c/2": return .html("<html><body>" + String(repeating: "<div>", count: 5000) + "<a class=\"p\" href=\"/p/4\">x</a></body></html>")
        case "/p/1": return .html(product(1))
        case "/p/2": return .html(product(2, attributes: 300))
        case "/p/3": return .html(product(3))
        default: return .text("not found", status: 404)
        }
    }

    func job(_ server: LoopbackServer) throws -> Job {
        try """
        site: deepshop
        url_patterns: ["http://127.0.0.1:*/c/*", "http://127.0.0.1:*/p/*"]
        currency_hint: USD
        pages:
          listing:
            match: "*/c/*"
            item: {css: "div.card"}
            fields:
              title: {css: "a.p::text", required: true}
            links:
              product: {css: "a.p::attr(href)"}
              next: {css: "a.next::attr(href)"}
          product:
            match: "*/p/*"
            fields:
              external_id: {css: "#dp::attr(data-id)", required: true}
              title: {css: "h1::text", required: true}
              price: {css: "span.price::text", parser: price, required: true}
        """.write(toFile: dir + "/deepshop.yml", atomically: true, encoding: .utf8)
        try """
        name: deepshop
        schedule: "*/5 * * * *"
        sites:
          - selectors: \(dir!)/deepshop.yml
            start: ["\(server.baseURL)/c/1"]
            depth: 1
        market: {currency_hint: USD}
        limits: {max_pages: 100, concurrency: 2, per_host_delay: 0ms, timeout: 5s, max_tries: 1}
        required_fields: [price]
        """.write(toFile: dir + "/deepshop-job.yml", atomically: true, encoding: .utf8)
        return try Job.load(path: dir + "/deepshop-job.yml")
    }

    func testDeepListingIsReadToTheEndAndPagesOverACapAreParseFailuresWithTheirReason() async throws {
        let server = try LoopbackServer { HostilePageCrawlTests.handle($0) }
        try server.start()
        defer { server.stop() }
        let store = try PriceStore(path: dir + "/pw.sqlite")
        var options = CrawlRunner.RunOptions()
        options.adjustSettings = { s in s.autoThrottle.enabled = false }
        let outcome = try await CrawlRunner(store: store, lockDirectory: dir + "/locks").run(try job(server), options: options)

        // The last item of /c/1 (past depth 300) led to /p/3, and its next link to /c/2.
        let requested = Set(server.requestLog.map(\.target))
        XCTAssertTrue(requested.isSuperset(of: ["/c/1", "/c/2", "/p/1", "/p/2", "/p/3"]), "\(requested.sorted())")
        let stored = Set(try store.latestObservations().map(\.listing.url))
        XCTAssertEqual(stored, ["\(server.baseURL)/p/1", "\(server.baseURL)/p/3"], "a page over a cap stores nothing")

        let site = try XCTUnwrap(outcome.sites.first, outcome.summary)
        XCTAssertEqual(site.unparsablePages, 2, "/c/2 and /p/2")
        XCTAssertEqual(site.parseFailures, 2)
        XCTAssertEqual(site.productPages, 2)
        let first = try XCTUnwrap(site.firstParseError)
        XCTAssertTrue(first.contains("/c/2: page has elements nested deeper than 4096") || first.contains("/p/2: page has an element with 301 attributes"), first)
        XCTAssertTrue(first.contains("(cap "), first)
        // Half the pages that should have given records did not: the health check says so, with the reason.
        let alarm = try XCTUnwrap(outcome.alarms.first { $0.kind == .parseFailures }, "\(outcome.alarms)")
        XCTAssertTrue(alarm.message.contains("50% of pages failed to parse"), alarm.message)
        XCTAssertTrue(alarm.message.contains("2 pages not read, first \(first)"), alarm.message)
        XCTAssertEqual(outcome.status, .alarms, outcome.summary)
    }
}
