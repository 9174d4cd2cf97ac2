/// A robots.txt path pattern compiled once for matching in linear time.
///
/// The pattern is cut at its `*`s into literal pieces. With `*` as the only wildcard, placing
/// each middle piece at its leftmost occurrence after the previous one is never worse than any
/// other placement, so the path is read once, left to right, with a KMP search per piece:
/// O(path + pattern) per match, where the old recursive matcher was exponential in the number
/// of `*`s (`/*a*a*…*b` against sixty `a`s never finished).
///
///     var steps = 0
///     RobotsPattern("/*.pdf$").matches("/files/a.pdf", steps: &steps)   // true
struct RobotsPattern: Sendable, Equatable {
    /// The literal pieces between `*`s, as UTF-8 (a piece may be empty: `/a**b`, `*x`).
    let pieces: [[UInt8]]
    /// KMP failure table of each piece.
    let failure: [[Int]]
    /// A final `$`: the path must end where the pattern ends; otherwise the pattern is a prefix.
    let anchored: Bool

    init(_ pattern: String) {
        var bytes = Array(pattern.utf8)
        anchored = bytes.last == UInt8(ascii: "$")
        if anchored { bytes.removeLast() }
        pieces = bytes.split(separator: UInt8(ascii: "*"), omittingEmptySubsequences: false).map(Array.init)
        failure = pieces.map(RobotsPattern.failureTable)
    }

    /// Whether the pattern matches `path`; `steps` grows by the byte comparisons made, which
    /// stay within 2 × (path + pattern) bytes.
    func matches(_ path: String, steps: inout Int) -> Bool {
        var text: [UInt8] = []
        text.reserveCapacity(path.utf8.count)
        text.append(contentsOf: path.utf8)
        return matches(text, steps: &steps)
    }

    func matches(_ text: [UInt8], steps: inout Int) -> Bool {
        let first = pieces[0]
        // The first piece sits at the start of the path.
        guard text.count >= first.count else { return false }
        for i in first.indices {
            steps += 1
            if text[i] != first[i] { return false }
        }
        if pieces.count == 1 { return anchored ? text.count == first.count : true }
        var position = first.count
        // Middle pieces: leftmost occurrence after the previous piece.
        for p in 1..<(pieces.count - 1) where !pieces[p].isEmpty {
            guard let end = RobotsPattern.find(pieces[p], failure[p], in: text, from: position, steps: &steps) else { return false }
            position = end
        }
        let last = pieces[pieces.count - 1]
        if !anchored {
            return last.isEmpty || RobotsPattern.find(last, failure[pieces.count - 1], in: text, from: position, steps: &steps) != nil
        }
        // Anchored: the last piece ends the path and does not overlap the pieces before it.
        guard text.count - last.count >= position else { return false }
        let offset = text.count - last.count
        for i in last.indices {
            steps += 1
            if text[offset + i] != last[i] { return false }
        }
        return true
    }

    /// The end of the first occurrence of `needle` in `text` at or after `from` (KMP).
    static func find(_ needle: [UInt8], _ fail: [Int], in text: [UInt8], from: Int, steps: inout Int) -> Int? {
        var k = 0
        var i = from
        while i < text.count {
            steps += 1
            while k > 0 && text[i] != needle[k] {
                k = fail[k - 1]
                steps += 1
            }
            if text[i] == needle[k] { k += 1 }
            if k == needle.count { return i + 1 }
            i += 1
        }
        return nil
    }

    /// `table[i]`: length of the longest proper prefix of `needle[0...i]` that is also its suffix.
    static func failureTable(_ needle: [UInt8]) -> [Int] {
        var table = [Int](repeating: 0, count: needle.count)
        var k = 0
        var i = 1
        while i < needle.count {
            while k > 0 && needle[i] != needle[k] { k = table[k - 1] }
            if needle[i] == needle[k] { k += 1 }
            table[i] = k
            i += 1
        }
        return table
    }
}
