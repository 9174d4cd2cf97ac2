import XCTest
@testable import Analytics

final class PriceSeriesTests: XCTestCase {
    let day0 = Date(timeIntervalSince1970: 1_790_000_000)
    func d(_ s: String) -> Decimal { Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))! }
    func series(_ prices: [String]) -> PriceSeries {
        PriceSeries(points: prices.enumerated().map { PriceSeries.Point(at: day0.addingTimeInterval(Double($0.offset) * 86_400), price: d($0.element)) })
    }

    func testWindowStatistics() throws {
        let s = series(["20.00", "19.00", "18.00", "22.00", "21.00"])
        let end = day0.addingTimeInterval(4 * 86_400)
        let w7 = try XCTUnwrap(s.window(days: 7, endingAt: end))
        XCTAssertEqual(w7.min, d("18"))
        XCTAssertEqual(w7.max, d("22"))
        XCTAssertEqual(w7.median, d("20"))
        XCTAssertEqual(w7.changePercent, d("5"))
        let w2 = try XCTUnwrap(s.window(days: 2, endingAt: end))
        XCTAssertEqual(w2.count, 2)
        XCTAssertEqual(w2.median, d("21.5"))
        XCTAssertNil(s.window(days: 7, endingAt: day0.addingTimeInterval(-86_400)))
    }

    func testOneCentGlitchAndParseErrorsAreOutliersButPromotionsAreNot() {
        let s = series(["100.00", "99.00", "0.01", "101.00", "50.00", "100.00", "9999.00", "98.00"])
        XCTAssertEqual(s.outliers(), [2, 6])
        let stats = s.window(days: 30, endingAt: day0.addingTimeInterval(7 * 86_400), excluding: s.outliers())!
        XCTAssertEqual(stats.min, d("50"))
        XCTAssertEqual(stats.max, d("101"))
    }

    func testTooLittleHistoryFlagsNothing() {
        XCTAssertEqual(series(["100", "1"]).outliers(), [])
    }

    func testOutliersMatchThePairwiseScan() {
        // Irregular times (several a day, gaps), repeated prices, glitches, zeros and exact bounds.
        var rng = SplitMix(seed: 7)
        for round in 0..<300 {
            var t = day0
            var points: [PriceSeries.Point] = []
            let n = Int(rng.next() % 80)
            for _ in 0..<n {
                t = t.addingTimeInterval(Double(rng.next() % 5) * 21_600 + (round % 3 == 0 ? 0 : Double(rng.next() % 1000) / 10))
                let base = 1000 + Int(rng.next() % 40) * 25
                let price: Decimal
                switch rng.next() % 20 {
                case 0: price = Decimal(1) / 100
                case 1: price = Decimal(base) * 3 / 100
                case 2: price = Decimal(base) * 7 / 2000   // exactly 35% of a base price
                case 3: price = Decimal(base) * 28 / 1000   // exactly 280% of a base price
                case 4: price = 0
                case 5: price = Decimal(string: "\(base / 100).\(base % 100)0")!  // the same value, other scale
                default: price = Decimal(base) / 100
                }
                points.append(PriceSeries.Point(at: t, price: price))
            }
            let s = PriceSeries(points: points)
            XCTAssertEqual(s.outliers(), s.outliersByScan(), "round \(round)")
            XCTAssertEqual(s.outliers(radiusDays: 2, low: 0.9, high: 1.1), s.outliersByScan(radiusDays: 2, low: 0.9, high: 1.1), "round \(round)")
        }
    }

    func testPriceIndex() {
        XCTAssertEqual(PriceSeries.priceIndex(d("95"), marketPrices: [d("90"), d("100"), d("110")]), d("0.95"))
        XCTAssertNil(PriceSeries.priceIndex(d("95"), marketPrices: []))
    }
}

/// A small deterministic generator for repeatable random series.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
