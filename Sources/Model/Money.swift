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

    /// The amount in the currency's minor units (cents, fen; yen have none), rounded half-even.
    public var minorUnits: Int64 {
        var scaled = amount * Currency.minorUnitScale(currency)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .bankers)
        return NSDecimalNumber(decimal: rounded).int64Value
    }

    public init(minorUnits: Int64, currency: String) {
        self.init(amount: Decimal(minorUnits) / Currency.minorUnitScale(currency), currency: currency)
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
}

/// Facts about ISO 4217 currencies that the pipeline needs.
public enum Currency {
    /// Currencies without minor units in everyday prices.
    static let zeroDecimal: Set<String> = ["JPY", "KRW", "VND", "CLP", "ISK", "PYG", "UGX", "XAF", "XOF", "HUF", "TWD", "IDR"]
    static let threeDecimal: Set<String> = ["BHD", "KWD", "OMR", "JOD", "TND", "IQD", "LYD"]

    /// How many fraction digits prices in this currency are written with.
    public static func fractionDigits(_ code: String) -> Int {
        let c = code.uppercased()
        if zeroDecimal.contains(c) { return 0 }
        if threeDecimal.contains(c) { return 3 }
        return 2
    }

    public static func minorUnitScale(_ code: String) -> Decimal {
        switch fractionDigits(code) {
        case 0: return 1
        case 3: return 1000
        default: return 100
        }
    }
}
