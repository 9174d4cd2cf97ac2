import FieldParsers
import Foundation
import Model

/// HTML heuristics and embedded state JSON: what the automatic extractor reads when a page
/// declares nothing (or not everything) about its product.
extension AutoRun {
    /// Words of attributes that name a price, in the languages of the shops we see.
    static let priceWords = ["price", "preis", "prix", "precio", "preco", "prezzo", "cena", "cijena", "kaina", "hind", "fiyat", "pris",
                             "prijs", "harga", "gia", "jiage", "kakaku", "kaufpreis", "amount", "cost", "tsena", "valor", "betrag", "hinta"]
    /// Words that make a price element the one a buyer pays now.
    static let currentWords = ["sale", "current", "final", "now", "actual", "special", "offer", "our", "deal", "selling", "pay", "topay",
                               "buy", "promo", "new", "main", "primary", "big", "large", "value", "display", "ourprice", "saleprice",
                               "finalprice", "currentprice", "specialprice", "dealprice", "por", "nuevo", "aktuell", "priceblock", "buybox"]
    /// Words of prices that are not the product's price now.
    static let otherPriceWords = ["unit", "per", "installment", "instalment", "installments", "parcel", "parcela", "parcelas", "cuota", "cuotas",
                                  "monthly", "month", "finance", "financing", "emi", "shipping", "delivery", "frete", "envio", "versand",
                                  "save", "saving", "savings", "you", "discount", "off", "percent", "tax", "vat", "total", "subtotal",
                                  "deposit", "klarna", "afterpay", "paypal", "points", "bonus", "cashback", "min", "max", "range", "insurance",
                                  "warranty", "protection", "plan", "coupon", "voucher", "ratenzahlung", "rate", "raten", "fee", "basic", "grundpreis"]

    mutating func heuristics() {
        let dom = self.dom
        htmlPrice(dom)
        htmlAvailability(dom)
        htmlSKU(dom)
        htmlOther(dom)
        // A page that shows a price and says nothing about stock sells the product.
        if candidates["availability"] == nil, candidates["price"] != nil {
            offer(AutoField(name: "availability", text: "InStock", value: .availability(.inStock), source: .heuristic, confidence: 0.25,
                            evidence: "a price is shown and nothing says out of stock", raw: "", origin: .derived("price")))
        }
    }

    // MARK: Price

    struct PriceCandidate {
        var element: Int
        var price: PriceText
        var score: Double
        var attribute: String?
        var raw: String
    }

    mutating func htmlPrice(_ dom: PageDOM) {
        var found: [PriceCandidate] = []
        var seen = Set<Int>()
        let ctx = parseContext
        func consider(_ i: Int, text rawText: String, attribute: String?) {
            let e = dom.elements[i]
            let text = AutoRun.tightenDigits(rawText)
            guard text.count <= 80, text.contains(where: \.isNumber) else { return }
            let p = PriceParser.parse(text, currencyHint: ctx.currencyHint, language: ctx.language)
            guard let amount = p.amount, amount > 0, p.label == .price || p.label == .range else { return }
            let near = dom.nearbyWords(i, levels: 2)
            let own = e.words
            var s = 0.0
            let ownPrice = e.priceish
            var nearPrice = ownPrice
            var a = e.parent, up = 0
            while !nearPrice && a >= 0 && up < 2 { nearPrice = dom.elements[a].priceish; a = dom.elements[a].parent; up += 1 }
            if e.itemprop?.lowercased().contains("price") == true { s += 4 }
            if ownPrice { s += 3 } else if nearPrice { s += 1.5 }
            if p.currency != nil && p.currencyText != nil { s += 2 } else if attribute == nil && !ownPrice { return }
            if near.contains(where: { AutoRun.currentWords.contains($0) }) { s += 1.5 }
            if e.struck { s -= 6 }
            if e.noise { s -= 6 }
            if e.hidden { s -= 1.5 }
            if own.contains(where: { AutoRun.otherPriceWords.contains($0) }) { s -= 4 }
            else if near.contains(where: { AutoRun.otherPriceWords.contains($0) }) { s -= 2 }
            if AutoRun.looksLikeOtherPrice(text) { s -= 5 }
            if p.label == .range || p.isFromPrice { s -= 1 }
            if text.count > 30 { s -= 1 }
            s += 4 * dom.closeness(i, to: dom.h1)
            if let h = dom.h1 {
                let d = i - h
                if d >= 0 && d < 600 { s += 1.5 - Double(d) / 600 } else if d < -300 { s -= 1 }
            }
            // Every candidate looks at every cart control: charged, as a page may have many of both.
            if dom.document.spend(dom.cartControls.count), let cart = dom.cartControls.min(by: { abs($0 - i) < abs($1 - i) }) {
                s += 2 * dom.closeness(i, to: cart)
            }
            // At most 1 can neither be picked (support adds at most 2, and the pick needs more than 3)
            // nor support another (that needs more than 2): the related products of a big page are not kept.
            guard s > 1 else { return }
            found.append(PriceCandidate(element: i, price: p, score: s, attribute: attribute, raw: rawText))
        }
        // Elements named like a price (their text, or a machine value in an attribute).
        for (i, e) in dom.elements.enumerated() {
            guard e.priceish || e.itemprop?.lowercased() == "price" else { continue }
            let n = dom.node(i)
            for a in ["content", "data-price", "data-price-amount", "data-value", "value", "data-amount"] {
                if let v = n.attribute(a)?.trimmingCharacters(in: .whitespaces), v.range(of: #"^[0-9]+([.,][0-9]{1,2})?$"#, options: .regularExpression) != nil {
                    let t = dom.text(i)
                    let marker = PriceParser.parse(t.isEmpty ? "0" : t, currencyHint: ctx.currencyHint, language: ctx.language)
                    let cur = marker.currencyText ?? ctx.currencyHint ?? ""
                    consider(i, text: (cur.isEmpty ? "" : cur + " ") + v.replacingOccurrences(of: ",", with: "."), attribute: a)
                    break
                }
            }
            let t = dom.text(i)
            if t.count <= 80 { seen.insert(i); consider(i, text: t, attribute: nil) }
        }
        // Short texts with a currency, read with their container when the amount is split in spans.
        for t in dom.texts where t.text.utf8.count <= 80 && t.text.count <= 40 && t.text.contains(where: \.isNumber) {
            var i = t.element
            guard !seen.contains(i) else { continue }
            // A currency in the text itself, or a bare number whose container holds the currency ("$" "12" "99").
            let own = PriceParser.parse(t.text, currencyHint: nil, language: ctx.language)
            let bare = t.text.count <= 12 && t.text.allSatisfy { $0.isNumber || $0 == "." || $0 == "," || $0 == " " }
            guard own.currencyText != nil || bare else { continue }
            var text = dom.text(i)
            var p = dom.elements[i].parent
            while p >= 0, !seen.contains(p) {
                let up = dom.text(p)
                guard up.count <= 30, dom.elements[p].depth > 1 else { break }
                i = p; text = up; p = dom.elements[p].parent
            }
            guard seen.insert(i).inserted else { continue }
            let quick = PriceParser.parse(AutoRun.tightenDigits(text), currencyHint: nil, language: ctx.language)
            guard quick.currencyText != nil, quick.amount != nil else { continue }
            consider(i, text: text, attribute: nil)
        }
        guard !found.isEmpty else { return }
        // The same amount shown in several good places is more likely the price.
        var support: [Decimal: Double] = [:]
        for c in found where c.score > 2 { support[c.price.amount!, default: 0] += 1 }
        var best = found[0]
        var bestScore = -Double.infinity
        for c in found {
            let s = c.score + min(2, 0.5 * max(0, (support[c.price.amount!] ?? 0) - 1))
            if s > bestScore { best = c; bestScore = s }
        }
        guard bestScore > 3 else { return }
        let node = dom.node(best.element)
        let conf = min(0.8, 0.3 + bestScore / 30)
        offer(AutoField(name: "price", text: AutoRun.decimalText(best.price.amount!), value: .price(best.price), source: .heuristic, confidence: conf,
                        evidence: "html \(AutoRun.describe(node))", raw: best.raw, origin: .node(node, attribute: best.attribute)))
    }

    /// "12 . 99" (whole and fraction in separate spans) -> "12.99".
    static func tightenDigits(_ s: String) -> String {
        guard s.contains(" .") || s.contains(". ") || s.contains(" ,") || s.contains(", ") else { return s }
        return s.replacingOccurrences(of: #"([0-9]) ?([.,]) ?([0-9])"#, with: "$1$2$3", options: .regularExpression)
    }

    static let otherPriceText = try! NSRegularExpression(pattern: #"(?i)(\b(was|list price|rrp|uvp|msrp|statt|antes|de:|prix barré|old price|regular price|reg\.|before|vorher|zamiast|originally)\b|/\s*(kg|g|l|ml|m|oz|lb|100\s?g|100\s?ml|month|mes|mois|monat|mo)\b|\bper (kg|month|unit|item)\b|\d+\s?x\s|\bx\s?\d+|\bshipping\b|\bversand\b|\bdelivery\b|\bsave\b)"#)

    static func looksLikeOtherPrice(_ text: String) -> Bool {
        otherPriceText.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// A short description of an element for evidence: "span#price.a-price".
    static func describe(_ n: Node) -> String {
        var s = n.name
        if let id = n.attribute("id"), !id.isEmpty { s += "#" + id }
        if let c = n.attribute("class")?.split(separator: " ").prefix(2), !c.isEmpty { s += "." + c.joined(separator: ".") }
        if let p = n.attribute("itemprop") { s += "[itemprop=\(p)]" }
        return s
    }

    // MARK: Availability

    static let stockWords = ["availability", "available", "avail", "stock", "instock", "outofstock", "inventory", "lager", "lagerstatus",
                             "disponibilidad", "disponibilite", "disponibilita", "disponibilidade", "disponible", "estoque", "existencias",
                             "zaiko", "verfugbarkeit", "verfuegbarkeit", "lieferbarkeit", "dostepnosc", "nalichie", "soldout"]

    mutating func htmlAvailability(_ dom: PageDOM) {
        var best: (Availability, Double, Int, String)?
        for (i, e) in dom.elements.enumerated() where !e.noise {
            let stocky = e.words.contains { w in AutoRun.stockWords.contains { w.hasPrefix($0) } } || e.itemprop == "availability"
            guard stocky else { continue }
            let n = dom.node(i)
            var raw = ""
            for a in ["href", "content", "data-availability", "data-stock", "value"] {
                if let v = n.attribute(a), v.lowercased().contains("stock") || v.lowercased().contains("schema.org") { raw = v; break }
            }
            if raw.isEmpty { raw = dom.text(i) }
            guard !raw.isEmpty, raw.count <= 160, case .success(let a) = AvailabilityParser.parse(raw) else { continue }
            var s = 2 + 3 * dom.closeness(i, to: dom.h1)
            if e.itemprop == "availability" { s += 2 }
            if e.hidden { s -= 1 }
            if let h = dom.h1, i < h - 300 { s -= 1 }
            if best == nil || s > best!.1 { best = (AutoRun.simplified(a), s, i, raw) }
        }
        if let (a, s, i, raw) = best {
            let node = dom.node(i)
            offer(AutoField(name: "availability", text: a.rawValue, value: .availability(a), source: .heuristic, confidence: min(0.75, 0.4 + s / 20),
                            evidence: "html \(AutoRun.describe(node))", raw: raw, origin: .node(node, attribute: node.attribute("href") == raw ? "href" : node.attribute("content") == raw ? "content" : nil)))
        }
        // Out-of-stock wording next to the title, when no element is named for it.
        if best == nil, let h = dom.h1 {
            for t in dom.texts where t.text.count <= 60 && abs(t.element - h) < 800 && !dom.elements[t.element].noise && !dom.elements[t.element].hidden
                && dom.closeness(t.element, to: h) >= 0.5 {
                guard AutoRun.oosText(t.text) else { continue }
                let node = dom.node(t.element)
                offer(AutoField(name: "availability", text: "OutOfStock", value: .availability(.outOfStock), source: .heuristic, confidence: 0.45,
                                evidence: "text near the title \(AutoRun.describe(node))", raw: t.text, origin: .node(node, attribute: nil)))
                break
            }
        }
        // A buy button: in stock unless it is disabled.
        if let cart = dom.cartControls.first {
            let a: Availability = dom.disabledCart && dom.cartControls.count == 1 ? .outOfStock : .inStock
            let node = dom.node(cart)
            offer(AutoField(name: "availability", text: a.rawValue, value: .availability(a), source: .heuristic, confidence: 0.4,
                            evidence: "add-to-cart control \(AutoRun.describe(node))", raw: node.attribute("value") ?? dom.text(cart), origin: .node(node, attribute: nil)))
        }
    }

    static let oosWords = try! NSRegularExpression(pattern: #"(?i)^(currently )?(out of stock|sold out|unavailable|currently unavailable|not available|ausverkauft|nicht (auf lager|verfügbar|lieferbar)|épuisé|rupture de stock|agotado|sin stock|esgotado|indisponível|esaurito|non disponibile|缺货|无货|售罄|在庫切れ|売り切れ|品切れ|niedostępny|нет в наличии|tükendi|uitverkocht|slutsåld|udsolgt|utsolgt)[.!]?$"#)

    static func oosText(_ t: String) -> Bool {
        oosWords.firstMatch(in: t, range: NSRange(t.startIndex..., in: t)) != nil
    }

    // MARK: SKU

    static let skuAttributes = ["data-sku", "data-product-sku", "data-asin", "data-product-id", "data-productid", "data-product_id", "data-item-id",
                                "data-itemid", "data-pid", "data-article-number", "data-articlenumber", "data-product-code", "data-prod-id", "data-variant-sku"]
    static let skuInputNames: Set<String> = ["sku", "asin", "product_id", "productid", "product-id", "item_id", "itemid", "pid", "product", "id_product", "products_id", "article", "articleid"]
    static let skuLabel = try! NSRegularExpression(pattern: #"(?i)^\s*(sku|asin|item (number|no\.?|#)|item model number|product (code|id|number|no\.?)|prod(uct)?\.? ?(code|id)|article (number|no\.?)|art(ikel)?\.?[ -]?(nr|no)\.?|artikelnummer|artikel-nr\.?|bestellnummer|best\.-nr\.?|référence|reference|ref\.?|réf\.?|código( del producto| do produto| de producto)?|cód\.?|codice( articolo| prodotto)?|cod\.? (articolo|prodotto)|numer (katalogowy|produktu)|kod (produktu|towaru)|артикул|код( товара)?|商品编号|商品編號|商品番号|商品コード|货号|品番|型番|ürün kodu|stock code|part number|catalog number|model)\s*[:#.]?\s*(.*)$"#)

    mutating func htmlSKU(_ dom: PageDOM) {
        // itemprop sku / productID outside a Product scope.
        for (i, e) in dom.elements.enumerated() where !e.noise {
            guard let ip = e.itemprop?.lowercased(), ip == "sku" || ip == "productid" || ip == "mpn" else { continue }
            let n = dom.node(i)
            let v = AutoRun.cleanID(n.attribute("content") ?? n.attribute("value") ?? dom.text(i))
            guard AutoRun.plausibleID(v) else { continue }
            offer(AutoField(name: "sku", text: v, value: .text(v), source: .microdata, confidence: ip == "mpn" ? 0.6 : 0.8, evidence: "html [itemprop=\(e.itemprop!)]",
                            raw: v, origin: .node(n, attribute: n.attribute("content") != nil ? "content" : nil)))
            break
        }
        // Labels: "SKU: 12345", "Art.-Nr. 4711", "ASIN" followed by the value.
        let texts = dom.texts
        for (k, t) in texts.enumerated() where t.text.count <= 80 && !dom.elements[t.element].noise {
            guard let m = AutoRun.skuLabel.firstMatch(in: t.text, range: NSRange(t.text.startIndex..., in: t.text)),
                  let r = Range(m.range(at: m.numberOfRanges - 1), in: t.text) else { continue }
            let labelWord = t.text.lowercased()
            if labelWord.hasPrefix("model") && !labelWord.contains("number") { continue }
            var value = AutoRun.cleanID(String(t.text[r]))
            var element = t.element
            if value.isEmpty, k + 1 < texts.count { value = AutoRun.cleanID(texts[k + 1].text); element = texts[k + 1].element }
            value = value.split(separator: " ").first.map(String.init) ?? value
            guard AutoRun.plausibleID(value), value.contains(where: \.isNumber) else { continue }
            let node = dom.node(element)
            let c = 0.55 + 0.15 * dom.closeness(element, to: dom.h1)
            offer(AutoField(name: "sku", text: value, value: .text(value), source: .heuristic, confidence: c, evidence: "label \"\(t.text.prefix(30))\"",
                            raw: t.text, origin: .node(node, attribute: nil)))
            break
        }
        // Attributes and hidden inputs that carry the product id.
        var votes: [String: (Double, Int, String)] = [:]
        for (i, e) in dom.elements.enumerated() where !e.noise {
            let n = dom.node(i)
            if e.tag == "input", let name = n.attribute("name")?.lowercased(), AutoRun.skuInputNames.contains(name), let v = n.attribute("value").map(AutoRun.cleanID), AutoRun.plausibleID(v) {
                let s = (name.contains("sku") || name == "asin" ? 2.0 : 1.0) + dom.closeness(i, to: dom.h1)
                votes[v, default: (0, i, "name=\(name)")].0 += s
            }
            for a in AutoRun.skuAttributes {
                guard let v = n.attribute(a).map(AutoRun.cleanID), AutoRun.plausibleID(v) else { continue }
                let s = (a.contains("sku") || a.contains("asin") ? 1.5 : 1.0) + dom.closeness(i, to: dom.h1)
                votes[v, default: (0, i, a)].0 += s
            }
        }
        if let (v, (s, i, attr)) = votes.max(by: { $0.value.0 < $1.value.0 }) {
            let node = dom.node(i)
            offer(AutoField(name: "sku", text: v, value: .text(v), source: .heuristic, confidence: min(0.6, 0.35 + s / 20), evidence: "html \(AutoRun.describe(node)) \(attr)",
                            raw: v, origin: .node(node, attribute: attr.hasPrefix("name=") ? "value" : attr)))
        }
        scriptSKU()
        // The URL: an id-like segment that the page repeats.
        if let token = urlIDToken(dom) {
            offer(AutoField(name: "sku", text: token.0, value: .text(token.0), source: .heuristic, confidence: token.1, evidence: "url", raw: document.url, origin: .url))
        }
    }

    /// Id-like tokens of the URL path (letters and digits, at least 5, with a digit), scored by how often the page repeats them.
    func urlIDToken(_ dom: PageDOM) -> (String, Double)? {
        guard let u = URL(string: document.url), u.scheme?.hasPrefix("http") == true else { return nil }
        var tokens: [String] = []
        let path = u.path + "?" + (u.query ?? "")
        for piece in path.split(whereSeparator: { "/?&=.,;+ ".contains($0) }) {
            for sub in [String(piece)] + piece.split(separator: "-").map(String.init) + piece.split(separator: "_").map(String.init) {
                var t = sub
                // "p400105394" -> also "400105394"
                if let first = t.first, first.isLetter, t.dropFirst().allSatisfy(\.isNumber), t.count >= 6 { tokens.append(String(t.dropFirst())) }
                t = String(t)
                let digits = t.filter(\.isNumber).count
                guard t.count >= 5, t.count <= 24, digits >= 2, t.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { continue }
                // A word with a number in it ("favorable_1409", "html5") is not an id.
                if AutoRun.longestLetterRun(t) >= 7 { continue }
                if !tokens.contains(t) { tokens.append(t) }
            }
        }
        // Model names in the slug ("nn-k35hwmebg-800w") are in the title too: not the shop's id.
        let title = (dom.h1.map { dom.text($0) } ?? data.meta["og:title"] ?? "").lowercased()
        tokens.removeAll { PageDOM.has(title, $0.lowercased()) }
        guard !tokens.isEmpty else { return nil }
        var counts: [String: Int] = [:]
        for t in dom.texts { for tok in tokens where PageDOM.has(t.text, tok) { counts[tok, default: 0] += 1 } }
        for e in dom.elements.prefix(20000) {
            for v in [e.id, e.classes] { if let v { for tok in tokens where PageDOM.has(v, tok) { counts[tok, default: 0] += 1 } } }
        }
        let scored = tokens.map { ($0, counts[$0] ?? 0) }
        guard let best = scored.max(by: { ($0.1, $0.0.count) < ($1.1, $1.0.count) }) else { return nil }
        if best.1 >= 1 { return (best.0, 0.5) }
        // Not repeated: still the best guess when it looks like a code (letters and digits mixed, or a long number).
        let last = tokens.last!
        return last.count >= 6 ? (last, 0.3) : nil
    }

    static func longestLetterRun(_ s: String) -> Int {
        var best = 0, run = 0
        for c in s { if c.isLetter { run += 1; best = max(best, run) } else { run = 0 } }
        return best
    }

    static let scriptSKU = try! NSRegularExpression(pattern: #""(?:sku|productSku|productSKU|skuId|sku_id)"\s*:\s*"([^"]{3,40})""#)

    /// `"sku":"1236291"` in inline scripts (analytics and shop objects): the value most repeated.
    mutating func scriptSKU() {
        guard let q = AutoRun.inlineScripts else { return }
        var votes: [String: Int] = [:]
        var order: [String] = []
        for script in document.select(q) {
            let raw = script.textContentRaw
            guard raw.count < 2_000_000, raw.contains("ku\"") || raw.contains("KU\"") else { continue }
            for m in AutoRun.scriptSKU.matches(in: raw, range: NSRange(raw.startIndex..., in: raw)) {
                guard let r = Range(m.range(at: 1), in: raw) else { continue }
                let v = AutoRun.cleanID(String(raw[r]))
                guard AutoRun.plausibleID(v) else { continue }
                if votes[v] == nil { order.append(v) }
                votes[v, default: 0] += 1
            }
        }
        guard let best = order.max(by: { votes[$0]! < votes[$1]! }) else { return }
        offer(AutoField(name: "sku", text: best, value: .text(best), source: .embeddedJSON, confidence: votes.count == 1 ? 0.55 : 0.45,
                        evidence: "script \"sku\" (\(votes[best]!)x)", raw: best, origin: .embedded(script: "script", key: "sku")))
    }

    static let inlineScripts = try? XPathQuery("//script[not(@src)][not(contains(@type, 'ld+json'))]")

    // MARK: Title, brand, GTIN, rating

    mutating func htmlOther(_ dom: PageDOM) {
        if let h = dom.h1 {
            let node = dom.node(h)
            let t = dom.text(h)
            if !t.isEmpty { offer(AutoField(name: "title", text: t, value: .text(t), source: .heuristic, confidence: 0.7, evidence: "html \(AutoRun.describe(node))", raw: t, origin: .node(node, attribute: nil))) }
        }
        for (i, e) in dom.elements.enumerated() where !e.noise {
            guard let ip = e.itemprop?.lowercased() else { continue }
            let n = dom.node(i)
            let raw = n.attribute("content") ?? dom.text(i)
            let attr = n.attribute("content") != nil ? "content" : nil
            switch ip {
            case "brand", "manufacturer":
                let v = raw.trimmingCharacters(in: .whitespaces)
                if !v.isEmpty, v.count <= 60 { offer(AutoField(name: "brand", text: v, value: .text(v), source: .microdata, confidence: 0.75, evidence: "html [itemprop=\(ip)]", raw: raw, origin: .node(n, attribute: attr))) }
            case "gtin13", "gtin", "gtin12", "gtin14", "gtin8", "ean":
                let v = raw.filter(\.isNumber)
                if v.count >= 8 { offer(AutoField(name: "gtin", text: v, value: .text(v), source: .microdata, confidence: 0.75, evidence: "html [itemprop=\(ip)]", raw: raw, origin: .node(n, attribute: attr))) }
            case "ratingvalue":
                if case .success(let r) = RatingParser.parse(raw) { offer(AutoField(name: "rating", text: "\(r)", value: .rating(r), source: .microdata, confidence: 0.75, evidence: "html [itemprop=\(ip)]", raw: raw, origin: .node(n, attribute: attr))) }
            case "reviewcount", "ratingcount":
                if case .success(let c) = CountParser.parse(raw) { offer(AutoField(name: "review_count", text: String(c), value: .count(c), source: .microdata, confidence: 0.75, evidence: "html [itemprop=\(ip)]", raw: raw, origin: .node(n, attribute: attr))) }
            default: break
            }
        }
        // GTIN labels: "EAN: 4006381333931".
        for t in dom.texts where t.text.count <= 60 {
            guard let m = AutoRun.gtinLabel.firstMatch(in: t.text, range: NSRange(t.text.startIndex..., in: t.text)), let r = Range(m.range(at: 2), in: t.text) else { continue }
            let v = String(t.text[r]).filter(\.isNumber)
            let node = dom.node(t.element)
            offer(AutoField(name: "gtin", text: v, value: .text(v), source: .heuristic, confidence: 0.5, evidence: "label \"\(t.text.prefix(20))\"", raw: t.text, origin: .node(node, attribute: nil)))
            break
        }
        // Brand near the title: an element named brand/marca/marke, or "Visit the X Store"/"Brand: X".
        for (i, e) in dom.elements.enumerated() where !e.noise && e.itemprop == nil {
            guard e.words.contains(where: { ["brand", "marca", "marke", "marque", "manufacturer", "maker", "byline", "brandname"].contains($0) }) else { continue }
            guard dom.closeness(i, to: dom.h1) >= 0.5 else { continue }
            var t = dom.text(i)
            guard !t.isEmpty, t.count <= 60 else { continue }
            for re in AutoRun.brandLabels {
                if let m = re.firstMatch(in: t, range: NSRange(t.startIndex..., in: t)), let r = Range(m.range(at: 1), in: t) {
                    t = String(t[r]); break
                }
            }
            let node = dom.node(i)
            offer(AutoField(name: "brand", text: t, value: .text(t), source: .heuristic, confidence: 0.45, evidence: "html \(AutoRun.describe(node))", raw: t, origin: .node(node, attribute: nil)))
            break
        }
        // Rating and review count near the title: "4.5 out of 5 stars", "1,234 ratings".
        for (i, e) in dom.elements.enumerated() where !e.noise && e.itemprop == nil {
            guard e.words.contains(where: { $0.hasPrefix("rating") || $0.hasPrefix("stars") || $0 == "score" || $0.hasPrefix("review") }),
                  dom.closeness(i, to: dom.h1) >= 0.5 else { continue }
            let t = dom.text(i)
            guard !t.isEmpty, t.count <= 40 else { continue }
            let lower = t.lowercased()
            let node = dom.node(i)
            if candidates["rating"] == nil, lower.contains("5") || lower.contains("★"), case .success(let r) = RatingParser.parse(t), r > 0 {
                offer(AutoField(name: "rating", text: "\(r)", value: .rating(r), source: .heuristic, confidence: 0.4, evidence: "html \(AutoRun.describe(node))", raw: t, origin: .node(node, attribute: nil)))
            }
            // The number written next to the word: "4.6 out of 5 stars 6,536 ratings" -> 6536.
            if candidates["review_count"] == nil, let m = AutoRun.reviewCountText.firstMatch(in: t, range: NSRange(t.startIndex..., in: t)),
               let r = Range(m.range(at: 1), in: t), case .success(let c) = CountParser.parse(String(t[r])) {
                offer(AutoField(name: "review_count", text: String(c), value: .count(c), source: .heuristic, confidence: 0.4, evidence: "html \(AutoRun.describe(node))", raw: String(t[r]), origin: .node(node, attribute: nil)))
            }
        }
    }

    static let reviewCountText = try! NSRegularExpression(pattern: #"(?i)(?:^|[^0-9.,])([0-9][0-9.,]*)\s*(?:global |customer )?(?:reviews?|ratings?|bewertungen|rezensionen|avis|opiniones|reseñas|avaliações|recensioni|valutazioni|评价|条评价|件のレビュー|件|отзыв)"#)
    static let reviewWords = ["review", "rating", "bewertung", "avis", "opinion", "reseñ", "avaliaç", "recension", "valutazion", "评价", "評価", "レビュー", "件", "отзыв"]
    /// "Visit the X Store", "Brand: X", "by X": compiled once, not per page.
    static let brandLabels = [#"(?i)^visit the (.+) store$"#, #"(?i)^(?:brand|marca|marke|marque|品牌|ブランド)\s*[:：]\s*(.+)$"#, #"(?i)^by (.+)$"#]
        .map { try! NSRegularExpression(pattern: $0) }
    static let gtinLabel = try! NSRegularExpression(pattern: #"(?i)^\s*(ean(-13)?|gtin(-1[34])?|upc|isbn(-13)?|jan( code)?|jan コード|barcode|código de barras|codice ean)\s*[:#]?\s*([0-9][0-9 -]{6,17}[0-9])\s*$"#)

    // MARK: Embedded state JSON

    static let stateScripts = try! XPathQuery("//script[@id='__NEXT_DATA__' or @id='__NUXT_DATA__' or contains(@type, 'application/json') or contains(., '__INITIAL_STATE__') or contains(., '__PRELOADED_STATE__') or contains(., '__APOLLO_STATE__') or contains(., '__STATE__')]")

    mutating func embedded() {
        var best: (object: [String: Any], score: Double, script: String, path: String)?
        let hints = titleHints
        for script in document.select(AutoRun.stateScripts) {
            let raw = script.textContentRaw
            guard raw.count > 20, raw.count < 8_000_000 else { continue }
            let name = script.attribute("id") ?? AutoRun.assignedName(raw) ?? "state"
            guard let json = AutoRun.stateJSON(raw) else { continue }
            var visited = 0
            AutoRun.walkJSON(json, path: "", depth: 0, visited: &visited) { obj, path, depth in
                guard let s = AutoRun.productScore(obj, titleHints: hints) else { return }
                let score = s - Double(depth) * 0.05
                if best == nil || score > best!.score { best = (obj, score, name, path) }
            }
        }
        guard let (obj, score, script, path) = best, score >= 3 else { return }
        let conf = min(0.75, 0.5 + score / 40)
        func field(_ name: String, _ text: String, _ key: String, _ value: FieldValue?) {
            offer(AutoField(name: name, text: text, value: value, source: .embeddedJSON, confidence: conf, evidence: "\(script) \(path).\(key)", raw: text,
                            origin: .embedded(script: script, key: key)))
        }
        if let (p, key) = AutoRun.jsonPrice(obj, currencyHint: currencyHint, language: language) {
            field("price", AutoRun.decimalText(p.amount!), key, .price(p))
        }
        for k in ["sku", "SKU", "productSku", "skuId", "itemNumber", "articleNumber", "productId", "productID", "itemId", "id"] {
            if let v = StructuredData.scalarText(obj[k]).map(AutoRun.cleanID), AutoRun.plausibleID(v) {
                offer(AutoField(name: "sku", text: v, value: .text(v), source: .embeddedJSON, confidence: k.lowercased().contains("sku") ? conf : conf - 0.2,
                                evidence: "\(script) \(path).\(k)", raw: v, origin: .embedded(script: script, key: k)))
                break
            }
        }
        if let a = AutoRun.jsonAvailability(obj) { field("availability", a.0.rawValue, a.1, .availability(a.0)) }
        for k in ["name", "title", "productName"] {
            if let v = obj[k] as? String, !v.isEmpty { field("title", v, k, .text(v)); break }
        }
        if let b = StructuredData.scalarText(obj["brand"] ?? obj["brandName"]), !b.isEmpty, b.count <= 60 { field("brand", b, "brand", .text(b)) }
    }

    static func assignedName(_ raw: String) -> String? {
        guard let r = raw.range(of: #"(window\.)?__[A-Z_]+__"#, options: .regularExpression) else { return nil }
        return String(raw[r])
    }

    /// The JSON of a state script: the whole text, or the object assigned in `window.__X__ = {...};`.
    static func stateJSON(_ raw: String) -> Any? {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") {
            if let v = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) { return v }
        }
        guard let eq = trimmed.range(of: #"__[A-Z_]+__\s*=\s*"#, options: .regularExpression),
              let start = trimmed[eq.upperBound...].firstIndex(where: { $0 == "{" || $0 == "[" }) else { return nil }
        var body = String(trimmed[start...])
        // Up to the balanced end of the object.
        var depth = 0, inString = false, escaped = false, end: String.Index?
        for i in body.indices {
            let c = body[i]
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                continue
            }
            if c == "\"" { inString = true } else if c == "{" || c == "[" { depth += 1 } else if c == "}" || c == "]" {
                depth -= 1
                if depth == 0 { end = i; break }
            }
        }
        if let end { body = String(body[...end]) }
        body = body.replacingOccurrences(of: ":undefined", with: ":null")
        return try? JSONSerialization.jsonObject(with: Data(body.utf8))
    }

    static func walkJSON(_ v: Any, path: String, depth: Int, visited: inout Int, _ visit: ([String: Any], String, Int) -> Void) {
        visited += 1
        guard depth < 14, visited < 200_000 else { return }
        if let d = v as? [String: Any] {
            visit(d, path, depth)
            for (k, child) in d where child is [String: Any] || child is [Any] { walkJSON(child, path: path.isEmpty ? k : path + "." + k, depth: depth + 1, visited: &visited, visit) }
        } else if let a = v as? [Any] {
            for (i, child) in a.prefix(50).enumerated() { walkJSON(child, path: path + "[\(i)]", depth: depth + 1, visited: &visited, visit) }
        }
    }

    static let jsonPriceKeys = ["price", "salePrice", "currentPrice", "finalPrice", "sellingPrice", "offerPrice", "priceValue", "activePrice", "displayPrice", "specialPrice", "nowPrice", "value"]

    /// How much a state object looks like the page's product; nil when it has no price.
    static func productScore(_ o: [String: Any], titleHints: [String]) -> Double? {
        guard jsonPrice(o, currencyHint: nil, language: nil) != nil else { return nil }
        var s = 1.0
        if o.keys.contains(where: { ["sku", "SKU", "productSku", "skuId", "productId", "productID", "itemId"].contains($0) }) { s += 1 }
        if let name = (o["name"] ?? o["title"] ?? o["productName"]) as? String, !name.isEmpty {
            s += 0.5
            let n = name.lowercased()
            if titleHints.contains(where: { $0.contains(n) || n.contains($0) }) { s += 3 }
        }
        if o.keys.contains(where: { ["availability", "inStock", "isInStock", "stockStatus", "available", "stock"].contains($0) }) { s += 0.5 }
        if o.keys.contains(where: { ["brand", "images", "image", "description", "gtin", "ean"].contains($0) }) { s += 0.5 }
        return s
    }

    static func jsonPrice(_ o: [String: Any], currencyHint: String?, language: String?) -> (PriceText, String)? {
        let currency = (o["currency"] ?? o["priceCurrency"] ?? o["currencyCode"]) as? String
        for k in jsonPriceKeys where k != "value" || o["currency"] != nil || o["currencyCode"] != nil {
            guard let v = o[k] else { continue }
            var raw: String?
            var key = k
            var innerCurrency: String?
            if let d = v as? [String: Any] {
                innerCurrency = (d["currency"] ?? d["currencyCode"] ?? d["priceCurrency"]) as? String
                for inner in ["value", "amount", "current", "price", "raw", "centAmount"] {
                    if let s = StructuredData.scalarText(d[inner]) { raw = s; key = k + "." + inner; break }
                }
            } else if !(v is [Any]) {
                raw = StructuredData.scalarText(v)
            }
            guard var r = raw, r != "true", r != "false", var p = structuredPrice(r, currency: innerCurrency ?? currency ?? currencyHint, language: language),
                  let amount = p.amount, amount > 0 else { continue }
            if key.lowercased().contains("cent") { p.amount = amount / 100; r = "\(amount / 100)" }
            return (p, key)
        }
        return nil
    }

    static func jsonAvailability(_ o: [String: Any]) -> (Availability, String)? {
        for k in ["availability", "stockStatus", "inventoryStatus", "availabilityStatus"] {
            if let s = o[k] as? String, case .success(let a) = AvailabilityParser.parse(s.replacingOccurrences(of: "_", with: " ")) { return (simplified(a), k) }
        }
        for k in ["inStock", "isInStock", "available", "isAvailable", "purchasable", "isBuyable"] {
            if let n = o[k] as? NSNumber, String(describing: type(of: n)).contains("Boolean") { return (n.boolValue ? .inStock : .outOfStock, k) }
        }
        for k in ["soldOut", "isSoldOut", "outOfStock"] {
            if let n = o[k] as? NSNumber, String(describing: type(of: n)).contains("Boolean") { return (n.boolValue ? .outOfStock : .inStock, k) }
        }
        return nil
    }
}
