import Foundation
import Model
import PropertyBased
import Reprice
import Store
import Testing

/// Random catalogs, competitors, FX rates and rules: the guards hold for all of them.
@Suite struct RepricePropertyTests {
    /// A random scenario drawn from one seed (SplitMix64), so a failure names the seed that shows it.
    struct Scenario {
        var item: CatalogRecord
        var offers: [CompetitorOffer]
        var rules: RepriceRules
        var fx: FXRates
        var maxChange: Decimal?

        init(seed: UInt64) {
            var rng = SplitMix(seed: seed)
            let currencies = ["USD", "EUR", "BRL", "JPY", "CNY", "GBP"]
            let currency = currencies[rng.int(0...currencies.count - 1)]
            let scale = Int64(truncating: NSDecimalNumber(decimal: Currency.minorUnitScale(currency)))
            func money(_ minor: Int64, _ c: String = currency) -> Money { Money(minorUnits: minor, currency: c) }
            let cost = Int64(rng.int(1...2000)) * scale * (currency == "JPY" ? 100 : 1) + Int64(rng.int(0...Int(scale - 1)))
            let shipping = rng.bool() ? Int64(rng.int(0...Int(cost / 8))) : 0
            let fees = Decimal(rng.int(0...30)) / 100
            // Mostly a healthy price, sometimes one under the floor.
            let current = max(1, cost * Int64(rng.int(0...5) == 0 ? rng.int(50...150) : rng.int(140...260)) / 100)
            let ceiling: Int64? = rng.int(0...4) == 0 ? nil : current * Int64(rng.int(60...200)) / 100
            let minPrice: Int64? = rng.int(0...3) == 0 ? current * Int64(rng.int(50...120)) / 100 : nil
            item = CatalogRecord(sku: "SKU-\(seed % 1000)", title: "Item", cost: money(cost), price: money(current), minPrice: minPrice.map { money($0) },
                                 maxPrice: ceiling.map { money($0) }, shipping: money(shipping), feesFraction: fees,
                                 strategy: rng.int(0...5) == 0 ? ["match_lowest", "hold", "bogus"][rng.int(0...2)] : nil, tags: rng.bool() ? ["t"] : [])
            fx = FXRates()
            let now = Fx.now
            for d in 0...3 {
                let day = UTCDay(now.addingTimeInterval(Double(-d) * 86_400))
                for (q, r) in [("USD", "1.08"), ("BRL", "6.1"), ("JPY", "161"), ("CNY", "7.7"), ("GBP", "0.85")] where rng.int(0...9) > 0 {
                    fx.add(day: day, base: "EUR", quote: q, rate: Decimal(string: r)! + Decimal(rng.int(0...50)) / 1000)
                }
            }
            offers = (0..<rng.int(0...10)).map { i in
                let c = rng.int(0...2) == 0 ? currencies[rng.int(0...currencies.count - 1)] : currency
                let cScale = Int64(truncating: NSDecimalNumber(decimal: Currency.minorUnitScale(c)))
                let base = c == currency ? current : Int64(rng.int(5...5000)) * cScale
                let price = max(1, base * Int64(rng.int(40...160)) / 100)
                let stock: [Availability?] = [.inStock, .inStock, .inStock, .outOfStock, nil, .limitedAvailability]
                return CompetitorOffer(site: "shop-\(i % 4)", url: "https://shop\(i).example/p", title: "t\(i)", price: rng.int(0...15) == 0 ? nil : money(price, c),
                                       shipping: rng.bool() ? money(Int64(rng.int(0...999)), c) : nil, availability: stock[rng.int(0...stock.count - 1)],
                                       observedAt: now.addingTimeInterval(-Double(rng.int(0...80 * 3600))),
                                       sellerRating: rng.bool() ? Decimal(rng.int(0...50)) / 10 : nil, negativeReviewSpike: rng.int(0...6) == 0)
            }
            let strategies = ["match_lowest", "beat_lowest", "position", "price_index", "hold"]
            maxChange = rng.int(0...4) == 0 ? nil : Decimal(rng.int(1...40))
            var yaml = """
                default:
                  strategy: \(strategies[rng.int(0...4)])
                  beat_by: \(rng.bool() ? "\(rng.int(0...5))%" : "0.\(rng.int(0...9))\(rng.int(0...9))")
                  position: \(rng.int(1...4))
                  index_target: 0.\(rng.int(85...99))
                  no_stock: \(rng.bool() ? "raise" : "hold")
                  raise_step: \(rng.int(1...20))%
                  competitors: {max_age: \(rng.int(1...72))h, exclude_review_spike: \(rng.bool())\(rng.bool() ? ", min_seller_rating: 3" : "")}
                  guards: {min_margin: \(rng.int(0...30))%, min_change: 0.\(rng.int(0...9))%, max_change: \(maxChange.map { "\($0)%" } ?? "off")}
                tags:
                  t: {strategy: \(strategies[rng.int(0...4)])}

                """
            if rng.bool() { yaml += "endings: {CNY: '.90', USD: none}\n" }
            rules = Fx.rules(yaml)
        }
    }

    static func UTCDay(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: d)
    }

    @Test func neverBelowTheFloorNorAboveTheCeilingAndWithinTheChangeLimit() async {
        await propertyCheck(count: 1500, input: Gen.uint64()) { seed in
            let sc = Scenario(seed: seed)
            let s = Repricer(rules: sc.rules, fx: sc.fx, now: Fx.now).suggest(sc.item, offers: sc.offers)
            let x = s.suggested.minorUnits, current = sc.item.price.minorUnits
            #expect(s.suggested.currency == sc.item.price.currency)
            guard let floor = s.floor?.minorUnits else { return #expect(s.suggested == sc.item.price, "seed \(seed)") }
            #expect(x >= floor, "seed \(seed): \(s.reason)")
            if let ceiling = sc.item.maxPrice?.minorUnits {
                // A ceiling under the floor cannot hold both: the floor wins, and the reason says so.
                #expect(x <= max(ceiling, floor), "seed \(seed): \(s.reason)")
            }
            let within = current >= floor && current <= max(sc.item.maxPrice?.minorUnits ?? .max, floor)
            if within, let p = sc.maxChange {
                #expect(Decimal(abs(x - current)) * 100 <= p * Decimal(current), "seed \(seed): \(s.reason)")
            }
            if within, x != current {
                #expect(!s.guards.contains("min change"))
            }
        }
    }

    @Test func sameInputsSameOutputInAnyOfferOrder() async {
        await propertyCheck(count: 500, input: Gen.uint64()) { seed in
            let sc = Scenario(seed: seed)
            let engine = Repricer(rules: sc.rules, fx: sc.fx, now: Fx.now)
            let a = engine.suggest(sc.item, offers: sc.offers)
            let b = engine.suggest(sc.item, offers: sc.offers)
            #expect(a == b, "seed \(seed)")
            let c = engine.suggest(sc.item, offers: sc.offers.reversed())
            #expect(a.suggested == c.suggested && a.reason == c.reason, "seed \(seed): \(a.reason) vs \(c.reason)")
        }
    }

    /// Repricing the suggested price again with the same competitors changes nothing, unless the
    /// first run was cut short by the max-change limit or stepped up with no competitor in stock.
    @Test func idempotentWhenNothingChanged() async {
        await propertyCheck(count: 1500, input: Gen.uint64()) { seed in
            let sc = Scenario(seed: seed)
            let engine = Repricer(rules: sc.rules, fx: sc.fx, now: Fx.now)
            let first = engine.suggest(sc.item, offers: sc.offers)
            guard !first.guards.contains("max change"), !first.reason.contains("-> raise") else { return }
            var again = sc.item
            again.price = first.suggested
            let second = engine.suggest(again, offers: sc.offers)
            #expect(second.suggested == first.suggested, "seed \(seed): \(first.reason) THEN \(second.reason)")
            #expect(!second.changed)
        }
    }
}

/// The engine converts with integer fixed-point factors; it must agree with FXRates.convert (exact
/// Decimal) on direct, inverse and crossed rates.
@Suite struct FXAgreementTests {
    /// 996,007.74 GBP at 0.8512 GBP per EUR is exactly 1,170,121.875 EUR: 117,012,187.5 cents, a true
    /// tie, rounded half-even to 117,012,188. Multiplying by a reciprocal cut at 38 digits used to land
    /// just under the tie (...187) in FXRates.convert; both sides now divide by the published rate.
    @Test func exactTiesOnInverseAndCrossRatesRoundHalfEven() {
        var fx = FXRates()
        fx.add(day: "2026-11-20", base: "EUR", quote: "GBP", rate: Decimal(string: "0.8512")!)
        fx.add(day: "2026-11-20", base: "EUR", quote: "USD", rate: Decimal(string: "1.0640")!)
        let gbp = Money(minorUnits: 99_600_774, currency: "GBP")
        #expect(fx.convert(gbp, to: "EUR", on: "2026-11-20")?.money.minorUnits == 117_012_188)
        // Cross through EUR: 1.0640 / 0.8512 = 1.25 USD per GBP exactly, so 42.56 GBP is 53.20 USD.
        #expect(fx.convert(Money(minorUnits: 4_256, currency: "GBP"), to: "USD", on: "2026-11-20")?.money.minorUnits == 5_320)
        let item = Fx.item(currency: "EUR", cost: "0", price: "1.00", max: nil, shipping: nil, fees: nil)
        let s = Repricer(rules: Fx.rules("default: {competitors: {outlier_mad: off}}"), fx: fx, now: Fx.now)
            .suggest(item, offers: [CompetitorOffer(site: "s", price: gbp, observedAt: Fx.now)])
        #expect(s.considered.first?.landedMinor == 117_012_188)
    }

    @Test func landedPricesMatchFXRatesConvert() async {
        var fx = FXRates()
        for (q, r) in [("USD", "1.0534"), ("BRL", "6.1023"), ("JPY", "161.37"), ("CNY", "7.6894"), ("GBP", "0.8512"), ("KWD", "0.3245")] {
            fx.add(day: "2026-11-20", base: "EUR", quote: q, rate: Decimal(string: r)!)
        }
        let codes = ["EUR", "USD", "BRL", "JPY", "CNY", "GBP", "KWD"]
        await propertyCheck(count: 2000, input: Gen.int(in: 1...2_000_000_000), Gen.int(in: 0...6), Gen.int(in: 0...6)) { minor, f, t in
            let from = codes[f], to = codes[t]
            let money = Money(minorUnits: Int64(minor), currency: from)
            let item = Fx.item(currency: to, cost: "0", price: to == "JPY" ? "100" : "1.00", max: nil, shipping: nil, fees: nil)
            let offer = CompetitorOffer(site: "s", price: money, observedAt: Fx.now)
            let s = Repricer(rules: Fx.rules("default: {competitors: {outlier_mad: off}}"), fx: fx, now: Fx.now).suggest(item, offers: [offer])
            let want = fx.convert(money, to: to, on: "2026-11-20")?.money.minorUnits
            #expect(s.considered.first?.landedMinor == want, "\(money) -> \(to)")
        }
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.upperBound - r.lowerBound + 1)) }
    mutating func bool() -> Bool { next() & 1 == 1 }
}
