import Foundation
import Synchronization

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

    /// The whole table, worked out at once: what `ScalarUnits` builds block by block, kept as the
    /// definition the tests hold it against.
    static let tables: Tables = build()

    static func flagsOf(_ v: UInt32) -> UInt8 {
        guard let u = Unicode.Scalar(v) else { return 0 }
        let p = u.properties
        var f: UInt8 = 0
        if p.isAlphabetic { f |= letter }
        if p.numericType != nil { f |= number }
        if p.isWhitespace { f |= whitespace }
        // CharacterSet.whitespaces is Zs, tab and U+200B; whitespacesAndNewlines adds LF...CR,
        // NEL, Zl and Zp (the tests hold this against Foundation).
        if p.generalCategory == .spaceSeparator || v == 0x09 || v == 0x200B { f |= trimSpace | trimSpaceOrNewline }
        if (0x0A...0x0D).contains(v) || v == 0x85 || v == 0x2028 || v == 0x2029 { f |= trimSpaceOrNewline }
        return f
    }

    private static func build() -> Tables {
        let size = 0x10000
        var flags = [UInt8](repeating: 0, count: size)
        var normal = [UInt32](repeating: notSimple, count: size)
        var lower = [UInt32](repeating: notSimple, count: size)
        for v in 0..<size { flags[v] = flagsOf(UInt32(v)) }
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
    static func isSimple(_ v: UInt32) -> Bool {
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

/// What `ScalarText` reads per scalar, packed as its units are (the NFKC scalar, its lowercase and
/// both their flags), or `none` when the scalar or its lowercase is not simple. Worked out per block
/// of 256 scalars the first time a text holds one (a shop's pages touch a handful of blocks), the
/// same way `ScalarTable.build` works out the whole table.
final class ScalarUnits: @unchecked Sendable {
    static let shared = ScalarUnits()
    static let none = UInt64.max

    /// Which blocks are filled in: bit b%64 of word b/64.
    struct Ready {
        var bits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        @inline(__always) func has(_ b: Int) -> Bool {
            let w: UInt64
            switch b >> 6 {
            case 0: w = bits.0
            case 1: w = bits.1
            case 2: w = bits.2
            default: w = bits.3
            }
            return w & (1 << UInt64(b & 63)) != 0
        }
        mutating func set(_ b: Int) {
            let m: UInt64 = 1 << UInt64(b & 63)
            switch b >> 6 {
            case 0: bits.0 |= m
            case 1: bits.1 |= m
            case 2: bits.2 |= m
            default: bits.3 |= m
            }
        }
    }

    /// 0x10000 units; a block is written once, under the lock, before its bit is published with a
    /// releasing store. Readers load the bits acquiring (no lock on the parse path), so they see
    /// the units of every block marked ready.
    let units: UnsafeMutablePointer<UInt64>
    private let lock = NSLock()
    private var ready = Ready()
    private let published0 = Atomic<UInt64>(0), published1 = Atomic<UInt64>(0)
    private let published2 = Atomic<UInt64>(0), published3 = Atomic<UInt64>(0)

    private init() {
        units = .allocate(capacity: 0x10000)
        units.initialize(repeating: ScalarUnits.none, count: 0x10000)
        fill(0)
        ready.set(0)
        publish()
    }

    @inline(__always) func readyBlocks() -> Ready {
        Ready(bits: (published0.load(ordering: .acquiring), published1.load(ordering: .acquiring),
                     published2.load(ordering: .acquiring), published3.load(ordering: .acquiring)))
    }

    /// Under the lock: makes `ready` visible to readers.
    private func publish() {
        published0.store(ready.bits.0, ordering: .releasing)
        published1.store(ready.bits.1, ordering: .releasing)
        published2.store(ready.bits.2, ordering: .releasing)
        published3.store(ready.bits.3, ordering: .releasing)
    }

    /// Fills block `b` in if it is not yet, and gives the blocks now ready.
    func ensure(_ b: Int) -> Ready {
        lock.lock()
        defer { lock.unlock() }
        if !ready.has(b) {
            fill(b)
            ready.set(b)
            publish()
        }
        return ready
    }

    /// The unit of one scalar, filling its block in when needed.
    func unit(_ v: UInt32) -> UInt64 {
        let b = Int(v >> 8)
        if !readyBlocks().has(b) { _ = ensure(b) }
        return units[Int(v)]
    }

    private func fill(_ b: Int) {
        let lo = UInt32(b << 8), hi = lo + 256
        var normal = [UInt32](repeating: ScalarTable.notSimple, count: 256)
        // As ScalarTable.build: ASCII is its own NFKC (but CR); a scalar whose NFKC_Casefold is
        // itself is in NFKC already; the others go through Foundation in one call, each followed by
        // U+0001.
        var all = String.UnicodeScalarView()
        var order: [UInt32] = []
        for v in lo..<hi {
            if v < 0x80 {
                if v != 0x0D { normal[Int(v - lo)] = v }
                continue
            }
            guard let u = Unicode.Scalar(v) else { continue }
            guard u.properties.changesWhenNFKCCaseFolded else {
                if ScalarTable.isSimple(v) { normal[Int(v - lo)] = v }
                continue
            }
            all.append(u)
            all.append("\u{1}")
            order.append(v)
        }
        if !order.isEmpty {
            var k = 0
            var current: [UInt32] = []
            for s in String(all).precomposedStringWithCompatibilityMapping.unicodeScalars {
                if s.value == 1 {
                    if current.count == 1, ScalarTable.isSimple(current[0]) { normal[Int(order[k] - lo)] = current[0] }
                    current.removeAll(keepingCapacity: true)
                    k += 1
                } else {
                    current.append(s.value)
                }
            }
            precondition(k == order.count, "NFKC table out of step")
        }
        for v in lo..<hi {
            let s = normal[Int(v - lo)]
            guard s != ScalarTable.notSimple, let l = ScalarUnits.lower(of: s) else { continue }
            units[Int(v)] = UInt64(s) | UInt64(l) << 21 | UInt64(ScalarTable.flagsOf(s)) << 42 | UInt64(ScalarTable.flagsOf(l)) << 50
        }
    }

    /// The lowercase of `s` (a simple scalar that is its own NFKC) when that is one simple scalar
    /// that is its own NFKC too.
    private static func lower(of s: UInt32) -> UInt32? {
        let p = Unicode.Scalar(s)!.properties
        guard p.changesWhenLowercased else { return s }
        let mapped = p.lowercaseMapping.unicodeScalars
        guard mapped.count == 1, let l = mapped.first?.value, l < 0x10000 else { return nil }
        return isOwnNormal(l) ? l : nil
    }

    /// Whether the table's NFKC of `v` is `v`.
    private static func isOwnNormal(_ v: UInt32) -> Bool {
        if v < 0x80 { return v != 0x0D }
        guard let u = Unicode.Scalar(v), ScalarTable.isSimple(v) else { return false }
        guard u.properties.changesWhenNFKCCaseFolded else { return true }
        return String(u).precomposedStringWithCompatibilityMapping.unicodeScalars.map(\.value) == [v]
    }
}
