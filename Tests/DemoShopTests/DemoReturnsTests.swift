import XCTest
@testable import DemoShop
import Sentiment

/// The demo world's reviews carry return stories with known reasons: return detection must find
/// exactly them, with their reasons, in all five languages, and nothing in the reviews that only
/// say there was no need to return.
final class DemoReturnsTests: XCTestCase {
    func testDetectionMatchesTheSimulatorsTruthExactly() throws {
        var truth: [String: [String: Int]] = [:], found: [String: [String: Int]] = [:]
        var wrong: [String] = []
        var noReturnSentences = 0
        for shop in DemoShopID.allCases {
            for p in DemoWorld.products(of: shop) {
                let t = try XCTUnwrap(DemoWorld.truth(shop: shop, productID: p.id, day: 29))
                for r in t.reviews {
                    let m = ReturnDetector.detect(title: r.title, body: r.body)
                    if let want = r.returnReason { truth[shop.language, default: [:]][want, default: 0] += 1 }
                    if let got = m { found[shop.language, default: [:]][got.reason.rawValue, default: 0] += 1 }
                    if m?.reason.rawValue != r.returnReason { wrong.append("\(r.id) want \(r.returnReason ?? "none") got \(m?.reason.rawValue ?? "none"): \(r.title) / \(r.body)") }
                    if r.returnReason == nil, DemoReviews.phrases[shop.language]!.noReturn.contains(where: r.body.contains) { noReturnSentences += 1 }
                }
            }
        }
        XCTAssertEqual(wrong, [], "every review's detected return reason is the simulator's")
        XCTAssertEqual(found, truth)
        for lang in ["en", "de", "zh", "pt", "ja"] {
            let reasons = truth[lang] ?? [:]
            // Every reason of the enum occurs in every language (size/fit only for sized products).
            XCTAssertEqual(Set(reasons.keys), Set(ReturnReason.allCases.map(\.rawValue)), "\(lang): \(reasons)")
        }
        XCTAssertGreaterThan(noReturnSentences, 50, "happy reviews that name a return without one")
        print("demo returns by language: " + truth.keys.sorted().map { "\($0) \(truth[$0]!.values.reduce(0, +))" }.joined(separator: ", ")
              + "; \(noReturnSentences) reviews that say no return was needed")
    }

    /// Return stories are 1-2 star reviews: their text reads negative, their no-return sentences do
    /// not turn a happy review negative.
    func testReturnStoriesReadNegative() {
        let analyzer = SentimentAnalyzer()
        for (lang, ph) in DemoReviews.phrases {
            XCTAssertEqual(Set(ph.returns.map(\.reason)), Set(ReturnReason.allCases.map(\.rawValue)), lang)
            for story in ph.returns {
                XCTAssertEqual(analyzer.analyze(body: story.text, language: lang).label, .negative, "\(lang): \(story.text)")
            }
            for sentence in ph.noReturn {
                XCTAssertNotEqual(analyzer.analyze(body: ph.positive[0].text + " " + sentence, language: lang).label, .negative, "\(lang): \(sentence)")
            }
        }
    }
}
