import Foundation

/// Scores automatic extraction against a labelled page set (`product_pages/ground-truth.json`):
/// per attribute precision, recall and F1, where a prediction is right when it is one of the
/// true values (prices compared as decimals), a wrong value is a false positive, a missing one a
/// false negative, and a value where the truth has none a false positive.
///
///     let set = try AutoEvaluation.PageSet.load(directory: ".../product_pages")
///     let score = AutoEvaluation.evaluate(set)
///     score.attributes["price"]?.f1
public enum AutoEvaluation {
    public static let attributes = ["price", "sku", "availability"]

    public struct Page: Sendable {
        public var key: String
        public var url: String
        public var bytes: Data
        public var truth: [String: [String]]
    }

    public struct PageSet: Sendable {
        public var pages: [Page]

        /// Reads `ground-truth.json` and each `<key>.html.gz` (or `.html`) beside it.
        public static func load(directory: String) throws -> PageSet {
            let dir = URL(fileURLWithPath: directory)
            let truthData = try Data(contentsOf: dir.appendingPathComponent("ground-truth.json"))
            guard let truth = try JSONSerialization.jsonObject(with: truthData) as? [String: [String: Any]] else {
                throw CocoaError(.fileReadCorruptFile)
            }
            var pages: [Page] = []
            for key in truth.keys.sorted() {
                let entry = truth[key]!
                var values: [String: [String]] = [:]
                for (k, v) in entry {
                    if let list = v as? [Any] { values[k] = list.compactMap { $0 as? String ?? ($0 as? NSNumber)?.stringValue } }
                    else if let s = v as? String { values[k] = [s] }
                }
                let url = values["url"]?.first ?? "https://example.invalid/\(key)"
                let gz = dir.appendingPathComponent(key + ".html.gz").path
                let plain = dir.appendingPathComponent(key + ".html").path
                let bytes: Data
                if FileManager.default.fileExists(atPath: gz) { bytes = try gunzip(gz) }
                else if let d = FileManager.default.contents(atPath: plain) { bytes = d }
                else { continue }
                pages.append(Page(key: key, url: url, bytes: bytes, truth: values))
            }
            return PageSet(pages: pages)
        }
    }

    /// A saved .html.gz, inflated in process under the fetcher's default cap (8 MB).
    public static func gunzip(_ path: String) throws -> Data {
        try SavedPage.read(path: path, maxBytes: 8 << 20)
    }

    /// A saved page as a document: UTF-8 when the bytes are UTF-8, else libxml2 reads `<meta charset>`.
    public static func document(_ page: Page) throws -> HTMLDocument {
        let utf8 = String(data: page.bytes, encoding: .utf8) != nil
        return try HTMLDocument(bytes: page.bytes, url: page.url, encoding: utf8 ? "UTF-8" : nil)
    }

    public struct Counts: Sendable, Equatable {
        public var tp = 0, fp = 0, fn = 0
        public init() {}
        public var precision: Double { tp + fp == 0 ? 0 : Double(tp) / Double(tp + fp) }
        public var recall: Double { tp + fn == 0 ? 0 : Double(tp) / Double(tp + fn) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    }

    public struct Score: Sendable {
        public var attributes: [String: Counts]
        /// Page key -> attribute -> (predicted, truth) for every page that was not right.
        public var misses: [(key: String, attribute: String, predicted: String?, truth: [String])]
        public var pages: Int
        public var seconds: Double
        public var pagesPerSecond: Double { seconds > 0 ? Double(pages) / seconds : 0 }

        public var summary: String {
            AutoEvaluation.attributes.map { a in
                let c = attributes[a] ?? Counts()
                return "\(a): P \(String(format: "%.3f", c.precision)) R \(String(format: "%.3f", c.recall)) F1 \(String(format: "%.3f", c.f1)) (tp \(c.tp) fp \(c.fp) fn \(c.fn))"
            }.joined(separator: "\n")
        }
    }

    /// Whether a predicted value is one of the true ones.
    public static func matches(_ attribute: String, _ predicted: String, _ truth: [String]) -> Bool {
        if attribute == "price" {
            guard let p = Decimal(string: predicted, locale: Locale(identifier: "en_US_POSIX")) else { return false }
            return truth.contains { Decimal(string: $0.replacingOccurrences(of: ",", with: ""), locale: Locale(identifier: "en_US_POSIX")) == p }
        }
        let norm = { (s: String) in s.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
        return truth.contains { norm($0) == norm(predicted) }
    }

    public static func count(_ counts: inout [String: Counts], misses: inout [(key: String, attribute: String, predicted: String?, truth: [String])],
                             key: String, predicted: [String: String], truth: [String: [String]]) {
        for a in attributes {
            let t = (truth[a] ?? []).filter { !$0.isEmpty }
            let p = predicted[a]
            var c = counts[a] ?? Counts()
            switch (p, t.isEmpty) {
            case (nil, true): break
            case (nil, false): c.fn += 1; misses.append((key, a, nil, t))
            case (let v?, true): c.fp += 1; misses.append((key, a, v, t))
            case (let v?, false):
                if matches(a, v, t) { c.tp += 1 } else { c.fp += 1; misses.append((key, a, v, t)) }
            }
            counts[a] = c
        }
    }

    /// Runs the automatic extractor on every page (parsing included in the time).
    public static func evaluate(_ set: PageSet) -> Score {
        var counts: [String: Counts] = [:]
        var misses: [(key: String, attribute: String, predicted: String?, truth: [String])] = []
        var predictions: [(String, [String: String])] = []
        let start = Date()
        for page in set.pages {
            guard let doc = try? document(page) else { predictions.append((page.key, [:])); continue }
            predictions.append((page.key, AutoExtractor.extract(document: doc).flat))
        }
        let seconds = Date().timeIntervalSince(start)
        for (page, (_, flat)) in zip(set.pages, predictions) {
            count(&counts, misses: &misses, key: page.key, predicted: flat, truth: page.truth)
        }
        return Score(attributes: counts, misses: misses, pages: set.pages.count, seconds: seconds)
    }
}
