/// A parsed robots.txt: the group for our user agent, longest-match Allow/Disallow with `*` and `$`,
/// and Crawl-delay (RFC 9309, as Google reads it).
///
///     let robots = RobotsTxt(text, userAgent: "pricewatch")
///     robots.isAllowed("/cart?x=1")   // false with "Disallow: /cart"
public struct RobotsTxt: Sendable, Equatable {
    struct Rule: Sendable, Equatable {
        var allow: Bool
        var pattern: String
    }

    var rules: [Rule]
    public var crawlDelay: Double?

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
                if !value.isEmpty { current!.rules.append(Rule(allow: key == "allow", pattern: value)) }
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
    }

    /// Whether a path (with its query) may be fetched.
    public func isAllowed(_ pathAndQuery: String) -> Bool {
        let path = pathAndQuery.isEmpty ? "/" : pathAndQuery
        var best: (length: Int, allow: Bool)?
        for rule in rules where RobotsTxt.matches(rule.pattern, path) {
            let len = rule.pattern.count
            // Longest match wins; on a tie Allow wins.
            if best == nil || len > best!.length || (len == best!.length && rule.allow) { best = (len, rule.allow) }
        }
        return best?.allow ?? true
    }

    static func matches(_ pattern: String, _ path: String) -> Bool {
        let p = Array(pattern.unicodeScalars), s = Array(path.unicodeScalars)
        let anchored = p.last == "$"
        let pat = anchored ? Array(p.dropLast()) : p
        // Glob match with '*' where the pattern is a prefix unless anchored.
        func match(_ i: Int, _ j: Int) -> Bool {
            if i == pat.count { return anchored ? j == s.count : true }
            if pat[i] == "*" {
                var k = j
                while k <= s.count { if match(i + 1, k) { return true }; k += 1 }
                return false
            }
            return j < s.count && pat[i] == s[j] && match(i + 1, j + 1)
        }
        return match(0, 0)
    }
}
