import Foundation

/// Daily exchange rates, as published (ECB-style: 1 EUR = rate units of quote), with exact
/// conversion through the base currency and the rate of the amount's own date.
///
///     var fx = FXRates()
///     fx.add(day: "2026-11-20", base: "EUR", quote: "USD", rate: Decimal(string: "1.0534")!)
///     fx.convert(Money(amount: 100, currency: "EUR"), to: "USD", on: "2026-11-22")   // uses 11-20 (weekend)
public struct FXRates: Sendable, Equatable {
    /// One published rate: 1 `base` = `rate` `quote` on `day` (yyyy-MM-dd).
    public struct Rate: Sendable, Equatable, Hashable {
        public var day: String
        public var base: String
        public var quote: String
        public var rate: Decimal
        public init(day: String, base: String, quote: String, rate: Decimal) {
            self.day = day
            self.base = base.uppercased()
            self.quote = quote.uppercased()
            self.rate = rate
        }
    }

    /// A converted amount and the rate it used, so a report can state them.
    public struct Conversion: Sendable, Equatable {
        public var money: Money
        /// The rate applied (units of target per unit of source) and the day(s) it was published.
        public var rate: Decimal
        public var rateDays: [String]
        /// Which published rates it comes from: "EUR/USD 1.1 as stored", "inverse of USD/BRL 5",
        /// "cross: EUR/USD 1.1 ÷ EUR/JPY 160".
        public var source: String
    }

    /// quote -> sorted (day, rate) against each base.
    private var table: [String: [String: [(day: String, rate: Decimal)]]] = [:]
    /// How far back a rate may be used when the day has none (weekends, holidays).
    public var maxAgeDays = 7

    public init() {}

    public static func == (a: FXRates, b: FXRates) -> Bool { a.allRates == b.allRates }

    public var allRates: [Rate] {
        table.flatMap { base, quotes in quotes.flatMap { quote, rows in rows.map { Rate(day: $0.day, base: base, quote: quote, rate: $0.rate) } } }
            .sorted { ($0.day, $0.base, $0.quote) < ($1.day, $1.base, $1.quote) }
    }

    public mutating func add(day: String, base: String, quote: String, rate: Decimal) {
        let b = base.uppercased(), q = quote.uppercased()
        var rows = table[b, default: [:]][q, default: []]
        if let i = rows.firstIndex(where: { $0.day == day }) { rows[i].rate = rate } else {
            let i = rows.firstIndex { $0.day > day } ?? rows.count
            rows.insert((day, rate), at: i)
        }
        table[b, default: [:]][q] = rows
    }

    public mutating func add(_ rate: Rate) { add(day: rate.day, base: rate.base, quote: rate.quote, rate: rate.rate) }

    /// The latest rate published on or before `day`, within `maxAgeDays`.
    func lookup(base: String, quote: String, on day: String) -> (day: String, rate: Decimal)? {
        guard let rows = table[base]?[quote], let floor = FXRates.dayOffset(day, -maxAgeDays) else { return nil }
        var lo = 0, hi = rows.count
        while lo < hi { let mid = (lo + hi) / 2; if rows[mid].day <= day { lo = mid + 1 } else { hi = mid } }
        guard lo > 0, rows[lo - 1].day >= floor else { return nil }
        return rows[lo - 1]
    }

    /// Units of `to` per unit of `from` on `day`: direct, inverse, or crossed through a common base.
    public func rate(from: String, to: String, on day: String) -> (rate: Decimal, days: [String])? {
        ratio(from: from, to: to, on: day).map { ($0.denominator == 1 ? $0.numerator : $0.numerator / $0.denominator, $0.days) }
    }

    /// The rate as the published numbers it comes from: `numerator / denominator` (an inverse rate is
    /// 1 / r, a cross rate b / a). Converting multiplies by the numerator before dividing by the
    /// denominator, so an amount that lands exactly on half a minor unit is seen as a tie and rounded
    /// half-even, instead of being nudged by a reciprocal cut at 38 digits.
    public func ratio(from: String, to: String, on day: String) -> (numerator: Decimal, denominator: Decimal, days: [String])? {
        quote(from: from, to: to, on: day).map { ($0.numerator, $0.denominator, $0.days) }
    }

    /// `ratio` with the published rates it is made of, in words.
    func quote(from: String, to: String, on day: String) -> (numerator: Decimal, denominator: Decimal, days: [String], source: String)? {
        let f = Currency.upper(from), t = Currency.upper(to)
        if f == t { return (1, 1, [], "same currency") }
        if let r = lookup(base: f, quote: t, on: day) { return (r.rate, 1, [r.day], "\(f)/\(t) \(r.rate) as stored") }
        if let r = lookup(base: t, quote: f, on: day), r.rate != 0 { return (1, r.rate, [r.day], "inverse of \(t)/\(f) \(r.rate)") }
        for base in table.keys.sorted() {
            guard let a = lookup(base: base, quote: f, on: day) ?? (base == f ? (day, 1) : nil),
                  let b = lookup(base: base, quote: t, on: day) ?? (base == t ? (day, 1) : nil), a.rate != 0 else { continue }
            return (b.rate, a.rate, Array(Set([a.day, b.day])).sorted(), "cross: \(base)/\(t) \(b.rate) ÷ \(base)/\(f) \(a.rate)")
        }
        return nil
    }

    /// Converts exactly, rounding half-even to the target currency's fraction digits.
    public func convert(_ money: Money, to currency: String, on day: String) -> Conversion? {
        guard let (num, den, days, source) = quote(from: money.currency, to: currency, on: day) else { return nil }
        var product = den == 1 ? money.amount * num : money.amount * num / den
        var rounded = Decimal()
        NSDecimalRound(&rounded, &product, Currency.fractionDigits(currency), .bankers)
        return Conversion(money: Money(amount: rounded, currency: currency), rate: den == 1 ? num : num / den, rateDays: days, source: source)
    }

    static func dayOffset(_ day: String, _ offset: Int) -> String? { UTCDay.offset(day, offset) }
}

extension FXRates {
    /// A problem in a rates file, with its line.
    public struct ImportProblem: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Reads ECB-style CSV: a header `Date,USD,JPY,...` and one row per day of units per 1 `base`
    /// (EUR for the ECB); or the long form `date,base,quote,rate`. "N/A" and empty cells are skipped.
    public static func parseCSV(_ text: String, base: String = "EUR") -> (rates: [Rate], problems: [ImportProblem]) {
        var rates: [Rate] = [], problems: [ImportProblem] = []
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        guard let headerLine = lines.first else { return ([], [ImportProblem(line: 1, message: "empty file")]) }
        let header = headerLine.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\u{FEFF}")).lowercased() }
        let long = header.count >= 4 && Array(header.prefix(4)) == ["date", "base", "quote", "rate"]
        guard long || header.first == "date" else {
            return ([], [ImportProblem(line: 1, message: "expected a header 'Date,USD,JPY,...' (ECB) or 'date,base,quote,rate'")])
        }
        for (i, raw) in lines.enumerated().dropFirst() {
            let cells = raw.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.allSatisfy(\.isEmpty) { continue }
            let lineNo = i + 1
            guard let day = cells.first, dayOffset(day, 0) == day else {
                problems.append(ImportProblem(line: lineNo, message: "date must be yyyy-MM-dd, found '\(cells.first ?? "")'"))
                continue
            }
            if long {
                guard cells.count >= 4, let rate = Decimal(string: cells[3], locale: Locale(identifier: "en_US_POSIX")), rate > 0,
                      cells[1].count == 3, cells[2].count == 3 else {
                    problems.append(ImportProblem(line: lineNo, message: "expected date,base,quote,rate with 3-letter codes and a positive rate"))
                    continue
                }
                rates.append(Rate(day: day, base: cells[1], quote: cells[2], rate: rate))
            } else {
                for (j, cell) in cells.enumerated().dropFirst() where j < header.count {
                    if cell.isEmpty || cell.uppercased() == "N/A" { continue }
                    guard let rate = Decimal(string: cell, locale: Locale(identifier: "en_US_POSIX")), rate > 0, header[j].count == 3 else {
                        problems.append(ImportProblem(line: lineNo, message: "column \(header[j].uppercased()): '\(cell)' is not a positive rate"))
                        continue
                    }
                    rates.append(Rate(day: day, base: base, quote: header[j], rate: rate))
                }
            }
        }
        return (rates, problems)
    }
}
