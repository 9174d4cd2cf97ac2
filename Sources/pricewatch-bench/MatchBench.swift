import Foundation
import Matching
import Model

/// `pricewatch-bench match [N] [--write DIR]`: N x N generated listings (default 100,000) matched one
/// to one; seconds, peak RSS, precision and recall against the generator's truth. `--write DIR`
/// also saves left.csv/right.csv/gold.csv, for a Python baseline on the same data.
func matchBench(_ args: [String]) throws {
    let n = args.count > 2 ? Int(args[2]) ?? 100_000 : 100_000
    let (left, right, truth) = SyntheticCatalog.make(count: n, seed: 42)
    if let i = args.firstIndex(of: "--write"), i + 1 < args.count {
        let dir = args[i + 1]
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, records) in [("left.csv", left), ("right.csv", right)] {
            var csv = CSVWriter()
            csv.row(["id", "title", "brand", "price", "currency"])
            for r in records { csv.row([r.id, r.title, r.brand ?? "", r.price?.decimalText ?? "", r.price?.currency ?? ""]) }
            try csv.text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        }
        try ("left_id,right_id\n" + truth.map { $0.replacingOccurrences(of: "|", with: ",") }.joined(separator: "\n") + "\n")
            .write(toFile: dir + "/gold.csv", atomically: true, encoding: .utf8)
    }
    var s = MatchSettings()
    s.oneToOne = true
    let t0 = now(), cpu0 = cpuSeconds()
    let run = ProductMatcher(settings: s).run(left: left, right: right)
    let dt = now() - t0, cpu = cpuSeconds() - cpu0
    let want = Set(truth)
    let correct = run.matches.filter { want.contains("\($0.leftID)|\($0.rightID)") }.count
    emit(["records_per_side": n, "seconds": dt, "cpu_seconds": cpu, "peak_rss_mb": peakRSSMB(), "candidates": run.candidates.count,
          "postings_visited": run.postingsVisited, "pairs": run.matches.count,
          "precision": Double(correct) / Double(max(1, run.matches.count)), "recall": Double(correct) / Double(n)])
}

/// `pricewatch-bench match-abt-buy DIR`: one-to-one F1 on the Abt-Buy pair (left.csv, right.csv,
/// gold.csv in DIR) at the default settings, and the seconds it took.
func matchAbtBuy(_ args: [String]) throws {
    let dir = args.count > 2 ? args[2] : "../shared/data/matching/abt-buy"
    func text(_ name: String) throws -> String { try String(contentsOfFile: dir + "/" + name, encoding: .utf8) }
    let left = try ProductCSV.read(try text("left.csv"), file: "left.csv"), right = try ProductCSV.read(try text("right.csv"), file: "right.csv")
    let gold = Set(try text("gold.csv").split(whereSeparator: \.isNewline).dropFirst().map { $0.trimmingCharacters(in: .whitespaces) })
    var s = MatchSettings()
    s.oneToOne = true
    let t0 = now()
    let pairs = ProductMatcher(settings: s).match(left: left, right: right).map { "\($0.leftID),\($0.rightID)" }
    let dt = now() - t0
    let tp = Double(pairs.filter(gold.contains).count)
    let precision = tp / Double(max(1, pairs.count)), recall = tp / Double(max(1, gold.count))
    emit(["left": left.count, "right": right.count, "gold": gold.count, "seconds": dt, "precision": precision, "recall": recall,
          "f1": 2 * precision * recall / max(1e-9, precision + recall)])
}
