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

    func testPriceIndex() {
        XCTAssertEqual(PriceSeries.priceIndex(d("95"), marketPrices: [d("90"), d("100"), d("110")]), d("0.95"))
        XCTAssertNil(PriceSeries.priceIndex(d("95"), marketPrices: []))
    }
}
