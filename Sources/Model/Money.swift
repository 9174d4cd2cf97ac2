import Foundation

/// An exact amount of money in one ISO 4217 currency. Never a binary float.
///
///     let p = Money(amount: Decimal(string: "1299.90")!, currency: "BRL")
///     p.minorUnits   // 129990
public struct Money: Hashable, Codable, Sendable, CustomStringConvertible {
    public var amount: Decimal
    /// ISO 4217 code, upper case ("USD", "CNY").
    public var currency: String

    public init(amount: Decimal, currency: String) {
        self.amount = amount
        self.currency = currency.uppercased()
    }

    /// The largest amount a shop price, cost or bound may have, in major units: 10 trillion of any
    /// currency (more than any listing ever costs, even in dong or rupiah; far below Int64 minor units).
    public static let maximumAmount = Decimal(10_000_000_000_000)

    /// Why `amount` is not a usable price, or nil when it is: zero ("Free", a placeholder), negative, or
    /// beyond `maximumAmount` (digits run together, an EAN read as a price).
    public static func implausiblePrice(_ amount: Decimal) -> String? {
        if amount.isNaN { return "not a number" }
        if amount.isZero { return "price is 0 (\"free\" or a placeholder)" }
        if amount < 0 { return "negative price \(amount)" }
        if amount > maximumAmount { return "implausible price \(amount) (over 10 trillion)" }
        return nil
    }

    /// The amount in the currency's minor units (cents, fen; yen have none), rounded half-even.
    /// Amounts beyond Int64 minor units clamp to Int64.min/max (inputs are checked against
    /// `maximumAmount` before they become Money, so stored values never get there).
    public var minorUnits: Int64 {
        let digits = Currency.fractionDigits(currency)
        if let exact = Money.exactMinorUnits(amount, fractionDigits: digits) { return exact }
        var scaled = amount * Currency.minorUnitScale(currency)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .bankers)
        if rounded >= Decimal(Int64.max) { return .max }
        if rounded <= Decimal(Int64.min) { return .min }
        return NSDecimalNumber(decimal: rounded).int64Value
    }

    public init(minorUnits: Int64, currency: String) {
        // The same Decimal (bytes and all) as Decimal(minorUnits) / scale, without a division.
        var amount = Decimal(sign: minorUnits < 0 ? .minus : .plus, exponent: -Currency.fractionDigits(currency), significand: Decimal(minorUnits.magnitude))
        NSDecimalCompact(&amount)
        self.init(amount: amount, currency: currency)
    }

    private static let powersOfTen: [Int64] = (0...18).map { n in (0..<n).reduce(1) { r, _ in r * 10 } }

    /// `amount` in minor units when that is a whole number that fits: significand times a power
    /// of ten, no Decimal multiplication or rounding needed. nil otherwise.
    static func exactMinorUnits(_ amount: Decimal, fractionDigits: Int) -> Int64? {
        guard !amount.isNaN else { return nil }
        let shift = amount.exponent + fractionDigits
        guard shift >= 0, shift < powersOfTen.count else { return nil }
        let significand = amount.significand
        guard significand < fastSignificandLimit else { return nil }
        let (scaled, overflow) = Int64(NSDecimalNumber(decimal: significand).uint64Value).multipliedReportingOverflow(by: powersOfTen[shift])
        guard !overflow else { return nil }
        return amount.sign == .minus ? -scaled : scaled
    }

    /// Plain decimal text with the currency's number of fraction digits: "1299.90", "12800".
    public var decimalText: String { Money.plainText(amount, fractionDigits: Currency.fractionDigits(currency)) }

    public var description: String { "\(decimalText) \(currency)" }

    /// Decimal text without grouping and with a '.' separator, independent of the locale.
    public static func plainText(_ value: Decimal, fractionDigits: Int) -> String {
        var v = value
        var r = Decimal()
        NSDecimalRound(&r, &v, fractionDigits, .bankers)
        let negative = r < 0
        if let text = fastPlainText(r, negative: negative, fractionDigits: fractionDigits) { return text }
        let magnitude = negative ? -r : r
        var text = NSDecimalNumber(decimal: magnitude).stringValue  // "1299.9", "12800", "0.5"
        if fractionDigits > 0 {
            if let dot = text.firstIndex(of: ".") {
                let have = text.distance(from: text.index(after: dot), to: text.endIndex)
                if have < fractionDigits { text += String(repeating: "0", count: fractionDigits - have) }
            } else {
                text += "." + String(repeating: "0", count: fractionDigits)
            }
        }
        return negative ? "-" + text : text
    }

    private static let fastSignificandLimit = Decimal(UInt64(1) << 62)

    /// `plainText` of an already rounded value from its significand and exponent, without going
    /// through NSDecimalNumber's description (microseconds per call); nil when out of its range.
    static func fastPlainText(_ r: Decimal, negative: Bool, fractionDigits: Int) -> String? {
        guard !r.isNaN, fractionDigits >= 0, fractionDigits <= 30 else { return nil }
        let e = r.exponent
        guard e >= -fractionDigits, e <= 30 else { return nil }
        let significand = r.significand
        guard significand < fastSignificandLimit else { return nil }
        var m = NSDecimalNumber(decimal: significand).uint64Value
        // Digits of the significand, most significant first.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch
        let count: Int = withUnsafeMutableBytes(of: &digits) { buf in
            if m == 0 { buf[0] = 0x30; return 1 }
            var n = 0
            while m > 0 { buf[n] = UInt8(0x30 + m % 10); m /= 10; n += 1 }
            var a = 0, b = n - 1
            while a < b { buf.swapAt(a, b); a += 1; b -= 1 }
            return n
        }
        let isZero = count == 1 && withUnsafeBytes(of: &digits) { $0[0] } == 0x30
        let fraction = isZero ? 0 : max(0, -e)  // digits after the point in the description
        let capacity = 1 + count + max(0, e) + 2 + fractionDigits + 1
        return String(unsafeUninitializedCapacity: capacity) { out in
            var i = 0
            func put(_ c: UInt8) { out[i] = c; i += 1 }
            if negative { put(0x2D) }
            withUnsafeBytes(of: &digits) { d in
                if fraction == 0 {
                    for k in 0..<count { put(d[k]) }
                    if !isZero { for _ in 0..<max(0, e) { put(0x30) } }
                    if fractionDigits > 0 { put(0x2E); for _ in 0..<fractionDigits { put(0x30) } }
                } else {
                    if count > fraction {
                        for k in 0..<(count - fraction) { put(d[k]) }
                        put(0x2E)
                        for k in (count - fraction)..<count { put(d[k]) }
                    } else {
                        put(0x30); put(0x2E)
                        for _ in 0..<(fraction - count) { put(0x30) }
                        for k in 0..<count { put(d[k]) }
                    }
                    for _ in fraction..<fractionDigits { put(0x30) }
                }
            }
            return i
        }
    }
}

/// Facts about ISO 4217 currencies that the pipeline needs.
public enum Currency {
    /// Currencies without minor units in everyday prices.
    static let zeroDecimal: Set<String> = ["JPY", "KRW", "VND", "CLP", "ISK", "PYG", "UGX", "XAF", "XOF", "HUF", "TWD", "IDR"]
    static let threeDecimal: Set<String> = ["BHD", "KWD", "OMR", "JOD", "TND", "IQD", "LYD"]

    /// How many fraction digits prices in this currency are written with.
    public static func fractionDigits(_ code: String) -> Int {
        let c = upper(code)
        if c == "USD" || c == "EUR" { return 2 }  // the usual case, without hashing into the sets
        if zeroDecimal.contains(c) { return 0 }
        if threeDecimal.contains(c) { return 3 }
        return 2
    }

    /// `code.uppercased()`, skipping the copy when it is upper-case ASCII already.
    static func upper(_ code: String) -> String {
        code.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x20 || ($0 >= 0x30 && $0 <= 0x39) } ? code : code.uppercased()
    }

    public static func minorUnitScale(_ code: String) -> Decimal {
        switch fractionDigits(code) {
        case 0: return 1
        case 3: return 1000
        default: return 100
        }
    }
}
