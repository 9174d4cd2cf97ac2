import CLibXML2
import Foundation

/// An HTML page parsed by libxml2 (recover mode, no network). Nodes keep their document alive,
/// so a `Node` can never outlive the tree it points into. A page over one of `HTMLLimits`' caps
/// is refused with the reason (never cut short), and the extraction work spent on it is counted
/// against `HTMLLimits.maxExtractionWork`. A document is read by one thread at a time.
///
///     let doc = try HTMLDocument(html: text, url: "http://127.0.0.1/us/p/1")
///     let price = try doc.select(XPathQuery("//span[@class='price']")).first?.text
public final class HTMLDocument: @unchecked Sendable {
    let doc: xmlDocPtr
    let context: xmlXPathContextPtr
    public let url: String
    public let limits: HTMLLimits
    /// Work units our own walks spent (libxml2 counts its XPath steps in `context.opCount`).
    private var walked = 0

    public enum ParseError: Error, CustomStringConvertible {
        case unreadable(url: String)
        /// Over a cap of `HTMLLimits`, found before or while libxml2 parsed it: the page is not read.
        case overLimit(url: String, reason: String)

        public var description: String {
            switch self {
            case .unreadable(let url): return "libxml2 could not build a document from \(url)"
            case .overLimit(let url, let reason): return "\(url): \(reason)"
            }
        }

        /// Why, without the page's URL (for callers that name the page themselves).
        public var reason: String {
            switch self {
            case .unreadable: return "libxml2 could not build a document"
            case .overLimit(_, let reason): return reason
            }
        }
    }

    /// Parses UTF-8 text (already decoded by Fetch).
    public convenience init(html: String, url: String = "about:blank", limits: HTMLLimits = .default) throws {
        try self.init(bytes: Data(html.utf8), url: url, encoding: "UTF-8", parser: nil, limits: limits)
    }

    /// Parses raw bytes; with `encoding` nil, libxml2 reads `<meta charset>` itself (saved files).
    public convenience init(bytes: Data, url: String = "about:blank", encoding: String?, limits: HTMLLimits = .default) throws {
        try self.init(bytes: bytes, url: url, encoding: encoding, parser: nil, limits: limits)
    }

    // HUGE lifts libxml2's depth limit of 256 (past which it drops the rest of the page without an
    // error); `HTMLLimits.maxDepth` takes its place in the parse hooks (CLibXML2/shim.h).
    static let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                               | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_NOBLANKS.rawValue
                               | XML_PARSE_HUGE.rawValue)

    /// Parses with `parser`'s context when given (the caller holds it for the call), which spares
    /// setting one up per page; the document is the same.
    init(bytes: Data, url: String, encoding: String?, parser: HTMLParserContext?, limits: HTMLLimits = .default) throws {
        _ = XPathQuery.silenced
        var bytes = bytes, encoding = encoding
        // UTF-16 and UTF-32 put NULs between the ASCII of the markup: read as UTF-8 text instead.
        if encoding == nil, let text = HTMLDocument.wideUnicodeText(bytes) { bytes = Data(text.utf8); encoding = "UTF-8" }
        guard bytes.count < Int(Int32.max) else { throw ParseError.overLimit(url: url, reason: "page is larger than 2 GB") }
        let scan = bytes.withUnsafeBytes { HTMLPreScan.problem($0.bindMemory(to: UInt8.self), limits: limits) }
        if let problem = scan.problem { throw ParseError.overLimit(url: url, reason: problem) }
        // libxml2 ends the page at a NUL inside a tag and keeps quiet about it; it reads one in
        // text as a space, which is what every NUL becomes here.
        if scan.scan.hasNUL { bytes = Data(bytes.map { $0 == 0 ? 0x20 : $0 }) }
        let owned = parser == nil ? htmlNewParserCtxt() : nil
        defer { if let owned { htmlFreeParserCtxt(owned) } }
        guard let ctxt = parser?.context ?? owned else { throw ParseError.unreadable(url: url) }
        var budget = pw_html_budget()
        budget.max_depth = UInt(limits.maxDepth)
        budget.max_search_work = UInt(limits.maxEndTagWork)
        budget.max_elements = UInt(limits.maxElements)
        budget.max_attributes = UInt(limits.maxAttributes)
        budget.max_attributes_per_element = UInt(limits.maxAttributesPerElement)
        var halted: Int32 = 0
        let options = HTMLDocument.options
        let parsed: xmlDocPtr? = bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, raw.count > 0 else {
                return "<html></html>".withCString { pw_html_read(ctxt, $0, 13, url, "UTF-8", options, &budget, &halted) }
            }
            return pw_html_read(ctxt, base.assumingMemoryBound(to: CChar.self), Int32(raw.count), url, encoding, options, &budget, &halted)
        }
        if halted != 0 {
            if let parsed { xmlFreeDoc(parsed) }
            throw ParseError.overLimit(url: url, reason: HTMLDocument.haltReason(budget, ctxt, limits))
        }
        guard let parsed, let ctx = xmlXPathNewContext(parsed) else {
            if let parsed { xmlFreeDoc(parsed) }
            throw ParseError.unreadable(url: url)
        }
        pw_xpath_silence(ctx)
        doc = parsed
        context = ctx
        self.url = url
        self.limits = limits
    }

    /// Why libxml2 stopped before the end of the page.
    static func haltReason(_ b: pw_html_budget, _ ctxt: htmlParserCtxtPtr, _ limits: HTMLLimits) -> String {
        switch Int(b.stopped) {
        case Int(PW_HTML_STOPPED_DEPTH):
            return "page has elements nested deeper than \(limits.maxDepth) at line \(b.line) (cap \(limits.maxDepth))"
        case Int(PW_HTML_STOPPED_SEARCHES):
            return "page's end tags that close nothing made libxml2 search more than \(limits.maxEndTagWork) open elements by line \(b.line) (cap \(limits.maxEndTagWork))"
        case Int(PW_HTML_STOPPED_ELEMENT_ATTRIBUTES):
            return "page has an element with \(b.element_attributes) attributes at line \(b.line) (cap \(limits.maxAttributesPerElement))"
        case Int(PW_HTML_STOPPED_ELEMENTS):
            return "page has more than \(limits.maxElements) elements (cap \(limits.maxElements))"
        case Int(PW_HTML_STOPPED_ATTRIBUTES):
            return "page has more than \(limits.maxAttributes) attributes (cap \(limits.maxAttributes))"
        default:
            let message = pw_html_last_error(ctxt).map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "no reason given"
            return "libxml2 stopped reading the page at line \(pw_html_last_error_line(ctxt)): \(message)"
        }
    }

    /// The text of UTF-16 or UTF-32 bytes (by their byte-order mark, or `<` followed by NULs), or nil.
    static func wideUnicodeText(_ b: Data) -> String? {
        guard b.count >= 4 else { return nil }
        let p = [b[b.startIndex], b[b.startIndex + 1], b[b.startIndex + 2], b[b.startIndex + 3]]
        let encoding: String.Encoding
        switch (p[0], p[1], p[2], p[3]) {
        case (0xFF, 0xFE, 0, 0), (0x3C, 0, 0, 0): encoding = .utf32LittleEndian
        case (0, 0, 0xFE, 0xFF), (0, 0, 0, 0x3C): encoding = .utf32BigEndian
        case (0xFF, 0xFE, _, _), (0x3C, 0, _, _): encoding = .utf16LittleEndian
        case (0xFE, 0xFF, _, _), (0, 0x3C, _, _): encoding = .utf16BigEndian
        default: return nil
        }
        let hasBOM = p[0] == 0xFF || p[0] == 0xFE || (p[0] == 0 && p[2] == 0xFE)
        let text = String(data: b, encoding: encoding)
        return hasBOM ? text.map { $0.hasPrefix("\u{FEFF}") ? String($0.dropFirst()) : $0 } : text
    }

    // MARK: Extraction work

    /// Units of extraction work spent on this page so far (see `HTMLLimits.maxExtractionWork`).
    public var extractionWork: Int { walked + Int(context.pointee.opCount) }

    /// Why the extraction of this page was stopped, or nil while it is under its cap.
    public var extractionStopped: String? {
        guard extractionWork >= limits.maxExtractionWork else { return nil }
        return "extraction of the page used more than \(limits.maxExtractionWork) units of work (cap \(limits.maxExtractionWork))"
    }

    /// Counts `units` of work of our walks; false once the cap is reached (the walk should stop).
    @inline(__always) func spend(_ units: Int) -> Bool {
        walked &+= units
        return walked &+ Int(context.pointee.opCount) < limits.maxExtractionWork
    }

    /// Units of work left under the cap.
    var remainingWork: Int { limits.maxExtractionWork - walked - Int(context.pointee.opCount) }

    /// Whether there is work left under the cap.
    @inline(__always) var canWork: Bool { walked &+ Int(context.pointee.opCount) < limits.maxExtractionWork }

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
                if let n = set.pointee.nodeTab[i] { out.append(Node.content(n, in: self)) }
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

    /// libxml2 stops an evaluation (nil) when its steps reach what is left of the work cap.
    private func evaluate(_ query: XPathQuery, _ node: Node?) -> xmlXPathObjectPtr? {
        guard canWork else { return nil }
        context.pointee.opLimit = UInt(limits.maxExtractionWork - walked)
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
    public var text: String { Node.normalise(Node.collectText(pointer, in: document)) }

    /// The descendant text of `n`, each element's between spaces, scripts and styles left out.
    /// A loop, not recursion (pages nest thousands deep), charged to the document's work cap: at
    /// the cap it stops where it is, and the extraction reports itself stopped.
    static func collectText(_ n: xmlNodePtr, in document: HTMLDocument) -> String {
        collectText(n, in: document, budget: .max) ?? ""
    }

    /// `collectText` that gives up, with nil, once it has visited `budget` nodes and text bytes:
    /// for readers that only want short texts (the automatic extractor's heuristics).
    static func collectText(_ n: xmlNodePtr, in document: HTMLDocument, budget: Int) -> String? {
        var out = "", left = budget
        var node = n.pointee.children
        while let c = node {
            var descend = false
            var cost = 1
            left -= 1
            switch c.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let t = c.pointee.content {
                    let s = String(cString: t)
                    cost += s.utf8.count >> 6
                    left -= s.utf8.count
                    if left < 0 { return nil }
                    out += s
                }
            case XML_ELEMENT_NODE:
                if !skipsText(c) {
                    out += " "
                    if c.pointee.children != nil { descend = true } else { out += " " }
                }
            default: break
            }
            if left < 0 { return nil }
            guard document.spend(cost) else { break }
            if descend { node = c.pointee.children; continue }
            // The next sibling, else an ancestor's: each element left on the way ends with a space.
            var up = c
            node = nil
            while true {
                if let s = up.pointee.next { node = s; break }
                guard let p = up.pointee.parent, p != n else { break }
                out += " "
                up = p
            }
        }
        return out
    }

    /// Elements whose text is not the page's: script, style, noscript, template.
    @inline(__always) static func skipsText(_ e: xmlNodePtr) -> Bool {
        guard let raw = e.pointee.name else { return false }
        let name = UnsafeRawPointer(raw).assumingMemoryBound(to: CChar.self)
        return strcmp(name, "script") == 0 || strcmp(name, "style") == 0 || strcmp(name, "noscript") == 0 || strcmp(name, "template") == 0
    }

    /// Text of any node kind (attributes give their value).
    static func content(_ n: xmlNodePtr, in document: HTMLDocument) -> String {
        if n.pointee.type == XML_ELEMENT_NODE { return normalise(collectText(n, in: document)) }
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
