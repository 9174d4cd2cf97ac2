import Foundation

/// Reads a star rating and normalises it to 0...5: "4.5 out of 5 stars", "4,5/5", "★★★★☆",
/// "width: 90%", "9/10", "评分 4.8".
///
///     RatingParser.parse("4,5 von 5 Sternen")  // .success(4.5)
public enum RatingParser {
    private static let outOf = ["out of", "of", "von", "de", "sur", "из", "su", "/", "満点中", "分满分"]

    public static func parse(_ text: String) -> Result<Decimal, FieldParseError> {
        func fail(_ reason: String) -> Result<Decimal, FieldParseError> {
            .failure(FieldParseError(kind: .rating, input: text, reason: reason))
        }
        let filled = text.filter { $0 == "★" }.count
        let empty = text.filter { $0 == "☆" }.count
        let halves = text.filter { $0 == "½" || $0 == "⯪" }.count
        if filled + empty > 0, !text.contains(where: { $0.isASCII && $0.isNumber }) {
            let total = filled + empty + halves
            return .success(normalised(Decimal(filled) + Decimal(halves) / 2, scale: Decimal(max(total, 5))))
        }
        let chars = Array(TextNormal.nfkc(text).lowercased())
        let numbers = NumberText.all(in: chars)
        guard let first = numbers.first else { return fail("no rating number") }
        // Ratings are never grouped, so a lone "," is a decimal mark ("4,5").
        func value(_ n: NumberText) -> Decimal? {
            Decimal(string: n.raw.replacingOccurrences(of: ",", with: "."), locale: NumberText.posix)
        }
        guard let v = value(first) else { return fail("unreadable number") }
        let end = first.range.upperBound
        var k = end
        while k < chars.count, chars[k] == " " { k += 1 }
        // "width: 90%": a star bar filled to that share.
        if k < chars.count, chars[k] == "%" {
            guard v <= 100 else { return fail("percentage above 100") }
            return .success(normalised(v, scale: 100))
        }
        if numbers.count > 1 {
            // Amazon Japan writes the scale first: "5つ星のうち4.3".
            let between = String(chars[end..<numbers[1].range.lowerBound])
            if between.contains("のうち"), let rating = value(numbers[1]), v > 0 {
                guard rating <= v else { return fail("rating \(rating) above its scale \(v)") }
                return .success(normalised(rating, scale: v))
            }
            let gap = TextNormal.trimmed(String(chars[end..<numbers[1].range.lowerBound]), newlines: false)
            if outOf.contains(where: { gap == $0 || gap.hasPrefix($0 + " ") && gap.count <= $0.count + 2 }), let scale = value(numbers[1]), scale > 0 {
                guard v <= scale else { return fail("rating \(v) above its scale \(scale)") }
                return .success(normalised(v, scale: scale))
            }
        }
        guard v <= 5 else { return fail("rating \(v) above 5 without a scale such as \"/10\"") }
        return .success(v)
    }

    /// `value` out of `scale`, as stars out of 5, rounded to two places.
    private static func normalised(_ value: Decimal, scale: Decimal) -> Decimal {
        var v = value * 5 / scale
        var r = Decimal()
        NSDecimalRound(&r, &v, 2, .plain)
        return r
    }
}
