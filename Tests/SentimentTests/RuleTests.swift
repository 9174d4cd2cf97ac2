import XCTest
@testable import Sentiment

/// The rule tables: each rule moves the score the way a reader expects.
final class EnglishRuleTests: XCTestCase {
    let rules = EnglishRules.shared
    func sum(_ t: String) -> Double { rules.textSum(Substring(t)) }
    func score(_ t: String) -> Double { SentimentAnalyzer().score(t, language: "en").score }

    func testNegationFlips() {
        XCTAssertGreaterThan(sum("The sound is good."), 0)
        XCTAssertLessThan(sum("The sound is not good."), 0)
        XCTAssertLessThan(sum("It isn't great."), 0)
        XCTAssertGreaterThan(sum("It's not bad at all."), 0)
        XCTAssertLessThan(sum("It never worked."), 0, "a failure verb under negation is a complaint")
        XCTAssertLessThan(sum("The door would not close."), 0)
        XCTAssertEqual(sum("It works."), 0, "the same verb without negation carries nothing")
    }

    func testIntensifiersAndDampeners() {
        XCTAssertGreaterThan(sum("It is very good."), sum("It is good."))
        XCTAssertGreaterThan(sum("It is extremely good."), sum("It is good."))
        XCTAssertLessThan(sum("It is slightly good."), sum("It is good."))
        XCTAssertLessThan(sum("It is very bad."), sum("It is bad."))
        XCTAssertGreaterThan(sum("Incredible pictures."), 0, "a booster word that modifies no sentiment word is an adjective")
    }

    func testContrastWeighsTheSecondClause() {
        XCTAssertLessThan(sum("The screen is great, but the battery is terrible."), 0)
        XCTAssertGreaterThan(sum("The screen is terrible, but the battery is great."), 0)
        XCTAssertLessThan(score("Nice design, however it broke after a week."), 0)
    }

    func testCapitalsAndExclamationsEmphasise() {
        XCTAssertGreaterThan(sum("It is GOOD, really."), sum("It is good, really."))
        XCTAssertGreaterThan(sum("It is good!!!"), sum("It is good."))
        XCTAssertLessThan(sum("It is bad!!!"), sum("It is bad."))
    }

    func testEmojiAndEmoticons() {
        XCTAssertGreaterThan(sum("Arrived today 😍"), 0)
        XCTAssertLessThan(sum("Arrived today 😡"), 0)
        XCTAssertGreaterThan(sum("arrived today :)"), 0)
        XCTAssertLessThan(sum("arrived today :("), 0)
    }

    func testIdioms() {
        XCTAssertLessThan(sum("Would not recommend."), 0)
        XCTAssertLessThan(sum("I wouldn't recommend this to anyone."), 0)
        XCTAssertLessThan(sum("A complete waste of money."), 0)
        XCTAssertLessThan(sum("It stopped working after a month."), 0)
        XCTAssertGreaterThan(sum("Works great."), 0)
        XCTAssertGreaterThan(sum("No complaints so far."), 0)
        XCTAssertGreaterThan(sum("Worth every penny."), 0)
        XCTAssertLessThan(sum("Save your money."), 0)
    }

    func testIrrealisAndMissingFeatures() {
        XCTAssertLessThan(sum("An FM radio would have been nice."), 0)
        XCTAssertLessThan(sum("There is no remote."), 0)
        XCTAssertGreaterThan(sum("There were no problems."), 0)
    }

    func testLikeAsPrepositionCarriesNothing() {
        XCTAssertEqual(sum("It looks like a brick."), 0)
        XCTAssertGreaterThan(sum("I like it."), 0)
        XCTAssertLessThan(sum("I don't like it."), 0)
    }

    func testMisspellingsWithDoubledLetters() {
        XCTAssertLessThan(sum("I was dissapointed."), 0)
        XCTAssertLessThan(sum("Very disapointed."), 0)
    }

    func testLabelsAndRange() {
        for t in ["", "   ", "The box is blue.", "BEST PRODUCT EVER!!!!!!!!", "worst worst worst worst worst worst worst"] {
            let s = score(t)
            XCTAssert((-1...1).contains(s), "\(t) -> \(s)")
        }
        XCTAssertEqual(SentimentAnalyzer().score("The box is blue.", language: "en").label, .neutral)
        XCTAssertEqual(SentimentAnalyzer().score("Absolutely love it, works perfectly!", language: "en").label, .positive)
        XCTAssertEqual(SentimentAnalyzer().score("Broke on day two, total junk, returned it.", language: "en").label, .negative)
    }
}

final class ChineseRuleTests: XCTestCase {
    let rules = Lexicons.chinese
    func sum(_ t: String) -> Double { rules.sum(Substring(t)) }
    func label(_ t: String) -> SentimentLabel { SentimentAnalyzer().score(t).label }

    func testNegation() {
        XCTAssertGreaterThan(sum("质量好"), 0)
        XCTAssertLessThan(sum("质量不好"), 0)
        XCTAssertLessThan(sum("没有想象中好"), 0)
        XCTAssertGreaterThan(sum("没有问题"), 0)
        XCTAssertGreaterThan(sum("别担心，不差"), 0)
        XCTAssertGreaterThan(sum("无任何破损") , sum("有破损"))
    }

    func testDegreeWords() {
        XCTAssertGreaterThan(sum("非常满意"), sum("满意"))
        XCTAssertLessThan(sum("太慢"), sum("慢"))
        XCTAssertGreaterThan(sum("有点贵"), sum("贵"), "有点 softens a complaint")
        XCTAssertLessThan(sum("不太好"), 0)
    }

    func testContrast() {
        XCTAssertLessThan(sum("质量不错，但是物流太慢"), 0)
        XCTAssertGreaterThan(sum("物流有点慢，不过质量很好"), 0)
        XCTAssertLessThan(sum("东西还行，可是客服态度差"), 0)
    }

    func testIdioms() {
        XCTAssertGreaterThan(sum("物流很快"), 0)
        XCTAssertLessThan(sum("质量一般"), 0)
        XCTAssertLessThan(sum("再也不买了"), 0)
        XCTAssertLessThan(sum("不值这个价"), 0)
        XCTAssertGreaterThan(sum("物超所值"), 0)
    }

    func testShoppingVocabulary() {
        // Marketplace phrasing beyond the book/hotel/laptop rows the model was trained on.
        XCTAssertLessThan(sum("跟描述不符"), 0)
        XCTAssertLessThan(sum("有色差"), 0)
        XCTAssertLessThan(sum("电池不耐用"), 0)
        XCTAssertLessThan(sum("千万别买"), 0)
        XCTAssertGreaterThan(sum("会回购的"), 0)
        XCTAssertLessThan(sum("不会回购了"), 0, "the longer negated idiom wins over 回购")
        XCTAssertGreaterThan(sum("宝贝和描述一致"), 0)
        XCTAssertLessThan(sum("与描述不一致"), 0)
        XCTAssertGreaterThan(sum("物美价廉"), 0)
        XCTAssertLessThan(sum("打开有异味"), 0)
        // A degree word between negator and term must not turn an idiom into praise.
        XCTAssertLessThan(sum("不是很满意"), 0)
        XCTAssertLessThan(sum("不是很满意，跟描述不符"), 0)
    }

    func testMarketplaceReviews() {
        XCTAssertEqual(label("不是很满意，跟描述不符"), .negative)
        XCTAssertEqual(label("衣服有色差，尺码偏小，退货了"), .negative)
        XCTAssertEqual(label("味道很好，孩子很喜欢吃，会回购的"), .positive)
        XCTAssertEqual(label("屏幕有坏点，联系客服也不理人"), .negative)
        XCTAssertEqual(label("卖家发货速度快，宝贝和描述一致"), .positive)
        XCTAssertEqual(label("电池不耐用，半天就没电了"), .negative)
    }

    func testWholeReviews() {
        XCTAssertEqual(label("质量很好，做工精细，非常满意。"), .positive)
        XCTAssertEqual(label("物流太慢了，等了三个星期，再也不买了。"), .negative)
        XCTAssertEqual(label("包装破损，东西有划痕。"), .negative)
        XCTAssertEqual(label("客服态度很好，回复及时。"), .positive)
    }
}

final class OtherLanguageTests: XCTestCase {
    func label(_ t: String, _ lang: String) -> SentimentLabel { SentimentAnalyzer().score(t, language: lang).label }

    func testGerman() {
        XCTAssertEqual(label("Sehr gute Qualität, funktioniert einwandfrei.", "de"), .positive)
        XCTAssertEqual(label("Nach einer Woche kaputt, schlechte Qualität.", "de"), .negative)
        XCTAssertEqual(label("Nicht gut.", "de"), .negative)
        XCTAssertEqual(label("Gute Qualität, aber die Lieferung war leider langsam.", "de"), .negative)
    }

    func testPortuguese() {
        XCTAssertEqual(label("Ótima qualidade, funciona perfeitamente.", "pt"), .positive)
        XCTAssertEqual(label("Parou de funcionar em uma semana, qualidade ruim.", "pt"), .negative)
        XCTAssertEqual(label("Não recomendo.", "pt"), .negative)
        XCTAssertEqual(label("Não é ruim.", "pt"), .positive)
    }

    func testSpanish() {
        XCTAssertEqual(label("Muy buena calidad, lo recomiendo.", "es"), .positive)
        XCTAssertEqual(label("Llegó roto, muy decepcionado.", "es"), .negative)
    }

    func testJapanese() {
        XCTAssertEqual(label("品質がとても良く、問題なく使えています。", "ja"), .positive)
        XCTAssertEqual(label("一週間で壊れました。品質が悪いです。", "ja"), .negative)
        XCTAssertEqual(label("あまり良くないです。", "ja"), .negative, "a negator after the term flips it")
        XCTAssertEqual(label("二度と買わない。", "ja"), .negative)
    }

    func testLanguageDetection() {
        XCTAssertEqual(LanguageDetector.detect("The build quality is excellent and it works great."), "en")
        XCTAssertEqual(LanguageDetector.detect("no complaints :)"), "en")
        XCTAssertEqual(LanguageDetector.detect("Die Lieferung dauerte drei Wochen, sehr enttäuscht."), "de")
        XCTAssertEqual(LanguageDetector.detect("A entrega demorou três semanas, muito decepcionado."), "pt")
        XCTAssertEqual(LanguageDetector.detect("El producto llegó roto y no funciona, muy decepcionado."), "es")
        XCTAssertEqual(LanguageDetector.detect("物流很快，两天就到了。"), "zh")
        XCTAssertEqual(LanguageDetector.detect("発送が早く、二日で届きました。"), "ja")
        XCTAssertEqual(LanguageDetector.detect("12345 !!!"), "und")
    }
}

/// Marketplace phrasing for pt, de and ja (dev tables written by hand, not from any data set).
final class MarketLanguageTests: XCTestCase {
    func score(_ t: String) -> SentimentResult { SentimentAnalyzer().score(t) }

    func testShortMarketplaceReviewsAreNotEnglish() {
        let rows: [(String, String, UInt)] = [
            ("muito boa", "pt", #line), ("Recomendo", "pt", #line), ("Loja nota 10", "pt", #line),
            ("relógio muito bonito e barato", "pt", #line), ("Vendedor confiável, produto ok", "pt", #line),
            ("otimo vendedor chegou ate antes do prazo", "pt", #line), ("MT lindo", "pt", #line),
            ("Sehr gutes Produkt, schnelle Lieferung!", "de", #line), ("Leider nach einer Woche kaputt. Nie wieder.", "de", #line),
            ("Passt nicht, zu klein, zurückgeschickt.", "de", #line), ("Great product, works as described.", "en", #line),
            ("no complaints :)", "en", #line), ("Muy buena calidad, lo recomiendo.", "es", #line),
        ]
        for (text, lang, line) in rows { XCTAssertEqual(score(text).language, lang, text, line: line) }
    }

    func testPolarity() {
        let rows: [(String, SentimentLabel, UInt)] = [
            ("relógio muito bonito e barato", .positive, #line), ("Vendedor confiável, produto ok", .positive, #line),
            ("Loja nota 10", .positive, #line), ("Ainda não recebi o produto", .negative, #line),
            ("Produto bom, mas demorou muito para chegar", .negative, #line), ("Não gostei, qualidade ruim", .negative, #line),
            ("Chegou antes do prazo, nada a reclamar", .positive, #line), ("O produto chegou todo amassado", .negative, #line),
            ("Sehr gutes Produkt, schnelle Lieferung!", .positive, #line), ("Leider nach einer Woche kaputt. Nie wieder.", .negative, #line),
            ("Passt nicht, zu klein, zurückgeschickt.", .negative, #line), ("Funktioniert nicht.", .negative, #line),
            ("Gefällt mir nicht.", .negative, #line), ("Kein Problem, alles bestens.", .positive, #line),
            ("Schöne Farbe, aber die Qualität ist schlecht.", .negative, #line), ("Nichts zu meckern, super!", .positive, #line),
            ("サイズが合わず返品しました。", .negative, #line), ("対応が早く、とても満足です。", .positive, #line),
            ("デザインは可愛いけど、すぐ壊れました。", .negative, #line), ("悪くないです。", .positive, #line),
            ("期待以上でした。また購入します。", .positive, #line), ("写真と違う色が届きました。残念です。", .negative, #line),
        ]
        for (text, label, line) in rows { XCTAssertEqual(score(text).label, label, text, line: line) }
    }
}
