import Foundation
import XCTest
@testable import Report
import Sentiment

final class ReturnReportTests: XCTestCase {
    let day = 86_400.0
    let start = Date(timeIntervalSince1970: 1_790_812_800)

    func item(_ text: String, title: String? = nil, site: String = "shop-a", product: String = "SKU-1", name: String = "Lamp", day d: Double) -> ReviewItem {
        ReviewItem(product: product, productName: name, site: site, at: start.addingTimeInterval(d * day), rating: 1,
                   sentiment: SentimentAnalyzer().analyze(body: text, rating: 1), returnMention: ReturnDetector.detect(title: title, body: text))
    }

    func testCountsByReasonPerProductAndCompetitorWithTheShortestQuote() {
        let items = [
            item("Way too small, I had to return it.", day: 1),
            item("Ordered my usual size but it runs two sizes small, so I sent it back to the seller.", day: 2),
            item("Stopped working after two weeks. Returned for a refund.", day: 3),
            item("No need to return it, it works great.", day: 3),
            item("尺码偏小，穿不上，已经退货了。", site: "shop-b", day: 4),
            item("Way too small, I had to return it.", day: 30),   // after the period
        ]
        let s = ReturnSummary(items: items, since: start, until: start.addingTimeInterval(7 * day))
        XCTAssertEqual(s.reviews, 5)
        XCTAssertEqual(s.returns, 4)
        XCTAssertEqual(s.groups.map(\.site), ["shop-a", "shop-b"])
        let a = s.groups[0]
        XCTAssertEqual(a.reviews, 4)
        XCTAssertEqual(a.returns, 3)
        XCTAssertEqual(a.byReason.map(\.reason), [.sizeFit, .defective])
        XCTAssertEqual(a.byReason.map(\.count), [2, 1])
        XCTAssertEqual(a.byReason[0].quote, "Way too small, I had to return it.")
        XCTAssertEqual(s.overall.map(\.reason), [.sizeFit, .defective])
        XCTAssertEqual(s.overall.map(\.count), [3, 1])

        let md = ReturnReport.section(s).markdown
        XCTAssertTrue(md.hasPrefix("4 of 5 reviews posted in the period tell of a return"), md)
        XCTAssertTrue(md.contains("| size/fit | 3 | 75% |"), md)
        XCTAssertTrue(md.contains("| Lamp | shop-a | 4 | 3 | size/fit 2, defective or broken 1 |"), md)
        let csv = ReturnReport.csv(s).split(separator: "\r\n").map(String.init)
        XCTAssertEqual(csv[0], "product,product_name,site,reviews,returns,reason,reason_title,count,share_of_returns,example_quote")
        XCTAssertEqual(csv[1], "SKU-1,Lamp,shop-a,4,3,size_fit,size/fit,2,0.667,\"Way too small, I had to return it.\"")
        XCTAssertEqual(csv.count, 4)
    }

    /// Quotes and names are competitor text: markdown stays markdown, spreadsheets run no formula.
    func testSectionAndCSVEscapeCompetitorText() {
        let hostile = item("=HYPERLINK(\"http://x\") **bold** <script>x</script> | broke on day one, returned it", name: "[Lamp](javascript:x) | x", day: 1)
        let formula = item("=1+1 returned it", product: "SKU-2", name: "=cmd|' /C calc'!A0", day: 1)
        let s = ReturnSummary(items: [hostile, formula], since: start, until: start.addingTimeInterval(7 * day))
        XCTAssertEqual(s.returns, 2)
        let md = ReturnReport.section(s).markdown
        XCTAssertFalse(md.contains("<script>"), md)
        XCTAssertFalse(md.contains("**bold**"), md)
        XCTAssertTrue(md.contains("\\[Lamp\\](javascript:x)"), "a link stays text: \(md)")
        for line in md.split(separator: "\n") where line.hasPrefix("| Lamp") || line.hasPrefix("| \\[Lamp") {
            XCTAssertEqual(line.filter { $0 == "|" }.count - line.components(separatedBy: "\\|").count + 1, 7, "a table row keeps its 6 cells: \(line)")
        }
        let csv = ReturnReport.csv(s)
        XCTAssertFalse(csv.contains(",=HYPERLINK"), csv)
        XCTAssertFalse(csv.contains(",=cmd"), csv)
        XCTAssertFalse(csv.contains(",=1+1"), csv)
        XCTAssertTrue(csv.contains(",'=cmd"), csv)
    }

    func testNoReturnsSaysSo() {
        let s = ReturnSummary(items: [item("Great lamp, works fine.", day: 1)], since: start, until: start.addingTimeInterval(7 * day))
        XCTAssertTrue(ReturnReport.section(s).markdown.hasPrefix("No review posted between"), ReturnReport.section(s).markdown)
        XCTAssertEqual(ReturnReport.csv(s).split(separator: "\r\n").count, 1, "the header only")
    }
}
