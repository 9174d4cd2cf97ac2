import Foundation

/// Reads review counts ("1,234 ratings", "(1.234 Bewertungen)", "1.2万条评价", "2,3 mil avaliações")
/// and plain integers.
///
///     CountParser.parse("1.2万条评价", as: .count)  // .success(12000)
public enum CountParser {
    /// The first whole number in `text`; `kind` (.count or .integer) names the field in errors.
    /// Fractional numbers are skipped ("4.5 stars, 1,234 ratings" gives 1234).
    public static func parse(_ text: String, as kind: FieldKind = .count) -> Result<Int64, FieldParseError> {
        if let tooLong = FieldTextLimit.refusal(text, kind: kind) { return .failure(tooLong) }
        let numbers = ScaledNumber.all(in: text)
        guard !numbers.isEmpty else {
            return .failure(FieldParseError(kind: kind, input: text, reason: "no number"))
        }
        if let whole = numbers.lazy.compactMap(\.wholeValue).first {
            return .success(whole)
        }
        return .failure(FieldParseError(kind: kind, input: text, reason: "no whole number (only fractions)"))
    }
}
