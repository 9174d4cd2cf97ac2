/// Reads a CSS selector group into `CSSComplex` values (see `CSSSelector` for the language), with
/// every error at a character position.
struct CSSParser {
    let chars: [Character]
    let source: String
    var i = 0

    init(_ s: String) {
        source = s
        chars = Array(s)
    }

    func fail(_ expected: String) -> CSSSelector.SyntaxError {
        CSSSelector.SyntaxError(selector: source, position: i, expected: expected)
    }

    var atEnd: Bool { i >= chars.count }
    var peek: Character? { atEnd ? nil : chars[i] }
    func peek(_ k: Int) -> Character? { i + k < chars.count ? chars[i + k] : nil }

    static func isSpace(_ c: Character) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\r\n" || c == "\u{0C}" }

    mutating func skipSpaces() -> Bool {
        var any = false
        while let c = peek, CSSParser.isSpace(c) { i += 1; any = true }
        return any
    }

    mutating func consume(_ c: Character) -> Bool {
        if peek == c { i += 1; return true }
        return false
    }

    static func isNameChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "-" || c == "_" || !c.isASCII }
    static func isHex(_ c: Character) -> Bool { c.isASCII && c.isHexDigit }

    /// An identifier, with CSS escapes (`\[`, `\31 23`, `\a0 `) resolved.
    mutating func name(_ what: String) throws -> String {
        let start = i
        var out = ""
        while let c = peek {
            if c == "\\" { try escape(into: &out) } else if CSSParser.isNameChar(c) { out.append(c); i += 1 } else { break }
        }
        guard i > start else { throw fail(what) }
        return out
    }

    /// At a backslash: a hex escape (1-6 digits and one optional space) or the next character as is.
    mutating func escape(into out: inout String) throws {
        i += 1
        guard let c = peek else { throw fail("a character after '\\'") }
        if CSSParser.isHex(c) {
            var hex = ""
            while hex.count < 6, let h = peek, CSSParser.isHex(h) { hex.append(h); i += 1 }
            if let s = peek, CSSParser.isSpace(s) { i += 1 }
            let v = UInt32(hex, radix: 16) ?? 0
            out.unicodeScalars.append(v == 0 ? "\u{FFFD}" : Unicode.Scalar(v) ?? "\u{FFFD}")
        } else if c == "\n" || c == "\r" || c == "\r\n" || c == "\u{0C}" {
            throw fail("an escaped character (not a line break)")
        } else {
            out.append(c)
            i += 1
        }
    }

    mutating func quoted() throws -> String {
        guard let q = peek, q == "\"" || q == "'" else { throw fail("a quoted string") }
        i += 1
        var out = ""
        while let c = peek, c != q {
            if c == "\\" {
                // A backslash before a line break continues the string on the next line.
                if let n = peek(1), n == "\n" || n == "\r\n" || n == "\r" || n == "\u{0C}" { i += 2; continue }
                try escape(into: &out)
            } else {
                out.append(c)
                i += 1
            }
        }
        guard peek == q else { throw fail("a closing \(q)") }
        i += 1
        return out
    }

    struct Group {
        var selectors: [CSSComplex]
        var yield: CSSSelector.Yield
    }

    /// selector ( "," selector )*; every branch must yield the same kind.
    mutating func parseGroup() throws -> Group {
        var selectors: [CSSComplex] = []
        var yield: CSSSelector.Yield?
        repeat {
            _ = skipSpaces()
            let (s, y) = try parseComplex(inner: false)
            if let yield, yield != y { throw fail("the same pseudo-element in every selector of a group") }
            yield = y
            selectors.append(s)
            _ = skipSpaces()
        } while consume(",")
        guard atEnd else { throw fail("a combinator, ',' or the end") }
        return Group(selectors: selectors, yield: yield ?? .elements)
    }

    /// compound ( combinator compound )*, then (at the top level) a pseudo-element. An inner
    /// selector (inside `:is()` and the like) ends at ',' or ')' and has no pseudo-element.
    mutating func parseComplex(inner: Bool) throws -> (CSSComplex, CSSSelector.Yield) {
        var s = CSSComplex(compounds: [try parseCompound(allowScope: !inner)], links: [])
        var yield = CSSSelector.Yield.elements
        while true {
            if !inner, try parsePseudoElement(&yield) { break }
            let hadSpace = skipSpaces()
            guard let c = peek, c != ",", !(inner && c == ")") else { break }
            if let combinator = CSSCombinator(rawValue: c), combinator != .descendant {
                i += 1
                _ = skipSpaces()
                s.links.append(combinator)
            } else if hadSpace {
                s.links.append(.descendant)
            } else {
                throw fail(inner ? "a combinator, ',' or ')'" : "a combinator, ',' or the end")
            }
            s.compounds.append(try parseCompound(allowScope: false))
        }
        return (s, yield)
    }

    mutating func parsePseudoElement(_ yield: inout CSSSelector.Yield) throws -> Bool {
        guard peek == ":", peek(1) == ":" else { return false }
        i += 2
        let start = i
        let n = try name("a pseudo-element name (text or attr)")
        switch n.lowercased() {
        case "text": yield = .text
        case "attr":
            guard consume("(") else { throw fail("'(' after ::attr") }
            _ = skipSpaces()
            let a = try name("an attribute name").lowercased()
            _ = skipSpaces()
            guard consume(")") else { throw fail("')'") }
            yield = .attribute(a)
        default:
            i = start
            throw fail("::text or ::attr(name)")
        }
        _ = skipSpaces()
        guard atEnd || peek == "," else { throw fail("the end of the selector after a pseudo-element") }
        return true
    }

    /// tag? ( #id | .class | [attr] | :pseudo )*
    mutating func parseCompound(allowScope: Bool) throws -> CSSCompound {
        var c = CSSCompound()
        var any = false
        if consume("*") {
            any = true
        } else if let ch = peek, CSSParser.isNameChar(ch) || ch == "\\" {
            let tag = try name("an element name").lowercased()
            c.tag = tag
            c.tree?.tag = Array(tag.utf8)
            if !TreeMatch.isPlainName(tag) { c.tree = nil }
            any = true
        }
        loop: while let ch = peek {
            switch ch {
            case "#":
                i += 1
                let id = try name("an id after '#'")
                c.conditions.append("@id = \(CSSTranslation.literal(id))")
                c.tree?.attributes.append(TreeMatch.AttributeTest(name: Array("id".utf8), value: Array(id.utf8)))
            case ".":
                i += 1
                let cls = try name("a class name after '.'")
                c.conditions.append(CSSTranslation.attributeCondition(attr: "class", op: "~", value: cls, caseless: false))
                // normalize-space splits on XML blanks only: a class holding one (escaped) is left to XPath.
                if cls.isEmpty || cls.utf8.contains(where: TreeMatch.isXMLBlank) || cls.contains("\u{0C}") { c.tree = nil }
                c.tree?.classes.append(Array(cls.utf8))
            case "[":
                i += 1
                try parseAttribute(&c)
            case ":":
                if peek(1) == ":" { break loop }
                i += 1
                try parsePseudoClass(&c, allowScope: allowScope)
            default:
                break loop
            }
            any = true
        }
        guard any else { throw fail("an element name, '*', '#id', '.class', '[attribute]' or ':pseudo-class'") }
        return c
    }

    /// `[attr]`, `[attr op value]`, `[attr op value i]`; attribute names are case-insensitive (HTML).
    mutating func parseAttribute(_ c: inout CSSCompound) throws {
        _ = skipSpaces()
        let attr = try name("an attribute name").lowercased()
        _ = skipSpaces()
        let plain = TreeMatch.isPlainName(attr)
        if consume("]") {
            c.conditions.append(CSSTranslation.attribute(attr))
            c.tree?.attributes.append(TreeMatch.AttributeTest(name: Array(attr.utf8), value: nil))
            if !plain { c.tree = nil }
            return
        }
        var op = ""
        if let ch = peek, "~|^$*!".contains(ch) { op.append(ch); i += 1 }
        guard consume("=") else { throw fail("'=', '~=', '|=', '^=', '$=', '*=', '!=' or ']'") }
        _ = skipSpaces()
        let value: String
        if let q = peek, q == "\"" || q == "'" { value = try quoted() } else { value = try name("an attribute value") }
        _ = skipSpaces()
        var caseless = false
        if let f = peek, "iIsS".contains(f), peek(1).map({ $0 == "]" || CSSParser.isSpace($0) }) ?? false {
            caseless = f == "i" || f == "I"
            i += 1
            _ = skipSpaces()
        }
        guard consume("]") else { throw fail("']'") }
        c.conditions.append(CSSTranslation.attributeCondition(attr: attr, op: op, value: value, caseless: caseless))
        if op.isEmpty && !caseless && plain {
            c.tree?.attributes.append(TreeMatch.AttributeTest(name: Array(attr.utf8), value: Array(value.utf8)))
        } else {
            c.tree = nil
        }
    }

    /// `( selector, ... )` of complex selectors, for `:not()`, `:is()`, `:where()`.
    mutating func parseList(_ pseudo: String) throws -> [CSSComplex] {
        guard consume("(") else { throw fail("'(' after :\(pseudo)") }
        var out: [CSSComplex] = []
        repeat {
            _ = skipSpaces()
            out.append(try parseComplex(inner: true).0)
            _ = skipSpaces()
        } while consume(",")
        guard consume(")") else { throw fail("')' closing :\(pseudo)") }
        return out
    }

    /// `( >? selector, ... )`: relative selectors for `:has()`.
    mutating func parseRelativeList() throws -> [(CSSCombinator, CSSComplex)] {
        guard consume("(") else { throw fail("'(' after :has") }
        var out: [(CSSCombinator, CSSComplex)] = []
        repeat {
            _ = skipSpaces()
            var relation = CSSCombinator.descendant
            if let ch = peek, let r = CSSCombinator(rawValue: ch), r != .descendant { relation = r; i += 1; _ = skipSpaces() }
            out.append((relation, try parseComplex(inner: true).0))
            _ = skipSpaces()
        } while consume(",")
        guard consume(")") else { throw fail("')' closing :has") }
        return out
    }

    /// The argument of `:contains()` and `:lang()`: a string or an identifier.
    mutating func parseTextArgument(_ pseudo: String) throws -> String {
        guard consume("(") else { throw fail("'(' after :\(pseudo)") }
        _ = skipSpaces()
        let text: String
        if let q = peek, q == "\"" || q == "'" { text = try quoted() } else { text = try name("a string or an identifier") }
        _ = skipSpaces()
        guard consume(")") else { throw fail("')' closing :\(pseudo)") }
        return text
    }

    static let supported = "first-child, last-child, only-child, first-of-type, last-of-type, only-of-type, nth-child(), "
        + "nth-last-child(), nth-of-type(), nth-last-of-type(), empty, root, scope, checked, link, visited, enabled, disabled, "
        + "hover, active, focus, target, not(), is(), where(), has(), contains(), lang()"

    mutating func parsePseudoClass(_ c: inout CSSCompound, allowScope: Bool) throws {
        let start = i
        let pseudo = try name("a pseudo-class name").lowercased()
        var tree = false
        let condition: String
        switch pseudo {
        case "first-child": condition = "count(preceding-sibling::*) = 0"
        case "last-child": condition = "count(following-sibling::*) = 0"
        case "only-child": condition = "count(preceding-sibling::*) = 0 and count(following-sibling::*) = 0"
        case "first-of-type", "last-of-type", "only-of-type":
            guard c.tag != nil else { i = start; throw fail("an element name before :\(pseudo)") }
            let t = CSSTranslation.nodeTest(c)
            let before = "count(preceding-sibling::\(t)) = 0", after = "count(following-sibling::\(t)) = 0"
            condition = pseudo == "first-of-type" ? before : pseudo == "last-of-type" ? after : "\(before) and \(after)"
        case "empty": condition = "not(*) and not(string-length())"
        case "root": condition = "not(parent::*)"
        case "scope":
            guard allowScope else { i = start; throw fail(":scope only at the start of a selector") }
            c.scope = true
            c.tree = nil
            return
        case "checked":
            condition = "(@selected and self::option) or (@checked and (self::input or self::command) and (@type = 'checkbox' or @type = 'radio'))"
        case "link": condition = "@href and (self::a or self::link or self::area)"
        case "enabled": condition = "(\(CSSParser.formControl) or self::optgroup or self::option or self::fieldset) and not(\(CSSParser.disabled))"
        case "disabled": condition = CSSParser.disabled
        case "visited", "hover", "active", "focus", "focus-within", "focus-visible", "target":
            condition = "false()"
        case "nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type":
            guard consume("(") else { throw fail("'(' after :\(pseudo)") }
            let (a, b) = try parseNth()
            guard consume(")") else { throw fail("')'") }
            var sibling = "*"
            if pseudo.hasSuffix("of-type") {
                guard c.tag != nil else { i = start; throw fail("an element name before :\(pseudo)") }
                sibling = CSSTranslation.nodeTest(c)
            }
            let axis = pseudo.contains("last") ? "following-sibling" : "preceding-sibling"
            let pos = "(count(\(axis)::\(sibling)) + 1)"
            if a == 0 { condition = "\(pos) = \(b)" }
            else if a > 0 { condition = "\(pos) >= \(b) and (\(pos) - \(b)) mod \(a) = 0" }
            else { condition = "\(pos) <= \(b) and (\(b) - \(pos)) mod \(-a) = 0" }
        case "not":
            let list = try parseList(pseudo)
            condition = "not(" + list.map(CSSTranslation.predicate).joined(separator: " or ") + ")"
            // A simple compound's negation has a tree form.
            if list.count == 1, list[0].compounds.count == 1, let inner = list[0].compounds[0].tree {
                c.tree?.negated.append(inner)
                tree = true
            }
        case "is", "matches", "any", "where":
            let list = try parseList(pseudo)
            condition = "(" + list.map(CSSTranslation.predicate).joined(separator: " or ") + ")"
        case "has":
            let list = try parseRelativeList()
            condition = "(" + list.map { CSSTranslation.has($0.0, $0.1) }.joined(separator: " or ") + ")"
        case "contains":
            let text = try parseTextArgument(pseudo)
            condition = "contains(string(.), \(CSSTranslation.literal(text)))"
        case "lang":
            let tag = try parseTextArgument(pseudo).lowercased()
            condition = "ancestor-or-self::*[@lang][1][starts-with(concat(translate(@lang, \(CSSTranslation.upper), "
                + "\(CSSTranslation.lower)), '-'), \(CSSTranslation.literal(tag + "-")))]"
        default:
            i = start
            throw fail("a supported pseudo-class (\(CSSParser.supported))")
        }
        c.conditions.append(condition)
        if !tree { c.tree = nil }
    }

    static let formControl = "self::button or self::input[not(@type = 'hidden')] or self::select or self::textarea"
    /// HTML's disabled form elements: their own attribute, a disabled fieldset around them, or a
    /// disabled optgroup around an option.
    static let disabled = "(@disabled and (\(formControl) or self::optgroup or self::option or self::fieldset))"
        + " or ((\(formControl)) and ancestor::fieldset[@disabled]) or (self::option and ancestor::optgroup[@disabled])"

    /// an+b, odd, even, or an integer.
    mutating func parseNth() throws -> (Int, Int) {
        _ = skipSpaces()
        let start = i
        while let c = peek, c != ")" { i += 1 }
        let text = String(chars[start..<i]).filter { !CSSParser.isSpace($0) }.lowercased()
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
}
