/// A parsed robots.txt: the group for our user agent, longest-match Allow/Disallow with `*` and `$`,
/// and Crawl-delay (RFC 9309, as Google reads it).
///
///     let robots = RobotsTxt(text, userAgent: "pricewatch")
///     robots.isAllowed("/cart?x=1")   // false with "Disallow: /cart"
public struct RobotsTxt: Sendable, Equatable {
    struct Rule: Sendable, Equatable {
        var allow: Bool
        var pattern: String
        /// Characters of the pattern: the longest matching rule wins.
        var length: Int
        var compiled: RobotsPattern

        init(allow: Bool, pattern: String) {
            self.allow = allow
            self.pattern = pattern
            length = pattern.count
            compiled = RobotsPattern(pattern)
        }
    }

    /// Longest Allow/Disallow pattern read, in UTF-8 bytes; longer ones are ignored (and counted).
    /// No real rule comes near it, and it bounds the work a hostile file can cause per page.
    public static let maxRuleBytes = 2_000
    /// Most Allow/Disallow rules read from one file (Google reads 500 KiB; a file is fetched up to
    /// 512 KiB); the rest are ignored (and counted). Matching a page costs at most
    /// rules × (path + pattern) steps.
    public static let maxRules = 2_000

    var rules: [Rule]
    public var crawlDelay: Double?
    /// Rules left out for passing `maxRuleBytes` or `maxRules`: worth a log line, not a failure.
    public var ignoredRules = 0

    /// Everything allowed (robots.txt missing or 4xx).
    public static let allowAll = RobotsTxt(rules: [], crawlDelay: nil)
    /// Everything disallowed (`User-agent: *` / `Disallow: /`). An unreachable robots.txt is not
    /// this: the fetcher fails those pages as `robotsUnreachable`.
    public static let disallowAll = RobotsTxt(rules: [Rule(allow: false, pattern: "/")], crawlDelay: nil)

    init(rules: [Rule], crawlDelay: Double?) {
        self.rules = rules
        self.crawlDelay = crawlDelay
    }

    /// - Parameter userAgent: the full User-Agent; its product token ("pricewatch") picks the group.
    public init(_ text: String, userAgent: String) {
        let token = userAgent.split(separator: "/").first.map { $0.lowercased().trimmingCharacters(in: .whitespaces) } ?? "*"
        var groups: [(agents: [String], rules: [Rule], delay: Double?)] = []
        var current: (agents: [String], rules: [Rule], delay: Double?)?
        var lastWasAgent = false
        var ruleCount = 0, ignored = 0
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "user-agent":
                if !lastWasAgent || current == nil {
                    if let c = current { groups.append(c) }
                    current = ([], [], nil)
                }
                current!.agents.append(value.lowercased())
                lastWasAgent = true
            case "allow", "disallow":
                lastWasAgent = false
                guard current != nil else { continue }
                // An empty Disallow allows everything: no rule.
                guard !value.isEmpty else { continue }
                if value.utf8.count > RobotsTxt.maxRuleBytes || ruleCount >= RobotsTxt.maxRules {
                    ignored += 1
                    continue
                }
                ruleCount += 1
                current!.rules.append(Rule(allow: key == "allow", pattern: value))
            case "crawl-delay":
                lastWasAgent = false
                if current != nil, let d = Double(value), d >= 0 { current!.delay = d }
            default:
                lastWasAgent = false
            }
        }
        if let c = current { groups.append(c) }
        // The most specific group naming our token; else '*'. Groups for the same agent merge.
        let mine = groups.filter { $0.agents.contains { $0 != "*" && token.hasPrefix($0) } }
        let chosen = mine.isEmpty ? groups.filter { $0.agents.contains("*") } : mine
        rules = chosen.flatMap(\.rules)
        crawlDelay = chosen.compactMap(\.delay).max()
        ignoredRules = ignored
    }

    /// Whether a path (with its query) may be fetched.
    public func isAllowed(_ pathAndQuery: String) -> Bool {
        var steps = 0
        return isAllowed(pathAndQuery, steps: &steps)
    }

    /// `isAllowed`, adding to `steps` the byte comparisons made (at most rules × 2 × (path + pattern)).
    func isAllowed(_ pathAndQuery: String, steps: inout Int) -> Bool {
        let path = Array((pathAndQuery.isEmpty ? "/" : pathAndQuery).utf8)
        var best: (length: Int, allow: Bool)?
        for rule in rules {
            // Only a longer rule, or an Allow as long, can change the verdict.
            if let b = best, rule.length < b.length || (rule.length == b.length && (b.allow || !rule.allow)) { continue }
            if rule.compiled.matches(path, steps: &steps) { best = (rule.length, rule.allow) }
        }
        return best?.allow ?? true
    }

    /// Whether `pattern` (robots.txt syntax: `*` any run of characters, a final `$` the end of the
    /// path, otherwise a prefix) matches `path`.
    static func matches(_ pattern: String, _ path: String) -> Bool {
        var steps = 0
        return RobotsPattern(pattern).matches(path, steps: &steps)
    }
}
