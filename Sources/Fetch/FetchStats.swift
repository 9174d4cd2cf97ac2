import Foundation

/// A run's fetch numbers in one place (like Scrapy's stats): logged at the end and stored with the run.
public struct FetchStats: Sendable, Codable, Equatable {
    public var requests = 0
    public var responses = 0
    public var responsesByStatus: [String: Int] = [:]
    public var retries = 0
    public var bytesDownloaded = 0
    public var bytesDecoded = 0
    public var errorsByKind: [String: Int] = [:]
    public var blocked = 0
    public var robotsDisallowed = 0
    public var notModified = 0
    public var cacheHits = 0
    public var elapsed: Double = 0

    public init() {}

    mutating func record(_ r: FetchResponse) {
        if r.fromCache { cacheHits += 1 } else if r.outcome != .robotsDisallowed { responses += r.status > 0 ? 1 : 0 }
        if r.status > 0 { responsesByStatus[String(r.status), default: 0] += 1 }
        bytesDownloaded += r.bytesDownloaded
        bytesDecoded += r.body.count
        switch r.outcome {
        case .ok: break
        case .notModified: notModified += 1
        case .blocked: blocked += 1
        case .robotsDisallowed: robotsDisallowed += 1
        default: errorsByKind[r.outcome.kind, default: 0] += 1
        }
    }

    /// One line for logs: "requests=120 responses=118 retries=3 errors=2 blocked=0 ...".
    public var summary: String {
        let errors = errorsByKind.values.reduce(0, +)
        return "requests=\(requests) responses=\(responses) retries=\(retries) errors=\(errors) blocked=\(blocked) robots=\(robotsDisallowed) not-modified=\(notModified) cache-hits=\(cacheHits) bytes=\(bytesDownloaded) elapsed=\(String(format: "%.2fs", elapsed))"
    }
}
