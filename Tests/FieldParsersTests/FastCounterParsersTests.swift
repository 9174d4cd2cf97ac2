@testable import FieldParsers
import Foundation
import Model
import PropertyBased
import Testing

/// The scalar-level rating, count, sales and availability parsers give exactly what their
/// Character-based references give: values (to the Decimal's bytes), labels, windows, lower-bound
/// flags and failure reasons.
@Suite struct FastCounterParsersTests {
    static let tableTexts: [String] = [
        // Sales
        "1.2k sold", "1,234 sold", "2K+ bought in past month", "10万+人付款", "月销 3000+", "月销1万+", "已售1.2万",
        "+500 vendidos", "mais de 1 mil vendidos", "1000件以上販売", "500+ verkauft", "50+ sold today", "300 bought this week",
        "1.5M sold", "1.234 verkauft", "2,3 mil vendidos", "1,234", "Bestseller", "4.5 sold",
        // Ratings
        "4.5 out of 5 stars", "4,5/5", "4.5 von 5 Sternen", "★★★★☆", "★★★☆☆", "width: 90%", "style=\"width: 72%\"", "9/10",
        "评分 4.8", "4,5 de 5 estrelas", "4.2 sur 5", "8.6 / 10", "5つ星のうち4.3", "4.8", "3 of 5", "100/100",
        "no reviews yet", "9.5", "6 out of 5", "150%", "★★★½☆", "★★★⯪☆", "★★ 4", "5つ星のうち6", "0 out of 5", "4.5 out of 0",
        // Counts
        "1,234 ratings", "(1.234 Bewertungen)", "1.2万条评价", "2,3 mil avaliações", "4.5 stars, 1,234 reviews", "(87)",
        "3 456 avis", "1.234 opiniones", "レビュー 1,024件", "12K reviews", "no reviews", "Qty: 12", "1,000 pcs", "none", "2.5",
        "1 mil", "5 minutes", "1m sold", "1 mio. verkauft", "über 3 tausend", "超过1000", "1000个以上", "10萬+", "3亿", "1.5 millones",
        "99999999999999999999 sold", "0 sold", "9223372036854775807", "9223372036854775806", "922337203685477580.7k",
        "9.223372036854775807k", "18446744073709551615", "1.5 sold", "0.5k", "1.0005k", "1.001k", "12.5万", "0.0001亿", "1,5 mil", "1'234 sold", "1’234", "١٢٣", "１２３件", "12 345 678",
        // Availability
        "In stock", "Out of stock", "Currently unavailable.", "Sold out", "Pre-order now", "Only 3 left in stock - order soon.",
        "Available on backorder", "Discontinued", "No longer available", "Auf Lager", "Nicht auf Lager", "Ausverkauft",
        "Nur noch 2 Stück auf Lager", "Vorbestellen", "Nicht mehr lieferbar", "有货", "无货", "已售罄", "预售", "仅剩3件",
        "Em estoque", "Esgotado", "Indisponível", "Pré-venda", "Últimas unidades", "在庫あり", "在庫切れ", "予約受付中",
        "お取り寄せ", "残りわずか", "販売終了", "En stock", "Agotado", "Sin stock", "Disponible", "Rupture de stock", "Épuisé",
        "Sur commande", "http://schema.org/InStock", "https://schema.org/OutOfStock", "PreOrder", "schema.org/Discontinued",
        "LimitedAvailability", "Blue, size M", " In Stock ", "\tSOLD OUT\n", "Only 0 left", "Only 007 left",
        "Only 99999999999999999999 left", "only %d left", "In Store Only", "online only", "presale", "http://schema.org/itemavailability/InStock",
        "Limited Availability", "Sold Out", "", " ", "\r\n", "In stock\r\n", "e\u{0301}puise\u{0301}", "İn stock", "ＩＮ ＳＴＯＣＫ",
    ]

    static func bytes(_ d: Decimal?) -> [UInt8]? { d.map { withUnsafeBytes(of: $0) { Array($0) } } }

    static func assertSame(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let label = text.debugDescription
        let rating = RatingParser.parse(text), referenceRating = ReferenceRatingParser.parse(text)
        #expect(rating == referenceRating, "rating \(label)", sourceLocation: sourceLocation)
        #expect(bytes(try? rating.get()) == bytes(try? referenceRating.get()), "rating bytes \(label)", sourceLocation: sourceLocation)
        for kind in [FieldKind.count, .integer] {
            #expect(CountParser.parse(text, as: kind) == ReferenceCountParser.parse(text, as: kind), "\(kind) \(label)",
                    sourceLocation: sourceLocation)
        }
        #expect(SalesParser.parse(text) == ReferenceSalesParser.parse(text), "sales \(label)", sourceLocation: sourceLocation)
        #expect(AvailabilityParser.parse(text) == ReferenceAvailabilityParser.parse(text), "availability \(label)",
                sourceLocation: sourceLocation)
        let scaled = ScaledNumber.all(in: text), referenceScaled = ReferenceScaledNumber.all(in: text)
        #expect(scaled.count == referenceScaled.count, "scaled numbers \(label)", sourceLocation: sourceLocation)
        for (a, b) in zip(scaled, referenceScaled) {
            // Only the value counts (through wholeValue), not its Decimal form.
            #expect(a.value == b.value && a.isLowerBound == b.isLowerBound && a.isScaled == b.isScaled
                    && a.range == b.range, "scaled number \(label)", sourceLocation: sourceLocation)
            #expect(a.wholeValue == b.wholeValue, "whole value \(label)", sourceLocation: sourceLocation)
            if a.knownWhole != nil {
                let decimalWay = ScaledNumber(value: a.value, isLowerBound: false, isScaled: false, range: 0..<0).wholeValue
                #expect(a.wholeValue == decimalWay, "known whole value \(label)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func tableTextsMatchTheReference() {
        for text in Self.tableTexts {
            Self.assertSame(text)
            Self.assertSame(text.uppercased())
            Self.assertSame("  " + text + " ")
        }
        // Shop texts take the fast way.
        for text in ["1.2k sold", "4.5 out of 5 stars", "★★★★☆", "1,234 ratings", "月销 3000+", "在庫あり", "Épuisé"] {
            #expect(FastScaledNumber.all(in: text) != nil && FastRatingParser.parse(text) != nil
                    && FastSalesParser.parse(text) != nil && FastAvailabilityParser.parse(text) != nil, "\(text)")
        }
    }

    /// Pieces of counter and stock texts, and pieces that push the port to its edges.
    static let fragments: [String] = {
        var f = ["0", "1", "2", "3", "5", "9", "00", "10", "12", "100", "123", "1000", "12345", "99999999999999999999",
                 ".", ",", "'", "’", "٫", "٬", " ", " ", " ", "\u{00A0}", "\u{202F}", "\u{2009}", "\u{3000}", "\t", "\n", "\r\n",
                 "-", "–", "/", "%", "+", "(", ")", ":", "*", "★", "☆", "½", "⯪", "★★★", "☆☆",
                 "１", "２", "０", "，", "．", "٣", "²", "Ⅻ", "a", "s", "k", "K", "m", "M", "i", "l", "x", "Σ", "İ", "ı", "ß", "É",
                 "e\u{0301}", "\u{0301}", "\u{200D}", "\u{FE0F}", "😀", "가", "ｶﾞ", "ﬁ", "K",
                 "以上", "のうち", "つ星", "件", "人", "个", "条", "点", "分满分", "満点中", "out of", "of", "von", "de", "sur", "из", "su",
                 "stars", "Sterne", "width: ", "http://schema.org/", "https://schema.org/", "schema.org/", "itemavailability/",
                 "InStock", "OutOfStock", "PreOrder", "BackOrder", "LimitedAvailability", "Discontinued", "SoldOut", "PreSale",
                 "InStoreOnly", "OnlineOnly", "月", "%d"]
        f += ReferenceRatingParser.outOf + ReferenceScaledNumber.multipliers.map(\.0)
        for list in [ReferenceScaledNumber.lowerBoundWords, ReferenceSalesParser.month, ReferenceSalesParser.week,
                     ReferenceSalesParser.day, ReferenceSalesParser.total] {
            f += list.words.map { String(decoding: $0.bytes, as: UTF8.self) }
        }
        for (_, phrases) in ReferenceAvailabilityParser.phrases {
            f += phrases.map { $0.replacingOccurrences(of: "%d", with: "3") }
            f += phrases.filter { $0.contains("%d") }
        }
        return f
    }()

    @Test func generatedTextsMatchTheReference() async {
        await propertyCheck(count: 3000, input: Gen.int(in: 0...(Self.fragments.count - 1)).array(of: 0...8)) { pieces in
            Self.assertSame(pieces.map { Self.fragments[$0] }.joined())
        }
    }

    @Test func generatedNumbersMatchTheReference() async {
        // Mostly digits, separators and multipliers, where the value rules live.
        let pieces = ["1", "2", "9", "0", "00", "123", "5", ".", ",", " ", "\u{00A0}", "'", "’", "٫", "٬", "-", "+", "%", "/",
                      "k", "m", "mil", "mi", "万", "以上", "件", "of", "out of", "sold", "left", "only ", "のうち", "★", "a"]
        await propertyCheck(count: 3000, input: Gen.int(in: 0...(pieces.count - 1)).array(of: 1...10)) { p in
            Self.assertSame(p.map { pieces[$0] }.joined())
        }
    }

    /// The rating port counts stars on the text as given: that holds when every scalar the table
    /// takes is a Character of its own, whatever stands next to it.
    @Test func simpleScalarsStandAlone() {
        var wrong: [UInt32] = []
        for v in 0..<UInt32(0x10000) where ScalarTable.tables.normal[Int(v)] != ScalarTable.notSimple {
            let s = String(Unicode.Scalar(v)!)
            if ("a" + s + "a").count != 3 || ("★" + s).count != 2 || (s + "★").count != 2 { wrong.append(v) }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(20).map { String($0, radix: 16) })")
    }

    /// The units worked out block by block are those of the whole table.
    @Test func blockUnitsMatchTheWholeTable() {
        let t = ScalarTable.tables
        var wrong: [UInt32] = []
        for v in 0..<UInt32(0x10000) {
            let s = t.normal[Int(v)]
            var expected = ScalarUnits.none
            if s != ScalarTable.notSimple, t.lower[Int(s)] != ScalarTable.notSimple {
                let l = t.lower[Int(s)]
                expected = UInt64(s) | UInt64(l) << 21 | UInt64(t.flags[Int(s)]) << 42 | UInt64(t.flags[Int(l)]) << 50
            }
            if ScalarUnits.shared.unit(v) != expected { wrong.append(v) }
        }
        #expect(wrong.isEmpty, "\(wrong.count) differ: \(wrong.prefix(20).map { String($0, radix: 16) })")
    }

    /// The integer shortcut of `normalised` gives the Decimal way's bytes, whenever it answers.
    @Test func normalisedMatchesDecimalArithmetic() {
        var values: [(UInt64, Int)] = []
        for m in 1...1200 { for e in -3...0 { values.append((UInt64(m), e)) } }
        values += [(12345678901234567, 0), (999999999999999999, -18), (5, 2), (1, 1), (250, 0)]
        let scales: [(UInt64, Int)] = [(5, 0), (10, 0), (100, 0), (50, -1), (4, 0), (3, 0), (7, 0), (6, 0), (20, 0), (1, 0), (2, 0),
                                       (5, -1), (1000, 0), (100, -1), (10000, -2), (8, 0), (25, 0), (1, 1), (5, 1)]
        var answered = 0
        for v in values {
            for scale in scales {
                guard let fast = FastRatingParser.fastNormalised(v, scale) else { continue }
                answered += 1
                let reference = ReferenceRatingParser.normalised(Decimal(sign: .plus, exponent: v.1, significand: Decimal(v.0)),
                                                                 scale: Decimal(sign: .plus, exponent: scale.1, significand: Decimal(scale.0)))
                #expect(Self.bytes(fast) == Self.bytes(reference), "\(v) / \(scale): \(fast) vs \(reference)")
            }
        }
        #expect(answered > 20000)
    }
}
