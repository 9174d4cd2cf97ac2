import XCTest
@testable import Report

final class FixedTextTests: XCTestCase {
    func testMatchesPrintf() {
        var values: [Double] = [0, -0.0, 0.05, 0.15, 0.25, 0.35, 2.5, -2.5, -0.04, 0.005, 1.005, 999.95, 1e14, 1e16, -1e20, .infinity, .nan, 0.125]
        var state: UInt64 = 5
        for k in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            values += [Double(k) / 20, -Double(k) / 2000, Double(k) * 0.005, Double(state >> 11) / Double(1 << 53) * 2000 - 1000]
        }
        for v in values { for digits in 0...6 { XCTAssertEqual(FixedText.format(v, digits: digits), String(format: "%.\(digits)f", v), "\(v)") } }
    }
}
