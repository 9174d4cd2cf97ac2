/// Picks a review's language from its script, then, for Latin text, from stopwords and letters
/// particular to a language. Returns an ISO 639-1 code: en, de, pt, es, zh, ja, ko, or "und".
public enum LanguageDetector {
    /// Function words and the words reviews are made of ("loja", "produto", "lieferung"), none of
    /// them an English word, so that short marketplace reviews ("Loja nota 10", "Recomendo",
    /// "Sehr gutes Produkt") are not taken for English. Unaccented spellings too: buyers type fast.
    static let stopwords: [String: Set<String>] = [
        "en": ["the", "and", "is", "it", "was", "this", "to", "of", "for", "not", "with", "but", "very", "my", "i", "a", "in", "you", "that", "great", "good",
               "product", "item", "quality", "price", "works", "would", "recommend", "bought", "love", "nice", "they", "are", "have", "just", "does",
               "be", "on", "so", "as", "after", "excellent", "perfect", "well", "fits", "received", "no"],
        "de": ["der", "die", "das", "und", "ist", "nicht", "sehr", "ich", "mit", "es", "ein", "eine", "zu", "aber", "auch", "war", "für", "gut", "nach", "sich",
               "gute", "guter", "gutes", "produkt", "lieferung", "schnelle", "schnell", "leider", "nie", "wieder", "kaputt", "passt", "klein", "groß",
               "zurückgeschickt", "woche", "einer", "einem", "den", "dem", "des", "auf", "nur", "noch", "schon", "habe", "wurde", "kein", "keine",
               "artikel", "ware", "preis", "qualität", "alles", "bestellt", "geliefert", "empfehlen", "danke", "wie", "bei", "von", "im", "mir", "dass",
               "funktioniert", "versand", "gekauft", "preis-leistung", "einfach", "immer", "wirklich"],
        "pt": ["o", "a", "de", "que", "e", "não", "muito", "com", "um", "uma", "para", "em", "foi", "mas", "bem", "produto", "chegou", "é", "os", "as",
               "nao", "muita", "boa", "bom", "otimo", "otima", "ótimo", "ótima", "recomendo", "loja", "nota", "produtos", "entrega", "prazo", "veio",
               "antes", "tudo", "mt", "mto", "vc", "pq", "q", "gostei", "adorei", "qualidade", "entregue", "recebi", "ainda", "comprei", "compra",
               "pedido", "obrigado", "obrigada", "parabens", "parabéns", "lindo", "linda", "perfeito", "ruim", "péssimo", "pessimo", "está", "esta",
               "estou", "da", "dos", "das", "na", "nos", "pelo", "pela", "mais", "são", "já", "ja", "meu", "minha", "só", "nada", "nem", "fiquei",
               "satisfeito", "satisfeita", "confiável", "confiavel", "vendedor", "barato", "bonito", "bonita", "também", "tambem", "porém", "porem",
               "excelente", "rapido", "rápido", "rápida", "rapida", "até", "recebido", "aguardando", "atraso", "defeito", "certinho", "lojas",
               "amei", "maravilhoso", "maravilhosa", "fantástico", "fantastico", "correto", "correta", "demorou", "dentro", "sem", "previsto",
               "comprar", "podem", "sempre", "demais", "seguro", "ruin", "cumpriram", "recomendado", "voltar"],
        "es": ["el", "la", "de", "que", "y", "no", "muy", "con", "un", "una", "para", "en", "fue", "pero", "es", "los", "las", "producto", "llegó", "lo",
               "bueno", "buena", "excelente", "rápido", "rapido", "recomiendo", "llego", "calidad", "perfecto", "todo", "bien", "del", "al", "su",
               "gracias", "malo", "mala", "tiempo", "está", "esta"],
    ]

    static let order = ["en", "de", "es", "pt"]
    static let wordMask: [String: UInt8] = {
        var m: [String: UInt8] = [:]
        for (k, lang) in order.enumerated() { for w in stopwords[lang]! { m[w, default: 0] |= 1 << k } }
        return m
    }()

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
        // Stopword hits per language, plus two for letters particular to one language.
        var hits = [Double](repeating: 0, count: order.count)
        for u in text.unicodeScalars {
            switch u.value {
            case 0xE4, 0xF6, 0xFC, 0xDF, 0xC4, 0xD6, 0xDC: hits[1] = 2        // ä ö ü ß
            case 0xE3, 0xF5, 0xE7, 0xC3, 0xD5, 0xC7: hits[3] = 2              // ã õ ç
            case 0xF1, 0xD1, 0xBF, 0xA1: hits[2] = 2                          // ñ ¿ ¡
            default: break
            }
        }
        func count(_ word: String) {
            guard let mask = wordMask[word] else { return }
            for k in 0..<order.count where mask & (1 << k) != 0 { hits[k] += 1 }
        }
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: words of letters, lowercased byte by byte.
            var word: [UInt8] = []
            for var b in text.utf8 {
                if b >= 0x41 && b <= 0x5A { b += 0x20 }
                if b >= 0x61 && b <= 0x7A { word.append(b); continue }
                if !word.isEmpty { count(String(decoding: word, as: UTF8.self)); word.removeAll(keepingCapacity: true) }
            }
            if !word.isEmpty { count(String(decoding: word, as: UTF8.self)) }
        } else {
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) { count(String(word)) }
        }
        return decide(hits)
    }

    /// Stopword hits per language (in `order`) to a language.
    static func decide(_ hits: [Double]) -> String {
        var best = 0
        for k in 1..<order.count where hits[k] > hits[best] { best = k }
        // Spanish and Portuguese share words ("excelente", "rápido"): a tie goes to Portuguese.
        if best == 2 && hits[3] == hits[2] { best = 3 }
        if best == 0 { return "en" }
        // Without a single English word, one word of another language is enough ("Recomendo").
        if hits[0] == 0 { return order[best] }
        // Otherwise short texts share words across languages ("no", "a"): English unless another
        // language has clearly more evidence.
        if hits[best] < 2 || hits[best] <= hits[0] { return "en" }
        return order[best]
    }
}
