import Foundation
import LoopbackServer
import XCTest

/// The memory budgets of README's "Memory" section, held by the built binary on generated big
/// inputs: the child's own peak RSS (`wait4`'s ru_maxrss, not a sample) stays under a budget
/// worked out from the settings. No test measures time.
///
/// The constant is for a debug build (`swift test`), the bigger one: its peaks here were 67-71,
/// 79-82 and 57-82 MB against budgets of 86, 96 and 112 MB, while the release build before these
/// budgets (every fetched body queued, every copy of a page and every catalog row alive) peaked
/// at 128, 102 and 134 MB.
final class MemoryBudgetTests: XCTestCase {
    static let mb = 1 << 20
    /// The debug binary with nothing to do is ~38 MB (Foundation, ICU, libxml2, SQLite, the
    /// sentiment models); the rest is malloc arenas of the worker threads, SQLite's cache and libcurl.
    static let baseline = 56 * mb

    var cli: CLI!
    override func setUpWithError() throws { cli = try CLI() }
    override func tearDown() { cli.remove() }

    /// A product page of about `bytes`: the product up front, then related-product cards with a
    /// review each, or (`prose`) a long description, whose tree is little more than its text.
    static func page(bytes: Int, seed: Int, prose: Bool = false) -> Data {
        var html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kettle \(seed)</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Kettle \(seed)","sku":"K-\(seed)",
            "offers":{"@type":"Offer","price":"49.99","priceCurrency":"USD","availability":"https://schema.org/InStock"}}</script></head>
            <body><h1>Kettle \(seed)</h1><span class="price">$49.99</span><div class="related-products">
            """
        var i = 0
        let paragraph = "<p>" + String(repeating: "A long description of the kettle, its spout, its lid and its base. ", count: 30) + "</p>\n"
        while html.utf8.count < bytes {
            if prose { html += paragraph; continue }
            html += "<div class=\"card\"><a href=\"/p/\(i)\"><span class=\"price\">$\(i % 900).99</span> Related \(i)</a><p>\(String(repeating: "Words of a short review. ", count: 24))</p></div>\n"
            i += 1
        }
        return Data((html + "</div></body></html>").utf8)
    }

    /// A crawl holds at most `concurrency` bodies (in transfer or waiting for a parser) and parses
    /// at most min(cores, concurrency) pages at once: 32 pages of 2 MB at concurrency 2 stay under
    /// concurrency x max_response_bytes x 3 plus, per page being parsed, 3 x max_response_bytes
    /// (the tree of prose is little more than its text; README's 16x is for dense markup).
    /// Before, the fetcher ran ahead of the parsers and every fetched body waited in the queue.
    func testACrawlStaysWithinConcurrencyTimesMaxResponseBytes() throws {
        let pages = 32, concurrency = 2, maxResponseBytes = 5 * Self.mb / 2
        let body = Self.page(bytes: 2 * Self.mb, seed: 1, prose: true)
        let server = try LoopbackServer { req in
            if req.path == "/robots.txt" { return HTTPResponse(status: 404) }
            var r = HTTPResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: body)
            r.compressible = false
            return r
        }
        try server.start()
        defer { server.stop() }
        try FileManager.default.createDirectory(atPath: cli.path("Jobs"), withIntermediateDirectories: true)
        try (1...pages).map { "\(server.baseURL)/p/\($0)" }.joined(separator: "\n").write(toFile: cli.path("Jobs/urls.txt"), atomically: true, encoding: .utf8)
        try """
            name: big
            schedule: "*/5 * * * *"
            sites:
              - selectors: auto
                start_file: urls.txt
                depth: 0
            market: {currency_hint: USD}
            limits: {max_pages: 100, concurrency: \(concurrency), per_host_concurrency: \(concurrency), auto_throttle: false, timeout: 60s, max_tries: 1, max_response_bytes: \(maxResponseBytes)}
            required_fields: [price]
            """.write(toFile: cli.path("Jobs/big.yml"), atomically: true, encoding: .utf8)

        let (result, peak) = try cli.runMeasured(["run", "big", "--db", cli.path("pw.sqlite")])
        XCTAssertEqual(result.status, 0, "\(result)")
        XCTAssertTrue(result.stdout.contains("pages=\(pages) items=\(pages)"), "\(result)")
        let parsers = min(ProcessInfo.processInfo.activeProcessorCount, concurrency)
        let budget = concurrency * maxResponseBytes * 3 + parsers * 3 * maxResponseBytes + Self.baseline
        XCTAssertLessThan(peak, budget, "peak RSS \(peak / Self.mb) MB, budget \(budget / Self.mb) MB")
    }

    /// `extract --auto` on one 6 MB page of product cards: the page's bytes once, libxml2's tree
    /// and the extractor's view of it, within 5x the page. Before, three copies of the page
    /// (file, String, Data) and libxml2's two of its input were alive with the tree.
    func testAutoExtractionOfABigPageStaysWithinAMultipleOfThePage() throws {
        // Under the saved-page cap (the fetcher's 8 MB) and the parse caps (200,000 elements).
        let page = Self.page(bytes: 6 * Self.mb, seed: 2)
        try page.write(to: URL(fileURLWithPath: cli.path("big.html")))
        let (result, peak) = try cli.runMeasured(["extract", "--auto", cli.path("big.html"), "--format", "flat"])
        XCTAssertEqual(result.status, 0, "\(result)")
        XCTAssertTrue(result.stdout.contains("\"price\":\"49.99\""), "\(result)")
        let budget = 5 * page.count + Self.baseline
        XCTAssertLessThan(peak, budget, "peak RSS \(peak / Self.mb) MB, budget \(budget / Self.mb) MB")
    }

    /// `catalog import` streams rows into its transaction: the sheet's text (read whole, twice
    /// while it is decoded), a set of SKUs and SQLite's cache, within 8x the file. Before, every row
    /// was a dictionary, every column an array and every record in memory: ~1.7 KB a row.
    func testCatalogImportStreamsItsRows() throws {
        let rows = 60_000
        var csv = "sku,title,currency,cost,current_price,min_price,max_price,shipping,fees_pct,strategy,tags,matches\n"
        for i in 0..<rows { csv += "PW-\(i),Product number \(i) in the catalog,USD,\(10 + i % 50).50,\(30 + i % 70).99,\(20 + i % 50).00,\(200 + i % 10).00,2.50,12,match_lowest,kitchen;sale,demo-us:US-\(i)\n" }
        try csv.write(toFile: cli.path("catalog.csv"), atomically: true, encoding: .utf8)
        let (result, peak) = try cli.runMeasured(["catalog", "import", cli.path("catalog.csv"), "--db", cli.path("pw.sqlite"), "--jobs-dir", cli.path("none")])
        XCTAssertEqual(result.status, 0, "\(result)")
        XCTAssertTrue(result.stdout.contains("imported \(rows) SKUs"), "\(result)")
        let budget = 8 * csv.utf8.count + Self.baseline
        XCTAssertLessThan(peak, budget, "peak RSS \(peak / Self.mb) MB, budget \(budget / Self.mb) MB")
    }
}

extension CLI {
    /// `run`, reporting the child's own peak RSS: wait4's ru_maxrss, taken by a small python3
    /// parent. Not from this process: a child spawned here starts with this process's memory
    /// counted in its high-water mark (vfork, or fork's copied pages, carry it over exec), and
    /// Foundation's Process reaps the child itself.
    func runMeasured(_ arguments: [String]) throws -> (CLI.Result, peakBytes: Int) {
        let binary = try Self.binary().path
        let out = path(".stdout-\(UUID().uuidString)"), err = path(".stderr-\(UUID().uuidString)"), peak = path(".peak-\(UUID().uuidString)")
        defer { [out, err, peak].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        let measure = """
            import os, sys
            folder, out, err, peak = sys.argv[1:5]
            pid = os.fork()
            if pid == 0:
                os.chdir(folder)
                for fd, name, flags in ((0, os.devnull, os.O_RDONLY), (1, out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), (2, err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
                    os.dup2(os.open(name, flags, 0o644), fd)
                os.execv(sys.argv[5], sys.argv[5:])
            _, status, usage = os.wait4(pid, 0)
            open(peak, "w").write(str(usage.ru_maxrss))
            code = os.waitstatus_to_exitcode(status)
            sys.exit(code if code >= 0 else 128 - code)
            """
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        child.arguments = ["python3", "-c", measure, folder.path, out, err, peak, binary] + arguments
        var env = ProcessInfo.processInfo.environment
        env["PRICEWATCH_DB"] = nil
        child.environment = env
        do { try child.run() } catch { throw XCTSkip("python3 is needed to read the child's peak RSS: \(error)") }
        child.waitUntilExit()
        guard let kilobytes = (try? String(contentsOfFile: peak, encoding: .utf8)).flatMap({ Int($0) }) else {
            throw XCTSkip("python3 could not run the binary (exit \(child.terminationStatus))")
        }
        let result = CLI.Result(status: child.terminationStatus, stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                                stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
        // Linux reports ru_maxrss in kilobytes.
        return (result, kilobytes * 1024)
    }
}
