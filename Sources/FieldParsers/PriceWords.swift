import Foundation

/// Words around a number that say what kind of price it is, in the shop languages we see.
enum PriceWords {
    /// Before a number: it is the old or list price ("was £49.95", "statt 249,00 €").
    static let listPrice: WordList = [
        "was", "statt", "antes", "原价", "原價", "uvp", "rrp", "msrp", "list price", "reg.", "regular price",
        "zamiast", "было", "old price", "vorher", "prix barré", "通常価格", "参考価格", "定价", "de:",
    ]
    /// Anywhere: the price is a lower bound ("ab 19,90 €", "¥100起").
    static let from: WordList = [
        "from", "ab", "à partir de", "a partir de", "desde", "起", "vanaf", "starting at", "starts at", "od", "от",
    ]
    static let taxIncluded: WordList = [
        "税込", "inkl. mwst", "inkl.mwst", "incl. vat", "inc. vat", "incl vat", "inc vat", "iva incluido",
        "iva incluso", "ttc", "inkl. ust", "con iva", "incl. tax", "tax included", "含税", "com impostos", "brutto",
    ]
    static let taxExcluded: WordList = [
        "税抜", "税別", "zzgl", "excl. vat", "ex. vat", "excl vat", "exkl. mwst", "ht", "plus vat", "+ vat",
        "sin iva", "excl. tax", "tax excluded", "不含税", "netto", "sem impostos", "hors taxes",
    ]
    static let installment: WordList = [
        "payments of", "interest-free", "interest free", "sem juros", "parcelas", "cuotas", "sin intereses",
        "x de", "分期", "分割", "ratenzahlung", "monatliche rate", "instalments", "installments", "en plazos",
        "fois sans frais", "/month with", "per month for",
    ]
    static let saving: WordList = [
        "save", "you save", "sparen", "économisez", "ahorra", "ahorras", "ahorro", "economize", "economia",
        "节省", "立减", "省", "discount", "rabatt", "desconto", "descuento", "savings", "скидка", "off",
        "réduction", "割引", "お得",
    ]
    static let shipping: WordList = [
        "shipping", "delivery", "versand", "lieferung", "frete", "envío", "envio", "livraison", "porto",
        "运费", "送料", "配送料", "postage", "p&p", "доставка",
    ]
    static let free: WordList = ["free", "gratis", "kostenlos", "grátis", "gratuit", "免费", "無料", "бесплатно"]
    /// Units of measure a unit price is quoted per.
    static let units = [
        "kg", "g", "mg", "l", "ml", "cl", "oz", "fl oz", "lb", "lbs", "m", "m²", "m2", "qm", "kilogramm",
        "kilo", "liter", "litre", "gramm", "gram", "100g", "100 g", "100ml", "100 ml", "1kg", "1 kg", "1l",
        "1 l", "sq ft", "ft", "cm", "公斤", "斤", "克",
    ]

    /// Whether `word` occurs in `text` on its own (see `WordList`).
    static func contains(_ text: String, _ word: String) -> Bool {
        WordList([word]).occurs(in: text)
    }

    static func containsAny(_ text: String, _ words: WordList) -> Bool {
        words.occurs(in: text)
    }

    static func firstOffset(_ text: String, _ words: WordList) -> Int? {
        words.firstOffset(in: text)
    }

    /// Words after a number that make it a count: "3 left", "1,234 reviews", "500 sold".
    static let countWords = [
        "left", "review", "reviews", "rating", "ratings", "star", "stars", "sold", "items", "item", "pcs",
        "in stock", "available", "stück", "auf lager", "bewertungen", "verkauft", "vendidos", "avaliações",
        "opiniones", "avis", "out of", "von", "件", "人", "条", "评价", "個", "点", "レビュー",
    ]
    /// Words before a number that make it a code or a scale: "SKU 12345", "Art.-Nr. 4711", "out of 5".
    static let codeWords = ["sku", "sku:", "ean", "ean:", "art.-nr.", "art.nr.", "item #", "model", "model:", "ref.", "ref:", "#", "no.", "nr.", "out of", "von", "sur"]

    static func startsWithCountWord(_ text: String) -> Bool {
        let t = Substring(text).drop(while: { $0 == " " || NumberText.groupSpaces.contains($0) })
        return countWords.contains { w in
            guard t.hasPrefix(w) else { return false }
            let after = t.dropFirst(w.count).first
            return !(w.first!.isASCII && after?.isLetter == true)
        }
    }

    static func endsWithCodeWord(_ text: String) -> Bool {
        var t = Substring(text)
        while let last = t.last, last == " " || NumberText.groupSpaces.contains(last) { t = t.dropLast() }
        return codeWords.contains { w in
            guard t.hasSuffix(w) else { return false }
            let before = t.dropLast(w.count).last
            return !(before?.isLetter == true)
        }
    }

    /// Whether `text` starts (after spaces) with a per-unit note: "/kg", "/ 100 g", "per lb", "pro Kilogramm".
    static func startsWithPerUnit(_ text: String) -> Bool {
        var t = Substring(text).drop(while: { $0.isWhitespace || $0 == ")" || $0 == "*" })
        if t.hasPrefix("/") {
            t = t.dropFirst()
        } else if let w = ["per ", "pro ", "je ", "por ", "le ", "la ", "pour "].first(where: { t.hasPrefix($0) }) {
            t = t.dropFirst(w.count)
        } else {
            return false
        }
        t = t.drop(while: { $0.isWhitespace })
        return units.contains { u in
            guard t.hasPrefix(u) else { return false }
            let after = t.dropFirst(u.count).first
            return !(after?.isLetter ?? false)
        }
    }

    /// Whether `text` ends with a quantity that the following price is for: "1 kg =", "100g当たり".
    static func endsWithQuantity(_ text: String) -> Bool {
        let t = TextNormal.trimmed(text, newlines: false)
        if t.hasSuffix("当たり") || t.hasSuffix("あたり") || t.hasSuffix("单价") || t.hasSuffix("單價") { return true }
        guard t.hasSuffix("=") || t.hasSuffix(":") else { return false }
        let body = TextNormal.trimmed(t.dropLast(), newlines: false)
        return units.contains { u in body.hasSuffix(u) && (body.dropLast(u.count).last.map { $0.isNumber || $0 == " " } ?? true) }
    }
}
