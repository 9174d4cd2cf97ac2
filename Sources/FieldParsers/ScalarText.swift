/// A text as the price parser reads it: per position the NFKC scalar, its lowercase, and the flags of
/// both (see `ScalarTable`), packed in one word. Built straight from UTF-8; nil when some scalar is
/// not simple.
struct ScalarText {
    /// Bits 0-20 the scalar, 21-41 its lowercase, 42-49 the scalar's flags, 50-57 the lowercase's,
    /// bit 58 set where a currency form was blanked out.
    var units: [UInt64]

    static let maskedBit: UInt64 = 1 << 58

    init?(_ text: String) {
        self.init(text, reusing: [])
    }

    /// `init?(_:)` decoding into `storage`'s memory (emptied first, its capacity kept): hand it an
    /// array no one else holds, and take `units` back when done, to parse with no allocation.
    init?(_ text: String, reusing storage: consuming [UInt64]) {
        var units = consume storage
        let ok: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            ScalarText.decode(bytes, into: &units)
        }
        if let ok {
            guard ok else { return nil }
        } else {
            let bytes = Array(text.utf8)
            guard bytes.withUnsafeBufferPointer({ ScalarText.decode($0, into: &units) }) else { return nil }
        }
        self.units = units
    }

    init(units: [UInt64]) { self.units = units }

    /// The same text lowercased (as `String.lowercased()` would read it): each scalar replaced by its
    /// lowercase, flags and all.
    func lowercased() -> ScalarText {
        var out = units
        for k in out.indices {
            let u = out[k]
            let l = (u >> 21) & 0x1F_FFFF
            let lf = (u >> 50) & 0xFF
            out[k] = l | l << 21 | lf << 42 | lf << 50
        }
        return ScalarText(units: out)
    }

    /// The unit of an ASCII scalar that is its own lowercase (digits, "%", " ").
    static func asciiUnit(_ c: UInt32) -> UInt64 {
        ScalarUnits.shared.unit(c)
    }

    /// Decodes into a buffer on the stack (no uniqueness or capacity check per scalar), then puts that
    /// in place of `units`' contents in one go (its memory reused when large enough).
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into units: inout [UInt64]) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(bytes.count, 1)) { buffer -> Bool in
            guard let count = decode(bytes, into: buffer) else { return false }
            units.replaceSubrange(units.startIndex..<units.endIndex, with: UnsafeBufferPointer(rebasing: buffer[..<count]))
            return true
        }
    }

    /// The units of `bytes` written to `out` (one per scalar, so at most `bytes.count`): how many, or
    /// nil when a scalar is not simple.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt64>) -> Int? {
        var k = 0
        let table = ScalarUnits.shared
        let packed = table.units
        var ready = table.readyBlocks()
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = UInt32(bytes[i])
            var v: UInt32
            if b0 < 0x80 {
                v = b0; i += 1
            } else if b0 < 0xE0 {
                guard i + 1 < n else { return nil }
                v = (b0 & 0x1F) << 6 | (UInt32(bytes[i + 1]) & 0x3F); i += 2
            } else if b0 < 0xF0 {
                guard i + 2 < n else { return nil }
                v = (b0 & 0x0F) << 12 | (UInt32(bytes[i + 1]) & 0x3F) << 6 | (UInt32(bytes[i + 2]) & 0x3F); i += 3
            } else {
                return nil  // outside the BMP
            }
            let block = Int(v >> 8)
            if !ready.has(block) { ready = table.ensure(block) }
            let u = packed[Int(v)]
            if u == ScalarUnits.none { return nil }
            out[k] = u
            k += 1
        }
        return k
    }

    var count: Int { units.count }

    /// The scalar (of the NFKC text).
    @inline(__always) func s(_ i: Int) -> UInt32 { UInt32(truncatingIfNeeded: units[i] & 0x1F_FFFF) }
    /// Its lowercase.
    @inline(__always) func l(_ i: Int) -> UInt32 { UInt32(truncatingIfNeeded: (units[i] >> 21) & 0x1F_FFFF) }
    @inline(__always) func sFlags(_ i: Int) -> UInt8 { UInt8(truncatingIfNeeded: units[i] >> 42) }
    @inline(__always) func lFlags(_ i: Int) -> UInt8 { UInt8(truncatingIfNeeded: units[i] >> 50) }
    @inline(__always) func sIs(_ i: Int, _ flag: UInt8) -> Bool { sFlags(i) & flag != 0 }
    @inline(__always) func lIs(_ i: Int, _ flag: UInt8) -> Bool { lFlags(i) & flag != 0 }
    /// The scalar with currency forms blanked out as "¤" (what NumberText scans).
    @inline(__always) func masked(_ i: Int) -> UInt32 { units[i] & ScalarText.maskedBit != 0 ? 0xA4 : s(i) }
    /// Character.isLetter of the masked text ("¤" is not a letter).
    @inline(__always) func maskedIsLetter(_ i: Int) -> Bool { units[i] & ScalarText.maskedBit == 0 && sIs(i, ScalarTable.letter) }
    mutating func mask(_ i: Int) { units[i] |= ScalarText.maskedBit }

    // MARK: Words, on the lowercase text between `lo` and `hi` (as a String cut there would read).

    /// `WordList.occurs` on the lowercase text in lo..<hi.
    func occurs(_ list: WordList, _ lo: Int, _ hi: Int) -> Bool {
        firstOffset(list, lo, hi) != nil
    }

    /// The first position in lo..<hi where a word of `list` occurs on its own (`WordList.firstOffset`
    /// counts UTF-8 bytes, positions count scalars: the order is the same).
    func firstOffset(_ list: WordList, _ lo: Int, _ hi: Int) -> Int? {
        var i = lo
        while i < hi {
            let c = l(i)
            if c < 128 {
                let bit: UInt64 = 1 << UInt64(c & 63)
                if (c < 64 ? list.asciiMask.0 : list.asciiMask.1) & bit != 0 {
                    for k in list.asciiFirst[Int(c)] where matches(list.words[k], at: i, lo, hi) { return i }
                }
            } else {
                for (f, k) in list.otherFirst where f == c && matches(list.words[k], at: i, lo, hi) { return i }
            }
            i += 1
        }
        return nil
    }

    /// Which lists of `groups` occur in lo..<hi (bit g: list g), as `occurs` per list would say.
    func groupsOccurring(_ groups: GroupedWords, _ lo: Int, _ hi: Int) -> UInt8 {
        let list = groups.list
        var found: UInt8 = 0
        var i = lo
        while i < hi {
            let c = l(i)
            if c < 128 {
                let bit: UInt64 = 1 << UInt64(c & 63)
                if (c < 64 ? list.asciiMask.0 : list.asciiMask.1) & bit != 0 {
                    for k in list.asciiFirst[Int(c)] where groups.bits[k] & found == 0 && matches(list.words[k], at: i, lo, hi) {
                        found |= groups.bits[k]
                    }
                }
            } else {
                for (f, k) in list.otherFirst where f == c && groups.bits[k] & found == 0 && matches(list.words[k], at: i, lo, hi) {
                    found |= groups.bits[k]
                }
            }
            if found == groups.all { break }
            i += 1
        }
        return found
    }

    func matches(_ w: WordList.Word, at i: Int, _ lo: Int, _ hi: Int) -> Bool {
        let n = w.scalars.count
        guard i + n <= hi, hasWord(w.scalars, at: i) else { return false }
        if w.checkBefore, i > lo, lIs(i - 1, ScalarTable.letter) { return false }
        if w.checkAfter, i + n < hi, lIs(i + n, ScalarTable.letter) { return false }
        return true
    }

    /// Whether the lowercase text at i reads `word` (the caller checks it fits).
    @inline(__always) func hasWord(_ word: [UInt32], at i: Int) -> Bool {
        var k = 0
        while k < word.count {
            if l(i + k) != word[k] { return false }
            k += 1
        }
        return true
    }

    @inline(__always) func hasPrefix(_ word: [UInt32], _ lo: Int, _ hi: Int) -> Bool {
        lo + word.count <= hi && hasWord(word, at: lo)
    }

    @inline(__always) func hasSuffix(_ word: [UInt32], _ lo: Int, _ hi: Int) -> Bool {
        hi - word.count >= lo && hasWord(word, at: hi - word.count)
    }

    /// Whether the lowercase text in lo..<hi contains scalar `c`.
    func containsLower(_ c: UInt32, _ lo: Int, _ hi: Int) -> Bool {
        var i = lo
        while i < hi { if l(i) == c { return true }; i += 1 }
        return false
    }
}
