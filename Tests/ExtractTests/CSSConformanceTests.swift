import XCTest
@testable import Extract

/// The selector language of cssselect (what parsel and Scrapy users write), case by case, run
/// through the real engine: CSSSelector -> XPath -> libxml2 on a parsed HTML page. Each row names
/// the ids of the elements that must match, in document order. The page is written for these rows;
/// the rows follow cssselect's documented selector list, plus the CSS Selectors 4 forms it reads
/// (`:is()`, `:where()`, `:has()`, the `i` flag) and CSS escapes.
final class CSSConformanceTests: XCTestCase {
    static let page = """
    <!DOCTYPE html>
    <html id="html" lang="en-GB"><head id="head"><link id="css-link" rel="stylesheet" href="/s.css"></head>
    <body id="body">
      <div id="outer-div">
        <a id="name-anchor" name="foo"></a>
        <a id="tag-anchor" rel="tag" href="/tag">link</a>
        <a id="nofollow-anchor" rel="nofollow" href="/nf">other link</a>
        <ol id="first-ol" class="a b c">
          <li id="first-li">content</li>
          <li id="second-li" lang="En-us"><div id="li-div"></div></li>
          <li id="third-li" class="ab c"></li>
          <li id="fourth-li" class="ab c"></li>
          <li id="fifth-li"></li>
          <li id="sixth-li"></li>
          <li id="seventh-li">  </li>
        </ol>
        <p id="paragraph" DATA-Price="19.99"><b id="p-b">hi</b> <em id="p-em">there</em>
          <b id="p-b2">guy</b>
          <input type="checkbox" id="checkbox-unchecked">
          <input type="checkbox" id="checkbox-disabled" disabled="">
          <input type="text" id="text-checked" checked="checked">
          <input type="hidden" id="hidden-input">
          <input type="checkbox" id="checkbox-checked" checked="checked">
          <input type="checkbox" id="checkbox-disabled-checked" disabled="disabled" checked="checked">
          <fieldset id="fieldset" disabled="disabled">
            <input type="checkbox" id="checkbox-fieldset-disabled">
            <input type="hidden" id="hidden-fieldset-disabled">
          </fieldset>
        </p>
        <ol id="second-ol"></ol>
        <map name="dummymap"><area shape="circle" coords="200,250,25" href="foo.html" id="area-href">
          <area shape="default" id="area-nohref"></map>
      </div>
      <div id="foobar-div" foobar="ab bc cde"><span id="foobar-span"></span></div>
      <select id="select"><option id="option-selected" selected="">x</option><optgroup id="optgroup" disabled="">
        <option id="option-in-disabled-group">y</option></optgroup></select>
      <span id="x[1]" class="price:now">[escaped]</span><span id="123" class="10%">digits</span>
    </body></html>
    """

    static let document = try! HTMLDocument(html: page)

    func ids(_ css: String) throws -> [String] {
        let selector = try CSSSelector(css)
        let query = try XPathQuery(selector.xpath)
        return CSSConformanceTests.document.select(query).map { $0.attribute("id") ?? "<\($0.name)>" }
    }

    func testCSSSelectorsMatchLikeCssselect() throws {
        let rows: [(String, [String], UInt)] = [
            // Types, universal, ids, classes.
            ("ol", ["first-ol", "second-ol"], #line),
            ("OL", ["first-ol", "second-ol"], #line),
            ("*#first-li", ["first-li"], #line),
            ("li.c", ["third-li", "fourth-li"], #line),
            (".a.b.c", ["first-ol"], #line),
            ("ol.a.b", ["first-ol"], #line),
            // Attributes: names are case-insensitive in HTML, values are not.
            ("a[name]", ["name-anchor"], #line),
            ("a[NAme]", ["name-anchor"], #line),
            ("[data-price]", ["paragraph"], #line),
            ("a[rel=\"tag\"]", ["tag-anchor"], #line),
            ("a[rel=TAG]", [], #line),
            ("a[rel=TAG i]", ["tag-anchor"], #line),
            ("a[rel=\"tag\" s]", ["tag-anchor"], #line),
            ("a[href*=\"tag\"]", ["tag-anchor"], #line),
            ("a[href^=\"/t\"]", ["tag-anchor"], #line),
            ("a[href$=\"nf\"]", ["nofollow-anchor"], #line),
            ("div[foobar~=\"bc\"]", ["foobar-div"], #line),
            ("div[foobar~=\"cde\"]", ["foobar-div"], #line),
            ("div[foobar~=\"c\"]", [], #line),
            ("[lang|=en]", ["html"], #line),
            ("[lang|=En]", ["second-li"], #line),
            ("a[rel!=tag]", ["name-anchor", "nofollow-anchor"], #line),
            ("a[href!=\"\"]", ["tag-anchor", "nofollow-anchor"], #line),
            // Structure.
            ("li:first-child", ["first-li"], #line),
            ("li:last-child", ["seventh-li"], #line),
            ("li:nth-child(3)", ["third-li"], #line),
            ("li:nth-child(2n+3)", ["third-li", "fifth-li", "seventh-li"], #line),
            ("li:nth-child(-n+2)", ["first-li", "second-li"], #line),
            ("li:nth-last-child(2)", ["sixth-li"], #line),
            ("li:nth-child(even)", ["second-li", "fourth-li", "sixth-li"], #line),
            ("b:nth-of-type(2)", ["p-b2"], #line),
            ("b:nth-last-of-type(1)", ["p-b2"], #line),
            ("b:first-of-type", ["p-b"], #line),
            ("em:only-of-type", ["p-em"], #line),
            ("div#li-div:only-child", ["li-div"], #line),
            ("ol:empty", ["second-ol"], #line),
            ("li:empty", ["third-li", "fourth-li", "fifth-li", "sixth-li"], #line),
            (":root", ["html"], #line),
            ("html:root", ["html"], #line),
            ("li:root", [], #line),
            (":scope > body", ["body"], #line),
            // Combinators.
            ("ol#first-ol li:last-child", ["seventh-li"], #line),
            ("ol#first-ol > li > div", ["li-div"], #line),
            ("li#first-li + li", ["second-li"], #line),
            ("li#fifth-li ~ li", ["sixth-li", "seventh-li"], #line),
            ("b + em", ["p-em"], #line),
            ("b ~ b", ["p-b2"], #line),
            ("#first-li, #p-em", ["first-li", "p-em"], #line),
            // Logical pseudo-classes, with complex selectors inside.
            ("li:not(:first-child)", ["second-li", "third-li", "fourth-li", "fifth-li", "sixth-li", "seventh-li"], #line),
            ("li:not(.c, :empty)", ["first-li", "second-li", "seventh-li"], #line),
            ("ol:not(.a)", ["second-ol"], #line),
            ("div:not(#outer-div div)", ["outer-div", "foobar-div"], #line),
            (":is(ol, b).a", ["first-ol"], #line),
            ("p :is(b, em)", ["p-b", "p-em", "p-b2"], #line),
            ("li:is(#first-ol > :first-child, .ab + li)", ["first-li", "fourth-li", "fifth-li"], #line),
            ("span:where(#foobar-div > *)", ["foobar-span"], #line),
            ("li:matches(#first-li)", ["first-li"], #line),
            ("li:has(div)", ["second-li"], #line),
            ("ol:has(> li.c)", ["first-ol"], #line),
            ("li:has(+ li.ab)", ["second-li", "third-li"], #line),
            ("li:has(~ #seventh-li)", ["first-li", "second-li", "third-li", "fourth-li", "fifth-li", "sixth-li"], #line),
            ("div:has(span, li > div)", ["outer-div", "foobar-div"], #line),
            ("div:has(li:has(div))", ["outer-div"], #line),
            // Text and language.
            ("li:contains(content)", ["first-li"], #line),
            ("a:contains(\"other link\")", ["nofollow-anchor"], #line),
            ("li:lang(en)", ["first-li", "second-li", "third-li", "fourth-li", "fifth-li", "sixth-li", "seventh-li"], #line),
            ("li:lang(en-US)", ["second-li"], #line),
            ("*:lang(en-gb) > head", ["head"], #line),
            ("body :lang(fr)", [], #line),
            // User-interface state, read from the markup.
            ("a:link, area:link", ["tag-anchor", "nofollow-anchor", "area-href"], #line),
            (":link", ["css-link", "tag-anchor", "nofollow-anchor", "area-href"], #line),
            ("a:visited", [], #line),
            ("a:hover", [], #line),
            ("input:checked", ["checkbox-checked", "checkbox-disabled-checked"], #line),
            (":checked", ["checkbox-checked", "checkbox-disabled-checked", "option-selected"], #line),
            ("input:disabled", ["checkbox-disabled", "checkbox-disabled-checked", "checkbox-fieldset-disabled"], #line),
            ("input:enabled", ["checkbox-unchecked", "text-checked", "checkbox-checked"], #line),
            ("option:disabled", ["option-in-disabled-group"], #line),
            ("fieldset:disabled, optgroup:disabled", ["fieldset", "optgroup"], #line),
            // CSS escapes.
            ("#x\\[1\\]", ["x[1]"], #line),
            (".price\\:now", ["x[1]"], #line),
            ("#\\31 23", ["123"], #line),
            (".\\31 0\\%", ["123"], #line),
            ("span[id=x\\5b 1\\5d]", ["x[1]"], #line),
            ("\\73 pan#\\31 23", ["123"], #line),
        ]
        for (css, expected, line) in rows {
            XCTAssertEqual(try ids(css), expected, css, line: line)
        }
    }

    /// cssselect's `::text`/`::attr()` as parsel reads them, on the same page.
    func testPseudoElements() throws {
        let doc = CSSConformanceTests.document
        func strings(_ css: String) throws -> [String] {
            doc.evaluateStrings(try XPathQuery(try CSSSelector(css).xpath), in: nil)
        }
        XCTAssertEqual(try strings("#first-li::text"), ["content"])
        XCTAssertEqual(try strings("p::attr(DATA-price)"), ["19.99"])
        XCTAssertEqual(try strings("a:is([rel=tag], [rel=nofollow])::attr(href)"), ["/tag", "/nf"])
    }

    /// Every selector either compiles to XPath libxml2 accepts or is refused with a position.
    func testEverySelectorCompilesOrIsRefusedWithAPosition() {
        let refused: [(String, Int, String, UInt)] = [
            (":is(a", 5, "')' closing :is", #line),
            ("a:not()", 6, "an element name", #line),
            ("li:has()", 7, "an element name", #line),
            ("a:is(b::text)", 6, "a combinator, ',' or ')'", #line),
            ("div :scope", 5, ":scope only at the start", #line),
            ("a:contains()", 11, "a string or an identifier", #line),
            ("*:first-of-type", 2, "an element name before", #line),
            ("a[rel~]", 6, "'=', '~=', '|=', '^=', '$=', '*=', '!=' or ']'", #line),
            ("a[rel=x y]", 8, "']'", #line),
            ("#a\\", 3, "a character after", #line),
            ("a:bogus", 2, "a supported pseudo-class", #line),
        ]
        for (css, position, expected, line) in refused {
            XCTAssertThrowsError(try CSSSelector(css), css, line: line) { error in
                guard let e = error as? CSSSelector.SyntaxError else { return XCTFail("\(error)", line: line) }
                XCTAssertEqual(e.position, position, "\(css): \(e)", line: line)
                XCTAssertTrue(e.expected.contains(expected), "\(css): \(e)", line: line)
            }
        }
        // Hostile but valid: quotes of both kinds, brackets and escapes all reach libxml2 as valid XPath.
        for css in ["[title=\"x'y\\\"z\"]", "a[href='a]b']", "\\[weird\\]", "[\\64 ata-x]", "#\\30", ".a\\ b", "[x=\"\\\n\"]"] {
            XCTAssertNoThrow(try XPathQuery(try CSSSelector(css).xpath), css)
        }
    }
}
