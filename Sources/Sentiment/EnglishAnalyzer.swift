import Foundation

/// English: the rule score (EnglishRules) plus a small regularised linear model over word presence
/// trained on product-review snippets (scripts/sentiment/train_en.py), predicting the mean human
/// rating on the -4...4 scale; the prediction is mapped to [-1, 1] so that |rating| 0.5 lands on
/// the +-0.05 label threshold. Without trained weights the rule score alone is used.
struct EnglishAnalyzer: Sendable {
    static let shared = EnglishAnalyzer()

    let rules = EnglishRules.shared
    let bias: Double
    let ruleWeight: Double
    /// Whether trained weights are compiled in (the word weights live in the rules' token table).
    let trained: Bool

    /// The trained weights, parsed once; EnglishRules puts the word weights in its token table.
    static let model = parseModel()

    private init() {
        bias = Self.model.bias
        ruleWeight = Self.model.rule
        trained = !Self.model.words.isEmpty || Self.model.rule != 0
    }

    private static func parseModel() -> (bias: Double, rule: Double, words: [String: Double]) {
        var b = 0.0, rw = 0.0
        var w: [String: Double] = [:]
        for line in englishModelText.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t"), let v = Double(line[line.index(after: tab)...]) else { continue }
            let key = line[..<tab]
            switch key {
            case "@bias": b = v
            case "@rule": rw = v
            default: w[String(key)] = v
            }
        }
        return (b, rw, w)
    }

    /// The rule feature the model was trained with: the normalised rule sum times four.
    func ruleFeature(_ text: Substring) -> Double { 4 * normalizeValence(rules.textSum(text)) }

    /// The word features: distinct lowercased tokens.
    func tokens(_ text: Substring) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for s in rules.tokenize(text).sentences { for t in s where seen.insert(t.lower).inserted { out.append(t.lower) } }
        return out
    }

    func score(_ text: Substring) -> Double { score(tokenized: rules.tokenize(text)) }

    /// For ASCII text: the language from the tokens' stopword bits (the same rule as
    /// LanguageDetector), and the English score when it is English - one pass, one lookup per word.
    func detectAndScore(ascii text: Substring) -> (language: String, score: Double?) {
        let tokenized = rules.tokenize(text)
        var hits = [Double](repeating: 0, count: LanguageDetector.order.count)
        for s in tokenized.sentences {
            for t in s {
                if t.stopMask == 0 { continue }
                for k in 0..<hits.count where t.stopMask & (1 << k) != 0 { hits[k] += 1 }
            }
        }
        if !text.utf8.contains(where: { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) { return ("und", nil) }
        let lang = LanguageDetector.decide(hits)
        return lang == "en" ? ("en", score(tokenized: tokenized)) : (lang, nil)
    }

    func score(tokenized: (sentences: [[EnglishToken]], capsDiffer: Bool, exclamations: Int)) -> Double {
        let sum = rules.textSum(tokenized)
        guard trained else { return normalizeValence(sum) }
        var pred = bias + ruleWeight * 4 * normalizeValence(sum)
        // Word presence: each distinct weighted word once.
        var counted: [String] = []
        for s in tokenized.sentences {
            for t in s where t.modelWeight != 0 && !counted.contains(t.lower) {
                counted.append(t.lower)
                pred += t.modelWeight
            }
        }
        return Self.mapRating(pred)
    }

    /// -4...4 human-rating scale to [-1, 1]: linear inside +-0.5 (to +-0.05), then tanh.
    static func mapRating(_ pred: Double) -> Double {
        let a = abs(pred)
        let s = a <= 0.5 ? a / 10 : 0.05 + 0.95 * tanh((a - 0.5) / 2)
        return pred < 0 ? -s : s
    }
}
