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

/// `pricewatch reprice --catalog` (the built binary) applies the policy: a dry run with a bad row
/// used to leave the row out and exit 0; now nothing is suggested and it exits 2.
final class RepriceCatalogCommandTests: XCTestCase {
    func testDryRunWithABadRowExits2() throws {
        let binary = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent().appendingPathComponent("pricewatch")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { throw XCTSkip("\(binary.path) not built (swift build --build-tests builds it)") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-catalog-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sheet = "sku,title,currency,cost,current_price\nK-1,Kettle,USD,10,20\nK-2,Toaster,USD,ten,20\n"
        try sheet.write(toFile: dir + "/catalog.csv", atomically: true, encoding: .utf8)
        let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Jobs/repricing.yml").path
        let child = Process()
        child.executableURL = binary
        child.arguments = ["reprice", "--catalog", dir + "/catalog.csv", "--rules", rules, "--jobs-dir", dir, "--db", dir + "/pw.sqlite", "--out", dir + "/r.csv"]
        let err = Pipe()
        child.standardError = err
        child.standardOutput = Pipe()
        try child.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        child.waitUntilExit()
        XCTAssertEqual(child.terminationStatus, 2, stderr)
        XCTAssertTrue(stderr.contains(dir + "/catalog.csv: line 3"), stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/r.csv"), "no suggestions written from a rejected sheet")
    }
}
