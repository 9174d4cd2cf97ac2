import Foundation
import Logging

/// Log lines of the code under test, kept in memory instead of printed: a green `swift test`
/// prints no warning that looks like a failure, and a test that expects a warning asserts on its
/// line. The test process is one for every target, and swift-log takes one bootstrap per process,
/// so every test class that makes a crawler or fetcher calls `install()` (idempotent) in its
/// `class func setUp`, before its first logger exists.
///
///     override class func setUp() { super.setUp(); TestLog.install() }
///     TestLog.clear(); ...; XCTAssertTrue(TestLog.lines().contains { $0.contains("fetch failed") })
public enum TestLog {
    private static let installed: Void = LoggingSystem.bootstrap { label in Handler(label: label) }

    public static func install() { _ = installed }

    /// The lines logged since the last `clear()`, oldest first: `warning pricewatch.crawl: fetch failed outcome=... url=...`.
    public static func lines() -> [String] { store.withLock { $0 } }

    public static func clear() { store.withLock { $0.removeAll() } }

    private static let store = Lines()
    /// At most this many lines are kept (a long crawl test must not grow the test process).
    static let limit = 10_000

    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func withLock<T>(_ body: (inout [String]) -> T) -> T {
            lock.lock()
            defer { lock.unlock() }
            return body(&lines)
        }
    }

    struct Handler: LogHandler {
        let label: String
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let fields = all.keys.sorted().map { "\($0)=\(all[$0]!)" }.joined(separator: " ")
            let text = "\(event.level) \(label): \(event.message)\(fields.isEmpty ? "" : " " + fields)"
            TestLog.store.withLock { lines in
                if lines.count >= TestLog.limit { lines.removeFirst(lines.count / 2) }
                lines.append(text)
            }
        }
    }
}
