import Foundation

/// Reads a date as shops and reviews write it, resolved in the site's time zone: ISO 8601,
/// "March 3, 2025", "3. März 2025", "2025年3月3日", "3 de março de 2025", "3/3/2025" (by language),
/// and relative forms ("2 days ago", "vor 2 Tagen", "3天前", "há 2 dias", "yesterday").
///
///     DateParser.parse("vor 2 Tagen", context: ParseContext(fetchedAt: now))  // now - 2 days
public enum DateParser {
    public static func parse(_ text: String, context: ParseContext) -> Result<Date, FieldParseError> {
        if let tooLong = FieldTextLimit.refusal(text, kind: .date) { return .failure(tooLong) }
        func fail(_ reason: String) -> Result<Date, FieldParseError> {
            .failure(FieldParseError(kind: .date, input: text, reason: reason))
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = context.timeZone
        let lower = TextNormal.trimmed(TextNormal.nfkc(text).lowercased())
        guard !lower.isEmpty else { return fail("empty text") }

        if let d = iso8601(lower, calendar: calendar) { return .success(d) }
        if let d = relative(lower, context: context, calendar: calendar) { return .success(d) }

        let numbers = lower.split(whereSeparator: { !($0.isASCII && $0.isNumber) }).compactMap { Int($0) }
        // "2025年3月3日", "2025년 3월 3일"
        if lower.contains("年"), lower.contains("月"), numbers.count >= 3 {
            return day(numbers[0], numbers[1], numbers[2], calendar).map { .success($0) } ?? fail("impossible date")
        }
        if let month = monthName(in: lower) {
            guard let year = numbers.first(where: { $0 >= 1000 }) else { return fail("no year") }
            guard let d = numbers.first(where: { $0 >= 1 && $0 <= 31 }) else { return fail("no day") }
            return day(year, month, d, calendar).map { .success($0) } ?? fail("impossible date")
        }
        // Numeric: "3/3/2025", "03.03.2025", "2025/03/03", "3-3-25".
        let parts = lower.split(whereSeparator: { "/.-".contains($0) || $0 == " " }).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ Int($0) != nil }) else { return fail("no date recognised") }
        let n = parts.map { Int($0)! }
        if parts[0].count == 4 { return day(n[0], n[1], n[2], calendar).map { .success($0) } ?? fail("impossible date") }
        let year = n[2] < 100 ? 2000 + n[2] : n[2]
        let monthFirst: Bool
        if n[0] > 12 { monthFirst = false }
        else if n[1] > 12 { monthFirst = true }
        else if n[0] == n[1] { monthFirst = false }
        else if let language = context.language?.lowercased() {
            // Month-first is a US (and a few neighbours') habit; "en-GB", "de", "pt" write day first.
            monthFirst = language == "en" || language.hasPrefix("en-us") || language.hasPrefix("en_us")
                || language.hasPrefix("en-ph") || language.hasPrefix("en-ca")
        } else {
            return fail("day and month order is ambiguous without a language")
        }
        let (m, d) = monthFirst ? (n[0], n[1]) : (n[1], n[0])
        return day(year, m, d, calendar).map { .success($0) } ?? fail("impossible date")
    }

    private static func day(_ year: Int, _ month: Int, _ day: Int, _ calendar: Calendar) -> Date? {
        let c = DateComponents(year: year, month: month, day: day)
        guard c.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: c)
    }

    /// "2025-03-03", "2025-03-03T10:20:30Z", "2025-03-03 10:20:30+01:00"; no zone means the site's.
    private static func iso8601(_ s: String, calendar: Calendar) -> Date? {
        let chars = Array(s)
        func int(_ a: Int, _ b: Int) -> Int? {
            guard b <= chars.count, chars[a..<b].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(String(chars[a..<b]))
        }
        guard chars.count >= 10, chars[4] == "-", chars[7] == "-",
              let y = int(0, 4), let mo = int(5, 7), let d = int(8, 10) else { return nil }
        var c = DateComponents(year: y, month: mo, day: d)
        var zone = calendar.timeZone
        if chars.count >= 16, chars[10] == "t" || chars[10] == " ", let h = int(11, 13), chars[13] == ":", let mi = int(14, 16) {
            c.hour = h
            c.minute = mi
            var i = 16
            if i + 2 < chars.count + 1, i < chars.count, chars[i] == ":", let sec = int(i + 1, i + 3) { c.second = sec; i += 3 }
            if i < chars.count, chars[i] == "." || chars[i] == "," {
                i += 1
                while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
            }
            if i < chars.count {
                if chars[i] == "z" { zone = TimeZone(identifier: "UTC")! }
                else if chars[i] == "+" || chars[i] == "-", let zh = int(i + 1, i + 3) {
                    let zm = (i + 3 < chars.count && chars[i + 3] == ":") ? int(i + 4, i + 6) : int(i + 3, i + 5)
                    let seconds = (zh * 3600 + (zm ?? 0) * 60) * (chars[i] == "-" ? -1 : 1)
                    zone = TimeZone(secondsFromGMT: seconds) ?? zone
                }
            }
        }
        var cal = calendar
        cal.timeZone = zone
        guard c.isValidDate(in: cal) else { return nil }
        return cal.date(from: c)
    }

    private static let months: [(String, Int)] = {
        let names: [[String]] = [
            ["january", "januar", "jänner", "janvier", "janeiro", "enero", "janv", "jan", "ene"],
            ["february", "februar", "février", "fevereiro", "febrero", "févr", "feb", "fev", "fév"],
            ["march", "märz", "mars", "março", "marzo", "mär", "mrz", "mar"],
            ["april", "avril", "abril", "apr", "avr", "abr"],
            ["may", "mai", "maio", "mayo"],
            ["june", "juni", "juin", "junho", "junio", "jun"],
            ["july", "juli", "juillet", "julho", "julio", "juil", "jul"],
            ["august", "août", "agosto", "aug", "ago"],
            ["september", "septembre", "setembro", "septiembre", "setiembre", "sept", "sep", "set"],
            ["october", "oktober", "octobre", "outubro", "octubre", "oct", "okt", "out"],
            ["november", "novembre", "novembro", "noviembre", "nov"],
            ["december", "dezember", "décembre", "dezembro", "diciembre", "déc", "dec", "dez", "dic"],
        ]
        return names.enumerated().flatMap { i, list in list.map { ($0, i + 1) } }.sorted { $0.0.count > $1.0.count }
    }()

    /// The month a word in `s` names, in en/de/fr/pt/es.
    private static func monthName(in s: String) -> Int? {
        let words = s.split(whereSeparator: { !$0.isLetter }).map(String.init)
        for w in words {
            if let m = months.first(where: { w == $0.0 || (w.hasPrefix($0.0) && $0.0.count >= 3 && w.count <= $0.0.count + 1) }) {
                return m.1
            }
        }
        return nil
    }

    private static let units: [(String, Calendar.Component)] = [
        ("second", .second), ("sekunde", .second), ("segundo", .second), ("seconde", .second), ("秒", .second),
        ("minute", .minute), ("minuto", .minute), ("分钟", .minute), ("分前", .minute), ("分", .minute),
        ("hour", .hour), ("stunde", .hour), ("hora", .hour), ("heure", .hour), ("小时", .hour), ("時間", .hour),
        ("day", .day), ("tag", .day), ("dia", .day), ("día", .day), ("jour", .day), ("天", .day), ("日", .day),
        ("week", .weekOfYear), ("woche", .weekOfYear), ("semana", .weekOfYear), ("semaine", .weekOfYear),
        ("周", .weekOfYear), ("週", .weekOfYear), ("星期", .weekOfYear),
        ("month", .month), ("monat", .month), ("mes", .month), ("mês", .month), ("mois", .month), ("个月", .month),
        ("か月", .month), ("ヶ月", .month), ("ヵ月", .month), ("月", .month),
        ("year", .year), ("jahr", .year), ("año", .year), ("ano", .year), ("an", .year), ("年", .year),
    ]

    /// "2 days ago", "vor 2 Tagen", "há 2 dias", "hace 2 días", "il y a 2 jours", "3日前", "3天前", "yesterday".
    private static func relative(_ s: String, context: ParseContext, calendar: Calendar) -> Date? {
        let now = context.fetchedAt
        let dayWords: [(String, Int)] = [
            ("day before yesterday", -2), ("vorgestern", -2), ("anteontem", -2), ("anteayer", -2), ("avant-hier", -2),
            ("前天", -2), ("一昨日", -2), ("おととい", -2),
            ("yesterday", -1), ("gestern", -1), ("ontem", -1), ("ayer", -1), ("hier", -1), ("昨天", -1), ("昨日", -1),
            ("today", 0), ("heute", 0), ("hoje", 0), ("hoy", 0), ("aujourd'hui", 0), ("今天", 0), ("今日", 0), ("just now", 0),
        ]
        for (w, offset) in dayWords where PriceWords.contains(s, w) {
            return calendar.date(byAdding: .day, value: offset, to: now)
        }
        let isAgo = PriceWords.containsAny(s, ["ago", "vor", "há", "hace", "il y a", "前", "atrás"])
        guard isAgo else { return nil }
        let amount: Int
        if let n = s.split(whereSeparator: { !($0.isASCII && $0.isNumber) }).first.flatMap({ Int($0) }) {
            amount = n
        } else if PriceWords.containsAny(s, ["a", "an", "one", "einem", "einer", "um", "uma", "un", "una", "une"]) {
            amount = 1
        } else {
            return nil
        }
        let withoutAgo = s.replacingOccurrences(of: "前", with: "")
        for (u, component) in units where withoutAgo.contains(u) || (u == "分前" && s.contains(u)) {
            return calendar.date(byAdding: component, value: -amount, to: now)
        }
        return nil
    }
}
