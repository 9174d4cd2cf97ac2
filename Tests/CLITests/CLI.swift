import Foundation
import LoopbackServer
import XCTest

/// Runs the BUILT `pricewatch` binary (next to this test bundle; `swift build --build-tests` builds
/// both) in a temporary folder, as a user or cron would, and returns its exit status and output.
struct CLI {
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
    }

    /// The temporary folder every run starts in; removed by `remove()`.
    let folder: URL

    init() throws {
        folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("pw-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static func binary() throws -> URL {
        let built = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath()
        // Linux: debug/pricewatchPackageTests.xctest; macOS: debug/X.xctest/Contents/MacOS/X.
        var dir = built.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("pricewatch")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        throw XCTSkip("the pricewatch binary is not built next to \(built.path) (swift build --build-tests builds it)")
    }

    /// Starts the binary; `started` sees the running process (to signal it) before the wait.
    /// `executable`: another program (a shell running the binary); the default is the binary itself.
    @discardableResult
    func run(_ arguments: [String], executable: URL? = nil, environment: [String: String] = [:], started: (Process) throws -> Void = { _ in }) throws -> Result {
        let child = Process()
        child.executableURL = try executable ?? Self.binary()
        child.arguments = arguments
        child.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env["PRICEWATCH_DB"] = nil
        child.environment = env.merging(environment) { $1 }
        // Files, not pipes: a chatty child never blocks on a full pipe while the test waits.
        let out = folder.appendingPathComponent(".stdout-\(UUID().uuidString)"), err = folder.appendingPathComponent(".stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        child.standardOutput = try FileHandle(forWritingTo: out)
        child.standardError = try FileHandle(forWritingTo: err)
        child.standardInput = FileHandle.nullDevice
        try child.run()
        do { try started(child) } catch { child.terminate(); child.waitUntilExit(); throw error }
        child.waitUntilExit()
        let status = child.terminationReason == .exit ? child.terminationStatus : 128 + child.terminationStatus
        return Result(status: status, stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "", stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// A job file `Jobs/NAME.yml` crawling `start` with the automatic extractor.
    func writeJob(_ name: String, start: String, timeout: String = "5s") throws {
        try FileManager.default.createDirectory(atPath: path("Jobs"), withIntermediateDirectories: true)
        try """
        name: \(name)
        schedule: "*/5 * * * *"
        sites:
          - selectors: auto
            start: ["\(start)"]
            depth: 0
        market: {currency_hint: USD}
        limits: {max_pages: 10, concurrency: 2, timeout: \(timeout), max_tries: 1}
        required_fields: [price]
        """.write(toFile: path("Jobs/\(name).yml"), atomically: true, encoding: .utf8)
    }

    /// A shop of one product page (JSON-LD) on loopback; `delay` holds every page response back.
    static func shop(delay: TimeInterval = 0, onPage: @escaping @Sendable () -> Void = {}) throws -> LoopbackServer {
        let server = try LoopbackServer { req in
            if req.path == "/robots.txt" { return .text("none", status: 404) }
            onPage()
            var r = HTTPResponse.html("""
                <html><head><title>Kettle</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Kettle",
                "sku":"K1","offers":{"@type":"Offer","price":"19.99","priceCurrency":"USD","availability":"https://schema.org/InStock"}}</script></head>
                <body><h1>Kettle</h1></body></html>
                """)
            r.delay = delay
            return r
        }
        try server.start()
        return server
    }
}
