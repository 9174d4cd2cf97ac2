import Foundation
import Sentiment

/// `pricewatch-bench sentiment EN.tsv ZH.tsv`: English Pearson r, macro-F1 and snippets/s on one
/// core; Chinese accuracy (all rows and the held-out fifth the model never saw) and reviews/s.
func sentimentBench(_ args: [String]) throws -> [String: Any] {
    let analyzer = SentimentAnalyzer()
    var out: [String: Any] = [:]
    if args.count > 0 {
        let rows = try String(contentsOfFile: args[0], encoding: .utf8).split(separator: "\n")
            .map { $0.split(separator: "\t", maxSplits: 2) }.filter { $0.count == 3 }
        let human = rows.map { Double($0[1])! }
        let texts = rows.map { String($0[2]) }
        let scores = texts.map { analyzer.score($0, language: "en").score }
        out["en_rows"] = rows.count
        out["en_pearson"] = pearson(human, scores)
        out["en_macro_f1"] = macroF1(human, scores)
        // Speed: language detection included, as `pricewatch sentiment --tsv` does it.
        let reps = max(1, 200_000 / texts.count)
        var sink = 0.0
        let t0 = Date()
        for _ in 0..<reps { for t in texts { sink += analyzer.score(t).score } }
        out["en_per_second"] = Double(reps * texts.count) / Date().timeIntervalSince(t0)
        out["sink"] = sink
    }
    if args.count > 1 {
        let lines = try String(contentsOfFile: args[1], encoding: .utf8).split(separator: "\n")
        var rows: [[Substring]] = []
        for line in lines {
            let parts = line.split(separator: "\t", maxSplits: 1)
            if parts.count == 2 && (parts[0] == "pos" || parts[0] == "neg") { rows.append(parts) }
        }
        var right = 0
        let t0 = Date()
        for r in rows where (analyzer.score(String(r[1]), language: "zh").score > 0) == (r[0] == "pos") { right += 1 }
        out["zh_per_second"] = Double(rows.count) / Date().timeIntervalSince(t0)
        out["zh_rows"] = rows.count
        out["zh_accuracy"] = Double(right) / Double(rows.count)
        var heldRight = 0, held = 0
        for r in rows where crc32(Array(r[1].utf8)) % 5 == 0 {
            held += 1
            if (analyzer.score(String(r[1]), language: "zh").score > 0) == (r[0] == "pos") { heldRight += 1 }
        }
        out["zh_heldout_rows"] = held
        out["zh_heldout_accuracy"] = Double(heldRight) / Double(max(held, 1))
    }
    return out
}

private func pearson(_ x: [Double], _ y: [Double]) -> Double {
    let n = Double(x.count), mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for (a, b) in zip(x, y) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx); syy += (b - my) * (b - my) }
    return sxy / (sxx * syy).squareRoot()
}

private func macroF1(_ human: [Double], _ scores: [Double]) -> Double {
    func cls(_ v: Double, _ t: Double) -> Int { v > t ? 1 : v < -t ? -1 : 0 }
    var f = 0.0
    for c in [-1, 0, 1] {
        var tp = 0.0, fp = 0.0, fn = 0.0
        for (h, s) in zip(human, scores) {
            let a = cls(h, 0.5), b = cls(s, 0.05)
            if a == c && b == c { tp += 1 } else if b == c { fp += 1 } else if a == c { fn += 1 }
        }
        let p = tp / max(tp + fp, 1), r = tp / max(tp + fn, 1)
        f += p + r > 0 ? 2 * p * r / (p + r) : 0
    }
    return f / 3
}

private let crcTable: [UInt32] = (0..<256).map { i -> UInt32 in
    var c = UInt32(i)
    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1 }
    return c
}

private func crc32(_ bytes: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
}
