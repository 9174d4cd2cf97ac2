import Foundation

/// What the Character-based code needs to know about each Basic Multilingual Plane scalar, worked
/// out once: its NFKC form, its lowercase, and its character properties.
///
/// The scalar-level parser takes a text only when every scalar is "simple": its NFKC form is one
/// scalar that starts a grapheme of its own and never combines with a neighbour, and so is its
/// lowercase. Then `Array(nfkc(text))` has one Character per scalar, `lowercased()` keeps them
/// aligned, and Character equality and properties are those of the scalar. Anything else (combining
/// marks, CR LF, Hangul jamo, scalars outside the BMP, "İ") goes to the reference parser.
enum ScalarTable {
    /// Not simple: the text goes the reference way.
    static let notSimple: UInt32 = 0xFFFF_FFFF

    /// Flag bits.
    static let letter: UInt8 = 1       // Character.isLetter (Alphabetic)
    static let number: UInt8 = 2       // Character.isNumber (has a numeric type)
    static let whitespace: UInt8 = 4   // Character.isWhitespace (White_Space)
    static let trimSpace: UInt8 = 8    // in CharacterSet.whitespaces
    static let trimSpaceOrNewline: UInt8 = 16  // in CharacterSet.whitespacesAndNewlines

    struct Tables: Sendable {
        /// NFKC of each scalar when simple, else `notSimple`.
        var normal: [UInt32]
        /// Lowercase of each simple NFKC form when that is simple too, else `notSimple`.
        var lower: [UInt32]
        var flags: [UInt8]
    }

    static let tables: Tables = build()

    private static func build() -> Tables {
        let size = 0x10000
        var flags = [UInt8](repeating: 0, count: size)
        var normal = [UInt32](repeating: notSimple, count: size)
        var lower = [UInt32](repeating: notSimple, count: size)
        for v in 0..<size {
            guard let u = Unicode.Scalar(UInt32(v)) else { continue }
            let p = u.properties
            var f: UInt8 = 0
            if p.isAlphabetic { f |= letter }
            if p.numericType != nil { f |= number }
            if p.isWhitespace { f |= whitespace }
            // CharacterSet.whitespaces is Zs, tab and U+200B; whitespacesAndNewlines adds LF...CR,
            // NEL, Zl and Zp (the tests hold this against Foundation).
            if p.generalCategory == .spaceSeparator || v == 0x09 || v == 0x200B { f |= trimSpace | trimSpaceOrNewline }
            if (0x0A...0x0D).contains(v) || v == 0x85 || v == 0x2028 || v == 0x2029 { f |= trimSpaceOrNewline }
            flags[v] = f
        }
        // A scalar whose NFKC_Casefold is itself is in NFKC already. The others go through
        // Foundation in one call, each followed by U+0001: a starter that composes with nothing, so
        // no scalar's form runs into the next one's.
        var all = String.UnicodeScalarView()
        var order: [UInt32] = []
        for v in 0x80..<size {
            guard let u = Unicode.Scalar(UInt32(v)) else { continue }
            guard u.properties.changesWhenNFKCCaseFolded else {
                if isSimple(UInt32(v)) { normal[v] = UInt32(v) }
                continue
            }
            all.append(u)
            all.append("\u{1}")
            order.append(UInt32(v))
        }
        let normalized = String(all).precomposedStringWithCompatibilityMapping.unicodeScalars
        var k = 0
        var current: [UInt32] = []
        for s in normalized {
            if s.value == 1 {
                if current.count == 1, isSimple(current[0]) { normal[Int(order[k])] = current[0] }
                current.removeAll(keepingCapacity: true)
                k += 1
            } else {
                current.append(s.value)
            }
        }
        precondition(k == order.count, "NFKC table out of step")
        for v in 0..<0x80 where v != 0x0D { normal[v] = UInt32(v) }
        // Lowercase of the simple forms that are their own NFKC.
        for v in 0..<size where normal[v] == UInt32(v) {
            let p = Unicode.Scalar(UInt32(v))!.properties
            guard p.changesWhenLowercased else { lower[v] = UInt32(v); continue }
            let mapped = Unicode.Scalar(UInt32(v))!.properties.lowercaseMapping.unicodeScalars
            guard mapped.count == 1, let l = mapped.first?.value, l < size, normal[Int(l)] == l else { continue }
            lower[v] = l
        }
        return Tables(normal: normal, lower: lower, flags: flags)
    }

    /// Starts a grapheme of its own and never combines with what is before or after it.
    private static func isSimple(_ v: UInt32) -> Bool {
        guard v < 0x10000, v != 0x0D, let u = Unicode.Scalar(v) else { return false }
        let p = u.properties
        if p.canonicalCombiningClass != .notReordered || p.isGraphemeExtend { return false }
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .format, .surrogate, .privateUse, .unassigned:
            return false
        default:
            break
        }
        // Hangul jamo join into syllables; U+0D4E is a prepended letter.
        if (0x1100...0x11FF).contains(v) || (0xA960...0xA97F).contains(v) || (0xD7B0...0xD7FF).contains(v)
            || (0x3131...0x318E).contains(v) || v == 0x0D4E {
            return false
        }
        return true
    }
}
