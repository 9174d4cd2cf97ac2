import Foundation

/// One site's numbers in one run: what health checks look at (Spidermon-style).
public struct SiteRunStats: Codable, Sendable, Equatable {
    public var site: String
    public var pagesFetched = 0
    public var productPages = 0
    /// Product records extracted (one per product page, or per item on listing-only sites).
    public var items = 0
    /// Records carrying each field (a field with a value, not a default).
    public var fieldCounts: [String: Int] = [:]
    public var fetchErrors = 0
    public var blocked = 0
    /// Pages that came back but yielded no usable record.
    public var parseFailures = 0

    public init(site: String) { self.site = site }

    public func coverage(of field: String) -> Double {
        items == 0 ? 0 : Double(fieldCounts[field, default: 0]) / Double(items)
    }

    var requests: Int { pagesFetched + fetchErrors + blocked }
}

/// A health problem of a run, stored with the run, shown in reports, reflected in the exit code.
public struct Alarm: Codable, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable {
        case coverage, itemCount = "item-count", errorRate = "error-rate", blockedRate = "blocked-rate", parseFailures = "parse-failures"
    }
    public var site: String
    public var kind: Kind
    public var message: String
    /// For coverage alarms: the fields that broke.
    public var fields: [String]

    public init(site: String, kind: Kind, message: String, fields: [String] = []) {
        self.site = site
        self.kind = kind
        self.message = message
        self.fields = fields
    }

    public var description: String { "[\(site)] \(kind.rawValue): \(message)" }
}

/// Compares a run's per-site numbers with the job's thresholds and the site's recent history.
public enum HealthCheck {
    /// - Parameter history: item counts of this site in earlier completed runs, newest first.
    public static func evaluate(_ stats: SiteRunStats, thresholds: AlarmThresholds, requiredFields: [String], history: [Int]) -> [Alarm] {
        var alarms: [Alarm] = []
        var minimums = thresholds.minCoverage
        for field in requiredFields where minimums[field] == nil { minimums[field] = 0.9 }
        if stats.items > 0 {
            let broken = minimums.keys.sorted().filter { stats.coverage(of: $0) < minimums[$0]! }
            if !broken.isEmpty {
                let detail = broken.map { "\($0) \(Int((stats.coverage(of: $0) * 100).rounded()))% (min \(Int((minimums[$0]! * 100).rounded()))%)" }
                alarms.append(Alarm(site: stats.site, kind: .coverage, message: "field coverage dropped: " + detail.joined(separator: ", "), fields: broken))
            }
        }
        let recent = Array(history.prefix(7)).sorted()
        if !recent.isEmpty {
            let median = recent.count % 2 == 1 ? Double(recent[recent.count / 2]) : Double(recent[recent.count / 2 - 1] + recent[recent.count / 2]) / 2
            if median > 0, Double(stats.items) < median * thresholds.minItemsRatio {
                alarms.append(Alarm(site: stats.site, kind: .itemCount,
                                    message: String(format: "%d items, below %.0f%% of the recent median %.0f", stats.items, thresholds.minItemsRatio * 100, median)))
            }
        } else if stats.items == 0 && stats.pagesFetched > 0 {
            alarms.append(Alarm(site: stats.site, kind: .itemCount, message: "no items extracted from \(stats.pagesFetched) pages"))
        }
        let requests = stats.requests
        if requests > 0 {
            let errorRate = Double(stats.fetchErrors) / Double(requests)
            if errorRate > thresholds.maxErrorRate {
                alarms.append(Alarm(site: stats.site, kind: .errorRate, message: String(format: "%.0f%% of requests failed (max %.0f%%)", errorRate * 100, thresholds.maxErrorRate * 100)))
            }
            let blockedRate = Double(stats.blocked) / Double(requests)
            if blockedRate > thresholds.maxBlockedRate {
                alarms.append(Alarm(site: stats.site, kind: .blockedRate, message: String(format: "%.0f%% of requests were blocked (max %.0f%%)", blockedRate * 100, thresholds.maxBlockedRate * 100)))
            }
        }
        if stats.productPages > 0 {
            let rate = Double(stats.parseFailures) / Double(stats.productPages)
            if rate > thresholds.maxParseFailureRate {
                alarms.append(Alarm(site: stats.site, kind: .parseFailures, message: String(format: "%.0f%% of product pages failed to parse (max %.0f%%)", rate * 100, thresholds.maxParseFailureRate * 100)))
            }
        }
        return alarms
    }
}
