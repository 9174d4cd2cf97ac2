import Foundation
import Model
import Reprice
import XCTest

/// The one catalog import policy (`CatalogCSV.accept`) that `catalog import`, `reprice --catalog`
/// and the demo call: all rows or nothing, and matches on sites no job crawls are warnings.
final class CatalogPolicyTests: XCTestCase {
    let header = "sku,title,currency,cost,current_price,min_price,max_price,shipping,fees_pct,strategy,tags,matches\n"

    func testABadRowRejectsTheWholeSheet() {
        let text = header + "K-1,Kettle,USD,10,20,,,,,,,demo-us:US-1\nK-2,Toaster,USD,ten,20,,,,,,,\n"
        XCTAssertThrowsError(try CatalogCSV.accept(text, knownSites: ["demo-us"])) { error in
            XCTAssertEqual((error as? CatalogCSV.Rejected)?.problems.map(\.line), [3])
        }
    }

    func testUnknownSiteIsAWarning() throws {
        let sheet = try CatalogCSV.accept(header + "K-1,Kettle,USD,10,20,,,,,,,demo-xx:US-1\n", knownSites: ["demo-us"])
        XCTAssertEqual(sheet.items.map(\.sku), ["K-1"])
        XCTAssertEqual(sheet.warnings.count, 1)
    }

    /// The demo imports Jobs/catalog.csv with this policy: it must import cleanly.
    func testTheDemoCatalogImportsCleanly() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("Jobs/catalog.csv").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw XCTSkip("\(path) not found") }
        let sheet = try CatalogCSV.accept(text, knownSites: ["demo-us", "demo-eu", "demo-cn", "demo-br", "demo-jp"])
        XCTAssertFalse(sheet.items.isEmpty)
        XCTAssertEqual(sheet.warnings, [])
    }
}
