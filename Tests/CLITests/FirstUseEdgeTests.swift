import Foundation
import XCTest

/// Issue 27's first-use edges: every mistake is one line naming the path and the problem, never
/// a raw Foundation error, and nothing a user owns is overwritten.
final class FirstUseEdgeTests: XCTestCase {
    var cli: CLI!

    override func setUpWithError() throws { cli = try CLI() }
    override func tearDown() { cli?.remove() }

    func testNoJobsFolderIsOneLineNamingIt() throws {
        for args in [["run", "shop"], ["run", "--due"], ["jobs", "check"]] {
            let r = try cli.run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r)")
            XCTAssertTrue(r.stderr.contains("Jobs: no such folder"), "\(args): \(r)")
            XCTAssertFalse(r.stderr.contains("NSCocoaErrorDomain"), "\(args): \(r)")
        }
    }

    func testBadOutputPathsAreRefusedBeforeAnyWork() throws {
        try "x".write(toFile: cli.path("afile"), atomically: true, encoding: .utf8)
        let cases: [(args: [String], says: String, line: UInt)] = [
            (["fetch", "http://127.0.0.1:1/", "--out", cli.path("nofolder/page.html")], "no such folder", #line),
            (["catalog", "export", cli.path("afile/x.csv"), "--db", cli.path("pw.sqlite")], "is a file, not a folder", #line),
            (["reprice", "--out", cli.path("afile/r.csv")], "is a file, not a folder", #line),
        ]
        for c in cases {
            let r = try cli.run(c.args)
            XCTAssertEqual(r.status, 2, "\(c.args): \(r)", line: c.line)
            XCTAssertTrue(r.stderr.contains(c.says), "\(c.args): \(r)", line: c.line)
            XCTAssertFalse(r.stderr.contains("NSCocoaErrorDomain"), "\(c.args): \(r)", line: c.line)
        }
    }

    /// `reprice --out README.md` once wrote both outputs over the project README.
    func testRepriceRefusesCollidingOrForeignOutputs() throws {
        try "# my project\n".write(toFile: cli.path("README.md"), atomically: true, encoding: .utf8)
        var r = try cli.run(["reprice", "--out", "README.md"])
        XCTAssertEqual(r.status, 2, "\(r)")
        XCTAssertTrue(r.stderr.contains("would both be"), "\(r)")
        r = try cli.run(["reprice", "--out", "README.csv"])
        XCTAssertEqual(r.status, 2, "\(r)")
        XCTAssertTrue(r.stderr.contains("was not written by reprice"), "\(r)")
        XCTAssertEqual(try String(contentsOfFile: cli.path("README.md"), encoding: .utf8), "# my project\n")
    }

    func testReportForAnUnknownJobSaysDidYouMean() throws {
        let shop = try CLI.shop()
        defer { shop.stop() }
        try cli.writeJob("shop", start: shop.baseURL + "/p/1")
        XCTAssertEqual(try cli.run(["run", "shop", "--db", cli.path("pw.sqlite")]).status, 0)
        let r = try cli.run(["report", "--job", "shpo", "--db", cli.path("pw.sqlite"), "--out", cli.path("reports")])
        XCTAssertEqual(r.status, 2, "\(r)")
        XCTAssertTrue(r.stderr.contains("did you mean 'shop'"), "\(r)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.path("reports")), "no empty report written")
        let ok = try cli.run(["report", "--job", "shop", "--db", cli.path("pw.sqlite"), "--out", cli.path("reports")])
        XCTAssertEqual(ok.status, 0, "\(ok)")
        let left = try FileManager.default.contentsOfDirectory(atPath: cli.path("reports"))
        XCTAssertEqual(left.count, 1, "one dated folder, no temporary folder left: \(left)")
    }

    func testHealthExits1WhenTheLatestRunHasAlarmsAndRefusesLimit0() throws {
        try cli.writeJob("down", start: "http://127.0.0.1:1/p/1")
        XCTAssertEqual(try cli.run(["run", "down", "--db", cli.path("pw.sqlite")]).status, 1)
        XCTAssertEqual(try cli.run(["health", "--db", cli.path("pw.sqlite")]).status, 1)
        let r = try cli.run(["health", "--limit", "0", "--db", cli.path("pw.sqlite")])
        XCTAssertEqual(r.status, 2, "\(r)")
        XCTAssertTrue(r.stderr.contains("--limit"), "\(r)")
    }

    func testDemoFromAFolderWithoutJobsLeavesNoEmptyReportFolder() throws {
        let r = try cli.run(["demo", "--jobs-dir", "NoJobsHere", "--days", "1"])
        XCTAssertEqual(r.status, 2, "\(r)")
        XCTAssertTrue(r.stderr.contains("NoJobsHere: no such folder"), "\(r)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.path("reports/demo")), "\(r)")
    }

    /// The binary as the tests start it is the resolved `.build/<triple>/debug/pricewatch`, three
    /// folders below the checkout; started from a folder without Jobs/, demo finds the checkout's.
    func testDemoFromAnyFolderFindsTheJobsOfItsCheckout() throws {
        let r = try cli.run(["demo", "--days", "1", "--out", cli.path("reports")])
        XCTAssertEqual(r.status, 0, "\(r)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: cli.path("reports/demo/summary.md")), "\(r)")
    }
}

/// Issue 27 items 3, 6 and 7 at the command line: a saved page over a cap is one line naming the
/// file and the cap, exit 2 (an input error), never a crash.
final class HostileInputTests: XCTestCase {
    var cli: CLI!

    override func setUpWithError() throws { cli = try CLI() }
    override func tearDown() { cli?.remove() }

    func sh(_ command: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.currentDirectoryURL = cli.folder
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, command)
    }

    func testAGzipBombIsRefusedByExtractAndSelectorsCheck() throws {
        // 256 MB of zeros, about 250 KB compressed; the fetcher's cap is 8 MB.
        try sh("head -c 268435456 /dev/zero | gzip -c > bomb.html.gz")
        try """
        site: shop
        url_patterns: ["http://127.0.0.1*"]
        pages:
          product:
            match: "*/p/*"
            fields:
              price: {css: "span.price::text", required: true}
        """.write(toFile: cli.path("shop.yml"), atomically: true, encoding: .utf8)
        for args in [["extract", "--auto", "bomb.html.gz"], ["extract", "--selectors", "shop.yml", "bomb.html.gz"],
                     ["selectors", "check", "shop.yml", "bomb.html.gz", "--url", "http://127.0.0.1/p/1"]] {
            let r = try cli.run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r)")
            XCTAssertEqual(r.stderr, "pricewatch: bomb.html.gz: decompresses to more than 8 MB (cap 8388608 bytes, the fetcher's max response size)\n", "\(args): \(r)")
            XCTAssertEqual(r.stdout, "", "\(args)")
        }
    }

    func testASavedPageOverAParseCapIsOneLineWithTheReason() throws {
        try ("<html><body>" + String(repeating: "<div>", count: 5000) + "</body></html>").write(toFile: cli.path("deep.html"), atomically: true, encoding: .utf8)
        let r = try cli.run(["extract", "--auto", "deep.html"])
        XCTAssertEqual(r.status, 2, "\(r)")
        XCTAssertEqual(r.stderr, "pricewatch: deep.html: page has elements nested deeper than 4096 at line 1 (cap 4096)\n", "\(r)")
    }
}
