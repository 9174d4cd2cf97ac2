import Foundation
import XCTest
import Model
import PostgresStore
import Store

/// One store contract, run against every backend: whatever the crawl, reports and repricer rely on
/// behaves the same on SQLite and on PostgreSQL (exact money, dedup, frontier, views' inputs).
final class StoreContractTests: XCTestCase {
    func testSQLiteMeetsTheContract() throws {
        let (store, cleanup) = try Backends.sqlite()
        defer { cleanup() }
        try StoreContract.run(store)
    }

    func testPostgresMeetsTheContract() throws {
        try StoreContract.run(try Backends.postgres())
    }

    func testPostgresURLWithoutTheTraitOrServerIsAClearError() throws {
        if StoreLocation.postgresAvailable {
            // Built with the trait: a server that is not there is named, and the password is not printed.
            XCTAssertThrowsError(try StoreLocation.open("postgres://pw:secret@127.0.0.1:1/none")) { error in
                XCTAssertTrue("\(error)".contains("cannot connect"), "\(error)")
                XCTAssertFalse("\(error)".contains("secret"))
            }
        } else {
            XCTAssertThrowsError(try StoreLocation.open("postgres://pw:secret@127.0.0.1:1/none")) { error in
                // The store says what is missing; how to build it is the CLI's advice, not the store's.
                guard case StoreError.postgresNotBuilt = error else { return XCTFail("\(error)") }
                let message = "\(error)"
                XCTAssertTrue(message.contains("without PostgreSQL support"), message)
                XCTAssertFalse(message.contains("make "), "store errors do not quote commands: \(message)")
                XCTAssertFalse("\(error)".contains("secret"))
            }
        }
        XCTAssertEqual(StoreLocation.redacted("postgres://pw:secret@db:5432/x"), "postgres://pw:***@db:5432/x")
    }
}

enum StoreContract {
    static let t0 = Date(timeIntervalSince1970: 1_740_000_000)  // 2025-02-19T21:20:00Z

    static func run(_ store: any PriceStoring, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertFalse(try store.appliedMigrations().isEmpty, "schema recorded")

        // Sites and listings: an upsert never erases a known field with nil.
        let a = try store.upsertListing(ListingRecord(site: "shop-a", url: "https://a.example/p/1", externalID: "A1", title: "Kettle", brand: "Acme"), seenAt: t0)
        let again = try store.upsertListing(ListingRecord(site: "shop-a", url: "https://a.example/p/1", title: nil, seller: "Acme Store"), seenAt: t0 + 60)
        XCTAssertEqual(a, again)
        let l = try XCTUnwrap(try store.listing(id: a))
        XCTAssertEqual([l.title, l.brand, l.seller, l.externalID], ["Kettle", "Acme", "Acme Store", "A1"])
        XCTAssertEqual(try store.listingID(site: "shop-a", url: "https://a.example/p/1"), a)
        XCTAssertNil(try store.listingID(site: "shop-b", url: "https://a.example/p/1"))
        let b = try store.upsertListing(ListingRecord(site: "shop-b", url: "https://b.example/x?id=2", title: "Kettle 2"), seenAt: t0)
        XCTAssertEqual(try store.listings().map(\.id), [a, b])

        // Runs.
        let run = try store.beginRun(job: "contract", at: t0)
        XCTAssertEqual(try store.runs(job: "contract").first?.status, .running)
        XCTAssertEqual(try store.markAbandoned(job: "contract"), [run])
        XCTAssertEqual(try store.resumableRun(job: "contract")?.id, run)
        try store.resumeRun(run)

        // Observations: every field type round-trips, money exactly (no 0.1 + 0.2 drift).
        var o = ObservationRecord(listingID: a, runID: run, observedAt: t0 + 3600,
                                  price: Money(amount: Decimal(string: "0.3")!, currency: "USD"), listPrice: Money(amount: Decimal(string: "1299.99")!, currency: "USD"),
                                  shipping: Money(amount: Decimal(string: "4.95")!, currency: "USD"), taxIncluded: true, availability: .inStock,
                                  sales: SalesCount(count: 10_000, window: .month, isLowerBound: true), rating: Decimal(string: "4.35")!, reviewCount: 1234,
                                  sources: ["price": "json-ld", "rating": "css"], missing: ["brand": "no value; \"quoted\""])
        let yen = ObservationRecord(listingID: b, runID: run, observedAt: t0 + 7200, price: Money(amount: 129_800, currency: "JPY"), availability: .outOfStock,
                                    missing: ["price": "no currency"])
        var batch = CrawlBatch()
        batch.observations = [o, yen]
        batch.fetches = [FetchLogRecord(url: "https://a.example/p/1", status: 200, bytes: 1000, milliseconds: 12, tries: 1, outcome: "ok", fetchedAt: t0)]
        try store.write(batch, run: run)
        let sum = (Decimal(string: "0.1")! + Decimal(string: "0.2")!)
        let latest = try store.latestObservations()
        XCTAssertEqual(latest.count, 2)
        let got = try XCTUnwrap(latest.first { $0.listing.id == a }?.observation)
        XCTAssertEqual(got.price?.amount, sum, "0.1 + 0.2 is exactly 0.3")
        XCTAssertEqual(got.price?.minorUnits, 30)
        XCTAssertEqual(got.listPrice?.minorUnits, 129_999)
        XCTAssertEqual(got.shipping?.minorUnits, 495)
        XCTAssertEqual(got.taxIncluded, true)
        XCTAssertEqual(got.availability, .inStock)
        XCTAssertEqual(got.sales, SalesCount(count: 10_000, window: .month, isLowerBound: true))
        XCTAssertEqual(got.rating, Decimal(string: "4.35"))
        XCTAssertEqual(got.reviewCount, 1234)
        XCTAssertEqual(got.sources, ["price": "json-ld", "rating": "css"])
        XCTAssertEqual(got.missing["brand"], "no value, \"quoted\"")
        XCTAssertEqual(got.observedAt.timeIntervalSince1970, (t0 + 3600).timeIntervalSince1970, accuracy: 0.001)
        XCTAssertEqual(try store.latestObservations(site: "shop-b").map(\.observation.price), [Money(amount: 129_800, currency: "JPY")])
        // A later observation becomes the latest; histories hold both, oldest first.
        o.observedAt = t0 + 86_400
        o.price = Money(amount: Decimal(string: "0.29")!, currency: "USD")
        batch = CrawlBatch()
        batch.observations = [o]
        try store.write(batch, run: run)
        XCTAssertEqual(try store.latestObservations().first { $0.listing.id == a }?.observation.price?.minorUnits, 29)
        let history = try store.histories(since: nil, until: .distantFuture, site: "shop-a")
        XCTAssertEqual(history.map(\.listing.id), [a])
        XCTAssertEqual(history[0].observations.map(\.price?.minorUnits), [30, 29])
        XCTAssertEqual(try store.histories(since: t0 + 80_000, until: .distantFuture, site: nil).flatMap(\.observations).count, 1)

        // Listing updates in a batch get their ids; reviews dedup by site id, else by content.
        batch = CrawlBatch()
        let r1 = ReviewRecord(listingID: 0, siteReviewID: "r-1", rating: 5, postedAt: t0, language: "en", title: "Great", body: "Works well", helpfulVotes: 1,
                              verified: true, author: "Ann", sentimentScore: 0.8, sentimentLabel: "positive", aspects: "[]")
        let r2 = ReviewRecord(listingID: 0, siteReviewID: nil, rating: Decimal(string: "2.5"), postedAt: nil, language: "zh", title: nil, body: "质量一般")
        batch.listings = [ListingUpdate(listing: ListingRecord(site: "shop-c", url: "https://c.example/1", title: "New"), observation: nil, reviews: [r1, r2])]
        try store.write(batch, run: run)
        let c = try XCTUnwrap(try store.listingID(site: "shop-c", url: "https://c.example/1"))
        var r1b = r1
        r1b.listingID = c
        r1b.helpfulVotes = 7
        var r2b = r2
        r2b.listingID = c
        XCTAssertEqual(try store.insertReviews([r1b, r2b]), 0, "both seen before")
        let reviews = try store.reviews(listing: c)
        XCTAssertEqual(reviews.count, 2)
        let stored1 = try XCTUnwrap(reviews.first { $0.siteReviewID == "r-1" })
        XCTAssertEqual(stored1.helpfulVotes, 7, "helpful votes move")
        XCTAssertNotEqual(stored1.author, "Ann", "authors are hashed")
        XCTAssertEqual(stored1.author, StoreCoding.authorHash("Ann"))
        XCTAssertEqual(stored1.sentimentLabel, "positive")
        XCTAssertEqual(stored1.verified, true)
        XCTAssertEqual(reviews.first { $0.siteReviewID == nil }?.rating, Decimal(string: "2.5"))
        XCTAssertEqual(reviews.first { $0.siteReviewID == nil }?.body, "质量一般")

        // Frontier: enqueue ignores repeats; finished URLs leave the pending list.
        let items = [FrontierItem(url: "https://a.example/c/1", site: "shop-a", kind: "listing", depth: 0),
                     FrontierItem(url: "https://a.example/p/2", site: "shop-a", kind: "product", depth: 1, parent: nil)]
        XCTAssertEqual(try store.enqueue(run: run, items), 2)
        XCTAssertEqual(try store.enqueue(run: run, items), 0)
        batch = CrawlBatch()
        batch.finished = [("https://a.example/c/1", "done")]
        batch.discovered = [FrontierItem(url: "https://a.example/p/3", site: "shop-a", kind: "product", depth: 1)]
        try store.write(batch, run: run)
        XCTAssertEqual(try store.pendingFrontier(run: run).map(\.url), ["https://a.example/p/2", "https://a.example/p/3"])
        XCTAssertEqual(try store.frontierURLs(run: run).count, 3)

        try store.finishRun(run, status: .ok, statsJSON: "{\"pages\":1}", alarmsJSON: nil, at: t0 + 90_000)
        XCTAssertEqual(try store.lastCompletedRun(job: "contract")?.statsJSON, "{\"pages\":1}")

        // Validators.
        try store.saveValidators(["https://a.example/p/1": ("\"e1\"", nil)])
        XCTAssertEqual(try store.loadValidators()["https://a.example/p/1"]?.etag, "\"e1\"")

        // FX rates are exact decimals.
        let rate = Decimal(string: "0.851234567891")!
        try store.importFX([FXRates.Rate(day: "2025-02-19", base: "USD", quote: "EUR", rate: rate)])
        XCTAssertEqual(try store.fxRates().rate(from: "USD", to: "EUR", on: "2025-02-19")?.rate, rate)
        XCTAssertEqual(try store.fxRates().allRates.count, 1)

        // Catalog: matching by site + external id; price changes apply and undo exactly.
        try store.replaceCatalog([CatalogRecord(sku: "KET-1", title: "Our kettle", cost: Money(amount: 10, currency: "USD"), price: Money(amount: Decimal(string: "19.99")!, currency: "USD"),
                                                feesFraction: Decimal(string: "0.15"), tags: ["kitchen", "eu"], matches: [(site: "shop-a", externalID: "A1", url: nil)])])
        XCTAssertEqual(try store.listing(id: a)?.sku, "KET-1")
        let cat = try store.catalog()
        XCTAssertEqual(cat.first?.feesFraction, Decimal(string: "0.15"))
        XCTAssertEqual(cat.first?.tags, ["kitchen", "eu"])
        XCTAssertEqual(cat.first?.matches.first?.externalID, "A1")
        let change = PriceChangeRecord(repriceRun: "rp-1", sku: "KET-1", at: t0, old: Money(amount: Decimal(string: "19.99")!, currency: "USD"),
                                       new: Money(amount: Decimal(string: "18.49")!, currency: "USD"), reason: "beat lowest")
        try store.applyPriceChanges([change])
        XCTAssertEqual(try store.catalog().first?.price.minorUnits, 1849)
        XCTAssertEqual(try store.priceChanges(run: "rp-1").map(\.reason), ["beat lowest"])
        XCTAssertEqual(try store.undoPriceRun("rp-1").count, 1)
        XCTAssertEqual(try store.catalog().first?.price.minorUnits, 1999)
        XCTAssertEqual(try store.priceChanges().first?.undone, true)
        XCTAssertThrowsError(try store.undoPriceRun("rp-1"))
        // Out of order: undoing rp-2 is refused while rp-3 (later, applied) changed the same SKU.
        func usd(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: "USD") }
        try store.applyPriceChanges([PriceChangeRecord(repriceRun: "rp-2", sku: "KET-1", at: t0, old: usd(1999), new: usd(2049), reason: "raise")])
        try store.applyPriceChanges([PriceChangeRecord(repriceRun: "rp-3", sku: "KET-1", at: t0, old: usd(2049), new: usd(2149), reason: "raise")])
        XCTAssertThrowsError(try store.undoPriceRun("rp-2")) { XCTAssertEqual($0 as? PriceUndoConflict, PriceUndoConflict(run: "rp-2", later: [.init(run: "rp-3", skus: [("KET-1", usd(2149))])])) }
        XCTAssertEqual(try store.catalog().first?.price, usd(2149))
        XCTAssertEqual(try store.undoPriceRun("rp-3"), [PriceRestore(change: PriceChangeRecord(repriceRun: "rp-3", sku: "KET-1", at: t0, old: usd(2049), new: usd(2149),
                                                                                            reason: "raise", undone: true), replaced: usd(2149))])
        XCTAssertEqual(try store.undoPriceRun("rp-2").map(\.replaced), [usd(2049)])
        XCTAssertEqual(try store.catalog().first?.price, usd(1999))

        // Retention: old observations fold into daily rows that keep last, min and max.
        let run2 = try store.beginRun(job: "contract", at: t0)
        batch = CrawlBatch()
        batch.observations = [10, 7, 12].enumerated().map { i, p in
            ObservationRecord(listingID: b, runID: run2, observedAt: t0 - 400 * 86_400 + Double(i) * 60, price: Money(amount: Decimal(p), currency: "JPY"), availability: .inStock)
        }
        try store.write(batch, run: run2)
        XCTAssertEqual(try store.compact(olderThan: t0 - 200 * 86_400), 3)
        let folded = try store.histories(since: nil, until: t0 - 300 * 86_400, site: "shop-b")
        XCTAssertEqual(folded.first?.observations.map(\.price?.minorUnits), [12], "one row per day with the day's last price")
        XCTAssertEqual(folded.first?.observations.first?.sources["price"], "daily-rollup")

        let stats = try store.stats()
        let rows = Dictionary(uniqueKeysWithValues: stats.rowsPerTable.map { ($0.table, $0.rows) })
        XCTAssertEqual(rows["observations"], 3)
        XCTAssertEqual(rows["daily_rollup"], 1)
        XCTAssertEqual(rows["reviews"], 2)
        XCTAssertEqual(rows["listings"], 3)
        XCTAssertNotNil(stats.firstObservation)
        XCTAssertEqual(try store.integrityProblems(), [])

        // Review sync: a listing's review count is trusted only when its review pages in the run all came back.
        let run3 = try store.beginRun(job: "contract-reviews", at: t0 + 200_000)
        let pOK = "https://c.example/p/ok", pFailed = "https://c.example/p/failed"
        try store.enqueue(run: run3, [FrontierItem(url: pOK, site: "shop-c", kind: "product", depth: 0),
                                      FrontierItem(url: pFailed, site: "shop-c", kind: "product", depth: 0),
                                      FrontierItem(url: "https://c.example/r/ok/1", site: "shop-c", kind: "reviews", depth: 1, parent: pOK),
                                      FrontierItem(url: "https://c.example/r/failed/1", site: "shop-c", kind: "reviews", depth: 1, parent: pFailed)])
        batch = CrawlBatch()
        batch.listings = [(pOK, 7), (pFailed, 9)].map { url, count in
            ListingUpdate(listing: ListingRecord(site: "shop-c", url: url), observation: ObservationRecord(listingID: 0, runID: run3, observedAt: t0 + 200_000, reviewCount: count))
        }
        batch.finished = [(pOK, "done"), (pFailed, "done"), ("https://c.example/r/ok/1", "done"), ("https://c.example/r/failed/1", "failed")]
        try store.write(batch, run: run3)
        XCTAssertEqual(try store.markReviewsSynced(run: run3, at: t0 + 200_100), 1)
        XCTAssertEqual(try store.reviewsSyncedCounts(), [ReviewSync(site: "shop-c", url: pOK, reviewCount: 7)])
    }
}
