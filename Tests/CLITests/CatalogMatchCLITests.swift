import Foundation
import LoopbackServer
import XCTest

/// The README's merchant flow against the built binary: crawl, `catalog match`, review the sheet,
/// `catalog accept`; a rejected pair is never suggested again, and bad sheets exit 2 with file:line.
final class CatalogMatchCLITests: XCTestCase {
    var cli: CLI!

    override func setUpWithError() throws { cli = try CLI() }
    override func tearDown() { cli?.remove() }

    func testMatchReviewAcceptAndRejectedPairsStayRejected() throws {
        let shop = try CLI.shop()
        defer { shop.stop() }
        try cli.writeJob("shop", start: shop.baseURL + "/p/1")
        let db = cli.path("pw.sqlite")
        try "sku,title,currency,cost,current_price\nKET-1,Kettle,USD,10.00,21.00\nMUG-1,Mug,USD,2.00,5.00\n"
            .write(toFile: cli.path("catalog.csv"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try cli.run(["catalog", "match", "--db", db]).status, 5, "no database yet: nothing is created")
        XCTAssertEqual(try cli.run(["catalog", "import", "catalog.csv", "--db", db]).status, 0)
        let none = try cli.run(["catalog", "match", "--db", db, "--out", "m.csv"])
        XCTAssertEqual(none.status, 0, "\(none)")
        XCTAssertTrue(none.stdout.contains("0 suggested pairs"), "\(none)")
        XCTAssertEqual(try cli.run(["run", "shop", "--db", db]).status, 0)

        let suggested = try cli.run(["catalog", "match", "--db", db, "--out", "m.csv"])
        XCTAssertEqual(suggested.status, 0, "\(suggested)")
        XCTAssertTrue(suggested.stdout.contains("1 suggested pairs for 1 SKUs"), "\(suggested)")
        XCTAssertTrue(suggested.stdout.contains("pricewatch catalog accept m.csv"), "\(suggested)")
        let sheet = try String(contentsOfFile: cli.path("m.csv"), encoding: .utf8)
        XCTAssertTrue(sheet.hasPrefix("decision,confidence,reason,sku,catalog_title,catalog_price,site,listing_id,listing_title,listing_price,url\r\n"), sheet)
        XCTAssertTrue(sheet.contains(",KET-1,Kettle,21.00 USD,"), sheet)

        // `catalog import` is for catalogs; a match sheet is pointed to `catalog accept`.
        let wrong = try cli.run(["catalog", "import", "m.csv", "--db", db])
        XCTAssertEqual(wrong.status, 2)
        XCTAssertTrue(wrong.stderr.contains("pricewatch catalog accept m.csv"), "\(wrong)")

        // A bad decision refuses the whole sheet, naming file and line.
        try sheet.replacingOccurrences(of: "\r\n,", with: "\r\nmaybe,").write(toFile: cli.path("bad.csv"), atomically: true, encoding: .utf8)
        let bad = try cli.run(["catalog", "accept", "bad.csv", "--db", db])
        XCTAssertEqual(bad.status, 2, "\(bad)")
        XCTAssertTrue(bad.stderr.contains("bad.csv:2: decision 'maybe' is neither accept nor reject"), "\(bad)")
        XCTAssertTrue(bad.stderr.contains("nothing applied"), "\(bad)")

        // The merchant rejects it: remembered, and never suggested again.
        try sheet.replacingOccurrences(of: "\r\n,", with: "\r\nreject,").write(toFile: cli.path("m.csv"), atomically: true, encoding: .utf8)
        let applied = try cli.run(["catalog", "accept", "m.csv", "--db", db])
        XCTAssertEqual(applied.status, 0, "\(applied)")
        XCTAssertTrue(applied.stdout.contains("0 pairs added to the catalog's matches, 1 rejected"), "\(applied)")
        let again = try cli.run(["catalog", "match", "--db", db, "--out", "m2.csv", "--accept-above", "0.5"])
        XCTAssertTrue(again.stdout.contains("0 suggested pairs") && again.stdout.contains("1 pairs you rejected before were left out"), "\(again)")

        // Accepting it after all: the pair joins the catalog's matches (catalog export shows it).
        try sheet.replacingOccurrences(of: "\r\n,", with: "\r\naccept,").write(toFile: cli.path("yes.csv"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try cli.run(["catalog", "accept", "yes.csv", "--db", db]).status, 0)
        XCTAssertEqual(try cli.run(["catalog", "export", "out.csv", "--db", db]).status, 0)
        let exported = try String(contentsOfFile: cli.path("out.csv"), encoding: .utf8)
        let row = exported.components(separatedBy: "\r\n").first { $0.hasPrefix("KET-1,") } ?? ""
        XCTAssertTrue(row.hasSuffix(shop.baseURL + "/p/1"), "matched by URL (the site key has a colon, which site:ID cannot carry): \(exported)")
    }
}
