import Foundation

/// The currency a page or job suggests, and how it settles symbols that several currencies share.
///
///     HintCurrency("Price From £", language: nil, text: "39.95").code  // "GBP"
struct HintCurrency {
    static let japaneseWords: WordList = ["税込", "税抜", "税別", "送料無料", "円"]

    /// The currency the hint names, if any.
    let code: String?
    private let language: String?
    /// Whether the price text itself is written in Japanese kana or Chinese characters.
    private let textIsJapanese: Bool
    private let textIsChinese: Bool

    /// `hint` may be an ISO code ("CNY"), a symbol ("¥", "R$") or surrounding page text.
    init(_ hint: String?, language: String?, text: String) {
        self.language = language?.lowercased()
        var japanese = false, chinese = false
        for s in text.unicodeScalars {
            if (0x3040...0x30FF).contains(s.value) { japanese = true }
            else if (0x4E00...0x9FFF).contains(s.value) { chinese = true }
        }
        // Kanji words only Japanese shops write, for texts without kana ("¥12,800(税込)").
        if !japanese, HintCurrency.japaneseWords.occurs(in: text) { japanese = true }
        textIsJapanese = japanese
        textIsChinese = chinese && !japanese
        code = HintCurrency.code(of: hint, language: language, japanese: japanese, chinese: chinese && !japanese)
    }

    /// The currency `hint` names; `japanese` and `chinese` say what script the price text is in.
    static func code(of hint: String?, language: String?, japanese: Bool, chinese: Bool) -> String? {
        guard let hint = hint.map({ TextNormal.trimmed($0) }), !hint.isEmpty else { return nil }
        if CurrencyMarker.isoCodes.contains(hint.uppercased()) { return hint.uppercased() }
        let chars = Array(TextNormal.nfkc(hint))
        for m in CurrencyMarker.all(in: chars) {
            // A lone "R" in hint text is too weak a sign ("R" could be anything in a label).
            if m.text == "R" && chars.count > 1 { continue }
            let partial = HintCurrency(code: nil, language: language, japanese: japanese, chinese: chinese)
            if let c = partial.resolve(m.meaning) { return c }
        }
        return nil
    }

    private init(code: String?, language: String?, japanese: Bool, chinese: Bool) {
        self.code = code
        self.language = language?.lowercased()
        textIsJapanese = japanese
        textIsChinese = chinese
    }

    /// The ISO code a written currency stands for here.
    func resolve(_ meaning: CurrencyMarker.Meaning) -> String? {
        HintCurrency.resolve(meaning, code: { code }, language: { language }, japanese: { textIsJapanese }, chinese: { textIsChinese })
    }

    /// `resolve` with each input asked for only when the meaning needs it (`language` lowercased).
    static func resolve(_ meaning: CurrencyMarker.Meaning, code: () -> String?, language: () -> String?,
                        japanese: () -> Bool, chinese: () -> Bool) -> String? {
        switch meaning {
        case .code(let c):
            return c
        case .unknown:
            return nil
        case .dollar:
            if let c = code(), CurrencyMarker.dollarCodes.contains(c) { return c }
            return "USD"
        case .yen:
            if let c = code(), c == "JPY" || c == "CNY" { return c }
            if let l = language() {
                if l.hasPrefix("ja") { return "JPY" }
                if l.hasPrefix("zh") { return "CNY" }
            }
            if japanese() { return "JPY" }
            if chinese() { return "CNY" }
            return "JPY"
        case .krone:
            if let c = code(), ["SEK", "NOK", "DKK", "ISK"].contains(c) { return c }
            if let l = language() {
                if l.hasPrefix("sv") { return "SEK" }
                if l.hasPrefix("nb") || l.hasPrefix("nn") || l.hasPrefix("no") { return "NOK" }
                if l.hasPrefix("da") { return "DKK" }
                if l.hasPrefix("is") { return "ISK" }
            }
            // Without a market "kr" could be any of three currencies: say so rather than guess.
            return nil
        }
    }
}
