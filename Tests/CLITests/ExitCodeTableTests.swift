import Foundation
import LoopbackServer
import XCTest

/// The README's exit-code table, row by row, against the built binary (see "Running from cron").
final class ExitCodeTableTests: XCTestCase {
    var cli: CLI!

    override func setUpWithError() throws { cli = try CLI() }
    override func tearDown() { cli?.remove() }

    func testHelpAndVersionExit0() throws {
        for args in [["--help"], ["run", "--help"], ["--version"]] {
            let r = try cli.run(args)
            XCTAssertEqual(r.status, 0, "\(args): \(r)")
        }
    }

    func testRow0EveryJobRanAndItsHealthChecksPassed() throws {
        let shop = try CLI.shop()
        defer { shop.stop() }
        try cli.writeJob("shop", start: shop.baseURL + "/p/1")
        let r = try cli.run(["run", "shop", "--db", cli.path("pw.sqlite")])
        XCTAssertEqual(r.status, 0, "\(r)")
        XCTAssertTrue(r.stdout.contains("run 1 shop: ok;"), "\(r)")
    }

    func testRow1ASiteOfWhichNotOnePageCouldBeFetchedIsAnAlarm() throws {
        try cli.writeJob("down", start: "http://127.0.0.1:1/p/1")   // nothing listens on port 1
        let r = try cli.run(["run", "down", "--db", cli.path("pw.sqlite")])
        XCTAssertEqual(r.status, 1, "\(r)")
    }

    /// ArgumentParser's own validation errors exited 64; the README and ExitStatus promise 2.
    func testRow2CommandLineErrorsExit2WithOneLine() throws {
        try cli.writeJob("shop", start: "http://127.0.0.1:1/p/1")
        let cases: [(args: [String], says: String, line: UInt)] = [
            (["run"], "name the jobs to run, or pass --due", #line),
            (["run", "shop", "--log-format", "xml"], "--log-format must be human or json", #line),
            (["run", "shop", "--var", "NOEQUALS"], "--var takes NAME=VALUE", #line),
            (["run", "shop", "--no-such-flag"], "no-such-flag", #line),
            (["run", "nojob", "--db", cli.path("pw.sqlite")], "no job named nojob", #line),
            (["report", "--since", "yesterday"], "--since takes yyyy-MM-dd", #line),
        ]
        for c in cases {
            let r = try cli.run(c.args)
            XCTAssertEqual(r.status, 2, "\(c.args): \(r)", line: c.line)
            XCTAssertTrue(r.stderr.contains(c.says), "\(c.args): \(r)", line: c.line)
        }
    }

    func testRow2ABrokenJobFileIsNamedAndTheValidJobsStillRun() throws {
        let shop = try CLI.shop()
        defer { shop.stop() }
        try cli.writeJob("good", start: shop.baseURL + "/p/1")
        try "name: broken\nschedule: \"*/5 * * * *\"\nsites: [selectors: auto\n".write(toFile: cli.path("Jobs/broken.yml"), atomically: true, encoding: .utf8)
        let r = try cli.run(["run", "--due", "--db", cli.path("pw.sqlite")])
        XCTAssertEqual(r.status, 2, "\(r)")
        XCTAssertTrue(r.stderr.contains("Jobs/broken.yml:"), "\(r)")
        XCTAssertTrue(r.stdout.contains("run 1 good: ok;"), "\(r)")
    }

    /// Rows 3 and 4 with real processes: a run holds the lease while a slow shop answers; a second
    /// run of the job exits 3 without doing anything; SIGTERM stops the first, which exits 4.
    func testRows3And4ALeaseHeldAndSIGTERM() throws {
        let fetching = DispatchSemaphore(value: 0)
        let shop = try CLI.shop(delay: 30) { fetching.signal() }
        defer { shop.stop() }
        try cli.writeJob("slow", start: shop.baseURL + "/p/1", timeout: "60s")
        var second: CLI.Result?
        let first = try cli.run(["run", "slow", "--db", cli.path("pw.sqlite")]) { child in
            guard fetching.wait(timeout: .now() + 120) == .success else { return XCTFail("the run never fetched the page") }
            second = try cli.run(["run", "slow", "--db", cli.path("pw.sqlite")])
            kill(child.processIdentifier, SIGTERM)
        }
        XCTAssertEqual(second?.status, 3, "\(second.map { "\($0)" } ?? "-")")
        XCTAssertTrue(second?.stdout.contains("already running") == true, "\(second.map { "\($0)" } ?? "-")")
        XCTAssertEqual(first.status, 4, "\(first)")
    }

    func testRow5ADatabaseThatIsNotSQLite() throws {
        try cli.writeJob("shop", start: "http://127.0.0.1:1/p/1")
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: cli.path("garbage.sqlite")))
        for args in [["run", "shop", "--db", cli.path("garbage.sqlite")], ["db", "check", "--db", cli.path("garbage.sqlite")],
                     ["health", "--db", cli.path("garbage.sqlite")], ["db", "stats", "--db", cli.path("missing.sqlite")]] {
            let r = try cli.run(args)
            XCTAssertEqual(r.status, 5, "\(args): \(r)")
            XCTAssertFalse(r.stderr.contains("NSCocoaErrorDomain"), "\(args): \(r)")
        }
    }

    /// A database the crawl cannot create (its folder is a file; permissions would not stop root).
    func testRow5ADatabaseThatCannotBeCreated() throws {
        try cli.writeJob("shop", start: "http://127.0.0.1:1/p/1")
        try "not a folder".write(toFile: cli.path("file"), atomically: true, encoding: .utf8)
        let r = try cli.run(["run", "shop", "--db", cli.path("file/pw.sqlite")])
        XCTAssertEqual(r.status, 5, "\(r)")
        XCTAssertTrue(r.stderr.contains(cli.path("file/pw.sqlite")), "names the path: \(r)")
    }

    /// Issue 27: a zero-byte file passed `db check` ("ok") and got a schema written by readers.
    func testRow5AZeroByteDatabaseIsNotADatabase() throws {
        FileManager.default.createFile(atPath: cli.path("empty.sqlite"), contents: Data())
        for args in [["db", "check"], ["health"], ["db", "stats"]] {
            let r = try cli.run(args + ["--db", cli.path("empty.sqlite")])
            XCTAssertEqual(r.status, 5, "\(args): \(r)")
            XCTAssertTrue(r.stderr.contains("is not a pricewatch database"), "\(args): \(r)")
        }
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: cli.path("empty.sqlite"))[.size] as? Int, 0, "nothing written")
    }

    /// Issue 27: the job lock was keyed on the path text, so a symlink to the database let a second run in.
    func testRow3ASymlinkToTheDatabaseSharesTheLock() throws {
        let fetching = DispatchSemaphore(value: 0)
        let shop = try CLI.shop(delay: 30) { fetching.signal() }
        defer { shop.stop() }
        try cli.writeJob("slow", start: shop.baseURL + "/p/1", timeout: "60s")
        try FileManager.default.createSymbolicLink(atPath: cli.path("link.sqlite"), withDestinationPath: cli.path("pw.sqlite"))
        var second: CLI.Result?
        let first = try cli.run(["run", "slow", "--db", cli.path("pw.sqlite")]) { child in
            guard fetching.wait(timeout: .now() + 120) == .success else { return XCTFail("the run never fetched the page") }
            second = try cli.run(["run", "slow", "--db", cli.path("link.sqlite")])
            kill(child.processIdentifier, SIGTERM)
        }
        XCTAssertEqual(second?.status, 3, "\(second.map { "\($0)" } ?? "-")")
        XCTAssertEqual(first.status, 4, "\(first)")
    }
}
