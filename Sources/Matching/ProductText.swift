import Foundation

/// Product text reduced to comparable pieces: NFKC (full-width digits and letters become ASCII),
/// case and accents folded, decimal commas read (`1,5` -> `1.5`, `1,500` -> `1500`), Latin words
/// kept whole and CJK runs cut into character bigrams.
///
///     ProductText.fold("ＷＨ－１０００ＸＭ４ Café")                    // "wh-1000xm4 cafe"
///     ProductText.tokens("Sony WH-1000XM4/B 1,5 l").map(\.text)    // ["sony", "wh", "1000xm4", "b", "1.5", "l"]
///     ProductText.tokens("索尼降噪耳机").map(\.text)                    // ["索尼", "尼降", "降噪", "噪耳", "耳机"]
public enum ProductText {
    /// One word of a title: a run of letters and digits, or a CJK bigram.
    public struct Token: Equatable, Sendable {
        public var text: String
        /// The separator before it ("" at the start or between CJK bigrams; " ", "-", "/", "\"", "+" ...):
        /// model numbers are written with hyphens, spaces and slashes inside them.
        public var gap: String
        public var isCJK: Bool
    }

    public static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        return text.precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .lowercased()
    }

    /// Han, kana and hangul: written without spaces, so compared by character bigrams.
    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF: return true
        default: return false
        }
    }

    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 { return (0x30...0x39).contains(s.value) || (0x61...0x7A).contains(s.value) || (0x41...0x5A).contains(s.value) }
        return s.properties.isAlphabetic || s.properties.numericType != nil
    }

    static func isDigit(_ s: Unicode.Scalar) -> Bool { (0x30...0x39).contains(s.value) }

    /// The tokens of already folded text (see `fold`).
    public static func tokens(folded text: String) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var out: [Token] = []
        var word = String.UnicodeScalarView(), cjk: [Unicode.Scalar] = []
        var gap = ""
        func flushWord() {
            guard !word.isEmpty else { return }
            out.append(Token(text: String(word), gap: gap, isCJK: false))
            word = String.UnicodeScalarView()
            gap = ""
        }
        func flushCJK() {
            guard !cjk.isEmpty else { return }
            if cjk.count == 1 { out.append(Token(text: String(Character(cjk[0])), gap: gap, isCJK: true)) }
            for i in 0..<max(0, cjk.count - 1) {
                var v = String.UnicodeScalarView()
                v.append(cjk[i]); v.append(cjk[i + 1])
                out.append(Token(text: String(v), gap: i == 0 ? gap : "", isCJK: true))
            }
            cjk = []
            gap = ""
        }
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if isCJK(s) {
                flushWord(); cjk.append(s)
            } else if isWordScalar(s) {
                flushCJK(); word.append(s)
            } else if (s == "." || s == ","), let last = word.last, isDigit(last), i + 1 < scalars.count, isDigit(scalars[i + 1]) {
                // 1,5 and 1.5 are decimals; 1,500 (three digits, then no digit) is a thousands separator,
                // and so is the dot of German and Brazilian 10.000 (a whole number of 1-3 digits, not
                // 0, three digits after and no further dot: `ECAM 22.110.B` stays a model number).
                var n = 0
                while i + 1 + n < scalars.count && isDigit(scalars[i + 1 + n]) { n += 1 }
                let after = i + 1 + n < scalars.count ? scalars[i + 1 + n] : " "
                let wholeNumber = word.count <= 3 && word.first != "0" && word.allSatisfy { isDigit($0) }
                let thousandsDot = s == "." && n == 3 && wholeNumber && after != "." && after != ","
                if !(s == "," && n == 3) && !thousandsDot { word.append(".") }
            } else {
                flushWord(); flushCJK()
                // Keep the most telling separator: a quote (inches) or plus (bundle) over a hyphen over space.
                let g = String(s)
                if gap.isEmpty || s == "\"" || s == "+" || (gap == " " && !s.properties.isWhitespace) { gap = s.properties.isWhitespace ? " " : g }
            }
            i += 1
        }
        flushWord(); flushCJK()
        return out
    }

    public static func tokens(_ text: String) -> [Token] { tokens(folded: fold(text)) }

    /// Character trigrams of the folded text with every non-word run made one space, hashed (FNV-1a).
    static func trigramHashes(folded text: String) -> [UInt32] {
        var cleaned: [UInt32] = [0x20]
        for s in text.unicodeScalars {
            if isWordScalar(s) || isCJK(s) || s == "." { cleaned.append(s.value) }
            else if cleaned.last != 0x20 { cleaned.append(0x20) }
        }
        if cleaned.last != 0x20 { cleaned.append(0x20) }
        guard cleaned.count >= 3 else { return [] }
        var out: [UInt32] = []
        out.reserveCapacity(cleaned.count)
        for i in 0..<(cleaned.count - 2) {
            var h: UInt32 = 2_166_136_261
            for v in cleaned[i..<(i + 3)] { h = (h ^ v) &* 16_777_619 }
            out.append(h)
        }
        return out
    }
}
