import Foundation

/// A count as shops abbreviate it: "1.2k", "10万+", "2,3 mil", "1,234", "500+".
///
///     ScaledNumber.all(in: "已售1.2万")[0].value  // 12000
struct ScaledNumber {
    var value: Decimal
    /// "+", "以上", "more than", "mais de": the real count is at least `value`.
    var isLowerBound: Bool
    /// Whether a multiplier word followed ("k", "万", "mil").
    var isScaled: Bool
    /// Where it sits in the scanned characters (multiplier and "+" included).
    var range: Range<Int>
    /// `wholeValue` when the scalar-level reader worked it out in integers (nil: not known).
    var knownWhole: Int64?? = nil

    static func all(in text: String) -> [ScaledNumber] {
        FastScaledNumber.all(in: text) ?? ReferenceScaledNumber.all(in: text)
    }

    /// The value as a whole count, or nil when it has a fraction ("4.5").
    var wholeValue: Int64? {
        if let known = knownWhole { return known }
        var v = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &v, 0, .plain)
        guard rounded == value, rounded >= 0, rounded < Decimal(Int64.max) else { return nil }
        return NSDecimalNumber(decimal: rounded).int64Value
    }
}
