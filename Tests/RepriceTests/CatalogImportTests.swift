import Foundation
import Model
import Reprice
import Store
import XCTest

/// `catalog import` on a real SQLite file is all or nothing: a sheet with any bad row changes
/// nothing and lists every bad row; only a clean sheet replaces the catalog.
final class CatalogImportTests: XCTestCase {
    var dir: URL!
    var store: PriceStore!
    let header = "sku,title,currency,cost,current_price,min_price,max_price,shipping,fees_pct,strategy,tags,matches"

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try PriceStore(path: dir.appendingPathComponent("pw.sqlite").path)
        let rows = (1...12).map { "K-\($0),Kettle \($0),USD,20.00,39.99,,59.99,4.99,15,match_lowest,kitchen,demo-us:US-\($0)" }
        try CatalogCSV.importSheet(([header] + rows).joined(separator: "\n"), into: store, knownSites: ["demo-us"])
    }

    override func tearDownWithError() throws {
        store = nil
        try? FileManager.default.removeItem(at: dir)
    }

    func rejected(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [CatalogCSV.RowProblem] {
        let before = try store.catalog()
        XCTAssertEqual(before.count, 12, file: file, line: line)
        var problems: [CatalogCSV.RowProblem] = []
        XCTAssertThrowsError(try CatalogCSV.importSheet(text, into: store), file: file, line: line) { error in
            guard let r = error as? CatalogCSV.Rejected else { return XCTFail("\(error)", file: file, line: line) }
            problems = r.problems
        }
        XCTAssertEqual(try store.catalog(), before, "the catalog must be unchanged", file: file, line: line)
        return problems
    }

    func testAWrongHeaderChangesNothing() throws {
        let problems = try rejected("sku,titel,currency,cost,current_price\nK-1,Kettle,USD,20,39.99\n")
        XCTAssertEqual(problems.map(\.line), [1])
        XCTAssertTrue(problems[0].message.hasPrefix("missing column(s): title"), problems[0].message)
    }

    func testAllBadRowsChangeNothing() throws {
        XCTAssertEqual(try rejected(header + "\nK-1,Kettle,USD,20,x,,,,,,,\nK-2,,USD,20,39.99,,,,,,,\n").map(\.line), [2, 3])
        XCTAssertEqual(try rejected(header + "\n").map(\.message), ["no catalog rows (an empty sheet would empty the catalog)"])
    }

    func testNineBadRowsOfTwelveAreAllListedAndNothingShrinks() throws {
        var rows = (1...12).map { "N-\($0),New \($0),USD,20.00,41.99,,59.99,4.99,15,match_lowest,kitchen,demo-us:US-\($0)" }
        let bad = [
            "N-2,New 2,JPY,20.5,4199,,,,,,,", "N-3,New 3,USD,20,41.99,,,,,match_lowst,,", "N-4,New 4,USD,20,41.99,,,,,,,demo-us",
            "N-5,,USD,20,41.99,,,,,,,", "N-6,New 6,EURO,20,41.99,,,,,,,", "N-7,New 7,USD,20,4x,,,,,,,", "N-8,New 8,USD,50,60,,40,,,,,",
            "N-9,New 9,USD,20,41.99,,,,120,,,", "N-1,Dup,USD,20,41.99,,,,,,,",
        ]
        for (i, row) in bad.enumerated() { rows[i + 1] = row }
        let problems = try rejected(([header] + rows).joined(separator: "\n"))
        XCTAssertEqual(problems.map(\.line), Array(3...11))
        XCTAssertTrue(problems.allSatisfy { !$0.message.isEmpty })
    }

    func testACleanSheetReplacesTheCatalogAndWarnsAboutUnknownSites() throws {
        let sheet = try CatalogCSV.importSheet(header + "\nN-1,New,USD,20.00,41.99,,59.99,4.99,15,,,demo-us:US-1;demo-zz:ZZ-1\n", into: store, knownSites: ["demo-us"])
        XCTAssertEqual(try store.catalog().map(\.sku), ["N-1"])
        XCTAssertEqual(sheet.warnings.map(\.line), [2])
    }

    /// Issue 27: `catalog export` then `catalog import` turned the SKU `=X` into `'=X`. The export
    /// keeps the spreadsheet guard (a merchant opens it in a spreadsheet); the import undoes it, and
    /// a value that really starts with `'` survives both ways.
    func testExportThenImportKeepsHostileSKUsAndTitles() throws {
        let hostile = ["=X", "+1", "-2", "@A", "\tT", "'Q", "'=Y", "''=Z", "'+3", "'", "=1+1"]
        try store.replaceCatalog(hostile.enumerated().map { i, sku in
            var item = Fx.item(sku: sku)
            item.title = i == 0 ? "=HYPERLINK(\"http://x\",\"click\")" : "\(sku) kettle"
            item.tags = i == 1 ? ["=tag", "'kept"] : []
            return item
        })
        let before = try store.catalog()
        let exported = CatalogCSV.write(before)
        for guarded in ["'=X,", "'@A,", "'\tT,", "''=Y,", "'" + "''=Z,", "''+3,", "\"'=HYPERLINK("] {
            XCTAssertTrue(exported.contains(guarded), "a spreadsheet still sees the guard (\(guarded)):\n\(exported)")
        }
        try CatalogCSV.importSheet(exported, into: store)
        let after = try store.catalog()
        XCTAssertEqual(after.map(\.sku).sorted(), hostile.sorted())
        XCTAssertEqual(after, before, "a catalog round trip changes nothing")
        XCTAssertEqual(CatalogCSV.write(after), exported, "and exports the same sheet again")
    }
}
