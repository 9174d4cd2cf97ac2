/// Competitor text on its way into a report, a CSV cell or a chart: without the invisible
/// characters that can make it display as something else.
///
///     DisplayText.isHidden("\u{202E}")   // true: a right-to-left override ("Trojan Source" spoofing)
public enum DisplayText {
    /// Bidirectional overrides, embeddings and isolates, directional marks, zero-width space, word
    /// joiner and byte-order marks. Zero-width (non-)joiners stay: emoji sequences and Persian,
    /// Arabic and Indic spelling need them.
    @inline(__always) public static func isHidden(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x061C, 0x200B, 0x200E, 0x200F, 0x202A...0x202E, 0x2060, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }

    /// `text` without hidden characters (the same string when it has none).
    public static func visible(_ text: String) -> String {
        // Every hidden scalar is 3 bytes or more in UTF-8, starting 0xD8 (U+061C) or 0xE2/0xEF.
        guard text.utf8.contains(where: { $0 == 0xD8 || $0 == 0xE2 || $0 == 0xEF }), text.unicodeScalars.contains(where: isHidden) else { return text }
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars where !isHidden(u) { out.append(u) }
        return String(out)
    }
}
