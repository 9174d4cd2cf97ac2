import CLibXML2
import Foundation
import Model

/// Product data a page declares about itself: JSON-LD, microdata and Open Graph / `product:` meta.
///
///     let data = StructuredData(document: doc)
///     data.value(at: "offers.price", in: .jsonLD)   // "1299.00", from Product.offers[0].price
public struct StructuredData: @unchecked Sendable {
    /// JSON-LD objects whose @type is Product (from @graph, arrays and nesting), in page order.
    public private(set) var jsonLDProducts: [[String: Any]] = []
    /// Every JSON-LD object found, for other types (BreadcrumbList, Organization...).
    public private(set) var jsonLDObjects: [[String: Any]] = []
    /// Microdata items of a Product type, as nested dictionaries.
    public private(set) var microdataProducts: [[String: Any]] = []
    /// `<meta property|name|itemprop="..." content="...">`, first value per key, keys lower-cased.
    public private(set) var meta: [String: String] = [:]
    /// JSON-LD blocks that could not be read even after repair, with why.
    public private(set) var problems: [String] = []

    static let scripts = try! XPathQuery("//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]")
    static let metas = try! XPathQuery("//meta[@content]")
    static let scopes = try! XPathQuery("//*[@itemscope][contains(@itemtype, 'Product') or contains(@itemtype, 'product')]")

    public init(document: HTMLDocument) {
        for (index, script) in document.select(StructuredData.scripts).enumerated() {
            let raw = script.textContentRaw
            guard let object = StructuredData.parseJSONLenient(raw) else {
                problems.append("json-ld block \(index + 1): not valid JSON even after repair (\(raw.prefix(60).replacingOccurrences(of: "\n", with: " "))...)")
                continue
            }
            collect(object)
        }
        for m in document.select(StructuredData.metas) {
            guard let key = (m.attribute("property") ?? m.attribute("name") ?? m.attribute("itemprop"))?.lowercased(), let content = m.attribute("content") else { continue }
            if meta[key] == nil { meta[key] = content }
        }
        for scope in document.select(StructuredData.scopes) where scope.attribute("itemprop") == nil || microdataProducts.isEmpty {
            microdataProducts.append(StructuredData.microdataItem(scope))
        }
    }

    private mutating func collect(_ value: Any) {
        if let array = value as? [Any] { array.forEach { collect($0) }; return }
        guard let object = value as? [String: Any] else { return }
        jsonLDObjects.append(object)
        if StructuredData.types(of: object).contains(where: { $0.hasSuffix("Product") || $0 == "ProductGroup" || $0 == "IndividualProduct" }) {
            jsonLDProducts.append(object)
        }
        if let graph = object["@graph"] { collect(graph) }
        // Products nested elsewhere (an ItemPage's mainEntity, an Offer's itemOffered).
        for key in ["mainEntity", "itemOffered", "about"] { if let v = object[key] { collect(v) } }
    }

    static func types(of object: [String: Any]) -> [String] {
        let t = object["@type"]
        let list = (t as? [Any])?.compactMap { $0 as? String } ?? (t as? String).map { [$0] } ?? []
        return list.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
    }

    /// The first value at a dotted path (`offers.price`, `offers[1].price`, `aggregateRating.ratingValue`)
    /// in the page's first product of that source; arrays step into their first element unless indexed.
    public func value(at path: String, in source: FieldSource) -> String? {
        let roots = source == .microdata ? microdataProducts : jsonLDProducts
        for root in roots {
            if let v = StructuredData.lookup(root, path: path) { return v }
        }
        return nil
    }

    static func lookup(_ root: Any, path: String) -> String? {
        var current: Any? = root
        for rawPart in path.split(separator: ".") {
            var part = Substring(rawPart)
            var index: Int?
            if let open = part.firstIndex(of: "["), part.last == "]" {
                index = Int(part[part.index(after: open)..<part.index(before: part.endIndex)])
                part = part[..<open]
            }
            if let array = current as? [Any] { current = array.first }
            guard let object = current as? [String: Any] else { return nil }
            current = object[String(part)]
            if let index {
                guard let array = current as? [Any], index < array.count else { return nil }
                current = array[index]
            }
        }
        if let array = current as? [Any] { current = array.first }
        return scalarText(current)
    }

    static func scalarText(_ v: Any?) -> String? {
        switch v {
        case let s as String: return s
        case let n as NSNumber:
            if String(describing: type(of: n)).contains("Boolean") { return n.boolValue ? "true" : "false" }
            // The shortest text that reads back as the same double: 12.99 stays "12.99".
            let d = n.doubleValue
            return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
        case let o as [String: Any]:
            // {"@type": "Brand", "name": "Acme"} -> "Acme"; {"@id": ...} -> the id.
            return scalarText(o["name"] ?? o["@value"] ?? o["value"] ?? o["@id"])
        default: return nil
        }
    }

    /// JSONSerialization, and on failure a repaired copy: comments, trailing commas, raw control
    /// characters in strings, and HTML-escaped or CDATA-wrapped blocks.
    static func parseJSONLenient(_ text: String) -> Any? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let v = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8), options: [.fragmentsAllowed]) { return v }
        var s = trimmed
        if s.hasPrefix("<![CDATA[") { s = String(s.dropFirst(9)) }
        if s.hasSuffix("]]>") { s = String(s.dropLast(3)) }
        s = s.replacingOccurrences(of: "&quot;", with: "\"")
        var out = "", inString = false, escaped = false
        let scalars = Array(s.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if inString {
                if escaped { escaped = false; out.unicodeScalars.append(c) }
                else if c == "\\" { escaped = true; out.unicodeScalars.append(c) }
                else if c == "\"" { inString = false; out.unicodeScalars.append(c) }
                else if c.value < 0x20 { out += c == "\n" ? "\\n" : c == "\t" ? "\\t" : " " }
                else { out.unicodeScalars.append(c) }
            } else if c == "\"" {
                inString = true; out.unicodeScalars.append(c)
            } else if c == "/" && i + 1 < scalars.count && scalars[i + 1] == "/" {
                while i < scalars.count && scalars[i] != "\n" { i += 1 }
                continue
            } else if c == "/" && i + 1 < scalars.count && scalars[i + 1] == "*" {
                i += 2
                while i + 1 < scalars.count && !(scalars[i] == "*" && scalars[i + 1] == "/") { i += 1 }
                i += 2
                continue
            } else if c == "," {
                var j = i + 1
                while j < scalars.count, scalars[j] == " " || scalars[j] == "\n" || scalars[j] == "\r" || scalars[j] == "\t" { j += 1 }
                if j < scalars.count, scalars[j] == "}" || scalars[j] == "]" { i += 1; continue }
                out.unicodeScalars.append(c)
            } else {
                out.unicodeScalars.append(c)
            }
            i += 1
        }
        if let v = try? JSONSerialization.jsonObject(with: Data(out.utf8), options: [.fragmentsAllowed]) { return v }
        // Several objects one after another: wrap them as an array.
        let wrapped = "[" + out.replacingOccurrences(of: "}\\s*\\{", with: "},{", options: .regularExpression) + "]"
        return try? JSONSerialization.jsonObject(with: Data(wrapped.utf8))
    }

    /// A microdata item as a dictionary: itemprop -> value or nested item (repeated props as arrays).
    /// Linear in the scope's elements (100,000 repeated properties once took 75 s), charged to the
    /// document's work cap; items nested deeper than `maxNesting` are read as plain values.
    static func microdataItem(_ scope: Node, nesting: Int = 0) -> [String: Any] {
        var values: [String: [Any]] = [:]
        let document = scope.document
        if let type = scope.attribute("itemtype") { values["@type"] = [type.split(separator: "/").last.map(String.init) ?? type] }
        // Pre-order over the scope's elements, not into nested items (they are their own values).
        var node = scope.pointer.pointee.children
        var read = 0
        while let n = node, document.spend(1) {
            var descend = false
            if n.pointee.type == XML_ELEMENT_NODE {
                let child = Node(n, document)
                let nested = xmlHasProp(n, "itemscope") != nil
                if let props = child.attribute("itemprop"), read < maxValuesPerItem {
                    read += 1
                    let value: Any = nested && nesting < maxNesting ? microdataItem(child, nesting: nesting + 1) : microdataValue(child)
                    for prop in props.split(separator: " ") { values[String(prop), default: []].append(value) }
                }
                descend = !nested && n.pointee.children != nil
            }
            if descend { node = n.pointee.children; continue }
            var up = n
            node = nil
            while true {
                if let next = up.pointee.next { node = next; break }
                guard let p = up.pointee.parent, p != scope.pointer else { break }
                up = p
            }
        }
        return values.mapValues { $0.count == 1 ? $0[0] : $0 }
    }

    /// Real microdata nests items a few levels deep; a page nesting thousands must not recurse as deep.
    static let maxNesting = 32

    /// Properties read per item: real items have tens. With the text cap below it bounds what
    /// nested text-valued properties cost (each reads the text below it: `make fuzz` found 131 KB
    /// of nested `itemprop="name"` spans taking 5.8 CPU s in a debug build).
    static let maxValuesPerItem = 1_000
    /// Nodes and bytes of text one value may cost; a longer text reads as "" (only descriptions
    /// run that long, and no field pricewatch extracts is one).
    static let maxValueText = 1_024

    static func microdataValue(_ n: Node) -> String {
        if let c = n.attribute("content") { return c }
        var text: String { Node.collectText(n.pointer, in: n.document, budget: maxValueText).map(Node.normalise) ?? "" }
        switch n.name {
        case "meta": return n.attribute("content") ?? ""
        case "a", "link", "area": return n.attribute("href") ?? ""
        case "img", "audio", "video", "source", "embed", "iframe": return n.attribute("src") ?? ""
        case "time": return n.attribute("datetime") ?? text
        case "data", "meter": return n.attribute("value") ?? text
        default: return text
        }
    }
}

extension Node {
    /// All text content without normalising (script bodies).
    var textContentRaw: String {
        var out = ""
        var child = pointer.pointee.children
        while let c = child, document.canWork {
            if let t = c.pointee.content {
                let s = String(cString: t)
                _ = document.spend(1 + s.utf8.count >> 6)
                out += s
            }
            child = c.pointee.next
        }
        return out
    }
}
