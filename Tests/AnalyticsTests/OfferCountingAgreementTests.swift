import XCTest
import Model
@testable import Analytics

/// Where the report's old undercut rule (bare price, pre-order/back-order/unknown stock buyable,
/// no age limit) and the repricer's (landed price, in stock only, max age) disagreed: both now
/// judge with `OfferCounting`, so the report's undercuts and exclusions are the repricer's verdicts.
final class OfferCountingAgreementTests: XCTestCase {
    let until = Date(timeIntervalSince1970: 1_790_035_200 + 10 * 86_400)

    func testReportUndercutsAreTheRepricersVerdicts() throws {
        func obs(_ hoursAgo: Double, _ price: String, ship: String? = nil, _ a: Availability?) -> ListingHistory.Observation {
            ListingHistory.Observation(at: until.addingTimeInterval(-hoursAgo * 3600), price: Money(amount: Decimal(string: price)!, currency: "USD"),
                                       shipping: ship.map { Money(amount: Decimal(string: $0)!, currency: "USD") }, availability: a)
        }
        let rows: [(Int64, ListingHistory.Observation)] = [
            (1, obs(5, "90.00", .inStock)),                 // counts, undercuts: both old rules agreed
            (2, obs(5, "90.00", ship: "12.00", .inStock)),  // old report: 90 < 95 undercuts; landed 102: does not
            (3, obs(5, "80.00", .preOrder)),                // old report: buyable; repricer: not in stock
            (4, obs(5, "80.00", nil)),                      // old report: buyable; repricer: stock unknown
            (5, obs(100, "80.00", .inStock)),               // old report: no age limit; repricer: stale
        ]
        let listings = rows.map { id, o in
            ListingHistory(listingID: id, site: "s\(id)", title: "T", url: "http://127.0.0.1/\(id)", productKey: "SKU-1", productName: "Kettle", observations: [o])
        }
        let merchant = ["SKU-1": MerchantOffer(sku: "SKU-1", title: "Kettle", price: Money(amount: 95, currency: "USD"))]
        let a = PeriodAnalysis(listings: listings, merchant: merchant, fx: FXRates(), baseCurrency: "USD",
                               since: until.addingTimeInterval(-7 * 86_400), until: until)
        XCTAssertEqual(a.undercuts.map(\.listing.listingID), [1])
        XCTAssertEqual(a.excludedOffers.map(\.listing.listingID), [3, 4, 5])
        XCTAssertEqual(a.excludedOffers.map(\.reason), [.notInStock, .stockUnknown, .stale])
        // The repricer's own call on the same offers gives the same verdicts and landed prices.
        var judge = OfferCounting(fx: FXRates())
        for l in listings {
            let o = l.observations[0]
            let offer = CompetitorOffer(site: l.site, url: l.url, title: l.title, price: o.price, shipping: o.shipping, availability: o.availability, observedAt: o.at)
            switch judge.judge(offer, currency: "USD", rule: OfferCountingRule(), now: until) {
            case .counts(let c):
                XCTAssertFalse(a.excludedOffers.contains { $0.listing.listingID == l.listingID })
                if let u = a.undercuts.first(where: { $0.listing.listingID == l.listingID }) { XCTAssertEqual(u.offer.landedMinor, c.landedMinor) } else {
                    XCTAssertGreaterThanOrEqual(c.landedMinor, 9500, "not an undercut only when landed at or above 95.00")
                }
            case .excluded(let why):
                XCTAssertEqual(a.excludedOffers.first { $0.listing.listingID == l.listingID }?.reason, why)
            }
        }
    }
}
