import XCTest
@testable import Extract

final class CSSSelectorTests: XCTestCase {
    let fixture = """
    <html><body>
      <div id="main" class="page product">
        <h1 class="title">Kettle <small>2L</small></h1>
        <ul class="list">
          <li class="item first" data-sku="A1" lang="en-US">one</li>
          <li class="item" data-sku="B2">two</li>
          <li class="item special" data-sku="C3" title="x'y&quot;z">three</li>
          <li class="item-not">four</li>
          <li></li>
        </ul>
        <p>intro</p><span class="price">$19.99</span><span class="old">$24.99</span>
        <input type="checkbox" checked name="gift"><input type="checkbox" name="wrap">
        <a href="/p/2" rel="next">Next</a>
      </div>
      <div class="product"><span class="price">€5</span></div>
    </body></html>
    """

    func texts(_ css: String) throws -> [String] {
        let doc = try HTMLDocument(html: fixture)
        let sel = try CSSSelector(css)
        let q = try XPathQuery(sel.xpath)
        switch sel.yield {
        case .elements: return doc.select(q).map { $0.name + ":" + $0.text }
        default: return doc.evaluateStrings(q, in: nil)
        }
    }

    /// Each row: a selector and what it must match (element:text, or strings for ::text / ::attr).
    func testSelectorTable() throws {
        let rows: [(String, [String])] = [
            ("h1", ["h1:Kettle 2L"]),
            ("h1::text", ["Kettle "]),
            ("#main > h1.title small", ["small:2L"]),
            ("li.item", ["li:one", "li:two", "li:three"]),
            (".item.special", ["li:three"]),
            ("li[data-sku]", ["li:one", "li:two", "li:three"]),
            ("li[data-sku=B2]", ["li:two"]),
            ("li[data-sku='C3']", ["li:three"]),
            ("li[class~=first]", ["li:one"]),
            ("li[lang|=en]", ["li:one"]),
            ("li[data-sku^=A]", ["li:one"]),
            ("li[data-sku$='3']", ["li:three"]),
            ("li[class*=not]", ["li:four"]),
            ("li[title=\"x'y\\\"z\"]", ["li:three"]),
            ("ul > li:first-child", ["li:one"]),
            ("ul > li:last-child", ["li:"]),
            ("li:nth-child(2)", ["li:two"]),
            ("li:nth-child(odd)", ["li:one", "li:three", "li:"]),
            ("li:nth-child(2n)", ["li:two", "li:four"]),
            ("li:nth-child(-n+2)", ["li:one", "li:two"]),
            ("li:nth-last-child(1)", ["li:"]),
            ("span:nth-of-type(2)", ["span:$24.99"]),
            ("span:first-of-type", ["span:$19.99", "span:€5"]),
            ("li:not(.item)", ["li:four", "li:"]),
            ("li:empty", ["li:"]),
            ("input:checked::attr(name)", ["gift"]),
            ("span:contains('$')", ["span:$19.99", "span:$24.99"]),
            ("p + span", ["span:$19.99"]),
            ("p ~ span", ["span:$19.99", "span:$24.99"]),
            ("a[rel=next]::attr(href)", ["/p/2"]),
            ("h1, p", ["h1:Kettle 2L", "p:intro"]),
            ("div.product span.price::text", ["$19.99", "€5"]),
            ("*[data-sku=A1]", ["li:one"]),
            ("ul li.first", ["li:one"]),
        ]
        for (css, expected) in rows {
            XCTAssertEqual(try texts(css), expected, css)
        }
    }

    func testInvalidSelectorsSayWhereAndWhat() {
        let rows: [(String, Int, String)] = [
            ("div[", 4, "an attribute name"),
            ("li:nth-child(x)", 13, "an+b"),
            ("a::bogus", 3, "::text or ::attr(name)"),
            ("p:bogus", 2, "a supported pseudo-class"),
            ("div > ", 6, "an element name"),
            ("span::text p", 11, "the end of the selector"),
            ("h1, p::text", 11, "the same pseudo-element"),
            ("li[x=\"open]", 11, "a closing"),
        ]
        for (css, position, expected) in rows {
            XCTAssertThrowsError(try CSSSelector(css), css) { error in
                guard let e = error as? CSSSelector.SyntaxError else { return XCTFail("\(error)") }
                XCTAssertEqual(e.position, position, "\(css): \(e)")
                XCTAssertTrue(e.expected.contains(expected), "\(css): \(e)")
            }
        }
    }
}
