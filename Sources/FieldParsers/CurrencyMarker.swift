import Foundation

/// A currency as written in a text ("R$", "€", "руб", "USD"), found at a position.
///
///     CurrencyMarker.all(in: Array("R$ 1.299,90"))  // [R$ at 0..<2 -> BRL]
struct CurrencyMarker: Sendable {
    /// What the written form means; some forms need the market to decide.
    enum Meaning: Sendable, Equatable {
        case code(String)
        /// "$": USD unless the hint names another dollar.
        case dollar
        /// "¥": JPY or CNY by hint, language or script.
        case yen
        /// "kr": SEK, NOK or DKK by hint or language.
        case krone
        /// A currency without a current ISO code ("₤", "₶"): still marks the number as a price.
        case unknown
    }

    var text: String
    var meaning: Meaning
    /// Where it sits in the scanned characters.
    var range: Range<Int>

    /// Written forms, longest first so "US$" wins over "$". Letter forms need a non-letter on both
    /// sides, so "R" in "RENAULT" or "Rs" in "Prices" is not a currency.
    static let forms: [(String, Meaning)] = {
        var list: [(String, Meaning)] = [
            ("US$", .code("USD")), ("CA$", .code("CAD")), ("C$", .code("CAD")), ("AU$", .code("AUD")),
            ("A$", .code("AUD")), ("HK$", .code("HKD")), ("NT$", .code("TWD")), ("S$", .code("SGD")),
            ("NZ$", .code("NZD")), ("MX$", .code("MXN")), ("R$", .code("BRL")), ("$", .dollar),
            ("€", .code("EUR")), ("£", .code("GBP")), ("¥", .yen), ("元", .code("CNY")), ("RMB", .code("CNY")),
            ("円", .code("JPY")), ("₩", .code("KRW")), ("원", .code("KRW")), ("₹", .code("INR")),
            ("Rs.", .code("INR")), ("Rs", .code("INR")), ("₽", .code("RUB")), ("рублей", .code("RUB")),
            ("рубля", .code("RUB")), ("рубль", .code("RUB")), ("руб.", .code("RUB")), ("руб", .code("RUB")),
            ("р.", .code("RUB")), ("Р", .code("RUB")), ("грн.", .code("UAH")), ("грн", .code("UAH")),
            ("₴", .code("UAH")), ("zł", .code("PLN")), ("Kč", .code("CZK")), ("kr.", .code("DKK")),
            ("kr", .krone), ("Kr", .krone), ("Fr.", .code("CHF")), ("₺", .code("TRY")), ("TL", .code("TRY")),
            ("₫", .code("VND")), ("đ", .code("VND")), ("฿", .code("THB")), ("RM", .code("MYR")),
            ("Rp", .code("IDR")), ("₱", .code("PHP")), ("د.إ", .code("AED")), ("درهم", .code("AED")),
            ("جنيه", .code("EGP")), ("ريال", .code("SAR")), ("lei", .code("RON")), ("Ft", .code("HUF")),
            ("₪", .code("ILS")), ("NIS", .code("ILS")), ("KD", .code("KWD")), ("₦", .code("NGN")),
            ("R", .code("ZAR")), ("₤", .unknown), ("₶", .unknown),
        ]
        list += isoCodes.map { ($0, .code($0)) }
        return list.sorted { $0.0.count > $1.0.count }
    }()

    /// The forms by their first character, so a scan looks at a handful per position.
    private static let formsByFirst: [Character: [([Character], String, Meaning)]] = {
        var index: [Character: [([Character], String, Meaning)]] = [:]
        for (form, meaning) in forms { index[form.first!, default: []].append((Array(form), form, meaning)) }
        return index
    }()

    /// ISO 4217 codes (and a few pre-euro ones still seen in listings) recognised as written codes.
    static let isoCodes: Set<String> = [
        "USD", "EUR", "GBP", "JPY", "CNY", "KRW", "INR", "RUB", "UAH", "PLN", "CZK", "SEK", "NOK", "DKK",
        "ISK", "CHF", "TRY", "VND", "THB", "MYR", "IDR", "PHP", "AED", "SAR", "QAR", "KWD", "BHD", "OMR",
        "JOD", "EGP", "MAD", "TND", "RON", "BGN", "HUF", "ILS", "ZAR", "NGN", "KES", "CAD", "AUD", "NZD",
        "HKD", "TWD", "SGD", "MXN", "BRL", "ARS", "CLP", "COP", "PEN", "UYU", "PKR", "BDT", "LKR", "HRK",
        "RSD", "BYN", "KZT", "GEL", "PTE", "DEM", "FRF", "ITL", "ESP", "NLG", "BEF", "ATS", "IEP", "FIM", "GRD",
    ]

    /// Dollar currencies a "$" may stand for when the hint says so.
    static let dollarCodes: Set<String> = [
        "USD", "CAD", "AUD", "NZD", "HKD", "TWD", "SGD", "MXN", "ARS", "CLP", "COP", "UYU",
    ]

    /// Every currency form in `chars`, left to right, not overlapping.
    static func all(in chars: [Character]) -> [CurrencyMarker] {
        var found: [CurrencyMarker] = []
        var i = 0
        while i < chars.count {
            if let m = match(in: chars, at: i) {
                found.append(m)
                i = m.range.upperBound
            } else {
                i += 1
            }
        }
        return found
    }

    private static func match(in chars: [Character], at i: Int) -> CurrencyMarker? {
        let c = chars[i]
        // Most characters start no form: look that up before the (costlier) character properties.
        guard let candidates = formsByFirst[c] else { return nil }
        if c.isWhitespace || c.isNumber { return nil }
        if i > 0, chars[i - 1].isLetter, c.isLetter { return nil }
        for (f, form, meaning) in candidates {
            guard i + f.count <= chars.count, chars[i..<(i + f.count)].elementsEqual(f) else { continue }
            let end = i + f.count
            // A form ending in a letter must not continue into a word ("RMB" yes, "RMBX" no).
            if f.last!.isLetter, end < chars.count, chars[end].isLetter { continue }
            return CurrencyMarker(text: form, meaning: meaning, range: i..<end)
        }
        return nil
    }
}
