import Config
import FieldParsers
import Foundation
import Model

/// How to read one site: `Selectors/<site>.yml`, documented in `Selectors/README.md`.
///
///     let set = try SelectorSet.load(path: "Selectors/demo-us.yml")
///     set.pageKind(for: "http://127.0.0.1:8080/us/p/12")   // "product"
public struct SelectorSet: Sendable {
    public var site: String
    public var name: String
    public var file: String
    public var urlPatterns: [URLPattern]
    public var currencyHint: String?
    public var language: String?
    public var timeZone: TimeZone
    /// Page kinds in file order ("listing", "product", "reviews").
    public var pages: [PageRules]

    public struct PageRules: Sendable {
        public var kind: String
        public var match: [URLPattern]
        /// Container of repeated records (products on a listing, reviews); nil: one record per page.
        public var item: Alternative?
        public var fields: [FieldRule]
        /// Link name ("product", "next", "reviews") -> where to find URLs.
        public var links: [(name: String, rule: Alternative)]
    }

    /// One field and the ways to read it, tried in order.
    public struct FieldRule: Sendable {
        public var name: String
        public var alternatives: [Alternative]
        public var parser: FieldKind
        public var required: Bool
        public var all: Bool
        public var defaultValue: String?
        /// YAML line, for messages.
        public var line: Int
    }

    /// One way to read a value.
    public struct Alternative: Sendable {
        public enum Kind: Sendable {
            case css(CSSSelector)
            case xpath(String)
            case jsonLD(String)
            case microdata(String)
            case meta(String)
            case constant(String)
        }
        public var kind: Kind
        /// Applied to what was read: the first capture group (or the whole match).
        public var regex: NSRegularExpression?
        public var attribute: String?
        /// `all`: the element's whole text (default); `own`: its direct text only.
        public var ownText: Bool

        public var describe: String {
            switch kind {
            case .css(let c): return "css \(c.source)"
            case .xpath(let x): return "xpath \(x)"
            case .jsonLD(let p): return "jsonld \(p)"
            case .microdata(let p): return "microdata \(p)"
            case .meta(let m): return "meta \(m)"
            case .constant(let c): return "const \(c)"
            }
        }

        public var source: FieldSource {
            switch kind {
            case .css: return .css
            case .xpath: return .xpath
            case .jsonLD: return .jsonLD
            case .microdata: return .microdata
            case .meta: return .meta
            case .constant: return .defaultValue
            }
        }
    }

    /// A URL glob (`*` matches anything, `?` one character) or, with `re:`, a regular expression.
    public struct URLPattern: Sendable {
        public var text: String
        /// Globs are matched by hand (`Glob`): a selector set without `re:` patterns never
        /// compiles a regular expression, which would load ICU on the crawl path.
        let matcher: Matcher

        enum Matcher: Sendable {
            case glob(Glob)
            case regex(NSRegularExpression)
        }

        public init(_ text: String) throws {
            self.text = text
            matcher = text.hasPrefix("re:") ? .regex(try NSRegularExpression(pattern: String(text.dropFirst(3)))) : .glob(Glob(text))
        }

        public func matches(_ url: String) -> Bool {
            switch matcher {
            case .glob(let glob): return glob.matches(url)
            case .regex(let regex): return regex.firstMatch(in: url, range: NSRange(url.startIndex..., in: url)) != nil
            }
        }
    }

    /// A glob matched the way the regular expression it used to be compiled to (`^` + the escaped
    /// text with `*` as `.*` and `?` as `.` + `$`) matches: on Unicode scalars, case-sensitive,
    /// the wildcards never match a line terminator, and `$` also matches before one final line
    /// terminator.
    struct Glob: Sendable {
        enum Token: Sendable, Equatable { case literal(Unicode.Scalar), any, many }
        let tokens: [Token]

        init(_ text: String) {
            tokens = text.unicodeScalars.map { $0 == "*" ? .many : $0 == "?" ? .any : .literal($0) }
        }

        /// ICU's line terminators: what `.` does not match.
        static func isLineTerminator(_ c: Unicode.Scalar) -> Bool {
            switch c.value {
            case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return true
            default: return false
            }
        }

        func matches(_ url: String) -> Bool {
            let scalars = Array(url.unicodeScalars)
            if matches(scalars[...]) { return true }
            // `$` before a final line terminator; CR LF is one (and `$` never falls between them).
            guard let last = scalars.last, Glob.isLineTerminator(last) else { return false }
            let crlf = last == "\n" && scalars.count >= 2 && scalars[scalars.count - 2] == "\r"
            return matches(scalars[..<(scalars.count - (crlf ? 2 : 1))])
        }

        /// Which prefixes of `s` each token prefix can match, token by token: O(scalars x tokens).
        private func matches(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
            let n = s.count, base = s.startIndex
            var reach = [Bool](repeating: false, count: n + 1)
            reach[0] = true
            for token in tokens {
                var next = [Bool](repeating: false, count: n + 1)
                switch token {
                case .literal(let c):
                    for p in 0..<n where reach[p] && s[base + p] == c { next[p + 1] = true }
                case .any:
                    for p in 0..<n where reach[p] && !Glob.isLineTerminator(s[base + p]) { next[p + 1] = true }
                case .many:
                    var open = false  // inside a run that a `*` started, with no line terminator since
                    for p in 0...n {
                        if reach[p] { open = true }
                        if open { next[p] = true }
                        if p < n, Glob.isLineTerminator(s[base + p]) { open = false }
                    }
                }
                reach = next
            }
            return reach[n]
        }
    }

    public func applies(to url: String) -> Bool { urlPatterns.isEmpty || urlPatterns.contains { $0.matches(url) } }

    /// The page kind whose `match` fits the URL; when several do, the most specific (longest)
    /// pattern wins, so `*/p/*/reviews*` beats `*/p/*`.
    public func pageKind(for url: String) -> String? {
        var best: (kind: String, length: Int)?
        for page in pages {
            for m in page.match where m.matches(url) && m.text.count > (best?.length ?? -1) { best = (page.kind, m.text.count) }
        }
        return best?.kind
    }

    public func rules(for kind: String) -> PageRules? { pages.first { $0.kind == kind } }

    public var parseContextTemplate: ParseContext {
        ParseContext(currencyHint: currencyHint, fetchedAt: Date(), timeZone: timeZone, language: language)
    }
}

extension SelectorSet {
    static let topKeys: Set<String> = ["site", "name", "url_patterns", "currency_hint", "language", "time_zone", "pages"]
    static let pageKeys: Set<String> = ["match", "item", "fields", "links"]
    static let alternativeKeys: Set<String> = ["css", "xpath", "jsonld", "microdata", "meta", "const", "regex", "attr", "text"]
    static let fieldKeys: Set<String> = alternativeKeys.union(["from", "parser", "required", "all", "default"])

    public static func load(path: String) throws -> SelectorSet {
        try parse(yaml: ConfigNode.readFile(path), file: path)
    }

    public static func parse(yaml: String, file: String) throws -> SelectorSet {
        let root = try ConfigNode.load(yaml: yaml, file: file)
        let top = try root.mapping(allowed: topKeys)
        guard let siteNode = top["site"] else { throw root.error("missing key 'site' (a short id like demo-us)") }
        let site = try siteNode.string()
        var tz = TimeZone(identifier: "UTC")!
        if let t = top["time_zone"] {
            let id = try t.string()
            guard let zone = TimeZone(identifier: id) else { throw t.error("unknown time zone \"\(id)\"") }
            tz = zone
        }
        let patterns = try (top["url_patterns"]?.list() ?? []).map { try pattern($0) }
        guard let pagesNode = top["pages"] else { throw root.error("missing key 'pages' (listing, product and/or reviews)") }
        guard case let .mapping(map) = pagesNode.node else { throw pagesNode.error("expected page kinds (listing, product, reviews) as keys") }
        var pages: [PageRules] = []
        for (k, v) in map {
            guard let kind = k.string else { continue }
            pages.append(try page(kind, pagesNode.child(v, kind)))
        }
        return SelectorSet(site: site, name: try top["name"]?.string() ?? site, file: file, urlPatterns: patterns,
                           currencyHint: try top["currency_hint"]?.string(), language: try top["language"]?.string(), timeZone: tz, pages: pages)
    }

    static func pattern(_ node: ConfigNode) throws -> URLPattern {
        do { return try URLPattern(try node.string()) } catch let e as ConfigError { throw e } catch {
            throw node.error("not a valid URL pattern: \(error.localizedDescription)")
        }
    }

    static func page(_ kind: String, _ node: ConfigNode) throws -> PageRules {
        let m = try node.mapping(allowed: pageKeys)
        guard let matchNode = m["match"] else { throw node.error("missing key 'match' (URL glob(s) of these pages)") }
        let match = try matchNode.list().map { try pattern($0) }
        let item = try m["item"].map { try alternative($0, allowed: alternativeKeys) }
        guard let fieldsNode = m["fields"] else { throw node.error("missing key 'fields'") }
        guard case let .mapping(fmap) = fieldsNode.node else { throw fieldsNode.error("expected field names as keys") }
        var fields: [FieldRule] = []
        for (k, v) in fmap {
            guard let name = k.string else { continue }
            fields.append(try field(name, fieldsNode.child(v, name)))
        }
        var links: [(String, Alternative)] = []
        if let linksNode = m["links"] {
            guard case let .mapping(lmap) = linksNode.node else { throw linksNode.error("expected link names (product, next...) as keys") }
            for (k, v) in lmap {
                guard let name = k.string else { continue }
                links.append((name, try alternative(linksNode.child(v, name), allowed: alternativeKeys)))
            }
        }
        return PageRules(kind: kind, match: match, item: item, fields: fields, links: links)
    }

    static func field(_ name: String, _ node: ConfigNode) throws -> FieldRule {
        // Short form: `title: "css: h1::text"`.
        if case .scalar = node.node {
            return FieldRule(name: name, alternatives: [try shortAlternative(node)], parser: .text, required: false, all: false, defaultValue: nil, line: node.line)
        }
        let m = try node.mapping(allowed: fieldKeys)
        var parser = FieldKind.text
        if let p = m["parser"] {
            let text = try p.string()
            guard let kind = FieldKind(rawValue: text) else {
                throw p.error("unknown parser \"\(text)\"; one of: \(FieldKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            parser = kind
        }
        var alternatives: [Alternative] = []
        if let from = m["from"] {
            alternatives = try from.list().map { try alternative($0, allowed: alternativeKeys) }
            // A field-level regex/attr applies to every alternative that has none.
            let shared = try alternative(node, allowed: fieldKeys, requireSource: false)
            for i in alternatives.indices {
                if alternatives[i].regex == nil { alternatives[i].regex = shared.regex }
                if alternatives[i].attribute == nil { alternatives[i].attribute = shared.attribute }
            }
        } else {
            alternatives = [try alternative(node, allowed: fieldKeys)]
        }
        guard !alternatives.isEmpty else { throw node.error("needs at least one of css, xpath, jsonld, microdata, meta, const or from") }
        return FieldRule(name: name, alternatives: alternatives, parser: parser, required: try m["required"]?.bool() ?? false,
                         all: try m["all"]?.bool() ?? false, defaultValue: try m["default"]?.string(), line: node.line)
    }

    static func shortAlternative(_ node: ConfigNode) throws -> Alternative {
        let text = try node.string()
        guard let colon = text.firstIndex(of: ":") else { throw node.error("expected 'kind: expression', e.g. \"css: h1::text\"") }
        let kind = text[..<colon].trimmingCharacters(in: .whitespaces)
        let expr = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        return Alternative(kind: try sourceKind(kind, expr, node), regex: nil, attribute: nil, ownText: false)
    }

    static func sourceKind(_ kind: String, _ expr: String, _ node: ConfigNode) throws -> Alternative.Kind {
        switch kind {
        case "css":
            do { return .css(try CSSSelector(expr)) } catch let e as CSSSelector.SyntaxError { throw node.error(e.description) }
        case "xpath":
            do { _ = try XPathQuery(expr) } catch { throw node.error("invalid XPath expression: \(expr)") }
            return .xpath(expr)
        case "jsonld": return .jsonLD(expr)
        case "microdata": return .microdata(expr)
        case "meta": return .meta(expr.lowercased())
        case "const": return .constant(expr)
        default: throw node.error("unknown source '\(kind)'; one of css, xpath, jsonld, microdata, meta, const")
        }
    }

    static func alternative(_ node: ConfigNode, allowed: Set<String>, requireSource: Bool = true) throws -> Alternative {
        if case .scalar = node.node { return try shortAlternative(node) }
        let m = try node.mapping(allowed: allowed)
        let sources = ["css", "xpath", "jsonld", "microdata", "meta", "const"].filter { m[$0] != nil }
        if sources.count > 1 { throw node.error("one source per alternative, found \(sources.joined(separator: " and ")); list several under 'from:'") }
        var kind: Alternative.Kind = .constant("")
        if let s = sources.first {
            kind = try sourceKind(s, try m[s]!.string(), m[s]!)
        } else if requireSource {
            throw node.error("needs one of css, xpath, jsonld, microdata, meta or const")
        }
        var regex: NSRegularExpression?
        if let r = m["regex"] {
            do { regex = try NSRegularExpression(pattern: try r.string()) } catch let e as ConfigError { throw e } catch {
                throw r.error("invalid regular expression: \(error.localizedDescription)")
            }
        }
        var own = false
        if let t = m["text"] {
            let v = try t.string()
            guard v == "all" || v == "own" else { throw t.error("text must be 'all' or 'own'") }
            own = v == "own"
        }
        return Alternative(kind: kind, regex: regex, attribute: try m["attr"]?.string(), ownText: own)
    }
}
