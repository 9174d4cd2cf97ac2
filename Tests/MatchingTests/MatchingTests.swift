import Foundation
import Matching
import Model
import XCTest

final class IdentifierAndTextTests: XCTestCase {
    func testGTINNormalisationAndChecksums() {
        let rows: [(String, String?, UInt)] = [
            ("036000291452", "00036000291452", #line),        // UPC-A
            ("0 36000 29145 2", "00036000291452", #line),     // printed with spaces
            ("4006381333931", "04006381333931", #line),       // EAN-13
            ("10036000291459", "10036000291459", #line),      // GTIN-14 (case of the UPC above)
            ("96385074", "00000096385074", #line),            // EAN-8
            ("0-306-40615-2", "09780306406157", #line),       // ISBN-10 -> 13
            ("978-0-306-40615-7", "09780306406157", #line),   // ISBN-13
            ("4006381333932", nil, #line),                    // wrong check digit
            ("12345", nil, #line),
            ("00000000000000", nil, #line),
            ("ABC123", nil, #line),
        ]
        for (text, want, line) in rows { XCTAssertEqual(GTIN.normalised(text), want, text, line: line) }
        XCTAssertEqual(GTIN.problem(with: "4006381333932"), "check digit 2 should be 1")
    }

    /// Model numbers from real title styles of five markets: `code` must be found, `not` must not be a code.
    func testModelNumberExtraction() {
        let rows: [(title: String, code: String?, not: String?, line: UInt)] = [
            ("Sony WH-1000XM4 Wireless Noise Cancelling Headphones", "wh1000xm4", nil, #line),
            ("SONY WH1000XM4/B Over-Ear Black", "wh1000xm4", nil, #line),
            ("sony wh 1000 xm4 headphones", "wh1000xm4", nil, #line),
            ("Samsung 55\" Class QN55Q80T 4K UHD Smart TV", "qn55q80t", "55", #line),
            ("Apple iPhone 12 128GB Blue", nil, "128gb", #line),
            ("Dyson V11 Torque Drive Cordless Vacuum 2019", "v11", "2019", #line),
            ("Panasonic NN-SN966S 1250W Microwave", "nnsn966s", "1250w", #line),
            ("Sony Turntable - PSLX350H", "pslx350h", nil, #line),
            ("Netgear ProSafe FS105 Ethernet Switch - FS105NA", "fs105na", nil, #line),
            ("Belkin Monitor Cable - F3H982-25", "f3h98225", nil, #line),
            ("Linksys EtherFast EZXS88W Ethernet Switch", "ezxs88w", nil, #line),
            ("Canon EOS 90D DSLR Body", "90d", nil, #line),
            ("Logitech Driving Force Pro - 963293-0403", "9632930403", nil, #line),
            ("HP LaserJet Pro M404dn Monochrome Printer", "m404dn", nil, #line),
            ("Tripp Lite 375-Watt Inverter - PV375", "pv375", "375", #line),
            ("Bose QuietComfort 35 II Wireless", "35ii", nil, #line),
            ("Nikon D3500 w/ AF-P DX 18-55mm VR Lens", "d3500", nil, #line),
            ("Garmin Forerunner 245 Music GPS 010-02120-20", "0100212020", nil, #line),
            ("Miele tw 6689g drill 1200w", "tw6689g", nil, #line),           // spaced, the last piece reads like 6,689 g
            ("Speaker SAMSUNG qa 1442w pro 500ml", "qa1442w", "500ml", #line),
            // German
            ("Bosch Serie 6 WAU28T40 Waschmaschine 9 kg 1400 U/min", "wau28t40", "9kg", #line),
            ("Philips HD9252/90 Airfryer 4,1 l 1400 W schwarz", "hd925290", "4.1", #line),
            ("Siemens iQ500 KG39NAIEP Kühl-Gefrier-Kombination", "kg39naiep", nil, #line),
            ("Miele Complete C3 Staubsauger 890 W", nil, "890w", #line),   // two characters: too short to trust
            ("De'Longhi Magnifica S ECAM 22.110.B Kaffeevollautomat 1,8 l", "ecam22.110b", nil, #line),
            ("Braun Series 9 9390cc Rasierer", "9390cc", nil, #line),
            ("Samsung Galaxy S21 5G 128 GB Phantom Grey", "s21", "128", #line),
            ("Kärcher K 4 Compact Hochdruckreiniger 1800 W", nil, "1800w", #line),
            // Chinese
            ("小米 Redmi Note 12 Pro 8GB+256GB 手机", "note12", "8gb", #line),
            ("华为 HUAWEI MateBook 14 2023 笔记本电脑 i5-1340P", "i51340p", "2023", #line),
            ("美的 MB-FB40Simple101 电饭煲 4L", "mbfb40simple101", "4l", #line),
            ("索尼 WH-1000XM5 头戴式降噪耳机", "wh1000xm5", nil, #line),
            ("格力 KFR-35GW 1.5匹 空调", "kfr35gw", nil, #line),
            ("联想 ThinkPad X1 Carbon Gen 11 14英寸", "gen11", "14", #line),
            // Brazilian
            ("Smart TV LG 50\" 4K UHD 50UQ8050PSB", "50uq8050psb", "50", #line),
            ("Geladeira Brastemp Frost Free BRM44HK 375 litros", "brm44hk", nil, #line),
            ("Fritadeira Elétrica Mondial AF-30 3,5L 1500W", "af30", "1500w", #line),
            ("Notebook Dell Inspiron 15 I15-I1300-A40P 8GB 256GB SSD", "i15i1300a40p", "256gb", #line),
            ("Liquidificador Philips Walita RI2134 2 litros 550W", "ri2134", "550w", #line),
            ("Celular Motorola Moto G54 5G 256GB", "g54", "256gb", #line),
            // Japanese (full-width digits and letters among them)
            ("ソニー ワイヤレスノイズキャンセリングヘッドホン ＷＨ－１０００ＸＭ４ ブラック", "wh1000xm4", nil, #line),
            ("パナソニック 炊飯器 5.5合 SR-FD101-W", "srfd101w", nil, #line),
            ("シャープ 加湿空気清浄機 KI-NS40-W 2022年モデル", "kins40w", nil, #line),
            ("ダイソン Dyson V12 Detect Slim SV30 ABL2", "sv30", nil, #line),
            ("キヤノン EOS R6 Mark II ボディ", "eosr6", nil, #line),
            ("象印 電気ポット ＣＤ－ＫＧ３０ 3.0L", "cdkg30", "3.0l", #line),
        ]
        XCTAssertGreaterThanOrEqual(rows.count, 40)
        for row in rows {
            let t = TitleAnalysis(row.title)
            if let c = row.code { XCTAssertTrue(t.codes.contains(c), "\(row.title): \(t.codes.sorted())", line: row.line) }
            if let n = row.not { XCTAssertFalse(t.codes.contains(n), "\(row.title): \(n) is a size, not a model", line: row.line) }
        }
    }

    func testUnitsAreOneMeasure() {
        let litres = ["Wasserkocher 1,5 l", "Kettle 1.5L", "Kettle 1500ml", "Chaleira 1,5 litros"].map { TitleAnalysis($0).measures }
        for m in litres { XCTAssertEqual(m, [Measure(.volume, 1500)], "\(m)") }
        XCTAssertEqual(TitleAnalysis("TV 55\"").measures, [Measure(.length, 55 * 25.4)])
        XCTAssertEqual(TitleAnalysis("SSD 1TB").measures, [Measure(.storage, 1_048_576)])
        XCTAssertEqual(TitleAnalysis("Toner 2-pack").measures, [Measure(.count, 2)])
        XCTAssertEqual(ProductText.fold("ＷＨ－１０００ＸＭ４ Café"), "wh-1000xm4 cafe")
    }
}

final class MatcherTests: XCTestCase {
    func r(_ id: String, _ title: String, brand: String? = nil, price: String? = nil, currency: String = "USD", gtin: String? = nil) -> ProductRecord {
        ProductRecord(id: id, title: title, brand: brand, price: price.map { Money(amount: Decimal(string: $0)!, currency: currency) }, gtin: gtin)
    }

    func testCrossScriptTitlesMatchTheirModel() {
        let left = [r("jp", "ソニー ワイヤレスヘッドホン ＷＨ－１０００ＸＭ４ ブラック"), r("cn", "索尼 WH-1000XM4 头戴式降噪耳机"),
                    r("de", "Philips Airfryer HD9252/90 4,1 l schwarz")]
        let right = [r("a", "Sony WH1000XM4/B Wireless Headphones"), r("b", "Sony WH-CH520 Headphones"),
                     r("c", "PHILIPS HD9252/90 Air Fryer 4.1L Black"), r("d", "Philips HD9200/90 Air Fryer")]
        var s = MatchSettings()
        s.oneToOne = false
        let m = ProductMatcher(settings: s).match(left: left, right: right)
        XCTAssertTrue(m.contains { $0.leftID == "jp" && $0.rightID == "a" }, "\(m)")
        XCTAssertTrue(m.contains { $0.leftID == "cn" && $0.rightID == "a" }, "\(m)")
        XCTAssertTrue(m.contains { $0.leftID == "de" && $0.rightID == "c" && $0.reason.contains("model") }, "\(m)")
        XCTAssertFalse(m.contains { $0.rightID == "b" || $0.rightID == "d" }, "\(m)")
    }

    func testBundlesAndOtherSizesDoNotMatch() {
        let left = [r("tv55", "Samsung 55\" QN90B Neo QLED TV"), r("ssd1", "Samsung 870 EVO SSD 1TB MZ-77E"), r("cam", "Canon EOS R50 Body")]
        let right = [r("tv65", "Samsung 65\" QN90B Neo QLED TV"), r("ssd2", "Samsung 870 EVO SSD 2TB MZ-77E"),
                     r("bundle", "Canon EOS R50 Body + RF-S 18-45mm Lens Bundle")]
        let m = ProductMatcher(settings: MatchSettings()).match(left: left, right: right)
        XCTAssertEqual(m, [], "\(m)")
    }

    func testSharedGTINWinsAndGivesTheReason() {
        let m = ProductMatcher().match(left: [r("1", "Kettle blue", gtin: "0 36000 29145 2")], right: [r("x", "Wasserkocher", gtin: "036000291452")])
        XCTAssertEqual(m.first?.reason.hasPrefix("gtin"), true)
        XCTAssertGreaterThanOrEqual(m.first?.confidence ?? 0, 0.99)
    }

    /// Blocking never loses a true pair on a generated set, and visits far fewer postings than all pairs.
    func testBlockingRecallOnGeneratedSet() {
        let (left, right, truth) = SyntheticCatalog.make(count: 3000, seed: 7)
        let run = ProductMatcher().run(left: left, right: right)
        let candidates = Set(run.candidates.map { "\(left[$0.left].id)|\(right[$0.right].id)" })
        let lost = truth.filter { !candidates.contains($0) }
        XCTAssertEqual(lost, [], "pairs lost by blocking")
        XCTAssertLessThan(run.candidates.count, 3000 * 40)
        XCTAssertLessThan(run.postingsVisited, 3000 * 3000 / 10)
    }
}
