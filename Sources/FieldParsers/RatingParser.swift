import Foundation

/// Reads a star rating and normalises it to 0...5: "4.5 out of 5 stars", "4,5/5", "★★★★☆",
/// "width: 90%", "9/10", "评分 4.8".
///
///     RatingParser.parse("4,5 von 5 Sternen")  // .success(4.5)
public enum RatingParser {
    public static func parse(_ text: String) -> Result<Decimal, FieldParseError> {
        // The scalar-level port takes text of simple scalars (see `ScalarTable`); the rest goes the
        // original way.
        if let tooLong = FieldTextLimit.refusal(text, kind: .rating) { return .failure(tooLong) }
        return FastRatingParser.parse(text) ?? ReferenceRatingParser.parse(text)
    }
}
