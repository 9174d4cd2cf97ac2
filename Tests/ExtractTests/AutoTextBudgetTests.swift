import XCTest
@testable import Extract

/// Texts the heuristics read are bounded (`PageDOM.textBudget`): nested price-named elements used to
/// make every element read all the text below it, quadratic in the page (`make fuzz` found a 137 KB
/// page that took over 10 s). The bound is in work (nodes + bytes), so it is asserted as such.
final class AutoTextBudgetTests: XCTestCase {
    /// Nested below libxml2's own depth limit (255), each level with some text.
    func nested(_ depth: Int) -> String {
        "<html><body><h1>Kettle</h1>" + String(repeating: "<span class=\"price\">Free delivery from 1 item ", count: depth)
            + "<b>$19.99</b>" + "</body></html>"
    }

    func testAnElementWhoseTextPassesTheBudgetReadsAsEmpty() throws {
        let doc = try HTMLDocument(html: nested(200), url: "http://127.0.0.1/p/1")
        let dom = PageDOM(document: doc)
        let outer = try XCTUnwrap(dom.elements.firstIndex { $0.priceish })
        XCTAssertEqual(dom.text(outer), "", "200 nested texts of 26 bytes are far past the budget")
        let inner = try XCTUnwrap(dom.elements.lastIndex { $0.tag == "b" })
        XCTAssertEqual(dom.text(inner), "$19.99")
    }

    func testTheBoundedCollectorStopsAtItsBudget() throws {
        let doc = try HTMLDocument(html: nested(200), url: "http://127.0.0.1/p/1")
        let body = try XCTUnwrap(doc.select(XPathQuery("//body")).first)
        XCTAssertNil(Node.collectText(body.pointer, in: doc, budget: 2048))
        XCTAssertEqual(Node.collectText(body.pointer, in: doc, budget: 1_000_000).map(Node.normalise)?.hasSuffix("1 item $19.99"), true)
        let small = try HTMLDocument(html: nested(3), url: "http://127.0.0.1/p/1")
        let smallBody = try XCTUnwrap(small.select(XPathQuery("//body")).first)
        XCTAssertEqual(Node.collectText(smallBody.pointer, in: small, budget: 2048).map(Node.normalise), Node.normalise(Node.collectText(smallBody.pointer, in: small)))
    }

    func testAPageOfNestedPriceElementsStillGivesItsPrice() throws {
        let result = AutoExtractor.extract(html: nested(200), url: "http://127.0.0.1/p/1")
        XCTAssertNotNil(result.fields["price"], "the innermost price is still found")
    }
}

/// Attribute words: a hostile class of 260 KB made the word split quadratic; only the first
/// `maxWordSourceBytes` of a value give words.
final class AutoAttributeWordsTests: XCTestCase {
    func testOnlyTheStartOfAVeryLongValueGivesWords() {
        let long = "product-price " + String(repeating: "x<noscript>", count: 30_000) + " related"
        let words = PageDOM.words(long)
        XCTAssertTrue(words.contains("price"))
        XCTAssertFalse(words.contains("related"), "a word past the first \(PageDOM.maxWordSourceBytes) bytes is not read")
        XCTAssertLessThan(words.count, PageDOM.maxWordSourceBytes)
    }

    func testWordsOfARealClassListAreUnchanged() {
        XCTAssertEqual(PageDOM.words("ProductPrice price--sale js-price"), ["product", "price", "price", "sale", "js", "price", "productprice"])
    }
}

/// Nested text-valued microdata properties each read the text below them; `make fuzz` found 131 KB
/// of nested `itemprop="name"` spans taking 5.8 CPU s. Values and their texts are capped.
final class MicrodataValueBudgetTests: XCTestCase {
    func testNestedTextPropertiesCostBoundedWork() throws {
        let depth = 250, per = "<span itemprop=\"name\">" + String(repeating: "Wasserkocher ", count: 8)
        let html = "<html><body><div itemscope itemtype=\"https://schema.org/Product\">" + String(repeating: per, count: depth) + "</div></body></html>"
        let doc = try HTMLDocument(html: html, url: "http://127.0.0.1/p/1")
        let before = doc.extractionWork
        let data = StructuredData(document: doc)
        let names = try XCTUnwrap(data.microdataProducts.first?["name"] as? [Any])
        XCTAssertEqual(names.count, depth)
        // The outer names are longer than the cap and read as "", the innermost are read whole.
        XCTAssertEqual(names.first as? String, "")
        XCTAssertEqual((names.last as? String)?.hasPrefix("Wasserkocher"), true)
        let spent = doc.extractionWork - before
        XCTAssertLessThan(spent, depth * (StructuredData.maxValueText / 8 + 50), "work \(spent)")
    }
}
