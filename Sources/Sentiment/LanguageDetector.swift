/// Picks a review's language from its script, then, for Latin text, from stopwords and letters
/// particular to a language. Returns an ISO 639-1 code: en, de, pt, es, zh, ja, ko, or "und".
public enum LanguageDetector {
    static let stopwords: [String: Set<String>] = [
        "en": ["the", "and", "is", "it", "was", "this", "to", "of", "for", "not", "with", "but", "very", "my", "i", "a", "in", "you", "that", "great", "good"],
        "de": ["der", "die", "das", "und", "ist", "nicht", "sehr", "ich", "mit", "es", "ein", "eine", "zu", "aber", "auch", "war", "für", "gut", "nach", "sich"],
        "pt": ["o", "a", "de", "que", "e", "não", "muito", "com", "um", "uma", "para", "em", "foi", "mas", "bem", "produto", "chegou", "é", "os", "as"],
        "es": ["el", "la", "de", "que", "y", "no", "muy", "con", "un", "una", "para", "en", "fue", "pero", "es", "los", "las", "producto", "llegó", "lo"],
    ]

    public static func detect(_ text: some StringProtocol) -> String {
        var han = 0, kana = 0, hangul = 0, latin = 0
        for u in text.unicodeScalars {
            switch u.value {
            case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: kana += 1
            case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF: han += 1
            case 0xAC00...0xD7AF, 0x1100...0x11FF: hangul += 1
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F: latin += 1
            default: break
            }
        }
        if kana > 0 && kana * 10 >= han { return "ja" }
        if han > 0 && han * 2 >= latin { return kana > 0 ? "ja" : "zh" }
        if hangul > 0 && hangul * 2 >= latin { return "ko" }
        if latin == 0 { return "und" }
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter })
        var best = "en", bestScore = 0.0
        var scores: [String: Double] = [:]
        let lower = text.lowercased()
        for (lang, set) in stopwords.sorted(by: { $0.key < $1.key }) {
            var s = Double(words.reduce(0) { $0 + (set.contains(String($1)) ? 1 : 0) })
            switch lang {
            case "de": if lower.contains(where: { "äöüß".contains($0) }) { s += 2 }
            case "pt": if lower.contains(where: { "ãõç".contains($0) }) { s += 2 }
            case "es": if lower.contains(where: { "ñ¿¡".contains($0) }) { s += 2 }
            default: break
            }
            scores[lang] = s
            if s > bestScore { best = lang; bestScore = s }
        }
        // Short texts share words across languages ("no", "a"): English unless another language
        // has clearly more evidence.
        if best != "en" && (bestScore < 2 || bestScore <= (scores["en"] ?? 0)) { return "en" }
        return best
    }
}
