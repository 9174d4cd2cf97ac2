import Foundation
import XCTest

/// `reviews returns` and the report's return-reason files, against the built binary after a short demo.
final class ReviewsReturnsTests: XCTestCase {
    var cli: CLI!

    override func setUpWithError() throws { cli = try CLI() }
    override func tearDown() { cli?.remove() }

    func testReviewsReturnsAndTheReportSectionAfterTheDemo() throws {
        let jobs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Jobs").standardized.path
        let demo = try cli.run(["demo", "--days", "2", "--out", cli.path("reports"), "--jobs-dir", jobs])
        XCTAssertEqual(demo.status, 0, "\(demo)")
        let md = try String(contentsOfFile: cli.path("reports/demo/summary.md"), encoding: .utf8)
        XCTAssertTrue(md.contains("## Return reasons\n\n"), md)
        XCTAssertTrue(md.contains("| reason | returns | share | example |"), md)
        let csv = try String(contentsOfFile: cli.path("reports/demo/returns.csv"), encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("product,product_name,site,reviews,returns,reason,reason_title,count,share_of_returns,example_quote\r\n"), csv)
        XCTAssertGreaterThan(csv.split(separator: "\r\n").count, 5, csv)

        let db = cli.path("reports/demo/pricewatch.sqlite")
        let all = try cli.run(["reviews", "returns", "--db", db])
        XCTAssertEqual(all.status, 0, "\(all)")
        XCTAssertTrue(all.stdout.hasPrefix("Returns 2026-09-02 .. 2026-10-02 (up to the latest review in the database, 2026-10-02)"), "\(all)")
        XCTAssertTrue(all.stdout.contains("reviews tell of a return: "), "\(all)")
        for reason in ["size/fit", "defective or broken", "arrived late", "damaged in transit"] {
            XCTAssertTrue(all.stdout.contains("  \(reason) ("), "\(reason): \(all)")
        }
        let old = try cli.run(["reviews", "returns", "--since", "2020-01-01", "--until", "2020-01-31", "--db", db])
        XCTAssertEqual(old.status, 0, "\(old)")
        XCTAssertTrue(old.stdout.contains("no reviews in the period"), "\(old)")
        let unknown = try cli.run(["reviews", "returns", "--product", "NO-SUCH-SKU", "--db", db])
        XCTAssertNotEqual(unknown.status, 0, "\(unknown)")
        XCTAssertTrue(unknown.stderr.contains("no reviews for product 'NO-SUCH-SKU'"), "\(unknown)")
        let bad = try cli.run(["reviews", "returns", "--since", "yesterday", "--db", db])
        XCTAssertNotEqual(bad.status, 0, "\(bad)")
        XCTAssertTrue(bad.stderr.contains("--since takes yyyy-MM-dd"), "\(bad)")
    }
}
