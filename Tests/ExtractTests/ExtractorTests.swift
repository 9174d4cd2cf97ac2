import XCTest
import Config
import FieldParsers
@testable import Extract

final class ExtractorTests: XCTestCase {
    let listingYAML = """
    site: shop
    name: Test shop
    url_patterns: ["http://127.0.0.1*"]
    currency_hint: USD
    pages:
      listing:
        match: "*/c/*"
        item: {css: "div.card"}
        fields:
          title: {css: "a.t::text", required: true}
          sku: {css: "div.card", attr: data-sku}
          badge: "xpath: .//span[@class='badge']/text()"
        links:
          product: {css: "a.t::attr(href)"}
          next: {css: "a.next::attr(href)"}
      product:
        match: ["*/p/*"]
        fields:
          title: {css: "h1", text: own}
          price:
            required: true
            from:
              - css: "span.sale::text"
              - jsonld: offers.price
              - meta: product:price:amount
          currency: {jsonld: offers.priceCurrency}
          brand: {microdata: brand}
          rating: {jsonld: aggregateRating.ratingValue}
          code: {css: "div.code::text", regex: "SKU: (\\\\w+)"}
          color: {css: ".color::text", default: "unknown"}
    """

    func set() throws -> SelectorSet { try SelectorSet.parse(yaml: listingYAML, file: "Selectors/shop.yml") }

    func testListingItemsRelativeFieldsAndLinks() throws {
        let html = """
        <html><head><base href="http://127.0.0.1:9/shop/"></head><body>
        <div class="card" data-sku="A1"><a class="t" href="../p/1#top">Kettle</a><span class="badge">new</span></div>
        <div class="card" data-sku="B2"><a class="t" href="/p/2">Toaster</a></div>
        <div class="card" data-sku="C3"><a class="t" href="javascript:alert(1)"></a></div>
        <a class="t" href="mailto:x@y">mail</a>
        <a class="next" href="?page=2">next</a><a class="next" href="?page=2">again</a>
        </body></html>
        """
        let e = try Extractor(selectorSet: set())
        let page = e.extract(html: html, url: "http://127.0.0.1:9/c/kitchen", context: ParseContext())
        XCTAssertEqual(page.pageKind, "listing")
        XCTAssertEqual(page.records.count, 3)
        XCTAssertEqual(page.records.map { $0.fields["sku"]?.raw }, ["A1", "B2", "C3"])
        XCTAssertEqual(page.records[0]["title"], .text("Kettle"))
        XCTAssertEqual(page.records[0].fields["badge"]?.raw, "new", "xpath relative to the item")
        XCTAssertNil(page.records[1].fields["badge"]?.value, "the badge of item 1 never leaks into item 2")
        XCTAssertEqual(page.records[2].missingRequired, ["title"])
        XCTAssertTrue(page.problems.contains { $0.contains("title") && $0.contains("item 3") })
        XCTAssertEqual(page.links["product"], ["http://127.0.0.1:9/p/1", "http://127.0.0.1:9/p/2"])
        XCTAssertEqual(page.links["next"], ["http://127.0.0.1:9/shop/?page=2"])
    }

    func testProductFallsBackThroughAlternativesAndRecordsSources() throws {
        let html = """
        <html><head>
        <meta property="product:price:amount" content="17.50">
        <script type="application/ld+json">
        // broken: a comment and trailing commas
        {"@context": "https://schema.org", "@graph": [
          {"@type": "BreadcrumbList"},
          {"@type": ["Product"], "name": "Kettle", "offers": [{"@type": "Offer", "price": 18.99, "priceCurrency": "USD",}],
           "aggregateRating": {"ratingValue": "4.6", "reviewCount": 12},},
        ]}
        </script></head><body>
        <h1>Kettle <small>2L</small></h1>
        <div itemscope itemtype="https://schema.org/Product"><span itemprop="brand" itemscope itemtype="https://schema.org/Brand"><meta itemprop="name" content="Acme"></span></div>
        <div class="code">Item SKU: K2000 in stock</div>
        </body></html>
        """
        let page = try Extractor(selectorSet: set()).extract(html: html, url: "http://127.0.0.1:9/p/1", context: ParseContext())
        let r = try XCTUnwrap(page.records.first)
        XCTAssertEqual(r.fields["title"]?.raw, "Kettle")
        XCTAssertEqual(r.fields["price"]?.raw, "18.99")
        XCTAssertEqual(r.fields["price"]?.source, .jsonLD)
        XCTAssertEqual(r.fields["price"]?.alternative, 1)
        XCTAssertEqual(r.fields["currency"]?.raw, "USD")
        XCTAssertEqual(r.fields["rating"]?.raw, "4.6")
        XCTAssertEqual(r.fields["brand"]?.raw, "Acme")
        XCTAssertEqual(r.fields["brand"]?.source, .microdata)
        XCTAssertEqual(r.fields["code"]?.raw, "K2000")
        XCTAssertEqual(r.fields["color"]?.source, .defaultValue)
        XCTAssertEqual(r.missingRequired, [])
    }

    func testMissingFieldSaysWhy() throws {
        let page = try Extractor(selectorSet: set()).extract(html: "<html><body><h1>X</h1></body></html>", url: "http://127.0.0.1:9/p/9", context: ParseContext())
        let price = try XCTUnwrap(page.records.first?.fields["price"])
        XCTAssertNil(price.value)
        XCTAssertEqual(price.reason, "no match for css span.sale::text; no match for jsonld offers.price; no match for meta product:price:amount")
        XCTAssertEqual(page.records.first?.missingRequired, ["price"])
    }

    func testUnknownPageKindIsAProblemNotACrash() throws {
        let page = try Extractor(selectorSet: set()).extract(html: "<p>", url: "http://127.0.0.1:9/about", context: ParseContext())
        XCTAssertNil(page.pageKind)
        XCTAssertEqual(page.records.count, 0)
        XCTAssertFalse(page.problems.isEmpty)
    }

    /// Each row: a broken selector file and the file:line, key and message its error must name.
    func testSelectorFileErrorsNameFileLineAndKey() {
        let rows: [(String, String)] = [
            ("site: s\npages:\n  product:\n    match: '*'\n    fields:\n      price: {css: 'span[', parser: price}\n",
             "s.yml:6:20: pages.product.fields.price.css: invalid CSS selector \"span[\" at position 5: expected an attribute name"),
            ("site: s\npages:\n  product:\n    match: '*'\n    feilds: {}\n", "s.yml:5:5: pages.product.feilds: unknown key (did you mean 'fields'?)"),
            ("site: s\npages:\n  product:\n    match: '*'\n", "s.yml:4:5: pages.product: missing key 'fields'"),
            ("site: s\npages:\n  product:\n    match: '*'\n    fields:\n      price: {css: x, parser: money}\n", "s.yml:6:31: pages.product.fields.price.parser: unknown parser \"money\""),
            ("site: s\npages:\n  product:\n    match: '*'\n    fields:\n      price: {css: x, xpath: //y}\n", "s.yml:6:14: pages.product.fields.price: one source per alternative"),
            ("site: s\npages:\n  product:\n    match: '*'\n    fields:\n      price: {required: yes-ish, css: x}\n", "s.yml:6:25: pages.product.fields.price.required: expected true or false"),
            ("name: s\n", "s.yml:1:1: missing key 'site'"),
            ("site: s\npages:\n  product:\n    match: '*'\n    fields:\n      t: {xpath: '//['}\n", "s.yml:6:18: pages.product.fields.t.xpath: invalid XPath expression"),
        ]
        for (yaml, expected) in rows {
            XCTAssertThrowsError(try SelectorSet.parse(yaml: yaml, file: "Selectors/s.yml"), expected) { error in
                XCTAssertTrue("\(error)".contains(expected), "expected «\(expected)»\n     got «\(error)»")
            }
        }
    }
}
