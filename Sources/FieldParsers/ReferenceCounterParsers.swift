import Foundation
import Model

// The Character-based parsers the scalar-level ones (FastCounterParsers.swift) were ported from:
// they take whatever text the fast ones do not, and are the oracle of the property tests.

/// `RatingParser` on Characters.
enum ReferenceRatingParser {
    static let outOf = ["out of", "of", "von", "de", "sur", "из", "su", "/", "満点中", "分满分"]

    static func parse(_ text: String) -> Result<Decimal, FieldParseError> {
        if let tooLong = FieldTextLimit.refusal(text, kind: .rating) { return .failure(tooLong) }
        func fail(_ reason: String) -> Result<Decimal, FieldParseError> {
            .failure(FieldParseError(kind: .rating, input: text, reason: reason))
        }
        let filled = text.filter { $0 == "★" }.count
        let empty = text.filter { $0 == "☆" }.count
        let halves = text.filter { $0 == "½" || $0 == "⯪" }.count
        if filled + empty > 0, !text.contains(where: { $0.isASCII && $0.isNumber }) {
            let total = filled + empty + halves
            return .success(normalised(Decimal(filled) + Decimal(halves) / 2, scale: Decimal(max(total, 5))))
        }
        let chars = Array(TextNormal.nfkc(text).lowercased())
        let numbers = NumberText.all(in: chars)
        guard let first = numbers.first else { return fail("no rating number") }
        // Ratings are never grouped, so a lone "," is a decimal mark ("4,5").
        func value(_ n: NumberText) -> Decimal? {
            Decimal(string: n.raw.replacingOccurrences(of: ",", with: "."), locale: NumberText.posix)
        }
        guard let v = value(first) else { return fail("unreadable number") }
        let end = first.range.upperBound
        var k = end
        while k < chars.count, chars[k] == " " { k += 1 }
        // "width: 90%": a star bar filled to that share.
        if k < chars.count, chars[k] == "%" {
            guard v <= 100 else { return fail("percentage above 100") }
            return .success(normalised(v, scale: 100))
        }
        if numbers.count > 1 {
            // Amazon Japan writes the scale first: "5つ星のうち4.3".
            let between = String(chars[end..<numbers[1].range.lowerBound])
            if between.contains("のうち"), let rating = value(numbers[1]), v > 0 {
                guard rating <= v else { return fail("rating \(rating) above its scale \(v)") }
                return .success(normalised(rating, scale: v))
            }
            let gap = TextNormal.trimmed(String(chars[end..<numbers[1].range.lowerBound]), newlines: false)
            if outOf.contains(where: { gap == $0 || gap.hasPrefix($0 + " ") && gap.count <= $0.count + 2 }), let scale = value(numbers[1]), scale > 0 {
                guard v <= scale else { return fail("rating \(v) above its scale \(scale)") }
                return .success(normalised(v, scale: scale))
            }
        }
        guard v <= 5 else { return fail("rating \(v) above 5 without a scale such as \"/10\"") }
        return .success(v)
    }

    /// `value` out of `scale`, as stars out of 5, rounded to two places.
    static func normalised(_ value: Decimal, scale: Decimal) -> Decimal {
        var v = value * 5 / scale
        var r = Decimal()
        NSDecimalRound(&r, &v, 2, .plain)
        return r
    }
}

/// `ScaledNumber.all` on Characters.
enum ReferenceScaledNumber {
    /// Multipliers, longest first. "mil" is a thousand in Portuguese and Spanish.
    static let multipliers: [(String, Decimal)] = [
        ("milhões", 1_000_000), ("millones", 1_000_000), ("million", 1_000_000), ("mio.", 1_000_000),
        ("tausend", 1000), ("mil", 1000), ("tsd.", 1000), ("mi", 1_000_000), ("亿", 100_000_000),
        ("億", 100_000_000), ("万", 10000), ("萬", 10000), ("千", 1000), ("k", 1000), ("m", 1_000_000),
    ]
    static let lowerBoundWords: WordList = [
        "more than", "over", "mais de", "más de", "plus de", "über", "mehr als", "超过", "超過", "超", "+",
    ]

    static func all(in text: String) -> [ScaledNumber] {
        let chars = Array(TextNormal.nfkc(text).lowercased())
        var result: [ScaledNumber] = []
        for n in NumberText.all(in: chars) {
            var end = n.range.upperBound
            var j = end
            while j < chars.count, chars[j] == " " || NumberText.groupSpaces.contains(chars[j]) { j += 1 }
            var scale: Decimal = 1
            for (word, factor) in multipliers {
                let w = Array(word)
                guard j + w.count <= chars.count, chars[j..<(j + w.count)].elementsEqual(w) else { continue }
                let after = j + w.count < chars.count ? chars[j + w.count] : nil
                // "m" or "mi" must stand alone ("1m sold"), not begin a word ("5 minutes").
                if word.first!.isASCII, after?.isLetter == true, !(after!.unicodeScalars.first!.value >= 0x2E80) { continue }
                scale = factor
                end = j + w.count
                break
            }
            var lowerBound = false
            var k = end
            while k < chars.count, chars[k] == " " { k += 1 }
            // "1000件以上", "10万+人": a counter word may sit between the number and the bound.
            if k < chars.count, "件人个個条條笔筆点點".contains(chars[k]), k + 1 < chars.count,
               chars[k + 1] == "+" || chars[k...].dropFirst().starts(with: "以上") { k += 1 }
            if k < chars.count, chars[k] == "+" { lowerBound = true; end = k + 1 }
            else if chars[k...].starts(with: "以上") { lowerBound = true; end = k + 2 }
            let before = String(chars[max(0, n.range.lowerBound - 12)..<n.range.lowerBound])
            if PriceWords.containsAny(before, lowerBoundWords) { lowerBound = true }
            if n.range.lowerBound > 0, chars[n.range.lowerBound - 1] == "+" { lowerBound = true }
            // Scaled numbers use their mark as a decimal point ("1,2 mil"); plain ones group.
            let raw = n.raw
            let value: Decimal?
            if scale != 1 {
                value = Decimal(string: raw.replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: " ", with: ""),
                                locale: NumberText.posix)
            } else {
                value = n.value(fractionDigits: 0)
            }
            guard let v = value else { continue }
            result.append(ScaledNumber(value: v * scale, isLowerBound: lowerBound, isScaled: scale != 1,
                                       range: n.range.lowerBound..<end))
        }
        return result
    }
}

/// `CountParser` on Characters.
enum ReferenceCountParser {
    /// The first whole number in `text`; `kind` (.count or .integer) names the field in errors.
    /// Fractional numbers are skipped ("4.5 stars, 1,234 ratings" gives 1234).
    static func parse(_ text: String, as kind: FieldKind = .count) -> Result<Int64, FieldParseError> {
        if let tooLong = FieldTextLimit.refusal(text, kind: kind) { return .failure(tooLong) }
        let numbers = ReferenceScaledNumber.all(in: text)
        guard !numbers.isEmpty else {
            return .failure(FieldParseError(kind: kind, input: text, reason: "no number"))
        }
        if let whole = numbers.lazy.compactMap(\.wholeValue).first {
            return .success(whole)
        }
        return .failure(FieldParseError(kind: kind, input: text, reason: "no whole number (only fractions)"))
    }
}

/// `SalesParser` on Characters.
enum ReferenceSalesParser {
    static let month: WordList = [
        "month", "monthly", "/mo", "月销", "月銷", "月售", "本月", "人付款", "por mês", "no mês", "este mês",
        "al mes", "este mes", "monat", "im monat", "par mois", "ce mois", "30 days", "30 dias", "30 días", "30 tage", "30天",
    ]
    static let week: WordList = ["week", "woche", "semana", "semaine", "周销", "本周", "7 days", "7 dias", "7 días", "7 tage", "7天", "週"]
    static let day: WordList = [
        "today", "24 hours", "24h", "heute", "hoje", "hoy", "aujourd'hui", "今日", "今天", "日销", "24小时", "day", "tag", "dia", "día", "jour",
    ]
    static let total: WordList = [
        "sold", "bought", "purchased", "orders", "已售", "销量", "累计", "総販売", "販売", "vendidos", "vendido",
        "vendas", "ventas", "verkauft", "vendus", "vendu", "付款", "成交", "sales",
    ]

    static func parse(_ text: String) -> Result<SalesCount, FieldParseError> {
        if let tooLong = FieldTextLimit.refusal(text, kind: .sales) { return .failure(tooLong) }
        guard let n = ReferenceScaledNumber.all(in: text).first(where: { $0.wholeValue != nil }), let count = n.wholeValue else {
            return .failure(FieldParseError(kind: .sales, input: text, reason: "no sales number"))
        }
        let lower = TextNormal.nfkc(text).lowercased()
        let window: SalesWindow
        if PriceWords.containsAny(lower, month) || lower.hasPrefix("月") { window = .month }
        else if PriceWords.containsAny(lower, week) { window = .week }
        else if PriceWords.containsAny(lower, day) { window = .day }
        else if PriceWords.containsAny(lower, total) { window = .total }
        else { window = .unknown }
        return .success(SalesCount(count: count, window: window, isLowerBound: n.isLowerBound))
    }
}

/// `AvailabilityParser` on Characters.
enum ReferenceAvailabilityParser {
    /// Checked in this order: "currently unavailable" must not read as "available", nor
    /// "only 3 left in stock" as plain "in stock".
    static let phrases: [(Availability, [String])] = [
        (.discontinued, [
            "discontinued", "no longer available", "no longer sold", "nicht mehr verfügbar", "nicht mehr lieferbar",
            "nicht mehr erhältlich", "已停产", "停产", "停售", "已下架", "下架", "販売終了", "生産終了", "販売を終了",
            "descontinuado", "fora de linha", "descatalogado", "ya no disponible", "plus fabriqué", "n'est plus disponible",
            "fin de série",
        ]),
        (.preOrder, [
            "pre-order", "preorder", "pre order", "vorbestellen", "vorbestellung", "预售", "預售", "预订", "予約",
            "pré-venda", "pre-venda", "pré-venda", "em pré-venda", "preventa", "pre-venta", "reservar", "précommande",
            "pré-commande", "précommander", "coming soon",
        ]),
        (.backOrder, [
            "backorder", "back-order", "back order", "nachbestellt", "nachlieferung", "auf bestellung", "取り寄せ",
            "取寄せ", "お取り寄せ", "sob encomenda", "encomenda", "bajo pedido", "sur commande", "en réapprovisionnement", "预定发货",
        ]),
        (.limitedAvailability, [
            "only %d left", "only %d in stock", "%d left", "nur noch %d", "noch %d", "仅剩%d", "仅剩", "只剩", "库存紧张",
            "残りわずか", "残り%d", "在庫僅少", "在庫わずか", "últimas unidades", "apenas %d", "só %d", "solo quedan",
            "quedan %d", "últimas", "plus que %d", "il ne reste que", "stock limité", "low stock", "few left",
            "limited stock", "limited availability", "almost gone", "wenige auf lager", "geringer bestand",
        ]),
        (.outOfStock, [
            "out of stock", "out-of-stock", "sold out", "soldout", "currently unavailable", "unavailable",
            "not available", "ausverkauft", "nicht auf lager", "nicht verfügbar", "nicht lieferbar", "vergriffen",
            "缺货", "無貨", "无货", "售罄", "已售完", "已售罄", "暂时无货", "在庫なし", "在庫切れ", "売り切れ", "品切れ",
            "esgotado", "indisponível", "sem estoque", "fora de estoque", "agotado", "sin stock", "sin existencias",
            "no disponible", "rupture de stock", "épuisé", "indisponible", "hors stock", "0 left", "no stock",
            "esaurito", "non disponibile", "non disponibile al momento", "nicht vorrätig",
        ]),
        (.inStock, [
            "in stock", "instock", "available", "add to cart", "add to basket", "auf lager", "verfügbar", "lieferbar",
            "sofort lieferbar", "vorrätig", "有货", "有貨", "现货", "現貨", "库存充足", "在庫あり", "在庫有り", "在庫有",
            "即納", "em estoque", "disponível", "pronta entrega", "en stock", "disponible", "hay existencias",
            "in den warenkorb", "加入购物车", "disponibile", "disponibilità immediata", "aggiungi al carrello",
            "add to bag", "add to trolley", "buy now", "buy it now", "ajouter au panier", "añadir al carrito", "agregar al carrito",
            "comprar", "adicionar ao carrinho", "カートに入れる", "立即购买", "장바구니", "do koszyka", "в корзину", "sepete ekle", "in winkelwagen",
        ]),
    ]

    /// The phrases split into plain words and count patterns ("only %d left", matched on masked digits).
    static let matchers: [(Availability, WordList, WordList)] = phrases.map { availability, list in
        (availability, WordList(list.filter { !$0.contains("%d") }), WordList(list.filter { $0.contains("%d") }))
    }

    static func parse(_ text: String) -> Result<Availability, FieldParseError> {
        if let tooLong = FieldTextLimit.refusal(text, kind: .availability) { return .failure(tooLong) }
        var lower = TextNormal.trimmed(TextNormal.nfkc(text).lowercased())
        // schema.org values, with or without the URL: "https://schema.org/OutOfStock", "InStock".
        for prefix in ["http://schema.org/", "https://schema.org/", "schema.org/", "http://schema.org/itemavailability/"] {
            if lower.hasPrefix(prefix) { lower = String(lower.dropFirst(prefix.count)) }
        }
        let compact = lower.replacingOccurrences(of: " ", with: "")
        if let a = Availability.allCases.first(where: { $0.rawValue.lowercased() == compact }) { return .success(a) }
        switch compact {
        case "soldout": return .success(.outOfStock)
        case "presale": return .success(.preOrder)
        case "instoreonly", "onlineonly", "limitedavailability": return .success(compact == "limitedavailability" ? .limitedAvailability : .inStock)
        default: break
        }
        let digitless = maskDigits(lower)
        for (availability, words, patterns) in matchers {
            if words.occurs(in: lower) || patterns.occurs(in: digitless) { return .success(availability) }
        }
        return .failure(FieldParseError(kind: .availability, input: text, reason: "no stock wording recognised"))
    }

    /// "only 3 left" -> "only %d left", so one pattern covers every count above zero.
    static func maskDigits(_ s: String) -> String {
        var out = ""
        var inNumber = false
        var number = ""
        for c in s + " " {
            if c.isASCII && c.isNumber {
                inNumber = true
                number.append(c)
            } else {
                if inNumber { out += (Int(number) ?? 0) > 0 ? "%d" : "0" }
                inNumber = false
                number = ""
                out.append(c)
            }
        }
        return String(out.dropLast())
    }
}
