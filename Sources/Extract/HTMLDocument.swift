import CLibXML2
import Foundation

/// An HTML page parsed by libxml2 (recover mode, no network). Nodes keep their document alive,
/// so a `Node` can never outlive the tree it points into.
///
///     let doc = try HTMLDocument(html: text, url: "http://127.0.0.1/us/p/1")
///     let price = try doc.select(XPathQuery("//span[@class='price']")).first?.text
public final class HTMLDocument: @unchecked Sendable {
    let doc: xmlDocPtr
    let context: xmlXPathContextPtr
    public let url: String

    public enum ParseError: Error, CustomStringConvertible {
        case unreadable(url: String)
        public var description: String {
            switch self { case .unreadable(let url): return "libxml2 could not build a document from \(url)" }
        }
    }

    /// Parses UTF-8 text (already decoded by Fetch).
    public convenience init(html: String, url: String = "about:blank") throws {
        try self.init(bytes: Data(html.utf8), url: url, encoding: "UTF-8")
    }

    /// Parses raw bytes; with `encoding` nil, libxml2 reads `<meta charset>` itself (saved files).
    public convenience init(bytes: Data, url: String = "about:blank", encoding: String?) throws {
        try self.init(bytes: bytes, url: url, encoding: encoding, parser: nil)
    }

    static let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                               | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_NOBLANKS.rawValue)

    /// Parses with `parser`'s context when given (the caller holds it for the call), which spares
    /// setting one up per page; the document is the same.
    init(bytes: Data, url: String, encoding: String?, parser: HTMLParserContext?) throws {
        _ = XPathQuery.silenced
        let options = HTMLDocument.options
        let parsed: xmlDocPtr? = bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, raw.count > 0 else {
                return "<html></html>".withCString { htmlReadMemory($0, 13, url, "UTF-8", options) }
            }
            if let ctxt = parser?.context {
                return htmlCtxtReadMemory(ctxt, base.assumingMemoryBound(to: CChar.self), Int32(raw.count), url, encoding, options)
            }
            if let encoding, let chunked = HTMLDocument.readInChunks(raw, url: url, encoding: encoding, options: options) { return chunked }
            return htmlReadMemory(base.assumingMemoryBound(to: CChar.self), Int32(raw.count), url, encoding, options)
        }
        guard let parsed, let ctx = xmlXPathNewContext(parsed) else {
            throw ParseError.unreadable(url: url)
        }
        doc = parsed
        context = ctx
        self.url = url
    }

    deinit {
        xmlXPathFreeContext(context)
        xmlFreeDoc(doc)
    }

    public var root: Node? { xmlDocGetRootElement(doc).map { Node($0, self) } }

    /// The `<base href>` of the page, when it has one.
    public lazy var baseHref: String? = {
        guard let q = HTMLDocument.baseHrefQuery else { return nil }
        return evaluateStrings(q, in: nil).first
    }()

    /// Compiled once: a compiled expression is only read when evaluated.
    private static let baseHrefQuery = try? XPathQuery("//head/base[@href][1]/@href")

    /// Element nodes matching a compiled query, relative to `node` (the document when nil).
    public func select(_ query: XPathQuery, in node: Node? = nil) -> [Node] {
        guard let result = evaluate(query, node) else { return [] }
        defer { xmlXPathFreeObject(result) }
        guard result.pointee.type == XPATH_NODESET, let set = result.pointee.nodesetval else { return [] }
        var nodes: [Node] = []
        nodes.reserveCapacity(Int(set.pointee.nodeNr))
        for i in 0..<Int(set.pointee.nodeNr) {
            if let n = set.pointee.nodeTab[i] { nodes.append(Node(n, self)) }
        }
        return nodes
    }

    /// Strings from a query: text and attribute nodes as their content, elements as their text,
    /// and a string/number result as itself.
    public func evaluateStrings(_ query: XPathQuery, in node: Node?) -> [String] {
        guard let result = evaluate(query, node) else { return [] }
        defer { xmlXPathFreeObject(result) }
        switch result.pointee.type {
        case XPATH_NODESET:
            guard let set = result.pointee.nodesetval else { return [] }
            var out: [String] = []
            for i in 0..<Int(set.pointee.nodeNr) {
                if let n = set.pointee.nodeTab[i] { out.append(Node.content(n)) }
            }
            return out
        case XPATH_STRING:
            return [result.pointee.stringval.map { String(cString: $0) } ?? ""]
        case XPATH_NUMBER:
            let v = result.pointee.floatval
            return v.isNaN ? [] : [v == v.rounded() ? String(Int(v)) : String(v)]
        case XPATH_BOOLEAN:
            return [result.pointee.boolval != 0 ? "true" : "false"]
        default:
            return []
        }
    }

    private func evaluate(_ query: XPathQuery, _ node: Node?) -> xmlXPathObjectPtr? {
        context.pointee.node = node?.pointer ?? UnsafeMutablePointer(OpaquePointer(doc))
        return xmlXPathCompiledEval(query.compiled, context)
    }
}

/// A libxml2 HTML parser context kept for many pages; one user at a time (see `Extractor`).
final class HTMLParserContext: @unchecked Sendable {
    let context: htmlParserCtxtPtr?
    let lock = NSLock()

    init() { context = htmlNewParserCtxt() }
    deinit { if let context { htmlFreeParserCtxt(context) } }
}

/// An element (or text/attribute) node of a document.
public struct Node: @unchecked Sendable {
    let pointer: xmlNodePtr
    /// Keeps the tree alive as long as the node is used.
    let document: HTMLDocument

    init(_ pointer: xmlNodePtr, _ document: HTMLDocument) {
        self.pointer = pointer
        self.document = document
    }

    public var name: String { pointer.pointee.name.map { String(cString: $0) } ?? "" }

    public func attribute(_ name: String) -> String? {
        guard let v = xmlGetProp(pointer, name) else { return nil }
        defer { pw_xml_free(v) }
        return String(cString: v)
    }

    /// The node's own text children (parsel's `::text`), whitespace normalised.
    public var ownText: String {
        var parts: [String] = []
        var child = pointer.pointee.children
        while let c = child {
            if c.pointee.type == XML_TEXT_NODE || c.pointee.type == XML_CDATA_SECTION_NODE, let t = c.pointee.content {
                parts.append(String(cString: t))
            }
            child = c.pointee.next
        }
        return Node.normalise(parts.joined(separator: " "))
    }

    /// All descendant text, scripts and styles left out, whitespace normalised.
    public var text: String { Node.normalise(Node.collectText(pointer)) }

    static func collectText(_ n: xmlNodePtr) -> String {
        var out = ""
        var child = n.pointee.children
        while let c = child {
            switch c.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let t = c.pointee.content { out += String(cString: t) }
            case XML_ELEMENT_NODE:
                let name = c.pointee.name.map { String(cString: $0) } ?? ""
                if name != "script" && name != "style" && name != "noscript" && name != "template" {
                    out += " " + collectText(c) + " "
                }
            default: break
            }
            child = c.pointee.next
        }
        return out
    }

    /// Text of any node kind (attributes give their value).
    static func content(_ n: xmlNodePtr) -> String {
        if n.pointee.type == XML_ELEMENT_NODE { return normalise(collectText(n)) }
        guard let c = xmlNodeGetContent(n) else { return "" }
        defer { pw_xml_free(c) }
        return String(cString: c)
    }

    /// Collapses runs of whitespace (including NBSP) to one space and trims.
    public static func normalise(_ s: String) -> String {
        var s = s
        return s.withUTF8 { normalise(utf8: $0) }
    }

    /// `normalise` of a C string (a text node's content), read in place.
    static func normalise(cString p: UnsafePointer<xmlChar>) -> String {
        normalise(utf8: UnsafeBufferPointer(start: p, count: strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))))
    }

    /// `normalise` of UTF-8 bytes; invalid sequences are repaired as `String(cString:)` repairs them.
    static func normalise(bytes b: UnsafeBufferPointer<UInt8>) -> String {
        guard b.count > 0 else { return "" }
        return normalise(utf8: b)
    }

    /// `normalise` on UTF-8: space, LF, tab, CR, U+00A0, U+3000 and U+200B are the whitespace.
    private static func normalise(utf8 b: UnsafeBufferPointer<UInt8>) -> String {
        let n = b.count
        /// The length of the whitespace sequence at i, or 0.
        @inline(__always) func space(_ i: Int) -> Int {
            let c = b[i]
            if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D { return 1 }
            if c == 0xC2, i + 1 < n, b[i + 1] == 0xA0 { return 2 }
            if c == 0xE3, i + 2 < n, b[i + 1] == 0x80, b[i + 2] == 0x80 { return 3 }
            if c == 0xE2, i + 2 < n, b[i + 1] == 0x80, b[i + 2] == 0x8B { return 3 }
            return 0
        }
        // Already normalised (most attribute values and short texts): the same string.
        var clean = true
        var i = 0
        var previousWasSpace = true
        while i < n {
            let w = space(i)
            if w == 0 { previousWasSpace = false; i += 1; continue }
            if w != 1 || b[i] != 0x20 || previousWasSpace { clean = false; break }
            previousWasSpace = true
            i += 1
        }
        if clean && !(n > 0 && previousWasSpace) { return String(decoding: b, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: n) { out in
            var k = 0
            var pendingSpace = false
            var i = 0
            while i < n {
                let w = space(i)
                if w > 0 {
                    pendingSpace = k > 0
                    i += w
                    continue
                }
                if pendingSpace { out[k] = 0x20; k += 1; pendingSpace = false }
                out[k] = b[i]; k += 1; i += 1
            }
            return k
        }
    }

    /// Raw markup of the node (for debugging and selector suggestions).
    public var outerHTML: String {
        guard let buf = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buf) }
        htmlNodeDump(buf, document.doc, pointer)
        return xmlBufferContent(buf).map { String(cString: $0) } ?? ""
    }

    public var parent: Node? {
        guard let p = pointer.pointee.parent, p.pointee.type == XML_ELEMENT_NODE else { return nil }
        return Node(p, document)
    }

    public var children: [Node] {
        var out: [Node] = []
        var child = pointer.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE { out.append(Node(c, document)) }
            child = c.pointee.next
        }
        return out
    }
}

/// An XPath 1.0 expression compiled once and evaluated against many documents.
public final class XPathQuery: @unchecked Sendable {
    let compiled: xmlXPathCompExprPtr
    public let expression: String

    public struct Invalid: Error, CustomStringConvertible {
        public var expression: String
        public var description: String { "invalid XPath expression: \(expression)" }
    }

    static let silenced: Void = { xmlInitParser(); pw_xml_silence() }()

    public init(_ expression: String) throws {
        _ = XPathQuery.silenced
        guard let c = xmlXPathCompile(expression) else { throw Invalid(expression: expression) }
        compiled = c
        self.expression = expression
    }

    deinit { xmlXPathFreeCompExpr(compiled) }
}
