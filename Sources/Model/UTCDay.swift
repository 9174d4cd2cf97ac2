import Foundation

/// `yyyy-MM-dd` days in UTC, formatted and parsed by hand: reports and FX lookups need one per
/// observation, and a DateFormatter per call costs tens of microseconds.
///
/// Gives exactly what a `DateFormatter` (en_US_POSIX, UTC, "yyyy-MM-dd") gives: for dates from
/// 1900 to 9999 by arithmetic (proleptic Gregorian, the instant rounded to the millisecond the
/// way Foundation rounds it), otherwise through a `DateFormatter`.
///
///     UTCDay.string(from: Date(timeIntervalSince1970: 0))   // "1970-01-01"
///     UTCDay.offset("2026-03-01", -1)                        // "2026-02-28"
public enum UTCDay {
    /// Days since 1970-01-01 of the fast range: 1900-01-01 ... 9999-12-31.
    static let fastDays: ClosedRange<Int> = -25_567...2_932_896

    /// Whole UTC days since 1970-01-01 of an instant (floored).
    public static func number(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) }

    /// yyyy-MM-dd of a day number.
    public static func text(day: Int) -> String {
        fastDays.contains(day) ? string(days: day) : formatter().string(from: Date(timeIntervalSince1970: Double(day) * 86_400))
    }

    /// yyyy-MM-dd of the UTC day an instant falls in (floored, no rounding).
    public static func text(_ date: Date) -> String { text(day: number(date)) }

    public static func string(from date: Date) -> String {
        // Foundation hands ICU the instant in milliseconds, rounded half up.
        let ms = (date.timeIntervalSinceReferenceDate + 978_307_200.0) * 1000.0 + 0.5
        if ms.isFinite, abs(ms) < 1e15 {
            let wholeMs = Int64(ms.rounded(.down))
            let days = Int(wholeMs >= 0 ? wholeMs / 86_400_000 : (wholeMs - 86_399_999) / 86_400_000)
            if fastDays.contains(days) { return string(days: days) }
        }
        return formatter().string(from: date)
    }

    /// `yyyy-MM-ddTHH:mm:ss.SSSZ` in UTC (`yyyy-MM-ddTHH:mm:ssZ` without `milliseconds`), truncated,
    /// as ISO8601DateFormatter writes it: log and lock-file timestamps without a formatter (and
    /// without loading ICU's calendar data); years outside 1900-9999 go through the formatter.
    public static func timestamp(_ date: Date, milliseconds: Bool = true) -> String {
        let ms = (date.timeIntervalSince1970 * 1000).rounded(.down)
        let whole = ms.isFinite && abs(ms) < 1e15 ? Int64(ms) : 0
        let days = Int(whole >= 0 ? whole / 86_400_000 : (whole - 86_399_999) / 86_400_000)
        guard ms.isFinite, abs(ms) < 1e15, fastDays.contains(days) else {
            let f = ISO8601DateFormatter()
            if milliseconds { f.formatOptions = [.withInternetDateTime, .withFractionalSeconds] }
            return f.string(from: date)
        }
        var rest = Int(whole - Int64(days) * 86_400_000)
        let milli = rest % 1000; rest /= 1000
        let sec = rest % 60; rest /= 60
        let min = rest % 60
        let hour = rest / 60
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let fraction = !milliseconds ? "" : milli < 10 ? ".00\(milli)" : milli < 100 ? ".0\(milli)" : ".\(milli)"
        return "\(string(days: days))T\(two(hour)):\(two(min)):\(two(sec))\(fraction)Z"
    }

    /// The day `offset` days after `day` (yyyy-MM-dd), or nil when `day` is not a date.
    public static func offset(_ day: String, _ offset: Int) -> String? {
        if let n = dayNumber(day), fastDays.contains(n + offset) { return string(days: n + offset) }
        let f = formatter()
        guard let d = f.date(from: day) else { return nil }
        return f.string(from: d.addingTimeInterval(Double(offset) * 86_400))
    }

    /// Days since 1970-01-01 of a canonical `yyyy-MM-dd` in the fast range; nil for anything else
    /// (which callers hand to a DateFormatter).
    static func dayNumber(_ day: String) -> Int? {
        var text = day
        return text.withUTF8 { u -> Int? in
            guard u.count == 10, u[4] == 0x2D, u[7] == 0x2D else { return nil }
            func number(_ from: Int, _ to: Int) -> Int? {
                var v = 0
                for i in from..<to {
                    let c = u[i]
                    guard c >= 0x30 && c <= 0x39 else { return nil }
                    v = v * 10 + Int(c - 0x30)
                }
                return v
            }
            guard let y = number(0, 4), let m = number(5, 7), let d = number(8, 10),
                  y >= 1900, m >= 1, m <= 12, d >= 1, d <= daysIn(month: m, year: y) else { return nil }
            return daysFromCivil(y, m, d)
        }
    }

    /// Days in a month of the proleptic Gregorian calendar.
    public static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// H. Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
    public static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// H. Hinnant's civil_from_days: the proleptic Gregorian date of days since 1970-01-01.
    public static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func string(days: Int) -> String {
        let (y, m, d) = civil(days)
        return String(unsafeUninitializedCapacity: 10) { b in
            b[0] = UInt8(0x30 + y / 1000)
            b[1] = UInt8(0x30 + y / 100 % 10)
            b[2] = UInt8(0x30 + y / 10 % 10)
            b[3] = UInt8(0x30 + y % 10)
            b[4] = 0x2D
            b[5] = UInt8(0x30 + m / 10)
            b[6] = UInt8(0x30 + m % 10)
            b[7] = 0x2D
            b[8] = UInt8(0x30 + d / 10)
            b[9] = UInt8(0x30 + d % 10)
            return 10
        }
    }

    static func formatter() -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f
    }
}
