/// A CSS selector compiled to XPath 1.0: the whole of Python cssselect's selector language (the one
/// parsel and Scrapy use), read as HTML (element and attribute names are case-insensitive), with
/// parsel's `::text` and `::attr(name)` pseudo-elements, and CSS escapes.
///
///     let s = try CSSSelector("div.product > span.price::text")
///     s.xpath    // "descendant-or-self::div[...]/span[...]/text()"
///
/// Every selector is either compiled to an XPath expression libxml2 accepts, or rejected with the
/// position and what was expected there. Supported:
/// - `*`, `E`, `#id`, `.class`, `[a]`, `[a=v]`, `[a~=v]`, `[a|=v]`, `[a^=v]`, `[a$=v]`, `[a*=v]`,
///   cssselect's `[a!=v]`, and the `i` flag (`[a=v i]`, ASCII case-insensitive values);
/// - combinators ` `, `>`, `+`, `~` and groups `A, B`;
/// - `:first-child`, `:last-child`, `:only-child`, `:first-of-type`, `:last-of-type`,
///   `:only-of-type`, `:nth-child()`, `:nth-last-child()`, `:nth-of-type()`, `:nth-last-of-type()`,
///   `:empty`, `:root`, `:scope` (at the start), `:checked`, `:link`, `:enabled`, `:disabled`;
///   `:visited`, `:hover`, `:active`, `:focus`, `:target` never match (a parsed page has no state);
/// - `:not()`, `:is()` (also `:matches()`, `:any()`), `:where()` with complex selector lists,
///   `:has()` with relative selectors (`:has(> a)`, `:has(+ b)`), `:contains()` (string or
///   identifier) and `:lang()`.
public struct CSSSelector: Sendable, Equatable {
    /// What a selector yields.
    public enum Yield: Sendable, Equatable {
        case elements
        /// Direct text children (`::text`).
        case text
        /// An attribute's value (`::attr(href)`).
        case attribute(String)
    }

    public let source: String
    public let xpath: String
    public let yield: Yield
    /// The same selector as steps a tree walk can match (`TreeMatch`), when it is simple enough:
    /// one selector (no group) of tags, ids, classes, `[attr]`, `[attr=value]` and `:not()` of
    /// those, joined by descendant or child combinators. Nil for the rest, which only XPath reads.
    let steps: [TreeMatch.Step]?

    /// A selector that does not parse: where, and what was expected there.
    public struct SyntaxError: Error, Equatable, CustomStringConvertible {
        public var selector: String
        /// 0-based character offset.
        public var position: Int
        public var expected: String
        public var description: String { "invalid CSS selector \"\(selector)\" at position \(position): expected \(expected)" }
    }

    public init(_ source: String) throws {
        var p = CSSParser(source)
        let group = try p.parseGroup()
        self.source = source
        yield = group.yield
        xpath = group.selectors.map { CSSTranslation.xpath($0, yield: group.yield) }.joined(separator: " | ")
        steps = group.selectors.count == 1 ? CSSTranslation.treeSteps(group.selectors[0]) : nil
        // The translation only builds valid XPath; libxml2 has the last word, at load time.
        do { _ = try XPathQuery(xpath) } catch {
            throw SyntaxError(selector: source, position: 0, expected: "a selector libxml2 can evaluate (it rejected \(xpath))")
        }
    }

    public static func == (a: CSSSelector, b: CSSSelector) -> Bool {
        a.source == b.source && a.xpath == b.xpath && a.yield == b.yield
    }
}

/// The parsed form: what a compound selector requires of one element.
struct CSSCompound {
    /// Lowercase element name, or nil for `*` / none.
    var tag: String?
    /// XPath predicates on the element (without brackets), every one must hold.
    var conditions: [String] = []
    /// `:scope`: the element the selector is evaluated from.
    var scope = false
    /// The tree-walk form while everything read has one (see `TreeMatch`).
    var tree: TreeMatch.Compound? = TreeMatch.Compound()
}

enum CSSCombinator: Character { case descendant = " ", child = ">", adjacent = "+", sibling = "~" }

/// compound (combinator compound)*: `links[i]` joins `compounds[i]` to `compounds[i + 1]`.
struct CSSComplex {
    var compounds: [CSSCompound]
    var links: [CSSCombinator]
}

/// XPath for parsed selectors, in the three shapes a selector is used in.
enum CSSTranslation {
    /// `tag` as an XPath node test, with a name() condition when the name is no XPath name.
    static func nodeTest(_ c: CSSCompound) -> String {
        guard let tag = c.tag else { return "*" }
        return isXPathName(tag) ? tag : "*[name() = \(literal(tag))]"
    }

    static func step(_ c: CSSCompound) -> String {
        nodeTest(c) + c.conditions.map { "[\($0)]" }.joined()
    }

    /// Forward path from the evaluation context: what `document.select` runs.
    static func xpath(_ s: CSSComplex, yield: CSSSelector.Yield) -> String {
        let first = s.compounds[0]
        var out = first.scope
            ? "descendant-or-self::*[1]" + (first.tag == nil ? "" : "[self::\(nodeTest(first))]") + first.conditions.map { "[\($0)]" }.joined()
            : "descendant-or-self::" + step(first)
        out += forward(s, from: 1)
        switch yield {
        case .elements: break
        case .text: out += "/text()"
        case .attribute(let a): out += "/" + attribute(a)
        }
        return out
    }

    /// The steps after compound `from - 1`, each joined by its combinator.
    static func forward(_ s: CSSComplex, from: Int) -> String {
        var out = ""
        for k in from..<s.compounds.count {
            out += joint(s.links[k - 1]) + step(s.compounds[k])
        }
        return out
    }

    static func joint(_ c: CSSCombinator) -> String {
        switch c {
        case .descendant: return "/descendant::"
        case .child: return "/"
        case .adjacent: return "/following-sibling::*[1]/self::"
        case .sibling: return "/following-sibling::"
        }
    }

    /// A predicate on the context element: it matches the whole complex selector (right to left),
    /// for `:is()`, `:where()` and `:not()`.
    static func predicate(_ s: CSSComplex) -> String {
        func at(_ k: Int) -> String {
            let own = "self::" + step(s.compounds[k])
            guard k > 0 else { return own }
            let before = at(k - 1)
            switch s.links[k - 1] {
            case .child: return own + "[parent::*[\(before)]]"
            case .descendant: return own + "[ancestor::*[\(before)]]"
            case .adjacent: return own + "[preceding-sibling::*[1][\(before)]]"
            case .sibling: return own + "[preceding-sibling::*[\(before)]]"
            }
        }
        return at(s.compounds.count - 1)
    }

    /// A predicate on the context element for `:has()`: some element stands in `relation` to it
    /// and starts the relative selector `s`.
    static func has(_ relation: CSSCombinator, _ s: CSSComplex) -> String {
        let lead: String
        switch relation {
        case .descendant: lead = "descendant::"
        case .child: lead = "child::"
        case .adjacent: lead = "following-sibling::*[1]/self::"
        case .sibling: lead = "following-sibling::"
        }
        return lead + step(s.compounds[0]) + forward(s, from: 1)
    }

    static func attribute(_ name: String) -> String {
        isXPathName(name) ? "@" + name : "attribute::*[name() = \(literal(name))]"
    }

    /// The tree-walk form: descendant and child combinators over compounds that all have one.
    static func treeSteps(_ s: CSSComplex) -> [TreeMatch.Step]? {
        var steps: [TreeMatch.Step] = []
        for (k, c) in s.compounds.enumerated() {
            guard let tree = c.tree, !c.scope else { return nil }
            let combinator: TreeMatch.Combinator
            if k == 0 { combinator = .descendantOrSelf } else {
                switch s.links[k - 1] {
                case .descendant: combinator = .descendant
                case .child: combinator = .child
                default: return nil
                }
            }
            steps.append(TreeMatch.Step(combinator: combinator, compound: tree))
        }
        return steps
    }

    /// A name XPath reads as a name test as it is (no escaping needed).
    static func isXPathName(_ s: String) -> Bool {
        guard let f = s.utf8.first, (f >= 0x41 && f <= 0x5A) || (f >= 0x61 && f <= 0x7A) || f == 0x5F else { return false }
        return s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }
    }

    /// An XPath 1.0 string literal for any text (concat() when it holds both quote kinds).
    static func literal(_ s: String) -> String {
        if !s.contains("'") { return "'\(s)'" }
        if !s.contains("\"") { return "\"\(s)\"" }
        return "concat(" + s.split(separator: "'", omittingEmptySubsequences: false).map { "'\($0)'" }.joined(separator: ", \"'\", ") + ")"
    }

    static let upper = "'ABCDEFGHIJKLMNOPQRSTUVWXYZ'", lower = "'abcdefghijklmnopqrstuvwxyz'"

    /// `[attr op value]`, as cssselect reads it; `caseless` is the `i` flag (ASCII letters).
    static func attributeCondition(attr: String, op: String, value: String, caseless: Bool) -> String {
        let a = attribute(attr)
        let subject = caseless ? "translate(\(a), \(upper), \(lower))" : a
        let text = caseless ? value.lowercased() : value
        let v = literal(text)
        switch op {
        case "": return "\(subject) = \(v)"
        case "!": return text.isEmpty ? "\(subject) != \(v)" : "not(\(a)) or \(subject) != \(v)"
        case "~":
            guard !text.isEmpty, !text.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }) else { return "false()" }
            return "\(a) and contains(concat(' ', normalize-space(\(subject)), ' '), \(literal(" \(text) ")))"
        case "|": return "\(a) and (\(subject) = \(v) or starts-with(\(subject), \(literal(text + "-"))))"
        case "^": return text.isEmpty ? "false()" : "\(a) and starts-with(\(subject), \(v))"
        case "$":
            // XPath counts characters as code points, as string-length() does.
            return text.isEmpty ? "false()" : "\(a) and substring(\(subject), string-length(\(subject)) - \(text.unicodeScalars.count - 1)) = \(v)"
        default: return text.isEmpty ? "false()" : "\(a) and contains(\(subject), \(v))"
        }
    }
}
