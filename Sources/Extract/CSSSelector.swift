/// A CSS selector compiled to XPath 1.0, at the level of Python's cssselect, with parsel's
/// `::text` and `::attr(name)` pseudo-elements.
///
///     let s = try CSSSelector("div.product > span.price::text")
///     s.xpath    // "descendant-or-self::div[...]/span[...]/text()"
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
        var p = Parser(source)
        let (xpath, yield) = try p.parseGroup()
        self.source = source
        self.xpath = xpath
        self.yield = yield
        steps = p.simple && p.groupCount == 1 ? p.steps : nil
    }

    public static func == (a: CSSSelector, b: CSSSelector) -> Bool {
        a.source == b.source && a.xpath == b.xpath && a.yield == b.yield
    }
}

private struct Parser {
    let chars: [Character]
    let source: String
    var i = 0
    /// The tree form, built alongside the XPath while everything read is simple.
    var steps: [TreeMatch.Step] = []
    var simple = true
    var groupCount = 0

    init(_ s: String) {
        source = s
        chars = Array(s)
    }

    func fail(_ expected: String) -> CSSSelector.SyntaxError {
        CSSSelector.SyntaxError(selector: source, position: i, expected: expected)
    }

    var atEnd: Bool { i >= chars.count }
    var peek: Character? { atEnd ? nil : chars[i] }

    mutating func skipSpaces() -> Bool {
        var any = false
        while let c = peek, c == " " || c == "\t" || c == "\n" { i += 1; any = true }
        return any
    }

    static func isNameChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "-" || c == "_" || !c.isASCII }

    mutating func name(_ what: String) throws -> String {
        let start = i
        while let c = peek, Parser.isNameChar(c) || c == "\\" {
            if c == "\\" { i += 1 }
            i += 1
        }
        guard i > start else { throw fail(what) }
        return String(chars[start..<i]).replacingOccurrences(of: "\\", with: "")
    }

    mutating func quoted() throws -> String {
        guard let q = peek, q == "\"" || q == "'" else { throw fail("a quoted string") }
        i += 1
        var out = ""
        while let c = peek, c != q {
            if c == "\\" { i += 1; if let n = peek { out.append(n) } } else { out.append(c) }
            i += 1
        }
        guard peek == q else { throw fail("a closing \(q)") }
        i += 1
        return out
    }

    /// selector ( "," selector )*; every branch must yield the same kind.
    mutating func parseGroup() throws -> (String, CSSSelector.Yield) {
        var parts: [String] = []
        var yield: CSSSelector.Yield?
        repeat {
            _ = skipSpaces()
            let (x, y) = try parseSelector()
            groupCount += 1
            if let yield, yield != y { throw fail("the same pseudo-element in every selector of a group") }
            yield = y
            parts.append(x)
            _ = skipSpaces()
        } while consume(",")
        guard atEnd else { throw fail("a combinator, ',' or the end") }
        return (parts.joined(separator: " | "), yield ?? .elements)
    }

    mutating func consume(_ c: Character) -> Bool {
        if peek == c { i += 1; return true }
        return false
    }

    /// compound ( combinator compound )* pseudo-element?
    mutating func parseSelector() throws -> (String, CSSSelector.Yield) {
        var xpath = "descendant-or-self::" + (try parseCompound(axisPrefix: ""))
        steps.append(TreeMatch.Step(combinator: .descendantOrSelf, compound: lastCompound))
        var yield = CSSSelector.Yield.elements
        while true {
            if try parsePseudoElement(&yield) { break }
            let hadSpace = skipSpaces()
            guard let c = peek, c != "," else { break }
            if c == ">" {
                i += 1; _ = skipSpaces(); xpath += "/" + (try parseCompound(axisPrefix: ""))
                steps.append(TreeMatch.Step(combinator: .child, compound: lastCompound))
            }
            else if c == "+" { i += 1; _ = skipSpaces(); xpath += "/following-sibling::*[1]/self::" + (try parseCompound(axisPrefix: "")); simple = false }
            else if c == "~" { i += 1; _ = skipSpaces(); xpath += "/following-sibling::" + (try parseCompound(axisPrefix: "")); simple = false }
            else if hadSpace {
                xpath += "/descendant::" + (try parseCompound(axisPrefix: ""))
                steps.append(TreeMatch.Step(combinator: .descendant, compound: lastCompound))
            }
            else { throw fail("a combinator, ',' or the end") }
        }
        switch yield {
        case .elements: break
        case .text: xpath += "/text()"
        case .attribute(let a): xpath += "/@\(a)"
        }
        return (xpath, yield)
    }

    mutating func parsePseudoElement(_ yield: inout CSSSelector.Yield) throws -> Bool {
        guard peek == ":", i + 1 < chars.count, chars[i + 1] == ":" else { return false }
        i += 2
        let n = try name("a pseudo-element name (text or attr)")
        switch n.lowercased() {
        case "text": yield = .text
        case "attr":
            guard consume("(") else { throw fail("'(' after ::attr") }
            _ = skipSpaces()
            let a = try name("an attribute name")
            _ = skipSpaces()
            guard consume(")") else { throw fail("')'") }
            if !TreeMatch.isPlainName(a) { simple = false }
            yield = .attribute(a)
        default:
            i -= n.count
            throw fail("::text or ::attr(name)")
        }
        _ = skipSpaces()
        guard atEnd || peek == "," else { throw fail("the end of the selector after a pseudo-element") }
        return true
    }

    /// The tree form of the compound `parseCompound` read last.
    var lastCompound = TreeMatch.Compound()

    /// tag? ( #id | .class | [attr] | :pseudo )*
    mutating func parseCompound(axisPrefix: String) throws -> String {
        var tag = "*"
        var conditions: [String] = []
        var compound = TreeMatch.Compound()
        if peek == "*" { i += 1 } else if let c = peek, Parser.isNameChar(c) { tag = try name("an element name").lowercased(); compound.tag = Array(tag.utf8)
            if !TreeMatch.isPlainName(tag) { simple = false }
        }
        var any = tag != "*" || (i > 0 && chars[i - 1] == "*")
        loop: while let c = peek {
            switch c {
            case "#":
                i += 1
                let id = try name("an id after '#'")
                conditions.append("@id = \(Parser.literal(id))")
                compound.attributes.append(TreeMatch.AttributeTest(name: Array("id".utf8), value: Array(id.utf8)))
            case ".":
                i += 1
                let cls = try name("a class name after '.'")
                conditions.append("contains(concat(' ', normalize-space(@class), ' '), \(Parser.literal(" \(cls) ")))")
                // normalize-space splits on XML blanks only: a class holding one (escaped) is left to XPath.
                if cls.isEmpty || cls.utf8.contains(where: TreeMatch.isXMLBlank) { simple = false }
                compound.classes.append(Array(cls.utf8))
            case "[":
                i += 1
                let (condition, test) = try parseAttribute()
                conditions.append(condition)
                if let test { compound.attributes.append(test) } else { simple = false }
            case ":":
                if i + 1 < chars.count && chars[i + 1] == ":" { break loop }
                i += 1
                let outer = compound
                conditions.append(try parsePseudoClass(tag: tag))
                // Only :not() of a simple compound has a tree form (parsePseudoClass leaves it in lastNot).
                compound = outer
                if let negated = lastNot { compound.negated.append(negated) } else { simple = false }
            default:
                break loop
            }
            any = true
        }
        guard any else { throw fail("an element name, '*', '#id', '.class', '[attribute]' or ':pseudo-class'") }
        lastCompound = compound
        return axisPrefix + tag + conditions.map { "[\($0)]" }.joined()
    }

    /// Set by `parsePseudoClass` to the tree form of a `:not()` it read, nil for other pseudo-classes.
    var lastNot: TreeMatch.Compound?

    /// The XPath condition, and the tree form for presence and `=` tests.
    mutating func parseAttribute() throws -> (String, TreeMatch.AttributeTest?) {
        _ = skipSpaces()
        let attr = try name("an attribute name")
        _ = skipSpaces()
        if !TreeMatch.isPlainName(attr) { simple = false }
        if consume("]") { return ("@\(attr)", TreeMatch.AttributeTest(name: Array(attr.utf8), value: nil)) }
        var op = ""
        if let c = peek, "~|^$*".contains(c) { op.append(c); i += 1 }
        guard consume("=") else { throw fail("'=', '~=', '|=', '^=', '$=', '*=' or ']'") }
        _ = skipSpaces()
        let value: String
        if let q = peek, q == "\"" || q == "'" { value = try quoted() } else { value = try name("an attribute value") }
        _ = skipSpaces()
        guard consume("]") else { throw fail("']'") }
        let v = Parser.literal(value)
        let test = op.isEmpty ? TreeMatch.AttributeTest(name: Array(attr.utf8), value: Array(value.utf8)) : nil
        return (Parser.attributeCondition(attr: attr, op: op, value: value, literal: v), test)
    }

    static func attributeCondition(attr: String, op: String, value: String, literal v: String) -> String {
        switch op {
        case "": return "@\(attr) = \(v)"
        case "~": return value.isEmpty || value.contains(" ") ? "false()" : "@\(attr) and contains(concat(' ', normalize-space(@\(attr)), ' '), \(Parser.literal(" \(value) ")))"
        case "|": return "@\(attr) = \(v) or starts-with(@\(attr), \(Parser.literal(value + "-")))"
        case "^": return value.isEmpty ? "false()" : "starts-with(@\(attr), \(v))"
        case "$": return value.isEmpty ? "false()" : "substring(@\(attr), string-length(@\(attr)) - \(value.count - 1)) = \(v)"
        default: return value.isEmpty ? "false()" : "contains(@\(attr), \(v))"
        }
    }

    mutating func parsePseudoClass(tag: String) throws -> String {
        lastNot = nil
        let pseudo = try name("a pseudo-class name").lowercased()
        switch pseudo {
        case "first-child": return "count(preceding-sibling::*) = 0"
        case "last-child": return "count(following-sibling::*) = 0"
        case "only-child": return "count(preceding-sibling::*) = 0 and count(following-sibling::*) = 0"
        case "first-of-type", "last-of-type", "only-of-type":
            guard tag != "*" else { throw fail("an element name before :\(pseudo)") }
            let before = "count(preceding-sibling::\(tag)) = 0", after = "count(following-sibling::\(tag)) = 0"
            return pseudo == "first-of-type" ? before : pseudo == "last-of-type" ? after : "\(before) and \(after)"
        case "empty": return "not(*) and not(string-length())"
        case "checked":
            return "(@selected and name(.) = 'option') or (@checked and name(.) = 'input' and (@type = 'checkbox' or @type = 'radio'))"
        case "nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type":
            guard consume("(") else { throw fail("'(' after :\(pseudo)") }
            let (a, b) = try parseNth()
            guard consume(")") else { throw fail("')'") }
            let sibling = pseudo.hasSuffix("of-type") ? tag : "*"
            if sibling == "*" && pseudo.hasSuffix("of-type") { throw fail("an element name before :\(pseudo)") }
            let axis = pseudo.contains("last") ? "following-sibling" : "preceding-sibling"
            let pos = "(count(\(axis)::\(sibling)) + 1)"
            if a == 0 { return "\(pos) = \(b)" }
            if a > 0 { return "\(pos) >= \(b) and (\(pos) - \(b)) mod \(a) = 0" }
            return "\(pos) <= \(b) and (\(b) - \(pos)) mod \(-a) = 0"
        case "not":
            guard consume("(") else { throw fail("'(' after :not") }
            _ = skipSpaces()
            let inner = try parseCompound(axisPrefix: "")
            let innerCompound = lastCompound
            _ = skipSpaces()
            guard consume(")") else { throw fail("')' closing :not") }
            lastNot = innerCompound
            // "tag[cond]" -> self::tag[cond]
            return "not(self::\(inner))"
        case "contains":
            guard consume("(") else { throw fail("'(' after :contains") }
            _ = skipSpaces()
            let text = try quoted()
            _ = skipSpaces()
            guard consume(")") else { throw fail("')' closing :contains") }
            return "contains(string(.), \(Parser.literal(text)))"
        default:
            i -= pseudo.count
            throw fail("a supported pseudo-class (first-child, last-child, only-child, nth-child(), nth-last-child(), nth-of-type(), first-of-type, last-of-type, not(), empty, checked, contains())")
        }
    }

    /// an+b, odd, even, or an integer.
    mutating func parseNth() throws -> (Int, Int) {
        _ = skipSpaces()
        let start = i
        while let c = peek, c != ")" { i += 1 }
        let text = String(chars[start..<i]).replacingOccurrences(of: " ", with: "").lowercased()
        if text == "odd" { return (2, 1) }
        if text == "even" { return (2, 0) }
        if let b = Int(text) { return (0, b) }
        guard let n = text.firstIndex(of: "n") else { i = start; throw fail("an+b, odd, even or a number") }
        let aText = String(text[..<n])
        let a = aText.isEmpty || aText == "+" ? 1 : aText == "-" ? -1 : Int(aText)
        let bText = String(text[text.index(after: n)...])
        let b = bText.isEmpty ? 0 : Int(bText.hasPrefix("+") ? String(bText.dropFirst()) : bText)
        guard let a, let b else { i = start; throw fail("an+b, odd, even or a number") }
        return (a, b)
    }

    /// An XPath 1.0 string literal for any text (concat() when it holds both quote kinds).
    static func literal(_ s: String) -> String {
        if !s.contains("'") { return "'\(s)'" }
        if !s.contains("\"") { return "\"\(s)\"" }
        return "concat(" + s.split(separator: "'", omittingEmptySubsequences: false).map { "'\($0)'" }.joined(separator: ", \"'\", ") + ")"
    }
}
