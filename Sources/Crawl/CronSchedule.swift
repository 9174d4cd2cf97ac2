import Foundation
import Model

/// When a job runs: a 5-field cron expression or an interval, read in the job's time zone.
///
///     let s = try CronSchedule("30 2 * * mon-fri", timeZone: TimeZone(identifier: "Europe/Berlin")!)
///     s.nextFire(after: now)   // the next weekday 02:30 Berlin time
///
/// Wall times a DST change skips (02:30 on the spring-forward night) fire at the moment the clocks
/// jump; wall times it repeats fire once, at their first occurrence - as cronie does.
public struct CronSchedule: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case cron(minutes: Set<Int>, hours: Set<Int>, daysOfMonth: Set<Int>, months: Set<Int>, daysOfWeek: Set<Int>,
                  domRestricted: Bool, dowRestricted: Bool)
        case every(seconds: Int)
    }

    public let expression: String
    public let kind: Kind
    public let timeZone: TimeZone

    public var description: String { expression }

    public init(_ expression: String, timeZone: TimeZone = TimeZone(identifier: "UTC")!) throws {
        self.expression = expression
        self.timeZone = timeZone
        self.kind = try CronSchedule.parse(expression.trimmingCharacters(in: .whitespaces))
    }

    // MARK: - Evaluation

    /// The first fire time strictly after `date`, or nil if the expression can never fire (e.g. Feb 30).
    public func nextFire(after date: Date) -> Date? {
        switch kind {
        case .every(let seconds):
            return date.addingTimeInterval(TimeInterval(seconds))
        case let .cron(minutes, hours, doms, months, dows, domR, dowR) where isUTC && date.timeIntervalSince1970 >= CronSchedule.gregorianStart:
            // UTC by hand: no Calendar, so `run --due` over UTC jobs never loads ICU's calendar data.
            let seconds = date.timeIntervalSince1970.rounded(.down)
            let days = Int((seconds / 86_400).rounded(.down))
            var (y, m, d) = CronSchedule.civil(fromDays: days)
            let sortedHours = hours.sorted(), sortedMinutes = minutes.sorted()
            for offset in 0..<(366 * 5) {
                if months.contains(m), CronSchedule.dayMatches(year: y, month: m, day: d, doms: doms, dows: dows, domRestricted: domR, dowRestricted: dowR) {
                    for h in sortedHours {
                        for mi in sortedMinutes {
                            let t = Date(timeIntervalSince1970: TimeInterval((days + offset) * 86_400 + h * 3600 + mi * 60))
                            if t > date { return t }
                        }
                    }
                }
                d += 1
                if d > CronSchedule.daysIn(year: y, month: m) { d = 1; m += 1 }
                if m > 12 { m = 1; y += 1 }
            }
            return nil
        case let .cron(minutes, hours, doms, months, dows, domR, dowR):
            var cal = Calendar(identifier: .gregorian)
            cal.timeZone = timeZone
            let sortedHours = hours.sorted(), sortedMinutes = minutes.sorted()
            // Start from the local day containing `date`; scan at most ~5 years of days.
            var day = cal.dateComponents([.year, .month, .day], from: date)
            for _ in 0..<(366 * 5) {
                guard let y = day.year, let m = day.month, let d = day.day else { return nil }
                if months.contains(m), CronSchedule.dayMatches(year: y, month: m, day: d, doms: doms, dows: dows, domRestricted: domR, dowRestricted: dowR) {
                    for h in sortedHours {
                        for mi in sortedMinutes {
                            if let t = instant(year: y, month: m, day: d, hour: h, minute: mi), t > date {
                                return t
                            }
                        }
                    }
                }
                day = CronSchedule.nextDay(day)
            }
            return nil
        }
    }

    /// Whether a fire time has come in `(since, now]`. A job that never ran is due at once.
    public func isDue(lastRun: Date?, now: Date) -> Bool {
        guard let lastRun else { return true }
        guard let next = nextFire(after: lastRun) else { return false }
        return next <= now
    }

    /// Whether the schedule's zone is UTC itself, read by hand (the identifier is stored; asking
    /// the zone for offsets would go to ICU).
    var isUTC: Bool { timeZone.identifier == "UTC" || timeZone.identifier == "GMT" }

    /// 1582-10-15T00:00Z, seconds since 1970: Foundation's "gregorian" calendar is Julian before it,
    /// so the arithmetic by hand only answers from then on.
    static let gregorianStart: TimeInterval = -12_219_292_800

    /// Days since 1970-01-01 of a proleptic Gregorian date, and back (UTCDay's civil algorithms).
    static func days(year: Int, month: Int, day: Int) -> Int { UTCDay.daysFromCivil(year, month, day) }

    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) { UTCDay.civil(days) }

    /// The instant a local wall time denotes: its first occurrence when repeated, the end of the gap
    /// when skipped.
    func instant(year: Int, month: Int, day: Int, hour: Int, minute: Int) -> Date? {
        let asUTC: Date
        let days = CronSchedule.days(year: year, month: month, day: day)
        if TimeInterval(days * 86_400) >= CronSchedule.gregorianStart {
            asUTC = Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60))
        } else {
            // Foundation's calendar is Julian before the Gregorian reform: keep its answers there.
            var utc = Calendar(identifier: .gregorian)
            utc.timeZone = TimeZone(identifier: "UTC")!
            guard let d = utc.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)) else { return nil }
            asUTC = d
        }
        // Offsets in force around that wall time: the instant is asUTC - offset for one of them.
        let offsets = Set([-86_400.0, 0, 86_400.0].map { timeZone.secondsFromGMT(for: asUTC.addingTimeInterval($0)) })
        let candidates = offsets.map { asUTC.addingTimeInterval(TimeInterval(-$0)) }
            .filter { TimeInterval(timeZone.secondsFromGMT(for: $0)) == asUTC.timeIntervalSince($0) }
        if let first = candidates.min() { return first }
        // Skipped by a DST jump: fire at the transition.
        return timeZone.nextDaylightSavingTimeTransition(after: asUTC.addingTimeInterval(-86_400 * 1.5))
    }

    static func dayMatches(year: Int, month: Int, day: Int, doms: Set<Int>, dows: Set<Int>, domRestricted: Bool, dowRestricted: Bool) -> Bool {
        let dow = dayOfWeek(year: year, month: month, day: day)
        let domOK = doms.contains(day), dowOK = dows.contains(dow)
        // Vixie cron: when both fields are restricted, either may match.
        if domRestricted && dowRestricted { return domOK || dowOK }
        return domOK && dowOK
    }

    /// 0 = Sunday (Sakamoto's method, no calendar needed).
    static func dayOfWeek(year: Int, month: Int, day: Int) -> Int {
        let t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
        let y = month < 3 ? year - 1 : year
        return (y + y / 4 - y / 100 + y / 400 + t[month - 1] + day) % 7
    }

    static func daysIn(year: Int, month: Int) -> Int { UTCDay.daysIn(month: month, year: year) }

    static func nextDay(_ c: DateComponents) -> DateComponents {
        var y = c.year!, m = c.month!, d = c.day! + 1
        if d > daysIn(year: y, month: m) { d = 1; m += 1 }
        if m > 12 { m = 1; y += 1 }
        return DateComponents(year: y, month: m, day: d)
    }

    // MARK: - Parsing

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    static func parse(_ text: String) throws -> Kind {
        let lower = text.lowercased()
        if lower.hasPrefix("every ") { return .every(seconds: try parseInterval(String(lower.dropFirst(6)), whole: text)) }
        let macros = ["@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
                      "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"]
        let expanded = macros[lower] ?? lower
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw CronError(expression: text, reason: "expected 5 fields (minute hour day-of-month month day-of-week) or 'every <n><s|m|h|d>', found \(fields.count)")
        }
        let minutes = try parseField(fields[0], name: "minute", range: 0...59, names: [], whole: text)
        let hours = try parseField(fields[1], name: "hour", range: 0...23, names: [], whole: text)
        let doms = try parseField(fields[2], name: "day-of-month", range: 1...31, names: [], whole: text)
        let months = try parseField(fields[3], name: "month", range: 1...12, names: monthNames, whole: text)
        var dows = try parseField(fields[4], name: "day-of-week", range: 0...7, names: dayNames, whole: text)
        if dows.remove(7) != nil { dows.insert(0) }  // 7 is Sunday too
        return .cron(minutes: minutes, hours: hours, daysOfMonth: doms, months: months, daysOfWeek: dows,
                     domRestricted: !fields[2].hasPrefix("*"), dowRestricted: !fields[4].hasPrefix("*"))
    }

    static func parseInterval(_ text: String, whole: String) throws -> Int {
        let t = text.trimmingCharacters(in: .whitespaces)
        let digits = t.prefix(while: \.isNumber)
        let unit = t.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        let scale: Int
        switch unit {
        case "s", "sec", "second", "seconds": scale = 1
        case "m", "min", "minute", "minutes": scale = 60
        case "h", "hour", "hours": scale = 3600
        case "d", "day", "days": scale = 86_400
        default: throw CronError(expression: whole, reason: "interval unit must be s, m, h or d (e.g. 'every 6h')")
        }
        guard let n = Int(digits), n > 0, n <= 366 * 86_400 / scale else {
            throw CronError(expression: whole, reason: "interval needs a positive whole number (e.g. 'every 6h')")
        }
        return n * scale
    }

    static func parseField(_ field: String, name: String, range: ClosedRange<Int>, names: [String], whole: String) throws -> Set<Int> {
        var result = Set<Int>()
        for part in field.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, !pieces[0].isEmpty else { throw CronError(expression: whole, reason: "bad \(name) item '\(part)'") }
            var step = 1
            if pieces.count == 2 {
                guard let s = Int(pieces[1]), s > 0 else { throw CronError(expression: whole, reason: "bad \(name) step '\(pieces[1])'") }
                step = s
            }
            let lo: Int, hi: Int
            if pieces[0] == "*" {
                lo = range.lowerBound; hi = name == "day-of-week" ? 6 : range.upperBound
            } else {
                let bounds = pieces[0].split(separator: "-", omittingEmptySubsequences: false)
                guard bounds.count <= 2 else { throw CronError(expression: whole, reason: "bad \(name) range '\(pieces[0])'") }
                lo = try value(String(bounds[0]), name: name, range: range, names: names, whole: whole)
                if bounds.count == 2 {
                    hi = try value(String(bounds[1]), name: name, range: range, names: names, whole: whole)
                } else {
                    hi = pieces.count == 2 ? range.upperBound : lo  // "5/15" means 5-59/15
                }
                guard lo <= hi else { throw CronError(expression: whole, reason: "\(name) range '\(pieces[0])' runs backwards") }
            }
            result.formUnion(stride(from: lo, through: hi, by: step))
        }
        return result
    }

    static func value(_ text: String, name: String, range: ClosedRange<Int>, names: [String], whole: String) throws -> Int {
        if let i = names.firstIndex(of: text) { return i + range.lowerBound }
        guard let v = Int(text), range.contains(v) else {
            throw CronError(expression: whole, reason: "\(name) '\(text)' is outside \(range.lowerBound)-\(range.upperBound)\(names.isEmpty ? "" : " and not a name like '\(names[0])'")")
        }
        return v
    }
}

/// A schedule that does not parse, with what is wrong.
public struct CronError: Error, Equatable, CustomStringConvertible {
    public let expression: String
    public let reason: String
    public var description: String { "schedule '\(expression)': \(reason)" }
}
