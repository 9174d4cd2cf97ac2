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
        out["en_pearson"] = SentimentEvaluation.pearson(human, scores)
        out["en_macro_f1"] = SentimentEvaluation.macroF1(human: human, scores: scores)
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
        for r in rows where SentimentEvaluation.isHeldOut(r[1]) {
            held += 1
            if (analyzer.score(String(r[1]), language: "zh").score > 0) == (r[0] == "pos") { heldRight += 1 }
        }
        out["zh_heldout_rows"] = held
        out["zh_heldout_accuracy"] = Double(heldRight) / Double(max(held, 1))
    }
    return out
}

