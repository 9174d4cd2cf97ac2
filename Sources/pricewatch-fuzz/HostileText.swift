/// Generated hostile inputs: a seed text of the right kind, then mutations a fuzzer and an attacker
/// both reach for (a fragment repeated thousands of times, deep nesting, splices of the format's
/// own tokens, stray bytes). Every input is a pure function of (seed, case), so a failure replays.
///
///     var g = HostileText(seed: 7, case: 12)
///     let robots = g.text(for: .robots)   // e.g. "User-agent: *\nDisallow: /*a*a*a…"
struct HostileText {
    var rng: SplitMix64
    /// The largest input made, in UTF-8 bytes: large enough for super-linear work to show, small
    /// enough that linear work is quick even in a debug build.
    let maxBytes: Int

    init(seed: UInt64, case index: UInt64, maxBytes: Int = 256 * 1024) {
        rng = SplitMix64(seed: seed ^ (index &* 0x9E37_79B9_7F4A_7C15))
        self.maxBytes = maxBytes
    }

    mutating func text(for kind: FuzzKind) -> String {
        let seeds = FuzzCorpus.seeds(kind)
        var text = seeds[rng.below(seeds.count)]
        let tokens = FuzzCorpus.tokens(kind)
        for _ in 0..<(1 + rng.below(4)) {
            text = mutate(text, tokens: tokens)
            if text.utf8.count > maxBytes { break }
        }
        if text.utf8.count > maxBytes { text = String(decoding: text.utf8.prefix(maxBytes), as: UTF8.self) }
        return text
    }

    private mutating func mutate(_ text: String, tokens: [String]) -> String {
        var chars = Array(text.unicodeScalars)
        let at = chars.isEmpty ? 0 : rng.below(chars.count + 1)
        switch rng.below(7) {
        case 0, 1:
            // The classic: one token repeated until the input is large (attributes, wildcards, dots).
            let token = tokens[rng.below(tokens.count)]
            let room = max(1, (maxBytes - text.utf8.count) / max(1, token.utf8.count))
            let times = min(room, 1 << rng.below(18))
            chars.insert(contentsOf: String(repeating: token, count: times).unicodeScalars, at: at)
        case 2:
            // Nesting: an opener repeated, its closer maybe never.
            let (open, close) = FuzzCorpus.nesting[rng.below(FuzzCorpus.nesting.count)]
            let depth = min(max(1, (maxBytes - text.utf8.count) / (open.utf8.count + close.utf8.count)), 1 << rng.below(16))
            let closers = rng.below(2) == 0 ? "" : String(repeating: close, count: depth)
            chars.insert(contentsOf: (String(repeating: open, count: depth) + closers).unicodeScalars, at: at)
        case 3:
            // A few tokens spliced in at random places.
            for _ in 0..<(1 + rng.below(8)) {
                let p = chars.isEmpty ? 0 : rng.below(chars.count + 1)
                chars.insert(contentsOf: tokens[rng.below(tokens.count)].unicodeScalars, at: p)
            }
        case 4:
            // A slice of the text itself duplicated many times.
            guard !chars.isEmpty else { break }
            let start = rng.below(chars.count), length = 1 + rng.below(min(64, chars.count - start))
            let slice = chars[start..<(start + length)]
            let times = min(max(1, (maxBytes - text.utf8.count) / max(1, length * 2)), 1 << rng.below(14))
            // One insert of the whole run: inserting the slice `times` times moved the tail each time.
            chars.insert(contentsOf: Array(repeating: Array(slice), count: times).joined(), at: start)
        case 5:
            // Stray scalars: controls, NUL, BOM, bidi marks, surrogate-range neighbours, CJK, full width.
            for _ in 0..<(1 + rng.below(16)) {
                let p = chars.isEmpty ? 0 : rng.below(chars.count + 1)
                chars.insert(FuzzCorpus.strayScalars[rng.below(FuzzCorpus.strayScalars.count)], at: p)
            }
        default:
            // Cut: a truncated file (mid-tag, mid-quote, mid-escape).
            if !chars.isEmpty { chars.removeSubrange(rng.below(chars.count)...) }
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: chars)
        return String(out)
    }
}

/// A small fast generator (Steele, Lea, Flood 2014): the same stream for the same seed on every
/// machine, which `--seed`/`--case` replay relies on.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A number in 0..<n (n > 0).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
}
