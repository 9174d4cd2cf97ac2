import Foundation

/// The entry point: detects the language, scores the text with that language's analyzer, splits it
/// into clauses and attaches the aspects each clause mentions, with that clause's sentiment.
public struct SentimentAnalyzer: Sendable {
    public let aspects: AspectLexicon

    public init(aspects: AspectLexicon = .builtIn) {
        self.aspects = aspects
    }

    /// The text's score in [-1, 1]; `language` (a code like "pt" or "pt-BR") skips detection.
    public func score(_ text: String, language: String? = nil) -> SentimentResult {
        let given = language.flatMap { $0.isEmpty ? nil : String($0.prefix(2)).lowercased() }
        if given == nil, text.utf8.allSatisfy({ $0 < 0x80 }) {
            let (lang, score) = EnglishAnalyzer.shared.detectAndScore(ascii: Substring(text))
            return SentimentResult(score: score ?? (lang == "und" ? 0 : Self.rawScore(Substring(text), language: lang)), language: lang)
        }
        let lang = given ?? LanguageDetector.detect(text)
        return SentimentResult(score: Self.rawScore(Substring(text), language: lang), language: lang)
    }

    static func rawScore(_ text: Substring, language: String) -> Double {
        switch language {
        case "zh": return ChineseAnalyzer.shared.score(text)
        case "ja": return normalizeValence(Lexicons.japanese.sum(text))
        case "de": return normalizeValence(Lexicons.german.sum(text))
        case "pt": return PortugueseAnalyzer.shared.score(text)
        case "es": return normalizeValence(Lexicons.spanish.sum(text))
        default: return EnglishAnalyzer.shared.score(text)
        }
    }

    static func clauseScore(_ text: Substring, language: String) -> Double {
        switch language {
        case "zh": return ChineseAnalyzer.shared.clauseScore(text)
        case "pt": return PortugueseAnalyzer.shared.clauseScore(text)
        case "en", "und", "ko": return normalizeValence(EnglishRules.shared.textSum(text))
        default: return rawScore(text, language: language)
        }
    }

    /// A review: title and body scored together, aspects per clause, the stars beside the text.
    public func analyze(title: String? = nil, body: String, rating: Double? = nil, ratingScale: Double = 5,
                        language: String? = nil) -> ReviewSentiment {
        let text = [title, body].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ". ")
        // The same detection and score as `score(_:)`, so `pricewatch sentiment` and stored reviews agree.
        let result = score(text, language: language)
        let lang = result.language
        var mentions: [AspectMention] = []
        for clause in Self.clauses(body, language: lang) {
            let found = aspects.find(in: clause, language: lang)
            if found.isEmpty { continue }
            let s = max(-1, min(1, Self.clauseScore(clause, language: lang)))
            for (aspect, term) in found {
                mentions.append(AspectMention(aspect: aspect, term: term, score: s, label: SentimentLabel(score: s),
                                              clause: String(clause.trimmingCharacters(in: .whitespacesAndNewlines).prefix(160))))
            }
        }
        let ratingScore = rating.map { ReviewSentiment.ratingScore($0, scale: ratingScale) }
        let disagrees = ReviewSentiment.starsAndTextDisagree(ratingScore: ratingScore, label: result.label)
        return ReviewSentiment(score: result.score, label: result.label, language: lang, aspects: mentions,
                               ratingScore: ratingScore, disagreesWithRating: disagrees)
    }

    static let latinContrasts: Set<String> = ["but", "however", "although", "though", "aber", "jedoch", "allerdings", "obwohl", "mas", "porém",
                                              "porem", "embora", "pero", "aunque"]
    static let cjkBreaks: [String] = ["但是", "不过", "可是", "然而", "けど", "しかし", "でも"]

    /// Clauses: split at sentence ends, commas, semicolons and contrast words, so that
    /// "Good quality but shipping was slow" gives two clauses with opposite sentiment.
    static func clauses(_ text: String, language: String) -> [Substring] {
        var out: [Substring] = []
        let breaks: Set<Character> = [".", "!", "?", ";", ",", "\n", "。", "！", "？", "；", "，", "、", "…"]
        for piece in text.split(whereSeparator: { breaks.contains($0) }) {
            if language == "zh" || language == "ja" {
                var clauseStart = piece.startIndex
                var idx = piece.index(after: piece.startIndex)
                while idx < piece.endIndex {
                    if cjkBreaks.contains(where: { piece[idx...].hasPrefix($0) }) {
                        out.append(piece[clauseStart..<idx])
                        clauseStart = idx
                    }
                    idx = piece.index(after: idx)
                }
                out.append(piece[clauseStart...])
            } else {
                var start = piece.startIndex
                var idx = piece.startIndex
                var lastWordStart = piece.startIndex
                while idx < piece.endIndex {
                    let ch = piece[idx]
                    if ch == " " {
                        let word = piece[lastWordStart..<idx].lowercased()
                        if latinContrasts.contains(word) && lastWordStart > start {
                            out.append(piece[start..<lastWordStart])
                            start = lastWordStart
                        }
                        lastWordStart = piece.index(after: idx)
                    }
                    idx = piece.index(after: idx)
                }
                out.append(piece[start...])
            }
        }
        return out.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }
}

extension SentimentAnalyzer {
    /// What scripts/sentiment/train_en.py trains the English model on: the rule feature and the
    /// distinct lowercased tokens, as `rule<TAB>token token ...`.
    public static func trainingFeatures(_ text: Substring) -> String {
        let a = EnglishAnalyzer.shared
        return String(format: "%.6f", a.ruleFeature(text)) + "\t" + a.tokens(text).joined(separator: " ")
    }
}

extension SentimentAnalyzer {
    /// Batch mode: `id<TAB>text` in, `id<TAB>score<TAB>label` out; a malformed line gives
    /// `id<TAB>error<TAB>reason` (the id is the line number when there is none).
    public func tsvRow(_ line: String, lineNumber: Int, language: String? = nil) -> String {
        guard let tab = line.firstIndex(of: "\t") else {
            return "\(line.isEmpty ? "line \(lineNumber)" : String(line.prefix(40)))\terror\tno TAB between id and text (line \(lineNumber))"
        }
        let id = line[..<tab], body = line[line.index(after: tab)...]
        if id.isEmpty { return "line \(lineNumber)\terror\tempty id" }
        if body.allSatisfy(\.isWhitespace) { return "\(id)\terror\tempty text" }
        let r = score(String(body), language: language)
        return "\(id)\t\(String(format: "%.4f", r.score))\t\(r.label.rawValue)"
    }

    /// `id<TAB>features` for a training script: English (train_en.py) by default, Portuguese
    /// (train_pt.py: rule feature and normalised text) with `language` "pt".
    public static func featureRow(_ line: String, language: String? = nil) -> String {
        guard let tab = line.firstIndex(of: "\t") else { return "\(line)\t0\t" }
        let text = line[line.index(after: tab)...]
        let features = language?.lowercased().hasPrefix("pt") == true ? PortugueseAnalyzer.trainingFeatures(text) : trainingFeatures(text)
        return "\(line[..<tab])\t\(features)"
    }
}
