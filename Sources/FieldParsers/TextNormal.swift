import Foundation

/// Foundation's normalisation and trimming go through NSString; for ASCII text (most fields)
/// their results are known without it.
enum TextNormal {
    /// `precomposedStringWithCompatibilityMapping` (NFKC), which leaves ASCII text as it is.
    static func nfkc(_ text: String) -> String {
        text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCompatibilityMapping
    }

    /// `trimmingCharacters(in: .whitespacesAndNewlines)` (or `.whitespaces` when `newlines` is
    /// false); for ASCII those sets are space and tab (and LF, VT, FF, CR).
    static func trimmed<S: StringProtocol>(_ text: S, newlines: Bool = true) -> String {
        let s = Substring(text)
        let u = s.utf8
        guard u.allSatisfy({ $0 < 0x80 }) else { return s.trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces) }
        func blank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || (newlines && c >= 0x0A && c <= 0x0D) }
        var a = u.startIndex, b = u.endIndex
        while a < b && blank(u[a]) { a = u.index(after: a) }
        while b > a && blank(u[u.index(before: b)]) { b = u.index(before: b) }
        return String(s[a..<b])
    }
}
