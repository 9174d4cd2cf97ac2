import Foundation
import Model

/// Writes a selector set (the YAML of `Selectors/*.yml`) that reproduces the automatic result of a
/// page with stable selectors: structured-data paths where the value came from JSON-LD, microdata or
/// meta; otherwise ids, itemprops and semantic class names, anchored at the nearest stable ancestor,
/// and a positional chain only when nothing stable is near. Each field is commented with the value found.
///
///     let yaml = SelectorSuggester.suggest(document: doc)
///     // pricewatch selectors suggest PAGE.html > Selectors/newsite.yml
public enum SelectorSuggester {
    /// Output order and the crawler's name and parser for each automatic field.
    static let fields: [(auto: String, name: String, parser: String)] = [
        ("title", "title", "text"), ("sku", "external_id", "text"), ("brand", "brand", "text"), ("gtin", "gtin", "text"),
        ("price", "price", "price"), ("availability", "availability", "availability"), ("rating", "rating", "rating"),
        ("review_count", "review_count", "count"),
    ]

    /// The crawler's names of the fields a suggestion looks for, in output order.
    public static var fieldNames: [String] { fields.map(\.name) }

    public struct Suggestion: Sendable {
        public var yaml: String
        /// Field (crawler name) -> the value the automatic extractor found, for the fields given a selector.
        public var expected: [String: String]
        /// Fields found automatically that no selector can reproduce (from the URL, or assumed).
        public var unreproducible: [String]
    }

    public static func suggest(document: HTMLDocument, site: String? = nil) -> Suggestion {
        let auto = AutoExtractor.extract(document: document)
        let url = URL(string: document.url)
        let host = url?.host.map { $0.hasPrefix("www.") ? String($0.dropFirst(4)) : $0 }
        let siteID = site ?? host.map { $0.replacingOccurrences(of: ".", with: "-") } ?? "newsite"
        var lines: [String] = []
        lines.append("# Suggested by `pricewatch selectors suggest` from \(document.url)")
        lines.append("# Review every selector, narrow `match` to product URLs, then confirm with:")
        lines.append("#   pricewatch selectors check Selectors/\(siteID).yml PAGE --url URL")
        lines.append("site: \(siteID)")
        lines.append("name: \(quote(host ?? siteID))")
        if let scheme = url?.scheme, scheme.hasPrefix("http"), let h = url?.host {
            lines.append("url_patterns: [\(quote("\(scheme)://\(h)/*"))]")
        }
        if let c = auto["currency"]?.text { lines.append("currency_hint: \(c)") }
        if let lang = document.root?.attribute("lang")?.split(separator: "-").first, !lang.isEmpty, lang.allSatisfy(\.isLetter) {
            lines.append("language: \(lang.lowercased())")
        }
        lines.append("")
        lines.append("pages:")
        lines.append("  product:")
        lines.append("    match: [\"*\"]                 # narrow to the site's product URLs, e.g. \"*/p/*\"")
        lines.append("    fields:")
        var expected: [String: String] = [:]
        var unreproducible: [String] = []
        for (autoName, name, parser) in fields {
            guard let f = auto[autoName] else { continue }
            let found = "found \(quote(String(f.text.prefix(80)))) via \(f.source.rawValue) (\(f.evidence.prefix(60))), confidence \(String(format: "%.2f", f.confidence))"
            guard let alt = alternative(for: f, document: document) else {
                lines.append("      # \(name): \(found); no selector reads it here (\(originNote(f.origin)))")
                unreproducible.append(name)
                continue
            }
            var entry = alt
            if parser != "text" { entry += ", parser: \(parser)" }
            if name == "price" || name == "title" { entry += ", required: true" }
            lines.append("      # \(found)")
            lines.append("      \(name): {\(entry)}")
            expected[name] = f.text
        }
        return Suggestion(yaml: lines.joined(separator: "\n") + "\n", expected: expected, unreproducible: unreproducible)
    }

    static func originNote(_ o: AutoOrigin) -> String {
        switch o {
        case .url: return "it comes from the page URL"
        case .derived(let d): return "assumed from the \(d)"
        default: return "no stable selector"
        }
    }

    /// The inside of a field's `{...}`: one source and its options.
    static func alternative(for f: AutoField, document: HTMLDocument) -> String? {
        switch f.origin {
        case .jsonLD(let path): return "jsonld: \(quote(path))"
        case .microdata(let path): return "microdata: \(quote(path))"
        case .meta(let key): return "meta: \(quote(key))"
        case .embedded(let script, let key):
            let leaf = key.split(separator: ".").last.map(String.init) ?? key
            let xpath = script == "__NEXT_DATA__" || script == "__NUXT_DATA__" ? "//script[@id='\(script)']/text()"
                : "//script[contains(., '\"\(leaf)\"')]/text()"
            let value = f.name == "price" ? "\"?([0-9]+(?:\\.[0-9]+)?)" : "\"?([^\",}]+)"
            return "xpath: \(quote(xpath)), regex: '\"\(leaf)\"\\s*:\\s*\(value)'"
        case .node(let node, let attribute):
            guard let css = stableSelector(for: node, in: document) else { return nil }
            if let attribute { return "css: \(quote(css)), attr: \(attribute)" }
            // A price split over spans ("$" "70" "." "99") reads whole from a machine attribute when there is one.
            if f.name == "price", let amount = Decimal(string: f.text) {
                var queue = [node], seen = 0
                while !queue.isEmpty && seen < 60 {
                    let n = queue.removeFirst()
                    seen += 1
                    for a in ["content", "data-price", "data-price-amount", "data-value", "value", "data-amount"] {
                        guard let v = n.attribute(a), Decimal(string: v.trimmingCharacters(in: .whitespaces)) == amount else { continue }
                        if n.pointer == node.pointer { return "css: \(quote(css)), attr: \(a)" }
                        if let inner = stableSelector(for: n, in: document) { return "css: \(quote(inner)), attr: \(a)" }
                    }
                    queue += n.children
                }
            }
            // The value is part of the element's text ("Visit the Tefal Store", "SKU: 4711"): a regex keeps that part.
            let text = node.text
            if ["sku", "brand", "gtin"].contains(f.name), text != f.text, let r = text.range(of: f.text) {
                let before = NSRegularExpression.escapedPattern(for: String(text[..<r.lowerBound]))
                let after = NSRegularExpression.escapedPattern(for: String(text[r.upperBound...]))
                let pattern = "^\(before)(.+?)\(after)$".replacingOccurrences(of: "'", with: "''")
                return "css: \(quote(css)), regex: '\(pattern)'"
            }
            // A count inside a longer text: the number before the word that follows it ("6,536 ratings").
            if f.name == "review_count", text != f.raw, let r = text.range(of: f.raw) {
                let word = text[r.upperBound...].split(separator: " ").first.map(String.init) ?? ""
                let pattern = "([0-9][0-9.,]*)\\s*" + NSRegularExpression.escapedPattern(for: word).replacingOccurrences(of: "'", with: "''")
                return "css: \(quote(css)), regex: '\(pattern)'"
            }
            return "css: \(quote(css))"
        case .url, .derived:
            return nil
        }
    }

    // MARK: Stable CSS selectors

    /// A CSS selector whose first match is `node`: id, itemprop, semantic classes, or those under a stable ancestor.
    public static func stableSelector(for node: Node, in document: HTMLDocument) -> String? {
        let own = compounds(for: node)
        for c in own where selects(c, node, document) { return c }
        // Anchored at the nearest stable ancestor: "#buybox span.price".
        var ancestor = node.parent
        var hops = 0
        while let a = ancestor, hops < 8 {
            for anchor in compounds(for: a).prefix(3) {
                for c in own + [node.name] {
                    let s = "\(anchor) \(c)"
                    if selects(s, node, document) { return s }
                }
            }
            ancestor = a.parent
            hops += 1
        }
        // Last resort: a positional chain from the nearest id (or the body).
        return positional(node, document)
    }

    /// Candidate compound selectors for one element, most stable first.
    static func compounds(for n: Node) -> [String] {
        var out: [String] = []
        let tag = n.name
        if let id = n.attribute("id"), stable(id) { out.append("#\(id)") }
        if let ip = n.attribute("itemprop"), ip.allSatisfy({ $0.isLetter || $0 == " " }) { out.append("\(tag)[itemprop=\(quoteCSS(ip))]") }
        for a in ["data-testid", "data-test", "data-qa", "data-qa-qualifier", "data-automation", "data-role"] {
            if let v = n.attribute(a), stable(v) { out.append("\(tag)[\(a)=\(quoteCSS(v))]") }
        }
        let classes = (n.attribute("class") ?? "").split(separator: " ").map(String.init).filter(stable)
        if let first = classes.first { out.append("\(tag).\(first)") }
        if classes.count > 1 { out.append("\(tag).\(classes[0]).\(classes[1])") }
        for c in classes.dropFirst() { out.append("\(tag).\(c)") }
        return out
    }

    /// A name that will still be there on the next product page: no product numbers, no generated hashes.
    static func stable(_ s: String) -> Bool {
        guard (2...48).contains(s.count), s.first!.isLetter,
              s.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" }) else { return false }
        var digitRun = 0
        for c in s { digitRun = c.isNumber ? digitRun + 1 : 0; if digitRun >= 3 { return false } }
        if s.contains("___") || s.hasPrefix("sc-") || s.hasPrefix("css-") || s.hasPrefix("jsx-") || s.contains("-sc-") { return false }
        // "iecPTL", "kHyxQb": short mixed-case runs are generated.
        if !s.contains("-") && !s.contains("_") && s.count <= 8 && s.dropFirst().filter(\.isUppercase).count >= 2 { return false }
        // CSS-module suffixes: "title_x7Yz2", "price--3fKq".
        if let r = s.range(of: #"[_-][A-Za-z0-9]{5,6}$"#, options: .regularExpression) {
            let tail = s[r].dropFirst()
            if tail.contains(where: \.isNumber) && tail.contains(where: \.isLetter) { return false }
        }
        return true
    }

    static func quoteCSS(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "\\'") + "'" }

    /// Whether the selector's first match is `node`.
    static func selects(_ css: String, _ node: Node, _ document: HTMLDocument) -> Bool {
        guard let c = try? CSSSelector(css), let q = try? XPathQuery(c.xpath), let first = document.select(q).first else { return false }
        return first.pointer == node.pointer
    }

    static func positional(_ node: Node, _ document: HTMLDocument) -> String? {
        var parts: [String] = []
        var current: Node? = node
        while let n = current {
            if let id = n.attribute("id"), stable(id), n.pointer != node.pointer {
                parts.insert("#\(id)", at: 0)
                break
            }
            if n.name == "body" || n.name == "html" { parts.insert(n.name, at: 0); break }
            guard let parent = n.parent else { parts.insert(n.name, at: 0); break }
            let same = parent.children.filter { $0.name == n.name }
            let index = (same.firstIndex { $0.pointer == n.pointer } ?? 0) + 1
            parts.insert(same.count > 1 ? "\(n.name):nth-of-type(\(index))" : n.name, at: 0)
            current = parent
        }
        let s = parts.joined(separator: " > ")
        return selects(s, node, document) ? s : nil
    }

    /// A YAML double-quoted string.
    static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: " ") + "\""
    }
}

