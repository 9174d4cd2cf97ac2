/// A brand's sound as a run of consonant classes, so a katakana brand and its Latin spelling can
/// be compared: Japanese shops write foreign brands by ear (`ソニー` for Sony, `パナソニック` for
/// Panasonic), inserting vowels, lengthening them and doubling consonants. Both forms are reduced
/// to the consonants they share, in classes that katakana cannot tell apart (b/p/v/w/f, d/t, g/k/c/q,
/// s/z/j/sh/ch, l/r), vowels and long marks dropped and repeats collapsed.
///
///     BrandKey.kana("ソニー")              // "sn"
///     BrandKey.latin("sony")               // ["sn"]
///     BrandKey.kana("ノルトヴィント")       // "nrtbnt" = BrandKey.latin("nordwind")
///     BrandKey.latin("sharp")              // ["srb", "sb"]  (an r after a vowel is often silent: シャープ)
///
/// A key says two spellings may be one brand; matching uses it only beside a shared model number.
public enum BrandKey {
    /// The key of a run of katakana, or nil when the text has none or is too short to tell.
    public static func kana(_ text: String) -> String? {
        var out: [Character] = []
        let scalars = Array(text.unicodeScalars)
        for (i, s) in scalars.enumerated() {
            guard let c = kanaClass(s, next: i + 1 < scalars.count ? scalars[i + 1] : nil) else { continue }
            for ch in c where out.last != ch { out.append(ch) }
        }
        return out.count >= 2 ? String(out) : nil
    }

    /// Keys of a Latin word (folded, letters only): with every r, and with an r after a vowel
    /// dropped (English `sharp` is シャープ, German `Nordwind` keeps it: ノルト).
    public static func latin(_ word: String) -> [String] {
        let letters = Array(word.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) })
        var keys: [String] = []
        for dropPostVocalicR in [false, true] {
            var out: [Character] = []
            var i = 0
            func emit(_ c: Character) { if out.last != c { out.append(c) } }
            while i < letters.count {
                let c = letters[i], next = i + 1 < letters.count ? letters[i + 1] : nil
                let prevVowel = i > 0 && "aeiouy".unicodeScalars.contains(letters[i - 1])
                switch c {
                case "a", "e", "i", "o", "u", "y": break
                case "s" where next == "h", "c" where next == "h": emit("s"); i += 1
                case "p" where next == "h": emit("b"); i += 1
                case "t" where next == "h": emit("t"); i += 1
                case "h": if i == 0 || (prevVowel && next.map { "aeiouy".unicodeScalars.contains($0) } == true) { emit("h") }
                case "b", "p", "v", "w", "f": emit("b")
                case "d", "t": emit("t")
                case "c": emit(next.map { "eiy".unicodeScalars.contains($0) } == true ? "s" : "k")
                case "g", "k", "q": emit("k")
                case "x": emit("k"); emit("s")
                case "s", "z", "j": emit("s")
                case "l": emit("r")
                case "r": if !(dropPostVocalicR && prevVowel && !(next.map { "aeiouy".unicodeScalars.contains($0) } ?? false)) { emit("r") }
                case "m": emit("m")
                case "n": emit("n")
                default: break
                }
                i += 1
            }
            if out.count >= 2 && !keys.contains(String(out)) { keys.append(String(out)) }
        }
        return keys
    }

    /// Whether the text has katakana (a Japanese shop's spelling of a brand).
    static func hasKana(_ text: String) -> Bool { text.unicodeScalars.contains { (0x30A1...0x30FA).contains($0.value) } }

    /// The consonant class of one katakana (nil for vowels, long marks and small vowels). ウ and
    /// フ before a small vowel are w and f (ウィ, フィ).
    static func kanaClass(_ s: Unicode.Scalar, next: Unicode.Scalar?) -> String? {
        let v = s.value
        guard (0x30A1...0x30FA).contains(v) else { return nil }
        let smallVowel = next.map { [0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9].contains($0.value) } ?? false
        switch v {
        case 0x30A6: return smallVowel ? "b" : nil                 // ウ (ウィ = wi)
        case 0x30AB...0x30B4: return "k"                            // カ..ゴ
        case 0x30B5...0x30BE: return "s"                            // サ..ゾ
        case 0x30BF, 0x30C0, 0x30C6...0x30C9: return "t"           // タ ダ テ デ ト ド
        case 0x30C1, 0x30C2: return "s"                             // チ ヂ (chi, ji)
        case 0x30C4, 0x30C5: return "ts"                            // ツ ヅ
        case 0x30CA...0x30CE: return "n"                            // ナ..ノ
        case 0x30D5: return "b"                                     // フ (fu, f)
        case 0x30CF...0x30DD: return (v - 0x30CF) % 3 == 0 ? "h" : "b"  // ハ バ パ, ヒ ビ ピ, ...
        case 0x30DE...0x30E2: return "m"                            // マ..モ
        case 0x30E9...0x30ED: return "r"                            // ラ..ロ
        case 0x30EF, 0x30F4: return "b"                             // ワ ヴ
        case 0x30F3: return "n"                                     // ン
        default: return nil                                         // vowels, ャュョ, ッ, ヲ, ー
        }
    }
}
