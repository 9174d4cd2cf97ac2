import XCTest
import Model
@testable import Analytics

final class PeriodAnalysisTests: XCTestCase {
    let day0 = Date(timeIntervalSince1970: 1_790_035_200)  // 2026-09-22 00:00 UTC
    func d(_ s: String) -> Decimal { Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))! }
    func at(_ n: Int) -> Date { day0.addingTimeInterval(Double(n) * 86_400 + 3600) }

    func listing(_ id: Int64, site: String, key: String, currency: String, _ rows: [(Int, String?, Availability, Int64?)]) -> ListingHistory {
        ListingHistory(listingID: id, site: site, title: "T\(id)", url: "http://127.0.0.1/\(id)", productKey: key, productName: "Kettle",
                       observations: rows.map { ListingHistory.Observation(at: at($0.0), price: $0.1.map { Money(amount: d($0), currency: currency) },
                                                                          availability: $0.2, sales: $0.3.map { SalesCount(count: $0, window: .total, isLowerBound: false) }) })
    }

    func analysis() -> PeriodAnalysis {
        var fx = FXRates()
        for n in 0..<12 { fx.add(day: PeriodAnalysis.day(at(n)), base: "EUR", quote: "USD", rate: d("1.10")) }
        let us = listing(1, site: "demo-us", key: "SKU-1", currency: "USD", [
            (0, "100.00", .inStock, 1000), (1, "100.00", .inStock, 1010), (5, "90.00", .inStock, 1050), (6, "0.01", .inStock, 1060),
            (7, "88.00", .outOfStock, 1060), (8, "88.00", .inStock, 1080),
        ])
        let eu = listing(2, site: "demo-eu", key: "SKU-1", currency: "EUR", [
            (0, "80.00", .inStock, nil), (1, "80.00", .inStock, nil), (5, "85.00", .inStock, nil), (8, "86.00", .inStock, nil),
        ])
        let merchant = ["SKU-1": MerchantOffer(sku: "SKU-1", title: "Kettle", price: Money(amount: d("95.00"), currency: "USD"), cost: Money(amount: d("89.00"), currency: "USD"))]
        return PeriodAnalysis(listings: [eu, us], merchant: merchant, fx: fx, baseCurrency: "USD", since: at(2), until: at(9))
    }

    func testMovesAreSortedByMagnitudeAndUseThePriceBeforeThePeriod() {
        let a = analysis()
        XCTAssertEqual(a.priceMoves.map(\.listing.listingID), [1, 2])
        XCTAssertEqual(a.priceMoves[0].percent, d("-12"))
        XCTAssertEqual(a.priceMoves[1].percent, d("7.5"))
    }

    func testGlitchIsAnOutlierAndNotANewLow() {
        let a = analysis()
        XCTAssertEqual(a.outliers.map(\.price.amount), [d("0.01")])
        XCTAssertEqual(a.extremes.filter { $0.kind == .newLow }.map(\.price.amount), [d("88")])
        XCTAssertEqual(a.extremes.filter { $0.kind == .newHigh }.map(\.listing.listingID), [2])
    }

    func testUndercutsInTheMerchantsCurrencyWithCostFlag() {
        let a = analysis()
        // US 88.00 < 95.00 (and below the 89.00 cost); EU 86 EUR = 94.60 USD < 95.00.
        XCTAssertEqual(a.undercuts.map(\.listing.listingID), [1, 2])
        XCTAssertEqual(a.undercuts[0].gap.amount, d("7"))
        XCTAssertTrue(a.undercuts[0].belowMerchantCost)
        XCTAssertEqual(a.undercuts[1].competitorPrice.amount, d("94.6"))
        XCTAssertFalse(a.undercuts[1].belowMerchantCost)
    }

    func testStockEventsSalesAndIndex() throws {
        let a = analysis()
        XCTAssertEqual(a.stockEvents.map(\.kind), [.stockout, .restock])
        let leader = try XCTUnwrap(a.salesLeaders.first)
        XCTAssertEqual(leader.listing.listingID, 1)
        // (1050-1010)/4 = 10, 10, 0, 20 -> mean 10 per day.
        XCTAssertEqual(leader.unitsPerDay, 10, accuracy: 1e-9)
        let us = try XCTUnwrap(a.summaries.first { $0.listing.listingID == 1 })
        // 88 USD vs market median of (88, 94.60) = 91.30 -> 0.964
        XCTAssertEqual(us.priceIndex, d("0.964"))
        XCTAssertEqual(a.ratesUsed.map(\.from), ["EUR"])
        XCTAssertEqual(a.ratesUsed.first?.days, [PeriodAnalysis.day(at(8))])
    }

    func testBaseCurrencyPriceIsTheLatestObservationsEvenForASingleListing() throws {
        var fx = FXRates()
        for n in 0..<12 { fx.add(day: PeriodAnalysis.day(at(n)), base: "EUR", quote: "USD", rate: d("1.10")) }
        // One listing of its product (no index possible) in USD and in EUR; one whose latest page had no price.
        let alone = listing(1, site: "demo-us", key: "SKU-A", currency: "USD", [(1, "50.00", .inStock, nil), (8, "52.00", .inStock, nil)])
        let euro = listing(2, site: "demo-eu", key: "SKU-B", currency: "EUR", [(8, "10.00", .inStock, nil)])
        let broken = listing(3, site: "demo-us", key: "SKU-C", currency: "USD", [(1, "114.99", .inStock, nil), (8, nil, .inStock, nil)])
        let other = listing(4, site: "demo-eu", key: "SKU-C", currency: "EUR", [(8, "100.00", .inStock, nil)])
        let a = PeriodAnalysis(listings: [alone, euro, broken, other], merchant: [:], fx: fx, baseCurrency: "USD", since: at(2), until: at(9))
        func summary(_ id: Int64) throws -> PeriodAnalysis.ListingSummary { try XCTUnwrap(a.summaries.first { $0.listing.listingID == id }) }
        XCTAssertEqual(try summary(1).latestInBase, Money(amount: d("52"), currency: "USD"))
        XCTAssertNil(try summary(1).priceIndex, "no other listing to compare with")
        XCTAssertEqual(try summary(2).latestInBase, Money(amount: d("11"), currency: "USD"))
        XCTAssertNil(try summary(3).latestInBase, "the latest observation has no price: no 10-day-old one instead")
        XCTAssertNil(try summary(3).priceIndex)
        XCTAssertNil(try summary(4).priceIndex, "its only peer has no current price")
    }
}
