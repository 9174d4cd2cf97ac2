import CLibXML2
import FieldParsers
import Foundation
import Model

/// A field as extracted: its value, where it came from, or why it is absent. Never a silent zero.
public struct ExtractedField: Sendable {
    public var name: String
    public var value: FieldValue?
    /// With `all: true`, every value found.
    public var values: [FieldValue]
    /// The text the value was parsed from.
    public var raw: String?
    public var source: FieldSource?
    /// The alternative that produced it ("css span.price::text") and its position (0-based).
    public var selector: String?
    public var alternative: Int?
    /// Why there is no value (nil when there is one).
    public var reason: String?
}

/// One record: a product page, or one item of a listing or review page.
public struct ExtractedRecord: Sendable {
    public var fields: [String: ExtractedField]
    public var missingRequired: [String]

    public subscript(_ name: String) -> FieldValue? { fields[name]?.value }
}

/// What a page yielded.
public struct PageExtraction: Sendable {
    public var url: String
    public var pageKind: String?
    public var records: [ExtractedRecord]
    /// Link name -> absolute http(s) URLs, deduplicated, in page order.
    public var links: [String: [String]]
    public var problems: [String]
    /// Why the page could not be read: over a parse cap of `HTMLLimits`, or its extraction stopped
    /// at the work cap. Its records and links are then incomplete, not to be stored as the page's.
    public var failure: String? = nil
}

/// A selector set compiled once (every CSS and XPath expression), then applied to many pages.
/// Compiled queries are shared read-only; use one `Extractor` per thread to be safe.
///
///     let extractor = try Extractor(selectorSet: set)
///     let page = extractor.extract(html: text, url: url, context: set.parseContextTemplate)
public final class Extractor: @unchecked Sendable {
    public let selectorSet: SelectorSet
    private var queries: [String: XPathQuery] = [:]
    /// Field regexes the byte search can stand in for, by pattern.
    private var literalCaptures: [String: LiteralCapture] = [:]
    /// Per page kind, the simple CSS selectors answered by tree walks: those read on the whole page
    /// (item, links, and fields without items) and those read inside each item.
    private var pageWalks: [String: SelectorWalk] = [:]
    private var itemWalks: [String: SelectorWalk] = [:]
    private let parserContext = HTMLParserContext()
    /// The caps of pages parsed by `extract(html:)`.
    public var limits = HTMLLimits.default
    /// Off: every selector goes through XPath (the differential tests compare the two).
    var usesTreeWalk = true

    /// Simple selectors matched together, and where each one's results sit (by its XPath).
    struct SelectorWalk {
        var match: TreeMatch
        var index: [String: Int]

        init(_ alternatives: [SelectorSet.Alternative]) {
            var steps: [[TreeMatch.Step]] = []
            var index: [String: Int] = [:]
            for a in alternatives {
                guard case .css(let c) = a.kind, let s = c.steps, index[c.xpath] == nil else { continue }
                index[c.xpath] = steps.count
                steps.append(s)
            }
            // `<base href>`, as HTMLDocument.baseHref reads it (//head/base[@href][1]/@href: the first
            // such element in document order) from the same walk.
            baseIndex = steps.count
            steps.append(SelectorWalk.baseSelector.steps!)
            match = TreeMatch(steps: steps)
            self.index = index
        }

        var baseIndex: Int
        static let baseSelector = try! CSSSelector("head > base[href]")
    }

    /// Tree-walk results of one page, worked out per scope when first asked for.
    final class PageWalk {
        let document: HTMLDocument
        let page: SelectorWalk?
        let item: SelectorWalk?
        private var pageResults: [[xmlNodePtr]]?
        private var itemResults: (scope: xmlNodePtr, nodes: [[xmlNodePtr]])?

        init(document: HTMLDocument, page: SelectorWalk?, item: SelectorWalk?) {
            self.document = document
            self.page = page
            self.item = item
        }

        /// `document.baseHref`, from the page walk when there is one.
        var baseHref: String? {
            guard let page else { return document.baseHref }
            if pageResults == nil { pageResults = page.match.run(in: document, scope: nil) }
            guard let base = pageResults![page.baseIndex].first,
                  let href = TreeMatch.firstAttribute(base, TreeMatch.hrefBytes) else { return nil }
            return TreeMatch.withValue(href) { String(decoding: $0, as: UTF8.self) }
        }

        /// The elements `css` selects in `scope` (the document when nil), or nil when it is not one
        /// the walks answer there.
        func elements(_ css: CSSSelector, scope: Node?) -> [xmlNodePtr]? {
            if let scope {
                guard let item, let k = item.index[css.xpath] else { return nil }
                if let r = itemResults, r.scope == scope.pointer { return r.nodes[k] }
                let nodes = item.match.run(in: document, scope: scope.pointer)
                itemResults = (scope.pointer, nodes)
                return nodes[k]
            }
            guard let page, let k = page.index[css.xpath] else { return nil }
            if let r = pageResults { return r[k] }
            let nodes = page.match.run(in: document, scope: nil)
            pageResults = nodes
            return nodes[k]
        }
    }

    public init(selectorSet: SelectorSet) throws {
        self.selectorSet = selectorSet
        for page in selectorSet.pages {
            let fieldAlternatives = page.fields.flatMap(\.alternatives)
            let pageLevel = page.links.map(\.rule) + (page.item.map { [$0] } ?? [])
            if page.item == nil {
                pageWalks[page.kind] = SelectorWalk(pageLevel + fieldAlternatives)
            } else {
                pageWalks[page.kind] = SelectorWalk(pageLevel)
                itemWalks[page.kind] = SelectorWalk(fieldAlternatives)
            }
            var alts = page.fields.flatMap(\.alternatives) + page.links.map(\.rule)
            if let item = page.item { alts.append(item) }
            for a in alts {
                if let r = a.regex, let l = LiteralCapture(r) { literalCaptures[r.pattern] = l }
                switch a.kind {
                case .css(let c): queries[c.xpath] = try XPathQuery(c.xpath)
                case .xpath(let x): queries[x] = try XPathQuery(x)
                default: break
                }
            }
        }
    }

    /// Extracts records and links; `pageKind` nil picks the kind by URL.
    public func extract(html: String, url: String, pageKind: String? = nil, context: ParseContext) -> PageExtraction {
        // The kept parser context when no other thread is using it, a fresh one otherwise.
        let parser = parserContext.lock.try() ? parserContext : nil
        let parsed = Result { try HTMLDocument(bytes: Data(html.utf8), url: url, encoding: "UTF-8", parser: parser, limits: limits) }
        if parser != nil { parserContext.lock.unlock() }
        switch parsed {
        case .success(let document):
            return extract(document: document, pageKind: pageKind, context: context)
        case .failure(let error):
            let reason = (error as? HTMLDocument.ParseError)?.reason ?? "\(error)"
            return PageExtraction(url: url, pageKind: pageKind, records: [], links: [:], problems: ["the page could not be parsed as HTML: \(reason)"],
                                  failure: reason)
        }
    }

    public func extract(document: HTMLDocument, pageKind: String? = nil, context: ParseContext) -> PageExtraction {
        let url = document.url
        guard let kind = pageKind ?? selectorSet.pageKind(for: url), let rules = selectorSet.rules(for: kind) else {
            return PageExtraction(url: url, pageKind: nil, records: [], links: [:], problems: ["no page kind of \(selectorSet.site) matches \(url)"])
        }
        let walk = PageWalk(document: document, page: usesTreeWalk ? pageWalks[kind] : nil, item: usesTreeWalk ? itemWalks[kind] : nil)
        var structured: StructuredData?
        let needsStructured = rules.fields.contains { $0.alternatives.contains { if case .css = $0.kind { return false }; if case .xpath = $0.kind { return false }; if case .constant = $0.kind { return false }; return true } }
        if needsStructured { structured = StructuredData(document: document) }
        var problems = structured?.problems ?? []
        var records: [ExtractedRecord] = []
        let scopes: [Node?]
        if let item = rules.item {
            scopes = nodes(item, in: document, scope: nil, walk: walk)
            if scopes.isEmpty { problems.append("no items matched \(item.describe)") }
        } else {
            scopes = [nil]
        }
        for scope in scopes {
            guard document.canWork else { break }
            var fields: [String: ExtractedField] = [:]
            var missing: [String] = []
            for rule in rules.fields {
                let f = extractField(rule, document: document, scope: scope, structured: structured, context: context, walk: walk)
                if f.value == nil && rule.required { missing.append(rule.name) }
                fields[rule.name] = f
            }
            if !missing.isEmpty { problems.append("required field(s) missing: \(missing.joined(separator: ", "))" + (scopes.count > 1 ? " in item \(records.count + 1)" : "")) }
            records.append(ExtractedRecord(fields: fields, missingRequired: missing))
        }
        var links: [String: [String]] = [:]
        // The base URL is built only for links the string shortcut does not take.
        let baseHref = walk.baseHref
        let hasBaseHref = baseHref != nil
        var builtBase: URL??
        func base() -> URL? {
            if let b = builtBase { return b }
            let b = baseHref.flatMap { URL(string: $0, relativeTo: URL(string: url)) } ?? URL(string: url)
            builtBase = .some(b)
            return b
        }
        for (name, rule) in rules.links {
            var seen = Set<String>(), out: [String] = []
            for raw in strings(rule, document: document, scope: nil, structured: structured, walk: walk) {
                let fast = hasBaseHref ? nil : Extractor.resolveRootRelative(raw, baseString: url)
                guard let resolved = fast ?? Extractor.resolve(raw, base: base()), seen.insert(resolved).inserted else { continue }
                out.append(resolved)
            }
            links[name] = out
        }
        if let stopped = document.extractionStopped {
            return PageExtraction(url: url, pageKind: kind, records: records, links: links, problems: problems + [stopped], failure: stopped)
        }
        return PageExtraction(url: url, pageKind: kind, records: records, links: links, problems: problems)
    }

    /// Absolute http(s) URL without fragment, or nil (javascript:, mailto:, data:...).
    static func resolve(_ raw: String, base: URL?) -> String? {
        if let fast = resolveRootRelative(raw, base: base) { return fast }
        return resolveWithFoundation(raw, base: base)
    }

    /// `resolve` for the usual link, an ASCII path from the root ("/us/p/1/reviews") on a plain
    /// http(s) base, which resolves to the base's scheme and authority followed by the path. Nil for
    /// anything else (dot segments, queries, escapes, odd bases...), which goes through Foundation.
    static func resolveRootRelative(_ raw: String, base: URL?) -> String? {
        guard let base, base.baseURL == nil else { return nil }
        return resolveRootRelative(raw, baseString: base.relativeString)
    }

    /// The same on the base's text, which is `URL(string:)`'s input: its strict form (checked here)
    /// always makes a URL whose `relativeString` is that text.
    static func resolveRootRelative(_ raw: String, baseString: String) -> String? {
        var path = Substring(raw).utf8
        // Trimmed as whitespacesAndNewlines trims ASCII text: space and tab to CR.
        func blank(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }
        while let f = path.first, blank(f) { path = path.dropFirst() }
        while let l = path.last, blank(l) { path = path.dropLast() }
        guard path.count >= 1, path.first == 0x2F, path.dropFirst().first != 0x2F else { return nil }
        var segmentStart = true
        var dots = 0
        for c in path {
            switch c {
            case 0x2F:
                if segmentStart && (dots == 1 || dots == 2) { return nil }
                segmentStart = true; dots = 0
            case 0x2E:
                if segmentStart { dots += 1 }
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x5F, 0x7E:
                segmentStart = false; dots = 0
            default:
                return nil
            }
        }
        if segmentStart && (dots == 1 || dots == 2) { return nil }
        // The base: "http(s)://host[:port]..." with a lowercase host of letters, digits, dots and hyphens.
        let b = Substring(baseString).utf8
        let scheme: Int
        if b.starts(with: "http://".utf8) { scheme = 7 } else if b.starts(with: "https://".utf8) { scheme = 8 } else { return nil }
        var end = b.index(b.startIndex, offsetBy: scheme)
        var hostLength = 0, sawColon = false, portLength = 0
        while end < b.endIndex {
            let c = b[end]
            if c == 0x2F { break }
            if c == 0x3A {
                if sawColon { return nil }
                sawColon = true
            } else if sawColon {
                guard c >= 0x30 && c <= 0x39 else { return nil }
                portLength += 1
            } else {
                guard (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x2D else { return nil }
                hostLength += 1
            }
            end = b.index(after: end)
        }
        guard hostLength > 0, !sawColon || (portLength > 0 && portLength <= 5) else { return nil }
        // A host name of labels: letters or digits at both ends of each.
        let host = b[b.index(b.startIndex, offsetBy: scheme)..<b.index(b.startIndex, offsetBy: scheme + hostLength)]
        var previous: UInt8 = 0x2E
        for c in host {
            if (c == 0x2E || c == 0x2D) && (previous == 0x2E || (c == 0x2E && previous == 0x2D)) { return nil }
            previous = c
        }
        if previous == 0x2E || previous == 0x2D { return nil }
        // The rest of the base must be a plain path too (no query, fragment or escapes to carry).
        for c in b[end...] {
            switch c {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x5F, 0x7E, 0x2E, 0x2F: continue
            default: return nil
            }
        }
        return String(Substring(b[b.startIndex..<end])) + String(Substring(path))
    }

    static func resolveWithFoundation(_ raw: String, base: URL?) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), let u = URL(string: trimmed, relativeTo: base)?.absoluteURL,
              let scheme = u.scheme?.lowercased(), scheme == "http" || scheme == "https",
              var c = URLComponents(url: u, resolvingAgainstBaseURL: true) else { return nil }
        c.fragment = nil
        return c.string
    }

    private func extractField(_ rule: SelectorSet.FieldRule, document: HTMLDocument, scope: Node?, structured: StructuredData?, context: ParseContext,
                              walk: PageWalk) -> ExtractedField {
        var reasons: [String] = []
        for (index, alt) in rule.alternatives.enumerated() {
            var texts = strings(alt, document: document, scope: scope, structured: structured, walk: walk).filter { !$0.isEmpty }
            if let regex = alt.regex {
                let literal = literalCaptures[regex.pattern]
                texts = texts.compactMap { t in
                    if let literal, let captured = literal.capture(in: t) { return captured }
                    guard let m = regex.firstMatch(in: t, range: NSRange(t.startIndex..., in: t)) else { return nil }
                    let r = m.numberOfRanges > 1 && m.range(at: 1).location != NSNotFound ? m.range(at: 1) : m.range
                    return Range(r, in: t).map { String(t[$0]) }
                }
            }
            guard !texts.isEmpty else {
                reasons.append("no match for \(alt.describe)\(alt.regex != nil ? " with regex" : "")")
                continue
            }
            var values: [FieldValue] = []
            var firstRaw: String?
            var lastError: FieldParseError?
            for t in (rule.all ? texts : Array(texts.prefix(3))) {
                switch rule.parser.parse(t, context: context) {
                case .success(let v):
                    values.append(v)
                    if firstRaw == nil { firstRaw = t }
                case .failure(let e):
                    lastError = e
                }
                if !rule.all && !values.isEmpty { break }
            }
            if let first = values.first {
                return ExtractedField(name: rule.name, value: first, values: rule.all ? values : [first], raw: firstRaw, source: alt.source,
                                      selector: alt.describe, alternative: index, reason: nil)
            }
            reasons.append("\(alt.describe) matched \"\(texts[0].prefix(60))\" but \(lastError?.reason ?? "it did not parse")")
        }
        if let d = rule.defaultValue, case .success(let v) = rule.parser.parse(d, context: context) {
            return ExtractedField(name: rule.name, value: v, values: [v], raw: d, source: .defaultValue, selector: "default", alternative: nil, reason: nil)
        }
        return ExtractedField(name: rule.name, value: nil, values: [], raw: nil, source: nil, selector: nil, alternative: nil,
                              reason: reasons.joined(separator: "; "))
    }

    private func nodes(_ alt: SelectorSet.Alternative, in document: HTMLDocument, scope: Node?, walk: PageWalk) -> [Node] {
        switch alt.kind {
        case .css(let c):
            if let found = walk.elements(c, scope: scope) { return found.map { Node($0, document) } }
            return queries[c.xpath].map { document.select($0, in: scope) } ?? []
        case .xpath(let x): return queries[x].map { document.select($0, in: scope) } ?? []
        default: return []
        }
    }

    /// The texts an alternative reads, in document order.
    private func strings(_ alt: SelectorSet.Alternative, document: HTMLDocument, scope: Node?, structured: StructuredData?, walk: PageWalk) -> [String] {
        switch alt.kind {
        case .css(let c):
            if let found = walk.elements(c, scope: scope) { return Extractor.strings(of: found, css: c, alt: alt, document: document) }
            guard let q = queries[c.xpath] else { return [] }
            switch c.yield {
            case .elements:
                return document.select(q, in: scope).map { n in
                    if let a = alt.attribute { return n.attribute(a).map(Node.normalise) ?? "" }
                    return alt.ownText ? n.ownText : n.text
                }
            case .text, .attribute:
                return document.evaluateStrings(q, in: scope).map(Node.normalise).filter { !$0.isEmpty }
            }
        case .xpath(let x):
            guard let q = queries[x] else { return [] }
            if let a = alt.attribute { return document.select(q, in: scope).compactMap { $0.attribute(a) } }
            return document.evaluateStrings(q, in: scope).map(Node.normalise)
        case .jsonLD(let path):
            return structured?.value(at: path, in: .jsonLD).map { [$0] } ?? []
        case .microdata(let path):
            return structured?.value(at: path, in: .microdata).map { [$0] } ?? []
        case .meta(let name):
            return structured?.meta[name].map { [$0] } ?? []
        case .constant(let c):
            return [c]
        }
    }

    /// What `strings` reads from the elements a simple selector matched: the same texts its XPath
    /// (with `/text()` or `/@name` for the pseudo-elements) would give.
    static func strings(of elements: [xmlNodePtr], css: CSSSelector, alt: SelectorSet.Alternative, document: HTMLDocument) -> [String] {
        var out: [String] = []
        switch css.yield {
        case .elements:
            out.reserveCapacity(elements.count)
            for e in elements {
                let n = Node(e, document)
                if let a = alt.attribute { out.append(n.attribute(a).map(Node.normalise) ?? "") } else { out.append(alt.ownText ? n.ownText : n.text) }
            }
        case .text:
            func add(_ t: xmlNodePtr) {
                let s = t.pointee.content.map { Node.normalise(cString: $0) } ?? ""
                if !s.isEmpty { out.append(s) }
            }
            func isText(_ t: xmlNodePtr) -> Bool { t.pointee.type == XML_TEXT_NODE || t.pointee.type == XML_CDATA_SECTION_NODE }
            // Elements in document order whose subtrees do not nest: their text children, element by
            // element, are in document order too.
            let outermost = TreeMatch.outermost(elements)
            if outermost.count == elements.count {
                for e in elements {
                    var c = e.pointee.children
                    while let t = c {
                        if isText(t) { add(t) }
                        c = t.pointee.next
                    }
                }
            } else {
                // A matched element inside another: text nodes interleave, so walk the outer subtrees
                // in document order and keep the texts whose parent matched.
                let matched = Set(elements)
                for top in outermost {
                    TreeMatch.preorder(top) { n in
                        if isText(n), let p = n.pointee.parent, matched.contains(p) { add(n) }
                    }
                }
            }
        case .attribute(let name):
            let bytes = Array(name.utf8)
            for e in elements {
                var a = e.pointee.properties
                while let attr = a {
                    if TreeMatch.isNamed(attr, bytes) {
                        let s = TreeMatch.withValue(attr) { Node.normalise(bytes: $0) }
                        if !s.isEmpty { out.append(s) }
                    }
                    a = attr.pointee.next
                }
            }
        }
        return out
    }
}
