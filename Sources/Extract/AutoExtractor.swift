import FieldParsers
import Foundation
import Model

/// Product fields found on a page with no site-specific rules: price, currency, SKU, availability,
/// title, brand, GTIN, rating and review count, each with its source and a confidence.
///
///     let doc = try HTMLDocument(html: text, url: "https://shop.example/p/123")
///     let auto = AutoExtractor.extract(document: doc)
///     auto.flat   // ["price": "87.11", "currency": "USD", "availability": "InStock", ...]
///
/// Sources in order of trust: JSON-LD, microdata/RDFa, Open Graph and `product:` meta, embedded
/// state JSON (`__NEXT_DATA__`, `window.__INITIAL_STATE__ = {...}`), then HTML heuristics
/// (attribute vocabulary, closeness to the title and the add-to-cart control, currency symbols,
/// the main content rather than carousels of related products).
public enum AutoExtractor {
    /// The fields an automatic extraction looks for, in output order.
    public static let fieldNames = ["price", "currency", "sku", "availability", "title", "brand", "gtin", "rating", "review_count"]

    public static func extract(html: String, url: String) -> AutoExtraction {
        guard let doc = try? HTMLDocument(html: html, url: url) else { return AutoExtraction(url: url, fields: [:]) }
        return extract(document: doc)
    }

    /// `context` supplies a currency hint and language when the caller knows them (a job's market).
    public static func extract(document: HTMLDocument, context: ParseContext? = nil) -> AutoExtraction {
        var run = AutoRun(document: document, context: context)
        run.structured()
        run.embedded()
        run.heuristics()
        run.finish()
        return AutoExtraction(url: document.url, fields: run.fields)
    }
}

/// Where a value was read, precisely enough to write a selector for it.
public enum AutoOrigin: @unchecked Sendable {
    /// A path in the page's JSON-LD Product (`offers.price`), readable by a `jsonld:` alternative.
    case jsonLD(String)
    /// A path in the page's microdata Product (`offers.price`).
    case microdata(String)
    /// A `<meta>` key (`product:price:amount`).
    case meta(String)
    /// A key inside a state script (`__NEXT_DATA__`...).
    case embedded(script: String, key: String)
    /// An element (and the attribute, when the value is an attribute's).
    case node(Node, attribute: String?)
    /// The page URL.
    case url
    /// Derived from another field (currency from the price).
    case derived(String)
}

/// One field found automatically.
public struct AutoField: @unchecked Sendable {
    public var name: String
    /// The value as a plain string ("87.11", "InStock", "B01GOH7PKA").
    public var text: String
    /// The parsed value, as the selector-based extractor would produce it.
    public var value: FieldValue?
    public var source: FieldSource
    /// 0...1: how sure the engine is (structured data high, heuristics lower).
    public var confidence: Double
    /// What was read: "json-ld offers[0].price", "css #priceblock_ourprice", "url path".
    public var evidence: String
    /// The raw text the value came from.
    public var raw: String
    public var origin: AutoOrigin
}

/// What an automatic extraction found on one page.
public struct AutoExtraction: @unchecked Sendable {
    public var url: String
    public var fields: [String: AutoField]

    public subscript(_ name: String) -> AutoField? { fields[name] }

    /// Field -> string value, absent fields omitted (`--format flat`).
    public var flat: [String: String] { fields.mapValues(\.text) }

    /// The fields as an `ExtractedRecord` under the crawler's field names (`external_id` for the SKU).
    public func record(names: [String]? = nil) -> ExtractedRecord {
        var out: [String: ExtractedField] = [:]
        for (name, f) in fields where name != "currency" {
            let key = name == "sku" ? "external_id" : name
            if let names, !names.contains(key) { continue }
            out[key] = ExtractedField(name: key, value: f.value ?? .text(f.text), values: [f.value ?? .text(f.text)], raw: f.raw,
                                      source: .auto, selector: "auto \(f.evidence)", alternative: nil, reason: nil)
        }
        return ExtractedRecord(fields: out, missingRequired: [])
    }
}

// MARK: - The run

struct AutoRun {
    let document: HTMLDocument
    let data: StructuredData
    let language: String?
    var currencyHint: String?
    var fields: [String: AutoField] = [:]
    /// Candidates per field from every source, best chosen at the end.
    var candidates: [String: [AutoField]] = [:]
    lazy var dom: PageDOM = PageDOM(document: document)

    init(document: HTMLDocument, context: ParseContext?) {
        self.document = document
        data = StructuredData(document: document)
        let lang = document.root?.attribute("lang") ?? data.meta["og:locale"] ?? data.meta["language"]
        language = context?.language ?? lang.map { $0.replacingOccurrences(of: "_", with: "-").lowercased() }
        currencyHint = context?.currencyHint
    }

    var parseContext: ParseContext { ParseContext(currencyHint: currencyHint, language: language) }

    mutating func offer(_ f: AutoField) {
        guard !f.text.isEmpty else { return }
        candidates[f.name, default: []].append(f)
    }

    // MARK: Structured data: JSON-LD, microdata, meta

    mutating func structured() {
        // Currency first: it is the hint for every price text.
        if currencyHint == nil {
            currencyHint = mainJSONLD.flatMap { AutoRun.offerValue($0.object, ["priceCurrency", "priceSpecification.priceCurrency"])?.value }
                ?? data.meta["product:price:currency"] ?? data.meta["og:price:currency"] ?? data.meta["pricecurrency"]
        }
        if let (product, index) = mainJSONLD { readProduct(product, source: .jsonLD, prefix: index) }
        if let md = mainMicrodata { readProduct(md, source: .microdata, prefix: nil) }
        readMeta()
    }

    /// The page's own product among the JSON-LD products: the one named like the page title, with offers.
    var mainJSONLD: (object: [String: Any], index: Int)? {
        AutoRun.pickProduct(data.jsonLDProducts, titleHints: titleHints).map { ($0.0, $0.1) }
    }

    var mainMicrodata: [String: Any]? {
        AutoRun.pickProduct(data.microdataProducts, titleHints: titleHints)?.0
    }

    var titleHints: [String] {
        [data.meta["og:title"], document.root.flatMap { _ in firstH1Text }].compactMap { $0 }.map { $0.lowercased() }
    }

    var firstH1Text: String? {
        guard let q = AutoRun.h1Query else { return nil }
        return document.select(q).first.map(\.text)
    }

    static let h1Query = try? XPathQuery("//h1[normalize-space()][1]")

    static func pickProduct(_ products: [[String: Any]], titleHints: [String]) -> ([String: Any], Int)? {
        guard !products.isEmpty else { return nil }
        var best: (Int, Double)?
        for (i, p) in products.enumerated() {
            var score = -Double(i) * 0.1
            if p["offers"] != nil || p["hasVariant"] != nil { score += 2 }
            if let name = StructuredData.scalarText(p["name"])?.lowercased(), !name.isEmpty {
                if titleHints.contains(where: { $0.contains(name) || name.contains($0) }) { score += 3 }
            }
            if p["sku"] != nil || p["productID"] != nil { score += 0.5 }
            if best == nil || score > best!.1 { best = (i, score) }
        }
        return best.map { (products[$0.0], $0.0) }
    }

    /// The offers of a product: an Offer, a list, an AggregateOffer (and its `offers`), or a variant's.
    static func offers(of product: [String: Any]) -> [(object: [String: Any], path: String)] {
        var out: [(object: [String: Any], path: String)] = []
        func add(_ v: Any?, _ path: String) {
            if let list = v as? [Any] {
                for (i, o) in list.enumerated() { if let d = o as? [String: Any] { out.append((d, "\(path)[\(i)]")) } }
            } else if let d = v as? [String: Any] {
                out.append((d, path))
                if let inner = d["offers"] { add(inner, path + ".offers") }
            }
        }
        add(product["offers"], "offers")
        if out.isEmpty, let variants = product["hasVariant"] as? [Any] {
            for (i, v) in variants.enumerated() {
                if let d = v as? [String: Any] { add(d["offers"], "hasVariant[\(i)].offers") }
            }
        }
        return out
    }

    /// The first of `keys` (dotted) found in the product's offers, with its path.
    static func offerValue(_ product: [String: Any], _ keys: [String]) -> (value: String, path: String)? {
        for (o, path) in offers(of: product) {
            for k in keys {
                if let v = StructuredData.lookup(o, path: k), !v.isEmpty { return (v, path + "." + k) }
            }
        }
        return nil
    }

    mutating func readProduct(_ p: [String: Any], source: FieldSource, prefix: Int?) {
        let conf = source == .jsonLD ? 0.95 : 0.9
        func field(_ name: String, _ text: String, _ path: String, _ value: FieldValue?, _ c: Double = conf) {
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !t.isEmpty else { return }
            let origin: AutoOrigin = source == .jsonLD ? .jsonLD(path) : .microdata(path)
            offer(AutoField(name: name, text: t, value: value, source: source, confidence: c,
                            evidence: "\(source == .jsonLD ? "json-ld" : "microdata") \(path)", raw: t, origin: origin))
        }
        // Price: the offer's price, an AggregateOffer's lowPrice, or a price specification.
        let offerList = AutoRun.offers(of: p)
        let currency = AutoRun.offerValue(p, ["priceCurrency", "priceSpecification.priceCurrency"])?.value
        var priced: (PriceText, String)?
        for (o, path) in offerList {
            for k in ["price", "lowPrice", "priceSpecification.price", "highPrice"] {
                guard let raw = StructuredData.lookup(o, path: k), let price = AutoRun.structuredPrice(raw, currency: currency ?? currencyHint, language: language),
                      let amount = price.amount, amount > 0 else { continue }
                priced = (price, path + "." + k)
                break
            }
            if priced != nil { break }
        }
        if let (price, path) = priced, let amount = price.amount {
            field("price", AutoRun.decimalText(amount), path, .price(price))
            if let c = price.currency { field("currency", c, path.replacingOccurrences(of: ".price", with: ".priceCurrency"), nil, conf) }
        }
        // Availability: InStock when any offer can be bought (sizes of one product).
        var found: [(Availability, String)] = []
        for (o, path) in offerList {
            if let raw = StructuredData.lookup(o, path: "availability"), case .success(let a) = AvailabilityParser.parse(raw) { found.append((a, path + ".availability")) }
        }
        if let first = found.first {
            let pick = found.first(where: { $0.0.isBuyable && $0.0 != .preOrder }) ?? first
            let a = AutoRun.simplified(pick.0)
            field("availability", a.rawValue, found.count > 1 && pick.1 != first.1 ? pick.1 : first.1, .availability(a))
        } else if let raw = StructuredData.lookup(p, path: "availability"), case .success(let a) = AvailabilityParser.parse(raw) {
            field("availability", AutoRun.simplified(a).rawValue, "availability", .availability(AutoRun.simplified(a)))
        }
        // SKU: sku, productID, the offer's sku, mpn.
        for (k, c) in [("sku", conf), ("productID", conf - 0.05), ("mpn", 0.35)] {
            if let v = StructuredData.scalarText(p[k]).map(AutoRun.cleanID), AutoRun.plausibleID(v) { field("sku", v, k, .text(v), c); break }
            if k == "sku", let (v, path) = AutoRun.offerValue(p, ["sku"]), AutoRun.plausibleID(AutoRun.cleanID(v)) { field("sku", AutoRun.cleanID(v), path, .text(AutoRun.cleanID(v)), conf - 0.05); break }
        }
        if let name = StructuredData.scalarText(p["name"]) { field("title", Node.normalise(AutoRun.unescapeEntities(name)), "name", .text(Node.normalise(AutoRun.unescapeEntities(name)))) }
        if let brand = StructuredData.scalarText(p["brand"]) ?? StructuredData.scalarText(p["manufacturer"]), !brand.hasPrefix("http") {
            field("brand", AutoRun.unescapeEntities(brand), "brand", .text(AutoRun.unescapeEntities(brand)))
        }
        for k in ["gtin13", "gtin", "gtin12", "gtin14", "gtin8", "ean", "isbn"] {
            if let v = StructuredData.scalarText(p[k]) ?? AutoRun.offerValue(p, [k])?.value, v.filter(\.isNumber).count >= 8 {
                field("gtin", v.filter(\.isNumber), k, .text(v.filter(\.isNumber))); break
            }
        }
        if let r = StructuredData.lookup(p, path: "aggregateRating.ratingValue") {
            let best = StructuredData.lookup(p, path: "aggregateRating.bestRating").flatMap { Decimal(string: $0) }
            let text = best.map { "\(r) / \($0)" } ?? r
            if case .success(let v) = RatingParser.parse(text.replacingOccurrences(of: ",", with: ".")) { field("rating", "\(v)", "aggregateRating.ratingValue", .rating(v)) }
        }
        for k in ["aggregateRating.reviewCount", "aggregateRating.ratingCount"] {
            if let raw = StructuredData.lookup(p, path: k), case .success(let n) = CountParser.parse(raw) { field("review_count", String(n), k, .count(n)); break }
        }
    }

    mutating func readMeta() {
        func field(_ name: String, _ key: String, _ value: FieldValue?, _ text: String, _ c: Double) {
            offer(AutoField(name: name, text: text, value: value, source: .meta, confidence: c, evidence: "meta \(key)", raw: data.meta[key] ?? text, origin: .meta(key)))
        }
        let currency = data.meta["product:price:currency"] ?? data.meta["og:price:currency"]
        for key in ["product:price:amount", "og:price:amount", "product:sale_price:amount", "twitter:data1"] {
            guard let raw = data.meta[key], let p = AutoRun.structuredPrice(raw, currency: currency ?? currencyHint, language: language),
                  let a = p.amount, a > 0, key != "twitter:data1" || p.currency != nil else { continue }
            field("price", key, .price(p), AutoRun.decimalText(a), key == "twitter:data1" ? 0.6 : 0.85)
            if let c = p.currency { field("currency", key, nil, c, 0.85) }
            break
        }
        for key in ["product:availability", "og:availability", "availability"] {
            if let raw = data.meta[key], case .success(let a) = AvailabilityParser.parse(raw) {
                field("availability", key, .availability(AutoRun.simplified(a)), AutoRun.simplified(a).rawValue, 0.85); break
            }
        }
        for key in ["product:retailer_item_id", "product:sku", "sku"] {
            if let v = data.meta[key].map(AutoRun.cleanID), AutoRun.plausibleID(v) { field("sku", key, .text(v), v, 0.85); break }
        }
        for key in ["og:title", "twitter:title"] {
            if let v = data.meta[key].map(Node.normalise), !v.isEmpty { field("title", key, .text(v), v, 0.6); break }
        }
        for key in ["product:brand", "og:brand", "brand"] {
            if let v = data.meta[key], !v.isEmpty { field("brand", key, .text(v), v, 0.8); break }
        }
        for key in ["product:ean", "product:upc", "product:gtin", "gtin13", "gtin"] {
            if let v = data.meta[key], v.filter(\.isNumber).count >= 8 { field("gtin", key, .text(v.filter(\.isNumber)), v.filter(\.isNumber), 0.8); break }
        }
    }

    // MARK: Values

    /// A price as structured data writes it: "1299.00", 1299, "1.299,00", "EUR 12.50".
    static func structuredPrice(_ raw: String, currency: String?, language: String?) -> PriceText? {
        let t = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { return nil }
        let code = currency.flatMap { c -> String? in
            let u = c.trimmingCharacters(in: .whitespaces).uppercased()
            return u.count == 3 && u.allSatisfy(\.isLetter) ? u : PriceParser.parse("1 " + c, currencyHint: nil, language: language).currency
        }
        // Machine format first: digits with a '.' decimal point (what schema.org asks for).
        if t.range(of: #"^[0-9]+(\.[0-9]+)?$"#, options: .regularExpression) != nil, let d = Decimal(string: t, locale: Locale(identifier: "en_US_POSIX")) {
            return PriceText(amount: d, currency: code, raw: raw)
        }
        var p = PriceParser.parse(t, currencyHint: code ?? currency, language: language)
        if p.currency == nil { p.currency = code }
        return p.amount == nil ? nil : p
    }

    static func decimalText(_ d: Decimal) -> String {
        var v = d, r = Decimal()
        NSDecimalRound(&r, &v, 6, .plain)
        return NSDecimalNumber(decimal: r).description(withLocale: Locale(identifier: "en_US_POSIX"))
    }

    /// The buyer's question is "can I order it": limited stock is in stock, a backorder is not out.
    static func simplified(_ a: Availability) -> Availability {
        switch a {
        case .inStock, .limitedAvailability, .backOrder, .preOrder: return .inStock
        case .outOfStock, .discontinued: return .outOfStock
        }
    }

    static func cleanID(_ s: String) -> String {
        s.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "#:")))
    }

    /// An identifier: 3...64 characters, with a digit or in capitals, not a sentence or a URL.
    static func plausibleID(_ s: String) -> Bool {
        guard (3...64).contains(s.count), !s.contains("://"), !s.contains(where: \.isWhitespace) else { return false }
        return s.contains(where: \.isNumber) || (s.count >= 5 && s.allSatisfy { $0.isUppercase || $0.isNumber || "-_./".contains($0) })
    }

    static func unescapeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = s
        for (e, c) in [("&amp;", "&"), ("&quot;", "\""), ("&#39;", "'"), ("&#039;", "'"), ("&apos;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&nbsp;", " ")] {
            out = out.replacingOccurrences(of: e, with: c)
        }
        return out
    }

    // MARK: Choosing

    /// Per field, the most trusted candidate; the currency follows the chosen price.
    mutating func finish() {
        for (name, list) in candidates where name != "currency" {
            if let best = list.max(by: { $0.confidence < $1.confidence }) { fields[name] = best }
        }
        if let price = fields["price"] {
            if case .price(let p)? = price.value, let c = p.currency {
                fields["currency"] = AutoField(name: "currency", text: c, value: .text(c), source: price.source, confidence: price.confidence,
                                               evidence: price.evidence, raw: p.currencyText ?? c, origin: .derived("price"))
            } else if let c = candidates["currency"]?.max(by: { $0.confidence < $1.confidence }) {
                fields["currency"] = c
                if case .price(var p)? = price.value { p.currency = c.text; fields["price"]?.value = .price(p) }
            }
        }
    }
}
