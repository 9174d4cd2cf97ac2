import Foundation
import Model
import Reprice
import Store
import XCTest

/// A real SQLite file: catalog import, a crawl's observations, reprice --apply through the same
/// library calls the CLI makes, then --undo restores the catalog exactly.
final class RepriceEndToEndTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-reprice-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func testApplyThenUndoRestoresExactly() throws {
        let store = try PriceStore(path: dir.appendingPathComponent("pw.sqlite").path)
        let sheet = """
            sku,title,currency,cost,current_price,min_price,max_price,shipping,fees_pct,strategy,tags,matches
            K-1,Kettle,USD,40.00,70.00,,90.00,5.00,15,match_lowest,kitchen,shop-us:US-1;shop-eu:EU-1
            K-2,"Grinder, steel",USD,30.00,50.00,,70.00,5.00,15,,kitchen,https://shop-br.example/p/2
            K-3,Lamp,USD,20.00,40.00,,60.00,5.00,15,match_lowest,home,shop-us:US-3
            K-4,Mat,BRL,50.00,129.90,,200.00,10.00,10,beat_lowest,sports,shop-br:BR-4
            """
        let (items, problems) = CatalogCSV.parse(sheet)
        XCTAssertEqual(problems, [])
        try store.replaceCatalog(items)
        let before = try store.catalog()
        XCTAssertEqual(before.count, 4)

        try store.importFX([FXRates.Rate(day: "2026-11-20", base: "EUR", quote: "USD", rate: Decimal(string: "1.10")!),
                            FXRates.Rate(day: "2026-11-20", base: "EUR", quote: "BRL", rate: Decimal(string: "6.00")!)])
        let seen = Fx.now.addingTimeInterval(-3600)
        func update(_ site: String, _ id: String?, _ url: String, _ price: String, _ currency: String, shipping: String? = nil,
                    stock: Availability = .inStock, at: Date = seen) -> ListingUpdate {
            ListingUpdate(listing: ListingRecord(site: site, url: url, externalID: id, title: "=HYPERLINK(\"evil\") | <b>\(site)</b>"),
                          observation: ObservationRecord(listingID: 0, runID: nil, observedAt: at, price: Fx.money(price, currency),
                                                         shipping: shipping.map { Fx.money($0, currency) }, availability: stock))
        }
        var batch = CrawlBatch()
        batch.listings = [
            // K-1: the US shop at 66.50 plus an older, higher observation of the same listing.
            update("shop-us", "US-1", "https://shop-us.example/p/1", "69.00", "USD", at: seen.addingTimeInterval(-7200)),
            update("shop-eu", "EU-1", "https://shop-eu.example/p/1", "60.00", "EUR", shipping: "2.00"),  // 62 EUR = 68.20 USD
            // K-2 matched by URL; out of stock.
            update("shop-br", "BR-2", "https://shop-br.example/p/2", "250.00", "BRL", stock: .outOfStock),
            // K-3: stale (3 days old).
            update("shop-us", "US-3", "https://shop-us.example/p/3", "30.00", "USD", at: Fx.now.addingTimeInterval(-3 * 86_400)),
            update("shop-br", "BR-4", "https://shop-br.example/p/4", "125.00", "BRL", shipping: "4.90"),
            update("shop-xx", "XX-9", "https://shop-xx.example/p/9", "1.00", "USD"),  // matched to nothing
        ]
        try store.write(batch, run: nil)
        var later = CrawlBatch()
        later.listings = [update("shop-us", "US-1", "https://shop-us.example/p/1", "66.50", "USD")]
        try store.write(later, run: nil)

        let rules = try RepriceRules.parse(yaml: "default: {strategy: match_lowest, no_stock: hold}", file: "rules.yml")
        var options = RepriceRun.Options()
        options.now = Fx.now
        let result = try RepriceRun.suggest(store: store, rules: rules, options: options)
        let byS = Dictionary(uniqueKeysWithValues: result.suggestions.map { ($0.sku, $0) })
        XCTAssertEqual(result.suggestions.map(\.sku), ["K-1", "K-2", "K-3", "K-4"])
        XCTAssertEqual(byS["K-1"]?.suggested, Fx.money("65.99"))
        XCTAssertEqual(byS["K-1"]?.considered.map(\.offer.site), ["shop-us", "shop-eu"])
        XCTAssertEqual(byS["K-1"]?.considered.last?.landedMinor, 6820)
        XCTAssertEqual(byS["K-2"]?.suggested, Fx.money("50.00"))
        XCTAssertEqual(byS["K-2"]?.reason, "no competitor in stock (1 out of stock) -> hold [ignored: 1 out of stock]")
        XCTAssertEqual(byS["K-3"]?.suggested, Fx.money("40.00"))
        XCTAssertEqual(byS["K-3"]?.ignored.first?.reason, .stale)
        // K-4: beat lowest 1% of 129.90 BRL -> 128.60 -> ,90 ending rounds down to 127.90.
        XCTAssertEqual(byS["K-4"]?.suggested, Fx.money("127.90", "BRL"))

        // Outputs: CSV guarded, markdown escaped.
        let csv = RepriceRun.csv(result.suggestions)
        XCTAssertTrue(csv.hasPrefix("sku,title,currency,current,suggested,change_pct,margin_pct"))
        XCTAssertTrue(csv.contains("K-2,\"Grinder, steel\",USD,50.00,50.00,0,"), csv)
        let hostile = Suggestion(sku: "=cmd|' /C calc'!A0", title: "a | b <script>", current: Fx.money("1.00"), suggested: Fx.money("1.00"), changePercent: 0,
                                 marginPercent: 0, floor: nil, ceiling: nil, strategy: .hold, considered: [], ignored: [], driver: nil, guards: [], reason: "-2+3")
        let hostileCSV = RepriceRun.csv([hostile])
        XCTAssertTrue(hostileCSV.contains("\r\n'=cmd|' /C calc'!A0,"), hostileCSV)
        XCTAssertTrue(hostileCSV.hasSuffix(",'-2+3\r\n"), hostileCSV)
        let md = RepriceRun.markdown([hostile], run: nil, applied: false, now: Fx.now)
        XCTAssertTrue(md.contains("a \\| b &lt;script&gt;"), md)
        XCTAssertTrue(md.contains("Dry run"))

        // A dry run changed nothing.
        XCTAssertEqual(try store.catalog(), before)

        // --apply
        let run = RepriceRun.newRunID(at: Fx.now)
        let applied = try RepriceRun.apply(store: store, suggestions: result.suggestions, run: run, at: Fx.now)
        XCTAssertEqual(applied.map(\.sku), ["K-1", "K-4"])
        let after = Dictionary(uniqueKeysWithValues: try store.catalog().map { ($0.sku, $0.price) })
        XCTAssertEqual(after["K-1"], Fx.money("65.99"))
        XCTAssertEqual(after["K-4"], Fx.money("127.90", "BRL"))
        XCTAssertEqual(after["K-2"], Fx.money("50.00"))
        let audit = try store.priceChanges(run: run)
        XCTAssertEqual(audit.map(\.sku), ["K-1", "K-4"])
        XCTAssertEqual(audit.first?.old, Fx.money("70.00"))
        XCTAssertEqual(audit.first?.reason, byS["K-1"]?.reason)

        // Repricing again from the applied prices suggests no further change.
        let again = try RepriceRun.suggest(store: store, rules: rules, options: options)
        XCTAssertEqual(again.suggestions.filter(\.changed).map(\.sku), [])

        // --undo restores exactly, and a second undo of the same run is refused.
        let restored = try RepriceRun.undo(store: store, run: run)
        XCTAssertEqual(Set(restored.map(\.sku)), ["K-1", "K-4"])
        XCTAssertEqual(try store.catalog(), before)
        XCTAssertThrowsError(try RepriceRun.undo(store: store, run: run))
        XCTAssertTrue(try store.priceChanges(run: run).allSatisfy(\.undone))

        // --sku narrows the run; unknown SKUs are reported.
        options.skus = ["K-4", "NOPE"]
        let narrow = try RepriceRun.suggest(store: store, rules: rules, options: options)
        XCTAssertEqual(narrow.suggestions.map(\.sku), ["K-4"])
        XCTAssertEqual(narrow.unknownSKUs, ["NOPE"])
    }

    /// The user audit's PW-APP-125: three in-stock competitors without an FX rate and one out of
    /// stock read from a real SQLite file. `no_stock: raise` must not fire: the SKU holds.
    func testNoStockRaiseIgnoresCompetitorsExcludedForOtherReasons() throws {
        let store = try PriceStore(path: dir.appendingPathComponent("pw.sqlite").path)
        let (items, problems) = CatalogCSV.parse("""
            sku,title,currency,cost,current_price,min_price,max_price,shipping,fees_pct,strategy,tags,matches
            PW-APP-125,Jacket,USD,100.00,195.50,,260.00,5.00,15,match_lowest,apparel,shop-cn:CN-125;shop-eu:EU-125;shop-jp:JP-125;shop-us:US-125
            PW-APP-126,Scarf,USD,10.00,30.00,,40.00,,15,match_lowest,apparel,shop-us:US-126
            """)
        XCTAssertEqual(problems, [])
        try store.replaceCatalog(items)
        func update(_ site: String, _ id: String, _ price: String, _ currency: String, stock: Availability = .inStock) -> ListingUpdate {
            ListingUpdate(listing: ListingRecord(site: site, url: "https://\(site).example/p/\(id)", externalID: id, title: "Jacket"),
                          observation: ObservationRecord(listingID: 0, runID: nil, observedAt: Fx.now.addingTimeInterval(-3600), price: Fx.money(price, currency),
                                                         availability: stock))
        }
        var batch = CrawlBatch()
        batch.listings = [update("shop-cn", "CN-125", "1400.00", "CNY"), update("shop-eu", "EU-125", "180.00", "EUR"), update("shop-jp", "JP-125", "29800", "JPY"),
                          update("shop-us", "US-125", "199.00", "USD", stock: .outOfStock), update("shop-us", "US-126", "25.00", "USD", stock: .outOfStock)]
        try store.write(batch, run: nil)
        var options = RepriceRun.Options()
        options.now = Fx.now
        let rules = try RepriceRules.parse(yaml: "default: {strategy: match_lowest, no_stock: raise, raise_step: 5%}", file: "rules.yml")
        let byS = Dictionary(uniqueKeysWithValues: try RepriceRun.suggest(store: store, rules: rules, options: options).suggestions.map { ($0.sku, $0) })
        XCTAssertEqual(byS["PW-APP-125"]?.suggested, Fx.money("195.50"))
        XCTAssertEqual(byS["PW-APP-125"]?.reason.hasPrefix("no usable competitor offer (3 excluded: 1 no FX rate CNY->USD on 2026-11-20, "
            + "1 no FX rate EUR->USD on 2026-11-20, 1 no FX rate JPY->USD on 2026-11-20; 1 out of stock) -> hold [ignored: "), true, byS["PW-APP-125"]?.reason ?? "")
        // Its neighbour, whose only competitor is out of stock, still raises.
        XCTAssertEqual(byS["PW-APP-126"]?.suggested, Fx.money("30.99"))
        XCTAssertEqual(byS["PW-APP-126"]?.reason.hasPrefix("no competitor in stock (1 out of stock) -> raise 5%"), true, byS["PW-APP-126"]?.reason ?? "")
    }
}
