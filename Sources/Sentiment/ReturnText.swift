/// A review made ready for the return rules: the units patterns match (folded words for Latin
/// lexicons, characters for CJK ones), each with its sentence and clause, so that a negation or
/// a question only reaches the return words of its own clause or sentence.
///
///     var t = ReturnText(Array("Didn't fit, so I returned it.".unicodeScalars), words: true)
///     t.scope(by: PatternSet(["so"], words: true))
///     t.tokens   // ["didn't", "fit", "so", "i", "returned", "it"]; clauses 0 0 1 2 2 2
struct ReturnText {
    let words: Bool
    let original: [Unicode.Scalar]
    /// Latin: the folded words; CJK: empty (the units are `original`).
    private(set) var tokens: [String] = []
    /// Where each unit starts and ends in `original`.
    private(set) var starts: [Int] = []
    private(set) var ends: [Int] = []
    /// Scope of negations and questions: punctuation and clause words ("but", "e", "因为") end it.
    private(set) var clause: [Int] = []
    /// What one pattern may span: only punctuation ends it ("não é original" stays one phrase though "e" is a clause word).
    private(set) var phrase: [Int] = []
    private(set) var sentence: [Int] = []
    /// Each sentence's range in `original` and whether it ends with a question mark.
    private(set) var sentences: [(start: Int, end: Int, question: Bool)] = []

    var count: Int { words ? tokens.count : original.count }

    static let sentenceEnds: Set<Unicode.Scalar> = [".", "!", "?", "\n", "\u{2026}", "\u{3002}", "\u{FF01}", "\u{FF1F}"]
    static let clauseBreaks: Set<Unicode.Scalar> = [",", ";", ":", "(", ")", "\"", "/", "\u{201C}", "\u{201D}", "\u{FF0C}", "\u{3001}", "\u{FF1B}", "\u{FF1A}",
                                                    "\u{FF08}", "\u{FF09}", "\u{300C}", "\u{300D}", "~", "\u{FF5E}"]

    /// Units, sentences and phrases; `clause` is `phrase` until `scope(by:)`.
    init(_ original: [Unicode.Scalar], words: Bool) {
        self.words = words
        self.original = original
        var sentenceStart = 0, clauseID = 0
        func closeSentence(_ end: Int, question: Bool) {
            if end > sentenceStart { sentences.append((sentenceStart, end, question)) }
            sentenceStart = end
        }
        // A run of sentence ends closes one sentence (a question when a ? is in the run); a
        // clause break only starts a new clause.
        func punctuation(_ i: Int) {
            let u = original[i]
            if Self.sentenceEnds.contains(u) {
                clauseID += 1
                if i + 1 == original.count || !Self.sentenceEnds.contains(original[i + 1]) {
                    var q = false, j = i
                    while j >= sentenceStart, Self.sentenceEnds.contains(original[j]) { if original[j] == "?" || original[j] == "\u{FF1F}" { q = true }; j -= 1 }
                    closeSentence(i + 1, question: q)
                }
            } else if Self.clauseBreaks.contains(u) {
                clauseID += 1
            }
        }
        if words {
            var word: [Unicode.Scalar] = [], wordStart = 0
            func flush(_ at: Int) {
                while let last = word.last, last == "'" || last == "-" { word.removeLast() }
                if !word.isEmpty {
                    tokens.append(String(String.UnicodeScalarView(word)))
                    starts.append(wordStart); ends.append(at)
                    clause.append(clauseID); sentence.append(sentences.count)
                }
                word.removeAll(keepingCapacity: true)
            }
            for (i, u) in original.enumerated() {
                if u.properties.isAlphabetic || ("0"..."9").contains(u) || ((u == "'" || u == "\u{2019}" || u == "-") && !word.isEmpty) {
                    if word.isEmpty { wordStart = i }
                    Self.fold(u, into: &word)
                    continue
                }
                flush(i)
                punctuation(i)
            }
            flush(original.count)
            closeSentence(original.count, question: false)
        } else {
            // Characters are the units of Chinese and Japanese text.
            for i in original.indices {
                starts.append(i); ends.append(i + 1)
                clause.append(clauseID); sentence.append(sentences.count)
                punctuation(i)
            }
            closeSentence(original.count, question: false)
        }
        phrase = clause
    }

    /// Clauses for one lexicon: its clause words ("but", "weil", "但是") start a new one.
    mutating func scope(by clauseWords: PatternSet) {
        var shift = 0
        for i in 0..<count {
            if i > 0 && sentence[i] == sentence[i - 1] && clauseWords.matches(self, at: i) { shift += 1 }
            clause[i] = phrase[i] + shift
        }
    }

    /// The first character of unit `i`, for the patterns' index.
    func first(_ i: Int) -> Unicode.Scalar? { words ? tokens[i].unicodeScalars.first : original[i] }

    /// Whether the sentence holding unit `i` asks: a question mark, or one of `ends` closing it ("吗", "ますか").
    func isQuestion(sentenceOf i: Int, ends: PatternSet) -> Bool {
        let s = sentences[min(sentence[i], sentences.count - 1)]
        if s.question { return true }
        guard !words, !ends.isEmpty else { return false }
        var last = s.end
        while last > s.start, Self.sentenceEnds.contains(original[last - 1]) || original[last - 1].properties.isWhitespace { last -= 1 }
        return ends.spans(in: self, from: max(s.start, last - 6), to: last).contains { $0.end == last }
    }

    /// The first unit of unit `i`'s clause.
    func clauseStart(_ i: Int) -> Int {
        var j = i
        while j > 0 && clause[j - 1] == clause[i] { j -= 1 }
        return j
    }

    func text(_ s: PatternSet.Span) -> String {
        words ? tokens[s.start..<s.end].joined(separator: " ") : String(String.UnicodeScalarView(original[s.start..<s.end]))
    }

    /// The sentences holding the spans (the return, and its reason when told apart: "Returned it /
    /// Way too small."), as the buyer wrote them, at most 160 characters.
    func quote(around spans: [PatternSet.Span]) -> String {
        var parts: [String] = []
        for k in Set(spans.map { min(sentence[$0.start], sentences.count - 1) }).sorted() {
            var a = sentences[k].start, b = sentences[k].end
            while a < b, original[a].properties.isWhitespace { a += 1 }
            while b > a, original[b - 1].properties.isWhitespace { b -= 1 }
            parts.append(String(String.UnicodeScalarView(original[a..<b])))
        }
        let text = parts.joined(separator: " / ")
        return text.count > 160 ? String(text.prefix(159)) + "\u{2026}" : text
    }

    /// Lowercase without accents, as the Latin lexicons are written: "Devolução" -> "devolucao", "Größe" -> "grosse".
    static func fold(_ u: Unicode.Scalar, into out: inout [Unicode.Scalar]) {
        if u.value < 0x80 {
            out.append(("A"..."Z").contains(u) ? Unicode.Scalar(u.value + 32)! : u)
            return
        }
        if u == "\u{2019}" { out.append("'"); return }
        for l in u.properties.lowercaseMapping.unicodeScalars {
            if let f = accentFree[l] { out.append(contentsOf: f.unicodeScalars) } else { out.append(l) }
        }
    }

    static let accentFree: [Unicode.Scalar: String] = {
        var d: [Unicode.Scalar: String] = [:]
        for (plain, accented) in [("a", "àáâãäåā"), ("c", "çć"), ("e", "èéêëē"), ("i", "ìíîïī"), ("n", "ñ"), ("o", "òóôõöøō"), ("u", "ùúûüū"), ("y", "ýÿ"), ("ss", "ß")] {
            for u in accented.unicodeScalars { d[u] = plain }
        }
        return d
    }()
}
