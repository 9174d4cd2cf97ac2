import XCTest
import GRDB
import Model
@testable import Store

final class PriceStoreTests: XCTestCase {
    var dir: String!
    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "pw-store-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }
    var dbPath: String { dir + "/pricewatch.sqlite" }
    func d(_ s: String) -> Decimal { Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))! }

    func testMigratesFromEmptyAndFromEveryEarlierVersion() throws {
        let all = Schema.migrator.migrations
        XCTAssertEqual(try PriceStore(path: dbPath).appliedMigrations(), all)
        for (i, step) in all.enumerated().dropLast() {
            let path = dir + "/v\(i).sqlite"
            let q = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(q, upTo: step)
            try q.close()
            let store = try PriceStore(path: path)
            XCTAssertEqual(try store.appliedMigrations(), all, "upgrade from \(step)")
            XCTAssertEqual(try store.integrityProblems(), [])
        }
    }

    func testReadOnlyOpenReadsButNeverWritesOrUpgrades() throws {
        let store = try PriceStore(path: dbPath)
        let run = try store.beginRun(job: "j")
        try store.finishRun(run, status: .ok, statsJSON: nil, alarmsJSON: nil)
        let ro = try PriceStore(path: dbPath, readOnly: true)
        XCTAssertEqual(try ro.runs(job: "j").map(\.id), [run])
        XCTAssertThrowsError(try ro.beginRun(job: "j"), "a read-only store refuses writes")
        XCTAssertEqual(try store.runs(job: "j").count, 1)

        // An older file is refused (a read-only open cannot upgrade it), and a non-database too.
        let old = dir + "/old.sqlite"
        let q = try DatabaseQueue(path: old)
        try Schema.migrator.migrate(q, upTo: Schema.migrator.migrations[0])
        try q.close()
        XCTAssertThrowsError(try PriceStore(path: old, readOnly: true)) { XCTAssertTrue("\($0)".contains("older pricewatch"), "\($0)") }
        XCTAssertEqual(try DatabaseQueue(path: old).read { try Schema.migrator.appliedMigrations($0) }, [Schema.migrator.migrations[0]])
        let empty = dir + "/empty.sqlite"
        try DatabaseQueue(path: empty).close()
        XCTAssertThrowsError(try PriceStore(path: empty, readOnly: true)) { XCTAssertTrue("\($0)".contains("not a pricewatch database"), "\($0)") }
    }

    func testNewerDatabaseIsRefusedWithAClearMessage() throws {
        _ = try PriceStore(path: dbPath)
        let q = try DatabaseQueue(path: dbPath)
        try q.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
        try q.close()
        XCTAssertThrowsError(try PriceStore(path: dbPath)) { error in
            XCTAssertTrue("\(error)".contains("newer pricewatch"), "\(error)")
            XCTAssertTrue("\(error)".contains("v99-future"), "\(error)")
        }
    }

    func testEveryObservationFieldRoundTripsExactly() throws {
        let store = try PriceStore(path: dbPath)
        let listing = try store.upsertListing(ListingRecord(site: "demo-jp", url: "http://127.0.0.1/jp/p/1", externalID: "J1", title: "ケトル", brand: "Zojirushi", gtin: "4974305214"))
        let run = try store.beginRun(job: "demo-jp")
        let at = Date(timeIntervalSince1970: 1_795_000_000.125)
        let obs = ObservationRecord(listingID: listing, runID: run, observedAt: at,
                                    price: Money(amount: d("12800"), currency: "JPY"), listPrice: Money(amount: d("14800"), currency: "JPY"),
                                    shipping: Money(amount: d("0"), currency: "JPY"), taxIncluded: true, availability: .limitedAvailability,
                                    sales: SalesCount(count: 1000, window: .total, isLowerBound: true), rating: d("4.35"), reviewCount: 1234,
                                    sources: ["price": "css", "rating": "json-ld"], missing: ["seller": "no match for css .seller"])
        var batch = CrawlBatch()
        batch.observations = [obs]
        try store.write(batch, run: run)
        let back = try XCTUnwrap(store.histories().first?.observations.first)
        XCTAssertEqual(back, obs)
        XCTAssertEqual(try store.latestObservations().first?.observation, obs)
        XCTAssertEqual(try store.listing(id: listing)?.title, "ケトル")
        XCTAssertEqual(try store.latestObservations().first?.listing, try store.listing(id: listing))
        XCTAssertEqual(try store.latestObservations().first?.listing.gtin, "4974305214")
    }

    func testMoneyIsExactNeverBinaryFloat() throws {
        let store = try PriceStore(path: dbPath)
        let listing = try store.upsertListing(ListingRecord(site: "s", url: "http://127.0.0.1/p"))
        var batch = CrawlBatch()
        let cases: [(String, String)] = [("0.1", "USD"), ("0.2", "USD"), ("0.3", "USD"), ("1299.90", "BRL"), ("12.345", "KWD"), ("99999999.99", "EUR")]
        batch.observations = cases.enumerated().map { i, c in
            ObservationRecord(listingID: listing, runID: nil, observedAt: Date(timeIntervalSince1970: Double(1_795_000_000 + i)), price: Money(amount: d(c.0), currency: c.1))
        }
        try store.write(batch, run: nil)
        let prices = try store.histories()[0].observations.map { $0.price! }
        XCTAssertEqual(prices.map(\.amount), cases.map { d($0.0) })
        XCTAssertEqual(prices[0].amount + prices[1].amount, prices[2].amount, "0.1 + 0.2 == 0.3 exactly")
        XCTAssertEqual(prices[4].decimalText, "12.345")
    }

    func testABatchWithAnUnknownListingIsRejectedWholeAndTheStoreStaysUsable() throws {
        let store = try PriceStore(path: dbPath)
        let l = try store.upsertListing(ListingRecord(site: "s", url: "http://127.0.0.1/p"))
        let at = Date(timeIntervalSince1970: 1_795_000_000)
        var bad = CrawlBatch()
        bad.observations = [ObservationRecord(listingID: l, runID: nil, observedAt: at, price: Money(amount: 1, currency: "USD")),
                            ObservationRecord(listingID: l + 999, runID: nil, observedAt: at, price: Money(amount: 2, currency: "USD"))]
        XCTAssertThrowsError(try store.write(bad, run: nil)) { error in
            XCTAssertTrue("\(error)".contains("FOREIGN KEY"), "\(error)")
        }
        XCTAssertEqual(try store.histories()[0].observations.count, 0, "nothing of the failed batch")
        XCTAssertEqual(try store.latestObservations().count, 0)
        var good = CrawlBatch()
        good.observations = [ObservationRecord(listingID: l, runID: nil, observedAt: at, price: Money(amount: 3, currency: "USD"))]
        try store.write(good, run: nil)
        XCTAssertEqual(try store.latestObservations().first?.observation.price?.amount, 3)
    }

    func testReviewsAreDeduplicatedByIdElseByContent() throws {
        let store = try PriceStore(path: dbPath)
        let l = try store.upsertListing(ListingRecord(site: "s", url: "http://127.0.0.1/p"))
        let a = ReviewRecord(listingID: l, siteReviewID: "R1", rating: 5, postedAt: Date(), language: "en", title: "Great", body: "Works well", author: "Ann")
        let noID = ReviewRecord(listingID: l, siteReviewID: nil, rating: 2, postedAt: nil, language: "en", title: nil, body: "Arrived broken", author: "Bob")
        XCTAssertEqual(try store.insertReviews([a, noID]), 2)
        var again = a
        again.body = "Works well (edited)"
        XCTAssertEqual(try store.insertReviews([again, noID]), 0, "same id, same content: nothing new")
        var other = noID
        other.author = "Cy"
        XCTAssertEqual(try store.insertReviews([other]), 1, "same text by another author is another review")
        let stored = try store.reviews(listing: l)
        XCTAssertEqual(stored.count, 3)
        XCTAssertFalse(stored.contains { $0.author == "Ann" || $0.author == "Bob" }, "authors are stored hashed")
    }

    func testFrontierResumesAndIgnoresDuplicates() throws {
        let store = try PriceStore(path: dbPath)
        let run = try store.beginRun(job: "j")
        XCTAssertEqual(try store.enqueue(run: run, [FrontierItem(url: "http://h/a", site: "s", kind: "listing", depth: 0),
                                                    FrontierItem(url: "http://h/b", site: "s", kind: "product", depth: 1)]), 2)
        XCTAssertEqual(try store.enqueue(run: run, [FrontierItem(url: "http://h/a", site: "s", kind: "listing", depth: 0)]), 0)
        var batch = CrawlBatch()
        batch.finished = [("http://h/a", "done")]
        batch.discovered = [FrontierItem(url: "http://h/c", site: "s", kind: "product", depth: 1)]
        try store.write(batch, run: run)
        XCTAssertEqual(try store.pendingFrontier(run: run).map(\.url), ["http://h/b", "http://h/c"])
    }

    func testRunsLifecycleAndAbandonedRuns() throws {
        let store = try PriceStore(path: dbPath)
        let r1 = try store.beginRun(job: "j")
        try store.finishRun(r1, status: .ok, statsJSON: "{}", alarmsJSON: nil)
        let r2 = try store.beginRun(job: "j")
        XCTAssertEqual(try store.lastCompletedRun(job: "j")?.id, r1)
        XCTAssertEqual(try store.markAbandoned(job: "j"), [r2])
        XCTAssertEqual(try store.resumableRun(job: "j")?.id, r2)
        XCTAssertEqual(try store.runs(job: "j").first?.status, .incomplete)
    }

    func testReaderSeesConsistentSnapshotsWhileAWriterInserts() throws {
        let store = try PriceStore(path: dbPath)
        let l = try store.upsertListing(ListingRecord(site: "s", url: "http://127.0.0.1/p"))
        let writer = Thread {
            for b in 0..<50 {
                var batch = CrawlBatch()
                batch.observations = (0..<100).map { i in
                    ObservationRecord(listingID: l, runID: nil, observedAt: Date(timeIntervalSince1970: Double(1_795_000_000 + b * 100 + i)), price: Money(amount: 10, currency: "USD"))
                }
                try? store.write(batch, run: nil)
            }
        }
        writer.start()
        var counts: [Int] = []
        while counts.last != 5000 {
            let n = try store.histories()[0].observations.count
            XCTAssertEqual(n % 100, 0, "a reader never sees half a batch")
            counts.append(n)
            if counts.count > 100_000 { break }
        }
        XCTAssertEqual(counts.last, 5000)
        XCTAssertEqual(counts, counts.sorted())
    }

    func testCompactionKeepsDailyMinMaxAndLast() throws {
        let store = try PriceStore(path: dbPath)
        let l = try store.upsertListing(ListingRecord(site: "s", url: "http://127.0.0.1/p"))
        let day = 1_700_006_400.0  // 2023-11-15 00:00 UTC
        var batch = CrawlBatch()
        batch.observations = [("10.00", 3600.0), ("8.00", 7200), ("12.00", 10800), ("9.50", 14400)].map {
            ObservationRecord(listingID: l, runID: nil, observedAt: Date(timeIntervalSince1970: day + $0.1), price: Money(amount: d($0.0), currency: "EUR"), availability: .inStock)
        }
        batch.observations.append(ObservationRecord(listingID: l, runID: nil, observedAt: Date(), price: Money(amount: d("11.00"), currency: "EUR")))
        try store.write(batch, run: nil)
        XCTAssertEqual(try store.compact(olderThan: Date().addingTimeInterval(-86_400 * 180)), 4)
        let row = try DatabaseQueue(path: dbPath).read { try Row.fetchOne($0, sql: "SELECT last_minor, min_minor, max_minor, observations FROM daily_rollup") }
        XCTAssertEqual(row?[0] as Int64?, 950)
        XCTAssertEqual(row?[1] as Int64?, 800)
        XCTAssertEqual(row?[2] as Int64?, 1200)
        XCTAssertEqual(row?[3] as Int64?, 4)
        let history = try store.histories()[0].observations
        XCTAssertEqual(history.map { $0.price?.amount }, [d("9.5"), d("11")])
        XCTAssertEqual(try DatabaseQueue(path: dbPath).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM daily_price") }, 2)
    }

    func testBackupIsAConsistentCopyAndStatsCount() throws {
        let store = try PriceStore(path: dbPath)
        let l = try store.upsertListing(ListingRecord(site: "s", url: "http://127.0.0.1/p"))
        var batch = CrawlBatch()
        batch.observations = [ObservationRecord(listingID: l, runID: nil, observedAt: Date(), price: Money(amount: 1, currency: "USD"))]
        try store.write(batch, run: nil)
        try store.backup(to: dir + "/copy.sqlite")
        let copy = try PriceStore(path: dir + "/copy.sqlite")
        XCTAssertEqual(try copy.histories()[0].observations.count, 1)
        XCTAssertEqual(try copy.integrityProblems(), [])
        XCTAssertThrowsError(try store.backup(to: dir + "/copy.sqlite"), "never overwrites")
        let stats = try store.stats()
        XCTAssertEqual(stats.rowsPerTable.first { $0.table == "observations" }?.rows, 1)
        XCTAssertNotNil(stats.firstObservation)
        XCTAssertGreaterThan(stats.fileBytes, 0)
    }

    func testCatalogPriceChangesAndUndo() throws {
        let store = try PriceStore(path: dbPath)
        let l = try store.upsertListing(ListingRecord(site: "demo-us", url: "http://127.0.0.1/us/p/7", externalID: "US-7"))
        let item = CatalogRecord(sku: "SKU-7", title: "Kettle", cost: Money(amount: d("20"), currency: "USD"), price: Money(amount: d("39.99"), currency: "USD"),
                                 maxPrice: Money(amount: d("59.99"), currency: "USD"), feesFraction: d("0.15"), tags: ["kitchen"],
                                 matches: [(site: "demo-us", externalID: "US-7", url: nil)])
        try store.replaceCatalog([item])
        XCTAssertEqual(try store.catalog(), [item])
        XCTAssertEqual(try store.listing(id: l)?.sku, "SKU-7")
        try store.applyPriceChanges([PriceChangeRecord(repriceRun: "rp-1", sku: "SKU-7", at: Date(), old: item.price, new: Money(amount: d("37.99"), currency: "USD"), reason: "match lowest")])
        XCTAssertEqual(try store.catalog()[0].price.amount, d("37.99"))
        let undone = try store.undoPriceRun("rp-1")
        XCTAssertEqual(undone.count, 1)
        XCTAssertEqual(try store.catalog()[0].price.amount, d("39.99"))
        XCTAssertThrowsError(try store.undoPriceRun("rp-1"))
    }

    /// A listing's review count is trusted (synced) only when its review pages in that run all came
    /// back: none failed, none left pending (stopped run), and the observation is the run's.
    func testReviewsSyncedOnlyWhenEveryReviewPageOfTheRunIsDone() throws {
        let store = try PriceStore(path: dbPath)
        let t0 = Date(timeIntervalSince1970: 1_780_000_000)
        let run = try store.beginRun(job: "j", at: t0)
        let products = ["https://s.example/p/ok", "https://s.example/p/failed", "https://s.example/p/pending", "https://s.example/p/none"]
        var items = products.map { FrontierItem(url: $0, site: "s", kind: "product", depth: 0) }
        items += [
            FrontierItem(url: "https://s.example/r/ok/1", site: "s", kind: "reviews", depth: 1, parent: products[0]),
            FrontierItem(url: "https://s.example/r/ok/2", site: "s", kind: "reviews", depth: 1, parent: products[0]),
            FrontierItem(url: "https://s.example/r/failed/1", site: "s", kind: "reviews", depth: 1, parent: products[1]),
            FrontierItem(url: "https://s.example/r/failed/2", site: "s", kind: "reviews", depth: 1, parent: products[1]),
            FrontierItem(url: "https://s.example/r/pending/1", site: "s", kind: "reviews", depth: 1, parent: products[2]),
        ]
        try store.enqueue(run: run, items)
        var batch = CrawlBatch()
        for (i, url) in products.enumerated() {
            batch.listings.append(ListingUpdate(listing: ListingRecord(site: "s", url: url),
                                                observation: ObservationRecord(listingID: 0, runID: run, observedAt: t0, reviewCount: Int64(10 + i))))
            batch.finished.append((url, "done"))
        }
        batch.finished += [("https://s.example/r/ok/1", "done"), ("https://s.example/r/ok/2", "done"),
                           ("https://s.example/r/failed/1", "done"), ("https://s.example/r/failed/2", "failed")]
        try store.write(batch, run: run)
        XCTAssertEqual(try store.markReviewsSynced(run: run, at: t0), 2)
        let synced = try store.reviewsSyncedCounts().sorted { $0.url < $1.url }
        XCTAssertEqual(synced, [ReviewSync(site: "s", url: products[3], reviewCount: 13), ReviewSync(site: "s", url: products[0], reviewCount: 10)])

        // A later run whose product pages were not (yet) stored leaves the synced counts alone.
        let next = try store.beginRun(job: "j", at: t0 + 3600)
        try store.enqueue(run: next, [FrontierItem(url: products[0], site: "s", kind: "product", depth: 0)])
        XCTAssertEqual(try store.markReviewsSynced(run: next, at: t0 + 3600), 0)
        XCTAssertEqual(try store.reviewsSyncedCounts().count, 2)
    }
}
