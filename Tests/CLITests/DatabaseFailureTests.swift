import Foundation
import LoopbackServer
import XCTest

/// Issue 27, database errors: a damaged database stops a run (exit 5, as `db check` does), and a
/// run that ends on a storage or configuration error says so in `health` with the reason, instead
/// of staying `running` (or `incomplete`) forever.
final class DatabaseFailureTests: XCTestCase {
    var cli: CLI!

    override func setUpWithError() throws { cli = try CLI() }
    override func tearDown() { cli?.remove() }

    /// Garbage over pages the crawl never reads (the catalog's): the run used to succeed (exit 0)
    /// on a file `db check` calls damaged.
    func testARunOnADamagedDatabaseExits5() throws {
        let shop = try CLI.shop()
        defer { shop.stop() }
        try cli.writeJob("shop", start: shop.baseURL + "/p/1")
        let db = cli.path("pw.sqlite")
        XCTAssertEqual(try cli.run(["run", "shop", "--db", db]).status, 0)
        var sheet = "sku,title,currency,cost,current_price\n"
        for i in 0..<3000 { sheet += "S\(i),Product number \(i) with a title long enough to take some room,USD,10.00,20.00\n" }
        try sheet.write(toFile: cli.path("catalog.csv"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try cli.run(["catalog", "import", "catalog.csv", "--db", db]).status, 0)
        XCTAssertEqual((try? FileManager.default.attributesOfItem(atPath: db + "-wal")[.size] as? Int) ?? 0, 0, "everything is in the main file")

        // 30 pages of garbage in the middle of the file, which the catalog fills.
        let pages = (try FileManager.default.attributesOfItem(atPath: db)[.size] as? Int ?? 0) / 4096
        XCTAssertGreaterThan(pages, 100)
        let file = try XCTUnwrap(FileHandle(forUpdatingAtPath: db))
        try file.seek(toOffset: UInt64((pages / 2 - 15) * 4096))
        file.write(Data(repeating: 0x5A, count: 30 * 4096))
        try file.close()
        XCTAssertEqual(try cli.run(["db", "check", "--db", db]).status, 5, "the precondition: db check sees the damage")

        let r = try cli.run(["run", "shop", "--db", db])
        XCTAssertEqual(r.status, 5, "\(r)")
        XCTAssertTrue(r.stderr.contains(db) && r.stderr.contains("damaged"), "one line naming the file and the problem: \(r)")
        XCTAssertTrue(r.stderr.contains("db check"), "points at db check: \(r)")
    }

    /// A real full disk: a 1 MB tmpfs in a private mount namespace (unprivileged with user
    /// namespaces; skipped visibly without them). The run exits 5 and its row used to stay
    /// `running` in `health` forever.
    func testAFullDiskEndsTheRunAndHealthSaysWhy() throws {
        guard let unshare = ["/usr/bin/unshare", "/bin/unshare"].first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("no unshare(1) (util-linux) to make a small tmpfs")
        }
        let probe = try cli.run(["-rm", "true"], executable: URL(fileURLWithPath: unshare))
        guard probe.status == 0 else { throw XCTSkip("no unprivileged user and mount namespaces here (unshare -rm: \(probe.stderr))") }
        // Titles of 6 KB: 300 product pages need about 2 MB.
        let server = try LoopbackServer { req in
            if req.path == "/robots.txt" { return .text("none", status: 404) }
            let name = "Kettle " + String(repeating: "x", count: 6000) + req.path
            return .html("""
                <html><head><title>Kettle</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"\(name)",
                "sku":"K1","offers":{"@type":"Offer","price":"19.99","priceCurrency":"USD","availability":"https://schema.org/InStock"}}</script></head>
                <body><h1>Kettle</h1></body></html>
                """)
        }
        try server.start()
        defer { server.stop() }
        try cli.writeJob("shop", start: server.baseURL + "/p/0")
        try (1...300).map { server.baseURL + "/p/\($0)" }.joined(separator: "\n").write(toFile: cli.path("Jobs/urls.txt"), atomically: true, encoding: .utf8)
        var job = try String(contentsOfFile: cli.path("Jobs/shop.yml"), encoding: .utf8)
        job = job.replacingOccurrences(of: "    depth: 0", with: "    start_file: urls.txt\n    depth: 0")
            .replacingOccurrences(of: "max_pages: 10", with: "max_pages: 1000")
        try job.write(toFile: cli.path("Jobs/shop.yml"), atomically: true, encoding: .utf8)
        // The database exists (created outside), so the run itself starts on the small disk.
        XCTAssertEqual(try cli.run(["db", "vacuum", "--db", cli.path("seed.sqlite")]).status, 0)
        try FileManager.default.createDirectory(atPath: cli.path("full"), withIntermediateDirectories: true)
        let bin = try CLI.binary().path
        let script = """
            mount -t tmpfs -o size=1m none full || exit 99
            cp seed.sqlite full/pw.sqlite
            '\(bin)' run shop --db full/pw.sqlite
            echo "run-exit=$?"
            '\(bin)' health --db full/pw.sqlite
            echo "health-exit=$?"
            """
        let r = try cli.run(["-rm", "sh", "-c", script], executable: URL(fileURLWithPath: unshare))
        XCTAssertTrue(r.stdout.contains("run-exit=5"), "\(r)")
        let health = r.stdout.components(separatedBy: "run-exit=5").last ?? ""
        let runLine = try XCTUnwrap(health.split(separator: "\n").first { $0.hasPrefix("run 1 ") }, "\(r)")
        XCTAssertFalse(runLine.contains("running"), "the run is not running any more: \(r)")
        XCTAssertTrue(runLine.contains("failed"), "\(r)")
        XCTAssertTrue(health.contains("disk is full"), "health says why: \(r)")
    }

    /// `${DEMO_URL}` unset is found once the run has started: the run used to stay `running`, then
    /// `incomplete` forever, with the reason only in that night's log.
    func testARunEndedByAConfigurationErrorShowsTheReasonInHealth() throws {
        try FileManager.default.createDirectory(atPath: cli.path("Jobs"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: cli.path("Selectors"), withIntermediateDirectories: true)
        try """
        site: shop
        url_patterns: ["http://127.0.0.1:*/*"]
        pages:
          product:
            match: "*/p/*"
            fields:
              price: {css: "span.price", parser: price, required: true}
        """.write(toFile: cli.path("Selectors/shop.yml"), atomically: true, encoding: .utf8)
        try """
        name: shop
        schedule: "*/5 * * * *"
        sites:
          - selectors: shop
            start: ["${SHOP_URL}/p/1"]
        """.write(toFile: cli.path("Jobs/shop.yml"), atomically: true, encoding: .utf8)
        let db = cli.path("pw.sqlite")
        for _ in 0..<2 {
            let r = try cli.run(["run", "shop", "--db", db])
            XCTAssertEqual(r.status, 2, "\(r)")
            XCTAssertTrue(r.stdout.contains("Jobs/shop.yml:5:") || r.stderr.contains("Jobs/shop.yml:5:"), "file:line of the URL: \(r)")
        }
        let h = try cli.run(["health", "--db", db])
        let runs = h.stdout.split(separator: "\n").filter { $0.hasPrefix("run ") }
        XCTAssertEqual(runs.count, 2, "\(h)")
        for line in runs {
            XCTAssertTrue(line.contains("failed"), "\(h)")
            XCTAssertTrue(line.contains("${SHOP_URL}, which is not set"), "the reason, in health: \(h)")
        }
    }

    /// A run killed with SIGKILL has no chance to record anything: `health` used to show it as
    /// `running`; it is gone, and health says so and how to continue it.
    func testAKilledRunIsNotShownAsRunning() throws {
        let fetching = DispatchSemaphore(value: 0)
        let shop = try CLI.shop(delay: 30) { fetching.signal() }
        defer { shop.stop() }
        try cli.writeJob("slow", start: shop.baseURL + "/p/1", timeout: "60s")
        let db = cli.path("pw.sqlite")
        let killed = try cli.run(["run", "slow", "--db", db]) { child in
            guard fetching.wait(timeout: .now() + 120) == .success else { return XCTFail("the run never fetched the page") }
            kill(child.processIdentifier, SIGKILL)
        }
        XCTAssertEqual(killed.status, 128 + SIGKILL, "\(killed)")
        let h = try cli.run(["health", "--db", db])
        let line = try XCTUnwrap(h.stdout.split(separator: "\n").first { $0.hasPrefix("run 1 ") }, "\(h)")
        XCTAssertFalse(line.contains("running"), "\(h)")
        XCTAssertTrue(line.contains("incomplete") && line.contains("--resume"), "\(h)")
    }
}
