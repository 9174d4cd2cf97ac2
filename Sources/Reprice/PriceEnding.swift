import Foundation
import Model

/// How a shop's prices end in a currency: `.99` for USD/EUR/GBP, `,90` for BRL, whole yen for JPY,
/// whole yuan (or `.90`) for CNY. Applied only when the repricer moves a price.
///
///     let e = PriceEnding(text: ".99", currency: "USD")!
///     e.down(12_345, currency: "USD")   // 12299 (122.99 <= 123.45)
///     e.up(12_345, currency: "USD")     // 12399
public struct PriceEnding: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// Any amount in minor units.
        case any
        /// The fraction is fixed, in minor units: 99 for ".99", 90 for ",90", 0 for whole units.
        case fraction(Int64)
    }

    public var kind: Kind
    /// How the rules wrote it (".99", ",90", "whole"), for reasons.
    public var text: String

    public init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
    }

    /// Reads `none`/`any`, `whole`, or a fraction `.99` / `,90` / `0.90` valid for the currency
    /// (two digits for cents, three for KWD; nothing but `whole`/`none` for JPY).
    public init?(text raw: String, currency: String) {
        let t = raw.trimmingCharacters(in: .whitespaces).lowercased()
        switch t {
        case "none", "any": self.init(kind: .any, text: "none")
        case "whole", "integer": self.init(kind: .fraction(0), text: "whole")
        default:
            var digits = Substring(t)
            if digits.hasPrefix("0.") || digits.hasPrefix("0,") { digits = digits.dropFirst(2) } else if digits.hasPrefix(".") || digits.hasPrefix(",") { digits = digits.dropFirst() } else { return nil }
            let places = Currency.fractionDigits(currency)
            guard places > 0, digits.count == places, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int64(digits) else { return nil }
            self.init(kind: .fraction(v), text: raw.trimmingCharacters(in: .whitespaces))
        }
    }

    /// The usual ending when the rules name none: .99 (USD, EUR, GBP, CAD, AUD), ,90 (BRL),
    /// whole units (JPY and other zero-decimal currencies, CNY); any amount otherwise.
    public static func standard(for currency: String) -> PriceEnding {
        switch currency.uppercased() {
        case "USD", "EUR", "GBP", "CAD", "AUD": return PriceEnding(kind: .fraction(99), text: ".99")
        case "BRL": return PriceEnding(kind: .fraction(90), text: ",90")
        case "CNY": return PriceEnding(kind: .fraction(0), text: "whole")
        default:
            return Currency.fractionDigits(currency) == 0 ? PriceEnding(kind: .fraction(0), text: "whole") : PriceEnding(kind: .any, text: "none")
        }
    }

    public var description: String { text }

    /// The greatest price with this ending that is <= `minor` (may be below zero for tiny prices).
    public func down(_ minor: Int64, currency: String) -> Int64 {
        guard case let .fraction(f) = kind else { return minor }
        let s = Minor.scale(currency)
        var e = floorDiv(minor, s) * s + f
        if e > minor { e -= s }
        return e
    }

    /// The smallest price with this ending that is >= `minor`.
    public func up(_ minor: Int64, currency: String) -> Int64 {
        guard case let .fraction(f) = kind else { return minor }
        let s = Minor.scale(currency)
        var e = floorDiv(minor, s) * s + f
        if e < minor { e += s }
        return e
    }

    public func fits(_ minor: Int64, currency: String) -> Bool { down(minor, currency: currency) == minor }

    private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
