import CLibXML2
import Foundation

/// The page flattened once for the heuristics: every element in document order with its parent,
/// depth, attribute words and context (inside a carousel of related products, struck through,
/// hidden), plus the short texts that hold digits.
final class PageDOM {
    /// Kept small (64 bytes): a big page has a million of them.
    struct Element {
        let pointer: xmlNodePtr
        private let parentIndex: Int32
        private let level: Int32
        let tag: String
        let itemprop: String?
        /// Lower-cased words of id, class, itemprop, name and data- attribute names/values ("price", "to", "pay").
        let words: [String]
        /// Inside related products, navigation, footers, recommendations.
        let noise: Bool
        /// Inside `<del>`, `<s>` or an element named like an old price.
        let struck: Bool
        let hidden: Bool
        /// A word of it names a price ("price", "preis", "prix"...).
        let priceish: Bool

        init(pointer: xmlNodePtr, parent: Int, depth: Int, tag: String, itemprop: String?, words: [String], noise: Bool, struck: Bool, hidden: Bool, priceish: Bool) {
            self.pointer = pointer
            parentIndex = Int32(parent)
            level = Int32(clamping: depth)
            self.tag = tag
            self.itemprop = itemprop
            self.words = words
            self.noise = noise
            self.struck = struck
            self.hidden = hidden
            self.priceish = priceish
        }

        var parent: Int { Int(parentIndex) }
        var depth: Int { Int(level) }
        /// Read from the node when asked (few callers do) rather than copied for every element.
        var id: String? { attribute("id") }
        var classes: String? { attribute("class") }

        private func attribute(_ name: String) -> String? {
            guard let v = xmlGetProp(pointer, name) else { return nil }
            defer { pw_xml_free(v) }
            return String(cString: v)
        }
    }

    struct Text {
        let element: Int
        let text: String
        /// Position among all texts (document order).
        let order: Int
    }

    let document: HTMLDocument
    private(set) var elements: [Element] = []
    /// Short texts (at most 160 characters), in document order.
    private(set) var texts: [Text] = []
    private(set) var h1: Int?
    private(set) var cartControls: [Int] = []
    private(set) var disabledCart = false
    /// Per element, what reading its whole text would cost (nodes + text bytes below it).
    private var textWork: [Int] = []
    /// The most work one element's text may cost. Every heuristic reads texts of at most a few
    /// hundred characters, and without a bound nested price-named elements made the price search
    /// quadratic (each element read all the text below it: `make fuzz` found 137 KB taking 10 s).
    static let textBudget = 2048

    init(document: HTMLDocument) {
        self.document = document
        elements.reserveCapacity(8192)
        if let root = xmlDocGetRootElement(document.doc) { walk(root) }
        h1 = chooseH1()
    }

    static let skipped: Set<String> = ["script", "style", "noscript", "template", "svg", "head", "iframe", "select", "option", "textarea"]
    static let noiseTags: Set<String> = ["footer", "nav", "aside"]
    /// Words of containers whose prices and ids are not the page's product.
    static let noiseWords = ["related", "recommend", "similar", "carousel", "slider", "slick", "swiper", "upsell", "crosssell",
                             "recentlyviewed", "recently", "sponsor", "footer", "megamenu", "breadcrumb", "minicart", "alsobought",
                             "alsoviewed", "customersalso", "youmay", "youmight", "peoplealso", "complementary"]
    static let noiseExact: Set<String> = ["cross", "menu", "nav", "sims", "rvi", "reco", "recs", "upsells"]
    static let struckWords = ["strike", "strikethrough", "old", "was", "listprice", "regular", "original", "compare", "crossed",
                              "before", "rrp", "uvp", "msrp", "prev", "previous", "barre", "tachado", "antes", "striked", "de",
                              "oldprice", "wasprice", "crossout", "linethrough", "del", "nonsale", "strikeprice", "strikedprice"]

    /// Every element in document order, with the short texts. A loop with its own stack, not
    /// recursion: a page may nest thousands deep, more than a worker thread's stack holds.
    private func walk(_ root: xmlNodePtr) {
        guard let rootIndex = add(root, parent: -1, depth: 0, noise: false, struck: false, hidden: false) else { return }
        // Per element being read: its next child to read.
        var stack: [(next: xmlNodePtr?, index: Int)] = [(root.pointee.children, rootIndex)]
        while let top = stack.last {
            guard let c = top.next else {
                // Done with an element: what reading its text costs joins its parent's.
                stack.removeLast()
                if let parent = stack.last { textWork[parent.index] += textWork[top.index] }
                continue
            }
            stack[stack.count - 1].next = c.pointee.next
            switch c.pointee.type {
            case XML_ELEMENT_NODE:
                let e = elements[top.index]
                if let i = add(c, parent: top.index, depth: e.depth + 1, noise: e.noise, struck: e.struck, hidden: e.hidden) {
                    stack.append((c.pointee.children, i))
                } else if !document.canWork {
                    return
                } else {
                    textWork[top.index] += 1
                }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let t = c.pointee.content {
                    let len = strlen(t)
                    textWork[top.index] += 1 + len
                    if len > 0 && len < 600 {
                        let s = Node.normalise(String(cString: t))
                        if !s.isEmpty && s.count <= 160 { texts.append(Text(element: top.index, text: s, order: texts.count)) }
                    }
                }
            default: break
            }
        }
    }

    /// Adds an element (not its children); nil for the skipped tags and past the work cap.
    private func add(_ node: xmlNodePtr, parent: Int, depth: Int, noise: Bool, struck: Bool, hidden: Bool) -> Int? {
        let tag = node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
        if PageDOM.skipped.contains(tag) { return nil }
        var itemprop: String?, style: String?
        var pieces: [String] = []
        var disabled = false, isHiddenAttr = false
        var attr = node.pointee.properties
        var attributes = 0
        while let a = attr {
            attributes += 1
            let name = a.pointee.name.map { String(cString: $0).lowercased() } ?? ""
            let value = a.pointee.children?.pointee.content.map { String(cString: $0) } ?? ""
            switch name {
            case "id", "class": pieces.append(value)
            case "itemprop": itemprop = value; pieces.append(value)
            case "style": style = value.lowercased()
            case "disabled": disabled = true
            case "hidden": isHiddenAttr = true
            case "name", "data-testid", "data-test", "data-qa", "data-role", "data-component", "data-automation", "data-test-id", "data-cy", "aria-label":
                if value.utf8.count <= 60 { pieces.append(value) }
            default:
                if name.hasPrefix("data-") { pieces.append(String(name.dropFirst(5))) }
            }
            attr = a.pointee.next
        }
        let info = wordInfo(pieces)
        let words = info.words
        let isNoise = noise || PageDOM.noiseTags.contains(tag) || info.noise
        let isStruck = struck || tag == "del" || tag == "s" || tag == "strike" || info.struck || (style.map { PageDOM.has($0, "line-through") } ?? false)
        let isHidden = hidden || isHiddenAttr || (style.map { PageDOM.has($0, "display:none") || PageDOM.has($0, "display: none") } ?? false)
        // Charged to the page's work cap: past it the rest of the page is left out of the heuristics.
        guard document.spend(1 + attributes) else { return nil }
        let index = elements.count
        let priceish = info.priceish
        elements.append(Element(pointer: node, parent: parent, depth: depth, tag: tag, itemprop: itemprop, words: words,
                                noise: isNoise, struck: isStruck, hidden: isHidden, priceish: priceish))
        if isCartControl(tag: tag, words: words, node: node) && !isNoise {
            cartControls.append(index)
            if disabled || words.contains(where: { $0 == "disabled" || $0 == "soldout" }) { disabledCart = true }
        }
        textWork.append(1)
        return index
    }

    struct WordInfo {
        var words: [String]
        var noise: Bool
        var struck: Bool
        var priceish: Bool
    }
    /// Many elements share their class attribute: their words and flags are computed once.
    private var wordCache: [String: WordInfo] = [:]

    private func wordInfo(_ pieces: [String]) -> WordInfo {
        if pieces.isEmpty { return WordInfo(words: [], noise: false, struck: false, priceish: false) }
        let key = pieces.joined(separator: "\u{1}")
        if let hit = wordCache[key] { return hit }
        let words = pieces.flatMap { PageDOM.words($0) }
        let info = WordInfo(words: words,
                            noise: words.contains { w in PageDOM.noiseExact.contains(w) || PageDOM.noiseWords.contains { w.hasPrefix($0) } },
                            struck: words.contains { w in PageDOM.struckWords.contains(w) },
                            priceish: words.contains { w in AutoRun.priceWords.contains { PageDOM.has(w, $0) } })
        if wordCache.count < 50_000 { wordCache[key] = info }
        return info
    }

    /// "priceBlock_ourPrice" -> ["price", "block", "our", "price", "priceblock", "ourprice"].
    /// Bytes of one attribute value read for words: real class lists stay well under it, and a
    /// hostile 260 KB class made the word split quadratic (`make fuzz`).
    static let maxWordSourceBytes = 1024

    static func words(_ fullValue: String) -> [String] {
        let value = fullValue.utf8.count <= maxWordSourceBytes ? fullValue : String(decoding: fullValue.utf8.prefix(maxWordSourceBytes), as: UTF8.self)
        var out: [String] = []
        var current = ""
        var prevLower = false
        func flush() { if !current.isEmpty { out.append(current.lowercased()); current = "" } }
        for ch in value {
            if ch.isLetter || ch.isNumber {
                if ch.isUppercase && prevLower { flush() }
                current.append(ch)
                prevLower = ch.isLowercase
            } else {
                flush()
                prevLower = false
            }
        }
        flush()
        // Whole pieces between separators too ("ourprice", "addtocart").
        var seen = Set(out)
        for piece in value.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }) where seen.insert(String(piece)).inserted {
            out.append(String(piece))
        }
        return out
    }

    static let cartPhrases = ["add to cart", "add to basket", "add to bag", "add to trolley", "buy now", "buy it now", "in den warenkorb",
                              "in den einkaufswagen", "jetzt kaufen", "ajouter au panier", "acheter", "añadir al carrito", "agregar al carrito",
                              "añadir a la cesta", "agregar al carro", "comprar", "aggiungi al carrello", "acquista", "adicionar ao carrinho",
                              "adicionar à sacola", "加入购物车", "立即购买", "加入購物車", "立即購買", "カートに入れる", "今すぐ買う", "購入する",
                              "do koszyka", "в корзину", "купить", "sepete ekle", "in winkelwagen", "lisa ostukorvi", "adaugă în coș",
                              "adauga in cos", "장바구니", "구매하기", "kosárba", "do košíku", "lägg i varukorg", "læg i kurv", "legg i handlekurv",
                              "add to order", "order now", "bestellen", "kaufen"]

    func isCartControl(tag: String, words: [String], node: xmlNodePtr) -> Bool {
        guard tag == "button" || tag == "input" || tag == "a" || tag == "form" || tag == "div" || tag == "span" else { return false }
        let joined = words.joined(separator: " ")
        let wordHit = ["addtocart", "add to cart", "addtobasket", "addtobag", "add to basket", "add to bag", "buynow", "buy now", "buybutton", "buy button"].contains { PageDOM.has(joined, $0) }
            || (words.contains("add") && (words.contains("cart") || words.contains("basket")))
        if tag == "div" || tag == "span" || tag == "form" { return wordHit && tag == "form" }
        if wordHit { return true }
        // Links count only when styled as buttons.
        if tag == "a" && !words.contains(where: { PageDOM.has($0, "btn") || PageDOM.has($0, "button") || PageDOM.has($0, "buy") || PageDOM.has($0, "cart") }) { return false }
        // The control's own label: its text (buttons, links) or value (inputs).
        var label = ""
        if tag == "input", let v = xmlGetProp(node, "value") { label = String(cString: v); pw_xml_free(v) }
        else if tag != "input" { label = Node.collectText(node, in: document, budget: 512).map(Node.normalise) ?? "" }
        guard !label.isEmpty, label.count <= 40 else { return false }
        let lower = label.lowercased()
        return PageDOM.cartPhrases.contains { PageDOM.has(lower, $0) }
    }

    /// Substring test on UTF-8 bytes (Foundation's `contains` is slow in the hot loops here).
    static func has(_ haystack: String, _ needle: String) -> Bool {
        var h = haystack, n = needle
        return h.withUTF8 { hb in
            n.withUTF8 { nb in
                guard let first = nb.first else { return true }
                guard nb.count <= hb.count else { return false }
                var i = 0
                let last = hb.count - nb.count
                while i <= last {
                    if hb[i] == first {
                        var j = 1
                        while j < nb.count && hb[i + j] == nb[j] { j += 1 }
                        if j == nb.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    /// The product title: the first h1 outside navigation with text, else an element named like a title.
    private func chooseH1() -> Int? {
        var fallback: Int?
        for (i, e) in elements.enumerated() where e.tag == "h1" && !e.noise && !e.hidden {
            let t = text(i)
            if t.count >= 3 && t.count <= 400 { return i }
        }
        for (i, e) in elements.enumerated() where !e.noise && (e.itemprop == "name" || e.words.contains("producttitle") || (e.words.contains("product") && (e.words.contains("title") || e.words.contains("name")))) {
            let t = text(i)
            if t.count >= 3 && t.count <= 300 { fallback = i; break }
        }
        return fallback
    }

    func node(_ i: Int) -> Node { Node(elements[i].pointer, document) }
    /// The element's text, or "" when it would cost more than `textBudget` (too long for any
    /// heuristic: each reads texts of a few hundred characters at most).
    func text(_ i: Int) -> String {
        guard textWork[i] <= PageDOM.textBudget, let t = Node.collectText(elements[i].pointer, in: document, budget: PageDOM.textBudget) else { return "" }
        return Node.normalise(t)
    }

    /// Depth of the lowest common ancestor of two elements.
    func commonDepth(_ a: Int, _ b: Int) -> Int {
        var x = a, y = b
        while x != y {
            // A step up per unit of work: over deep nesting, every candidate climbs the whole page.
            guard document.spend(1) else { return 0 }
            if x < 0 || y < 0 { return 0 }
            if elements[x].depth > elements[y].depth { x = elements[x].parent }
            else if elements[y].depth > elements[x].depth { y = elements[y].parent }
            else { x = elements[x].parent; y = elements[y].parent }
        }
        return x < 0 ? 0 : elements[x].depth
    }

    /// 0...1: how deep the candidate shares a container with `anchor` (1 = a sibling of it).
    func closeness(_ i: Int, to anchor: Int?) -> Double {
        guard let anchor, anchor < elements.count else { return 0 }
        let d = Double(commonDepth(i, anchor))
        let depth = Double(max(1, elements[anchor].depth))
        return min(1, d / depth)
    }

    /// Words of the element and its `levels` nearest ancestors.
    func nearbyWords(_ i: Int, levels: Int) -> [String] {
        var out = elements[i].words
        var p = elements[i].parent
        var n = 0
        while p >= 0 && n < levels { out += elements[p].words; p = elements[p].parent; n += 1 }
        return out
    }

    func isAncestor(_ a: Int, of b: Int) -> Bool {
        var p = elements[b].parent
        while p >= 0 { if p == a { return true }; if p < a { return false }; p = elements[p].parent }
        return false
    }
}
