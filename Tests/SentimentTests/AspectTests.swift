import Foundation
import XCTest
import Config
@testable import Sentiment

final class AspectTests: XCTestCase {
    let analyzer = SentimentAnalyzer()

    func aspects(_ text: String, _ lang: String? = nil) -> [String: SentimentLabel] {
        Dictionary(analyzer.analyze(body: text, language: lang).aspects.map { ($0.aspect, $0.label) }, uniquingKeysWith: { a, _ in a })
    }

    func testEachLanguageFindsAspectsWithTheirClauseSentiment() {
        XCTAssertEqual(aspects("Good quality but shipping was slow."), ["quality": .positive, "shipping": .negative])
        XCTAssertEqual(aspects("Way too small, it runs two sizes small."), ["size": .negative])
        XCTAssertEqual(aspects("Customer service was very helpful."), ["service": .positive])
        XCTAssertEqual(aspects("The box arrived crushed and the item was scratched.")["packaging"], .negative)
        XCTAssertEqual(aspects("Obviously a fake, not the genuine brand."), ["authenticity": .negative])
        XCTAssertEqual(aspects("Gute Qualität, aber die Lieferung war langsam.", "de"), ["quality": .positive, "shipping": .negative])
        XCTAssertEqual(aspects("Boa qualidade, mas a entrega foi lenta.", "pt"), ["quality": .positive, "shipping": .negative])
        XCTAssertEqual(aspects("Buena calidad, pero el envío fue lento.", "es")["quality"], .positive)
        XCTAssertEqual(aspects("质量不错，但是物流太慢。"), ["quality": .positive, "shipping": .negative])
        XCTAssertEqual(aspects("客服不理人，再也不买了。"), ["service": .negative])
        XCTAssertEqual(aspects("品質は良いですが、配送が遅かったです。"), ["quality": .positive, "shipping": .negative])
        XCTAssertEqual(aspects("梱包が丁寧で、傷もありませんでした。")["packaging"], .positive)
    }

    func testMentionsQuoteTheirClause() {
        let m = analyzer.analyze(body: "Fast shipping, it arrived in two days. Sadly the quality is poor.").aspects
        XCTAssertEqual(m.first { $0.aspect == "quality" }?.clause, "Sadly the quality is poor")
        XCTAssertEqual(m.first { $0.aspect == "shipping" }?.label, .positive)
    }

    func testStarsBesideTheTextAndDisagreement() {
        let angry = analyzer.analyze(body: "Terrible, broke after a day, total waste of money.", rating: 5)
        XCTAssertEqual(angry.ratingScore, 1)
        XCTAssertTrue(angry.disagreesWithRating)
        let agree = analyzer.analyze(body: "Terrible, broke after a day.", rating: 1)
        XCTAssertEqual(agree.ratingScore, -1)
        XCTAssertFalse(agree.disagreesWithRating)
        XCTAssertNil(analyzer.analyze(body: "fine").ratingScore)
        XCTAssertEqual(ReviewSentiment.ratingScore(3), 0)
        XCTAssertEqual(ReviewSentiment.ratingScore(8, scale: 10), 7.0 / 9 * 2 - 1, accuracy: 1e-9)
    }

    func testShippedFileIsTheBuiltInLexicon() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Jobs/aspects.yml").path
        let shipped = try AspectLexicon.load(path: path)
        XCTAssertEqual(shipped, AspectLexicon.builtIn, "run `make aspects` after editing Jobs/aspects.yml")
        XCTAssertEqual(Set(shipped.order), ["shipping", "quality", "size", "price", "service", "packaging", "authenticity"])
        for aspect in shipped.order {
            XCTAssertEqual(Set(shipped.terms[aspect]!.keys), AspectLexicon.languages, aspect)
        }
    }

    func testBadAspectFileNamesFileLineAndKey() {
        let yaml = "aspects:\n  shipping:\n    en: [shipping]\n    dee: [lieferung]\n"
        XCTAssertThrowsError(try AspectLexicon.parse(yaml: yaml, file: "Jobs/aspects.yml")) { error in
            let text = "\(error)"
            XCTAssert(text.contains("Jobs/aspects.yml:4"), text)
            XCTAssert(text.contains("dee"), text)
        }
        XCTAssertThrowsError(try AspectLexicon.parse(yaml: "aspects:\n  shipping:\n    en: []\n", file: "a.yml"))
    }
}

final class BatchModeTests: XCTestCase {
    func testRowsInOrderWithErrorLines() {
        let a = SentimentAnalyzer()
        let lines = ["r1\tI love it, works perfectly.", "no tab here", "r3\t", "\tmissing id", "r5\tBroke after two days, junk.", "r6\t质量很好，非常满意"]
        let out = lines.enumerated().map { a.tsvRow($1, lineNumber: $0 + 1) }
        XCTAssertEqual(out.count, lines.count)
        XCTAssert(out[0].hasPrefix("r1\t") && out[0].hasSuffix("\tpositive"), out[0])
        XCTAssertEqual(out[1], "no tab here\terror\tno TAB between id and text (line 2)")
        XCTAssertEqual(out[2], "r3\terror\tempty text")
        XCTAssertEqual(out[3], "line 4\terror\tempty id")
        XCTAssert(out[4].hasPrefix("r5\t-") && out[4].hasSuffix("\tnegative"), out[4])
        XCTAssert(out[5].hasSuffix("\tpositive"), out[5])
        for row in out where !row.contains("\terror\t") {
            let score = Double(row.split(separator: "\t")[1])!
            XCTAssert((-1...1).contains(score))
        }
    }
}
