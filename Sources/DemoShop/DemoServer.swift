import Foundation
import LoopbackServer

/// The five demo shops on one loopback server, at a simulated day that the demo fast-forwards.
///
///     let shops = try DemoServer(faults: .demo)
///     try shops.start()
///     shops.setDay(3)
///     shops.startURLs(.us)   // ["http://127.0.0.1:PORT/us/c/apparel", ...]
public final class DemoServer: @unchecked Sendable {
    private let lock = NSLock()
    private var currentDay = 0
    private var attempts: [String: Int] = [:]
    public let faults: DemoFaults
    private var server: LoopbackServer!

    public init(faults: DemoFaults = DemoFaults(), port: UInt16 = 0) throws {
        self.faults = faults
        server = try LoopbackServer(port: port) { [unowned self] request in self.respond(request) }
    }

    public func start() throws { try server.start() }
    public func stop() { server.stop() }

    public var baseURL: String { server.baseURL }
    public var statistics: LoopbackServer.Statistics { server.statistics }
    public var requestLog: [LoopbackServer.LoggedRequest] { server.requestLog }
    public func resetStatistics() { server.resetStatistics() }
    /// Off for benchmarks: the log grows with every request.
    public var keepsLog: Bool {
        get { server.keepsLog }
        set { server.keepsLog = newValue }
    }

    public var day: Int {
        lock.lock(); defer { lock.unlock() }
        return currentDay
    }

    public func setDay(_ day: Int) {
        lock.lock()
        currentDay = day
        attempts = [:]
        lock.unlock()
        DemoWorld.truthCache.clear()
    }

    /// Category pages of a shop: where a job starts.
    public func startURLs(_ shop: DemoShopID) -> [String] {
        DemoCatalog.categories.filter { c in DemoWorld.products(of: shop).contains { $0.category == c } }.map { baseURL + DemoSites.listingPath(shop, $0) }
    }

    public func productURL(_ shop: DemoShopID, _ productID: Int) -> String { baseURL + DemoSites.productPath(shop, productID) }

    /// Deterministic share test: is this path in the first `share` of paths for this salt?
    private func hit(_ share: Double, _ path: String, _ day: Int, _ salt: Int) -> Bool {
        guard share > 0 else { return false }
        var h = 0
        for b in path.utf8 { h = h &* 31 &+ Int(b) }
        return Double(Mix.pick(10_000, h, day, salt)) < share * 10_000
    }

    /// Counts the requests of a path on the current day.
    private func attempt(_ path: String) -> Int {
        lock.lock(); defer { lock.unlock() }
        attempts[path, default: 0] += 1
        return attempts[path]!
    }

    func respond(_ request: HTTPRequest) -> HTTPResponse {
        let day = self.day
        let path = request.path
        if path == "/robots.txt" { return .text(DemoSites.robots) }
        if path == "/" || path.isEmpty {
            return .html("<html><body><h1>pricewatch demo shops</h1>" + DemoShopID.allCases.map { "<a href=\"/\($0.rawValue)/\">\($0.siteKey)</a>" }.joined(separator: " ") + "</body></html>")
        }
        let parts = path.split(separator: "/")
        guard let first = parts.first, let shop = DemoShopID(rawValue: String(first)) else { return .text("not found", status: 404) }
        let productPage = parts.count == 3 && parts[1] == DemoSites.productSegment(shop)
        if productPage {
            let n = attempt(path)
            if hit(faults.rateLimitedShare, path, day, 1) && n == 1 {
                var r = HTTPResponse.text("Too many requests", status: 429)
                r.headers.append(("Retry-After", String(faults.retryAfterSeconds)))
                return r
            }
            if hit(faults.unavailableShare, path, day, 2) && n <= 2 { return .text("Service temporarily unavailable", status: 503) }
            if hit(faults.truncatedShare, path, day, 3) && n == 1 {
                var r = DemoSites.respond(shop: shop, path: Array(parts.dropFirst()), query: request.query, day: day, faults: faults)
                r.fault = .truncate(afterBytes: r.body.count / 3)
                r.compressible = false
                return r
            }
        }
        var response = DemoSites.respond(shop: shop, path: Array(parts.dropFirst()), query: request.query, day: day, faults: faults)
        if hit(faults.slowShare, path, day, 4) { response.delay = 0.2 }
        return response
    }
}

extension DemoServer {
    /// A page as the server would answer it, without a socket (benchmarks save pages to disk).
    public func respondForBenchmark(_ path: String) -> HTTPResponse { respond(HTTPRequest(method: "GET", target: path)) }
}
