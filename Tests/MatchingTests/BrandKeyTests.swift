import Matching
import Model
import XCTest

/// Katakana brand spellings against their Latin forms, and the sizes German and Brazilian shops write.
final class BrandKeyTests: XCTestCase {
    func testKatakanaBrandsSoundLikeTheirLatinSpelling() {
        let rows: [(kana: String, latin: String, same: Bool, line: UInt)] = [
            ("ソニー", "sony", true, #line),
            ("パナソニック", "panasonic", true, #line),
            ("キヤノン", "canon", true, #line),
            ("シャープ", "sharp", true, #line),           // the r after a vowel is silent in katakana
            ("フィリップス", "philips", true, #line),
            ("ダイソン", "dyson", true, #line),
            ("ボーズ", "bose", true, #line),
            ("ニコン", "nikon", true, #line),
            ("ノルトヴィント", "nordwind", true, #line),   // ... and kept where it is pronounced
            ("ホシノ", "hoshino", true, #line),
            ("ヴィラノーヴァ", "vilanova", true, #line),
            ("ケストレル", "kestrel", true, #line),
            ("ブリーザ", "brisa", true, #line),
            ("ソニー", "samsung", false, #line),
            ("パナソニック", "philips", false, #line),
            ("キヤノン", "nikon", false, #line),
            ("ダイソン", "sanyo", false, #line),
            ("ホシノ", "honda", false, #line),
        ]
        for r in rows {
            let k = BrandKey.kana(r.kana)
            XCTAssertNotNil(k, r.kana, line: r.line)
            XCTAssertEqual(BrandKey.latin(r.latin).contains(k ?? "-"), r.same, "\(r.kana) \(k ?? "nil") vs \(r.latin) \(BrandKey.latin(r.latin))", line: r.line)
        }
        XCTAssertNil(BrandKey.kana("オーロラ"), "one consonant is too little to tell a brand by")
    }

    func testThousandsDotsAndCJKUnits() {
        let rows: [(title: String, want: [Measure], line: UInt)] = [
            ("Powerbank 10.000 mAh", [Measure(.charge, 10_000)], #line),
            ("Carregador Portátil 20.000mAh", [Measure(.charge, 20_000)], #line),
            ("Secador de Cabelo 1.800W", [Measure(.power, 1800)], #line),
            ("Wasserkocher 1,7 l", [Measure(.volume, 1700)], #line),
            ("Staubsauger 1.500 W", [Measure(.power, 1500)], #line),      // a dot before three digits is a thousands dot
            ("充电宝 10000毫安", [Measure(.charge, 10_000)], #line),
            ("厨师刀 24厘米", [Measure(.length, 240)], #line),
            ("精华液 30毫升", [Measure(.volume, 30)], #line),
            ("ヨガマット ６ｍｍ", [Measure(.length, 6)], #line),
        ]
        for r in rows { XCTAssertEqual(TitleAnalysis(r.title).measures, r.want, r.title, line: r.line) }
        XCTAssertTrue(TitleAnalysis("De'Longhi ECAM 22.110.B").codes.contains("ecam22.110b"), "a model number with dots is no amount")
    }

    func testKatakanaBrandModelAndSizeMatchAndTheOtherSizeDoesNot() {
        let mine = [ProductRecord(id: "PW-1", title: "Hoshino S 715 Electric Kettle 1.5 L", price: Money(amount: 64, currency: "USD")),
                    ProductRecord(id: "PW-2", title: "Aurora S 715 Yoga Mat 6 mm", price: Money(amount: 30, currency: "USD"))]
        let theirs = [ProductRecord(id: "jp1", title: "ホシノ 電気ケトル Ｓ７１５ １．５Ｌ", brand: "ホシノ"),
                      ProductRecord(id: "jp2", title: "ホシノ 電気ケトル Ｓ７１５ １．７Ｌ", brand: "ホシノ"),
                      ProductRecord(id: "de1", title: "Hoshino S-715 Wasserkocher, 1,7 l", brand: "Hoshino")]
        let m = ProductMatcher().match(left: mine, right: theirs)
        XCTAssertEqual(m.filter { $0.leftID == "PW-1" }.map(\.rightID), ["jp1"], "the 1.7 l kettles are other products: \(m)")
        XCTAssertTrue(m.first?.reason.hasPrefix("brand+model+size") ?? false, "\(m)")
        // The same model number under another brand's words is only worth a look, never a match.
        XCTAssertEqual(m.filter { $0.leftID == "PW-2" && $0.confidence >= 0.5 }, [], "\(m)")
    }
}
