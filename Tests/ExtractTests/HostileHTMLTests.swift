import XCTest
import FieldParsers
@testable import Extract

/// Issue 27 items 3 and 6: pages built to stall libxml2 or the extraction are refused or stopped
/// with a reason naming the cap, after a bounded amount of work, and deep pages are read to the end
/// instead of being cut short at libxml2's default depth of 256.
final class HostileHTMLTests: XCTestCase {
    func reason(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch { return "\(error)" }
    }

    // MARK: Item 3: attributes and elements

    func testAnElementWithManyAttributesIsRefusedBeforeLibxml2SeesIt() throws {
        // 100,000 attributes on one element (about 1 MB): libxml2 took over 90 s on this.
        var html = "<html><body><p>before</p>\n<div"
        for i in 0..<100_000 { html += " a\(i)=1" }
        html += ">x</div></body></html>"
        let why = reason { try HTMLDocument(html: html, url: "http://127.0.0.1/p/1") }
        XCTAssertTrue(why.contains("http://127.0.0.1/p/1"), why)
        XCTAssertTrue(why.contains("a start tag with 100000 attributes at line 2 (cap 256)"), why)
    }

    /// Under the pre-scan's looser bound, libxml2's own count holds the cap exactly.
    func testAnElementJustOverTheCapIsRefusedOnLibxml2sCount() throws {
        var html = "<html><body><p>before</p>\n<div"
        for i in 0..<300 { html += " a\(i)=1" }
        html += ">x</div></body></html>"
        let why = reason { try HTMLDocument(html: html, url: "http://127.0.0.1/p/1") }
        XCTAssertTrue(why.contains("http://127.0.0.1/p/1: page has an element with 300 attributes at line 2 (cap 256)"), why)
        // Minified script that looks like a tag with hundreds of attributes is no element: read.
        let script = "<html><body><script>for(i=0;i<n" + String(repeating: " x", count: 1000) + "){}</script><p>ok</p></body></html>"
        XCTAssertNoThrow(try HTMLDocument(html: script))
    }

    /// The most attributes libxml2 put on one element of `html`.
    func libxml2MostAttributes(_ html: String) throws -> Int {
        let doc = try HTMLDocument(html: html)
        var most = 0
        TreeMatch.preorder(UnsafeMutablePointer(OpaquePointer(doc.doc))) { n in
            var k = 0, a = n.pointee.properties
            while let p = a { k += 1; a = p.pointee.next }
            most = max(most, k)
        }
        return most
    }

    func testThePreScanCountsAttributesAsLibxml2ReadsATag() throws {
        // Names cut at 100 bytes, quoted values across `>`, "/>", bogus bytes; and a `<` followed by
        // a letter anywhere (in a script, a comment, a value) is read as a tag could be.
        let cases: [(String, Int)] = [
            ("<p a b=1 c='x>y' d=\"<i q r>\">t</p>", 4),
            ("<script>if (a<b c d e f) {}</script><i q>x</i>", 4),
            ("<!-- <b x y z> --><i q>x</i>", 3),
            ("<p " + String(repeating: "a", count: 150) + ">t</p>", 2),
            ("<p " + String(repeating: "a", count: 100) + "1=\" x y z\">t</p>", 4),
            ("<p a=x/><i q>after</i>", 1),
            ("<p a/b c d/>t</p>", 3),
            ("<p a = \"1\"b=2 c>t</p>", 3),
        ]
        for (html, most) in cases {
            let s = Array(html.utf8).withUnsafeBufferPointer { HTMLPreScan($0) }
            XCTAssertEqual(s.mostAttributes, most, html)
            XCTAssertLessThanOrEqual(try libxml2MostAttributes(html), s.mostAttributes, html)
        }
    }

    func testGeneratedTagSoupNeverHasMoreAttributesInLibxml2ThanThePreScanCounted() throws {
        // Random soup of what decides how libxml2 reads markup, against the real libxml2: on no
        // element may it read more attributes than the pre-scan counted.
        var rng = SystemRandomNumberGenerator()
        let pieces = ["<", ">", "/", "=", "\"", "'", " ", "\n", "a", "b", "1", "-", "!", "?", "<p", "<b ", "</", "<!--", "-->", "--!>",
                      "<script>", "</script>", "<style>", "x=", "\0", "<a\0", ".", ":", "_", "<!DOCTYPE ", "PUBLIC ", "SYSTEM ", "<?x ",
                      "</:", "é", "&", "&amp;", "&#", ";", "<body ", "<html ", "<textarea>", "<title>", "\t", "\r"]
        // PW_FUZZ_ROUNDS runs longer (a few hundred thousand rounds found nothing the last time).
        let rounds = ProcessInfo.processInfo.environment["PW_FUZZ_ROUNDS"].flatMap { Int($0) } ?? 3000
        for round in 0..<rounds {
            var html = ""
            for _ in 0..<Int.random(in: 1...80, using: &rng) { html += pieces.randomElement(using: &rng)! }
            let s = Array(html.utf8).withUnsafeBufferPointer { HTMLPreScan($0) }
            guard let most = try? libxml2MostAttributes(html) else { continue }
            XCTAssertLessThanOrEqual(most, s.mostAttributes, "round \(round): \(html.debugDescription)")
        }
    }

    func testTooManyElementsOrAttributesOnAPageAreRefused() throws {
        var limits = HTMLLimits()
        limits.maxElements = 1000
        let many = "<html><body>" + String(repeating: "<i>x</i>", count: 1500) + "</body></html>"
        XCTAssertTrue(reason { try HTMLDocument(html: many, url: "u", limits: limits) }.contains("page has more than 1000 elements (cap 1000)"))
        limits = HTMLLimits()
        limits.maxAttributes = 100
        let attrs = "<html><body>" + String(repeating: "<i a b c>x</i>", count: 50) + "</body></html>"
        XCTAssertTrue(reason { try HTMLDocument(html: attrs, url: "u", limits: limits) }.contains("page has more than 100 attributes (cap 100)"))
    }

    // MARK: Item 6: depth

    static let listingYAML = """
    site: shop
    url_patterns: ["http://127.0.0.1*"]
    currency_hint: USD
    pages:
      listing:
        match: "*/c/*"
        item: {css: "div.card"}
        fields:
          title: {css: "a.t::text", required: true}
        links:
          next: {css: "a.next::attr(href)"}
    """

    /// A listing whose items each leave a `<div>` open: libxml2 stopped at depth 256 and the last
    /// items and the next link were gone, with exit 0.
    func testItemsPastDepth300AreExtractedWithTheNextLink() throws {
        let items = 400
        var html = "<html><body><div id=\"list\">"
        for i in 1...items { html += "<div class=\"card\"><div class=\"inner\"><a class=\"t\" href=\"/p/\(i)\">Item \(i)</a></div>\n" }
        html += "<a class=\"next\" href=\"/c/1?page=2\">next</a></body></html>"
        let set = try SelectorSet.parse(yaml: HostileHTMLTests.listingYAML, file: "Selectors/shop.yml")
        let page = try Extractor(selectorSet: set).extract(document: HTMLDocument(html: html, url: "http://127.0.0.1/c/1"), context: ParseContext())
        XCTAssertEqual(page.records.count, items)
        XCTAssertEqual(page.records.last?["title"], .text("Item \(items)"))
        XCTAssertEqual(page.links["next"], ["http://127.0.0.1/c/1?page=2"])
        // The same through the text entry point, which parses itself.
        let again = try Extractor(selectorSet: set).extract(html: html, url: "http://127.0.0.1/c/1", context: ParseContext())
        XCTAssertEqual(again.records.count, items)
        XCTAssertNil(again.failure)
    }

    func testNestingPastTheCapIsRefusedNotCutShort() throws {
        let html = "<html><body>" + String(repeating: "<div>", count: 5000) + "<p>last</p></body></html>"
        let why = reason { try HTMLDocument(html: html, url: "http://127.0.0.1/c/1") }
        XCTAssertTrue(why.contains("http://127.0.0.1/c/1: page has elements nested deeper than 4096 at line 1 (cap 4096)"), why)
        // Through the extractor: a failure with the reason, not a page with fewer items.
        let set = try SelectorSet.parse(yaml: HostileHTMLTests.listingYAML, file: "Selectors/shop.yml")
        let page = try Extractor(selectorSet: set).extract(html: html, url: "http://127.0.0.1/c/1", context: ParseContext())
        XCTAssertTrue(page.failure?.contains("nested deeper than 4096") == true, "\(page.failure ?? "nil")")
        XCTAssertEqual(page.records.count, 0)
    }

    func testJustUnderTheDepthCapIsReadAndWalkedOnAWorkerThread() throws {
        // libxml2's own count of open elements includes html and body.
        let html = "<html><body>" + String(repeating: "<div class=\"price\"><span>", count: 2046) + "$12.99" + "</body></html>"
        let done = expectation(description: "parsed")
        DispatchQueue.global().async {
            do {
                let doc = try HTMLDocument(html: html, url: "http://127.0.0.1/p/1")
                let auto = AutoExtractor.extract(document: doc)
                XCTAssertEqual(auto.flat["price"], "12.99")
                XCTAssertFalse(doc.root.map(\.text)?.isEmpty ?? true)
            } catch { XCTFail("\(error)") }
            done.fulfill()
        }
        wait(for: [done], timeout: 60)
    }

    /// Stray end tags under deep nesting: libxml2 searches every open element for each one.
    func testEndTagsThatCloseNothingAreCappedInWork() throws {
        let html = "<html><body>" + String(repeating: "<b>", count: 4000) + String(repeating: "</x>", count: 300_000) + "<p>after</p>"
        var limits = HTMLLimits()
        limits.maxEndTagWork = 10_000_000
        let why = reason { try HTMLDocument(html: html, url: "http://127.0.0.1/p/1", limits: limits) }
        XCTAssertTrue(why.contains("end tags that close nothing made libxml2 search more than 10000000 open elements"), why)
        XCTAssertTrue(why.contains("(cap 10000000)"), why)
        // The default cap lets real broken pages through: a stray end tag in each of 2000 items.
        var page = "<html><body>"
        for i in 0..<2000 { page += "<div class=\"card\"><a>Item \(i)</a></span>\n" }
        XCTAssertNoThrow(try HTMLDocument(html: page + "</body></html>"))
    }

    func testANulInsideATagNoLongerEndsThePage() throws {
        let html = "<html><body><p class=\"a\0b\">x</p><p id=\"after\">after</p></body></html>"
        let doc = try HTMLDocument(html: html)
        XCTAssertEqual(try doc.select(XPathQuery("//p[@id='after']")).first?.text, "after")
    }
}
