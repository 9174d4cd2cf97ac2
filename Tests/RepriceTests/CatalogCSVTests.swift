import XCTest
import Model
@testable import Reprice

final class CatalogCSVTests: XCTestCase {
    func testGoodRowsImportAndBadRowsAreReportedWithLines() {
        let text = "\u{FEFF}" + #"""
        sku,title,currency,cost,current_price,min_price,max_price,shipping,fees_pct,strategy,tags,matches
        A1,"Kettle, 1.7 L ""steel""",USD,20.00,39.99,,59.99,4.99,15,match_lowest,kitchen,demo-us:US-1;https://shop.example/p/1
        A2,Toaster,usd,12,9.99x,,,,,,,
        A3,Grinder,EURO,10,20,,,,,,,
        A4,Lamp,USD,30,45,,25,,,,,
        A1,Dup,USD,1,2,,,,,,,
        A5,Mat,JPY,1000,1980,,,,8%,,,
        """#
        let (items, problems) = CatalogCSV.parse(text)
        XCTAssertEqual(items.map(\.sku), ["A1", "A5"])
        XCTAssertEqual(items[0].title, "Kettle, 1.7 L \"steel\"")
        XCTAssertEqual(items[0].feesFraction, Decimal(string: "0.15"))
        XCTAssertEqual(items[0].matches.count, 2)
        XCTAssertEqual(items[1].price.decimalText, "1980")
        XCTAssertEqual(problems.map(\.line), [3, 4, 5, 6])
        XCTAssertTrue(problems[0].message.contains("current_price '9.99x'"))
        XCTAssertTrue(problems[1].message.contains("ISO 4217"))
        XCTAssertTrue(problems[2].message.contains("below cost"))
        XCTAssertTrue(problems[3].message.contains("twice"))
    }

    func testMissingColumnsAreOneClearProblem() {
        let (items, problems) = CatalogCSV.parse("sku,title\nA,B\n")
        XCTAssertTrue(items.isEmpty)
        XCTAssertEqual(problems.first?.line, 1)
        XCTAssertTrue(problems.first?.message.contains("currency, cost, current_price") ?? false)
    }

    func testExportRoundTripsAndGuardsFormulas() {
        let text = "sku,title,currency,cost,current_price,min_price,max_price,shipping,fees_pct,strategy,tags,matches\nA1,\"=HYPERLINK(\"\"x\"\")\",USD,20.00,39.99,,59.99,4.99,15,,kitchen,demo-us:US-1\n"
        let (items, _) = CatalogCSV.parse(text)
        let out = CatalogCSV.write(items)
        XCTAssertTrue(out.contains("\"'=HYPERLINK(\"\"x\"\")\""))
        let parsedAgain = CatalogCSV.parse(out)
        XCTAssertEqual(parsedAgain.problems, [])
        var again = parsedAgain.items
        guard !again.isEmpty else { return XCTFail("export did not parse back:\n\(out)") }
        again[0].title = items[0].title
        XCTAssertEqual(again, items)
    }
}
