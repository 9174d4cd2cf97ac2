import Foundation

/// Chinese: the NBSVM model over character 1-3-grams (scripts/sentiment/train_zh.py) plus the
/// dictionary rules (Lexicons.chinese), summed as a logit and squashed to [-1, 1].
struct ChineseAnalyzer: Sendable {
    static let shared = ChineseAnalyzer()
    /// How much a unit of rule valence counts against the model's logit.
    static let ruleWeight = 0.35

    let bias: Double
    /// Weights keyed by the n-gram's scalars packed 21 bits each (scalars are never 0).
    let weights: [UInt64: Double]
    let maxGram = 3

    private init() {
        var b = 0.0
        var w: [UInt64: Double] = [:]
        w.reserveCapacity(60_000)
        for line in chineseModelText.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let tab = line.firstIndex(of: "\t"), let v = Double(line[line.index(after: tab)...]) else { continue }
            if tab == line.startIndex { b = v; continue }
            let scalars = Array(line[..<tab].unicodeScalars)
            guard scalars.count <= 3 else { continue }
            w[Self.pack(scalars[...])] = v
        }
        bias = b
        weights = w
    }

    /// The text as the model saw it in training: full-width ASCII folded, A-Z lowercased, whitespace dropped.
    static func normalized(_ text: Substring) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.unicodeScalars.count)
        for u in text.unicodeScalars {
            var v = u.value
            if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }
            switch v {
            case 0x20, 0x09, 0x0A, 0x0D, 0x3000, 0xA0, 0x0B, 0x0C: continue
            case 0x41...0x5A: v += 0x20
            default: break
            }
            out.append(Unicode.Scalar(v)!)
        }
        return out
    }

    @inline(__always) static func pack(_ s: ArraySlice<Unicode.Scalar>) -> UInt64 {
        var key: UInt64 = 0
        var shift: UInt64 = 0
        for u in s { key |= UInt64(u.value) << shift; shift += 21 }
        return key
    }

    func modelLogit(_ text: Substring) -> Double {
        let s = Self.normalized(text)
        var seen = Set<UInt64>(minimumCapacity: s.count * 3)
        var logit = bias
        for n in 1...maxGram where s.count >= n {
            for i in 0...(s.count - n) {
                let g = Self.pack(s[i..<(i + n)])
                if seen.insert(g).inserted { logit += weights[g] ?? 0 }
            }
        }
        return logit
    }

    func score(_ text: Substring) -> Double {
        let logit = modelLogit(text) + Self.ruleWeight * Lexicons.chinese.sum(text)
        return tanh(logit / 2)
    }

    /// Clauses are short: there the dictionary rules lead and the model only nudges.
    func clauseScore(_ text: Substring) -> Double {
        let rules = Lexicons.chinese.sum(text)
        return rules == 0 ? tanh(modelLogit(text) / 4) : normalizeValence(rules + 0.1 * modelLogit(text))
    }
}
