import Foundation
import XCTest
@testable import Sentiment

/// Return detection over the real reviews in ../shared/data (skipped visibly when absent): how
/// many reviews tell of a return, by reason, and how fast. `PRICEWATCH_RETURNS_DUMP=/some/dir`
/// writes every detection as `reason<TAB>cue<TAB>reason cue<TAB>text` to eyeball precision.
final class ReturnDataTests: XCTestCase {
    func texts(_ name: String, column: Int, header: Bool) throws -> [String] {
        let url = AccuracyTests.shared(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("SKIP: \(url.path) is absent; return detection on real reviews does not run")
            throw XCTSkip("needs ../shared/data/\(name)")
        }
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst(header ? 1 : 0)
        return lines.compactMap { l in
            let f = l.split(separator: "\t", maxSplits: column, omittingEmptySubsequences: false)
            return f.count > column ? String(f[column]) : nil
        }
    }

    func measure(_ name: String, column: Int, header: Bool, language: String) throws -> [ReturnMention] {
        let rows = try texts(name, column: column, header: header)
        let clock = ContinuousClock()
        var found: [(ReturnMention, String)] = []
        let elapsed = clock.measure {
            for t in rows { if let m = ReturnDetector.detect(body: t) { found.append((m, t)) } }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var byReason: [ReturnReason: Int] = [:]
        for (m, _) in found { byReason[m.reason, default: 0] += 1 }
        print("returns in \(name): \(found.count) of \(rows.count) reviews; "
              + ReturnReason.allCases.map { "\($0.rawValue) \(byReason[$0] ?? 0)" }.joined(separator: ", ")
              + String(format: "; %.0f reviews/s (debug build)", Double(rows.count) / max(seconds, 1e-9)))
        if let dir = ProcessInfo.processInfo.environment["PRICEWATCH_RETURNS_DUMP"] {
            let dump = found.map { "\($0.0.reason.rawValue)\t\($0.0.cue)\t\($0.0.reasonCue ?? "")\t\($0.1)" }.joined(separator: "\n")
            try dump.write(toFile: dir + "/returns-\(name)", atomically: true, encoding: .utf8)
        }
        XCTAssertTrue(found.allSatisfy { $0.0.language == language || language == "*" }, "\(name): found by another language's lexicon")
        return found.map(\.0)
    }

    func testPortugueseMarketplaceReviews() throws {
        let found = try measure("reviews_pt.tsv", column: 1, header: true, language: "pt")
        XCTAssertGreaterThan(found.count, 20, "Olist reviews tell of returns (devolução, troca, reembolso)")
    }

    func testChineseMarketplaceReviews() throws {
        let found = try measure("reviews_zh_market.tsv", column: 2, header: true, language: "*")
        XCTAssertGreaterThan(found.count, 300, "clothes and tablets reviews tell of 退货 and 退款")
    }

    func testEnglishSentences() throws {
        _ = try measure("reviews_en.tsv", column: 2, header: false, language: "*")
        _ = try measure("reviews_en_sentences.tsv", column: 3, header: true, language: "*")
    }
}
