import Foundation
import XCTest

/// Issue 27's first-use edges of `selectors check` and `selectors suggest`, against the built binary.
final class SelectorsCommandTests: XCTestCase {
    var cli: CLI!

    override func setUpWithError() throws { cli = try CLI() }
    override func tearDown() { cli?.remove() }

    static let page = """
        <html lang="pt-BR"><body><h1>Cafeteira Expresso</h1>
        <span class="price">R$ 129,90</span><span class="sold">1.2K vendidos</span>
        <p class="stock">Em estoque</p><span class="rating">4,5 de 5</span>
        <ul><li class="tag">cozinha</li><li class="tag">café, expresso</li><li class="tag">15 bar</li></ul>
        </body></html>
        """

    /// Fields in an order no dictionary would keep.
    static let selectors = """
        site: shop
        url_patterns: ["https://shop.example/*"]
        currency_hint: BRL
        language: pt
        pages:
          product:
            match: "*/p/*"
            fields:
              title: {css: "h1::text", required: true}
              sales: {css: "span.sold::text", parser: sales}
              price: {css: "span.price::text", parser: price, required: true}
              availability: {css: "p.stock::text", parser: availability}
              tags: {css: "li.tag::text", all: true}
              rating: {css: "span.rating::text", parser: rating}
              gtin: {css: "span.gtin::text"}
        """

    func writeFiles() throws {
        try Self.page.write(toFile: cli.path("page.html"), atomically: true, encoding: .utf8)
        try Self.selectors.write(toFile: cli.path("shop.yml"), atomically: true, encoding: .utf8)
    }

    /// The price used to print as a Swift dictionary (`["amount": "129.90", ...]`) whose key order
    /// changed from run to run; an `all: true` field showed only its first value.
    func testCheckPrintsFieldsInTheSetsOrderWithReadableValues() throws {
        try writeFiles()
        let args = ["selectors", "check", "shop.yml", "page.html", "--url", "https://shop.example/p/1"]
        let r = try cli.run(args)
        XCTAssertEqual(r.status, 0, "\(r)")
        let fields = r.stdout.split(separator: "\n").filter { $0.hasPrefix("  ok ") || $0.hasPrefix("  empty ") || $0.hasPrefix("  MISS ") }
            .map { $0.split(separator: " ", omittingEmptySubsequences: true)[1] }
        XCTAssertEqual(fields, ["title", "sales", "price", "availability", "tags", "rating", "gtin"], "\(r)")
        XCTAssertFalse(r.stdout.contains("[\"") || r.stdout.contains("\":"), "no Swift dictionaries: \(r)")
        XCTAssertTrue(r.stdout.contains("= 129.90 BRL"), "\(r)")
        XCTAssertTrue(r.stdout.contains("= 1200 (total)"), "\(r)")
        XCTAssertTrue(r.stdout.contains("= InStock"), "\(r)")
        XCTAssertTrue(r.stdout.contains("= 4.5"), "\(r)")
        XCTAssertTrue(r.stdout.contains("= \"cozinha\", \"café, expresso\", \"15 bar\" (3 values)"), "every value of an all: true field: \(r)")
        for _ in 0..<3 { XCTAssertEqual(try cli.run(args).stdout, r.stdout, "the same page prints the same") }
    }

    func testCheckJSONHasAStableKeyOrder() throws {
        try writeFiles()
        let args = ["selectors", "check", "shop.yml", "page.html", "--url", "https://shop.example/p/1", "--json"]
        let r = try cli.run(args)
        XCTAssertEqual(r.status, 0, "\(r)")
        for _ in 0..<3 { XCTAssertEqual(try cli.run(args).stdout, r.stdout, "byte-identical JSON") }
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout)
        XCTAssertEqual(object["page_kind"] as? String, "product")
        let record = try XCTUnwrap((object["records"] as? [[String: Any]])?.first)
        // Fields as an array in the selector set's order; within each, keys sorted.
        let fields = try XCTUnwrap(record["fields"] as? [[String: Any]], r.stdout)
        XCTAssertEqual(fields.map { $0["name"] as? String }, ["title", "sales", "price", "availability", "tags", "rating", "gtin"])
        let field = { (name: String) in fields.first { $0["name"] as? String == name } ?? [:] }
        let price = try XCTUnwrap(field("price")["value"] as? [String: Any])
        XCTAssertEqual(price["amount"] as? String, "129.90")
        XCTAssertEqual(price["currency"] as? String, "BRL")
        XCTAssertEqual(field("tags")["values"] as? [String], ["cozinha", "café, expresso", "15 bar"])
        XCTAssertTrue(field("gtin")["value"] is NSNull, "an empty field is null")
        XCTAssertNotNil(field("gtin")["reason"] as? String, "with its reason")
    }

    /// A page with nothing to read used to exit 0 and print a set that `selectors check` refuses.
    func testSuggestOnAPageWithNothingSaysSoAndWritesNothing() throws {
        try "<html><body><p>Welcome! Nothing to buy here.</p></body></html>".write(toFile: cli.path("empty.html"), atomically: true, encoding: .utf8)
        let r = try cli.run(["selectors", "suggest", "empty.html", "--url", "https://shop.example/p/1"])
        XCTAssertEqual(r.status, 1, "\(r)")
        XCTAssertEqual(r.stdout, "", "no selector set on stdout: \(r)")
        XCTAssertTrue(r.stderr.contains("empty.html") && r.stderr.contains("price") && r.stderr.contains("title"), "names what it looked for: \(r)")
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "one line: \(r)")
    }

    func testSuggestStillWritesASetCheckAccepts() throws {
        try writeFiles()
        let r = try cli.run(["selectors", "suggest", "page.html", "--url", "https://shop.example/p/1"])
        XCTAssertEqual(r.status, 0, "\(r)")
        try r.stdout.write(toFile: cli.path("suggested.yml"), atomically: true, encoding: .utf8)
        let check = try cli.run(["selectors", "check", "suggested.yml", "page.html", "--url", "https://shop.example/p/1"])
        XCTAssertEqual(check.status, 0, "\(check)")
    }
}
