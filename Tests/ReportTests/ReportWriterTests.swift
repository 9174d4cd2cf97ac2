import XCTest
import CLibXML2
import Model
import Analytics
@testable import Report

final class ReportWriterTests: XCTestCase {
    let day0 = Date(timeIntervalSince1970: 1_790_035_200)
    func d(_ s: String) -> Decimal { Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))! }
    func at(_ n: Int) -> Date { day0.addingTimeInterval(Double(n) * 86_400 + 3600) }

    func input() -> ReportWriter.Input {
        var fx = FXRates()
        for n in 0..<15 { fx.add(day: PeriodAnalysis.day(at(n)), base: "EUR", quote: "USD", rate: d("1.10")) }
        let hostile = "=cmd|' /C calc'!A0 | <script>alert(1)</script>\nnext"
        let us = ListingHistory(listingID: 1, site: "demo-us", title: hostile, url: "http://127.0.0.1/us/p/1", productKey: "SKU-1", productName: hostile,
                                observations: (0..<10).map { n in
                                    ListingHistory.Observation(at: at(n), price: Money(amount: n < 5 ? d("100.00") : d("89.99"), currency: "USD"),
                                                               availability: n == 7 ? .outOfStock : .inStock,
                                                               sales: SalesCount(count: 1000 + Int64(n) * 25, window: .total, isLowerBound: false))
                                })
        let eu = ListingHistory(listingID: 2, site: "demo-eu", title: "Wasserkocher", url: "http://127.0.0.1/eu/p/1", productKey: "SKU-1", productName: hostile,
                                observations: (0..<10).map { n in ListingHistory.Observation(at: at(n), price: Money(amount: d("84.50"), currency: "EUR"), availability: .inStock) })
        return ReportWriter.Input(listings: [us, eu],
                                  merchant: ["SKU-1": MerchantOffer(sku: "SKU-1", title: "Kettle", price: Money(amount: d("95.00"), currency: "USD"))],
                                  fx: fx, baseCurrency: "USD", since: at(2), until: at(9),
                                  alarms: [ReportWriter.RunAlarm(runID: 7, job: "demo-us", startedAt: at(6), site: "demo-us", message: "coverage: price 0% | broken")])
    }

    func tempDir() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("pw-report-\(UUID().uuidString)")
    }

    func testWritesAllFilesDeterministically() throws {
        let a = tempDir(), b = tempDir()
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        let files = try ReportWriter(input: input()).write(to: a)
        try ReportWriter(input: input()).write(to: b)
        if let keep = ProcessInfo.processInfo.environment["PW_KEEP_REPORT"] { try? FileManager.default.copyItem(at: a, to: URL(fileURLWithPath: keep)) }
        XCTAssertEqual(Array(files.dropFirst()), ["fx_rates_used.csv", "price_history.csv", "prices.csv", "sales.csv", "summary.md"])
        XCTAssertEqual(files.first, "charts/SKU-1.svg")
        XCTAssertNotEqual(ReportWriter.slug("SKU-1"), ReportWriter.slug("sku 1"), "different keys never share a chart")
        for f in files {
            XCTAssertEqual(try Data(contentsOf: a.appendingPathComponent(f)), try Data(contentsOf: b.appendingPathComponent(f)), "\(f) must be byte-identical")
        }
    }

    func testSummaryEscapesCompetitorTextAndKeepsTablesIntact() throws {
        let md = ReportWriter(input: input()).summaryMarkdown()
        XCTAssertFalse(md.contains("<script>"))
        XCTAssertTrue(md.contains("&lt;script&gt;"))
        // Every table row has the same number of unescaped pipes as its header.
        for table in md.components(separatedBy: "\n\n") where table.hasPrefix("|") {
            let rows = table.split(separator: "\n").map { row in row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count }
            XCTAssertEqual(Set(rows).count, 1, "table broken:\n\(table)")
        }
        XCTAssertTrue(md.contains("| -10.0%"), md)
        XCTAssertTrue(md.contains("stockout"))
        XCTAssertTrue(md.contains("coverage: price 0% \\| broken"))
        XCTAssertTrue(md.contains("| EUR -> USD | 1.1 |"), md)
    }

    /// Issue 27: "Exchange rates used" listed days, never a rate. Each rate used: the pair, the rate,
    /// the day it was published and where it comes from (a stored rate, its inverse, or a cross rate).
    func testExchangeRatesUsedListsPairRateDayAndSource() throws {
        var base = input()
        var fx = FXRates()
        fx.add(day: PeriodAnalysis.day(at(8)), base: "EUR", quote: "USD", rate: d("1.10"))
        fx.add(day: PeriodAnalysis.day(at(8)), base: "EUR", quote: "JPY", rate: d("160"))
        fx.add(day: PeriodAnalysis.day(at(9)), base: "USD", quote: "BRL", rate: d("5.00"))
        base.fx = fx
        let jp = ListingHistory(listingID: 3, site: "demo-jp", title: "Kettle", url: "http://127.0.0.1/jp/p/1", productKey: "SKU-1", productName: "Kettle",
                                observations: [ListingHistory.Observation(at: at(9), price: Money(amount: d("14000"), currency: "JPY"), availability: .inStock)])
        let br = ListingHistory(listingID: 4, site: "demo-br", title: "Chaleira", url: "http://127.0.0.1/br/p/1", productKey: "SKU-1", productName: "Kettle",
                                observations: [ListingHistory.Observation(at: at(9), price: Money(amount: d("450.00"), currency: "BRL"), availability: .inStock)])
        base.listings += [jp, br]
        let md = ReportWriter(input: base).summaryMarkdown()
        let section = try XCTUnwrap(md.components(separatedBy: "## Exchange rates used\n\n").last)
        let day8 = PeriodAnalysis.day(at(8)), day9 = PeriodAnalysis.day(at(9))
        XCTAssertTrue(section.contains("| Pair | Rate | Published | Source |"), section)
        XCTAssertTrue(section.contains("| BRL -> USD | 0.2 | \(day9) | inverse of USD/BRL 5 |"), section)
        XCTAssertTrue(section.contains("| EUR -> USD | 1.1 | \(day8) | EUR/USD 1.1 as stored |"), section)
        XCTAssertTrue(section.contains("| JPY -> USD | 0.006875 | \(day8) | cross: EUR/USD 1.1 ÷ EUR/JPY 160 |"), section)

        // The history and charts convert every day's observations: those rates are in fx_rates_used.csv.
        let fxFile = ReportWriter(input: base).ratesCSV(ReportWriter(input: base).baseAmounts().rates)
        XCTAssertTrue(fxFile.hasPrefix("from,to,rate,published,source\r\nBRL,USD,0.2,\(day9),inverse of USD/BRL 5\r\n"), fxFile)
        let history = try XCTUnwrap(ReportWriter(input: input()).summaryMarkdown().components(separatedBy: "## Exchange rates used\n\n").last)
        XCTAssertTrue(history.contains("`price_history.csv` and the charts convert every observation at its own day's rate: 9 more rates"), history)

        var usOnly = input()
        usOnly.listings = [usOnly.listings[0]]
        let none = ReportWriter(input: usOnly).summaryMarkdown()
        XCTAssertTrue(none.contains("## Exchange rates used\n\nNone were needed: every amount was already in USD."), none)
    }

    func testCSVCellsAreGuardedAndHistoryIsConverted() throws {
        let w = ReportWriter(input: input())
        let prices = w.pricesCSV()
        XCTAssertFalse(prices.contains(",=cmd"))
        XCTAssertTrue(prices.contains("\"'=cmd"))
        let history = w.historyCSV()
        XCTAssertTrue(history.contains("demo-eu,2,84.50,EUR,92.95,InStock"), history)
        XCTAssertTrue(w.salesCSV().contains(",25.00,differenced,"))
    }

    func testChartsParseAsSVG() throws {
        for (_, svg) in ReportWriter(input: input()).chartFiles() {
            let doc = svg.withCString { xmlReadMemory($0, Int32(strlen($0)), "c.svg", "UTF-8", Int32(XML_PARSE_NONET.rawValue)) }
            XCTAssertNotNil(doc)
            xmlFreeDoc(doc)
            XCTAssertTrue(svg.contains(">you<"))
        }
    }
}
