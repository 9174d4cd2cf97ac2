/// Words to look for in a text, each matched on its own ("ab" in "ab 19,90 €" but not in "Label").
/// Prepared once, since these searches run for every field of every page.
///
///     let from: WordList = ["from", "ab", "起"]
///     from.occurs(in: "ab 19,90 €")  // true
struct WordList: ExpressibleByArrayLiteral, Sendable {
    struct Word: Sendable {
        var bytes: [UInt8]
        /// CJK words match anywhere (those scripts do not separate words); others need non-letters around.
        var checkBefore: Bool
        var checkAfter: Bool

        init(_ word: String) {
            bytes = Array(word.utf8)
            let isCJK = word.unicodeScalars.first.map { $0.value >= 0x2E80 } ?? false
            checkBefore = !isCJK && (word.first?.isLetter ?? false)
            checkAfter = !isCJK && (word.last?.isLetter ?? false)
        }
    }

    let words: [Word]

    init(arrayLiteral elements: String...) { words = elements.map(Word.init) }
    init(_ elements: [String]) { words = elements.map(Word.init) }

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
