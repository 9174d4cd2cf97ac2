import CLibXML2
import DemoShop
import Foundation
import XCTest
@testable import Extract

/// `HTMLDocument.readInChunks` (the push parser, which keeps libxml2 from copying a whole page
/// twice) builds the same tree as `htmlReadMemory`: on every demo shop's pages, and on text that
/// puts a multi-byte character, a comment, a script's end tag or a tag across a chunk boundary.
final class ChunkedParseTests: XCTestCase {
    func serialized(_ doc: xmlDocPtr?) -> String {
        guard let doc else { return "<no document>" }
        defer { xmlFreeDoc(doc) }
        var out: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        htmlDocDumpMemory(doc, &out, &size)
        defer { pw_xml_free(out) }
        return out.map { String(cString: $0) } ?? ""
    }

    func assertSameTree(_ bytes: Data, encoding: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        _ = XPathQuery.silenced
        bytes.withUnsafeBytes { raw in
            let whole = serialized(htmlReadMemory(raw.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(raw.count), "http://127.0.0.1/p", encoding, HTMLDocument.options))
            let chunked = serialized(HTMLDocument.readInChunks(raw, url: "http://127.0.0.1/p", encoding: encoding, options: HTMLDocument.options))
            XCTAssertEqual(chunked, whole, message, file: file, line: line)
        }
    }

    func testDemoShopPagesParseTheSameInChunks() throws {
        let server = try DemoServer()
        for shop in DemoShopID.allCases {
            for product in DemoWorld.products(of: shop).prefix(4) {
                let url = server.productURL(shop, product.id)
                let response = server.respondForBenchmark(String(url.dropFirst(server.baseURL.count)))
                guard response.status == 200 else { continue }
                let encoding = shop == .cn ? "GB18030" : shop == .jp ? "CP932" : "UTF-8"
                assertSameTree(response.body, encoding: encoding, "\(shop) \(url)")
            }
        }
    }

    func testBoundariesInsideCharactersCommentsScriptsAndTags() {
        let n = HTMLDocument.chunkBytes
        for shift in [-3, -2, -1, 0, 1, 2] {
            for piece in ["€ 1.299,00 – 价格", "<!-- a comment -->", "<script>var s = '</div>'; if (a < b) {}</script>", "<span class=\"price\" data-price=\"12.99\">x</span>", "&amp;&euro;"] {
                let pad = String(repeating: "a", count: n - 40 + shift)
                let html = "<html><head><meta charset=\"gbk\"><title>t</title></head><body><p>\(pad)</p>\(piece)<div>\(piece)</div></body></html>"
                assertSameTree(Data(html.utf8), encoding: "UTF-8", "\(piece) at \(shift)")
            }
        }
    }

    func testAPageOfManyChunks() {
        var html = "<html><body>"
        for i in 0..<40_000 { html += "<div class=\"card c\(i % 7)\"><a href=\"/p/\(i)\">Ding \(i) – ä</a><span>$\(i).99</span></div>\n" }
        html += "</body></html>"
        XCTAssertGreaterThan(html.utf8.count, 8 * HTMLDocument.chunkBytes)
        assertSameTree(Data(html.utf8), encoding: "UTF-8", "a page of many chunks")
    }
}
