import Foundation

/// How much text a field parser reads. No real price, count or rating text is longer than a few
/// hundred characters, while a hostile page's `data-price` can hold megabytes; a longer text is
/// refused with a reason (never guessed from its first part), so a parser's work per field is
/// bounded by the limit whatever the page holds.
///
///     FieldTextLimit.refusal(String(repeating: "€1,", count: 200_000), kind: .price)?.reason
///     // "price text longer than 512 characters"
public enum FieldTextLimit {
    /// Characters (Unicode scalars) a price, number, rating or sales text may have.
    public static let numeric = 512
    /// Characters an availability or date text may have (sentences such as "Only 3 left, order soon").
    public static let wording = 2_048

    /// The limit for a kind of field; nil for plain text, which is only trimmed.
    public static func maximumLength(of kind: FieldKind) -> Int? {
        switch kind {
        case .price, .integer, .count, .rating, .sales: return numeric
        case .availability, .date: return wording
        case .text: return nil
        }
    }

    /// Whether `text` is longer than `limit` scalars, reading at most `limit + 1` of them.
    @inline(__always) static func exceeds(_ text: String, _ limit: Int) -> Bool {
        // UTF-8 holds at least one byte per scalar: short texts are answered without a scan.
        guard text.utf8.count > limit else { return false }
        var seen = 0
        for _ in text.unicodeScalars {
            seen += 1
            if seen > limit { return true }
        }
        return false
    }

    /// The error for a text over its kind's limit, or nil when the parser may read it.
    public static func refusal(_ text: String, kind: FieldKind) -> FieldParseError? {
        guard let limit = maximumLength(of: kind), exceeds(text, limit) else { return nil }
        return FieldParseError(kind: kind, input: String(text.unicodeScalars.prefix(80)),
                               reason: "\(kind.rawValue) text longer than \(limit) characters")
    }
}
