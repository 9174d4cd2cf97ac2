import XCTest
import Model

/// The hand-written formatters give what the Foundation formatters they replace give.
final class FastFormattingTests: XCTestCase {
    var rng = SplitMix(seed: 11)

    func testUTCDayMatchesDateFormatter() {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        var dates: [Date] = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -1e12), Date(timeIntervalSince1970: 4e11)]
        for _ in 0..<3000 {
            let midnight = Double(Int(rng.next() % 3_000_000) - 30_000) * 86_400 - 978_307_200
            for offset in [-0.0006, -0.0005, -0.0004, 0, 0.0004, 3600 * 13.5] { dates.append(Date(timeIntervalSinceReferenceDate: midnight + offset)) }
        }
        for d in dates { XCTAssertEqual(UTCDay.string(from: d), f.string(from: d), "\(d.timeIntervalSinceReferenceDate)") }
        for text in ["2026-02-28", "2024-02-29", "2026-02-29", "2026-13-01", "2026-1-5", " 2026-01-05", "1899-12-31", "10000-01-01", "", "x"] {
            for offset in [-7, 0, 3] {
                XCTAssertEqual(UTCDay.offset(text, offset), f.date(from: text).map { f.string(from: $0.addingTimeInterval(Double(offset) * 86_400)) }, text)
            }
        }
    }

    func testPlainTextMatchesNSDecimalNumberText() {
        func reference(_ value: Decimal, _ digits: Int) -> String {
            var v = value, r = Decimal()
            NSDecimalRound(&r, &v, digits, .bankers)
            let negative = r < 0
            var text = NSDecimalNumber(decimal: negative ? -r : r).stringValue
            if digits > 0 {
                if let dot = text.firstIndex(of: ".") {
                    let have = text.distance(from: text.index(after: dot), to: text.endIndex)
                    if have < digits { text += String(repeating: "0", count: digits - have) }
                } else {
                    text += "." + String(repeating: "0", count: digits)
                }
            }
            return negative ? "-" + text : text
        }
        var values: [Decimal] = [0, 1, -1, Decimal(string: "0.005")!, Decimal(string: "-0.015")!, Decimal(string: "1e25")!, Decimal(string: "1e-25")!,
                                 Decimal(string: "100.000")!, Decimal(UInt64.max), Decimal(string: "123456789012345678901234567890.5")!]
        for _ in 0..<5000 {
            let m = Decimal(Int64(rng.next() % 20_000_000_000) - 10_000_000_000)
            let e = Int(rng.next() % 20) - 12
            let v = e >= 0 ? m * pow(Decimal(10), e) : m / pow(Decimal(10), -e)
            values += [v, v * Decimal(string: "1.0834")! / 3]
        }
        for v in values { for digits in 0...3 { XCTAssertEqual(Money.plainText(v, fractionDigits: digits), reference(v, digits), "\(v)") } }
    }

    func testTimestampMatchesISO8601FormatterToTheMillisecond() {
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -1), Date(timeIntervalSince1970: 951_782_400.999),
                     Date(timeIntervalSince1970: 1_795_000_000.5), Date(timeIntervalSince1970: 4_102_444_799.25)]
        var g = SystemRandomNumberGenerator()
        for _ in 0..<500 { dates.append(Date(timeIntervalSince1970: Double(Int64.random(in: -2_000_000_000_000...8_000_000_000_000, using: &g)) / 1000)) }
        for d in dates {
            // Compare on whole milliseconds (the formatter may round where this truncates).
            let whole = Date(timeIntervalSince1970: (d.timeIntervalSince1970 * 1000).rounded(.down) / 1000 + 0.0001)
            XCTAssertEqual(UTCDay.timestamp(whole), iso.string(from: whole), "\(d.timeIntervalSince1970)")
        }
        XCTAssertEqual(UTCDay.timestamp(Date(timeIntervalSince1970: 1_795_000_000.5)), "2026-11-18T11:06:40.500Z")
        // Outside 1900-9999 the formatter answers (the timestamp, not just its day).
        let plain = ISO8601DateFormatter()
        for t in [-5_000_000_000.0, 300_000_000_000.0] {
            XCTAssertEqual(UTCDay.timestamp(Date(timeIntervalSince1970: t)), iso.string(from: Date(timeIntervalSince1970: t)))
            XCTAssertEqual(UTCDay.timestamp(Date(timeIntervalSince1970: t), milliseconds: false), plain.string(from: Date(timeIntervalSince1970: t)))
        }
        XCTAssertEqual(UTCDay.timestamp(Date(timeIntervalSince1970: 1_795_000_000.5), milliseconds: false), "2026-11-18T11:06:40Z")
    }
}
