@testable import FieldParsers
import Foundation
import Testing

/// The byte-level shortcuts give what the Foundation calls they stand in for give.
@Suite struct FastPathTests {
    @Test func decimalDigitsMatchDecimalString() {
        let posix = Locale(identifier: "en_US_POSIX")
        var samples = ["0", "1", "10", "19.99", "19.90", "1299.90", "0.5", "007", "00.10", "1.", ".5", "12800", "0.000",
                       "999999999999999999", "1234567890123456789", "12.345678", "1.2.3", "", "."]
        for i in stride(from: 0, to: 2_000_000, by: 997) {
            samples += ["\(i)", "\(i / 100).\(i % 100)", "\(i / 1000).\(String(i % 1000).count < 3 ? "0" : "")\(i % 1000)"]
        }
        for s in samples {
            let fast = NumberText.decimal(s) ?? Decimal(string: s, locale: posix)
            let reference = Decimal(string: s, locale: posix)
            #expect(fast.map { withUnsafeBytes(of: $0) { Array($0) } } == reference.map { withUnsafeBytes(of: $0) { Array($0) } }, "\(s)")
        }
    }

    @Test func directDecimalMatchesFoundationBytes() {
        func bytes(_ d: Decimal) -> [UInt8] { withUnsafeBytes(of: d) { Array($0) } }
        var samples: [UInt64] = [1, 9, 10, 100, 1990, 65_535, 65_536, 65_540, 4_294_967_295, 4_294_967_296, 4_294_967_300,
                                 281_474_976_710_655, 281_474_976_710_656, 281_474_976_710_660, 999_999_999_999_999_999,
                                 100_000_000_000_000_000, 123_456_789_012_345_678]
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<3000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Any number of digits up to 18, with up to 5 trailing zeros.
            let digits = Int(x >> 59) % 18 + 1, zeros = Int((x >> 40) % 6)
            var m = (x >> 3) % UInt64(pow(10.0, Double(digits)))
            for _ in 0..<zeros where m < 100_000_000_000_000_000 { m *= 10 }
            if m > 0 { samples.append(m) }
        }
        for m in samples {
            for e in [0, -1, -2, -3, -5, -9, -18] {
                let reference = Decimal(sign: .plus, exponent: e, significand: Decimal(m))
                #expect(bytes(FastDecimal.make(m, exponent: e)) == bytes(reference), "\(m)e\(e)")
            }
        }
    }

    @Test func directZeroMatchesDecimalString() {
        let posix = Locale(identifier: "en_US_POSIX")
        func bytes(_ d: Decimal?) -> [UInt8]? { d.map { withUnsafeBytes(of: $0) { Array($0) } } }
        for whole in 1...4 {
            for fraction in 0...18 {
                let text = String(repeating: "0", count: whole) + (fraction == 0 ? "" : "." + String(repeating: "0", count: fraction))
                #expect(bytes(FastDecimal.zero(fraction: fraction)) == bytes(Decimal(string: text, locale: posix)), "\(text)")
            }
        }
        // The parser's zero amounts, each as the reference parser reads it.
        for text in ["0,00 €", "$0", "0.000 KWD", "€ 0,-", "$.00", "00.0 zł", "0 000,00 ₽", "R$ 0,00"] {
            FastPriceParserTests.assertSame(text, nil, nil)
        }
    }

    /// The BMP scalars the hint's ISO check skips the uppercase lookup for have no ASCII in their uppercase.
    @Test func uppercaseToASCIIListIsComplete() {
        var missed: [UInt32] = []
        for v in UInt32(0x80)..<0x10000 where !FastHint.mayUppercaseToASCII(v) {
            guard let u = Unicode.Scalar(v) else { continue }
            if u.properties.changesWhenUppercased, u.properties.uppercaseMapping.utf8.contains(where: { $0 < 0x80 }) { missed.append(v) }
        }
        #expect(missed.isEmpty, "\(missed.map { String($0, radix: 16) })")
        // And the list is not everything: Cyrillic, CJK and symbols skip the lookup.
        #expect(!FastHint.mayUppercaseToASCII(0x440) && !FastHint.mayUppercaseToASCII(0x5186) && !FastHint.mayUppercaseToASCII(0x20AC))
    }

    /// The one-pass scan of the whole text finds what a scan per word list (and HintCurrency's script test) finds.
    @Test func wholeTextScanMatchesOneScanPerList() {
        var texts = FastPriceParserTests.fragments
        let f = FastPriceParserTests.fragments
        for i in 0..<3000 { texts.append((0..<(i % 9)).map { f[(i * 31 + $0 * 17) % f.count] }.joined(separator: i % 3 == 0 ? " " : "")) }
        for text in texts {
            guard let t = ScalarText(text) else { continue }
            let n = t.count
            let whole = FastPriceParser.wholeTextScan(t)
            #expect(whole.from == t.occurs(PriceWords.from, 0, n), "\(text.debugDescription)")
            let incl = t.firstOffset(PriceWords.taxIncluded, 0, n), excl = t.firstOffset(PriceWords.taxExcluded, 0, n)
            let note: Bool? = switch (incl, excl) {
            case let (i?, e?): i < e
            case (_?, nil): true
            case (nil, _?): false
            default: nil
            }
            #expect(whole.taxNote == note, "\(text.debugDescription)")
            // As the parser read it before (HintCurrency's test, on the lowercase scalars).
            var japanese = false, chinese = false
            for i in 0..<n {
                let c = t.l(i)
                if c >= 0x3040 && c <= 0x30FF { japanese = true } else if c >= 0x4E00 && c <= 0x9FFF { chinese = true }
            }
            if !japanese, t.occurs(HintCurrency.japaneseWords, 0, n) { japanese = true }
            #expect(whole.script.japanese == japanese && whole.script.chinese == (chinese && !japanese), "\(text.debugDescription)")
        }
    }

    /// Several lists searched in one pass find what one search per list finds, on any stretch of a text.
    @Test func groupedWordsMatchOneScanPerList() {
        let lists = [PriceWords.listPrice, PriceWords.installment, PriceWords.saving, PriceWords.shipping,
                     ReferencePriceParser.installmentAfter, ReferencePriceParser.offWord]
        let groups = GroupedWords(lists)
        let f = FastPriceParserTests.fragments
        var texts = f
        for i in 0..<3000 { texts.append((0..<(i % 9)).map { f[(i * 37 + $0 * 11) % f.count] }.joined(separator: i % 2 == 0 ? " " : "")) }
        var seen: UInt8 = 0
        for (k, text) in texts.enumerated() {
            guard let t = ScalarText(text) else { continue }
            let n = t.count
            for (lo, hi) in [(0, n), (min(k % 3, n), n), (0, max(0, n - k % 4)), (min(1, n), max(min(1, n), n - 1))] {
                var expected: UInt8 = 0
                for (g, list) in lists.enumerated() where t.occurs(list, lo, hi) { expected |= 1 << UInt8(g) }
                #expect(t.groupsOccurring(groups, lo, hi) == expected, "\(text.debugDescription) \(lo)..<\(hi)")
                seen |= expected
            }
        }
        // Every list was found somewhere, so each bit was put to the test.
        #expect(seen == groups.all)
    }

    @Test func trimmingAndNFKCMatchFoundation() {
        let texts = ["", " ", "  19,99 € ", "\t\r\n12.00\u{0B}\u{0C}", "a b", "\u{00A0}5\u{00A0}", "１２３", "ﬁ 5", "5 x", "\u{2003}7\u{3000}", "\r\n"]
        for t in texts {
            #expect(TextNormal.trimmed(t) == t.trimmingCharacters(in: .whitespacesAndNewlines), "\(t.unicodeScalars.map(\.value))")
            #expect(TextNormal.trimmed(t, newlines: false) == t.trimmingCharacters(in: .whitespaces), "\(t.unicodeScalars.map(\.value))")
            #expect(TextNormal.nfkc(t) == t.precomposedStringWithCompatibilityMapping, "\(t.unicodeScalars.map(\.value))")
        }
    }
}
