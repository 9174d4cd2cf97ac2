import XCTest
import Foundation
import LoopbackServer
@testable import Fetch
import TestLogging

/// Hosts that try to stall or trick a run (issue 27), against real loopback servers.
final class HostileHostTests: XCTestCase {
    override class func setUp() {
        super.setUp()
        TestLog.install()
    }

    func serve(_ handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws -> LoopbackServer {
        let server = try LoopbackServer(handler: handler)
        try server.start()
        addTeardownBlock { server.stop() }
        return server
    }

    func settings(robots: Bool) -> FetchSettings {
        var s = FetchSettings()
        s.obeyRobots = robots
        s.autoThrottle.enabled = false
        s.retry.baseDelay = 0.01
        s.retry.maxDelay = 0.02
        return s
    }

    /// A redirect into a path robots.txt disallows, on the same host or another: not requested.
    func testRedirectIntoADisallowedPathIsNotFetched() async throws {
        let other = try serve { req in req.path == "/robots.txt" ? .text("User-agent: *\nDisallow: /secret\n") : .text("other \(req.path)") }
        let otherURL = other.baseURL
        let server = try serve { req in
            switch req.path {
            case "/robots.txt": return .text("User-agent: *\nDisallow: /private\n")
            case "/same": return .redirect(to: "/private/x")
            case "/away": return .redirect(to: otherURL + "/secret/y")
            case "/fine": return .redirect(to: otherURL + "/public")
            default: return .text("page \(req.path)")
            }
        }
        let fetcher = Fetcher(settings: settings(robots: true))
        defer { fetcher.shutdown() }
        let rs = await fetcher.fetchAll(["/same", "/away", "/fine"].map { FetchRequest(url: server.baseURL + $0) })
        XCTAssertEqual(rs.map(\.outcome), [.robotsDisallowed, .robotsDisallowed, .ok])
        XCTAssertEqual(rs[0].finalURL, server.baseURL + "/private/x")
        XCTAssertEqual(rs[2].redirects.map(\.status), [302])
        XCTAssertFalse(server.requestLog.contains { $0.target.hasPrefix("/private") })
        XCTAssertFalse(other.requestLog.contains { $0.target.hasPrefix("/secret") })
        XCTAssertTrue(other.requestLog.contains { $0.target == "/public" })
    }

    /// A 429 storm with Retry-After: 100000: the run ends at once with a named outcome, and the
    /// server sees at most the transfers that were already in flight.
    func testRetryAfterStormGivesUpOnTheHost() async throws {
        let server = try serve { _ in var r = HTTPResponse.text("slow down", status: 429); r.headers.append(("Retry-After", "100000")); return r }
        var s = settings(robots: false)
        s.maxPerHost = 4
        let fetcher = Fetcher(settings: s)
        defer { fetcher.shutdown() }
        TestLog.clear()
        let rs = await fetcher.fetchAll((0..<100).map { FetchRequest(url: "\(server.baseURL)/p\($0)") })
        XCTAssertEqual(Set(rs.map(\.outcome.kind)), ["rate-limited"])
        let givingUp = TestLog.lines().filter { $0.hasPrefix("warning pricewatch.fetch: giving up on host") }
        XCTAssertEqual(givingUp.count, 1, "one warning for the host, not one per URL: \(TestLog.lines())")
        XCTAssertTrue(givingUp.first?.contains("Retry-After 100000 s exceeds the 120 s cap") == true, "\(givingUp)")
        XCTAssertLessThanOrEqual(server.statistics.requests, 4, "only the transfers already in flight")
        XCTAssertEqual(fetcher.stats.errorsByKind["rate-limited"], 100)
        XCTAssertTrue(rs[0].outcome.description.contains("Retry-After 100000 s exceeds the 120 s cap"), rs[0].outcome.description)
    }

    func testCrawlDelayIsCapped() {
        XCTAssertEqual(FetchSettings().maxCrawlDelay, 30)
        XCTAssertTrue(Fetcher.crawlDelay(100_000, cap: 30) == (30, true))
        XCTAssertTrue(Fetcher.crawlDelay(2, cap: 30) == (2, false))
        XCTAssertTrue(Fetcher.crawlDelay(nil, cap: 30) == (0, false))
    }

    func testHeaderValuesWithControlCharactersAreRefused() {
        XCTAssertEqual(FetchSettings.headerValueProblem("pw\r\nX-Evil: 1"), "contains a control character (U+000D)")
        XCTAssertNotNil(FetchSettings.headerValueProblem("a\u{7F}"))
        XCTAssertNil(FetchSettings.headerValueProblem("pricewatch/0.1 (+https://x)\twith tab"))
        XCTAssertNotNil(FetchSettings.headerNameProblem("X-A: b"))
        XCTAssertNil(FetchSettings.headerNameProblem("X-Requested-With"))
    }

    func testMalformedFinalResponsesHaveTheirOwnOutcome() {
        XCTAssertEqual(Fetcher.malformation(status: 200, headers: [("Content-Length", "5"), ("Content-Length", "10")]), .conflictingContentLength)
        XCTAssertEqual(Fetcher.malformation(status: 200, headers: [("Content-Length", "5, 5")]), nil)
        XCTAssertEqual(Fetcher.malformation(status: 101, headers: []), .unexpectedStatus(101))
        XCTAssertEqual(Fetcher.redirectTarget(location: "", from: "http://h/a", status: 302, hops: 0, maxRedirects: 5), .fail(.redirectWithoutLocation(status: 302)))
        XCTAssertEqual(Fetcher.redirectTarget(location: "/b", from: "http://h/a", status: 302, hops: 0, maxRedirects: 5), .follow("http://h/b"))
    }
}
