import Foundation
import XCTest
@testable import Sentiment

/// The one negative-review-spike rule, where the repricer's old rule (3+ reviews in 14 days, half
/// negative by label *or* stars) and the report's (3+ negatives, more than twice the period before) disagreed.
final class ReviewSpikeTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_790_035_200)

    func review(_ listing: Int64, daysAgo: Double, _ label: SentimentLabel) -> (key: Int64, at: Date, label: SentimentLabel) {
        (listing, now.addingTimeInterval(-daysAgo * 86_400), label)
    }

    func testOneRuleForTheReportAndTheRepricer() {
        let reviews = [
            // Listing 1: 3 negatives of 6 now, 3 negatives before: the old repricer rule said spike; not a spike.
            review(1, daysAgo: 1, .negative), review(1, daysAgo: 2, .negative), review(1, daysAgo: 3, .negative),
            review(1, daysAgo: 4, .positive), review(1, daysAgo: 5, .positive), review(1, daysAgo: 6, .positive),
            review(1, daysAgo: 15, .negative), review(1, daysAgo: 16, .negative), review(1, daysAgo: 17, .negative),
            // Listing 2: 3 negatives of 7 now (under half: the old repricer rule said no), none before: a spike.
            review(2, daysAgo: 1, .negative), review(2, daysAgo: 2, .negative), review(2, daysAgo: 3, .negative),
            review(2, daysAgo: 4, .neutral), review(2, daysAgo: 5, .positive), review(2, daysAgo: 6, .positive), review(2, daysAgo: 7, .positive),
        ]
        XCTAssertEqual(NegativeReviewSpike.spiking(reviews, until: now, window: NegativeReviewSpike.window), [2])
        XCTAssertFalse(NegativeReviewSpike.isSpike(negatives: 3, previousNegatives: 3))
        XCTAssertTrue(NegativeReviewSpike.isSpike(negatives: 3, previousNegatives: 1))
    }

    func testStarsAndTextDisagreeIsOneRule() {
        XCTAssertTrue(ReviewSentiment.starsAndTextDisagree(ratingScore: ReviewSentiment.ratingScore(5), label: .negative))
        XCTAssertTrue(ReviewSentiment.starsAndTextDisagree(ratingScore: ReviewSentiment.ratingScore(1), label: .positive))
        XCTAssertFalse(ReviewSentiment.starsAndTextDisagree(ratingScore: ReviewSentiment.ratingScore(3), label: .negative))
        XCTAssertFalse(ReviewSentiment.starsAndTextDisagree(ratingScore: nil, label: .negative))
        let r = SentimentAnalyzer().analyze(body: "Terrible, broke after a day. Awful.", rating: 5)
        XCTAssertEqual(r.disagreesWithRating, ReviewSentiment.starsAndTextDisagree(ratingScore: r.ratingScore, label: r.label))
    }
}
