import Foundation

/// Exact helpers on amounts in a currency's minor units (cents, fen; yen have none). The engine
/// compares and sorts Int64 minor units and only uses Decimal for ratios (percentages, indexes,
/// FX rates), rounding back to minor units at once. No binary floating point touches money.
package enum Minor {
    /// 10^digits for the currency (100 for USD, 1 for JPY, 1000 for KWD).
    package static func scale(_ currency: String) -> Int64 {
        var p: Int64 = 1
        for _ in 0..<Currency.fractionDigits(currency) { p *= 10 }
        return p
    }

    /// `minor * factor`, rounded to a whole number of minor units with `mode`.
    package static func times(_ minor: Int64, _ factor: Decimal, _ mode: NSDecimalNumber.RoundingMode) -> Int64 {
        var product = Decimal(minor) * factor
        var r = Decimal()
        NSDecimalRound(&r, &product, 0, mode)
        return NSDecimalNumber(decimal: r).int64Value
    }

    /// `(a - b) / b * 100`, rounded half-even to `digits` places: a percent change.
    package static func percentChange(from b: Int64, to a: Int64, digits: Int = 2) -> Decimal {
        guard b != 0 else { return 0 }
        return round(Decimal(a - b) * 100 / Decimal(b), digits)
    }

    package static func round(_ x: Decimal, _ digits: Int, _ mode: NSDecimalNumber.RoundingMode = .bankers) -> Decimal {
        var v = x
        var r = Decimal()
        NSDecimalRound(&r, &v, digits, mode)
        return r
    }

    /// Plain text of an amount in minor units, with the currency's digits: 12990 USD -> "129.90".
    /// Integer arithmetic only, so reasons for 100,000 SKUs cost next to nothing.
    package static func text(_ minor: Int64, _ currency: String) -> String { text(minor, digits: Currency.fractionDigits(currency)) }

    /// Plain text of a fixed-point integer with `digits` places: (12990, 2) -> "129.90".
    package static func text(_ v: Int64, digits: Int) -> String {
        var out = v < 0 ? "-" : ""
        var m = v.magnitude, p: UInt64 = 1
        for _ in 0..<digits { p *= 10 }
        out += String(m / p)
        if digits > 0 {
            m %= p
            let frac = String(m)
            out += "." + String(repeating: "0", count: digits - frac.count) + frac
        }
        return out
    }

    /// "129.90 BRL".
    package static func label(_ minor: Int64, _ currency: String) -> String { text(minor, currency) + " " + currency }

    /// Short text of a Decimal for reasons: "1", "2.5", "0.98".
    package static func number(_ x: Decimal, digits: Int = 2) -> String {
        NSDecimalNumber(decimal: round(x, digits, .plain)).stringValue
    }
}


// MARK: - Exact integer fast paths
//
// Foundation's Decimal allocates on every division and rounding, which made 100,000 SKUs take
// 15 s. The engine therefore works in Int64 minor units and fixed-point integers (percentages as
// parts per million), with 128-bit intermediate products and explicit rounding. Every helper is
// exact or returns nil, and the callers fall back to Decimal then.
extension Minor {
    package enum Rounding: Sendable { case down, up, halfEven }

    /// `d * 10^digits` as an exact Int64, read from Decimal's fields (no arithmetic); nil when
    /// that is not a whole number or does not fit.
    package static func fixed(_ d: Decimal, _ digits: Int) -> Int64? {
        if d.isZero { return 0 }
        guard !d.isNaN else { return nil }
        let significand = d.significand.magnitude
        guard significand <= Minor.int64Max else { return nil }
        var mant = NSDecimalNumber(decimal: significand).int64Value
        var e = d.exponent + digits
        while e > 0 {
            let (r, o) = mant.multipliedReportingOverflow(by: 10)
            if o { return nil }
            mant = r
            e -= 1
        }
        while e < 0 {
            if mant % 10 != 0 { return nil }
            mant /= 10
            e += 1
        }
        return d.sign == .minus ? -mant : mant
    }

    package static let int64Max = Decimal(Int64.max)

    /// `d * 10^digits` rounded half-even to an integer: exact when `fixed` is (config values
    /// are checked to have at most that many places), the nearest value otherwise.
    package static func ppm(_ d: Decimal, _ digits: Int) -> Int64 {
        if let v = fixed(d, digits) { return v }
        var scaled = d
        for _ in 0..<digits { scaled *= 10 }
        var r = Decimal()
        NSDecimalRound(&r, &scaled, 0, .bankers)
        return NSDecimalNumber(decimal: r).int64Value
    }

    /// The amount in minor units; exact and allocation-free for amounts with at most the
    /// currency's digits (what Money(minorUnits:) and the store produce).
    package static func of(_ m: Money) -> Int64 { fixed(m.amount, Currency.fractionDigits(m.currency)) ?? m.minorUnits }

    /// Money from minor units without a Decimal division.
    package static func money(_ minor: Int64, _ currency: String) -> Money {
        Money(amount: Decimal(sign: minor < 0 ? .minus : .plus, exponent: -Currency.fractionDigits(currency), significand: Decimal(minor.magnitude)),
              currency: currency)
    }

    /// `a * num / den` for a >= 0, num >= 0, den > 0, rounded as asked; nil if it does not fit.
    package static func mulDiv(_ a: Int64, _ num: Int64, _ den: Int64, _ mode: Rounding) -> Int64? {
        guard a >= 0, num >= 0, den > 0 else { return nil }
        let d = UInt64(den)
        let p = UInt64(a).multipliedFullWidth(by: UInt64(num))
        guard p.high < d else { return nil }
        var (q, r) = d.dividingFullWidth(p)
        switch mode {
        case .down: break
        case .up: if r > 0 { q += 1 }
        case .halfEven: if r > d - r || (r == d - r && q & 1 == 1) { q += 1 }
        }
        guard q <= UInt64(Int64.max) else { return nil }
        return Int64(q)
    }

    /// Signed `a / den` rounded half-even (|a| and den > 0), for percentages in basis points.
    package static func divHalfEven(_ a: Int64, _ den: Int64) -> Int64? {
        guard a != Int64.min, let q = mulDiv(abs(a), 1, den, .halfEven) else { return nil }
        return a < 0 ? -q : q
    }

    /// A Decimal with `digits` fraction digits from an integer: divHalfEven(...) -> "12.34".
    package static func decimal(_ scaled: Int64, digits: Int) -> Decimal {
        Decimal(sign: scaled < 0 ? .minus : .plus, exponent: -digits, significand: Decimal(scaled.magnitude))
    }

    /// An FX conversion as the exact ratio of the published rates it comes from (b / a for a cross
    /// rate, 1 / r for an inverse), both scaled to integers by the same power of ten: converting is
    /// one 128-bit multiply-divide, rounded half-even, so a true tie is a tie.
    package struct Ratio: Sendable {
        package var num: Int64
        package var den: Int64

        package init?(_ num: Decimal, _ den: Decimal) {
            for digits in 0...12 {
                if let n = Minor.fixed(num, digits), let d = Minor.fixed(den, digits), n > 0, d > 0 {
                    self.num = n
                    self.den = d
                    return
                }
            }
            return nil
        }

        package func apply(_ minor: Int64) -> Int64? {
            if minor >= 0 { return Minor.mulDiv(minor, num, den, .halfEven) }
            guard minor != .min, let v = Minor.mulDiv(-minor, num, den, .halfEven) else { return nil }
            return -v
        }
    }


    /// Short text of a fixed-point value: 1_500_000 with 6 digits -> "1.5".
    package static func fixedText(_ v: Int64, _ digits: Int) -> String {
        var s = text(v, digits: digits)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }
}
