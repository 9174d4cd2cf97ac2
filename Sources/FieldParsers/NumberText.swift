import Foundation

/// A number as written in a text, before its separators are understood: "1.299,90", "1 299", "12,-".
///
///     let n = NumberText.all(in: Array("R$ 1.299,90"))[0]
///     n.value(fractionDigits: 2)  // 1299.90
struct NumberText: Sendable {
    /// Digits and separators only ("1.299,90"); spaces used as group separators are kept as " ".
    var raw: String
    /// Where it sits in the scanned characters.
    var range: Range<Int>

    /// Decimal(string:) reads "." as the mark only in this locale, whatever the machine's is.
    static let posix = Locale(identifier: "en_US_POSIX")
    static let groupSpaces: Set<Character> = [" ", "\u{00A0}", "\u{202F}", "\u{2009}", "\u{2007}", "\u{2008}"]
    private static let marks: Set<Character> = [".", ",", "'", "’", "٫", "٬"]

    /// Every number in `chars`, left to right.
    static func all(in chars: [Character]) -> [NumberText] {
        var found: [NumberText] = []
        var i = 0
        while i < chars.count {
            if let n = scan(chars, from: i) {
                found.append(n)
                i = max(n.range.upperBound, i + 1)
            } else {
                i += 1
            }
        }
        return found
    }

    private static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }

    private static func digitRun(_ chars: [Character], from i: Int) -> Int {
        var j = i
        while j < chars.count, isDigit(chars[j]) { j += 1 }
        return j - i
    }

    /// Reads one number starting at `start`, or nil when none starts there.
    private static func scan(_ chars: [Character], from start: Int) -> NumberText? {
        var i = start
        // A number may open with separators (".75", "..75") but never continues a previous one.
        if start > 0, isDigit(chars[start - 1]) { return nil }
        // At most two leading marks: reading further is wasted (and quadratic on "1....").
        while i < chars.count, i - start <= 2, marks.contains(chars[i]) { i += 1 }
        guard i < chars.count, isDigit(chars[i]), i - start <= 2 else { return nil }
        var raw = String(chars[start..<i])
        var sawDecimalLike = false
        while i < chars.count {
            let c = chars[i]
            if isDigit(c) {
                raw.append(c); i += 1; continue
            }
            let next = i + 1 < chars.count ? chars[i + 1] : nil
            if marks.contains(c), let n = next, isDigit(n) {
                raw.append(c); i += 1; sawDecimalLike = true; continue
            }
            // "1 299,90", "9 800": a space groups only when exactly three digits follow.
            if groupSpaces.contains(c), !sawDecimalLike, let n = next, isDigit(n),
               digitRun(chars, from: i + 1) == 3, trailingGroupLength(raw) <= 3 {
                raw.append(" "); i += 1; continue
            }
            // "$119. 95": a split decimal part of one or two digits.
            if c == ".", !raw.contains(where: { !isDigit($0) }), next.map(groupSpaces.contains) == true,
               i + 2 < chars.count, isDigit(chars[i + 2]) {
                let run = digitRun(chars, from: i + 2)
                if run <= 2 { raw.append("."); i += 2; continue }
            }
            break
        }
        var end = i
        // "12,-", "12.–", "610,": the trailing marks belong to the number but add nothing.
        if end < chars.count, chars[end] == "," || chars[end] == "." {
            let after = end + 1 < chars.count ? chars[end + 1] : nil
            if after == "-" || after == "–" { end += 2 }
            else if after == nil || !(after!.isLetter) { end += 1 }
        }
        return NumberText(raw: raw, range: start..<end)
    }

    private static func trailingGroupLength(_ raw: String) -> Int {
        var n = 0
        for c in raw.reversed() { if isDigit(c) { n += 1 } else { break } }
        return n
    }

    /// The value, reading separators by convention: spaces and apostrophes group; of "." and ","
    /// the last one is the decimal mark unless the same mark also appears earlier, and a lone mark
    /// before exactly three digits groups ("1.299", "1,299") unless the currency has three fraction
    /// digits ("423.923 KWD") or the integer part is 0.
    func value(fractionDigits: Int?) -> Decimal? {
        var chars = Array(raw)
        // Leading marks: ".75" is 0.75; before further marks ("$.750.30") they are noise.
        var leading = 0
        while leading < chars.count, !NumberText.isDigit(chars[leading]) { leading += 1 }
        if leading > 0 {
            let rest = chars[leading...]
            if rest.contains(where: { $0 == "." || $0 == "," }) {
                chars = Array(rest)
            } else {
                chars = ["0", "."] + Array(rest)
            }
        }
        let hardGroups: Set<Character> = [" ", "'", "’", "٬"]
        let hasHardGroup = chars.contains(where: hardGroups.contains)
        chars = chars.filter { !hardGroups.contains($0) }
        chars = chars.map { $0 == "٫" ? "," : $0 }
        let markPositions = chars.indices.filter { chars[$0] == "." || chars[$0] == "," }
        var decimalAt: Int?
        if let last = markPositions.last {
            let mark = chars[last]
            let sameEarlier = markPositions.dropLast().contains { chars[$0] == mark }
            let otherEarlier = markPositions.dropLast().contains { chars[$0] != mark }
            let digitsAfter = chars.count - last - 1
            if sameEarlier {
                decimalAt = nil
            } else if otherEarlier || hasHardGroup {
                decimalAt = last
            } else if digitsAfter == 3 {
                let integerPart = String(chars[..<last])
                decimalAt = (fractionDigits == 3 || integerPart == "0") ? last : nil
            } else {
                decimalAt = last
            }
        }
        var plain = ""
        for (k, c) in chars.enumerated() {
            if NumberText.isDigit(c) { plain.append(c) } else if k == decimalAt { plain.append(".") }
        }
        guard !plain.isEmpty else { return nil }
        return NumberText.decimal(plain) ?? Decimal(string: plain, locale: NumberText.posix)
    }

    /// What `Decimal(string:locale:)` (POSIX) gives for ASCII digits with at most one ".", up to 18
    /// digits and not zero; the same value and representation, without the locale lookups.
    static func decimal(_ plain: String) -> Decimal? {
        var mantissa: UInt64 = 0, digits = 0, fraction = 0, seenPoint = false
        for b in plain.utf8 {
            if b == 0x2E {
                if seenPoint { return nil }
                seenPoint = true
                continue
            }
            guard b >= 0x30 && b <= 0x39 else { return nil }
            mantissa = mantissa * 10 + UInt64(b - 0x30)
            digits += 1
            if seenPoint { fraction += 1 }
            if digits > 18 { return nil }
        }
        guard mantissa > 0 else { return nil }
        return FastDecimal.make(mantissa, exponent: -fraction)
    }
}
