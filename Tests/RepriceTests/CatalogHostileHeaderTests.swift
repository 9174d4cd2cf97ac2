import XCTest
@testable import Reprice

/// A header of very many columns (found by `make fuzz`): the CSV reader builds a dictionary over
/// every header column for every row, so 100k columns x 100k rows never finished. Such a sheet is
/// refused before it is read, with one problem on line 1.
final class CatalogHostileHeaderTests: XCTestCase {
    func testAHeaderOfVeryManyColumnsIsOneProblemOnLineOne() {
        let header = "sku,title,currency,cost,current_price" + String(repeating: ",x", count: 100_000)
        let text = header + "\nA1,Kettle,USD,20,39.99\n"
        let sheet = CatalogCSV.check(text)
        XCTAssertTrue(sheet.items.isEmpty)
        XCTAssertEqual(sheet.problems.map(\.line), [1])
        XCTAssertTrue(sheet.problems.first?.message.contains("at most \(CatalogCSV.maxColumns)") ?? false, "\(sheet.problems)")
    }

    func testAWideButRealisticHeaderIsStillRead() {
        // Extra columns up to the cap are kept for the merchant's own use and ignored by import.
        let extra = (0..<(CatalogCSV.maxColumns - 5)).map { ",note\($0)" }.joined()
        let text = "sku,title,currency,cost,current_price" + extra + "\n\"A1\",\"Kettle, \"\"steel\"\"\",USD,20,39.99\n"
        let sheet = CatalogCSV.check(text)
        XCTAssertEqual(sheet.problems, [])
        XCTAssertEqual(sheet.items.map(\.sku), ["A1"])
    }

    func testDelimitersInsideQuotedHeaderCellsAreNotColumns() {
        XCTAssertEqual(CatalogCSV.headerColumnCount("\"a,b\",c\nx,y,z", delimiter: ","), 2)
        XCTAssertEqual(CatalogCSV.headerColumnCount("a;b;c", delimiter: ";"), 3)
    }
}
