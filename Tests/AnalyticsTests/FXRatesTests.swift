import XCTest
import Model

final class FXRatesTests: XCTestCase {
    func d(_ s: String) -> Decimal { Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))! }

    func rates() -> FXRates {
        let csv = """
        Date,USD,JPY,CNY,BRL,
        2026-11-20,1.0500,162.00,7.6000,6.1000,
        2026-11-23,1.0600,N/A,7.7000,6.2000,
        """
        let parsed = FXRates.parseCSV(csv)
        XCTAssertEqual(parsed.problems, [])
        var fx = FXRates()
        parsed.rates.forEach { fx.add($0) }
        return fx
    }

    func testDirectInverseAndCrossRatesAreExact() {
        let fx = rates()
        XCTAssertEqual(fx.convert(Money(amount: d("100"), currency: "EUR"), to: "USD", on: "2026-11-20")?.money.amount, d("105"))
        XCTAssertEqual(fx.convert(Money(amount: d("105"), currency: "USD"), to: "EUR", on: "2026-11-20")?.money.amount, d("100"))
        // CNY -> USD crosses through EUR: 760 CNY = 100 EUR = 105 USD.
        let cross = fx.convert(Money(amount: d("760"), currency: "CNY"), to: "USD", on: "2026-11-20")
        XCTAssertEqual(cross?.money.amount, d("105"))
        XCTAssertEqual(cross?.rateDays, ["2026-11-20"])
        // JPY has no fraction digits: 105 USD = 100 EUR = 16200 JPY.
        XCTAssertEqual(fx.convert(Money(amount: d("105"), currency: "USD"), to: "JPY", on: "2026-11-20")?.money.decimalText, "16200")
    }

    func testTheObservationDaysRateIsUsedAndWeekendsFallBack() {
        let fx = rates()
        XCTAssertEqual(fx.convert(Money(amount: d("100"), currency: "EUR"), to: "USD", on: "2026-11-23")?.money.amount, d("106"))
        // Saturday uses Friday's rate, and says so.
        let sat = fx.convert(Money(amount: d("100"), currency: "EUR"), to: "USD", on: "2026-11-21")
        XCTAssertEqual(sat?.money.amount, d("105"))
        XCTAssertEqual(sat?.rateDays, ["2026-11-20"])
        // JPY was N/A on the 23rd: the 20th's rate is used.
        XCTAssertEqual(fx.rate(from: "EUR", to: "JPY", on: "2026-11-23")?.days, ["2026-11-20"])
        // Too old or before any rate: no conversion, never a guess.
        XCTAssertNil(fx.convert(Money(amount: 1, currency: "EUR"), to: "USD", on: "2026-12-31"))
        XCTAssertNil(fx.convert(Money(amount: 1, currency: "EUR"), to: "USD", on: "2026-11-19"))
        XCTAssertNil(fx.convert(Money(amount: 1, currency: "EUR"), to: "XYZ", on: "2026-11-20"))
    }

    func testNoBinaryFloatDrift() {
        var fx = FXRates()
        fx.add(day: "2026-01-01", base: "USD", quote: "EUR", rate: d("0.1"))
        let sum = (0..<3).compactMap { _ in fx.convert(Money(amount: d("1"), currency: "USD"), to: "EUR", on: "2026-01-01")?.money.amount }.reduce(0, +)
        XCTAssertEqual(sum, d("0.3"))
    }

    func testLongFormatAndProblemsWithLines() {
        let parsed = FXRates.parseCSV("date,base,quote,rate\n2026-11-20,USD,BRL,5.8\n20/11/2026,USD,BRL,5.8\n2026-11-20,USD,BRL,-1\n")
        XCTAssertEqual(parsed.rates, [FXRates.Rate(day: "2026-11-20", base: "USD", quote: "BRL", rate: d("5.8"))])
        XCTAssertEqual(parsed.problems.map(\.line), [3, 4])
        XCTAssertEqual(FXRates.parseCSV("foo,bar\n").problems.first?.line, 1)
    }
}
