/// English valence rules in the manner of VADER (Hutto & Gilbert, 2014), re-implemented, with the
/// VADER lexicon as data plus a product-review vocabulary and rules VADER lacks: failure verbs under
/// negation ("never worked", "would not close"), irrealis ("would have been nice"), missing features
/// ("no fm radio"), adjectives that VADER only knows as boosters ("incredible pics"), "like" as a
/// preposition, and misspellings with doubled or dropped double letters ("dissapointed").
final class EnglishRules: @unchecked Sendable {
    static let shared = EnglishRules()

    /// Multi-word idioms keyed by their first word, longest first.
    let idioms: [String: [(words: [String], valence: Double)]]
    /// Everything known about a word, found with one lookup per token.
    struct TokenInfo {
        var valence: Double?
        var booster = 0.0
        var negator = false
        var startsIdiom = false
        var modelWeight = 0.0
        /// Which Latin-script languages list the word as a stopword (LanguageDetector.order bits).
        var stopMask: UInt8 = 0
        var flags: UInt16 = 0
    }
    /// Word classes the rules test, as bits of `TokenInfo.flags`.
    enum Flag {
        static let noOrWithout: UInt16 = 1, stopword: UInt16 = 2, functionVerb: UInt16 = 4, like: UInt16 = 8
        static let likeSubject: UInt16 = 16, irrealis: UInt16 = 32, have: UInt16 = 64, contrast: UInt16 = 128
    }
    let collapsedTable: ByteTable<Double>
    let info: [String: TokenInfo]
    let infoTable: ByteTable<TokenInfo>

    static let boosterIncrement = 0.293
    static let capsIncrement = 0.733
    static let negationScalar = -0.5
    static let failureValence = -1.6
    static let absentFeatureValence = -1.0
    static let exclamationIncrement = 0.292

    static let negators: Set<String> = Set("""
        aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't couldn't daren't didn't doesn't dont hadnt hasnt havent isnt \
        mightnt mustnt neither don't hadn't hasn't haven't isn't mightn't mustn't neednt needn't never none nope nor not nothing nowhere \
        oughtnt shant shouldnt uhuh wasnt werent oughtn't shan't shouldn't uh-uh wasn't weren't without wont wouldnt won't wouldn't \
        rarely seldom despite no hardly barely
        """.split(separator: " ").map(String.init))

    static let boosters: [String: Double] = {
        var b: [String: Double] = [:]
        for w in """
            absolutely amazingly awfully completely considerable considerably decidedly deeply effing enormous enormously entirely especially \
            exceptional exceptionally extreme extremely fabulously flipping flippin frackin fracking fricking frickin frigging friggin fully \
            fuckin fucking fuggin fugging greatly hella highly hugely incredible incredibly intensely major majorly more most particularly \
            purely quite really remarkably so substantially thoroughly total totally tremendous tremendously uber unbelievably unusually \
            utter utterly very super
            """.split(separator: " ") { b[String(w)] = boosterIncrement }
        for w in """
            almost barely hardly just enough kinda kindof kind-of less little marginal marginally occasional occasionally partly scarce \
            scarcely slight slightly somewhat sorta sortof sort-of bit fairly
            """.split(separator: " ") { b[String(w)] = -boosterIncrement }
        return b
    }()

    /// Verbs of a product doing its job: negated, they are a complaint ("it never worked").
    static let functionVerbs: Set<String> = Set("""
        work works worked working function functions functioned close closes closed open opens opened turn turns turned charge charges \
        charged connect connects connected fit fits fitted recognize recognizes recognized load loads loaded play plays played read reads \
        hold holds held start starts started boot boots booted stay stays stayed last lasts lasted support supports supported respond \
        responds responded sync syncs synced install installs installed find finds found detect detects detected stop stops stopped come \
        came arrive arrived get gets got transfer transfers transferred ring rang cover covers covered include includes included
        """.split(separator: " ").map(String.init))

    /// Product-review words missing from VADER or weighted for general text there.
    static let productVocabulary: [String: Double] = [
        "broke": -2.0, "broken": -2.0, "breaks": -1.8, "defective": -2.5, "refund": -1.5, "returned": -1.5, "return": -0.5, "returning": -1.5,
        "junk": -2.5, "flimsy": -2.0, "cheaply": -1.5, "overpriced": -2.0, "faulty": -2.2, "useless": -2.5, "disappointing": -2.2,
        "disappointed": -2.2, "unusable": -2.5, "worthless": -2.5, "malfunction": -2.0, "crashes": -1.5, "crashed": -1.5, "freezes": -1.5,
        "froze": -1.5, "freeze": -1.2, "sturdy": 1.8, "durable": 1.8, "reliable": 1.8, "flawless": 2.8, "flawlessly": 2.8, "recommended": 1.8,
        "crisp": 1.4, "sharp": 0.8, "smooth": 1.2, "responsive": 1.2, "intuitive": 1.5, "compact": 0.5, "lightweight": 0.8, "gorgeous": 2.8,
        "pleased": 2.0, "glitch": -1.5, "glitches": -1.5, "buggy": -2.0, "noisy": -1.2, "scratched": -1.5, "cracked": -1.8, "leaks": -1.5,
        "leaked": -1.5, "rubbish": -2.5, "awkward": -1.3, "clunky": -1.5, "sluggish": -1.5, "blurry": -1.5, "grainy": -1.3, "dim": -0.8,
        "dies": -1.5, "died": -1.8, "flaw": -1.8, "flaws": -1.8, "flawed": -1.8, "drawback": -1.6, "drawbacks": -1.6, "issue": -0.9,
        "issues": -0.9, "fragile": -1.5, "unsatisfactory": -2.0, "static": -0.5, "convenient": 1.5, "decent": 1.0, "bulky": -1.2,
        "hassle": -1.5, "expensive": -0.8, "ok": 0.4, "okay": 0.4, "fine": 0.6, "bug": -1.2, "bugs": -1.2, "error": -1.0, "errors": -1.0,
        "limitations": -1.2, "annoyance": -1.5, "annoyances": -1.5, "inconvenience": -1.3, "inconveniences": -1.3, "downside": -1.5,
        "downsides": -1.5, "shortcoming": -1.5, "shortcomings": -1.5, "complaint": -1.2, "complaints": -1.2, "unreliable": -2.0,
        "unstable": -1.5, "inaccurate": -1.5, "unresponsive": -1.8, "overheats": -1.8, "overheating": -1.8, "excellent": 3.0, "superb": 3.0,
        "performer": 0.8, "steady": 0.8, "solid": 1.2, "handy": 1.5, "versatile": 1.5, "plenty": 0.8, "valid": 0.8, "lacks": -1.3,
        "lacking": -1.3, "lack": -1.0, "missing": -1.0, "fortunately": 1.5, "luckily": 1.5, "incredible": 2.6, "exceptional": 2.6,
        "tremendous": 2.2, "non-issue": 1.0, "beast": 1.0, "golden": 1.5, "quirk": -0.8, "quirks": -0.8, "washed": -0.3, "confusing": -1.5,
        "frustrating": -2.0, "time-consuming": -1.0, "cumbersome": -1.5, "finicky": -1.5, "crushed": -1.5, "damaged": -1.8, "slow": -1.0,
        "late": -0.8, "delayed": -1.2, "fast": 0.8, "quickly": 0.6, "comfortable": 1.8, "uncomfortable": -1.8, "counterfeit": -2.5,
        "fake": -2.2, "genuine": 1.2, "authentic": 1.2,
        // emoji (VADER describes them in words; here they carry a valence of their own)
        "😍": 3.0, "🥰": 3.0, "😊": 2.0, "🙂": 1.5, "😀": 2.2, "😃": 2.2, "😄": 2.2, "😁": 2.2, "👍": 2.0, "👌": 1.8, "❤️": 3.0, "❤": 3.0,
        "💯": 2.5, "🔥": 1.5, "⭐": 1.0, "🌟": 1.5, "🎉": 2.0, "😞": -2.0, "😢": -2.2, "😭": -2.5, "😡": -3.0, "😠": -2.8, "👎": -2.2,
        "💩": -2.8, "🤮": -3.0, "😤": -2.0, "🙁": -1.8, "☹️": -2.0, "😒": -1.8, "🤬": -3.2, "😩": -2.2, "😫": -2.2, "💔": -2.5,
    ]

    static let idiomList: [(String, Double)] = [
        ("would not recommend", -2.8), ("wouldn't recommend", -2.8), ("do not recommend", -2.8), ("don't recommend", -2.8),
        ("not recommend", -2.5), ("waste of money", -3.0), ("waste of time", -2.8), ("stopped working", -2.5), ("quit working", -2.5),
        ("fell apart", -2.5), ("works great", 2.8), ("work great", 2.8), ("worked great", 2.8), ("works perfectly", 3.0), ("works well", 2.2),
        ("work well", 2.0), ("highly recommend", 3.2), ("no complaints", 2.0), ("not worth", -2.2), ("money back", -1.5),
        ("piece of junk", -3.0), ("piece of crap", -3.2), ("piece of garbage", -3.0), ("never again", -2.0), ("no problems", 1.8),
        ("no problem", 1.5), ("no issues", 1.8), ("does not work", -2.5), ("doesn't work", -2.5), ("didn't work", -2.5), ("did not work", -2.5),
        ("not working", -2.3), ("value for money", 1.8), ("bang for the buck", 2.0), ("love it", 3.0), ("five stars", 3.0), ("5 stars", 3.0),
        ("one star", -2.5), ("1 star", -2.5), ("returned it", -2.0), ("sent it back", -2.0), ("well made", 2.2), ("poorly made", -2.5),
        ("cheaply made", -2.5), ("don't buy", -2.8), ("do not buy", -2.8), ("stay away", -2.5), ("save your money", -2.5),
        ("buy another", 1.8), ("buy again", 2.0), ("to no avail", -1.8), ("a plus", 1.5), ("easy to use", 2.3), ("crapped out", -2.5),
        ("locks up", -1.8), ("lock up", -1.5), ("locked up", -1.8), ("the only drawback", -1.0), ("the only complaint", -0.8),
        ("no longer", 0), ("not bad", 1.2), ("too small", -1.5), ("too big", -1.5), ("too large", -1.5), ("too short", -1.5),
        ("too long", -1.2), ("too expensive", -1.8), ("too slow", -1.8), ("too heavy", -1.5), ("too high", -1.5), ("buyer beware", -2.5),
        ("be forewarned", -1.8), ("down the drain", -2.5), ("get what you pay", -1.0), ("took forever", -1.8), ("takes forever", -1.8),
        ("getting used to", -0.6), ("not a big deal", 0.3), ("no big deal", 0.3), ("worth every penny", 3.0), ("worth it", 2.0),
        ("well worth", 2.5), ("blown away", 2.8), ("for the price", 0.6), ("returned the", -1.5), ("return it", -1.8), ("sent back", -2.0),
        ("customer service", 0), ("tech support", 0), ("the best", 2.5), ("true to size", 1.5), ("runs small", -1.5), ("runs large", -1.2),
        ("runs big", -1.2), ("never answered", -2.0), ("never arrived", -2.5), ("arrived damaged", -2.5), ("arrived broken", -2.5),
        ("great value", 2.8), ("fast shipping", 2.0), ("fast delivery", 2.0), ("slow shipping", -1.8),
    ]

    static let irrealis: Set<String> = ["would", "could", "should", "might"]
    /// "like" is a verb of liking only after a subject or an adverb; otherwise it is a preposition.
    static let likeSubjects: Set<String> = ["i", "we", "they", "you", "really", "also", "definitely", "still", "truly", "do", "don't",
                                            "didn't", "'d", "i'd", "we'd", "would", "not"]
    static let stopwords: Set<String> = Set("a an the of to and or in on at for with it is are was were be been this that these those my your his her its our their any some"
        .split(separator: " ").map(String.init))
    static let contrastWords: Set<String> = ["but", "however", "yet"]

    private init() {
        var lex: [String: Double] = [:]
        lex.reserveCapacity(8_000)
        for line in vaderLexiconText.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t"), let v = Double(line[line.index(after: tab)...]) else { continue }
            lex[String(line[..<tab])] = v
        }
        for (w, v) in Self.productVocabulary { lex[w] = v }
        // The lexicon keyed by the word with runs of a repeated letter collapsed, for misspellings.
        var col: [String: Double] = [:]
        for (k, v) in lex where k.allSatisfy(\.isLetter) {
            let c = String(decoding: Self.collapsedBytes(k), as: UTF8.self)
            if col[c] == nil { col[c] = v }
        }
        var id: [String: [(words: [String], valence: Double)]] = [:]
        for (phrase, v) in Self.idiomList {
            let words = phrase.split(separator: " ").map(String.init)
            id[words[0], default: []].append((words, v))
        }
        for k in id.keys { id[k]!.sort { $0.words.count > $1.words.count } }
        idioms = id
        var inf: [String: TokenInfo] = [:]
        inf.reserveCapacity(lex.count + 1_000)
        for (w, v) in lex { inf[w, default: TokenInfo()].valence = v }
        for (w, b) in Self.boosters { inf[w, default: TokenInfo()].booster = b }
        for w in Self.negators { inf[w, default: TokenInfo()].negator = true }
        for w in id.keys { inf[w, default: TokenInfo()].startsIdiom = true }
        for (w, v) in EnglishAnalyzer.model.words { inf[w, default: TokenInfo()].modelWeight = v }
        for k in inf.keys where k.hasSuffix("n't") { inf[k]!.negator = true }
        for (w, m) in LanguageDetector.wordMask { inf[w, default: TokenInfo()].stopMask = m }
        func flag(_ words: some Sequence<String>, _ f: UInt16) { for w in words { inf[w, default: TokenInfo()].flags |= f } }
        flag(["no", "without"], Flag.noOrWithout)
        flag(Self.stopwords, Flag.stopword)
        flag(Self.functionVerbs, Flag.functionVerb)
        flag(["like"], Flag.like)
        flag(Self.likeSubjects, Flag.likeSubject)
        flag(Self.irrealis, Flag.irrealis)
        flag(["have"], Flag.have)
        flag(Self.contrastWords, Flag.contrast)
        info = inf
        infoTable = ByteTable(inf)
        collapsedTable = ByteTable(col)
    }

    /// The valence of a misspelt word whose letters, runs collapsed, spell a lexicon word.
    func collapsedValence(_ w: String) -> Double? { collapsedTable.value(for: Self.collapsedBytes(w)[...]) }

    /// The word's UTF-8 with runs of one repeated byte collapsed ("dissappointed" -> "disapointed").
    static func collapsedBytes(_ w: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(w.utf8.count)
        for b in w.utf8 where out.last != b { out.append(b) }
        return out
    }



    /// The valence sum of one sentence's tokens (unbounded; positive is good).
    func sentenceSum(_ tokens: [EnglishToken], capsDiffer: Bool) -> Double {
        let n = tokens.count
        if n == 0 { return 0 }
        var vals = [Double](repeating: 0, count: n)
        var used = [Bool](repeating: false, count: n)
        // Idioms first: their words are not scored again.
        var i = 0
        while i < n {
            if tokens[i].startsIdiom, let cands = idioms[tokens[i].lower] {
                for c in cands where i + c.words.count <= n {
                    var match = true
                    for k in 1..<c.words.count where tokens[i + k].lower != c.words[k] { match = false; break }
                    if match {
                        vals[i] = c.valence
                        for k in i..<(i + c.words.count) { used[k] = true }
                        i += c.words.count - 1
                        break
                    }
                }
            }
            i += 1
        }
        for i in 0..<n {
            let t = tokens[i]
            var v: Double
            if used[i] {
                if vals[i] == 0 { continue }
                v = vals[i]
            } else if t.booster != 0, !(t.valence != nil && !(i + 1 < n && tokens[i + 1].valence != nil)) {
                continue
            } else if t.has(Flag.noOrWithout), i + 1 < n, !used[i + 1], tokens[i + 1].valence == nil,
                      !tokens[i + 1].has(Flag.stopword), tokens[i + 1].isAlpha {
                vals[i] = Self.absentFeatureValence
                continue
            } else if let lv = t.valence {
                v = lv
            } else if t.has(Flag.functionVerb), (max(0, i - 3)..<i).contains(where: { tokens[$0].negator }) {
                vals[i] = Self.failureValence
                continue
            } else if t.isAlpha, t.lower.utf8.count > 4, let cv = collapsedValence(t.lower) {
                v = cv
            } else {
                continue
            }
            if t.has(Flag.like) && !(i > 0 && tokens[i - 1].has(Flag.likeSubject)) { continue }
            if v > 0, (max(0, i - 4)..<i).contains(where: { tokens[$0].has(Flag.irrealis) && $0 + 1 < n && tokens[$0 + 1].has(Flag.have) }) {
                v *= -0.4
            }
            if capsDiffer && tokens[i].isUpper { v += v > 0 ? Self.capsIncrement : -Self.capsIncrement }
            for d in 1...3 {
                let j = i - d
                if j < 0 { break }
                if !used[j], tokens[j].booster != 0 {
                    let s = tokens[j].booster * (d == 1 ? 1 : d == 2 ? 0.95 : 0.9)
                    v += v > 0 ? s : -s
                }
                if tokens[j].negator && !used[j] { v *= Self.negationScalar }
            }
            vals[i] = v
        }
        if let c = (1..<max(1, n)).first(where: { tokens[$0].has(Flag.contrast) }) {
            for k in 0..<n { if k < c { vals[k] *= 0.5 } else if k > c { vals[k] *= 1.5 } }
        }
        return vals.reduce(0, +)
    }
}

struct EnglishToken {
    let lower: String
    let isUpper: Bool
    let isAlpha: Bool
    /// Looked up once: the lexicon valence, the booster increment (0 if none), negator or not.
    let valence: Double?
    let booster: Double
    let negator: Bool
    let startsIdiom: Bool
    let modelWeight: Double
    let stopMask: UInt8
    let flags: UInt16
    @inline(__always) func has(_ f: UInt16) -> Bool { flags & f != 0 }

    init(lower: String, isUpper: Bool, isAlpha: Bool) {
        self.init(lower: lower, isUpper: isUpper, isAlpha: isAlpha, info: EnglishRules.shared.info[lower])
    }

    init(lower: String, isUpper: Bool, isAlpha: Bool, info: EnglishRules.TokenInfo?) {
        self.lower = lower
        self.isUpper = isUpper
        self.isAlpha = isAlpha
        if let i = info {
            valence = i.valence
            booster = i.booster
            negator = i.negator
            startsIdiom = i.startsIdiom
            modelWeight = i.modelWeight
            stopMask = i.stopMask
            flags = i.flags
        } else {
            stopMask = 0
            flags = 0
            valence = nil
            booster = 0
            negator = lower.hasSuffix("n't")
            startsIdiom = false
            modelWeight = 0
        }
    }
}

extension EnglishRules {
    private static let edgePunctuation: Set<Character> = [".", ",", ";", ":", "!", "?", "\"", "'", "(", ")", "[", "]", "{", "}", "*", "<", ">", "/",
                                                          "\\", "`", "~", "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "-", "…"]

    private static let asciiEdge: [Bool] = {
        var t = [Bool](repeating: false, count: 128)
        for c in ".,;:!?\"'()[]{}*<>/\\`~-".utf8 { t[Int(c)] = true }
        return t
    }()

    /// Sentences of tokens: whitespace-separated, edge punctuation stripped, emoticons kept whole.
    /// ASCII tokens take a byte path; others go through Unicode-aware Character handling.
    func tokenize(_ text: Substring) -> (sentences: [[EnglishToken]], capsDiffer: Bool, exclamations: Int) {
        var sentences: [[EnglishToken]] = []
        var current: [EnglishToken] = []
        var anyUpper = false, allUpper = true, exclamations = 0
        let bytes = Array(text.utf8)
        var i = 0
        let n = bytes.count
        var buffer: [UInt8] = []
        buffer.reserveCapacity(32)
        while i < n {
            // Skip ASCII whitespace; a token runs to the next ASCII whitespace.
            while i < n, bytes[i] == 0x20 || (bytes[i] >= 0x09 && bytes[i] <= 0x0D) { i += 1 }
            if i >= n { break }
            let start = i
            var ascii = true
            while i < n, !(bytes[i] == 0x20 || (bytes[i] >= 0x09 && bytes[i] <= 0x0D)) {
                if bytes[i] >= 0x80 { ascii = false }
                i += 1
            }
            let lastByte = bytes[i - 1]
            let endsSentence = lastByte == 0x2E || lastByte == 0x21 || lastByte == 0x3F || lastByte == 0x3B
            if ascii {
                var letters = 0, uppers = 0
                buffer.removeAll(keepingCapacity: true)
                for k in start..<i {
                    var b = bytes[k]
                    if b == 0x21 { exclamations += 1 }
                    if b >= 0x41 && b <= 0x5A { b += 0x20 }
                    buffer.append(b)
                }
                var lo = start, hi = i
                for k in start..<i where (bytes[k] | 0x20) >= 0x61 && (bytes[k] | 0x20) <= 0x7A { letters += 1 }
                if letters == 0, let info = infoTable.value(for: buffer[...]), info.valence != nil {
                    // an emoticon such as :) or :-(
                    current.append(EnglishToken(lower: String(decoding: buffer, as: UTF8.self), isUpper: false, isAlpha: false, info: info))
                    continue
                }
                while lo < hi && Self.asciiEdge[Int(bytes[lo])] { lo += 1 }
                while hi > lo && Self.asciiEdge[Int(bytes[hi - 1])] { hi -= 1 }
                let len = hi - lo
                if len > 1 || (len == 1 && ((bytes[lo] | 0x20) >= 0x61 && (bytes[lo] | 0x20) <= 0x7A || (bytes[lo] >= 0x30 && bytes[lo] <= 0x39))) {
                    letters = 0
                    for k in lo..<hi {
                        let b = bytes[k]
                        if b >= 0x41 && b <= 0x5A { letters += 1; uppers += 1 } else if b >= 0x61 && b <= 0x7A { letters += 1 }
                    }
                    let isAlpha = letters > 0 && letters == len
                    let isUpper = letters > 0 && uppers == letters
                    if isUpper { anyUpper = true }
                    if isAlpha && !isUpper { allUpper = false }
                    let slice = buffer[(lo - start)..<(hi - start)]
                    current.append(EnglishToken(lower: String(decoding: slice, as: UTF8.self), isUpper: isUpper, isAlpha: isAlpha,
                                                info: infoTable.value(for: slice)))
                }
            } else {
                let raw = String(decoding: bytes[start..<i], as: UTF8.self)
                let plain = raw.contains("\u{2019}") ? raw.replacingOccurrences(of: "\u{2019}", with: "'") : raw
                for ch in plain where ch == "!" { exclamations += 1 }
                let lowerRaw = plain.lowercased()
                if info[lowerRaw]?.valence != nil && !plain.contains(where: { $0.isLetter }) {
                    // an emoticon such as :) or :-( or an emoji
                    current.append(EnglishToken(lower: lowerRaw, isUpper: false, isAlpha: false))
                    continue
                }
                var token = Substring(plain)
                while let f = token.first, Self.edgePunctuation.contains(f) { token = token.dropFirst() }
                while let l = token.last, Self.edgePunctuation.contains(l) { token = token.dropLast() }
                if token.count > 1 || (token.count == 1 && token.first!.isLetter || token.first?.isNumber == true) {
                    let letters = token.filter(\.isLetter)
                    let isAlpha = !letters.isEmpty && letters.count == token.count
                    let isUpper = !letters.isEmpty && letters.allSatisfy(\.isUppercase)
                    if isUpper { anyUpper = true }
                    if isAlpha && !isUpper { allUpper = false }
                    current.append(EnglishToken(lower: token.lowercased(), isUpper: isUpper, isAlpha: isAlpha))
                }
            }
            if endsSentence && !current.isEmpty {
                sentences.append(current)
                current = []
            }
        }
        if !current.isEmpty { sentences.append(current) }
        return (sentences, anyUpper && !allUpper, min(exclamations, 4))
    }

    /// The valence sum of a text: its sentences' sums, with exclamation emphasis.
    func textSum(_ text: Substring) -> Double { textSum(tokenize(text)) }

    func textSum(_ t: (sentences: [[EnglishToken]], capsDiffer: Bool, exclamations: Int)) -> Double {
        var s = 0.0
        for sentence in t.sentences { s += sentenceSum(sentence, capsDiffer: t.capsDiffer) }
        let ex = Double(t.exclamations) * Self.exclamationIncrement
        if s > 0 { s += ex } else if s < 0 { s -= ex }
        return s
    }
}
