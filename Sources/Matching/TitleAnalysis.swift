/// What one title says, read once: its words for similarity, its model numbers, its sizes and
/// capacities, and whether it sells a bundle.
///
///     let t = TitleAnalysis("Sony WH-1000XM4/B Wireless Headphones 2020")
///     t.codes        // ["1000xm4", "wh1000xm4", "wh1000xm4b"]  (and stems, see `stems`)
///     t.measures     // [year:2020]
public struct TitleAnalysis: Sendable {
    /// Words as compared by TF-IDF: Latin words, CJK bigrams, measures in base units, joined model numbers.
    public var words: [String] = []
    /// Model and part numbers in their joined forms (`wh 1000 xm4` -> `wh1000xm4`).
    public var codes: Set<String> = []
    /// Codes without a short letter suffix (a colour or region: `fs105na` -> `fs105`).
    public var stems: Set<String> = []
    public var measures: [Measure] = []
    public var isBundle = false

    /// Words that sell several products as one, in the markets' languages.
    static let bundleWords: Set<String> = ["bundle", "combo", "bundel", "paket", "conjunto", "combo", "kombi", "sparset"]
    static let bundleCJK = ["套装", "套餐", "组合", "セット", "同梱", "組合"]

    public init(_ title: String) {
        let folded = ProductText.fold(title)
        let tokens = ProductText.tokens(folded: folded)
        var used = [Bool](repeating: false, count: tokens.count)
        isBundle = TitleAnalysis.bundleCJK.contains { folded.contains($0) }
        for (i, t) in tokens.enumerated() {
            if t.gap == "+" && i > 0 { isBundle = true }
            if !t.isCJK && TitleAnalysis.bundleWords.contains(t.text) { isBundle = true }
            // Sizes: `128gb`, `1.5 l`, `55"`, `2-pack`, `pack of 2`, and years; but `wx-8663w` is a model
            // number, not 8663 watts: a size never hangs by a hyphen off a short run of letters.
            let modelPiece = i > 0 && t.gap == "-" && tokens[i - 1].text.count <= 3 && !tokens[i - 1].text.contains(where: \.isNumber)
            if !modelPiece, let m = Measure.read(t.text) ?? Measure.year(t.text) {
                measures.append(m); used[i] = true; words.append(m.description)
                // `tw 6689g`, `qa 1442w`: a spaced model number whose last piece reads like a size. It
                // stays a size, and the joined form is a model number too (the other shop may write TW-6689G).
                if i > 0, t.gap == " ", m.dimension != .year, !tokens[i - 1].isCJK, tokens[i - 1].text.count <= 3,
                   tokens[i - 1].text.allSatisfy(\.isLetter), t.text.count >= 4, Measure.read(tokens[i - 1].text, unit: nil) == nil {
                    let joined = tokens[i - 1].text + t.text
                    codes.insert(joined); words.append(joined)
                }
                continue
            }
            if i + 1 < tokens.count, let m = Measure.read(t.text, unit: tokens[i + 1].text), tokens[i + 1].gap != "/" {
                measures.append(m); used[i] = true; used[i + 1] = true; words.append(m.description); continue
            }
            let inches = i + 1 < tokens.count ? tokens[i + 1].gap == "\"" : folded.hasSuffix("\"")
            if inches, let m = Measure.read(t.text, unit: "\"") {
                measures.append(m); used[i] = true; words.append(m.description); continue
            }
            if (t.text == "pack" || t.text == "set") && i + 2 < tokens.count && tokens[i + 1].text == "of", let n = Double(tokens[i + 2].text), n >= 1, n < 1000 {
                measures.append(Measure(.count, n)); used[i] = true; used[i + 2] = true; words.append(measures.last!.description); continue
            }
            if !used[i] { words.append(t.text) }
        }
        // Model numbers: a token with digits (and letters, or four digits or more), and runs of up to
        // three short pieces joined across spaces, hyphens, slashes and dots.
        for i in tokens.indices where !used[i] && !tokens[i].isCJK {
            if TitleAnalysis.isCode(tokens[i].text) { codes.insert(tokens[i].text) }
            var joined = tokens[i].text
            var j = i + 1
            while j < tokens.count && j <= i + 2 && !used[j] && !tokens[j].isCJK && [" ", "-", "/", "."].contains(tokens[j].gap) {
                joined += tokens[j].text
                let pieces = tokens[i...j]
                if pieces.contains(where: { $0.text.contains(where: \.isNumber) }),
                   pieces.allSatisfy({ $0.text.contains(where: \.isNumber) || $0.text.count <= 4 }),
                   TitleAnalysis.isCode(joined), joined.contains(where: \.isLetter) || joined.count >= 6 {
                    codes.insert(joined); words.append(joined)
                }
                j += 1
            }
        }
        for c in codes { if let s = TitleAnalysis.stem(c) { stems.insert(s) } }
    }

    static func isCode(_ s: String) -> Bool {
        var digits = 0, letters = 0
        for c in s.unicodeScalars {
            if (0x30...0x39).contains(c.value) { digits += 1 } else if c != "." { letters += 1 }
        }
        guard digits > 0 else { return false }
        return letters > 0 ? digits + letters >= 3 : digits >= 4
    }

    /// `fs105na` -> `fs105`, `pslx350h` -> `pslx350`: at most two letters after the last digit.
    static func stem(_ code: String) -> String? {
        let u = Array(code.unicodeScalars)
        guard let lastDigit = u.lastIndex(where: { (0x30...0x39).contains($0.value) }) else { return nil }
        let tail = u.count - 1 - lastDigit
        guard tail >= 1 && tail <= 2, lastDigit + 1 >= 4 else { return nil }
        let s = String(String.UnicodeScalarView(u[...lastDigit]))
        return s.contains(where: \.isLetter) ? s : nil
    }
}
