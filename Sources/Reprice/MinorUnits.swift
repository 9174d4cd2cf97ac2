import Foundation
import Model

/// Exact helpers on amounts in a currency's minor units (cents, fen; yen have none). The engine
/// compares and sorts Int64 minor units and only uses Decimal for ratios (percentages, indexes,
/// FX rates), rounding back to minor units at once. No binary floating point touches money.
enum Minor {
    /// 10^digits for the currency (100 for USD, 1 for JPY, 1000 for KWD).
    static func scale(_ currency: String) -> Int64 {
        switch Currency.fractionDigits(currency) {
        case 0: return 1
        case 3: return 1000
        default: return 100
        }
    }

    /// `minor * factor`, rounded to a whole number of minor units with `mode`.
    static func times(_ minor: Int64, _ factor: Decimal, _ mode: NSDecimalNumber.RoundingMode) -> Int64 {
        var product = Decimal(minor) * factor
        var r = Decimal()
        NSDecimalRound(&r, &product, 0, mode)
        return NSDecimalNumber(decimal: r).int64Value
    }

    /// `(a - b) / b * 100`, rounded half-even to `digits` places: a percent change.
    static func percentChange(from b: Int64, to a: Int64, digits: Int = 2) -> Decimal {
        guard b != 0 else { return 0 }
        return round(Decimal(a - b) * 100 / Decimal(b), digits)
    }

    static func round(_ x: Decimal, _ digits: Int, _ mode: NSDecimalNumber.RoundingMode = .bankers) -> Decimal {
        var v = x
        var r = Decimal()
        NSDecimalRound(&r, &v, digits, mode)
        return r
    }

    /// Plain text of an amount in minor units, with the currency's digits: 12990 USD -> "129.90".
    /// Integer arithmetic only, so reasons for 100,000 SKUs cost next to nothing.
    static func text(_ minor: Int64, _ currency: String) -> String {
        let s = scale(currency)
        let negative = minor < 0
        let m = negative ? -minor : minor
        var out = negative ? "-" : ""
        out += String(m / s)
        if s > 1 {
            let frac = String(m % s)
            out += "." + String(repeating: "0", count: String(s).count - 1 - frac.count) + frac
        }
        return out
    }

    /// "129.90 BRL".
    static func label(_ minor: Int64, _ currency: String) -> String { text(minor, currency) + " " + currency }

    /// Short text of a Decimal for reasons: "1", "2.5", "0.98".
    static func number(_ x: Decimal, digits: Int = 2) -> String {
        NSDecimalNumber(decimal: round(x, digits, .plain)).stringValue
    }
}

/// UTC calendar days without a DateFormatter (fast enough to run once per competitor offer).
enum UTCDay {
    static func number(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) }

    /// "2026-11-20" for the UTC day of `date`.
    static func text(_ date: Date) -> String { text(day: number(date)) }

    static func text(day: Int) -> String {
        // Howard Hinnant's civil_from_days: exact proleptic Gregorian arithmetic.
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400
        func pad(_ v: Int, _ n: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }
}
