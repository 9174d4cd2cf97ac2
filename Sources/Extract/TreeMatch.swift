import CLibXML2
import Foundation

/// Simple CSS selectors (tags, ids, classes, `[attr]`, `[attr=value]`, `:not()` of those, descendant
/// and child combinators, `::text`, `::attr()`) answered by walking the tree once for a whole set
/// of them, instead of one XPath evaluation over the document per selector. The result is what the
/// selector's XPath gives, node for node and in document order (the differential tests hold the two
/// against each other); anything else stays with XPath.
///
///     let match = TreeMatch(steps: [try CSSSelector("#corePrice span.a-price").steps!])
///     let prices = match.run(in: document, scope: nil)[0]   // elements, in document order
struct TreeMatch {
    /// How a step's element relates to the previous step's (the first: to the scope).
    enum Combinator: Sendable, Equatable { case descendantOrSelf, descendant, child }

    /// `@name` (value nil) or `@name = 'value'`.
    struct AttributeTest: Sendable, Equatable {
        var name: [UInt8]
        var value: [UInt8]?
    }

    /// One compound selector: every part must hold.
    struct Compound: Sendable, Equatable {
        /// Lowercase element name; nil for `*` or none.
        var tag: [UInt8]?
        var attributes: [AttributeTest] = []
        var classes: [[UInt8]] = []
        /// `:not()` compounds: none may hold.
        var negated: [Compound] = []
    }

    struct Step: Sendable, Equatable {
        var combinator: Combinator
        var compound: Compound
    }

    /// XPath's normalize-space blanks: space, tab, LF, CR.
    static func isXMLBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    let selectors: [[Step]]

    init(steps: [[Step]]) { selectors = steps }

    /// For each selector, the matching elements in document order within `scope` (the document when
    /// nil), as its XPath `descendant-or-self::...` evaluated there would select them. The walk is
    /// charged to the document's work cap and stops there (the extraction then reports it).
    func run(in document: HTMLDocument, scope: xmlNodePtr?) -> [[xmlNodePtr]] {
        var out = [[xmlNodePtr]](repeating: [], count: selectors.count)
        guard !selectors.isEmpty else { return out }
        let top: xmlNodePtr = scope ?? UnsafeMutablePointer(OpaquePointer(document.doc))
        var steps = 0
        func visit(_ node: xmlNodePtr) {
            // The match of one element is cut off at what is left of the cap too.
            let limit = document.remainingWork
            for (k, s) in selectors.enumerated() where TreeMatch.matches(s, s.count - 1, node, top: top, steps: &steps, limit: limit) == .matched {
                out[k].append(node)
            }
        }
        // Pre-order over the scope (itself included when it is an element): document order.
        if top.pointee.type == XML_ELEMENT_NODE { visit(top) }
        var node = top.pointee.children
        while let n = node {
            if n.pointee.type == XML_ELEMENT_NODE {
                visit(n)
                guard document.spend(1 + steps) else { break }
                steps = 0
                if let c = n.pointee.children { node = c; continue }
            }
            // Next in document order: the next sibling, or an ancestor's, without leaving the scope.
            var up: xmlNodePtr? = n
            node = nil
            while let u = up, u != top {
                if let s = u.pointee.next { node = s; break }
                up = u.pointee.parent
            }
        }
        return out
    }

    /// A match, a miss at this element (an element further up may still do), or a miss no element
    /// further up can mend: the prefix ran out of ancestors, and any higher start has fewer. Without
    /// the last, `a b c d` over deep nesting without an `a` tries every combination of ancestors.
    enum Outcome { case matched, failsHere, failsAbove }

    /// Whether `node` matches steps[0...i] with steps[0]'s element inside the scope `top` (the walk
    /// only visits the scope and its descendants, so step 0 needs no further check).
    private static func matches(_ steps: [Step], _ i: Int, _ node: xmlNodePtr, top: xmlNodePtr, steps count: inout Int, limit: Int) -> Outcome {
        count += 1
        if count > limit { return .failsAbove }
        guard satisfies(steps[i].compound, node) else { return .failsHere }
        if i == 0 { return .matched }
        switch steps[i].combinator {
        case .child:
            guard let p = parentElement(node, top: top) else { return .failsAbove }
            return matches(steps, i - 1, p, top: top, steps: &count, limit: limit)
        case .descendant, .descendantOrSelf:
            var a = parentElement(node, top: top)
            while let p = a {
                let r = matches(steps, i - 1, p, top: top, steps: &count, limit: limit)
                if r != .failsHere { return r }
                a = parentElement(p, top: top)
            }
            return .failsAbove
        }
    }

    /// The parent element of `node` when it is still inside the scope (the scope itself included).
    @inline(__always) private static func parentElement(_ node: xmlNodePtr, top: xmlNodePtr) -> xmlNodePtr? {
        guard node != top, let p = node.pointee.parent, p.pointee.type == XML_ELEMENT_NODE else { return nil }
        return p
    }

    /// The elements (in document order) that are not inside another one of the list.
    static func outermost(_ elements: [xmlNodePtr]) -> [xmlNodePtr] {
        var out: [xmlNodePtr] = []
        out.reserveCapacity(elements.count)
        for e in elements {
            // Only the last outermost element can contain e: the list is in document order.
            if let last = out.last, isAncestor(last, of: e) { continue }
            out.append(e)
        }
        return out
    }

    static func isAncestor(_ a: xmlNodePtr, of n: xmlNodePtr) -> Bool {
        var p = n.pointee.parent
        while let q = p {
            if q == a { return true }
            p = q.pointee.parent
        }
        return false
    }

    /// Every node of the subtree under `top` (not `top` itself), in document order.
    static func preorder(_ top: xmlNodePtr, _ body: (xmlNodePtr) -> Void) {
        var node = top.pointee.children
        while let n = node {
            body(n)
            if n.pointee.type == XML_ELEMENT_NODE, let c = n.pointee.children { node = c; continue }
            var up: xmlNodePtr? = n
            node = nil
            while let u = up, u != top {
                if let s = u.pointee.next { node = s; break }
                up = u.pointee.parent
            }
        }
    }

    /// Whether element `n` satisfies every part of `c`.
    static func satisfies(_ c: Compound, _ n: xmlNodePtr) -> Bool {
        if let tag = c.tag {
            // XPath's name test: same name, no namespace.
            guard n.pointee.ns == nil, equal(n.pointee.name, tag) else { return false }
        }
        for a in c.attributes where !hasAttribute(n, a) { return false }
        if !c.classes.isEmpty {
            // normalize-space(@class) reads the first class attribute.
            guard let classAttribute = firstAttribute(n, classBytes) else { return false }
            let ok = withValue(classAttribute) { v in c.classes.allSatisfy { hasToken(v, $0) } }
            if !ok { return false }
        }
        for x in c.negated where satisfies(x, n) { return false }
        return true
    }

    /// Names the tree walk compares byte for byte as XPath would: ASCII letters, digits, '-' and '_'
    /// (no prefix, nothing XPath would read differently).
    static func isPlainName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F }
    }

    static let classBytes = Array("class".utf8)
    static let hrefBytes = Array("href".utf8)

    /// Whether the C string `s` reads `bytes`.
    @inline(__always) static func equal(_ s: UnsafePointer<xmlChar>?, _ bytes: [UInt8]) -> Bool {
        guard let s else { return false }
        var k = 0
        while k < bytes.count {
            if s[k] != bytes[k] { return false }  // also stops at the terminator (bytes hold no NUL)
            k += 1
        }
        return s[k] == 0
    }

    /// XPath's `@name` test on an attribute: the name, and no namespace prefix.
    @inline(__always) static func isNamed(_ a: xmlAttrPtr, _ name: [UInt8]) -> Bool {
        if let ns = a.pointee.ns, ns.pointee.prefix != nil { return false }
        return equal(a.pointee.name, name)
    }

    /// The first `@name` attribute in document order.
    static func firstAttribute(_ n: xmlNodePtr, _ name: [UInt8]) -> xmlAttrPtr? {
        var a = n.pointee.properties
        while let attr = a {
            if isNamed(attr, name) { return attr }
            a = attr.pointee.next
        }
        return nil
    }

    /// `@name` (some such attribute) or `@name = 'value'` (some such attribute has that string value).
    static func hasAttribute(_ n: xmlNodePtr, _ test: AttributeTest) -> Bool {
        var a = n.pointee.properties
        while let attr = a {
            if isNamed(attr, test.name) {
                guard let want = test.value else { return true }
                if withValue(attr, { $0.elementsEqual(want) }) { return true }
            }
            a = attr.pointee.next
        }
        return false
    }

    /// The attribute's string value as bytes (what xmlNodeGetContent gives), without a copy in the
    /// usual case of one text child.
    static func withValue<R>(_ a: xmlAttrPtr, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let c = a.pointee.children, c.pointee.next == nil,
           c.pointee.type == XML_TEXT_NODE || c.pointee.type == XML_CDATA_SECTION_NODE {
            guard let t = c.pointee.content else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
            return body(UnsafeBufferPointer(start: t, count: strlen(UnsafeRawPointer(t).assumingMemoryBound(to: CChar.self))))
        }
        guard let v = xmlNodeGetContent(UnsafeMutableRawPointer(a).assumingMemoryBound(to: xmlNode.self)) else {
            return body(UnsafeBufferPointer(start: nil, count: 0))
        }
        defer { pw_xml_free(v) }
        return body(UnsafeBufferPointer(start: v, count: strlen(UnsafeRawPointer(v).assumingMemoryBound(to: CChar.self))))
    }

    /// `contains(concat(' ', normalize-space(v), ' '), ' token ')` for a token without blanks: some
    /// blank-separated word of `v` is the token.
    static func hasToken(_ v: UnsafeBufferPointer<UInt8>, _ token: [UInt8]) -> Bool {
        let n = v.count, m = token.count
        guard m > 0 else { return false }
        var i = 0
        while i < n {
            while i < n, isXMLBlank(v[i]) { i += 1 }
            let start = i
            while i < n, !isXMLBlank(v[i]) { i += 1 }
            if i - start == m {
                var same = true
                for k in 0..<m where v[start + k] != token[k] { same = false; break }
                if same { return true }
            }
        }
        return false
    }
}
