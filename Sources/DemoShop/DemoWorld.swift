import Foundation
import Model

/// One of the five demo competitors.
public enum DemoShopID: String, CaseIterable, Sendable {
    case us, eu, cn, br, jp

    public var siteKey: String { "demo-\(rawValue)" }
    public var currency: String { ["us": "USD", "eu": "EUR", "cn": "CNY", "br": "BRL", "jp": "JPY"][rawValue]! }
    public var language: String { ["us": "en", "eu": "de", "cn": "zh", "br": "pt", "jp": "ja"][rawValue]! }
    /// Units of the shop's currency per USD, before the daily drift.
    var usdRate: Decimal { ["us": 1, "eu": Decimal(string: "0.92")!, "cn": Decimal(string: "7.2")!, "br": 5, "jp": 150][rawValue]! }
}

/// The truth about a listing on a day: what its page shows, exactly.
public struct DemoTruth: Sendable, Equatable {
    public var shop: DemoShopID
    public var product: DemoProduct
    public var day: Int
    /// What a buyer pays now.
    public var price: Money
    /// The struck-through regular price during a promotion.
    public var listPrice: Money?
    public var inStock: Bool
    /// Cumulative units sold so far.
    public var totalSold: Int
    /// Units sold in the 30 days up to this day.
    public var soldLast30Days: Int
    public var reviews: [DemoReview]
    /// Mean star rating, one decimal, nil without reviews.
    public var rating: Decimal?

    public var reviewCount: Int { reviews.count }
}

/// A review on a demo shop, written from templates with aspect words.
public struct DemoReview: Sendable, Equatable {
    public var id: String
    public var stars: Int
    public var day: Int
    public var author: String
    public var title: String
    public var body: String
    public var helpful: Int
    public var verified: Bool
    /// Why the buyer sent it back, when the review tells of a return: a `ReturnReason` raw value
    /// ("size_fit"); nil when it tells of none (or says there was no need to return).
    public var returnReason: String? = nil
}

/// Deterministic competitor world: day 0 is 2026-10-01; everything follows from product, shop and day.
///
///     let t = DemoWorld.truth(shop: .br, productID: 12, day: 3)
///     t?.price   // 354.90 BRL
public enum DemoWorld {
    public static let startDate = Date(timeIntervalSince1970: 1_790_812_800)  // 2026-10-01 00:00 UTC

    public static func date(ofDay day: Int) -> Date { startDate.addingTimeInterval(Double(day) * 86_400) }

    /// Whether the shop sells the product (about 70% of the catalog each; a decoy, 30% of the shops).
    public static func sells(_ shop: DemoShopID, _ product: DemoProduct) -> Bool {
        if product.decoyOf != nil { return Mix.pick(100, product.id, shop.hashValueStable, 12) < 30 }
        return Mix.pick(100, product.id, shop.hashValueStable, 11) < 70
    }

    /// Everything the shop lists: catalog products and decoys.
    public static func products(of shop: DemoShopID) -> [DemoProduct] {
        (DemoCatalog.products + DemoCatalog.decoys).filter { sells(shop, $0) }
    }

    /// The `catalog match --accept-above` bar the demo uses, chosen on this world: the surest
    /// wrong suggestion scores 0.38, and at 0.7 the accepted pairs are all right and miss 2% of the
    /// true ones (DemoWorldMatchTests).
    public static let matchAcceptAbove = 0.7

    /// The truth of matching: for each merchant SKU, the listing each shop sells it under
    /// (`site:external_id`, as the `matches` column writes it). Decoys are in none.
    public static func trueMatches() -> Set<String> {
        var out = Set<String>()
        for p in DemoCatalog.products {
            for shop in DemoShopID.allCases where sells(shop, p) { out.insert("\(p.sku)|\(shop.siteKey):\(shop.rawValue.uppercased())-\(p.id)") }
        }
        return out
    }

    /// The shop's regular price on a day, before promotions, in its currency's conventions.
    static func regularPrice(_ shop: DemoShopID, _ p: DemoProduct, day: Int) -> Decimal {
        // Each shop prices each product within -8%..+12% of the reference.
        let markup = Decimal(92 + Mix.pick(21, p.id, shop.hashValueStable, 21)) / 100
        var usd = Decimal(p.baseCents) / 100 * markup
        // Price war: on some products the US and EU shops undercut each other, alternately, 2% a step.
        if isPriceWar(p), shop == .us || shop == .eu {
            let steps = (day + (shop == .us ? 1 : 0)) / 2
            let factor = max(0.7, pow(0.98, Double(steps)))
            usd *= Decimal(factor)
        }
        // One competitor drops below the merchant's cost on some products from day 10.
        if isBelowCost(p), shop == .cn, day >= 10 {
            usd = Decimal(p.costCents) / 100 * Decimal(string: "0.85")!
        }
        return rounded(usd * shop.usdRate, shop: shop)
    }

    public static func isPriceWar(_ p: DemoProduct) -> Bool { p.id % 17 == 3 }
    public static func isBelowCost(_ p: DemoProduct) -> Bool { p.id % 23 == 5 }
    /// Products that get a burst of negative reviews (shipping, or size for apparel) on days 12-15.
    public static func hasComplaintBurst(_ p: DemoProduct) -> Bool { p.id % 13 == 7 }

    /// Price endings as each market writes them: .99 USD, ,00 or ,99 EUR, .00 CNY, ,90 BRL, whole yen.
    static func rounded(_ amount: Decimal, shop: DemoShopID) -> Decimal {
        var a = amount, whole = Decimal()
        NSDecimalRound(&whole, &a, 0, .down)
        switch shop {
        case .us: return whole + Decimal(string: "0.99")!
        case .eu: return whole >= 100 ? whole : whole + Decimal(string: "0.99")!
        case .cn: return whole
        case .br: return whole + Decimal(string: "0.90")!
        case .jp:
            var tens = whole / 10, r = Decimal()
            NSDecimalRound(&r, &tens, 0, .plain)
            return r * 10
        }
    }

    /// A promotion runs on some product/shop pairs for a few days: 10-30% off, regular price struck through.
    static func promotion(_ shop: DemoShopID, _ p: DemoProduct, day: Int) -> Decimal? {
        let week = day / 5
        guard Mix.pick(6, p.id, shop.hashValueStable, week, 31) == 0 else { return nil }
        return Decimal(10 + 5 * Mix.pick(5, p.id, shop.hashValueStable, week, 32)) / 100
    }

    static func inStock(_ shop: DemoShopID, _ p: DemoProduct, day: Int) -> Bool {
        Mix.pick(9, p.id, shop.hashValueStable, day / 3, 41) != 0
    }

    static func unitsSold(_ shop: DemoShopID, _ p: DemoProduct, day: Int) -> Int {
        guard inStock(shop, p, day: day) else { return 0 }
        let popularity = 1 + Mix.pick(40, p.id, shop.hashValueStable, 51)
        return popularity * (1 + Mix.pick(8, p.id, shop.hashValueStable, day, 52))
    }

    /// Truths are pure but not cheap (every review is written out): a product page and its review
    /// pages share one per day.
    static let truthCache = TruthCache()

    public static func truth(shop: DemoShopID, productID: Int, day: Int) -> DemoTruth? {
        if let hit = truthCache.get(shop, productID, day) { return hit }
        let t = computeTruth(shop: shop, productID: productID, day: day)
        if let t { truthCache.put(t) }
        return t
    }

    static func computeTruth(shop: DemoShopID, productID: Int, day: Int) -> DemoTruth? {
        guard let p = DemoCatalog.product(productID), sells(shop, p), day >= 0 else { return nil }
        let regular = regularPrice(shop, p, day: day)
        var price = regular
        var list: Money?
        if let off = promotion(shop, p, day: day) {
            price = rounded(regular * (1 - off), shop: shop)
            if price < regular { list = Money(amount: regular, currency: shop.currency) } else { price = regular }
        }
        // Sales counters start from a per-listing history of 60 days before day 0.
        let history = (1 + Mix.pick(60, p.id, shop.hashValueStable, 61)) * 25
        var total = history
        var last30 = 0
        for d in 0...day {
            let u = unitsSold(shop, p, day: d)
            total += u
            if d > day - 30 { last30 += u }
        }
        if day < 29 { last30 += history * (29 - day) / 60 }
        let reviews = DemoReviews.reviews(shop: shop, product: p, upTo: day)
        var rating: Decimal?
        if !reviews.isEmpty {
            var mean = Decimal(reviews.map(\.stars).reduce(0, +)) / Decimal(reviews.count)
            var r = Decimal()
            NSDecimalRound(&r, &mean, 1, .plain)
            rating = r
        }
        return DemoTruth(shop: shop, product: p, day: day, price: Money(amount: price, currency: shop.currency), listPrice: list,
                         inStock: inStock(shop, p, day: day), totalSold: total, soldLast30Days: last30, reviews: reviews, rating: rating)
    }

    /// Daily reference rates (ECB style: units per 1 EUR) with a small deterministic drift, for `fx import`.
    public static func fxCSV(days: Int) -> String {
        var out = "Date,USD,CNY,BRL,JPY\n"
        for d in 0..<max(days, 1) {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = "yyyy-MM-dd"
            func rate(_ perUSD: Decimal, _ salt: Int, _ digits: Int) -> String {
                let drift = Decimal(995 + Mix.pick(11, d, salt)) / 1000
                var v = perUSD / Decimal(string: "0.92")! * drift, r = Decimal()
                NSDecimalRound(&r, &v, digits, .plain)
                return "\(r)"
            }
            out += "\(f.string(from: date(ofDay: d))),\(rate(1, 1, 4)),\(rate(Decimal(string: "7.2")!, 2, 4)),\(rate(5, 3, 4)),\(rate(150, 4, 2))\n"
        }
        return out
    }

    /// The merchant's catalog as the sheet `pricewatch catalog import` reads. Only every tenth SKU
    /// has its competitor listings filled in by hand; `pricewatch catalog match` finds the rest.
    public static func merchantCatalogCSV() -> String {
        var lines = ["sku,title,currency,cost,current_price,min_price,max_price,shipping,fees_pct,strategy,tags,matches"]
        for p in DemoCatalog.products {
            let price = Decimal(p.baseCents) / 100
            let cost = Decimal(p.costCents) / 100
            let max = rounded(price * Decimal(string: "1.4")!, shop: .us)
            let matches = p.id % 10 != 0 ? "" : DemoShopID.allCases.filter { sells($0, p) }.map { "\($0.siteKey):\($0.rawValue.uppercased())-\(p.id)" }.joined(separator: ";")
            let strategy = p.category == "electronics" ? "beat_lowest" : p.category == "apparel" ? "position" : "match_lowest"
            let title = p.catalogTitle.contains(",") ? "\"\(p.catalogTitle)\"" : p.catalogTitle
            lines.append("\(p.sku),\(title),USD,\(Money(amount: cost, currency: "USD").decimalText),\(Money(amount: price, currency: "USD").decimalText),,\(Money(amount: max, currency: "USD").decimalText),4.99,15,\(strategy),\(p.category),\(matches)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension DemoShopID {
    /// A stable small number per shop (Swift's hashValue changes between runs).
    var hashValueStable: Int { DemoShopID.allCases.firstIndex(of: self)! + 1 }
}

final class TruthCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [Int: DemoTruth] = [:]

    private func key(_ s: DemoShopID, _ id: Int, _ day: Int) -> Int { (day * 1000 + id) * 8 + s.hashValueStable }

    func get(_ s: DemoShopID, _ id: Int, _ day: Int) -> DemoTruth? { lock.withLock { entries[key(s, id, day)] } }

    func put(_ t: DemoTruth) {
        lock.withLock {
            if entries.count > 20_000 { entries.removeAll(keepingCapacity: true) }
            entries[key(t.shop, t.product.id, t.day)] = t
        }
    }

    func clear() { lock.withLock { entries.removeAll(keepingCapacity: true) } }
}
