/// The patterns of one list of a `ReturnLexicon`, indexed by their first character, matched
/// against a `ReturnText`'s units (see `ReturnLexicon` for the word syntax).
///
///     let set = PatternSet(["return* it|them", "sent it back"], words: true)
///     set.spans(in: text)   // [Span(start: 4, end: 6, pattern: 0)] for "... so I returned it"
struct PatternSet: Sendable {
    struct Span: Equatable, Sendable {
        var start: Int
        var end: Int
        var pattern: Int
    }

    enum Item: Sendable {
        /// Alternatives of one word: (text, prefix).
        case word([(String, Bool)])
        /// Up to `maxGap` words of anything (a German separable verb's object).
        case gap
    }

    static let maxGap = 4

    private let wordPatterns: [[Item]]
    private let charPatterns: [[Unicode.Scalar]]
    private let byFirst: [Unicode.Scalar: [Int]]
    let words: Bool

    var isEmpty: Bool { byFirst.isEmpty }

    init(_ list: [String], words: Bool) {
        self.words = words
        var index: [Unicode.Scalar: [Int]] = [:]
        if words {
            wordPatterns = list.map { p in
                p.split(separator: " ").map { w -> Item in
                    w == "~" ? .gap : .word(w.split(separator: "|").map { a in a.hasSuffix("*") ? (String(a.dropLast()), true) : (String(a), false) })
                }
            }
            charPatterns = []
            for (k, p) in wordPatterns.enumerated() {
                guard case .word(let alts)? = p.first else { continue }
                for f in Set(alts.compactMap { $0.0.unicodeScalars.first }) { index[f, default: []].append(k) }
            }
        } else {
            wordPatterns = []
            charPatterns = list.map { Array($0.unicodeScalars) }
            for (k, p) in charPatterns.enumerated() { if let f = p.first { index[f, default: []].append(k) } }
        }
        byFirst = index
    }

    /// Every match starting in `from..<to` (the whole text by default), by start, longer first.
    func spans(in t: ReturnText, from: Int = 0, to: Int? = nil) -> [Span] {
        let end = min(to ?? t.count, t.count)
        guard from < end else { return [] }
        var out: [Span] = []
        for i in from..<end {
            guard let f = t.first(i), let candidates = byFirst[f] else { continue }
            for k in candidates {
                if let e = match(k, t, at: i) { out.append(Span(start: i, end: e, pattern: k)) }
            }
        }
        return out.sorted { ($0.start, $1.end, $0.pattern) < ($1.start, $0.end, $1.pattern) }
    }

    func matches(_ t: ReturnText, at i: Int) -> Bool {
        guard let f = t.first(i), let candidates = byFirst[f] else { return false }
        return candidates.contains { match($0, t, at: i) != nil }
    }

    /// Where pattern `k` ends when it starts at unit `i`, within one phrase (see `ReturnText.phrase`).
    private func match(_ k: Int, _ t: ReturnText, at i: Int) -> Int? {
        if words { return matchWords(wordPatterns[k][...], t, i, clause: t.phrase[i]) }
        let p = charPatterns[k]
        guard i + p.count <= t.original.count else { return nil }
        for (j, u) in p.enumerated() where t.original[i + j] != u { return nil }
        return i + p.count
    }

    private func matchWords(_ items: ArraySlice<Item>, _ t: ReturnText, _ i: Int, clause: Int) -> Int? {
        guard let item = items.first else { return i }
        switch item {
        case .gap:
            for skip in 0...Self.maxGap {
                let j = i + skip
                guard j < t.tokens.count, t.phrase[j] == clause else { break }
                if let e = matchWords(items.dropFirst(), t, j, clause: clause) { return e }
            }
            return nil
        case .word(let alts):
            guard i < t.tokens.count, t.phrase[i] == clause else { return nil }
            let token = t.tokens[i]
            guard alts.contains(where: { $0.1 ? token.hasPrefix($0.0) : token == $0.0 }) else { return nil }
            return matchWords(items.dropFirst(), t, i + 1, clause: clause)
        }
    }
}
