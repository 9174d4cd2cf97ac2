import Foundation
import Matching
import Model
import Store
import XCTest
@testable import CatalogMatching
@testable import DemoShop

/// The demo world knows which listing is which SKU: `catalog match` on it, through a real SQLite
/// store holding the listings as the demo's selector sets extract them (DemoCrawlTests checks the
/// crawl stores exactly these fields), against the merchant's catalog sheet with its few hand-made matches.
final class DemoWorldMatchTests: XCTestCase {
    var dir: String!
    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "pw-catmatch-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    /// What the demo's selector sets read off each shop's product page on `day`.
    static func listing(_ shop: DemoShopID, _ t: DemoTruth) -> ListingUpdate {
        let p = t.product
        let brand = shop == .cn ? p.brand("zh") : shop == .jp ? p.brand("ja") : p.brand
        let listing = ListingRecord(site: shop.siteKey, url: "http://127.0.0.1:8080" + DemoSites.productPath(shop, p.id),
                                    externalID: "\(shop.rawValue.uppercased())-\(p.id)", title: p.title(shop.language), brand: brand,
                                    gtin: shop == .us || shop == .eu ? p.gtin : nil)
        let o = ObservationRecord(listingID: 0, runID: nil, observedAt: DemoWorld.date(ofDay: t.day).addingTimeInterval(43_200), price: t.price)
        return ListingUpdate(listing: listing, observation: o)
    }

    /// A store as the demo leaves it after crawling `day`: its FX rates, the catalog sheet, every listing.
    static func demoStore(_ path: String, day: Int = 0) throws -> PriceStore {
        let store = try PriceStore(path: path)
        try store.importFX(FXRates.parseCSV(DemoWorld.fxCSV(days: day + 1)).rates)
        var items: [CatalogRecord] = []
        for p in DemoCatalog.products {
            let matches: [(site: String?, externalID: String?, url: String?)] = p.id % 10 != 0 ? [] :
                DemoShopID.allCases.filter { DemoWorld.sells($0, p) }.map { ($0.siteKey, "\($0.rawValue.uppercased())-\(p.id)", nil) }
            items.append(CatalogRecord(sku: p.sku, title: p.catalogTitle, cost: Money(minorUnits: Int64(p.costCents), currency: "USD"),
                                       price: Money(minorUnits: Int64(p.baseCents), currency: "USD"), matches: matches))
        }
        try store.replaceCatalog(items)
        var batch = CrawlBatch()
        for shop in DemoShopID.allCases {
            for p in DemoWorld.products(of: shop) {
                if let t = DemoWorld.truth(shop: shop, productID: p.id, day: day) { batch.listings.append(listing(shop, t)) }
            }
        }
        try store.write(batch, run: nil)
        return store
    }

    static var handMade: Set<String> {
        Set(DemoCatalog.products.filter { $0.id % 10 == 0 }.flatMap { p in
            DemoShopID.allCases.filter { DemoWorld.sells($0, p) }.map { "\(p.sku)|\($0.siteKey):\($0.rawValue.uppercased())-\(p.id)" }
        })
    }

    /// The issue's target: precision >= 0.99 and recall >= 0.95 for the pairs the demo accepts
    /// without review, and not one bundle or other size among them. Measured: 628 accepted, all
    /// right, recall 0.981 (the remaining 12 are suggested below the bar, for review).
    func testAcceptedPairsArePreciseAndCompleteAndNoDecoyIsAccepted() throws {
        let store = try Self.demoStore(dir + "/pw.sqlite")
        let want = DemoWorld.trueMatches().subtracting(Self.handMade)
        var options = CatalogMatchRun.Options()
        options.acceptAbove = DemoWorld.matchAcceptAbove
        let run = try CatalogMatchRun.suggest(store: store, options: options)
        let accepted = run.suggestions.filter(\.accepted).map { "\($0.sku)|\($0.site):\($0.externalID ?? "")" }
        let right = accepted.filter(want.contains).count
        let precision = Double(right) / Double(max(1, accepted.count)), recall = Double(right) / Double(want.count)
        XCTAssertGreaterThanOrEqual(precision, 0.99, "\(accepted.count) accepted, \(right) right")
        XCTAssertGreaterThanOrEqual(recall, 0.95, "\(right) of \(want.count) true pairs accepted")
        let decoyIDs = Set(DemoCatalog.decoys.map { String($0.id) })
        let decoys = accepted.filter { decoyIDs.contains(String($0.split(separator: "-").last ?? "")) }
        XCTAssertEqual(decoys, [], "bundles and other sizes accepted")
        XCTAssertFalse(DemoCatalog.decoys.filter { $0.decoy == .bundle }.isEmpty)
        XCTAssertFalse(DemoCatalog.decoys.filter { $0.decoy == .otherSize }.isEmpty)
        // Every true pair is at least suggested, so the merchant's review can reach full recall.
        let suggested = Set(run.suggestions.map { "\($0.sku)|\($0.site):\($0.externalID ?? "")" })
        XCTAssertEqual(want.subtracting(suggested).sorted(), [], "true pairs never suggested")

        // Accepted pairs are the catalog's matches now, and their listings carry the SKU.
        let matched = try store.catalog().reduce(0) { $0 + $1.matches.count }
        XCTAssertEqual(matched, Self.handMade.count + accepted.count)
        let listings = try store.listings()
        XCTAssertEqual(listings.filter { $0.sku != nil }.count, Self.handMade.count + accepted.count)
        // A second run suggests none of them again; with their listings out of the way, the pairs it
        // now accepts (rivals gone, some confidences rise) are right too.
        let again = try CatalogMatchRun.suggest(store: store, options: options)
        let more = again.suggestions.filter(\.accepted).map { "\($0.sku)|\($0.site):\($0.externalID ?? "")" }
        XCTAssertEqual(Set(again.suggestions.map { "\($0.sku)|\($0.site):\($0.externalID ?? "")" }).intersection(accepted), [])
        XCTAssertEqual(more.filter { !want.contains($0) }, [], "wrong pairs accepted on the second run")
    }

    /// Blocking (candidate generation) never loses a true pair of the demo world, on any site.
    func testBlockingKeepsEveryTruePairOfTheDemoWorld() throws {
        let store = try Self.demoStore(dir + "/pw.sqlite")
        let catalog = try store.catalog()
        let mine = catalog.map(CatalogMatchRun.record)
        var lost: [String] = [], pairs = 0
        for shop in DemoShopID.allCases {
            let rows = try store.latestObservations(site: shop.siteKey)
            let theirs = rows.map { CatalogMatchRun.record($0.listing, $0.observation) }
            let run = ProductMatcher().run(left: mine, right: theirs)
            let candidates = Set(run.candidates.map { "\(mine[$0.left].id)|\(rows[$0.right].listing.site):\(rows[$0.right].listing.externalID ?? "")" })
            let want = DemoWorld.trueMatches().filter { $0.contains("|\(shop.siteKey):") }
            pairs += want.count
            lost += want.filter { !candidates.contains($0) }
            XCTAssertLessThan(run.candidates.count, mine.count * theirs.count / 4, "\(shop): blocking compares far fewer than all pairs")
        }
        XCTAssertGreaterThan(pairs, 600)
        XCTAssertEqual(lost.sorted(), [], "true pairs lost by blocking")
    }
}
