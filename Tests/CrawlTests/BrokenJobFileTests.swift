import XCTest
import Foundation
import LoopbackServer
@testable import Crawl

/// One broken job file must not stop cron from running the valid ones.
final class BrokenJobFileTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "pw-broken-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/Jobs", withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func writeJobs(start: String) throws {
        try """
        name: good
        schedule: "*/5 * * * *"
        sites:
          - selectors: auto
            start: ["\(start)"]
            depth: 0
        market: {currency_hint: USD}
        limits: {max_pages: 10, concurrency: 2, timeout: 5s, max_tries: 1}
        required_fields: [price]
        """.write(toFile: dir + "/Jobs/good.yml", atomically: true, encoding: .utf8)
        // Line 3: a mapping where a list belongs, and an unclosed flow sequence below it.
        try """
        name: broken
        schedule: "*/5 * * * *"
        sites: [selectors: auto
          start: ["http://127.0.0.1:1/x"
        """.write(toFile: dir + "/Jobs/broken.yml", atomically: true, encoding: .utf8)
    }

    func testValidJobsLoadNextToABrokenFileAndLoadJobsStillFails() throws {
        try writeJobs(start: "http://127.0.0.1:1/p/1")
        let (jobs, broken) = try Scheduler.loadValidJobs(directory: dir + "/Jobs")
        XCTAssertEqual(jobs.map(\.name), ["good"])
        XCTAssertEqual(broken.map(\.name), ["broken"])
        XCTAssertTrue("\(broken[0].error)".hasPrefix(dir + "/Jobs/broken.yml:"), "file:line: \(broken[0].error)")
        // `jobs check` and everything else that needs every file valid still fails on it.
        XCTAssertThrowsError(try Scheduler.loadJobs(directory: dir + "/Jobs")) { error in
            XCTAssertEqual("\(error)", "\(broken[0].error)")
        }
    }

    /// The real binary, as cron runs it: the valid due job runs, the broken file is named, exit 2.
    func testRunDueRunsTheValidJobsAndExitsWithConfigurationError() throws {
        let binary = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent().appendingPathComponent("pricewatch")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("\(binary.path) not built (swift build --build-tests builds it)")
        }
        let server = try LoopbackServer { req in
            req.path == "/robots.txt" ? .text("none", status: 404) : .html("""
                <html><head><title>Kettle</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Kettle",
                "sku":"K1","offers":{"@type":"Offer","price":"19.99","priceCurrency":"USD","availability":"https://schema.org/InStock"}}</script></head>
                <body><h1>Kettle</h1></body></html>
                """)
        }
        try server.start()
        defer { server.stop() }
        try writeJobs(start: server.baseURL + "/p/1")

        let child = Process()
        child.executableURL = binary
        child.arguments = ["run", "--due", "--jobs-dir", dir + "/Jobs", "--db", dir + "/pw.sqlite"]
        let out = Pipe(), err = Pipe()
        child.standardOutput = out
        child.standardError = err
        try child.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        child.waitUntilExit()
        XCTAssertEqual(child.terminationStatus, 2, "stdout: \(stdout)\nstderr: \(stderr)")
        XCTAssertTrue(stdout.contains("run 1 good: ok;"), stdout)
        XCTAssertTrue(stderr.contains(dir + "/Jobs/broken.yml:"), stderr)
        XCTAssertTrue(server.requestLog.contains { $0.target == "/p/1" }, "the valid job crawled")
    }
}
