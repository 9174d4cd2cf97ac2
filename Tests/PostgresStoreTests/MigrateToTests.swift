import Foundation
import XCTest
import Crawl
import DemoShop
import Model
import PostgresStore
import Store

/// `pricewatch db migrate-to`: a SQLite history (a real demo crawl, catalog, FX, an applied price
/// change, compacted days) copied into PostgreSQL reads back the same through the store interface.
final class MigrateToTests: XCTestCase {
    func testSQLiteHistoryCopiesIntoPostgresUnchanged() async throws {
        let url = try Backends.freshPostgresURL()
        let server = try DemoServer()
        try server.start()
        defer { server.stop() }
        let dir = NSTemporaryDirectory() + "pw-migrate-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = try PriceStore(path: dir + "/pw.sqlite")
        let runner = CrawlRunner(store: source, lockDirectory: dir + "/locks")
        for day in 0..<2 {
            server.setDay(day)
            var o = WorkerTests.options(server)
            let at = DemoWorld.date(ofDay: day).addingTimeInterval(12 * 3600)
            o.now = { at }
            _ = try await runner.run(try WorkerTests.job(.eu), options: o)
        }
        try source.importFX([FXRates.Rate(day: "2025-01-02", base: "EUR", quote: "USD", rate: Decimal(string: "1.0345")!)])
        let someListing = try XCTUnwrap(try source.listings().first)
        try source.replaceCatalog([CatalogRecord(sku: "OWN-1", title: "Ours", cost: Money(amount: 5, currency: "EUR"), price: Money(amount: Decimal(string: "9.90")!, currency: "EUR"),
                                                 matches: [(site: nil, externalID: nil, url: someListing.url)])])
        try source.applyPriceChanges([PriceChangeRecord(repriceRun: "rp", sku: "OWN-1", at: Date(timeIntervalSince1970: 1_750_000_000),
                                                        old: Money(amount: Decimal(string: "9.90")!, currency: "EUR"), new: Money(amount: Decimal(string: "9.50")!, currency: "EUR"), reason: "match")])
        // Fold the first day into daily rows, so the rollup table is copied too.
        XCTAssertGreaterThan(try source.compact(olderThan: DemoWorld.date(ofDay: 1)), 0)

        #if Postgres
        let target = try PostgresStore(url: url)
        let report = try target.copy(from: source)
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: report.rows.map { ($0.table, $0.rows) })["observations"],
                       try source.stats().rowsPerTable.first { $0.table == "observations" }?.rows)
        let rows = { (s: any PriceStoring) throws -> [String: Int] in
            Dictionary(uniqueKeysWithValues: try s.stats().rowsPerTable.filter { $0.table != "frontier" }.map { ($0.table, $0.rows) })
        }
        XCTAssertEqual(try rows(target), try rows(source))
        XCTAssertEqual(try WorkerTests.fingerprint(target), try WorkerTests.fingerprint(source))
        func history(_ s: any PriceStoring) throws -> [String] {
            try s.histories(since: nil, until: .distantFuture, site: nil).flatMap { h in
                h.observations.map { "\(h.listing.url) \(Int64(($0.observedAt.timeIntervalSince1970 * 1000).rounded())) \($0.price?.description ?? "-") \($0.sources.sorted { $0.key < $1.key })" }
            }
        }
        let (got, want) = (try history(target), try history(source))
        XCTAssertEqual(got.count, want.count)
        XCTAssertEqual(zip(got, want).first { $0 != $1 }.map { "\($0) vs \($1)" }, nil, "first differing observation")
        XCTAssertEqual(try target.reviews(listing: nil).map(\.dedupKeyText), try source.reviews(listing: nil).map(\.dedupKeyText))
        XCTAssertEqual(try target.catalog(), try source.catalog())
        XCTAssertEqual(try target.priceChanges(run: nil), try source.priceChanges(run: nil))
        XCTAssertEqual(try target.fxRates(), try source.fxRates())
        XCTAssertEqual(try target.runs(job: nil, limit: 10).map(\.statsJSON), try source.runs(job: nil, limit: 10).map(\.statsJSON))
        // New rows continue after the copied ids.
        let next = try target.beginRun(job: "after-copy", at: Date())
        XCTAssertGreaterThan(next, try source.runs(job: nil, limit: 1).first!.id)
        // A second copy into the same database is refused: nothing is duplicated.
        XCTAssertThrowsError(try target.copy(from: source)) { XCTAssertTrue("\($0)".contains("empty database"), "\($0)") }
        #endif
    }
}

extension ReviewRecord {
    /// What identifies a stored review and its content, for comparing two stores.
    var dedupKeyText: String {
        [siteReviewID ?? "-", rating.map { "\($0)" } ?? "-", postedAt.map { "\(Int($0.timeIntervalSince1970))" } ?? "-", language ?? "-", title ?? "-", body,
         helpfulVotes.map(String.init) ?? "-", verified.map { "\($0)" } ?? "-", author ?? "-", sentimentLabel ?? "-", aspects ?? "-"].joined(separator: "|")
    }
}
