import Extract
import Foundation

/// `pricewatch-bench autoextract [DIR]` (default ../shared/data/product_pages): automatic product
/// extraction scored against ground-truth.json, per attribute, and pages/s (parse + extract, one core).
/// With PW_AUTO_MISSES=1 it also prints every wrong or missing value to stderr.
func autoExtractBench(_ args: [String]) throws -> [String: Any] {
    let dir = args.first ?? "../shared/data/product_pages"
    let set = try AutoEvaluation.PageSet.load(directory: dir)
    let score = AutoEvaluation.evaluate(set)
    // Speed over repeated passes once the pages are in memory.
    let reps = max(1, 200 / max(1, set.pages.count))
    var fields = 0
    let t0 = Date()
    for _ in 0..<reps {
        for page in set.pages {
            if let doc = try? AutoEvaluation.document(page) { fields += AutoExtractor.extract(document: doc).fields.count }
        }
    }
    let seconds = Date().timeIntervalSince(t0)
    var out: [String: Any] = ["pages": set.pages.count, "pages_per_second": Double(reps * set.pages.count) / seconds, "fields": fields / reps]
    for a in AutoEvaluation.attributes {
        let c = score.attributes[a] ?? AutoEvaluation.Counts()
        out["\(a)_precision"] = c.precision
        out["\(a)_recall"] = c.recall
        out["\(a)_f1"] = c.f1
    }
    if ProcessInfo.processInfo.environment["PW_AUTO_MISSES"] == "1" {
        for m in score.misses {
            FileHandle.standardError.write(Data("\(m.key.prefix(6)) \(m.attribute): got \(m.predicted ?? "-") want \(m.truth)\n".utf8))
        }
        FileHandle.standardError.write(Data((score.summary + "\n").utf8))
    }
    return out
}
