import XCTest
import Foundation
import LoopbackServer
@testable import Fetch
import TestLogging

/// Every test talks to a real HTTP server on 127.0.0.1.
final class FetcherTests: XCTestCase {
    override class func setUp() {
        super.setUp()
        TestLog.install()
    }

    func settings(_ change: (inout FetchSettings) -> Void = { _ in }) -> FetchSettings {
        var s = FetchSettings()
        s.obeyRobots = false
        s.autoThrottle.enabled = false
        s.retry.baseDelay = 0.05
        s.retry.maxDelay = 0.2
        s.totalTimeout = 20
        change(&s)
        return s
    }

    func serve(_ handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws -> LoopbackServer {
        let server = try LoopbackServer(handler: handler)
        try server.start()
        addTeardownBlock { server.stop() }
        return server
    }

    func testGlobalAndPerHostConcurrencyLimitsHold() async throws {
        final class Gauge: @unchecked Sendable {
            let lock = NSLock(); var now = 0; var peak = 0
            func enter() { lock.lock(); now += 1; peak = max(peak, now); lock.unlock() }
            func leave() { lock.lock(); now -= 1; lock.unlock() }
        }
        let both = Gauge()
        let handler: @Sendable (HTTPRequest) -> HTTPResponse = { _ in
            both.enter(); defer { both.leave() }
            Thread.sleep(forTimeInterval: 0.03)
            return .text("ok")
        }
        let a = try serve(handler), b = try serve(handler)
        let fetcher = Fetcher(settings: settings { $0.maxConcurrency = 5; $0.maxPerHost = 3 })
        defer { fetcher.shutdown() }
        let requests = (0..<30).flatMap { i in [FetchRequest(url: "\(a.baseURL)/p/\(i)"), FetchRequest(url: "\(b.baseURL)/p/\(i)")] }
        let responses = await fetcher.fetchAll(requests)
        XCTAssertEqual(responses.filter { $0.outcome == .ok }.count, 60)
        XCTAssertLessThanOrEqual(a.statistics.maxConcurrentRequests, 3)
        XCTAssertLessThanOrEqual(b.statistics.maxConcurrentRequests, 3)
        XCTAssertLessThanOrEqual(both.peak, 5)
        XCTAssertGreaterThanOrEqual(both.peak, 2, "transfers must overlap at all")
        // Keep-alive: far fewer connections than requests.
        XCTAssertLessThanOrEqual(a.statistics.connectionsAccepted, 6)
        XCTAssertEqual(responses.map(\.request.url), requests.map(\.url), "fetchAll keeps order")
    }

    func testRetryAfterIsObeyedThenSuccess() async throws {
        final class Counter: @unchecked Sendable { let l = NSLock(); var n = 0; func next() -> Int { l.lock(); defer { l.unlock() }; n += 1; return n } }
        let c = Counter()
        let flaky = try serve { _ in
            let n = c.next()
            if n <= 2 { var r = HTTPResponse.text("busy", status: 503); r.headers.append(("Retry-After", "1")); return r }
            return .text("finally")
        }
        let fetcher = Fetcher(settings: settings())
        defer { fetcher.shutdown() }
        let r = await fetcher.fetch(FetchRequest(url: flaky.baseURL + "/item"))
        XCTAssertEqual(r.outcome, .ok)
        XCTAssertEqual(String(decoding: r.body, as: UTF8.self), "finally")
        XCTAssertEqual(r.tries, 3)
        let times = flaky.requestLog.map(\.receivedAt)
        XCTAssertEqual(times.count, 3)
        XCTAssertGreaterThanOrEqual(times[1] - times[0], 0.95, "Retry-After: 1 must be waited")
        XCTAssertGreaterThanOrEqual(times[2] - times[1], 0.95)
        XCTAssertEqual(fetcher.stats.retries, 2)
    }

    func testRetryAfterBeyondTheCapFailsWithoutWaiting() async throws {
        let server = try serve { _ in var r = HTTPResponse.text("slow down", status: 429); r.headers.append(("Retry-After", "3600")); return r }
        let fetcher = Fetcher(settings: settings())
        defer { fetcher.shutdown() }
        TestLog.clear()
        let r = await fetcher.fetch(FetchRequest(url: server.baseURL + "/x"))
        XCTAssertEqual(r.outcome.kind, "rate-limited")
        XCTAssertTrue(r.outcome.description.contains("Retry-After 3600 s exceeds the 120 s cap"), r.outcome.description)
        XCTAssertEqual(server.statistics.requests, 1)
        // The host is given up for the engine's life: a 429 storm gets no more requests.
        let more = await fetcher.fetchAll((0..<50).map { FetchRequest(url: server.baseURL + "/p\($0)") })
        XCTAssertEqual(Set(more.map(\.outcome.kind)), ["rate-limited"])
        XCTAssertEqual(server.statistics.requests, 1)
        XCTAssertEqual(fetcher.stats.errorsByKind["rate-limited"], 51)
        // Logged as the host is given up, which the 50 refusals above come after.
        XCTAssertEqual(TestLog.lines().filter { $0.hasPrefix("warning pricewatch.fetch: giving up on host") }.count, 1, "said once: \(TestLog.lines())")
    }

    func testBurstsOf503And429AreRetriedWithBackoff() async throws {
        final class Counter: @unchecked Sendable { let l = NSLock(); var n: [String: Int] = [:]; func next(_ k: String) -> Int { l.lock(); defer { l.unlock() }; n[k, default: 0] += 1; return n[k]! } }
        let c = Counter()
        let server = try serve { req in
            let n = c.next(req.path)
            if n == 1 { return .text("busy", status: 503) }
            if n == 2 { return .text("slow", status: 429) }
            return .text("ok \(req.path)")
        }
        let fetcher = Fetcher(settings: settings { $0.maxConcurrency = 8 })
        defer { fetcher.shutdown() }
        let rs = await fetcher.fetchAll((0..<10).map { FetchRequest(url: "\(server.baseURL)/p\($0)") })
        XCTAssertEqual(rs.map(\.outcome), Array(repeating: .ok, count: 10))
        XCTAssertEqual(rs.map(\.tries), Array(repeating: 3, count: 10))
        XCTAssertEqual(server.statistics.requests, 30)
        // The retry budget ends it: always 503 -> 4 tries, then the error.
        let always = try serve { _ in .text("down", status: 503) }
        let r = await fetcher.fetch(FetchRequest(url: always.baseURL + "/"))
        XCTAssertEqual(r.outcome, .httpError(status: 503))
        XCTAssertEqual(r.tries, 4)
    }

    func testRedirectChainIsRecordedAndOtherSchemesAreRefused() async throws {
        let server = try serve { req in
            switch req.path {
            case "/a": return .redirect(to: "/b", status: 301)
            case "/b": return .redirect(to: "/c")
            case "/c": return .text("landed")
            case "/file": return .redirect(to: "file:///etc/passwd")
            case "/ftp": return .redirect(to: "ftp://127.0.0.1/x")
            case "/loop": return .redirect(to: "/loop")
            default: return .text("?", status: 404)
            }
        }
        let fetcher = Fetcher(settings: settings())
        defer { fetcher.shutdown() }
        let ok = await fetcher.fetch(FetchRequest(url: server.baseURL + "/a"))
        XCTAssertEqual(ok.outcome, .ok)
        XCTAssertEqual(ok.finalURL, server.baseURL + "/c")
        XCTAssertEqual(ok.redirects.map(\.status), [301, 302])
        XCTAssertEqual(ok.redirects.map(\.location), ["/b", "/c"])
        let file = await fetcher.fetch(FetchRequest(url: server.baseURL + "/file"))
        XCTAssertEqual(file.outcome, .disallowedScheme)
        XCTAssertEqual(String(decoding: file.body, as: UTF8.self).contains("root:"), false)
        let ftp = await fetcher.fetch(FetchRequest(url: server.baseURL + "/ftp"))
        XCTAssertEqual(ftp.outcome, .disallowedScheme)
        let loop = await fetcher.fetch(FetchRequest(url: server.baseURL + "/loop"))
        XCTAssertEqual(loop.outcome, .tooManyRedirects)
        let direct = await fetcher.fetch(FetchRequest(url: "file:///etc/passwd"))
        XCTAssertEqual(direct.outcome, .disallowedScheme)
        let bad = await fetcher.fetch(FetchRequest(url: "not a url"))
        XCTAssertEqual(bad.outcome, .invalidURL)
    }

    func testOversizeAndEndlessBodiesAreAborted() async throws {
        let big = Data(repeating: 0x61, count: 2 << 20)
        let server = try serve { req in
            if req.path == "/endless" { var r = HTTPResponse.text(""); r.fault = .endless; return r }
            var r = HTTPResponse(status: 200, headers: [("Content-Type", "text/plain")], body: big)
            r.compressible = req.path == "/gzipbomb"
            return r
        }
        let fetcher = Fetcher(settings: settings { $0.maxResponseBytes = 100_000; $0.retry.maxTries = 1 })
        defer { fetcher.shutdown() }
        for path in ["/big", "/endless", "/gzipbomb"] {
            let r = await fetcher.fetch(FetchRequest(url: server.baseURL + path))
            XCTAssertEqual(r.outcome, .tooLarge, path)
            XCTAssertLessThanOrEqual(r.body.count, 100_000, path)
        }
    }

    func testSlowServerTimesOutAndTruncatedBodyIsReported() async throws {
        let server = try serve { req in
            if req.path == "/slow" { var r = HTTPResponse.text("late"); r.delay = 3; return r }
            var r = HTTPResponse.text(String(repeating: "y", count: 5000))
            r.compressible = false
            r.fault = .truncate(afterBytes: 1000)
            return r
        }
        let fetcher = Fetcher(settings: settings { $0.totalTimeout = 0.5; $0.retry.maxTries = 1 })
        defer { fetcher.shutdown() }
        let slow = await fetcher.fetch(FetchRequest(url: server.baseURL + "/slow"))
        XCTAssertEqual(slow.outcome, .timeout)
        let cut = await fetcher.fetch(FetchRequest(url: server.baseURL + "/cut"))
        XCTAssertEqual(cut.outcome, .truncated)
    }

    func testGzipAndBrotliAreDecoded() async throws {
        let page = String(repeating: "<li>Wasserkocher 1.299,00 €</li>\n", count: 200)
        let server = try serve { _ in .html(page) }
        let fetcher = Fetcher(settings: settings())
        defer { fetcher.shutdown() }
        let r = await fetcher.fetch(FetchRequest(url: server.baseURL + "/"))
        XCTAssertEqual(r.decodedText().text, page)
        XCTAssertNotNil(r.header("Content-Encoding"), "the server compressed it")
        XCTAssertLessThan(r.bytesDownloaded, page.utf8.count / 5)
        let gz = await fetcher.fetch(FetchRequest(url: server.baseURL + "/", headers: ["Accept-Encoding": "gzip"]))
        XCTAssertEqual(gz.header("Content-Encoding"), "gzip")
        XCTAssertEqual(gz.decodedText().text, page)
    }

    func testRobotsDisallowAndCrawlDelayAreObeyed() async throws {
        let server = try serve { req in
            if req.path == "/robots.txt" {
                return .text("User-agent: *\nDisallow: /cart\nDisallow: /*?sort=\nAllow: /cart/public\nCrawl-delay: 0.3\n\nUser-agent: otherbot\nDisallow: /\n")
            }
            return .text("page \(req.target)")
        }
        let fetcher = Fetcher(settings: settings { $0.obeyRobots = true; $0.userAgent = "pricewatch/0.1 (+test)" })
        defer { fetcher.shutdown() }
        let urls = ["/p/1", "/cart", "/cart/checkout", "/cart/public", "/c?sort=price", "/p/2"].map { FetchRequest(url: server.baseURL + $0) }
        let rs = await fetcher.fetchAll(urls)
        XCTAssertEqual(rs.map(\.outcome), [.ok, .robotsDisallowed, .robotsDisallowed, .ok, .robotsDisallowed, .ok])
        let targets = server.requestLog.map(\.target)
        XCTAssertEqual(targets.filter { $0 == "/robots.txt" }.count, 1, "robots.txt once per host")
        XCTAssertFalse(targets.contains { $0.hasPrefix("/cart/checkout") || $0 == "/cart" || $0.contains("sort=") })
        let pageTimes = server.requestLog.filter { $0.target != "/robots.txt" }.map(\.receivedAt).sorted()
        for (x, y) in zip(pageTimes, pageTimes.dropFirst()) { XCTAssertGreaterThanOrEqual(y - x, 0.28, "Crawl-delay 0.3") }
        XCTAssertEqual(fetcher.stats.robotsDisallowed, 3)
    }

    func testRobotsRules() {
        let r = RobotsTxt("User-agent: pricewatch\nDisallow: /private\nAllow: /private/ok$\n\nUser-agent: *\nDisallow: /\n", userAgent: "pricewatch/0.1")
        XCTAssertTrue(r.isAllowed("/p/1"))
        XCTAssertFalse(r.isAllowed("/private/x"))
        XCTAssertTrue(r.isAllowed("/private/ok"))
        XCTAssertFalse(r.isAllowed("/private/ok/more"))
        XCTAssertFalse(RobotsTxt("User-agent: *\nDisallow: /\n", userAgent: "pricewatch").isAllowed("/anything"))
        XCTAssertTrue(RobotsTxt("User-agent: *\nDisallow:\n", userAgent: "pricewatch").isAllowed("/anything"))
        XCTAssertTrue(RobotsTxt.allowAll.isAllowed("/x"))
        XCTAssertFalse(RobotsTxt.disallowAll.isAllowed("/x"))
    }

    /// A 5xx robots.txt is not a Disallow: the page is not requested, and fails with the reason.
    func testRobotsWith5xxFailsPagesWithTheReasonAnd404AllowsAll() async throws {
        let server = try serve { req in req.path == "/robots.txt" ? .text("oops", status: 500) : .text("page") }
        let open = try serve { req in req.path == "/robots.txt" ? .text("none", status: 404) : .text("page") }
        let fetcher = Fetcher(settings: settings { $0.obeyRobots = true; $0.retry.maxTries = 1 })
        defer { fetcher.shutdown() }
        let failed = await fetcher.fetch(FetchRequest(url: server.baseURL + "/p"))
        XCTAssertEqual(failed.outcome, .robotsUnreachable(reason: "HTTP 500"))
        XCTAssertEqual(failed.outcome.description, "robots.txt unreachable: HTTP 500")
        XCTAssertFalse(server.requestLog.contains { $0.target == "/p" }, "the page itself is not requested")
        let allowed = await fetcher.fetch(FetchRequest(url: open.baseURL + "/p"))
        XCTAssertEqual(allowed.outcome, .ok)
        let stats = fetcher.stats
        XCTAssertEqual(stats.robotsDisallowed, 0)
        XCTAssertEqual(stats.errorsByKind["robots-unreachable"], 1)
        XCTAssertTrue(stats.summary.contains("errors=1 "), stats.summary)
    }

    /// A site that is down (connection refused) is an error naming the transport failure, never `robots-disallowed`.
    func testRefusedConnectionIsAnErrorNotARobotsDisallow() async throws {
        let fetcher = Fetcher(settings: settings { $0.obeyRobots = true; $0.retry.maxTries = 2; $0.retry.baseDelay = 0.01 })
        defer { fetcher.shutdown() }
        let r = await fetcher.fetch(FetchRequest(url: "http://127.0.0.1:1/x"))
        guard case .robotsUnreachable(let reason) = r.outcome else { return XCTFail("got \(r.outcome)") }
        XCTAssertTrue(reason.lowercased().contains("connect"), reason)
        XCTAssertNotEqual(r.outcome.kind, "robots-disallowed")
        XCTAssertEqual(fetcher.stats.robotsDisallowed, 0)
        XCTAssertEqual(fetcher.stats.errorsByKind["robots-unreachable"], 1)
        XCTAssertEqual(fetcher.stats.retries, 1, "robots.txt is retried like a page")
        // Without robots, the same URL reports the transport error itself.
        let plain = Fetcher(settings: settings { $0.retry.maxTries = 1 })
        defer { plain.shutdown() }
        let direct = await plain.fetch(FetchRequest(url: "http://127.0.0.1:1/x"))
        XCTAssertEqual(direct.outcome.kind, "connection-failed")
    }

    /// A robots.txt cancelled on its way (cancelAll) does not leave the host waiting for it forever.
    func testRobotsCancelledInFlightIsAskedAgain() async throws {
        let server = try serve { req in
            if req.path == "/robots.txt" { Thread.sleep(forTimeInterval: 0.3); return .text("User-agent: *\nAllow: /\n") }
            return .text("page")
        }
        let fetcher = Fetcher(settings: settings { $0.obeyRobots = true })
        defer { fetcher.shutdown() }
        let first = Task { await fetcher.fetch(FetchRequest(url: server.baseURL + "/p")) }
        while !server.requestLog.contains(where: { $0.target == "/robots.txt" }) { try await Task.sleep(nanoseconds: 5_000_000) }
        fetcher.cancelAll()
        let cancelled = await first.value
        XCTAssertEqual(cancelled.outcome, .cancelled)
        final class Box: @unchecked Sendable { let l = NSLock(); var v: FetchOutcome?; func set(_ o: FetchOutcome) { l.lock(); v = o; l.unlock() }
            var value: FetchOutcome? { l.lock(); defer { l.unlock() }; return v } }
        let box = Box()
        let done = expectation(description: "the page after the cancel completes")
        fetcher.submit(FetchRequest(url: server.baseURL + "/p")) { r in box.set(r.outcome); done.fulfill() }
        // Not a timing assertion: without a new robots.txt request the page would wait forever.
        await fulfillment(of: [done], timeout: 30)
        XCTAssertEqual(box.value, .ok)
    }

    /// A 503 robots.txt is retried; once it answers, its rules apply.
    func testRobotsRetriedAfter503ThenObeyed() async throws {
        final class Counter: @unchecked Sendable { let l = NSLock(); var n = 0; func next() -> Int { l.lock(); defer { l.unlock() }; n += 1; return n } }
        let c = Counter()
        let server = try serve { req in
            if req.path == "/robots.txt" { return c.next() == 1 ? .text("busy", status: 503) : .text("User-agent: *\nDisallow: /private\n") }
            return .text("page")
        }
        let fetcher = Fetcher(settings: settings { $0.obeyRobots = true; $0.retry.maxTries = 3 })
        defer { fetcher.shutdown() }
        let rs = await fetcher.fetchAll([FetchRequest(url: server.baseURL + "/p"), FetchRequest(url: server.baseURL + "/private/x")])
        XCTAssertEqual(rs.map(\.outcome), [.ok, .robotsDisallowed])
        XCTAssertEqual(server.requestLog.filter { $0.target == "/robots.txt" }.count, 2)
    }

    /// An unreachable robots.txt is asked for again after `robotsRecheckInterval`: the site recovers within one fetcher.
    func testUnreachableRobotsIsRecheckedAfterTheInterval() async throws {
        final class Counter: @unchecked Sendable {
            let l = NSLock(); var n = 0
            func next() -> Int { l.lock(); defer { l.unlock() }; n += 1; return n }
            func reset() { l.lock(); n = 0; l.unlock() }
        }
        let c = Counter()
        let server = try serve { req in
            if req.path == "/robots.txt" { return c.next() == 1 ? .text("down", status: 502) : .text("none", status: 404) }
            return .text("page")
        }
        let fetcher = Fetcher(settings: settings { $0.obeyRobots = true; $0.retry.maxTries = 1; $0.robotsRecheckInterval = 0 })
        defer { fetcher.shutdown() }
        let first = await fetcher.fetch(FetchRequest(url: server.baseURL + "/p"))
        XCTAssertEqual(first.outcome, .robotsUnreachable(reason: "HTTP 502"))
        let second = await fetcher.fetch(FetchRequest(url: server.baseURL + "/p"))
        XCTAssertEqual(second.outcome, .ok)
        let stuck = Fetcher(settings: settings { $0.obeyRobots = true; $0.retry.maxTries = 1; $0.robotsRecheckInterval = 3600 })
        defer { stuck.shutdown() }
        c.reset()
        _ = await stuck.fetch(FetchRequest(url: server.baseURL + "/q"))
        let again = await stuck.fetch(FetchRequest(url: server.baseURL + "/q"))
        XCTAssertEqual(again.outcome, .robotsUnreachable(reason: "HTTP 502"), "within the interval the verdict stands")
    }

    func testGBKAndShiftJISPagesWithMetaCharsetAreDecoded() async throws {
        let zh = "<html><head><meta charset=\"gbk\"><title>商品</title></head><body><span class=\"price\">¥1299.00</span> 月销1万+ 已售</body></html>"
        let ja = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"></head><body>￥12,800(税込) 在庫あり ～</body></html>"
        let gbk = try XCTUnwrap(TextEncoding.encode(zh, charset: "GB18030"))
        let sjis = try XCTUnwrap(TextEncoding.encode(ja, charset: "CP932"))
        XCTAssertNotEqual(gbk, Data(zh.utf8))
        let server = try serve { req in
            HTTPResponse(status: 200, headers: [("Content-Type", "text/html")], body: req.path == "/zh" ? gbk : sjis)
        }
        let fetcher = Fetcher(settings: settings())
        defer { fetcher.shutdown() }
        let a = await fetcher.fetch(FetchRequest(url: server.baseURL + "/zh")).decodedText()
        XCTAssertEqual(a.text, zh)
        XCTAssertEqual(a.charset, "GB18030")
        XCTAssertEqual(a.source, "meta")
        let b = await fetcher.fetch(FetchRequest(url: server.baseURL + "/ja")).decodedText()
        XCTAssertEqual(b.text, ja)
        XCTAssertEqual(b.charset, "CP932")
        // The header wins over the meta tag, and bad bytes never crash.
        let latin = CharsetDecoder.decode(Data([0x63, 0x61, 0x66, 0xE9]), contentType: "text/html; charset=ISO-8859-1")
        XCTAssertEqual(latin.text, "café")
        let broken = CharsetDecoder.decode(Data([0x41, 0xFF, 0xFE, 0x42]), contentType: "text/html; charset=gbk")
        XCTAssertTrue(broken.text.hasPrefix("A"))
        XCTAssertGreaterThan(broken.invalidBytes, 0)
    }

    func testCaptchaPageIsBlockedNotParsed() async throws {
        let server = try serve { req in
            if req.path == "/captcha" { return .html("<html><title>Robot Check</title><body>Enter the characters you see below</body></html>") }
            if req.path == "/cn" { return .html("<html><body>请完成安全验证</body></html>", status: 403) }
            return .html("<html><title>Kettle</title><body>$19.99</body></html>")
        }
        let fetcher = Fetcher(settings: settings { $0.retry.maxTries = 1 })
        defer { fetcher.shutdown() }
        let a = await fetcher.fetch(FetchRequest(url: server.baseURL + "/captcha"))
        guard case .blocked(let reason) = a.outcome else { return XCTFail("expected blocked, got \(a.outcome)") }
        XCTAssertTrue(reason.contains("robot check"))
        let b = await fetcher.fetch(FetchRequest(url: server.baseURL + "/cn"))
        XCTAssertEqual(b.outcome.kind, "blocked")
        let ok = await fetcher.fetch(FetchRequest(url: server.baseURL + "/p"))
        XCTAssertEqual(ok.outcome, .ok)
        XCTAssertEqual(fetcher.stats.blocked, 2)
    }

    func testConditionalGetReturnsNotModified() async throws {
        let server = try serve { req in
            if req.header("If-None-Match") == "\"v1\"" { return HTTPResponse(status: 304) }
            var r = HTTPResponse.html("<p>19.99</p>")
            r.headers.append(("ETag", "\"v1\""))
            r.headers.append(("Last-Modified", "Wed, 25 Nov 2026 06:00:00 GMT"))
            return r
        }
        let fetcher = Fetcher(settings: settings())
        defer { fetcher.shutdown() }
        let first = await fetcher.fetch(FetchRequest(url: server.baseURL + "/p"))
        XCTAssertEqual(first.outcome, .ok)
        let second = await fetcher.fetch(FetchRequest(url: server.baseURL + "/p"))
        XCTAssertEqual(second.outcome, .notModified)
        XCTAssertEqual(server.requestLog.last?.header("If-Modified-Since"), "Wed, 25 Nov 2026 06:00:00 GMT")
        // Validators survive the engine: a new one primed with them also gets 304.
        let next = Fetcher(settings: settings())
        defer { next.shutdown() }
        next.importValidators(fetcher.validators())
        let third = await next.fetch(FetchRequest(url: server.baseURL + "/p"))
        XCTAssertEqual(third.outcome, .notModified)
    }

    func testReplayCacheServesWithoutTheServer() async throws {
        let dir = NSTemporaryDirectory() + "pw-cache-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try serve { req in .html("<p>\(req.path)</p>") }
        let first = Fetcher(settings: settings { $0.cacheDirectory = dir })
        let a = await first.fetch(FetchRequest(url: server.baseURL + "/p/1"))
        first.shutdown()
        XCTAssertFalse(a.fromCache)
        let second = Fetcher(settings: settings { $0.cacheDirectory = dir })
        defer { second.shutdown() }
        let b = await second.fetch(FetchRequest(url: server.baseURL + "/p/1"))
        XCTAssertTrue(b.fromCache)
        XCTAssertEqual(b.body, a.body)
        XCTAssertEqual(server.statistics.requests, 1)
        XCTAssertEqual(second.stats.cacheHits, 1)
    }

    func testHeadersUserAgentAndCancel() async throws {
        let server = try serve { req in
            if req.path == "/hang" { var r = HTTPResponse.text("late"); r.delay = 5; return r }
            return .text("\(req.header("User-Agent") ?? "")|\(req.header("Accept-Language") ?? "")|\(req.header("Cookie") ?? "")")
        }
        let fetcher = Fetcher(settings: settings { $0.userAgent = "pw-test/1"; $0.headers = ["Accept-Language": "de-DE"] })
        let r = await fetcher.fetch(FetchRequest(url: server.baseURL + "/h", headers: ["Cookie": "currency=EUR"]))
        XCTAssertEqual(String(decoding: r.body, as: UTF8.self), "pw-test/1|de-DE|currency=EUR")
        let pending = Task { await fetcher.fetch(FetchRequest(url: server.baseURL + "/hang")) }
        try await Task.sleep(nanoseconds: 200_000_000)
        fetcher.cancelAll()
        let cancelled = await pending.value
        XCTAssertEqual(cancelled.outcome, .cancelled)
        fetcher.shutdown()
        let after = await fetcher.fetch(FetchRequest(url: server.baseURL + "/h"))
        XCTAssertEqual(after.outcome, .cancelled)
    }
}
