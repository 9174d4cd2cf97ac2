import XCTest
@testable import Crawl
@testable import Extract
import FieldParsers
import Model

/// What a product page's extracted price becomes in the stored observation: a real price, or
/// missing with the reason - never 0, never a wrapped-around Int64.
final class ListingUpdateTests: XCTestCase {
    func observation(price text: String, shipping: String? = nil, listPrice: String? = nil) -> (price: Money?, missing: [String: String], shipping: Money?, listPrice: Money?) {
        let ctx = ParseContext(currencyHint: "USD")
        func field(_ name: String, _ t: String) -> ExtractedField {
            switch FieldKind.price.parse(t, context: ctx) {
            case .success(let v): return ExtractedField(name: name, value: v, values: [v], raw: t, source: .css, selector: nil, alternative: 0, reason: nil)
            case .failure(let e): return ExtractedField(name: name, value: nil, values: [], raw: t, source: nil, selector: nil, alternative: nil, reason: e.reason)
            }
        }
        var fields = ["price": field("price", text)]
        if let shipping { fields["shipping"] = field("shipping", shipping) }
        if let listPrice { fields["list_price"] = field("list_price", listPrice) }
        var stats = SiteRunStats(site: "s")
        let u = PageProcessor.listingUpdate(ExtractedRecord(fields: fields, missingRequired: []), site: "s", url: "http://127.0.0.1/p/1",
                                            runID: 1, at: Date(timeIntervalSince1970: 0), stats: &stats)
        let o = u.observation!
        return (o.price, o.missing, o.shipping, o.listPrice)
    }

    func testOrdinaryPriceIsKept() {
        let o = observation(price: "$19.99")
        XCTAssertEqual(o.price, Money(amount: Decimal(string: "19.99")!, currency: "USD"))
        XCTAssertEqual(o.price?.minorUnits, 1999)
        XCTAssertNil(o.missing["price"])
    }

    func testZeroPriceIsMissingWithReason() {
        for text in ["$0.00", "Free", "0"] {
            let o = observation(price: text)
            XCTAssertNil(o.price, text)
            XCTAssertNotNil(o.missing["price"], text)
        }
        XCTAssertTrue(observation(price: "$0.00").missing["price"]!.contains("price is 0"))
    }

    func testOverflowingPriceIsMissingNotWrapped() {
        for text in ["$99999999999999999999", "$92233720368547758.08", "$10000000000001"] {
            let o = observation(price: text)
            XCTAssertNil(o.price, text)
            XCTAssertTrue(o.missing["price"]?.contains("implausible") == true, "\(text): \(o.missing)")
        }
        XCTAssertNotNil(observation(price: "$9999999999999").price, "just under the cap is still a price")
    }

    func testFreeShippingIsARealZeroButHugeListPriceIsDropped() {
        let o = observation(price: "$20", shipping: "$0.00", listPrice: "$99999999999999999999")
        XCTAssertEqual(o.shipping?.minorUnits, 0)
        XCTAssertNil(o.listPrice)
    }

    func testMinorUnitsClampInsteadOfWrapping() {
        XCTAssertEqual(Money(amount: Decimal(string: "99999999999999999999")!, currency: "USD").minorUnits, .max)
        XCTAssertEqual(Money(amount: Decimal(string: "-99999999999999999999")!, currency: "USD").minorUnits, .min)
        XCTAssertEqual(Money.implausiblePrice(Decimal(string: "-5")!), "negative price -5")
    }
}
