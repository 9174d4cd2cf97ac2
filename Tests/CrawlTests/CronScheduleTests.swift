import XCTest
@testable import Crawl

final class CronScheduleTests: XCTestCase {
    let utc = TimeZone(identifier: "UTC")!

    func date(_ s: String, _ tz: TimeZone? = nil) -> Date {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = tz ?? utc
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.date(from: s)!
    }

    func text(_ d: Date?, _ tz: TimeZone? = nil) -> String {
        guard let d else { return "never" }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = tz ?? utc
        f.dateFormat = "yyyy-MM-dd HH:mm EEE"
        return f.string(from: d)
    }

    /// Each row: expression, after (UTC), expected next fire (UTC).
    func testNextFireTable() throws {
        let rows: [(String, String, String)] = [
            ("* * * * *", "2026-01-01 00:00", "2026-01-01 00:01 Thu"),
            ("*/15 * * * *", "2026-01-01 00:07", "2026-01-01 00:15 Thu"),
            ("5/15 * * * *", "2026-01-01 00:21", "2026-01-01 00:35 Thu"),
            ("0 */6 * * *", "2026-01-01 06:00", "2026-01-01 12:00 Thu"),
            ("30 2 * * *", "2026-01-01 03:00", "2026-01-02 02:30 Fri"),
            ("0 9 * * mon-fri", "2026-01-02 10:00", "2026-01-05 09:00 Mon"),   // Fri -> Mon
            ("0 9 * * MON,wed", "2026-01-05 09:00", "2026-01-07 09:00 Wed"),
            ("0 0 * * 7", "2026-01-01 00:00", "2026-01-04 00:00 Sun"),         // 7 = Sunday
            ("0 0 31 * *", "2026-02-01 00:00", "2026-03-31 00:00 Tue"),        // skips 30-day months and Feb
            ("0 0 29 2 *", "2026-01-01 00:00", "2028-02-29 00:00 Tue"),        // next leap day
            ("0 0 1 jan,jul *", "2026-02-01 00:00", "2026-07-01 00:00 Wed"),
            ("0 12 1-7 * 1", "2026-01-01 13:00", "2026-01-02 12:00 Fri"),      // dom OR dow when both set
            ("10-20/5 8 * * *", "2026-01-01 08:11", "2026-01-01 08:15 Thu"),
            ("@daily", "2026-01-01 00:00", "2026-01-02 00:00 Fri"),
            ("@hourly", "2026-01-01 00:59", "2026-01-01 01:00 Thu"),
            ("0 0 L * *".replacingOccurrences(of: "L", with: "28-31"), "2026-02-27 00:00", "2026-02-28 00:00 Sat"),
        ]
        for (expr, after, expected) in rows {
            let s = try CronSchedule(expr, timeZone: utc)
            XCTAssertEqual(text(s.nextFire(after: date(after))), expected, expr)
        }
    }

    func testImpossibleDateNeverFires() throws {
        XCTAssertNil(try CronSchedule("0 0 30 2 *").nextFire(after: date("2026-01-01 00:00")))
    }

    func testIntervals() throws {
        let s = try CronSchedule("every 6h")
        XCTAssertEqual(s.nextFire(after: date("2026-01-01 01:00")), date("2026-01-01 07:00"))
        XCTAssertEqual(try CronSchedule("every 90m").nextFire(after: date("2026-01-01 00:00")), date("2026-01-01 01:30"))
        XCTAssertEqual(try CronSchedule("every 1d").nextFire(after: date("2026-01-01 00:00")), date("2026-01-02 00:00"))
    }

    func testJobTimeZone() throws {
        let ny = TimeZone(identifier: "America/New_York")!
        let s = try CronSchedule("0 9 * * *", timeZone: ny)
        // 09:00 in New York in January is 14:00 UTC.
        XCTAssertEqual(text(s.nextFire(after: date("2026-01-05 10:00"))), "2026-01-05 14:00 Mon")
        // ... and 13:00 UTC in July (EDT).
        XCTAssertEqual(text(s.nextFire(after: date("2026-07-06 10:00"))), "2026-07-06 13:00 Mon")
    }

    func testSpringForwardGapFiresAtTheJump() throws {
        // Europe/Berlin skips 02:00-03:00 on 2026-03-29 (01:00 UTC). A 02:30 job fires at the jump.
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let s = try CronSchedule("30 2 * * *", timeZone: berlin)
        let fire = s.nextFire(after: date("2026-03-28 12:00"))
        XCTAssertEqual(text(fire), "2026-03-29 01:00 Sun")
        XCTAssertEqual(text(fire, berlin), "2026-03-29 03:00 Sun")
        // The next day it is back to 02:30 local (00:30 UTC in summer time).
        XCTAssertEqual(text(s.nextFire(after: fire!)), "2026-03-30 00:30 Mon")
    }

    func testFallBackRepeatFiresOnce() throws {
        // Europe/Berlin repeats 02:00-03:00 on 2026-10-25. A 02:30 job fires once, at the first 02:30 (00:30 UTC).
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let s = try CronSchedule("30 2 * * *", timeZone: berlin)
        let first = s.nextFire(after: date("2026-10-24 12:00"))
        XCTAssertEqual(text(first), "2026-10-25 00:30 Sun")
        XCTAssertEqual(text(s.nextFire(after: first!)), "2026-10-26 01:30 Mon")
    }

    func testHourlyAcrossFallBackFiresEachRealHour() throws {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let s = try CronSchedule("0 * * * *", timeZone: berlin)
        var t = date("2026-10-24 23:30")
        var fires: [String] = []
        for _ in 0..<4 { t = s.nextFire(after: t)!; fires.append(text(t)) }
        // Local 02:00 happens twice; the first occurrence counts, 03:00 local is 02:00 UTC.
        XCTAssertEqual(fires, ["2026-10-25 00:00 Sun", "2026-10-25 02:00 Sun", "2026-10-25 03:00 Sun", "2026-10-25 04:00 Sun"])
    }

    func testIsDue() throws {
        let s = try CronSchedule("0 */6 * * *")
        XCTAssertTrue(s.isDue(lastRun: nil, now: date("2026-01-01 01:00")))
        XCTAssertFalse(s.isDue(lastRun: date("2026-01-01 06:00"), now: date("2026-01-01 11:59")))
        XCTAssertTrue(s.isDue(lastRun: date("2026-01-01 06:00"), now: date("2026-01-01 12:00")))
        XCTAssertTrue(s.isDue(lastRun: date("2026-01-01 06:00"), now: date("2026-01-03 00:00")))
    }

    func testErrorsSayWhatIsWrong() {
        let bad: [(String, String)] = [
            ("* * * *", "expected 5 fields"),
            ("60 * * * *", "minute '60' is outside 0-59"),
            ("* 24 * * *", "hour '24' is outside 0-23"),
            ("* * * foo *", "month 'foo' is outside 1-12 and not a name like 'jan'"),
            ("*/0 * * * *", "bad minute step"),
            ("5-1 * * * *", "runs backwards"),
            ("every 6x", "interval unit"),
            ("every h", "positive whole number"),
        ]
        for (expr, message) in bad {
            XCTAssertThrowsError(try CronSchedule(expr), expr) { error in
                XCTAssertTrue("\(error)".contains(message), "\(expr): \(error)")
            }
        }
    }
}

/// UTC schedules are evaluated by hand (no Calendar, no ICU); a zone with the same (zero) offset
/// goes the Calendar way, so the two must agree everywhere.
final class CronScheduleUTCTests: XCTestCase {
    func testCivilDaysAgreeWithTheGregorianCalendar() {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        // From the Gregorian reform (1582-10-15, day -141427) on; before it Foundation's calendar is Julian.
        for days in stride(from: -141_427, through: 800_000, by: 997) + [-141_427, -1, 0, 1, 11_016, 11_017, 20_513] {
            let c = cal.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(days) * 86_400))
            let civil = CronSchedule.civil(fromDays: days)
            XCTAssertEqual([civil.year, civil.month, civil.day], [c.year!, c.month!, c.day!], "\(days)")
            XCTAssertEqual(CronSchedule.days(year: civil.year, month: civil.month, day: civil.day), days)
        }
    }

    func testUTCByHandAgreesWithTheCalendarPath() throws {
        let utc = TimeZone(identifier: "UTC")!
        let zeroOffset = try XCTUnwrap(TimeZone(identifier: "Etc/UTC"))  // UTC under another name: the Calendar path
        let expressions = ["* * * * *", "*/7 * * * *", "0 */6 * * *", "30 2 * * mon-fri", "0 0 29 2 *", "0 0 31 * *",
                           "15 10 1-7 * 1", "0 0 1 jan,jul *", "59 23 31 12 *", "0 0 30 2 *", "@weekly", "5/20 3-5 * * sun"]
        var after = Date(timeIntervalSince1970: 946_684_799.5)  // 1999-12-31T23:59:59.5Z
        for i in 0..<600 {
            let expr = expressions[i % expressions.count]
            let byHand = try CronSchedule(expr, timeZone: utc), byCalendar = try CronSchedule(expr, timeZone: zeroOffset)
            XCTAssertTrue(byHand.isUTC)
            XCTAssertFalse(byCalendar.isUTC)
            XCTAssertEqual(byHand.nextFire(after: after), byCalendar.nextFire(after: after), "\(expr) after \(after)")
            after = after.addingTimeInterval(1_234_567.25)
        }
        XCTAssertNil(try CronSchedule("0 0 30 2 *", timeZone: utc).nextFire(after: after))
        // Around and before the reform the Calendar still answers, as before.
        XCTAssertEqual(CronSchedule.days(year: 1582, month: 10, day: 15) * 86_400, Int(CronSchedule.gregorianStart))
        let starts: [TimeInterval] = [-12_219_292_800 - 86_400 * 3, -12_219_292_800 - 1, -12_219_292_800, -20_000_000_000]
        for start in starts {
            let d = Date(timeIntervalSince1970: start)
            XCTAssertEqual(try CronSchedule("30 2 * * *", timeZone: utc).nextFire(after: d),
                           try CronSchedule("30 2 * * *", timeZone: zeroOffset).nextFire(after: d), "\(d)")
        }
    }
}
