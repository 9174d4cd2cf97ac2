/// Valence rules for languages written without spaces (Chinese, Japanese): dictionary terms found by
/// longest match over Unicode scalars, no segmentation. Negators before a term (不好, 没有问题) or,
/// in Japanese, after it (良くない), flip it; degree words before it (非常, 太, 有点) scale it; a
/// contrast marker (但是, 不过, けど) makes what follows weigh more than what came before. Idioms
/// ("物流很快", "再也不买了") are terms of their own and are not negated again.
struct ScriptRules: Sendable {
    let terms: [String: Double]
    let idioms: Set<String>
    let prefixNegators: [String]
    let suffixNegators: [String]
    let degrees: [String: Double]
    let contrasts: [String]
    let maxTermLength: Int
    /// Terms by their first scalar, longest first, for matching without building strings.
    let byFirst: [Unicode.Scalar: [(scalars: [Unicode.Scalar], term: String, valence: Double)]]
    let negatorScalars: [[Unicode.Scalar]]
    let degreeScalars: [([Unicode.Scalar], Double)]
    let contrastScalars: [[Unicode.Scalar]]
    let suffixScalars: [[Unicode.Scalar]]

    init(terms: [String: Double], idioms: [String: Double], prefixNegators: [String], suffixNegators: [String],
         degrees: [String: Double], contrasts: [String]) {
        var all = terms
        for (k, v) in idioms { all[k] = v }
        self.terms = all
        self.idioms = Set(idioms.keys)
        self.prefixNegators = prefixNegators.sorted { $0.unicodeScalars.count > $1.unicodeScalars.count }
        self.suffixNegators = suffixNegators
        self.degrees = degrees
        self.contrasts = contrasts.sorted { $0.unicodeScalars.count > $1.unicodeScalars.count }
        self.maxTermLength = all.keys.map { $0.unicodeScalars.count }.max() ?? 1
        var first: [Unicode.Scalar: [(scalars: [Unicode.Scalar], term: String, valence: Double)]] = [:]
        for (k, v) in all { let sc = Array(k.unicodeScalars); first[sc[0], default: []].append((sc, k, v)) }
        for k in first.keys { first[k]!.sort { ($0.scalars.count, $0.term) > ($1.scalars.count, $1.term) } }
        byFirst = first
        negatorScalars = self.prefixNegators.map { Array($0.unicodeScalars) }
        degreeScalars = degrees.sorted { ($0.key.unicodeScalars.count, $0.key) > ($1.key.unicodeScalars.count, $1.key) }.map { (Array($0.key.unicodeScalars), $0.value) }
        contrastScalars = self.contrasts.map { Array($0.unicodeScalars) }
        suffixScalars = suffixNegators.map { Array($0.unicodeScalars) }
    }

    /// The terms found in `text`, in order, with their final valence.
    func matches(_ text: Substring) -> [(term: String, valence: Double)] {
        let s = Array(text.unicodeScalars)
        var out: [(String, Double)] = []
        var contrastAt: Int?
        var i = 0
        var valences: [(start: Int, value: Double)] = []
        var found: [String] = []
        while i < s.count {
            if contrastAt == nil, let c = contrastScalars.first(where: { has(s, at: i, $0) }) {
                contrastAt = valences.count
                i += c.count
                continue
            }
            var matched: (String, Double, Int)?
            if let cands = byFirst[s[i]] {
                for c in cands where has(s, at: i, c.scalars) { matched = (c.term, c.valence, c.scalars.count); break }
            }
            guard let (term, base, length) = matched else { i += 1; continue }
            var v = base
            if !idioms.contains(term) && base != 0 {
                // Up to three words before: degree words and negators, nearest first.
                var j = i
                var negated = false
                var steps = 0
                while j > 0 && steps < 3 {
                    if let n = negatorScalars.first(where: { ends(s, at: j, $0) }) {
                        negated.toggle(); j -= n.count; steps += 1; continue
                    }
                    if let (d, scale) = degreeScalars.first(where: { ends(s, at: j, $0.0) }) {
                        v += v > 0 ? scale : -scale
                        j -= d.count; steps += 1; continue
                    }
                    break
                }
                let after = i + length
                if suffixScalars.contains(where: { has(s, at: after, $0) || has(s, at: after + 1, $0) }) { negated.toggle() }
                if negated { v *= -0.7 }
            }
            if base != 0 { valences.append((i, v)); found.append(term) }
            i += length
        }
        for (k, entry) in valences.enumerated() {
            var v = entry.value
            if let c = contrastAt { v *= k < c ? 0.5 : 1.5 }
            out.append((found[k], v))
        }
        return out
    }

    func sum(_ text: Substring) -> Double { matches(text).reduce(0) { $0 + $1.valence } }

    @inline(__always) private func has(_ s: [Unicode.Scalar], at i: Int, _ word: [Unicode.Scalar]) -> Bool {
        if i + word.count > s.count { return false }
        for k in 0..<word.count where s[i + k] != word[k] { return false }
        return true
    }

    @inline(__always) private func ends(_ s: [Unicode.Scalar], at end: Int, _ word: [Unicode.Scalar]) -> Bool {
        end - word.count >= 0 && has(s, at: end - word.count, word)
    }
}

/// Valence rules for space-separated languages other than English (German, Portuguese, Spanish):
/// lexicon words and phrases; negators in the three words before (and, in German, in the two words
/// after: "passt nicht", "gefällt mir nicht") flip a word; boosters and dampeners scale it; none of
/// them reach across punctuation. Words that carry nothing alone but complain when negated ("não
/// chegou", "nicht geliefert") are `negatedOnly`. After a contrast word ("mas", "aber") the rest
/// weighs three times what came before.
struct WordRules: Sendable {
    let lexicon: [String: Double]
    let phrases: [String: [(words: [String], valence: Double)]]
    let negators: Set<String>
    let boosters: [String: Double]
    let contrasts: Set<String>
    /// Valence of a word that only counts under negation ("recebi": "ainda não recebi").
    let negatedOnly: [String: Double]
    /// Whether a negator just after a word negates it (German word order).
    let negatesBackward: Bool

    /// The token that stands for punctuation: negation and boosters stop there.
    static let clauseBreak = "|"

    init(lexicon: [String: Double], negators: [String], boosters: [String: Double], contrasts: [String],
         negatedOnly: [String: Double] = [:], negatesBackward: Bool = false) {
        var single: [String: Double] = [:]
        var multi: [String: [(words: [String], valence: Double)]] = [:]
        for (k, v) in lexicon {
            let words = k.split(separator: " ").map(String.init)
            if words.count == 1 { single[k] = v } else { multi[words[0], default: []].append((words, v)) }
        }
        for k in multi.keys { multi[k]!.sort { $0.words.count > $1.words.count } }
        self.lexicon = single
        self.phrases = multi
        self.negators = Set(negators)
        self.boosters = boosters
        self.contrasts = Set(contrasts)
        self.negatedOnly = negatedOnly
        self.negatesBackward = negatesBackward
    }

    /// Lowercased words, with `clauseBreak` for each run of sentence or clause punctuation.
    static func words(_ text: Substring) -> [String] {
        var out: [String] = []
        var word = ""
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber || ch == "-" { word.append(ch); continue }
            if !word.isEmpty { out.append(word); word = "" }
            if ".,;:!?()\n".contains(ch) && out.last != clauseBreak { out.append(clauseBreak) }
        }
        if !word.isEmpty { out.append(word) }
        return out
    }

    func sum(_ text: Substring) -> Double {
        let w = Self.words(text)
        var vals = [Double](repeating: 0, count: w.count)
        var contrastAt: Int?
        var i = 0
        while i < w.count {
            if w[i] == Self.clauseBreak { i += 1; continue }
            if contrastAt == nil && i > 0 && contrasts.contains(w[i]) { contrastAt = i; i += 1; continue }
            var v: Double?
            var length = 1
            if let cands = phrases[w[i]] {
                for c in cands where i + c.words.count <= w.count && w[i..<(i + c.words.count)].elementsEqual(c.words) {
                    v = c.valence; length = c.words.count; break
                }
            }
            if v == nil {
                var value = lexicon[w[i]] ?? 0
                var negated = false
                for d in 1...3 where i - d >= 0 {
                    let p = w[i - d]
                    if p == Self.clauseBreak { break }
                    if let b = boosters[p], value != 0 { value += value > 0 ? b : -b }
                    if negators.contains(p) { negated.toggle() }
                }
                if !negated && negatesBackward && (value != 0 || negatedOnly[w[i]] != nil) {
                    for d in 1...2 where i + d < w.count {
                        let n = w[i + d]
                        if n == Self.clauseBreak || lexicon[n] != nil { break }
                        if negators.contains(n) { negated = true; break }
                    }
                }
                if negated { v = negatedOnly[w[i]] ?? value * -0.6 } else { v = value }
            }
            vals[i] = v ?? 0
            i += length
        }
        if let c = contrastAt { for k in vals.indices { vals[k] *= k < c ? 0.5 : 1.5 } }
        return vals.reduce(0, +)
    }
}
