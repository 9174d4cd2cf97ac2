import Foundation
import Model

/// Both lists of records analysed once, with words interned and weighted by TF-IDF over both
/// sides, ready for blocking and scoring.
struct MatchCorpus {
    /// One record, analysed: sparse unit vectors sorted by key, and the evidence beside them.
    struct Prepared {
        var words: [(key: Int32, weight: Float)] = []
        var trigrams: [(key: UInt32, weight: Float)] = []
        /// Model numbers in the title, their stems, and those only in the description or MPN (interned).
        var codes: [Int32] = []
        var stems: [Int32] = []
        var otherCodes: [Int32] = []
        var hasStrongCode = false
        var measures: [Measure] = []
        var isBundle = false
        var brand: String?
        /// The stated brand's spellings (`Midea/美的` is two), folded with word characters only.
        var brands: [String] = []
        /// Sound keys of a katakana brand (the brand field, or a katakana run opening the title).
        var kanaKeys: [String] = []
        /// Sound keys of the title's Latin words and word pairs; filled only when some record has kana keys.
        var latinKeys: Set<String> = []
        /// The folded title with word characters only, to find a brand written inside it.
        var squashedTitle = ""
        var gtin: String?
        var mpn: String?
        var price: Money?
    }

    var left: [Prepared]
    var right: [Prepared]
    /// Interned strings: words, codes and stems share one table.
    var vocabulary: [String: Int32] = [:]
    /// Per key, how many records of each side carry it.
    var leftDF: [Int32] = []
    var rightDF: [Int32] = []

    struct Raw {
        var title: TitleAnalysis
        var otherCodes: Set<String>
        var trigrams: [UInt32]
    }

    init(left l: [ProductRecord], right r: [ProductRecord]) {
        let rawL = MatchCorpus.analyse(l), rawR = MatchCorpus.analyse(r)
        left = []
        right = []
        var vocab: [String: Int32] = [:]
        var dfL: [Int32] = [], dfR: [Int32] = []
        func intern(_ s: String) -> Int32 {
            if let k = vocab[s] { return k }
            let k = Int32(vocab.count)
            vocab[s] = k
            dfL.append(0); dfR.append(0)
            return k
        }
        var triDF: [UInt32: Int32] = [:]
        // Pass 1: keys and document frequencies.
        var keyed: [[(words: [Int32], codes: [Int32], stems: [Int32], other: [Int32])]] = [[], []]
        for (side, raws) in [rawL, rawR].enumerated() {
            keyed[side].reserveCapacity(raws.count)
            for raw in raws {
                let words = raw.title.words.map(intern)
                let codes = raw.title.codes.sorted().map(intern), stems = raw.title.stems.sorted().map(intern)
                let other = raw.otherCodes.subtracting(raw.title.codes).sorted().map(intern)
                for k in Set(words + codes + stems + other) { if side == 0 { dfL[Int(k)] += 1 } else { dfR[Int(k)] += 1 } }
                for h in Set(raw.trigrams) { triDF[h, default: 0] += 1 }
                keyed[side].append((words, codes, stems, other))
            }
        }
        let n = Float(max(1, l.count + r.count))
        func idf(_ df: Int32) -> Float { log((n + 1) / (Float(df) + 1)) + 1 }
        for (side, records) in [l, r].enumerated() {
            let raws = side == 0 ? rawL : rawR
            var out: [Prepared] = []
            out.reserveCapacity(records.count)
            for (i, rec) in records.enumerated() {
                var p = Prepared()
                let k = keyed[side][i]
                var tf: [Int32: Float] = [:]
                for w in k.words { tf[w, default: 0] += 1 }
                p.words = MatchCorpus.unit(tf.map { ($0.key, (1 + log($0.value)) * idf(dfL[Int($0.key)] + dfR[Int($0.key)])) })
                var tt: [UInt32: Float] = [:]
                for h in raws[i].trigrams { tt[h, default: 0] += 1 }
                p.trigrams = MatchCorpus.unit(tt.map { ($0.key, (1 + log($0.value)) * idf(triDF[$0.key] ?? 1)) })
                p.codes = k.codes
                p.stems = k.stems
                p.otherCodes = k.other
                p.hasStrongCode = raws[i].title.codes.contains { $0.count >= 4 && $0.contains(where: \.isLetter) }
                p.measures = raws[i].title.measures
                p.isBundle = raws[i].title.isBundle
                p.brand = rec.brand.map { MatchCorpus.squash(ProductText.fold($0)) }.flatMap { $0.isEmpty ? nil : $0 }
                p.brands = MatchCorpus.brandSpellings(rec.brand)
                p.kanaKeys = MatchCorpus.kanaKeys(brand: rec.brand, title: rec.title)
                p.squashedTitle = MatchCorpus.squash(ProductText.fold(rec.title))
                p.gtin = rec.gtin.flatMap(GTIN.normalised)
                p.mpn = rec.mpn.map { MatchCorpus.squash(ProductText.fold($0)) }.flatMap { $0.count >= 3 ? $0 : nil }
                p.price = rec.price
                out.append(p)
            }
            if side == 0 { left = out } else { right = out }
        }
        // Latin sound keys are only worth computing when a Japanese spelling may be compared with them.
        if left.contains(where: { !$0.kanaKeys.isEmpty }) || right.contains(where: { !$0.kanaKeys.isEmpty }) {
            for i in left.indices { left[i].latinKeys = MatchCorpus.latinKeys(l[i]) }
            for i in right.indices { right[i].latinKeys = MatchCorpus.latinKeys(r[i]) }
        }
        vocabulary = vocab
        leftDF = dfL
        rightDF = dfR
    }

    /// Title analysis for every record, on all cores (it is most of the preparation time).
    static func analyse(_ records: [ProductRecord]) -> [Raw] {
        var out = [Raw?](repeating: nil, count: records.count)
        let chunk = 512
        out.withUnsafeMutableBufferPointer { buf in
            let base = buf
            DispatchQueue.concurrentPerform(iterations: (records.count + chunk - 1) / chunk) { c in
                for i in (c * chunk)..<min(records.count, (c + 1) * chunk) {
                    let rec = records[i]
                    var title = TitleAnalysis(([rec.title] + rec.options).joined(separator: " "))
                    var other = Set<String>()
                    if let d = rec.description, !d.isEmpty { other.formUnion(TitleAnalysis(String(d.prefix(400))).codes) }
                    if let m = rec.mpn, !m.isEmpty {
                        let mc = TitleAnalysis(m)
                        other.formUnion(mc.codes)
                        other.insert(squash(ProductText.fold(m)))
                    }
                    if title.words.isEmpty { title.words = [ProductText.fold(rec.title)] }
                    base[i] = Raw(title: title, otherCodes: other.filter { $0.count >= 4 && TitleAnalysis.isCode($0) },
                                  trigrams: ProductText.trigramHashes(folded: ProductText.fold(rec.title)))
                }
            }
        }
        return out.map { $0! }
    }

    /// `Midea/美的`, `ホシノ(HOSHINO)`: each spelling of a brand field, squashed.
    static func brandSpellings(_ brand: String?) -> [String] {
        guard let brand else { return [] }
        return ProductText.fold(brand).split(whereSeparator: { "/()（）|".contains($0) }).map { squash(String($0)) }.filter { $0.count >= 2 }
    }

    static func kanaKeys(brand: String?, title: String) -> [String] {
        var runs = (brand ?? "").split(whereSeparator: { "/()（）| ".contains($0) }).map(String.init)
        if let first = title.split(whereSeparator: { $0.isWhitespace || "(（".contains($0) }).first { runs.append(String(first)) }
        return runs.filter(BrandKey.hasKana).compactMap { BrandKey.kana($0) }
    }

    /// Keys of each Latin word of the title and brand, and of each two neighbouring words (`Vila Nova`).
    static func latinKeys(_ r: ProductRecord) -> Set<String> {
        let words = ProductText.tokens(r.title + " / " + (r.brand ?? "")).filter { !$0.isCJK && $0.text.allSatisfy(\.isLetter) }.map(\.text)
        var keys = Set<String>()
        for (i, w) in words.enumerated() {
            keys.formUnion(BrandKey.latin(w))
            if i + 1 < words.count { keys.formUnion(BrandKey.latin(w + words[i + 1])) }
        }
        return keys
    }

    static func squash(_ s: String) -> String { String(String.UnicodeScalarView(s.unicodeScalars.filter { ProductText.isWordScalar($0) || ProductText.isCJK($0) })) }

    static func unit<K: Comparable>(_ v: [(K, Float)]) -> [(key: K, weight: Float)] {
        let norm = sqrt(v.reduce(0) { $0 + $1.1 * $1.1 })
        guard norm > 0 else { return [] }
        return v.map { (key: $0.0, weight: $0.1 / norm) }.sorted { $0.key < $1.key }
    }

    static func cosine<K: Comparable>(_ a: [(key: K, weight: Float)], _ b: [(key: K, weight: Float)]) -> Float {
        var i = 0, j = 0, s: Float = 0
        while i < a.count && j < b.count {
            if a[i].key == b[j].key { s += a[i].weight * b[j].weight; i += 1; j += 1 }
            else if a[i].key < b[j].key { i += 1 } else { j += 1 }
        }
        return s
    }
}
