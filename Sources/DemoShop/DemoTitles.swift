import Foundation

/// A brand as each market writes it: Latin letters, a katakana form for Japan (nil: Japanese
/// shops keep the Latin name, in capitals), and the Chinese name Chinese shops put after a slash.
struct DemoBrand {
    let latin: String
    let kana: String?
    let hanzi: String
}

/// A product's size as a number and a unit; the demo's titles write it the way each market does.
struct DemoSize: Equatable {
    enum Unit { case litre, millilitre, centimetre, millimetre, watt, milliampereHours }
    let value: Double
    let unit: Unit
}

/// How each market titles one product: the merchant's own sheet, a US marketplace, a German shop,
/// a Chinese marketplace, a Brazilian shop and a Japanese shop. Model numbers are spaced, hyphenated
/// or run together; Japanese titles lead with the katakana brand and sometimes print the model in
/// full-width characters; Brazilian titles lead with the product type; sizes use each market's
/// decimal comma, thousands dot and unit words.
///
///     DemoTitles.catalog(brand, series: "S", number: 715, kind: kettle, size: DemoSize(value: 1.5, unit: .litre))
///     // "Hoshino S 715 Electric Kettle 1.5 L"
///     DemoTitles.market("ja", brand, series: "S", number: 715, kind: kettle, size: ..., variant: 3, extra: nil)
///     // "ホシノ 電気ケトル Ｓ７１５ 1.5L"
enum DemoTitles {
    /// What a listing sells besides the product itself: the accessory of a bundle, per language.
    static let bundleExtra: [String: String] = [
        "en": "+ Carry Case Bundle", "de": "im Bundle mit Tragetasche", "zh": "套装 含收纳包", "pt": "+ Bolsa de Transporte", "ja": "収納ケース付きセット",
    ]

    static func catalog(_ b: DemoBrand, series: String, number: Int, kind: DemoCatalog.Kind, size: DemoSize?) -> String {
        ["\(b.latin) \(series) \(number) \(kind.en)", size.map { sizeText($0, market: "catalog", fullWidth: false) }].compactMap { $0 }.joined(separator: " ")
    }

    /// The title a market's shop shows. `variant` picks among the market's usual spellings; `bundle`
    /// adds the bundle's accessory in the market's words.
    static func market(_ language: String, _ b: DemoBrand, series: String, number: Int, kind: DemoCatalog.Kind, size: DemoSize?, variant: Int, bundle: Bool) -> String {
        let fullWidth = language == "ja" && variant % 3 == 0
        let s = size.map { sizeText($0, market: language, fullWidth: fullWidth) }
        let extra = bundle ? bundleExtra[language] : nil
        var parts: [String?]
        switch language {
        case "en":
            let brand = variant % 2 == 0 ? b.latin.uppercased() : b.latin
            let model = variant % 2 == 0 ? "\(series)\(number)" : "\(series)-\(number)"
            parts = [brand, model, kind.en + (s == nil ? "" : ","), s, extra]
        case "de":
            parts = [b.latin, "\(series)-\(number)", kind.de + (s == nil && extra == nil ? "" : ","), s, extra]
        case "zh":
            parts = ["\(b.latin)/\(b.hanzi)", kind.zh, "\(series)\(number)", s, extra]
        case "pt":
            parts = [bundle ? "Kit" : nil, kind.pt, b.latin, "\(series)\(number)", s, variant % 2 == 0 ? nil : "Preto", extra]
        default:  // ja
            let brand = b.kana.map { variant % 4 == 0 ? "\($0)(\(b.latin.uppercased()))" : $0 } ?? b.latin.uppercased()
            let model = fullWidth ? wide("\(series)\(number)") : "\(series)-\(number)"
            parts = [brand, kind.ja, model, s, extra]
        }
        return parts.compactMap { $0 }.joined(separator: " ")
    }

    /// A size as the market writes it: `1.5 L`, `1,5 l`, `1,5 Litros`, `1.5升`, `10.000 mAh`, `１．５Ｌ`.
    static func sizeText(_ s: DemoSize, market: String, fullWidth: Bool) -> String {
        let comma = market == "de" || market == "pt"
        var number = s.value == s.value.rounded() ? String(Int(s.value)) : String(s.value)
        if comma { number = number.replacingOccurrences(of: ".", with: ",") }
        // German and Brazilian shops group thousands with a dot: 10.000 mAh.
        if comma, s.value >= 1000, s.value == s.value.rounded() {
            let digits = String(Int(s.value))
            number = String(digits.dropLast(3)) + "." + String(digits.suffix(3))
        }
        let text: String
        switch (s.unit, market) {
        case (.litre, "catalog"): text = "\(number) L"
        case (.litre, "de"): text = "\(number) l"
        case (.litre, "pt"): text = "\(number) Litros"
        case (.litre, "zh"): text = "\(number)升"
        case (.litre, _): text = "\(number)L"
        case (.millilitre, "zh"): text = "\(number)毫升"
        case (.millilitre, "ja"): text = "\(number)mL"
        case (.millilitre, "pt"): text = "\(number)ml"
        case (.millilitre, _): text = "\(number) ml"
        case (.centimetre, "zh"), (.centimetre, "pt"), (.centimetre, "ja"): text = "\(number)cm"
        case (.centimetre, _): text = "\(number) cm"
        case (.millimetre, "catalog"), (.millimetre, "de"): text = "\(number) mm"
        case (.millimetre, _): text = "\(number)mm"
        case (.watt, "de"), (.watt, "catalog"): text = "\(number) W"
        case (.watt, _): text = "\(number)W"
        case (.milliampereHours, "zh"): text = "\(number)毫安"
        case (.milliampereHours, "de"): text = "\(number) mAh"
        case (.milliampereHours, _): text = "\(number)mAh"
        }
        return fullWidth ? wide(text) : text
    }

    /// ASCII letters, digits and the dot in their full-width forms, as Japanese shops often print them.
    static func wide(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { c in
            (0x21...0x7E).contains(c.value) ? Unicode.Scalar(c.value + 0xFEE0)! : c
        }))
    }
}
