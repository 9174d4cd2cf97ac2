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
        XCTAssertEqual(parsedAgain.items, items, "the guard is undone on import:\n\(out)")
    }

    static let header = "sku,title,currency,cost,current_price,min_price,max_price,shipping,fees_pct,strategy,tags,matches"

    /// One row per audit finding: the sheet's row, and the problem expected on its line.
    func testRowsTheAuditFoundAreErrorsNamingTheirLine() {
        let rows: [(row: String, problem: String)] = [
            ("J1,Mat,JPY,100.5,1980,,,,,,,", "cost '100.5' has more decimals than JPY allows (none)"),
            ("J2,Mat,JPY,100,1980.5,,,,,,,", "current_price '1980.5' has more decimals than JPY allows (none)"),
            ("U1,Mug,USD,10.005,20,,,,,,,", "cost '10.005' has more decimals than USD allows (2)"),
            ("U2,Mug,USD,10,20,,,0.001,,,,", "shipping '0.001' has more decimals than USD allows (2)"),
            ("U3,Mug,USD,99999999999999999999,20,,,,,,,", "cost '99999999999999999999' is over 10 trillion USD: not an amount (digits run together?)"),
            ("S1,Mug,USD,10,20,,,,,match_lowst,,",
             "unknown strategy 'match_lowst' (did you mean 'match_lowest'?); one of match_lowest, beat_lowest, position, price_index, hold"),
            ("S2,Mug,USD,10,20,,,,,cheapest,,", "unknown strategy 'cheapest'; one of match_lowest, beat_lowest, position, price_index, hold"),
            ("M1,Mug,USD,10,20,,,,,,,demo-us", "matches entry 'demo-us' is neither site:ID (e.g. demo-us:US-1) nor an http(s) URL"),
            ("M2,Mug,USD,10,20,,,,,,,demo-us:US-1;:US-2", "matches entry ':US-2' is neither site:ID (e.g. demo-us:US-1) nor an http(s) URL"),
            ("M3,Mug,USD,10,20,,,,,,,demo-us:", "matches entry 'demo-us:' is neither site:ID (e.g. demo-us:US-1) nor an http(s) URL"),
        ]
        for r in rows {
            let (items, problems) = CatalogCSV.parse(Self.header + "\n" + r.row + "\n")
            XCTAssertEqual(items.map(\.sku), [], r.row)
            XCTAssertEqual(problems, [CatalogCSV.RowProblem(line: 2, message: r.problem)], r.row)
        }
        // Whole amounts written with zeros, a strategy in capitals and an empty match entry are fine.
        let (ok, none) = CatalogCSV.parse(Self.header + "\nJ3,Mat,JPY,100.00,1980,,,,,Match_Lowest,,demo-jp:JP-1; ;https://shop.example/p/1\n")
        XCTAssertEqual(none, [])
        XCTAssertEqual(ok.first?.cost, Money(minorUnits: 100, currency: "JPY"))
        XCTAssertEqual(ok.first?.matches.count, 2)
    }

    func testUnterminatedQuoteIsReportedWhereItOpened() {
        let text = Self.header + "\nA1,Kettle,USD,20,39.99,,,,,,,\nA2,\"Toaster,USD,12,19.99,,,,,,,\nA3,Lamp,USD,10,20,,,,,,,\nA4,,USD,10,20,,,,,,,\n"
        let (_, problems) = CatalogCSV.parse(text)
        XCTAssertEqual(problems, [CatalogCSV.RowProblem(line: 3, message: "unterminated quoted field (the quote opened here is never closed)")])
        let stray = CatalogCSV.parse(Self.header + "\nA1,Kettle,USD,20,39.99,,,,,,,\nA2,Toa\"ster,USD,12,19.99,,,,,,,\n").problems
        XCTAssertEqual(stray.map(\.line), [3])
        XCTAssertTrue(stray.first?.message.contains("quote inside an unquoted field") ?? false, "\(stray)")
    }

    func testLinesCountQuotedLineBreaksAndBlankLinesAreSkipped() {
        let text = Self.header + "\nA1,\"Kettle\n1.7 L\",USD,20,39.99,,,,,,,\n\nA2,Toaster,USD,12,x,,,,,,,\n"
        let (items, problems) = CatalogCSV.parse(text)
        XCTAssertEqual(items.map(\.title), ["Kettle\n1.7 L"])
        XCTAssertEqual(problems.map(\.line), [5])
    }

    func testSitesNoJobCrawlsAreWarningsNotErrors() {
        let sheet = CatalogCSV.check(Self.header + "\nA1,Kettle,USD,20,39.99,,,,,,,demo-us:US-1;demo-xx:XX-1;https://elsewhere.example/p\n",
                                     knownSites: ["demo-us", "demo-eu"])
        XCTAssertEqual(sheet.items.map(\.sku), ["A1"])
        XCTAssertEqual(sheet.problems, [])
        XCTAssertEqual(sheet.warnings, [CatalogCSV.RowProblem(line: 2, message: "site 'demo-xx' is not crawled by any job (jobs crawl demo-eu, demo-us)")])
        XCTAssertEqual(CatalogCSV.check(Self.header + "\nA1,Kettle,USD,20,39.99,,,,,,,demo-us:US-1\n", knownSites: ["demo-us"]).warnings, [])
    }
}
