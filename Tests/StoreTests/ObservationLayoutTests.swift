import XCTest
import GRDB
import Model
@testable import Store

/// The append-only observations table (v4): the upgrade keeps every stored value, and the
/// `listing_latest` pointers and rewritten views answer exactly what the v3 definitions answered,
/// through batches (times out of order, equal times), deletes, updates and compaction.
final class ObservationLayoutTests: XCTestCase {
    var dir: String!
    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "pw-layout-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }
    var dbPath: String { dir + "/pricewatch.sqlite" }

    /// The v3 view definitions, verbatim, as the reference for what the views mean.
    static let v3LatestSQL = """
        SELECT s.key AS site, l.id AS listing_id, l.url, l.title, l.sku, o.observed_at,
               o.price_minor, o.currency, o.list_price_minor, o.availability, o.sales_count, o.sales_window,
               o.rating, o.review_count
        FROM observations o
        JOIN listings l ON l.id = o.listing_id
        JOIN sites s ON s.id = l.site_id
        WHERE o.id = (SELECT o2.id FROM observations o2 WHERE o2.listing_id = o.listing_id ORDER BY o2.observed_at DESC, o2.id DESC LIMIT 1)
        """
    static let v3DailySQL = """
        SELECT listing_id, day, currency,
               (SELECT o2.price_minor FROM observations o2 WHERE o2.listing_id = g.listing_id AND substr(o2.observed_at, 1, 10) = g.day AND o2.price_minor IS NOT NULL ORDER BY o2.observed_at DESC LIMIT 1) AS last_minor,
               min_minor, max_minor, observations
        FROM (SELECT listing_id, substr(observed_at, 1, 10) AS day, currency, MIN(price_minor) AS min_minor, MAX(price_minor) AS max_minor, COUNT(*) AS observations
              FROM observations WHERE price_minor IS NOT NULL GROUP BY listing_id, day, currency) g
        UNION ALL
        SELECT listing_id, day, currency, last_minor, min_minor, max_minor, observations FROM daily_rollup
        """
    static let referenceLatestSQL = """
        SELECT o.listing_id, o.id FROM observations o
        WHERE o.id = (SELECT o2.id FROM observations o2 WHERE o2.listing_id = o.listing_id ORDER BY o2.observed_at DESC, o2.id DESC LIMIT 1)
        ORDER BY o.listing_id
        """

    /// Every row of a query as text, sorted: views have no defined order.
    func rows(_ db: Database, _ sql: String) throws -> [String] {
        try Row.fetchAll(db, sql: sql).map { r in r.databaseValues.map { "\($0)" }.joined(separator: "|") }.sorted()
    }

    /// Observations written the v3 way (raw SQL against the v3 schema), with NULLs, equal times,
    /// rows inserted out of time order, two currencies on one day and a compacted day.
    func fillV3(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO sites (id, key, created_at) VALUES (1, 'demo-us', '2026-01-01 00:00:00.000'), (2, 'demo-jp', '2026-01-01 00:00:00.000');
            INSERT INTO listings (id, site_id, url, title, sku, gtin, first_seen, last_seen) VALUES
                (1, 1, 'http://127.0.0.1/us/p/1', 'Kettle', 'SKU-1', NULL, '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000'),
                (2, 2, 'http://127.0.0.1/jp/p/2', 'ケトル', NULL, '4974305214', '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000'),
                (3, 1, 'http://127.0.0.1/us/p/3', NULL, NULL, NULL, '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000');
            INSERT INTO runs (id, job, started_at, status) VALUES (1, 'demo-us', '2026-01-02 00:00:00.000', 'ok');
            INSERT INTO daily_rollup VALUES (1, '2025-06-01', 'USD', 999, 950, 1010, 'InStock', 7);
            """)
        let insert = """
            INSERT INTO observations (listing_id, run_id, observed_at, price_minor, currency, list_price_minor, shipping_minor,
                tax_included, availability, sales_count, sales_window, sales_lower_bound, rating, review_count, sources, missing)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        let values: [[DatabaseValueConvertible?]] = [
            [1, 1, "2026-01-02 10:00:00.000", 1999, "USD", 2499, 0, 0, "InStock", 120, "month", 1, "4.5", 88, "price=css;rating=json-ld", nil],
            [1, 1, "2026-01-02 18:00:00.000", 1899, "USD", nil, nil, nil, "InStock", nil, nil, nil, nil, nil, nil, nil],
            [1, nil, "2026-01-02 12:00:00.000", 2099, "USD", nil, nil, nil, "OutOfStock", nil, nil, nil, nil, nil, nil, nil],  // late arrival
            [1, 1, "2026-01-03 09:00:00.000", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, "price=no match for css span.price"],
            [2, 1, "2026-01-02 10:00:00.000", 12800, "JPY", 14800, 0, 1, "LimitedAvailability", 1000, "total", 1, "4.35", 1234, "price=json-ld", nil],
            [2, 1, "2026-01-02 10:00:00.000", 12700, "JPY", nil, nil, nil, "InStock", nil, nil, nil, nil, nil, nil, nil],  // same time: later id wins
            [2, 1, "2026-01-02 11:00:00.000", 9000, "USD", nil, nil, nil, "InStock", nil, nil, nil, nil, nil, nil, nil],  // second currency that day
            [3, 1, "2026-01-01 08:00:00.000", 500, "USD", nil, nil, nil, "PreOrder", 3, "day", 0, "0", 0, nil, nil],
        ]
        for v in values { try db.execute(sql: insert, arguments: StatementArguments(v)) }
    }

    func testUpgradeFromV3KeepsEveryObservationAndWhatTheViewsSay() throws {
        let q = try DatabaseQueue(path: dbPath)
        try Schema.migrator.migrate(q, upTo: "v3-rollup-and-views")
        try q.write(fillV3)
        let views = ["latest_observation", "daily_price", "price_history", "weekly_reviews"]
        func columns(_ db: Database) throws -> [[String]] { try views.map { try db.columns(in: $0).map(\.name) } }
        let columnsBefore = try q.read(columns)
        let before = try q.read { db in
            (try rows(db, "SELECT * FROM observations"), try rows(db, "SELECT * FROM latest_observation"),
             try rows(db, "SELECT * FROM daily_price"), try rows(db, "SELECT * FROM price_history"))
        }
        try q.close()
        XCTAssertEqual(before.0.count, 8)

        let store = try PriceStore(path: dbPath)
        let applied = try store.appliedMigrations()
        XCTAssertTrue(applied.contains("v4-observations-append-only"), "\(applied)")
        XCTAssertEqual(applied.last, Schema.migrator.migrations.last, "upgraded to the latest schema")
        XCTAssertEqual(try store.integrityProblems(), [])
        let after = try DatabaseQueue(path: dbPath).read { db in
            (try rows(db, "SELECT * FROM observations"), try rows(db, "SELECT * FROM latest_observation"),
             try rows(db, "SELECT * FROM daily_price"), try rows(db, "SELECT * FROM price_history"))
        }
        XCTAssertEqual(try DatabaseQueue(path: dbPath).read(columns), columnsBefore, "the views keep their columns")
        XCTAssertEqual(after.0, before.0, "every observation row, id and value survives")
        XCTAssertEqual(after.1, before.1, "latest_observation")
        XCTAssertEqual(after.2, before.2, "daily_price")
        XCTAssertEqual(after.3, before.3, "price_history")
        XCTAssertEqual(after.1.count, 3)

        // Through the API: the late arrival does not count as latest; the same-time row with the higher id does.
        let latest = Dictionary(uniqueKeysWithValues: try store.latestObservations().map { ($0.listing.id!, $0.observation) })
        XCTAssertEqual(latest[1]?.price, nil)
        XCTAssertEqual(latest[1]?.missing, ["price": "no match for css span.price"])
        XCTAssertEqual(latest[2]?.price, Money(minorUnits: 9000, currency: "USD"))
        XCTAssertEqual(latest[3]?.sales, SalesCount(count: 3, window: .day, isLowerBound: false))
        let history = try store.histories()
        XCTAssertEqual(history.map { $0.observations.count }, [4 + 1, 3, 1], "listing 1 has its compacted day too")
        XCTAssertEqual(history[0].observations.map { $0.price?.minorUnits }, [999, 1999, 2099, 1899, nil], "time order, late arrival in place")
        XCTAssertEqual(history[1].observations.map { $0.price?.minorUnits }, [12800, 12700, 9000], "equal times keep insertion order")

        // New writes after the upgrade keep the pointers current.
        var batch = CrawlBatch()
        batch.observations = [ObservationRecord(listingID: 3, runID: nil, observedAt: SQLDate.date("2026-01-04 00:00:00.000")!,
                                                price: Money(minorUnits: 450, currency: "USD"))]
        try store.write(batch, run: nil)
        XCTAssertEqual(try store.latestObservations(site: "demo-us").first?.observation.price, Money(minorUnits: 450, currency: "USD"))
    }

    func testLatestPointersFollowInsertsDeletesUpdatesAndCompaction() throws {
        let store = try PriceStore(path: dbPath)
        let ids = try (0..<6).map { try store.upsertListing(ListingRecord(site: "s\($0 % 2)", url: "http://127.0.0.1/p/\($0)")) }
        let q = try DatabaseQueue(path: dbPath)
        func check(_ step: String, file: StaticString = #filePath, line: UInt = #line) throws {
            try q.read { db in
                let pointers = try rows(db, "SELECT listing_id, observation_id FROM listing_latest")
                XCTAssertEqual(pointers, try rows(db, Self.referenceLatestSQL), step, file: file, line: line)
                XCTAssertEqual(try rows(db, "SELECT * FROM latest_observation"), try rows(db, Self.v3LatestSQL), step, file: file, line: line)
                // v3 left the pick among equal times open; ties go to the later row, as for the latest observation.
                let daily = Self.v3DailySQL.replacingOccurrences(of: "ORDER BY o2.observed_at DESC LIMIT 1", with: "ORDER BY o2.observed_at DESC, o2.id DESC LIMIT 1")
                XCTAssertEqual(try rows(db, "SELECT * FROM daily_price"), try rows(db, daily), step, file: file, line: line)
            }
        }
        // A fixed pseudo-random sequence: times jump back and forth over ten days, some repeat exactly.
        var seed: UInt64 = 0x5eed
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int((seed >> 33) % UInt64(n)) }
        let base = SQLDate.date("2026-03-01 00:00:00.000")!
        for round in 0..<20 {
            var batch = CrawlBatch()
            batch.observations = (0..<(round % 3 == 0 ? 123 : 25)).map { _ in
                ObservationRecord(listingID: ids[next(ids.count)], runID: nil, observedAt: base.addingTimeInterval(Double(next(40)) * 6 * 3600),
                                  price: next(5) == 0 ? nil : Money(minorUnits: Int64(100 + next(50) * 10), currency: next(7) == 0 ? "EUR" : "USD"))
            }
            try store.write(batch, run: nil)
            try check("after batch \(round)")
        }
        // Delete the current latest of two listings: the next newest takes over.
        try q.write { db in
            try db.execute(sql: "DELETE FROM observations WHERE id IN (SELECT observation_id FROM listing_latest WHERE listing_id IN (?, ?))", arguments: [ids[0], ids[3]])
        }
        try check("after deleting latest rows")
        // Move an old observation into the future, and another to a different listing.
        try q.write { db in
            let old = try Int64.fetchOne(db, sql: "SELECT MIN(id) FROM observations WHERE listing_id = ?", arguments: [ids[1]])!
            try db.execute(sql: "UPDATE observations SET observed_at = '2027-01-01 00:00:00.000' WHERE id = ?", arguments: [old])
            let moved = try Int64.fetchOne(db, sql: "SELECT observation_id FROM listing_latest WHERE listing_id = ?", arguments: [ids[2]])!
            try db.execute(sql: "UPDATE observations SET listing_id = ? WHERE id = ?", arguments: [ids[4], moved])
        }
        try check("after updates")
        XCTAssertEqual(try store.latestObservations().first?.observation.observedAt, SQLDate.date("2027-01-01 00:00:00.000"))
        // Compaction of the first five days: listings whose observations all went have no latest row.
        let folded = try store.compact(olderThan: base.addingTimeInterval(5 * 86_400))
        XCTAssertGreaterThan(folded, 0)
        try check("after compaction")
        XCTAssertEqual(try store.integrityProblems(), [])
        // A row inserted by hand, past the writer, leaves the pointer behind: `db check` says so.
        try q.write { db in
            try db.execute(sql: "INSERT INTO observations (listing_id, observed_at, price_minor, currency) VALUES (?, '2030-01-01 00:00:00.000', 1, 'USD')",
                           arguments: [ids[5]])
        }
        let problems = try store.integrityProblems()
        XCTAssertEqual(problems.count, 1)
        XCTAssertTrue(problems.first?.hasPrefix("listing_latest: 1 listing(s)") == true, "\(problems)")
    }

    func testRowsAreStoredInBatchOrderWithEveryValue() throws {
        let store = try PriceStore(path: dbPath)
        let l = try store.upsertListing(ListingRecord(site: "s", url: "http://127.0.0.1/p"))
        let at = Date(timeIntervalSince1970: 1_795_000_000.5)
        // 50-row statements and single rows after them (123 = 2 x 50 + 23), all at one time.
        var batch = CrawlBatch()
        batch.observations = (0..<123).map { (i: Int) -> ObservationRecord in
            let currency = i % 2 == 0 ? "USD" : "EUR"
            let tax: Bool? = i % 3 == 0 ? nil : i % 3 == 1
            let availability: Availability? = i % 4 == 0 ? nil : .inStock
            let sales: SalesCount? = i % 5 == 0 ? nil : SalesCount(count: Int64(i), window: .month, isLowerBound: i % 2 == 0)
            let rating: Decimal? = i % 6 == 0 ? nil : Decimal(i % 50) / 10
            let sources: [String: String] = i % 7 == 0 ? [:] : ["price": "css \(i % 2)"]
            let missing: [String: String] = i % 7 == 0 ? ["price": "none;here"] : [:]
            return ObservationRecord(listingID: l, runID: nil, observedAt: at, price: Money(minorUnits: Int64(i), currency: currency),
                                     taxIncluded: tax, availability: availability, sales: sales, rating: rating, reviewCount: Int64(i),
                                     sources: sources, missing: missing)
        }
        try store.write(batch, run: nil)
        var expected = batch.observations
        for i in expected.indices where !expected[i].missing.isEmpty { expected[i].missing = ["price": "none,here"] }  // ';' separates fields
        XCTAssertEqual(try store.histories()[0].observations, expected)
        XCTAssertEqual(try store.latestObservations().first?.observation.price?.minorUnits, 122, "the batch's last row of equal time is the latest")
    }

    func testLatestQueryIsPointLookupsNotAScan() throws {
        _ = try PriceStore(path: dbPath)
        let detail = try DatabaseQueue(path: dbPath).read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT * FROM latest_observation").map { $0["detail"] as String }
        }
        XCTAssertFalse(detail.contains { $0.hasPrefix("SCAN o") }, "\(detail)")
        XCTAssertTrue(detail.contains { $0.contains("SEARCH o USING INTEGER PRIMARY KEY") }, "\(detail)")
    }
}
