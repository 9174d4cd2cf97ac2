import Foundation
import XCTest
@testable import Report
import Sentiment

final class ReviewReportTests: XCTestCase {
    let day = 86_400.0
    let start = Date(timeIntervalSince1970: 1_790_812_800)

    func item(_ text: String, site: String = "shop-a", product: String = "SKU-1", name: String = "Lamp", day d: Double, stars: Double?) -> ReviewItem {
        ReviewItem(product: product, productName: name, site: site, at: start.addingTimeInterval(d * day), rating: stars,
                   sentiment: SentimentAnalyzer().analyze(body: text, rating: stars))
    }

    func testSummaryCountsDistributionsComplaintsAndSpikes() {
        var items = [item("Great quality, fast shipping.", day: 1, stars: 5), item("Shipping took three weeks, very disappointed.", day: 2, stars: 1)]
        for d in 8...12 { items.append(item("Shipping was terribly slow, very disappointed.", day: Double(d), stars: 1)) }
        items.append(item("Excellent build quality, I love it.", day: 9, stars: 5))
        items.append(item("Terrible, it broke on day one.", day: 10, stars: 5))
        items.append(item("Old review outside both periods.", day: -30, stars: 3))
        let s = ReviewSummary(items: items, since: start.addingTimeInterval(7 * day), until: start.addingTimeInterval(14 * day))
        XCTAssertEqual(s.groups.count, 1)
        let g = s.groups[0]
        XCTAssertEqual(g.count, 7)
        XCTAssertEqual(g.previousCount, 2)
        XCTAssertEqual(g.ratingDistribution, [5, 0, 0, 0, 2])
        XCTAssertEqual(g.negatives, 6)
        XCTAssertEqual(g.previousNegatives, 1)
        XCTAssertTrue(g.spike)
        XCTAssertEqual(g.disagreements, 1, "five stars with an angry text")
        XCTAssertEqual(g.complaints.first?.aspect, "shipping")
        XCTAssertEqual(g.complaints.first?.count, 5)
        XCTAssertEqual(g.complaints.first?.quotes.count, 1, "identical clauses are quoted once")
        XCTAssertEqual(g.praises.first?.aspect, "quality")
        XCTAssertLessThan(g.change!, 0)
    }

    func testSectionAndCSVEscapeCompetitorText() {
        let hostile = item("=HYPERLINK(\"http://x\") **bold** <script>alert(1)</script> | pipe: the quality is awful", name: "[Lamp](javascript:x)", day: 1, stars: 1)
        let s = ReviewSummary(items: [hostile], since: start, until: start.addingTimeInterval(7 * day))
        let md = ReviewReport.section(s).markdown
        XCTAssertFalse(md.contains("<script>"), md)
        XCTAssertFalse(md.contains("**bold**"), md)
        XCTAssertFalse(md.contains("](javascript:"), md)
        let csv = ReviewReport.csv(s)
        XCTAssertFalse(csv.contains(",=HYPERLINK"), csv)
        XCTAssertTrue(csv.contains("shop-a"))
        let svg = ReviewReport.chart([hostile], since: start, until: start.addingTimeInterval(7 * day))
        XCTAssertTrue(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"), String(svg.prefix(80)))
        XCTAssertTrue(svg.contains("shop-a"))
    }

    func testNoReviewsSaysSo() {
        let s = ReviewSummary(items: [], since: start, until: start.addingTimeInterval(7 * day))
        XCTAssertTrue(ReviewReport.section(s).markdown.hasPrefix("No reviews posted"))
    }
}
