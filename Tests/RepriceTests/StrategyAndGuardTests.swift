import Foundation
import Model
import Reprice
import Store
import XCTest

/// Table tests: one row per strategy and per guard, with the exact price and reason expected.
/// The item throughout: cost 40.00 + shipping 5.00, fees 15%, min margin 5% -> floor 45/0.80 = 56.25;
/// current 70.00, ceiling 90.00, max change 10% (63.00...77.00), min change 0.5%.
final class StrategyAndGuardTests: XCTestCase {
    struct Row {
        var name: String
        var yaml: String
        var item: CatalogRecord = Fx.item()
        var offers: [CompetitorOffer]
        var suggested: String
        var reason: String
        var line: UInt = #line
    }

    func testStrategiesAndGuards() {
        let three = [Fx.offer("shop-a", "66.50"), Fx.offer("shop-b", "68.00"), Fx.offer("shop-c", "69.00")]
        let rows: [Row] = [
            Row(name: "match lowest", yaml: "default: {strategy: match_lowest}", offers: three, suggested: "65.99",
                reason: "match lowest (shop-a 66.50 USD landed) -> 66.50; ending .99 -> 65.99"),
            Row(name: "beat lowest by 1%", yaml: "default: {strategy: beat_lowest, beat_by: 1%}", offers: three, suggested: "64.99",
                reason: "beat lowest (shop-a 66.50 USD landed) by 1% -> 65.83; ending .99 -> 64.99"),
            Row(name: "beat lowest by an amount", yaml: "default: {strategy: beat_lowest, beat_by: 0.50}", offers: three, suggested: "65.99",
                reason: "beat lowest (shop-a 66.50 USD landed) by 0.5 USD -> 66.00; ending .99 -> 65.99"),
            Row(name: "position 2", yaml: "default: {strategy: position, position: 2}",
                offers: [Fx.offer("shop-a", "60.00"), Fx.offer("shop-b", "66.00"), Fx.offer("shop-c", "65.00")], suggested: "64.99",
                reason: "position 2: just under #2 (shop-c 65.00 USD landed) -> 64.99"),
            Row(name: "position beyond the field", yaml: "default: {strategy: position, position: 3}",
                offers: [Fx.offer("shop-a", "66.00"), Fx.offer("shop-b", "68.00")], suggested: "67.99",
                reason: "position 3: just under #2 (shop-b 68.00 USD landed), only 2 competitors -> 67.99"),
            Row(name: "price index 0.98", yaml: "default: {strategy: price_index, index_target: 0.98, guards: {max_change: 15%}}",
                offers: [Fx.offer("a", "60.00"), Fx.offer("b", "62.00"), Fx.offer("c", "64.00"), Fx.offer("d", "70.00")], suggested: "60.99",
                reason: "index 0.98 x median 63.00 USD of 4 -> 61.74; ending .99 -> 60.99"),
            Row(name: "hold", yaml: "default: {strategy: hold}", offers: three, suggested: "70.00", reason: "hold (rule)"),
            Row(name: "no stock: raise toward the ceiling", yaml: "default: {strategy: match_lowest, no_stock: raise, raise_step: 5%}",
                offers: [Fx.offer("a", "50.00", stock: .outOfStock), Fx.offer("b", "55.00", stock: .discontinued)], suggested: "72.99",
                reason: "no competitor in stock (2 out of stock) -> raise 5% toward ceiling 90.00 -> 73.50; ending .99 -> 72.99 [ignored: 2 out of stock]"),
            Row(name: "no stock: raise stops at the ceiling", yaml: "default: {no_stock: raise, raise_step: 5%}", item: Fx.item(max: "71.00"),
                offers: [Fx.offer("a", "50.00", stock: .outOfStock)], suggested: "70.99",
                reason: "no competitor in stock (1 out of stock) -> raise 5% toward ceiling 71.00 -> 71.00; ending .99 -> 70.99 [ignored: 1 out of stock]"),
            Row(name: "no stock, no ceiling: hold", yaml: "default: {no_stock: raise}", item: Fx.item(max: nil),
                offers: [Fx.offer("a", "50.00", stock: .outOfStock)], suggested: "70.00",
                reason: "no competitor in stock (1 out of stock); no max_price to raise toward -> hold [ignored: 1 out of stock]"),
            Row(name: "no stock, hold", yaml: "default: {no_stock: hold}", offers: [Fx.offer("a", "50.00", stock: .outOfStock)], suggested: "70.00",
                reason: "no competitor in stock (1 out of stock) -> hold [ignored: 1 out of stock]"),
            Row(name: "max change caps a cut, ending rounds up to stay inside", yaml: "default: {strategy: match_lowest}",
                offers: [Fx.offer("a", "59.00")], suggested: "63.99",
                reason: "match lowest (a 59.00 USD landed) -> 59.00; capped by max change 10% -> 63.00; ending .99 (rounded up to stay above the max-change limit) -> 63.99"),
            Row(name: "floor stops a cut; the ending never goes under it", yaml: "default: {strategy: match_lowest, guards: {max_change: off}}",
                offers: [Fx.offer("a", "40.00")], suggested: "56.99",
                reason: "match lowest (a 40.00 USD landed) -> 40.00; raised to floor 56.25 (min margin 5%); ending .99 (rounded up to stay above the floor) -> 56.99"),
            Row(name: "min_price is the floor when higher", yaml: "default: {guards: {max_change: off}}", item: Fx.item(min: "60.00"),
                offers: [Fx.offer("a", "40.00")], suggested: "60.99",
                reason: "match lowest (a 40.00 USD landed) -> 40.00; raised to min_price 60.00; ending .99 (rounded up to stay above the floor) -> 60.99"),
            Row(name: "ceiling caps a raise", yaml: "default: {strategy: match_lowest}", item: Fx.item(max: "72.00"),
                offers: [Fx.offer("a", "80.00")], suggested: "71.99",
                reason: "match lowest (a 80.00 USD landed) -> 80.00; capped by ceiling 72.00; ending .99 -> 71.99"),
            Row(name: "max change caps a raise", yaml: "default: {strategy: match_lowest}", offers: [Fx.offer("a", "85.00")], suggested: "76.99",
                reason: "match lowest (a 85.00 USD landed) -> 85.00; capped by max change 10% -> 77.00; ending .99 -> 76.99"),
            Row(name: "a change under the threshold holds", yaml: "default: {guards: {min_change: 0.5%}}\nendings: {USD: none}",
                offers: [Fx.offer("a", "69.80")], suggested: "70.00",
                reason: "match lowest (a 69.80 USD landed) -> 69.80; change -0.29% is under min change 0.5% -> hold"),
            Row(name: "an ending never turns a raise into a cut", yaml: "default: {strategy: match_lowest}", offers: [Fx.offer("a", "70.20")], suggested: "70.00",
                reason: "match lowest (a 70.20 USD landed) -> 70.20; ending .99 would turn the raise into a cut -> hold"),
            Row(name: "a price under the floor is raised even by hold", yaml: "default: {strategy: hold}", item: Fx.item(price: "50.00"),
                offers: [], suggested: "56.99",
                reason: "hold (rule); raised to floor 56.25 (min margin 5%); moves more than max change 10%: the current price is outside floor/ceiling; ending .99 (rounded up to stay above the floor) -> 56.99"),
            Row(name: "fees plus margin of 100% or more: hold and say why", yaml: "default: {guards: {min_margin: 90%}}", offers: three, suggested: "70.00",
                reason: "fees 15% + min margin 90% >= 100%: no price meets the margin -> hold"),
            Row(name: "BRL: landed price, max change, ending ,90", yaml: "default: {strategy: beat_lowest, beat_by: 1%}",
                item: Fx.item(currency: "BRL", cost: "60.00", price: "143.00", max: "200.00", shipping: "10.00"),
                offers: [Fx.offer("shop-br", "119.90", "BRL", shipping: "10.00"), Fx.offer("shop-br2", "135.00", "BRL")], suggested: "128.90",
                reason: "beat lowest (shop-br 129.90 BRL landed) by 1% -> 128.60; capped by max change 10% -> 128.70; ending ,90 (rounded up to stay above the max-change limit) -> 128.90"),
            Row(name: "JPY: whole yen", yaml: "default: {strategy: beat_lowest, beat_by: 1%}",
                item: Fx.item(currency: "JPY", cost: "5000", price: "9980", max: "12000", shipping: "500"),
                offers: [Fx.offer("shop-jp", "9500", "JPY")], suggested: "9405",
                reason: "beat lowest (shop-jp 9500 JPY landed) by 1% -> 9405"),
            Row(name: "CNY: whole yuan by default", yaml: "default: {strategy: match_lowest}",
                item: Fx.item(currency: "CNY", cost: "300.00", price: "520.00", max: "700.00", shipping: "10.00"),
                offers: [Fx.offer("shop-cn", "499.50", "CNY")], suggested: "499.00",
                reason: "match lowest (shop-cn 499.50 CNY landed) -> 499.50; ending whole -> 499.00"),
            Row(name: "CNY: .90 when configured", yaml: "default: {strategy: match_lowest}\nendings: {CNY: '.90'}",
                item: Fx.item(currency: "CNY", cost: "300.00", price: "520.00", max: "700.00", shipping: "10.00"),
                offers: [Fx.offer("shop-cn", "499.50", "CNY")], suggested: "498.90",
                reason: "match lowest (shop-cn 499.50 CNY landed) -> 499.50; ending .90 -> 498.90"),
        ]
        for row in rows {
            let s = Fx.engine(row.yaml).suggest(row.item, offers: row.offers)
            XCTAssertEqual(s.suggested, Fx.money(row.suggested, row.item.price.currency), "\(row.name): \(s.reason)", line: row.line)
            XCTAssertEqual(s.reason, row.reason, row.name, line: row.line)
            if let floor = s.floor { XCTAssertGreaterThanOrEqual(s.suggested.minorUnits, floor.minorUnits, row.name, line: row.line) }
        }
    }

    /// Rounding up to stay inside the max-change band is the band capping the move: the next run
    /// may continue it, so it is reported as a max-change guard (found on the demo data).
    func testEndingRoundedUpByTheBandCountsAsMaxChange() {
        let engine = Fx.engine()
        let first = engine.suggest(Fx.item(), offers: [Fx.offer("a", "63.40")])
        XCTAssertEqual(first.suggested, Fx.money("63.99"))
        XCTAssertEqual(first.guards, ["ending", "max change"])
        let second = engine.suggest(Fx.item(price: "63.99"), offers: [Fx.offer("a", "63.40")])
        XCTAssertEqual(second.suggested, Fx.money("62.99"))
        let third = engine.suggest(Fx.item(price: "62.99"), offers: [Fx.offer("a", "63.40")])
        XCTAssertFalse(third.changed, third.reason)
    }

    func testNumbersOnTheSuggestion() {
        let s = Fx.engine().suggest(Fx.item(), offers: [Fx.offer("a", "66.50"), Fx.offer("b", "68.00", stock: .outOfStock)])
        XCTAssertEqual(s.current, Fx.money("70.00"))
        XCTAssertEqual(s.suggested, Fx.money("65.99"))
        XCTAssertEqual(s.changePercent, Decimal(string: "-5.73"))
        // (65.99 * 0.85 - 40.00 - 5.00) / 65.99 = 11.0915 / 65.99 = 16.81%
        XCTAssertEqual(s.marginPercent, Decimal(string: "16.81"))
        XCTAssertEqual(s.floor, Fx.money("56.25"))
        XCTAssertEqual(s.considered.count, 1)
        XCTAssertEqual(s.ignored.count, 1)
        XCTAssertEqual(s.driver?.offer.site, "a")
        XCTAssertEqual(s.guards, ["ending"])
    }

    /// floor = (cost + shipping) / (1 - fees - margin), rounded up, and it really meets the margin.
    func testFloorMeetsTheMarginExactly() {
        let item = Fx.item(cost: "33.70", price: "61.29", max: "85.99", shipping: "4.99", fees: "0.15")
        let s = Fx.engine("default: {guards: {min_margin: 7%}}").suggest(item, offers: [])
        // 38.69 / 0.78 = 49.6025... -> 49.61
        XCTAssertEqual(s.floor, Fx.money("49.61"))
        let atFloor = Fx.engine("default: {strategy: hold, guards: {min_margin: 7%}}").suggest(Fx.item(cost: "33.70", price: "49.61", max: "85.99", shipping: "4.99"), offers: [])
        XCTAssertGreaterThanOrEqual(atFloor.marginPercent, 7)
    }

    func testWhichCompetitorsCount() {
        let offers = [
            Fx.offer("fresh", "66.00"),
            Fx.offer("stale", "50.00", hoursAgo: 72),
            Fx.offer("gone", "51.00", stock: .outOfStock),
            Fx.offer("unknown-stock", "52.00", stock: nil),
            Fx.offer("low-rated", "53.00", rating: "2.9"),
            Fx.offer("spiking", "54.00", rating: "4.8", spike: true),
            Fx.offer("limited", "67.00", stock: .limitedAvailability, rating: "4.0"),
        ]
        let yaml = "default: {competitors: {max_age: 48h, min_seller_rating: 3.5, exclude_review_spike: true}}"
        let s = Fx.engine(yaml).suggest(Fx.item(), offers: offers)
        XCTAssertEqual(s.considered.map(\.offer.site), ["limited"], "unrated 'fresh' does not count once a minimum rating is set")
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: s.ignored.map { ($0.offer.site, $0.reason) }),
                       ["fresh": .lowRating, "stale": .stale, "gone": .notInStock, "unknown-stock": .stockUnknown, "low-rated": .lowRating, "spiking": .reviewSpike])
        XCTAssertTrue(s.reason.hasSuffix("[ignored: 1 negative-review spike, 1 out of stock, 2 seller rating low or unknown, 1 stale (older than 2d), 1 stock unknown]"), s.reason)

        let loose = Fx.engine("default: {competitors: {max_age: 4d, exclude_review_spike: false}}").suggest(Fx.item(), offers: offers)
        XCTAssertEqual(loose.considered.map(\.offer.site), ["stale", "low-rated", "spiking", "fresh", "limited"])
    }

    func testOutliersAreExcluded() {
        let offers = [Fx.offer("a", "66.00"), Fx.offer("b", "67.00"), Fx.offer("c", "68.00"), Fx.offer("typo", "6.80"), Fx.offer("dream", "680.00")]
        let s = Fx.engine().suggest(Fx.item(), offers: offers)
        XCTAssertEqual(s.considered.map(\.offer.site), ["a", "b", "c"])
        XCTAssertEqual(Set(s.ignored.map(\.offer.site)), ["typo", "dream"])
        XCTAssertEqual(s.suggested, Fx.money("65.99"))
        // Off: the 6.80 drives the price (down to the max-change limit).
        let off = Fx.engine("default: {competitors: {outlier_below_median: off, outlier_mad: off}}").suggest(Fx.item(), offers: offers)
        XCTAssertEqual(off.driver?.offer.site, "typo")
    }

    func testLandedPricesAndFXOfTheObservationDay() {
        var fx = FXRates()
        fx.add(day: "2026-11-19", base: "EUR", quote: "USD", rate: Decimal(string: "1.0534")!)
        fx.add(day: "2026-11-20", base: "EUR", quote: "USD", rate: Decimal(string: "1.1000")!)
        fx.add(day: "2026-11-20", base: "EUR", quote: "BRL", rate: Decimal(string: "6.1000")!)
        let engine = Fx.engine("default: {strategy: match_lowest, competitors: {max_age: 3d}, guards: {max_change: off}}", fx: fx)
        // 50.00 + 4.99 shipping = 54.99 EUR observed on 11-19 (30 h before noon on 11-20) -> x 1.0534 = 57.926466 -> 57.93 USD.
        let eu = Fx.offer("shop-eu", "50.00", "EUR", shipping: "4.99", hoursAgo: 30)
        let s = engine.suggest(Fx.item(), offers: [eu, Fx.offer("shop-us", "58.00", shipping: "1.00")])
        XCTAssertEqual(s.driver?.landedMinor, 5793)
        XCTAssertEqual(s.driver?.fxDay, "2026-11-19")
        XCTAssertEqual(s.reason, "match lowest (shop-eu 54.99 EUR landed = 57.93 USD @ 2026-11-19) -> 57.93; ending .99 -> 56.99")
        // The same offer seen today uses today's rate: 54.99 x 1.1 = 60.489 -> 60.49, and now the US shop (59.00 landed) is cheaper.
        let today = engine.suggest(Fx.item(), offers: [Fx.offer("shop-eu", "50.00", "EUR", shipping: "4.99", hoursAgo: 1), Fx.offer("shop-us", "58.00", shipping: "1.00")])
        XCTAssertEqual(today.driver?.offer.site, "shop-us")
        XCTAssertEqual(today.driver?.landedMinor, 5900)
        // Crossed through EUR: 600.00 BRL / 6.1 x 1.1 = 108.196... -> 108.20 USD.
        let br = engine.suggest(Fx.item(max: "200.00"), offers: [Fx.offer("shop-br", "600.00", "BRL", hoursAgo: 1)])
        XCTAssertEqual(br.driver?.landedMinor, 10820)
        // No rate: the competitor is ignored, and the reason says which rate was missing.
        let gb = engine.suggest(Fx.item(), offers: [Fx.offer("shop-uk", "40.00", "GBP", hoursAgo: 1)])
        XCTAssertEqual(gb.considered.count, 0)
        XCTAssertEqual(gb.suggested, Fx.money("70.00"))
        XCTAssertEqual(gb.reason, "no competitor offer counts -> hold [ignored: 1 no FX rate GBP->USD on 2026-11-20]")
    }

    /// The no-stock action needs every competitor with an offer to be out of stock: an in-stock
    /// competitor left out for another reason (no FX rate, review spike, stale...) is no evidence
    /// that nobody has stock, so the SKU holds and the reason says why.
    func testNoStockActionOnlyWhenEveryOfferIsOutOfStock() {
        let engine = Fx.engine("default: {strategy: match_lowest, no_stock: raise, raise_step: 5%}")
        let noRates = engine.suggest(Fx.item(), offers: [
            Fx.offer("shop-cn", "300.00", "CNY"), Fx.offer("shop-eu", "60.00", "EUR"), Fx.offer("shop-jp", "9000", "JPY"),
            Fx.offer("shop-us", "66.00", stock: .outOfStock),
        ])
        XCTAssertEqual(noRates.suggested, Fx.money("70.00"))
        XCTAssertEqual(noRates.reason, "no usable competitor offer (3 excluded: 1 no FX rate CNY->USD on 2026-11-20, 1 no FX rate EUR->USD on 2026-11-20, "
            + "1 no FX rate JPY->USD on 2026-11-20; 1 out of stock) -> hold [ignored: 1 no FX rate CNY->USD on 2026-11-20, "
            + "1 no FX rate EUR->USD on 2026-11-20, 1 no FX rate JPY->USD on 2026-11-20, 1 out of stock]")
        XCTAssertEqual(noRates.guards, [])

        let cases: [(name: String, excluded: CompetitorOffer, reason: String)] = [
            ("review spike", Fx.offer("b", "60.00", spike: true), "1 negative-review spike"),
            ("stale but in stock", Fx.offer("b", "60.00", hoursAgo: 72), "1 stale (older than 2d)"),
            ("stock unknown", Fx.offer("b", "60.00", stock: nil), "1 stock unknown"),
            ("no price, in stock", CompetitorOffer(site: "b", price: nil, observedAt: Fx.now), "1 no price"),
        ]
        for c in cases {
            let s = engine.suggest(Fx.item(), offers: [Fx.offer("a", "50.00", stock: .outOfStock), c.excluded])
            XCTAssertEqual(s.suggested, Fx.money("70.00"), c.name)
            XCTAssertTrue(s.reason.hasPrefix("no usable competitor offer (1 excluded: \(c.reason); 1 out of stock) -> hold ["), "\(c.name): \(s.reason)")
        }
        // The same with no_stock: hold: the reason must not claim that no competitor has stock.
        let held = Fx.engine("default: {no_stock: hold}").suggest(Fx.item(), offers: [Fx.offer("a", "50.00", stock: .outOfStock), Fx.offer("b", "60.00", spike: true)])
        XCTAssertTrue(held.reason.hasPrefix("no usable competitor offer (1 excluded: 1 negative-review spike; 1 out of stock) -> hold"), held.reason)

        // Offers whose page said out of stock still allow the raise, even without a price or when stale.
        let soldOut = engine.suggest(Fx.item(), offers: [
            Fx.offer("a", "50.00", stock: .outOfStock),
            CompetitorOffer(site: "b", price: nil, availability: .outOfStock, observedAt: Fx.now),
            Fx.offer("c", "55.00", stock: .discontinued, hoursAgo: 72),
        ])
        XCTAssertEqual(soldOut.suggested, Fx.money("72.99"))
        XCTAssertTrue(soldOut.reason.hasPrefix("no competitor in stock (1 out of stock) -> raise 5% toward ceiling 90.00"), soldOut.reason)
    }

    func testOverridesSkuBeatsCatalogBeatsTagBeatsDefault() {
        let rules = Fx.rules("""
            default: {strategy: match_lowest}
            tags:
              apparel: {strategy: position, position: 2}
              clearance: {strategy: beat_lowest, beat_by: 5%}
            skus:
              SKU-9: {strategy: price_index, index_target: 1.02}
            """)
        func strategy(_ sku: String, tags: [String], catalog: String? = nil, cli: StrategyKind? = nil) -> StrategyKind {
            rules.policy(sku: sku, tags: tags, catalogStrategy: catalog, override: cli).policy.strategy
        }
        XCTAssertEqual(strategy("SKU-1", tags: []), .matchLowest)
        XCTAssertEqual(strategy("SKU-1", tags: ["apparel"]), .position)
        XCTAssertEqual(strategy("SKU-1", tags: ["apparel", "clearance"]), .beatLowest, "later tags in the file win")
        XCTAssertEqual(strategy("SKU-1", tags: ["apparel"], catalog: "hold"), .hold)
        XCTAssertEqual(strategy("SKU-9", tags: ["apparel"], catalog: "hold"), .priceIndex)
        XCTAssertEqual(strategy("SKU-9", tags: [], cli: .matchLowest), .matchLowest)
        XCTAssertEqual(rules.policy(sku: "SKU-9", tags: [], catalogStrategy: nil).policy.indexTarget, Decimal(string: "1.02"))
        let bad = rules.policy(sku: "SKU-1", tags: [], catalogStrategy: "cheapest")
        XCTAssertEqual(bad.policy.strategy, .hold)
        XCTAssertEqual(bad.problem, "catalog strategy 'cheapest' is not one of match_lowest, beat_lowest, position, price_index, hold")
        let s = Repricer(rules: rules, fx: FXRates(), now: Fx.now).suggest(Fx.item(strategy: "cheapest"), offers: [Fx.offer("a", "60.00")])
        XCTAssertEqual(s.suggested, Fx.money("70.00"))
        XCTAssertTrue(s.reason.hasPrefix("catalog strategy 'cheapest' is not one of"), s.reason)
    }

    func testPriceEndings() {
        let usd = PriceEnding.standard(for: "USD")
        XCTAssertEqual(usd.down(12_345, currency: "USD"), 12_299)
        XCTAssertEqual(usd.up(12_345, currency: "USD"), 12_399)
        XCTAssertEqual(usd.down(12_399, currency: "USD"), 12_399)
        let brl = PriceEnding(text: ",90", currency: "BRL")!
        XCTAssertEqual(brl.down(12_860, currency: "BRL"), 12_790)
        XCTAssertEqual(brl.up(12_860, currency: "BRL"), 12_890)
        XCTAssertEqual(PriceEnding.standard(for: "JPY").down(9405, currency: "JPY"), 9405)
        XCTAssertNil(PriceEnding(text: ".99", currency: "JPY"), "yen have no fractions")
        XCTAssertNil(PriceEnding(text: ".9", currency: "USD"))
        XCTAssertEqual(PriceEnding(text: "whole", currency: "CNY")!.down(49_950, currency: "CNY"), 49_900)
    }
}
