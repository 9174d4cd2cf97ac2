/// Words to look for in a text, each matched on its own ("ab" in "ab 19,90 €" but not in "Label").
/// Prepared once, since these searches run for every field of every page.
///
///     let from: WordList = ["from", "ab", "起"]
///     from.occurs(in: "ab 19,90 €")  // true
final class WordList: ExpressibleByArrayLiteral, Sendable {
    struct Word: Sendable {
        var bytes: [UInt8]
        /// The same word as Unicode scalar values, for the scalar-level price parser.
        var scalars: [UInt32]
        /// CJK words match anywhere (those scripts do not separate words); others need non-letters around.
        var checkBefore: Bool
        var checkAfter: Bool

        init(_ word: String) {
            bytes = Array(word.utf8)
            scalars = word.unicodeScalars.map(\.value)
            let isCJK = word.unicodeScalars.first.map { $0.value >= 0x2E80 } ?? false
            checkBefore = !isCJK && (word.first?.isLetter ?? false)
            checkAfter = !isCJK && (word.last?.isLetter ?? false)
        }
    }

    let words: [Word]
    /// Indices into `words` by first scalar: ASCII ones in a table, the rest in a short list.
    let asciiFirst: [[Int]]
    let otherFirst: [(UInt32, Int)]
    /// Bit c of `asciiMask` is set when some word starts with ASCII c.
    let asciiMask: (UInt64, UInt64)

    // A class: the lists are static tables handed to every scan, which then costs no copy of
    // their arrays' references.
    required convenience init(arrayLiteral elements: String...) { self.init(elements) }
    convenience init(_ elements: [String]) { self.init(words: elements.map(Word.init)) }
    /// The words of `lists` in one list, in order (a scan for all of them at once).
    convenience init(joining lists: [WordList]) { self.init(words: lists.flatMap(\.words)) }
    init(words: [Word]) {
        self.words = words
        var ascii = [[Int]](repeating: [], count: 128)
        var other: [(UInt32, Int)] = []
        var mask: (UInt64, UInt64) = (0, 0)
        for (k, w) in words.enumerated() {
            guard let f = w.scalars.first else { continue }
            if f < 128 {
                ascii[Int(f)].append(k)
                if f < 64 { mask.0 |= 1 << UInt64(f) } else { mask.1 |= 1 << UInt64(f - 64) }
            } else {
                other.append((f, k))
            }
        }
        asciiFirst = ascii
        otherFirst = other
        asciiMask = mask
    }

    func occurs(in text: String) -> Bool {
        let t = Array(text.utf8)
        return words.contains { WordList.firstMatch($0, in: t) != nil }
    }

    /// The UTF-8 offset of the earliest match of any word.
    func firstOffset(in text: String) -> Int? {
        let t = Array(text.utf8)
        return words.compactMap { WordList.firstMatch($0, in: t) }.min()
    }

    static func firstMatch(_ w: Word, in t: [UInt8]) -> Int? {
        let n = w.bytes.count
        guard n > 0, n <= t.count else { return nil }
        let first = w.bytes[0]
        var i = 0
        while i <= t.count - n {
            if t[i] == first, t[i..<(i + n)].elementsEqual(w.bytes) {
                let okBefore = !w.checkBefore || !letter(endingBefore: i, in: t)
                let okAfter = !w.checkAfter || !letter(startingAt: i + n, in: t)
                if okBefore && okAfter { return i }
            }
            i += 1
        }
        return nil
    }

    private static func letter(startingAt i: Int, in t: [UInt8]) -> Bool {
        guard i < t.count else { return false }
        var end = i + 1
        while end < t.count, t[end] & 0xC0 == 0x80 { end += 1 }
        return scalarIsLetter(t[i..<end])
    }

    private static func letter(endingBefore i: Int, in t: [UInt8]) -> Bool {
        guard i > 0 else { return false }
        var start = i - 1
        while start > 0, t[start] & 0xC0 == 0x80 { start -= 1 }
        return scalarIsLetter(t[start..<i])
    }

    private static func scalarIsLetter(_ bytes: ArraySlice<UInt8>) -> Bool {
        if bytes.count == 1 {
            let b = bytes.first!
            return (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
        }
        var scalar: Unicode.Scalar?
        var decoder = UTF8()
        var it = bytes.makeIterator()
        if case .scalarValue(let s) = decoder.decode(&it) { scalar = s }
        return scalar?.properties.isAlphabetic ?? false
    }
}

/// Several word lists searched in one pass: `ScalarText.groupsOccurring` says which of them occur.
final class GroupedWords: Sendable {
    let list: WordList
    /// Per word of `list`, the bit of the list it came from.
    let bits: [UInt8]
    let all: UInt8

    init(_ lists: [WordList]) {
        precondition(lists.count <= 8)
        list = WordList(joining: lists)
        var bits: [UInt8] = []
        for (g, l) in lists.enumerated() { bits += Array(repeating: UInt8(1) << UInt8(g), count: l.words.count) }
        self.bits = bits
        all = UInt8(truncatingIfNeeded: (1 << lists.count) - 1)
    }
}
