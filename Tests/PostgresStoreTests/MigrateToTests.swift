import Foundation
import GRDB
import XCTest
import Crawl
import DemoShop
import Model
@testable import PostgresStore
@testable import Store
import TestLogging

/// `pricewatch db migrate-to`: a SQLite history (a real demo crawl, catalog, FX, an applied price
/// change, compacted days) copied into PostgreSQL reads back the same through the store interface.
final class MigrateToTests: XCTestCase {
    override class func setUp() {
        super.setUp()
        TestLog.install()
    }

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
            Dictionary(uniqueKeysWithValues: try s.stats().rowsPerTable.filter { t in PriceStore.exportTables.contains { $0.table == t.table } }.map { ($0.table, $0.rows) })
        }
        XCTAssertEqual(try rows(target), try rows(source))
        XCTAssertEqual(try rows(target).count, PriceStore.exportTables.count, "every copied table counted")
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
        // The review-sync marks travel too, so the first worker run does not refetch every review page.
        let synced = { (s: any PriceStoring) throws in try s.reviewsSyncedCounts().sorted { ($0.site, $0.url) < ($1.site, $1.url) } }
        XCTAssertGreaterThan(try synced(source).count, 0)
        XCTAssertEqual(try synced(target), try synced(source))
        XCTAssertEqual(try target.runs(job: nil, limit: 10).map(\.statsJSON), try source.runs(job: nil, limit: 10).map(\.statsJSON))
        // The analyst views say the same on both backends.
        for (view, sql) in Self.viewQueries {
            let want = try source.read { db in try Row.fetchAll(db, sql: sql.sqlite).map { r in (0..<r.count).map { StoreValue(r[$0] as DatabaseValue).text ?? "NULL" }.joined(separator: "|") } }
            let got = try target.read { pg in try pg.rows(sql.postgres).map { r in try (0..<r.count).map { try r.text($0) ?? "NULL" }.joined(separator: "|") } }
            XCTAssertGreaterThan(want.count, 0, view)
            XCTAssertEqual(got.count, want.count, view)
            XCTAssertEqual(zip(got, want).first { $0 != $1 }.map { "\($0) vs \($1)" }, nil, "\(view): first differing row")
        }
        // New rows continue after the copied ids.
        let next = try target.beginRun(job: "after-copy", at: Date())
        XCTAssertGreaterThan(next, try source.runs(job: nil, limit: 1).first!.id)
        // A second copy into the same database is refused: nothing is duplicated.
        XCTAssertThrowsError(try target.copy(from: source)) { XCTAssertTrue("\($0)".contains("empty database"), "\($0)") }
        #endif
    }
}

extension MigrateToTests {
    /// The same question to each view on each backend, every column as text.
    static let viewQueries: [(String, (sqlite: String, postgres: String))] = [
        ("latest_observation", ("SELECT listing_id, site, price_minor, currency, availability, review_count FROM latest_observation ORDER BY listing_id",
                                "SELECT listing_id::text, site, price_minor::text, currency, availability, review_count::text FROM latest_observation v ORDER BY v.listing_id")),
        ("daily_price", ("SELECT listing_id, day, currency, last_minor, min_minor, max_minor, observations FROM daily_price ORDER BY listing_id, day",
                         "SELECT listing_id::text, day, currency, last_minor::text, min_minor::text, max_minor::text, observations::text FROM daily_price v ORDER BY v.listing_id, v.day")),
        ("price_history", ("SELECT day, product, site, listing_id, price_minor, currency FROM price_history ORDER BY listing_id, observed_at",
                           "SELECT day, product, site, listing_id::text, price_minor::text, currency FROM price_history v ORDER BY v.listing_id, v.observed_at")),
        ("weekly_reviews", ("SELECT listing_id, week, reviews, printf('%.4f', mean_rating) FROM weekly_reviews ORDER BY listing_id, week",
                            "SELECT listing_id::text, week, reviews::text, to_char(mean_rating, 'FM999990.0000') FROM weekly_reviews v ORDER BY v.listing_id, v.week")),
    ]
}

extension ReviewRecord {
    /// What identifies a stored review and its content, for comparing two stores.
    var dedupKeyText: String {
        [siteReviewID ?? "-", rating.map { "\($0)" } ?? "-", postedAt.map { "\(Int($0.timeIntervalSince1970))" } ?? "-", language ?? "-", title ?? "-", body,
         helpfulVotes.map(String.init) ?? "-", verified.map { "\($0)" } ?? "-", author ?? "-", sentimentLabel ?? "-", aspects ?? "-"].joined(separator: "|")
    }
}
