import Foundation
import Config
import FieldParsers
import Fetch

/// What to crawl and when: one `Jobs/*.yml` file. See `Jobs/README.md` for the format.
///
///     let job = try Job.load(path: "Jobs/demo-us.yml")
///     job.schedule.isDue(lastRun: last, now: Date())
public struct Job: Sendable {
    public var name: String
    /// The file it was read from (for messages).
    public var file: String
    public var schedule: CronSchedule
    public var sites: [JobSite]
    public var market: MarketSettings
    public var limits: JobLimits
    /// Fields every product record must carry; a record without one counts against coverage.
    public var requiredFields: [String]
    public var alarms: AlarmThresholds

    public var timeZone: TimeZone { schedule.timeZone }
}

/// One site of a job: how to read it and where to start.
public struct JobSite: Sendable {
    /// Path of the selector set (resolved against the job file), or nil for `selectors: auto`.
    public var selectorsPath: String?
    /// Start URLs; `${NAME}` is replaced from the run's variables (e.g. `${DEMO_URL}`).
    public var start: [String]
    /// A file of product URLs, one per line (resolved against the job file; see `StartFile`).
    public var startFile: String?
    /// Where `start_file` stands in the job file, for problems found when the run reads it.
    public var startFilePlace: ConfigPlace?
    /// How many links deep to follow from a start URL (0 = the start pages only).
    public var depth: Int
    /// Where each start URL stands in the job file, for errors found at run time (an unset `${NAME}`).
    public var startPlaces: [ConfigPlace] = []
}

/// A value's place in its configuration file: line, column and dotted key (`sites[0].start[1]`).
public struct ConfigPlace: Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var key: String
}

/// Request settings that pick a market: language, currency cookies, proxy, identity.
public struct MarketSettings: Sendable {
    public var currencyHint: String?
    public var acceptLanguage: String?
    public var cookies: String?
    public var proxy: String?
    /// PEM file of the certificate authorities to trust (a shop behind a private CA).
    public var caFile: String?
    public var userAgent: String
    public var headers: [String: String]

    public static let defaultUserAgent = "pricewatch/0.1 (+https://github.com/pricewatch/pricewatch)"
}

public struct JobLimits: Sendable {
    public var maxPages = 10_000
    public var concurrency = 16
    public var perHostConcurrency = 4
    /// Fixed minimum delay between requests to one host.
    public var perHostDelay: TimeInterval = 0
    /// Latency-driven delay on top of the minimum (Scrapy's AutoThrottle).
    public var autoThrottle = true
    public var timeout: TimeInterval = 30
    public var maxTries = 4
    public var obeyRobots = true
    public var maxResponseBytes = 8 << 20
    /// The longest robots.txt Crawl-delay obeyed.
    public var maxCrawlDelay: TimeInterval = 30
}

/// When a run's health is bad enough to raise an alarm (Spidermon-style).
public struct AlarmThresholds: Sendable {
    /// Minimum share of product records carrying each field, e.g. `price: 0.95`.
    public var minCoverage: [String: Double] = [:]
    /// Items per site below this share of the median of recent runs raise an alarm.
    public var minItemsRatio = 0.7
    public var maxErrorRate = 0.10
    public var maxBlockedRate = 0.05
    public var maxParseFailureRate = 0.05
}

extension Job {
    static let topKeys: Set<String> = ["name", "schedule", "time_zone", "sites", "market", "limits", "required_fields", "alarms"]
    static let siteKeys: Set<String> = ["selectors", "start", "start_file", "depth"]
    /// The fields whose coverage a run counts (SiteRunStats.fieldCounts), so the ones
    /// `required_fields` may name.
    public static let coverageFields: Set<String> = ["price", "currency", "availability", "sales", "rating", "review_count", "title"]
    static let marketKeys: Set<String> = ["currency_hint", "accept_language", "cookies", "proxy", "user_agent", "headers", "ca_file"]
    static let limitKeys: Set<String> = ["max_pages", "concurrency", "per_host_concurrency", "per_host_delay", "auto_throttle",
                                         "timeout", "max_tries", "obey_robots", "max_response_bytes", "max_crawl_delay"]
    static let alarmKeys: Set<String> = ["min_coverage", "min_items_ratio", "max_error_rate", "max_blocked_rate", "max_parse_failure_rate"]

    /// Reads and validates a job file. Errors name file, line and key.
    public static func load(path: String) throws -> Job {
        try parse(yaml: ConfigNode.readFile(path), file: path)
    }

    public static func parse(yaml: String, file: String) throws -> Job {
        let root = try ConfigNode.load(yaml: yaml, file: file)
        let top = try root.mapping(allowed: topKeys)
        let defaultName = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let name = try top["name"]?.string() ?? defaultName
        guard let scheduleNode = top["schedule"] else { throw root.error("missing key 'schedule' (a cron expression like \"0 */6 * * *\" or \"every 6h\")") }
        var timeZone = TimeZone(identifier: "UTC")!
        if let tzNode = top["time_zone"] {
            let id = try tzNode.string()
            guard let tz = TimeZone(identifier: id) else { throw tzNode.error("unknown time zone \"\(id)\" (use an IANA name like Europe/Berlin)") }
            timeZone = tz
        }
        let schedule: CronSchedule
        do { schedule = try CronSchedule(try scheduleNode.string(), timeZone: timeZone) } catch let e as CronError {
            throw scheduleNode.error(e.reason)
        }
        guard let sitesNode = top["sites"] else { throw root.error("missing key 'sites' (at least one site with its selectors and start URLs)") }
        let baseDir = URL(fileURLWithPath: file).absoluteURL.deletingLastPathComponent()
        let sites = try sitesNode.list().map { try parseSite($0, baseDir: baseDir) }
        guard !sites.isEmpty else { throw sitesNode.error("needs at least one site") }
        let market = try parseMarket(top["market"])
        let limits = try parseLimits(top["limits"])
        var required = ["price"]
        if let node = top["required_fields"] {
            required = []
            for item in try node.list() {
                let name = try item.string()
                guard Job.coverageFields.contains(name) else {
                    let hint = ConfigNode.closest(to: name, in: Job.coverageFields).map { " (did you mean '\($0)'?)" } ?? ""
                    throw item.error("unknown field '\(name)'\(hint); the health check measures \(Job.coverageFields.sorted().joined(separator: ", "))")
                }
                required.append(name)
            }
        }
        let alarms = try parseAlarms(top["alarms"])
        return Job(name: name, file: file, schedule: schedule, sites: sites, market: market, limits: limits,
                   requiredFields: required, alarms: alarms)
    }

    static func parseSite(_ node: ConfigNode, baseDir: URL) throws -> JobSite {
        let m = try node.mapping(allowed: siteKeys)
        guard let selNode = m["selectors"] else { throw node.error("missing key 'selectors' (a selector file such as ../Selectors/shop.yml, or auto)") }
        let sel = try selNode.string()
        var selectorsPath: String?
        if sel != "auto" {
            let path = resolve(sel, against: baseDir, defaultDir: "../Selectors", ext: "yml")
            guard FileManager.default.fileExists(atPath: path) else { throw selNode.error("selector file not found: \(path)") }
            selectorsPath = path
        }
        let start = try m["start"]?.stringList() ?? []
        for (i, url) in start.enumerated() where !(url.hasPrefix("http://") || url.hasPrefix("https://") || url.hasPrefix("${")) {
            throw (try m["start"]!.list()[i]).error("start URLs must be http or https, found \"\(url)\"")
        }
        var startFile: String?
        if let f = m["start_file"] {
            let path = resolve(try f.string(), against: baseDir, defaultDir: nil, ext: nil)
            if let problem = StartFile.problem(path) { throw f.error(problem) }
            startFile = path
        }
        guard !start.isEmpty || startFile != nil else { throw node.error("needs 'start' URLs or a 'start_file'") }
        let depth = try m["depth"]?.int(in: 0...20) ?? 2
        let places = try m["start"]?.list().map { ConfigPlace(line: $0.line, column: $0.column, key: $0.path) } ?? []
        return JobSite(selectorsPath: selectorsPath, start: start, startFile: startFile,
                       startFilePlace: m["start_file"].map { ConfigPlace(line: $0.line, column: $0.column, key: $0.path) }, depth: depth, startPlaces: places)
    }

    /// `de-DE,de;q=0.9,*;q=0.1`: language ranges (RFC 4647) with optional weights.
    static func isLanguageList(_ value: String) -> Bool {
        let items = value.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        return !items.isEmpty && items.allSatisfy { item in
            let parts = item.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let range = parts[0]
            let tags = range.split(separator: "-", omittingEmptySubsequences: false)
            let rangeOK = range == "*" || (!tags.isEmpty && tags.enumerated().allSatisfy { i, t in
                (1...8).contains(t.count) && t.allSatisfy { $0.isASCII && ($0.isLetter || (i > 0 && $0.isNumber)) }
            })
            let weightsOK = parts.dropFirst().allSatisfy { p in
                guard p.hasPrefix("q="), let q = Double(p.dropFirst(2)) else { return false }
                return (0...1).contains(q)
            }
            return rangeOK && weightsOK
        }
    }

    static func parseMarket(_ node: ConfigNode?) throws -> MarketSettings {
        var market = MarketSettings(currencyHint: nil, acceptLanguage: nil, cookies: nil, proxy: nil,
                                    userAgent: MarketSettings.defaultUserAgent, headers: [:])
        guard let node else { return market }
        let m = try node.mapping(allowed: marketKeys)
        // Every value that becomes a request header: a CR/LF would inject headers of its own.
        for key in ["user_agent", "cookies", "accept_language"] {
            if let v = m[key], let problem = FetchSettings.headerValueProblem(try v.string()) { throw v.error("\(problem), not allowed in a header value") }
        }
        if let node = m["currency_hint"] {
            let hint = try node.string()
            // The hint is an ISO code, a symbol or words around a price: it must name a currency the parser knows.
            guard PriceParser.parse("1", currencyHint: hint).currency != nil else {
                throw node.error("currency_hint '\(hint)' names no currency pricewatch knows (an ISO 4217 code such as EUR, or a symbol such as R$)")
            }
            market.currencyHint = hint
        }
        if let node = m["accept_language"] {
            let value = try node.string()
            guard Job.isLanguageList(value) else {
                throw node.error("accept_language '\(value)' is not an Accept-Language value such as 'de-DE,de;q=0.9,en;q=0.5'")
            }
            market.acceptLanguage = value
        }
        market.cookies = try m["cookies"]?.string()
        if let p = m["proxy"] {
            let proxy = try p.string()
            guard ["http://", "https://", "socks5://", "socks5h://"].contains(where: proxy.hasPrefix) else {
                throw p.error("proxy must be an http://, https:// or socks5:// URL")
            }
            market.proxy = proxy
        }
        market.userAgent = try m["user_agent"]?.string() ?? market.userAgent
        if let f = m["ca_file"] {
            let path = resolve(try f.string(), against: URL(fileURLWithPath: f.file).absoluteURL.deletingLastPathComponent(), defaultDir: nil, ext: nil)
            guard FileManager.default.isReadableFile(atPath: path) else { throw f.error("CA file not found or not readable: \(path)") }
            market.caFile = path
        }
        if let h = m["headers"] {
            guard case let .mapping(map) = h.node else { throw h.error("expected a mapping of header names to values") }
            for (k, v) in map {
                let valueNode = ConfigNode(node: v, file: h.file, path: "\(h.path).\(k.string ?? "?")")
                guard let key = k.string, let value = v.string else { throw valueNode.error("header names and values must be text") }
                if let problem = FetchSettings.headerNameProblem(key) { throw valueNode.error("header name \(problem)") }
                if let problem = FetchSettings.headerValueProblem(value) { throw valueNode.error("\(problem), not allowed in a header value") }
                market.headers[key] = value
            }
        }
        return market
    }

    static func parseLimits(_ node: ConfigNode?) throws -> JobLimits {
        var l = JobLimits()
        guard let node else { return l }
        let m = try node.mapping(allowed: limitKeys)
        if let v = m["max_pages"] { l.maxPages = try v.int(in: 1...10_000_000) }
        if let v = m["concurrency"] { l.concurrency = try v.int(in: 1...1024) }
        if let v = m["per_host_concurrency"] { l.perHostConcurrency = try v.int(in: 1...256) }
        if let v = m["per_host_delay"] { l.perHostDelay = try v.duration() }
        if let v = m["auto_throttle"] { l.autoThrottle = try v.bool() }
        if let v = m["timeout"] { l.timeout = try v.duration() }
        if let v = m["max_tries"] { l.maxTries = try v.int(in: 1...20) }
        if let v = m["obey_robots"] { l.obeyRobots = try v.bool() }
        if let v = m["max_response_bytes"] { l.maxResponseBytes = try v.int(in: 1024...(1 << 30)) }
        if let v = m["max_crawl_delay"] { l.maxCrawlDelay = try v.duration() }
        return l
    }

    static func parseAlarms(_ node: ConfigNode?) throws -> AlarmThresholds {
        var a = AlarmThresholds()
        guard let node else { return a }
        let m = try node.mapping(allowed: alarmKeys)
        if let v = m["min_coverage"] {
            guard case let .mapping(map) = v.node else { throw v.error("expected field: share pairs, e.g. price: 0.95") }
            for (k, val) in map {
                let field = ConfigNode(node: val, file: v.file, path: "\(v.path).\(k.string ?? "?")")
                a.minCoverage[k.string ?? "?"] = try field.double(in: 0...1)
            }
        }
        if let v = m["min_items_ratio"] { a.minItemsRatio = try v.double(in: 0...1) }
        if let v = m["max_error_rate"] { a.maxErrorRate = try v.double(in: 0...1) }
        if let v = m["max_blocked_rate"] { a.maxBlockedRate = try v.double(in: 0...1) }
        if let v = m["max_parse_failure_rate"] { a.maxParseFailureRate = try v.double(in: 0...1) }
        return a
    }

    /// `name` alone means `<defaultDir>/name.<ext>` next to the job file; a path is relative to the job file.
    static func resolve(_ value: String, against base: URL, defaultDir: String?, ext: String?) -> String {
        if value.hasPrefix("/") { return value }
        if let defaultDir, let ext, !value.contains("/"), !value.hasSuffix("." + ext) {
            return base.appendingPathComponent(defaultDir).appendingPathComponent("\(value).\(ext)").standardized.path
        }
        return base.appendingPathComponent(value).standardized.path
    }

    /// Expands `${NAME}` in a start URL from `variables`; an unknown name is a configuration error.
    /// Start URL `index` of `site` with its `${NAME}`s replaced; a name without a value is an
    /// error naming this job file, the line and the key of that URL.
    ///
    ///     try job.startURL(job.sites[0], 0, variables: ["DEMO_URL": "http://127.0.0.1:8080"])
    public func startURL(_ site: JobSite, _ index: Int, variables: [String: String]) throws -> String {
        do { return try Job.expand(site.start[index], variables: variables) } catch let e as ConfigError {
            let place = index < site.startPlaces.count ? site.startPlaces[index] : nil
            throw ConfigError(file: file, line: place?.line ?? 0, column: place?.column ?? 0, key: place?.key ?? "start", message: e.message)
        }
    }

    public static func expand(_ url: String, variables: [String: String]) throws -> String {
        var out = ""
        var rest = Substring(url)
        while let open = rest.range(of: "${") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { out += rest[open.lowerBound...]; rest = ""; break }
            let name = String(rest[open.upperBound..<close])
            guard let value = variables[name] else {
                throw ConfigError(file: "", line: 0, column: 0, key: "start", message: "start URL \(url) uses ${\(name)}, which is not set")
            }
            out += value
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
