import Foundation
import XCTest

/// The README tour's `reviews summary`, against the built binary after a short demo.
final class ReviewsSummaryTests: XCTestCase {
    var cli: CLI!

    override func setUpWithError() throws { cli = try CLI() }
    override func tearDown() { cli?.remove() }

    /// `reviews summary --product PW-APP-121` after the demo: the default window was the last 30
    /// days of wall time, long after the demo's simulated days, so it printed nothing.
    func testReviewsSummaryDefaultsToTheLast30DaysOfTheData() throws {
        let jobs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Jobs").standardized.path
        let demo = try cli.run(["demo", "--days", "2", "--out", cli.path("reports"), "--jobs-dir", jobs])
        XCTAssertEqual(demo.status, 0, "\(demo)")
        let db = cli.path("reports/demo/pricewatch.sqlite")
        let r = try cli.run(["reviews", "summary", "--product", "PW-APP-121", "--db", db])
        XCTAssertEqual(r.status, 0, "\(r)")
        XCTAssertFalse(r.stdout.contains("no reviews in the period"), "\(r)")
        XCTAssertTrue(r.stdout.contains("[PW-APP-121] on demo-"), "\(r)")
        XCTAssertTrue(r.stdout.hasPrefix("Reviews 2026-09-02 .. 2026-10-02"), "the 30 days up to the latest review (2026-10-02): \(r)")
        XCTAssertTrue(r.stdout.contains("latest review"), "says where the window comes from: \(r)")
        // An explicit window still wins.
        let old = try cli.run(["reviews", "summary", "--product", "PW-APP-121", "--since", "2020-01-01", "--until", "2020-01-31", "--db", db])
        XCTAssertTrue(old.stdout.contains("no reviews in the period"), "\(old)")
    }
}
