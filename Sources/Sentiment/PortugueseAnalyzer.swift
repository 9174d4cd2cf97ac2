import Foundation

/// Portuguese (Brazilian marketplace reviews): a logistic model over byte 2-5-grams of the
/// normalised text plus the rule score (Lexicons.portuguese), trained by
/// scripts/sentiment/train_pt.py, squashed to [-1, 1].
///
///     PortugueseAnalyzer.shared.score("relógio muito bonito e barato")   // > 0
struct PortugueseAnalyzer: Sendable {
    static let shared = PortugueseAnalyzer()
    static let minGram = 2, maxGram = 5

    let bias: Double
    /// Weight of the rule feature (`ruleFeature`), learnt with the n-grams.
    let ruleWeight: Double
    let grams: GramTable

    private init() {
        var b = 0.0, r = 0.0
        var w: [(String, Double)] = []
        for line in portugueseModelText.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let tab = line.lastIndex(of: "\t"), let v = Double(line[line.index(after: tab)...]) else { continue }
            switch line[..<tab] {
            case "@bias": b = v
            case "@rule": r = v
            case let gram: w.append((String(gram), v))
            }
        }
        bias = b
        ruleWeight = r
        grams = GramTable(w)
    }

    /// The text as the model and the rules see it: lowercase, Latin-1 accents folded ("não" ->
    /// "nao"), runs of three or more of a non-digit shortened to one ("muiiito" -> "muito",
    /// "!!!" -> "!"), whitespace collapsed to one space, one space at each end.
    static func normalized(_ text: some StringProtocol) -> [UInt8] {
        var folded: [UInt32] = []
        folded.reserveCapacity(text.utf8.count + 2)
        folded.append(0x20)
        for u in text.unicodeScalars {
            var v = u.value
            switch v {
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0xA0, 0x3000: v = 0x20
            case 0x41...0x5A: v += 0x20
            case 0xC0...0xFF: v = fold(v)
            default: break
            }
            folded.append(v)
        }
        folded.append(0x20)
        var out: [UInt8] = []
        out.reserveCapacity(folded.count)
        var i = 0
        while i < folded.count {
            let v = folded[i]
            var j = i + 1
            while j < folded.count && folded[j] == v { j += 1 }
            let isDigit = v >= 0x30 && v <= 0x39
            let times = isDigit ? j - i : (v == 0x20 || j - i >= 3) ? 1 : j - i
            for _ in 0..<times {
                if v < 0x80 { out.append(UInt8(v)) } else { out.append(contentsOf: String(Unicode.Scalar(v)!).utf8) }
            }
            i = j
        }
        return out
    }

    /// Latin-1 letters to their unaccented lowercase letter ("É" -> "e", "ç" -> "c").
    @inline(__always) static func fold(_ v: UInt32) -> UInt32 {
        switch v {
        case 0xC0...0xC5, 0xE0...0xE5: return 0x61
        case 0xC7, 0xE7: return 0x63
        case 0xC8...0xCB, 0xE8...0xEB: return 0x65
        case 0xCC...0xCF, 0xEC...0xEF: return 0x69
        case 0xD1, 0xF1: return 0x6E
        case 0xD2...0xD6, 0xF2...0xF6: return 0x6F
        case 0xD9...0xDC, 0xF9...0xFC: return 0x75
        case 0xDD, 0xFD, 0xFF: return 0x79
        default: return v
        }
    }

    /// The rule feature the model was trained with: the normalised rule sum times four.
    static func ruleFeature(_ normalized: [UInt8]) -> Double {
        4 * normalizeValence(Lexicons.portuguese.sum(Substring(String(decoding: normalized, as: UTF8.self))))
    }

    /// The n-gram part of the logit: weights of every byte 2-5-gram, over sqrt(number of n-grams).
    func gramLogit(_ s: [UInt8]) -> Double {
        var sum = 0.0
        var count = 0
        s.withUnsafeBufferPointer { b in
            for i in 0..<b.count {
                var h = GramTable.seed
                for n in 1...Self.maxGram where i + n <= b.count {
                    h = GramTable.step(h, b[i + n - 1])
                    if n >= Self.minGram { sum += grams.weight(h); count += 1 }
                }
            }
        }
        return count == 0 ? 0 : sum / Double(count).squareRoot()
    }

    func logit(_ text: Substring) -> Double {
        let s = Self.normalized(text)
        return bias + ruleWeight * Self.ruleFeature(s) + gramLogit(s)
    }

    func score(_ text: Substring) -> Double { tanh(logit(text) / 2) }

    /// Clauses are short: there the rules lead and the model only nudges.
    func clauseScore(_ text: Substring) -> Double {
        let s = Self.normalized(text)
        let rules = Lexicons.portuguese.sum(Substring(String(decoding: s, as: UTF8.self)))
        let model = bias + gramLogit(s)
        return rules == 0 ? tanh(model / 4) : normalizeValence(rules + 0.1 * model)
    }

    /// What scripts/sentiment/train_pt.py reads: `ruleFeature<TAB>normalised text`.
    static func trainingFeatures(_ text: Substring) -> String {
        let s = normalized(text)
        return String(format: "%.6f", ruleFeature(s)) + "\t" + String(decoding: s, as: UTF8.self)
    }
}

/// A read-only open-addressing table from an n-gram's FNV-1a hash to its weight: the analyzer
/// hashes each n-gram while it walks the bytes, without building a string.
struct GramTable: Sendable {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325
    @inline(__always) static func step(_ h: UInt64, _ b: UInt8) -> UInt64 { (h ^ UInt64(b)) &* 0x100_0000_01b3 }

    private let keys: [UInt64]
    private let values: [Double]
    private let mask: Int

    init(_ entries: [(String, Double)]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        mask = capacity - 1
        var k = [UInt64](repeating: 0, count: capacity), v = [Double](repeating: 0, count: capacity)
        for (gram, weight) in entries {
            let h = gram.utf8.reduce(Self.seed, Self.step)
            var slot = Self.slot(h, mask)
            while k[slot] != 0 && k[slot] != h { slot = (slot + 1) & mask }
            k[slot] = h
            v[slot] = weight
        }
        keys = k
        values = v
    }

    @inline(__always) private static func slot(_ h: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: h ^ (h >> 29)) & mask }

    @inline(__always) func weight(_ h: UInt64) -> Double {
        var slot = Self.slot(h, mask)
        while true {
            let k = keys[slot]
            if k == h { return values[slot] }
            if k == 0 { return 0 }
            slot = (slot + 1) & mask
        }
    }
}
