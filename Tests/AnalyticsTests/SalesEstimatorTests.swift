import XCTest
import Model
@testable import Analytics

final class SalesEstimatorTests: XCTestCase {
    let day0 = Date(timeIntervalSince1970: 1_790_000_000)

    func r(_ d: Double, _ count: Int64, _ window: SalesWindow = .total, plus: Bool = false) -> SalesReading {
        SalesReading(day: day0.addingTimeInterval(d * 86_400), sales: SalesCount(count: count, window: window, isLowerBound: plus))
    }

    func testCumulativeCounterIsDifferencedPerDay() {
        let e = SalesEstimator.estimate([r(0, 100), r(1, 130), r(3, 170)])
        XCTAssertEqual(e.map(\.unitsPerDay), [30, 20])
        XCTAssertEqual(e.map(\.method), [.differenced, .differenced])
    }

    func testResetIsFlaggedNeverNegative() {
        let e = SalesEstimator.estimate([r(0, 500), r(1, 20), r(2, 50)])
        XCTAssertNil(e[0].unitsPerDay)
        XCTAssertEqual(e[0].flags, [.reset])
        XCTAssertEqual(e[1].unitsPerDay, 30)
        XCTAssertTrue(e.allSatisfy { ($0.unitsPerDay ?? 0) >= 0 })
    }

    func testLowerBoundsAreUnknownNotZeroAndNotTheBucketGap() {
        let e = SalesEstimator.estimate([r(0, 10_000, plus: true), r(1, 10_000, plus: true), r(2, 20_000, plus: true)])
        XCTAssertNil(e[0].unitsPerDay)
        XCTAssertEqual(e[0].flags, [.lowerBound, .coarse])
        // 1万+ -> 2万+ may be 19,999 -> 20,000: one sale, not 10,000 "at least".
        XCTAssertNil(e[1].unitsPerDay)
        XCTAssertEqual(e[1].flags, [.lowerBound, .coarse])
        // From an exact count to a floor, the gap is a true lower bound.
        let f = SalesEstimator.estimate([r(0, 900), r(1, 1000, plus: true)])
        XCTAssertEqual(f[0].unitsPerDay, 100)
        XCTAssertEqual(f[0].flags, [.lowerBound])
    }

    func testMonthWindowIsDividedByItsLength() {
        let e = SalesEstimator.estimate([r(0, 2000, .month, plus: true), r(1, 3000, .month)])
        XCTAssertEqual(e.map(\.unitsPerDay), [2000.0 / 30, 100])
        XCTAssertEqual(e[0].flags, [.lowerBound])
        XCTAssertEqual(e.map(\.method), [.window, .window])
    }

    func testUnsortedInputIsSortedFirst() {
        XCTAssertEqual(SalesEstimator.estimate([r(2, 170), r(0, 100), r(1, 130)]).map(\.unitsPerDay), [30, 40])
    }
}
