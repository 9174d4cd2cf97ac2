@testable import FieldParsers
import Foundation
import PropertyBased
import Testing

/// The scalar-level parser gives exactly what the Character-based reference gives.
@Suite struct FastPriceParserTests {
    /// Pieces shop texts are made of, and pieces that push the port to its edges: every currency
    /// form, price words in several scripts, separators, spaces NFKC rewrites, full-width and
    /// Arabic digits, case mappings that change length, combining marks, CR LF, emoji.
    static let fragments: [String] = {
        var f = ["0", "1", "2", "3", "5", "7", "9", "00", "10", "12", "99", "100", "123", "299", "1000", "12345",
                 "0", "1", "9", "19", "49", "999",
                 ".", ",", "'", "’", "٫", "٬", ".", ",", " ", " ", " ", "  ", "\u{00A0}", "\u{202F}", "\u{2009}", "\u{2007}",
                 "\u{2008}", "\u{3000}", "\t", "\n", "\r\n", "\r", "-", "–", "—", "−", "~", "〜", "～", ":", "/", "%", "(", ")", "*",
                 "+", "=", "#", "x", "X", "×", "¤", "!", "?",
                 "１", "２", "０", "，", "．", "٣", "٤", "३", "٠", "²", "½", "Ⅻ", "一", "万",
                 "a", "b", "r", "R", "s", "k", "m", "g", "E", "z", "Σ", "ς", "İ", "ı", "ß", "Ä", "é", "e\u{0301}", "ñ",
                 "\u{0301}", "\u{0308}", "\u{200D}", "\u{200B}", "\u{00AD}", "\u{FE0F}", "😀", "👍🏽", "🇩🇪", "가", "ᄀ", "ᅡ",
                 "ｶﾞ", "ガ", "ｶ", "\u{3099}", "ﬁ", "Å", "Å", "Ω", "K",
                 "to", "bis", "a", "à", "até", "до", "hasta", "TO", "BIS",
                 "USD", "usd", "EUR", "Eur", "JPY", "SEK", "NOK", "DKK", "CNY", "CAD", "KWD", "ISK",
                 "each", "now", "only", "Preis", "Price:", "price", "Sale", "ou", "или", "价格", "円", "元", "税込", "税抜",
                 "Ｒ＄", "＄", "￥", "￦", "€", "£"]
        f += CurrencyMarker.forms.map(\.0)
        for list in [PriceWords.listPrice, PriceWords.from, PriceWords.taxIncluded, PriceWords.taxExcluded,
                     PriceWords.installment, PriceWords.saving, PriceWords.shipping, PriceWords.free,
                     ReferencePriceParser.installmentAfter, ReferencePriceParser.offWord, HintCurrency.japaneseWords] {
            f += list.words.map { String(decoding: $0.bytes, as: UTF8.self) }
        }
        f += PriceWords.units + PriceWords.countWords + PriceWords.codeWords
        f += ["per ", "pro ", "je ", "por ", "le ", "la ", "pour ", "当たり", "あたり", "单价", "單價"]
        f += ["STATT", "Was", "FROM", "Inkl. MwSt.", "ZZGL", "Versand", "FREE", "Save", "OFF", "Kr", "KR", "RS", "Rs.", "RUB", "Руб", "ГРН", "ZŁ", "KČ"]
        return f
    }()
    static let hints: [String?] = [nil, nil, "", " ", "$", "€", "USD", "usd", " eur ", "CNY", "JPY", "SEK", "NOK", "DKK", "ISK", "CAD", "C$",
                                   "HK$", "KWD", "kr", "¥", "R", "R$", "Price From £", "DKK/stk", "45,00 zł", "90 728.00 руб",
                                   "ıSK", "ＵＳＤ", "Preis in €", "\r\n$", "$\r\n", "R\r\n", "ß", "Ｒ＄ 5", "Precio: $", "₤", "Σ€",
                                   "Цена: ₽", "12 kr", "價格 ¥", "😀 $", "e\u{0301} €",
                                   // Short hints: trimmed to a code, uppercased into one, or symbols only.
                                   "USD\u{00A0}", "\u{3000}jpy", "ſek", "Ｕsd", "€ ", "zł", "kr.", "R$", "£", "¥", "Us$", "ﬀx", "K\u{212A}R"]
    static let languages: [String?] = [nil, nil, "en", "ja", "zh-CN", "sv", "nb", "no", "da", "is", "de", "JA", "Zh", "SV-se", "pt-BR"]

    static func assertSame(_ text: String, _ hint: String?, _ language: String?, sourceLocation: SourceLocation = #_sourceLocation) {
        let fast = PriceParser.parse(text, currencyHint: hint, language: language)
        let reference = ReferencePriceParser.parse(text, currencyHint: hint, language: language)
        #expect(fast == reference, "\(text.debugDescription) hint \(hint.debugDescription) language \(language.debugDescription)",
                sourceLocation: sourceLocation)
        // Decimal == compares values: the representation must be the same too.
        func bytes(_ d: Decimal?) -> [UInt8]? { d.map { withUnsafeBytes(of: $0) { Array($0) } } }
        #expect(bytes(fast.amount) == bytes(reference.amount), "amount bytes of \(text.debugDescription)", sourceLocation: sourceLocation)
        #expect(bytes(fast.minimum) == bytes(reference.minimum) && bytes(fast.maximum) == bytes(reference.maximum),
                "range bytes of \(text.debugDescription)", sourceLocation: sourceLocation)
    }

    @Test func sharedRowsMatchTheReference() throws {
        guard SharedData.exists("price_strings.jsonl") else { return }
        let data = try String(contentsOf: SharedData.url("price_strings.jsonl"), encoding: .utf8)
        var fastCount = 0, total = 0
        for line in data.split(separator: "\n") {
            let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let text = row["text"] as? String ?? ""
            let hint = row["currency_hint"] as? String
            for language in Self.languages {
                Self.assertSame(text, hint, language)
                Self.assertSame(text, nil, language)
            }
            total += 1
            if FastPriceParser.parse(text, currencyHint: hint, language: nil) != nil { fastCount += 1 }
        }
        // Nearly every real shop text takes the fast way.
        #expect(fastCount * 10 >= total * 9, "\(fastCount)/\(total) took the fast way")
    }

    @Test func tableTextsMatchTheReference() {
        let texts = [
            "R$ 1.299,90", "1 299,90 €", "1\u{00A0}299,90 €", "1\u{202F}299,90 €", "CHF 1'299.90", "₹1,23,456.00", "12,- €",
            "12.- CHF", "1.299 €", "1.29 €", "$1,299", "12,99 €", "¥12.800", "1.234.567 Ft", "423.923 KWD", "$1,234.56",
            "15 000 ₫", "Rp 31.500", "US$12.99", "12.99 USD", "C$ 5.00", "A$190.00", "HK$ 88", "NT$1,200", "₩12,000",
            "12,000원", "₽ 1 990", "1990 руб.", "45,00 zł", "9 800 Kč", "199,00 kr.", "199 kr", "Fr. 49.90", "₺1.299,99",
            "1.299,99 TL", "฿1,290", "RM 59.90", "₱1,499.00", "AED 8000 (USD 2179)", "49,99 lei", "₪98", "R 199.99",
            "Rs. 1,499", "39.95", "17,95", "£54.17", "¥1,280", "¥12,800(税込)", "¥99 包邮", "3,500円", "99元", "RMB 99",
            "$12", "12x de R$ 108,33 sem juros", "4 interest-free payments of $25", "$2.50/oz", "(3,98 € / kg)",
            "0,99€/100g", "1 kg = 3,98 €", "100g当たり 398円", "Save $5", "Sie sparen 5,00 €", "-20%", "+ $4.99 shipping",
            "R$ 1.299,90 ou 12x de R$ 108,33", "$19.99 or 4 interest-free payments of $5.00", "20% off", "Add to cart",
            "¥3,280 或分期", "Our price £39.95 was £49.95", "Was £49.95 now £39.95", "statt 249,00 € jetzt 199,00 €",
            "antes R$ 99,90 por R$ 79,90", "原价 ¥199 现价 ¥99", "Price: $11.95 each", "$10 - $20", "10 – 20 €",
            "841,00 zł – 995,00 zł", "ab 1.299,90 € inkl. MwSt.", "from $19.99", "à partir de 9,99 € TTC",
            "a partir de R$ 49,90", "desde 19,99 € IVA incluido", "¥1,280起", "1,000円(税抜)", "¥1,100(税込)",
            "10,00 € zzgl. MwSt.", "£10 incl. VAT", "£10 excl. VAT", "49,00 € HT", "$10", "Type of Transfer *", "50%",
            "call for price", "Free!", "Only 3 left", "1,234 reviews", "SKU 12345", "4.5 out of 5", "500 sold",
            "Art.-Nr. 4711", "$12.99 (1,234 reviews)", "$119. 95", "$.750.30", ".75 €", "..75", "610,", "12.–",
            "1 234 567,89 ₽", "$ 1 234.5", "1 23", "١٢٣ ر.س", "٣٤٫٥ د.إ", "１２３４円", "￥１，２８０", "1,2,3", "12345678901234567890 €",
            "0,00 €", "0.000 KWD", "0.5", "$0", "€ 0,-", "-$5", "5 - -3 €", "$ 5 - 3", "abc-5 €", "x-5 €", "5x", "5 x 3 €",
            "5×3€", "5 xl €3", "Preis: 12 € / Stück", "je 100 g 1,99 €", "1 l = 2,49 €", "per kg £3", "/ 100 ml 0,89 €",
            "Σ 5 €", "İ5 €", "ı 5 €", "ß5", "CA$5", "MX$ 5", "S$5.5", "NZ$ 5.55", "5 NIS", "KD 5.500", "₤5", "₶ 5", "5 đ",
            "5 грн.", "рублей 5", "5 р.", "Р 5", "5 درهم", "جنيه 5", "5 ريال", "5 Ft", "lei 5", "12,-", "12,–",
        ]
        for text in texts {
            for hint in Self.hints { Self.assertSame(text, hint, nil) }
            for language in Self.languages { Self.assertSame(text, nil, language) }
        }
    }

    /// The thread remembers the last hint it resolved: the same hint over texts in other scripts
    /// and languages, then another hint, then the first again, each as the reference reads it.
    @Test func sameHintOverManyTextsMatchesTheReference() {
        let texts = ["$5", "¥1,280", "¥1,280起", "¥12,800(税込)", "¥99 包邮", "价格 ¥99", "3,500円", "5 kr", "12,99", "R$ 5", "Price 5",
                     "税抜 ¥500", "C$ 5", "kr 12,50", "5", "€ 5"]
        for hint in Self.hints + Self.hints.reversed() {
            for language in [nil, "ja", "zh", "sv", nil] as [String?] {
                for text in texts + texts.reversed() { Self.assertSame(text, hint, language) }
            }
        }
    }

    /// Each thread reuses its own working lists: parses on many threads at once, long texts among
    /// them (whose storage is let go), give what one thread gives.
    @Test func parsesOnManyThreadsAsOnOne() {
        var texts = Self.fragments.indices.map { i in (0..<5).map { Self.fragments[(i * 7 + $0 * 13) % Self.fragments.count] }.joined() }
        texts += [String(repeating: "ab 12,50 € ", count: 600), String(repeating: "9", count: 5000) + " $", "$1,299.00"]
        let serial = texts.map { PriceParser.parse($0, currencyHint: "USD") }
        let lock = NSLock()
        var mismatches: [String] = []
        DispatchQueue.concurrentPerform(iterations: 8) { k in
            for i in texts.indices where (i + k) % 2 == 0 || k < 2 {
                let p = PriceParser.parse(texts[i], currencyHint: "USD")
                if p != serial[i] { lock.lock(); mismatches.append(texts[i]); lock.unlock() }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        for long in texts.suffix(3) { Self.assertSame(long, "USD", nil) }
    }

    @Test func generatedTextsMatchTheReference() async {
        await propertyCheck(count: 4000, input: Gen.int(in: 0...(Self.fragments.count - 1)).array(of: 0...10),
                            Gen.int(in: 0...(Self.hints.count - 1)), Gen.int(in: 0...(Self.languages.count - 1))) { pieces, h, l in
            let text = pieces.map { Self.fragments[$0] }.joined()
            Self.assertSame(text, Self.hints[h], Self.languages[l])
        }
    }

    @Test func generatedNumbersMatchTheReference() async {
        // Mostly digits and separators, where NumberText's rules live.
        let pieces = ["1", "2", "9", "0", "00", "123", "5", ".", ",", " ", "\u{00A0}", "\u{202F}", "'", "’", "٫", "٬", "-", "–",
                      "$", "€", "kr", "kr.", "KWD", "円", "R$", "x", "%", "g", "a", "/", ":", " 100g", "per kg", "to", "bis", "-"]
        await propertyCheck(count: 4000, input: Gen.int(in: 0...(pieces.count - 1)).array(of: 1...12),
                            Gen.int(in: 0...(Self.hints.count - 1))) { p, h in
            Self.assertSame(p.map { pieces[$0] }.joined(), Self.hints[h], nil)
        }
    }

    @Test func randomScalarsMatchTheReference() async {
        // Any BMP scalars at all, among digits and spaces.
        await propertyCheck(count: 3000, input: Gen.int(in: 0...0xFFFF).array(of: 0...8), Gen.int(in: 0...9).array(of: 0...8),
                            Gen.int(in: 0...(Self.hints.count - 1))) { scalars, digits, h in
            var text = ""
            for (k, v) in scalars.enumerated() {
                if let u = Unicode.Scalar(UInt32(v)) { text.unicodeScalars.append(u) }
                if k < digits.count { text += digits[k] < 3 ? " " : String(digits[k]) }
            }
            Self.assertSame(text, Self.hints[h], nil)
        }
    }

    /// The facts ScalarTable relies on: Foundation's whitespace sets agree with TextNormal's ASCII
    /// shortcut, and NFKC and lowercasing of simple scalars work scalar by scalar, one Character each.
    @Test func scalarTableMatchesFoundation() async {
        let t = ScalarTable.tables
        for v in 0..<0x80 {
            let f = t.flags[v]
            #expect((f & ScalarTable.trimSpace != 0) == (v == 0x20 || v == 0x09), "\(v)")
            #expect((f & ScalarTable.trimSpaceOrNewline != 0) == (v == 0x20 || (0x09...0x0D).contains(v)), "\(v)")
        }
        for v in 0..<0x10000 {
            guard let u = Unicode.Scalar(UInt32(v)) else { continue }
            let f = t.flags[v]
            #expect((f & ScalarTable.trimSpace != 0) == CharacterSet.whitespaces.contains(u), "\(v)")
            #expect((f & ScalarTable.trimSpaceOrNewline != 0) == CharacterSet.whitespacesAndNewlines.contains(u), "\(v)")
        }
        // Every scalar the table takes as its own NFKC form is one by Foundation.
        var all = String.UnicodeScalarView()
        var taken: [UInt32] = []
        for v in 0x80..<0x10000 where t.normal[v] == UInt32(v) {
            all.append(Unicode.Scalar(UInt32(v))!)
            all.append("\u{1}")
            taken.append(UInt32(v))
        }
        let normalized = String(all).precomposedStringWithCompatibilityMapping.unicodeScalars.split(separator: "\u{1}")
        #expect(normalized.count == taken.count)
        for (v, n) in zip(taken, normalized) where n.map(\.value) != [v] {
            Issue.record("NFKC of \(v) is \(n.map(\.value)), not itself")
        }
        let simple = (0..<0x10000).filter { t.normal[$0] != ScalarTable.notSimple && t.lower[Int(t.normal[$0])] != ScalarTable.notSimple }
        #expect(simple.count > 40000)
        for v in simple {
            let c = Character(Unicode.Scalar(UInt32(v))!)
            let f = t.flags[v]
            #expect(c.isLetter == (f & ScalarTable.letter != 0) && c.isNumber == (f & ScalarTable.number != 0)
                    && c.isWhitespace == (f & ScalarTable.whitespace != 0), "\(v)")
        }
        await propertyCheck(count: 3000, input: Gen.int(in: 0...(simple.count - 1)).array(of: 1...4)) { picks in
            var text = String.UnicodeScalarView()
            for p in picks { text.append(Unicode.Scalar(UInt32(simple[p]))!) }
            let s = String(text)
            let normal = TextNormal.nfkc(s)
            #expect(normal.unicodeScalars.map(\.value) == picks.map { t.normal[simple[$0]] }, "\(picks.map { simple[$0] })")
            #expect(Array(normal).count == picks.count, "\(picks.map { simple[$0] })")
            let lower = normal.lowercased()
            #expect(lower.unicodeScalars.map(\.value) == picks.map { t.lower[Int(t.normal[simple[$0]])] }, "\(picks.map { simple[$0] })")
            #expect(Array(lower).count == picks.count, "\(picks.map { simple[$0] })")
        }
    }
}
