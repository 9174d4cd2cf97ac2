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
    /// Product pages that came back but yielded no usable record: none at all (`noRecord`), or one
    /// without a required field (`missingRequired`).
    public var parseFailures = 0
    /// Product pages without any record.
    public var noRecord = 0
    /// Product pages whose record lacked each required field: what failed, when the rest was read.
    public var missingRequired: [String: Int] = [:]
    /// Pages refused by the HTML parser's caps or whose extraction stopped at its work cap
    /// (`HTMLLimits`): nothing of them is stored, their links are not followed.
    public var unparsablePages = 0
    /// The first such page and why, e.g. "http://shop/c/1: page has elements nested deeper than 4096 at line 9 (cap 4096)".
    public var firstParseError: String?
    /// URLs robots.txt disallows (not requested; neither fetched nor failed).
    public var robotsDisallowed = 0
    /// The first fetch error's reason, e.g. "robots.txt unreachable: Couldn't connect to server".
    public var firstError: String?

    public init(site: String) { self.site = site }

    public func coverage(of field: String) -> Double {
        items == 0 ? 0 : Double(fieldCounts[field, default: 0]) / Double(items)
    }

    var requests: Int { pagesFetched + fetchErrors + blocked }

    /// Adds another page's (or run part's) numbers; the first error reason is kept.
    mutating func add(_ o: SiteRunStats) {
        pagesFetched += o.pagesFetched
        productPages += o.productPages
        items += o.items
        fetchErrors += o.fetchErrors
        blocked += o.blocked
        parseFailures += o.parseFailures
        noRecord += o.noRecord
        for (k, v) in o.missingRequired { missingRequired[k, default: 0] += v }
        unparsablePages += o.unparsablePages
        robotsDisallowed += o.robotsDisallowed
        if firstError == nil { firstError = o.firstError }
        if firstParseError == nil { firstParseError = o.firstParseError }
        for (k, v) in o.fieldCounts { fieldCounts[k, default: 0] += v }
    }
}

extension SiteRunStats {
    enum CodingKeys: String, CodingKey {
        case site, pagesFetched, productPages, items, fieldCounts, fetchErrors, blocked, parseFailures, noRecord, missingRequired, unparsablePages, robotsDisallowed, firstError
        case firstParseError
    }

    /// Stats stored by earlier versions lack the newer keys: they read as zero / none.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        site = try c.decode(String.self, forKey: .site)
        pagesFetched = try c.decodeIfPresent(Int.self, forKey: .pagesFetched) ?? 0
        productPages = try c.decodeIfPresent(Int.self, forKey: .productPages) ?? 0
        items = try c.decodeIfPresent(Int.self, forKey: .items) ?? 0
        fieldCounts = try c.decodeIfPresent([String: Int].self, forKey: .fieldCounts) ?? [:]
        fetchErrors = try c.decodeIfPresent(Int.self, forKey: .fetchErrors) ?? 0
        blocked = try c.decodeIfPresent(Int.self, forKey: .blocked) ?? 0
        parseFailures = try c.decodeIfPresent(Int.self, forKey: .parseFailures) ?? 0
        noRecord = try c.decodeIfPresent(Int.self, forKey: .noRecord) ?? 0
        missingRequired = try c.decodeIfPresent([String: Int].self, forKey: .missingRequired) ?? [:]
        unparsablePages = try c.decodeIfPresent(Int.self, forKey: .unparsablePages) ?? 0
        firstParseError = try c.decodeIfPresent(String.self, forKey: .firstParseError)
        robotsDisallowed = try c.decodeIfPresent(Int.self, forKey: .robotsDisallowed) ?? 0
        firstError = try c.decodeIfPresent(String.self, forKey: .firstError)
    }
}

/// A health problem of a run, stored with the run, shown in reports, reflected in the exit code.
public struct Alarm: Codable, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable {
        case coverage, itemCount = "item-count", errorRate = "error-rate", blockedRate = "blocked-rate", parseFailures = "parse-failures"
        /// The site had URLs to fetch and not one page came back (down, unreachable robots.txt, all blocked or disallowed).
        case nothingFetched = "nothing-fetched"
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
    /// - Parameter history: item counts of this site in earlier completed runs that raised no
    ///   alarm for it, newest first (a failed run must not lower the baseline).
    public static func evaluate(_ stats: SiteRunStats, thresholds: AlarmThresholds, requiredFields: [String], history: [Int]) -> [Alarm] {
        var alarms: [Alarm] = []
        let attempted = stats.requests + stats.robotsDisallowed
        if stats.pagesFetched == 0 && attempted > 0 {
            var parts: [String] = []
            if stats.fetchErrors > 0 { parts.append("\(stats.fetchErrors) failed") }
            if stats.blocked > 0 { parts.append("\(stats.blocked) blocked") }
            if stats.robotsDisallowed > 0 { parts.append("\(stats.robotsDisallowed) disallowed by robots.txt") }
            let reason = stats.firstError.map { " (first error: \($0))" } ?? ""
            alarms.append(Alarm(site: stats.site, kind: .nothingFetched,
                                message: "no page fetched of \(attempted) URL(s): \(parts.joined(separator: ", "))\(reason)"))
        }
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
        // A page not read at all counts whatever its kind: a refused listing loses its items and next link.
        let parsedOrNot = stats.productPages + stats.unparsablePages
        if parsedOrNot > 0 {
            let rate = Double(stats.parseFailures) / Double(parsedOrNot)
            if rate > thresholds.maxParseFailureRate {
                alarms.append(Alarm(site: stats.site, kind: .parseFailures, message: parseFailureMessage(stats, rate: rate, max: thresholds.maxParseFailureRate)))
            }
        }
        return alarms
    }

    /// What failed on the product pages, and what the same pages still gave: a price that broke
    /// is not a page that "failed to parse" when its stock and sales were read (and reported).
    static func parseFailureMessage(_ s: SiteRunStats, rate: Double, max: Double) -> String {
        func pct(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }
        let limit = "(max \(pct(max)))"
        var failed: [String] = []
        if s.noRecord > 0 { failed.append("no record on \(pct(Double(s.noRecord) / Double(s.productPages)))") }
        for (field, n) in s.missingRequired.sorted(by: { $0.key < $1.key }) where n > 0 {
            failed.append("\(field) missing on \(pct(Double(n) / Double(s.productPages)))")
        }
        // Pages the parser's caps refused: nothing of them was read, whatever their kind.
        let notRead = s.unparsablePages == 0 ? "" : "; \(s.unparsablePages) page\(s.unparsablePages == 1 ? "" : "s") not read, first \(s.firstParseError ?? "unknown")"
        // Stats stored by earlier versions say only how many pages failed.
        guard !failed.isEmpty else { return "\(pct(rate)) of \(s.unparsablePages > 0 ? "pages" : "product pages") failed to parse \(limit)" + notRead }
        // currency comes with price; a field no record had is not "read".
        let read = s.fieldCounts.filter { $0.key != "currency" && $0.value > 0 }.keys.sorted().map { "\($0) \(pct(s.coverage(of: $0)))" }
        return failed.joined(separator: ", ") + " of product pages \(limit)" + (read.isEmpty ? "" : "; the pages read gave " + read.joined(separator: ", ")) + notRead
    }
}
