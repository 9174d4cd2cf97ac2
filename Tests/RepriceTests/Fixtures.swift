import Foundation
import Model
import Reprice
import Store

/// Small builders shared by the repricing tests: a fixed clock, items and offers written in plain decimals.
enum Fx {
    /// 2026-11-20 12:00:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_795_176_000)

    static func money(_ text: String, _ currency: String = "USD") -> Money {
        Money(amount: Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))!, currency: currency)
    }

    static func item(sku: String = "SKU-1", currency: String = "USD", cost: String = "40.00", price: String = "70.00", min: String? = nil,
                     max: String? = "90.00", shipping: String? = "5.00", fees: String? = "0.15", strategy: String? = nil, tags: [String] = []) -> CatalogRecord {
        CatalogRecord(sku: sku, title: "Kettle \(sku)", cost: money(cost, currency), price: money(price, currency), minPrice: min.map { money($0, currency) },
                      maxPrice: max.map { money($0, currency) }, shipping: shipping.map { money($0, currency) },
                      feesFraction: fees.map { Decimal(string: $0)! }, strategy: strategy, tags: tags)
    }

    static func offer(_ site: String, _ price: String, _ currency: String = "USD", shipping: String? = nil, stock: Availability? = .inStock,
                      hoursAgo: Double = 2, rating: String? = nil, spike: Bool = false) -> CompetitorOffer {
        CompetitorOffer(site: site, url: "https://\(site).example/p/1", title: "Listing at \(site)", price: money(price, currency),
                        shipping: shipping.map { money($0, currency) }, availability: stock, observedAt: now.addingTimeInterval(-hoursAgo * 3600),
                        sellerRating: rating.map { Decimal(string: $0)! }, negativeReviewSpike: spike)
    }

    /// Rules from YAML text (the same path the CLI takes).
    static func rules(_ yaml: String) -> RepriceRules {
        do { return try RepriceRules.parse(yaml: yaml, file: "test.yml") } catch { fatalError("\(error)") }
    }

    static func engine(_ yaml: String = "default: {strategy: match_lowest}", fx: FXRates = FXRates()) -> Repricer {
        Repricer(rules: rules(yaml), fx: fx, now: now)
    }
}
