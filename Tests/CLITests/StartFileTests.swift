import Foundation
import XCTest

/// Issue 27: `start_file: /dev/zero` exited 5 (a storage error) after reading without end. A start
/// file is configuration: it must be a regular file of at most 64 MB, and anything else is exit 2
/// with file:line:key, from `jobs check` and from `run` alike.
final class StartFileTests: XCTestCase {
    var cli: CLI!

    override func setUpWithError() throws {
        // A refusal that fails stops the test: the next step would read the device or the FIFO.
        continueAfterFailure = false
        cli = try CLI()
    }
    override func tearDown() { cli?.remove() }

    /// With a selector file the start file used to be read after the run began: exit 5. With
    /// `selectors: auto` it is read first (its first URL names the site): exit 2, without file:line.
    func writeJob(startFile: String, selectors: String = "shop") throws {
        try FileManager.default.createDirectory(atPath: cli.path("Jobs"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: cli.path("Selectors"), withIntermediateDirectories: true)
        try """
        site: shop
        url_patterns: ["http://127.0.0.1:*/*"]
        pages:
          product:
            match: "*/p/*"
            fields:
              title: {jsonld: name}
              price: {jsonld: offers.price, parser: price}
        """.write(toFile: cli.path("Selectors/shop.yml"), atomically: true, encoding: .utf8)
        try """
        name: shop
        schedule: "*/5 * * * *"
        sites:
          - selectors: \(selectors)
            start_file: \(startFile)
            depth: 0
        market: {currency_hint: USD}
        """.write(toFile: cli.path("Jobs/shop.yml"), atomically: true, encoding: .utf8)
    }

    func assertRefused(_ says: String, file: StaticString = #filePath, line: UInt = #line) throws {
        for args in [["jobs", "check"], ["run", "shop", "--db", cli.path("pw.sqlite")]] {
            let r = try cli.run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r)", file: file, line: line)
            let out = r.stdout + r.stderr
            XCTAssertTrue(out.contains("Jobs/shop.yml:5:17: sites[0].start_file: "), "file:line:key, \(args): \(r)", file: file, line: line)
            XCTAssertTrue(out.contains(says), "\(args): \(r)", file: file, line: line)
        }
    }

    func testADeviceIsNotAStartFile() throws {
        for selectors in ["shop", "auto"] {
            try writeJob(startFile: "/dev/zero", selectors: selectors)
            try assertRefused("/dev/zero is not a regular file")
        }
    }

    func testAFIFOIsNotAStartFile() throws {
        XCTAssertEqual(mkfifo(cli.path("Jobs-urls.fifo"), 0o644), 0)
        try writeJob(startFile: cli.path("Jobs-urls.fifo"))
        try assertRefused("is not a regular file")
    }

    /// A sparse file: 65 MB long without 65 MB on disk, refused on its size without being read.
    func testAStartFileOver64MBIsRefused() throws {
        try writeJob(startFile: "urls.txt")
        FileManager.default.createFile(atPath: cli.path("Jobs/urls.txt"), contents: nil)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: cli.path("Jobs/urls.txt")))
        try handle.truncate(atOffset: 65 << 20)
        try handle.close()
        try assertRefused("is 65 MB; a start file may have 64 MB at most")
    }

    func testAStartFileStillWorks() throws {
        let shop = try CLI.shop()
        defer { shop.stop() }
        for selectors in ["shop", "auto"] {
            try writeJob(startFile: "urls.txt", selectors: selectors)
            try "# product pages\n\(shop.baseURL)/p/1\n\n\(shop.baseURL)/p/2\n".write(toFile: cli.path("Jobs/urls.txt"), atomically: true, encoding: .utf8)
            let r = try cli.run(["run", "shop", "--db", cli.path("pw.sqlite")])
            XCTAssertEqual(r.status, 0, "\(selectors): \(r)")
            XCTAssertTrue(r.stdout.contains("items=2"), "\(selectors): \(r)")
        }
    }
}
