import XCTest
import DemoShop
import FieldParsers
@testable import Extract

/// Issue 27 item 3: the extraction's work on one page is counted (libxml2's XPath steps, nodes our
/// walks visit, text copied) and stopped at `HTMLLimits.maxExtractionWork` with a reason, so that a
/// page within the parse caps still cannot stall a run. Assertions are on the count, never a clock.
final class ExtractionWorkTests: XCTestCase {
    /// The microdata walk was quadratic in repeated properties (100,000 took 94 s); the parse of
    /// the same page is linear. Now the walk is too: its work is counted in the document.
    func testRepeatedMicrodataPropertiesAreReadInLinearWork() throws {
        let n = 100_000
        var html = "<html><body><div itemscope itemtype=\"https://schema.org/Product\"><span itemprop=\"name\">Kettle</span>"
        html.reserveCapacity(40 * n)
        for _ in 0..<n { html += "<span itemprop=\"offers\">1</span>" }
        html += "</div></body></html>"
        let doc = try HTMLDocument(html: html, url: "http://127.0.0.1/p/1")
        let before = doc.extractionWork
        let data = StructuredData(document: doc)
        // The first `maxValuesPerItem` properties are read (name is one of them), the rest skipped.
        XCTAssertEqual((data.microdataProducts.first?["offers"] as? [Any])?.count, StructuredData.maxValuesPerItem - 1)
        XCTAssertEqual(data.value(at: "name", in: .microdata), "Kettle")
        let spent = doc.extractionWork - before
        XCTAssertLessThan(spent, 30 * n, "work \(spent) for \(n) properties")
        XCTAssertNil(doc.extractionStopped)
    }

    func testOnePropertyRepeatedInsideOneAttributeIsLinearToo() throws {
        let n = 100_000
        let props = String(repeating: "offers ", count: n)
        let html = "<div itemscope itemtype=\"https://schema.org/Product\"><span itemprop=\"\(props)\">1</span></div>"
        let doc = try HTMLDocument(html: html)
        let data = StructuredData(document: doc)
        // One element: its value is read once and filed under every name it lists.
        XCTAssertEqual((data.microdataProducts.first?["offers"] as? [Any])?.count, n)
    }

    /// Items nested in items: each item's text is its whole subtree, so the text alone is quadratic
    /// in the nesting (and in the bytes below). The extraction stops at the cap with a reason.
    func testExtractionStopsAtItsWorkCapWithAReason() throws {
        let yaml = """
        site: shop
        url_patterns: ["http://127.0.0.1*"]
        currency_hint: USD
        pages:
          listing:
            match: "*/c/*"
            item: {css: "div.item"}
            fields:
              title: {css: "div.item", required: true}
        """
        let set = try SelectorSet.parse(yaml: yaml, file: "Selectors/shop.yml")
        let depth = 3000
        let html = "<html><body>" + String(repeating: "<div class=\"item\">", count: depth) + String(repeating: "x", count: 200_000) + "</body></html>"
        var limits = HTMLLimits()
        limits.maxExtractionWork = 2_000_000
        let doc = try HTMLDocument(html: html, url: "http://127.0.0.1/c/1", limits: limits)
        let page = try Extractor(selectorSet: set).extract(document: doc, context: ParseContext())
        let stopped = try XCTUnwrap(page.failure, "\(page.problems)")
        XCTAssertTrue(stopped.contains("extraction of the page used more than 2000000 units of work (cap 2000000)"), stopped)
        // Stopped at the cap: what ran past it is at most one step (a text node, an XPath step).
        XCTAssertLessThan(doc.extractionWork, limits.maxExtractionWork + 200_000 / 64 + 10_000)
    }

    func testTheAutomaticExtractorStopsAtTheCapToo() throws {
        let html = "<html><body><h1>Kettle</h1>" + String(repeating: "<div class=\"price\">", count: 3000) + "$12.99" + String(repeating: "y", count: 100_000) + "</body></html>"
        var limits = HTMLLimits()
        // The heuristics read short texts only (PageDOM.textBudget), so this page costs them about
        // its 3,000 elements, not 3,000 x its text: a cap below that is what stops them here.
        limits.maxExtractionWork = 5_000
        let doc = try HTMLDocument(html: html, url: "http://127.0.0.1/p/1", limits: limits)
        _ = AutoExtractor.extract(document: doc)
        XCTAssertNotNil(doc.extractionStopped)
        XCTAssertLessThan(doc.extractionWork, limits.maxExtractionWork + 100_000 / 64 + 10_000)
    }

    func testADemoPageIsFarBelowTheExtractionCap() throws {
        let server = try DemoServer()
        for shop in DemoShopID.allCases {
            let product = try XCTUnwrap(DemoWorld.products(of: shop).first)
            let url = server.productURL(shop, product.id)
            let response = server.respondForBenchmark(String(url.dropFirst(server.baseURL.count)))
            let doc = try HTMLDocument(bytes: response.body, url: url, encoding: shop == .cn ? "GB18030" : shop == .jp ? "CP932" : nil)
            _ = AutoExtractor.extract(document: doc)
            XCTAssertNil(doc.extractionStopped)
            // Far below: a cap a real page could meet would make real pages fail.
            XCTAssertLessThan(doc.extractionWork, HTMLLimits.default.maxExtractionWork / 200, "\(shop): \(doc.extractionWork)")
        }
    }


    /// `section div div div span` over 800 nested divs and no section: matching each span tried
    /// every choice of three div ancestors (C(800, 3) = 85 million) before giving up.
    func testDescendantSelectorsOverDeepNestingAreLinear() throws {
        let yaml = """
        site: shop
        url_patterns: ["http://127.0.0.1*"]
        pages:
          product:
            match: "*/p/*"
            fields:
              price: {css: "section div div div span.price::text"}
        """
        let set = try SelectorSet.parse(yaml: yaml, file: "Selectors/shop.yml")
        let html = "<html><body>" + String(repeating: "<div>", count: 800) + "<span class=\"price\">$1</span></body></html>"
        var limits = HTMLLimits()
        limits.maxExtractionWork = 1_000_000
        let doc = try HTMLDocument(html: html, url: "http://127.0.0.1/p/1", limits: limits)
        let page = try Extractor(selectorSet: set).extract(document: doc, context: ParseContext())
        XCTAssertNil(page.records.first?["price"])
        XCTAssertNil(page.failure)
        XCTAssertLessThan(doc.extractionWork, 20_000, "work \(doc.extractionWork) for 800 elements")
    }
}
