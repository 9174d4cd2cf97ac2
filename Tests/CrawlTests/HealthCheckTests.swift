import XCTest
@testable import Crawl

final class HealthCheckTests: XCTestCase {
    func stats(items: Int, price: Int, availability: Int, errors: Int = 0, blocked: Int = 0, failures: Int = 0) -> SiteRunStats {
        var s = SiteRunStats(site: "demo-us")
        s.pagesFetched = items + 10
        s.productPages = items
        s.items = items
        s.fieldCounts = ["price": price, "availability": availability]
        s.fetchErrors = errors
        s.blocked = blocked
        s.parseFailures = failures
        return s
    }

    func testHealthyRunRaisesNothing() {
        XCTAssertEqual(HealthCheck.evaluate(stats(items: 100, price: 99, availability: 100), thresholds: AlarmThresholds(),
                                            requiredFields: ["price", "availability"], history: [100, 98, 101]), [])
    }

    func testCoverageDropNamesTheBrokenFields() {
        let alarms = HealthCheck.evaluate(stats(items: 100, price: 0, availability: 100), thresholds: AlarmThresholds(),
                                          requiredFields: ["price", "availability"], history: [100])
        XCTAssertEqual(alarms.map(\.kind), [.coverage])
        XCTAssertEqual(alarms[0].fields, ["price"])
        XCTAssertTrue(alarms[0].message.contains("price 0% (min 90%)"), alarms[0].message)
    }

    func testJobThresholdOverridesDefault() {
        var t = AlarmThresholds()
        t.minCoverage = ["availability": 0.99]
        let alarms = HealthCheck.evaluate(stats(items: 100, price: 100, availability: 95), thresholds: t, requiredFields: ["price"], history: [])
        XCTAssertEqual(alarms.first?.fields, ["availability"])
    }

    func testItemCountAgainstMedianOfRecentRuns() {
        let alarms = HealthCheck.evaluate(stats(items: 40, price: 40, availability: 40), thresholds: AlarmThresholds(),
                                          requiredFields: ["price"], history: [100, 100, 5, 100])
        XCTAssertEqual(alarms.map(\.kind), [.itemCount])
        XCTAssertTrue(alarms[0].message.contains("median 100"), alarms[0].message)
    }

    func testErrorBlockedAndParseFailureRates() {
        let alarms = HealthCheck.evaluate(stats(items: 50, price: 50, availability: 50, errors: 20, blocked: 10, failures: 10),
                                          thresholds: AlarmThresholds(), requiredFields: ["price"], history: [50])
        XCTAssertEqual(Set(alarms.map(\.kind)), [.errorRate, .blockedRate, .parseFailures])
    }

    /// Issue 27: "100% of product pages failed to parse" while the same pages gave stock and sales.
    func testParseFailureAlarmSaysWhatWasMissingAndWhatWasRead() {
        var s = stats(items: 18, price: 0, availability: 18, failures: 20)
        s.productPages = 20
        s.fieldCounts["sales"] = 9
        s.fieldCounts["title"] = 18
        s.missingRequired = ["price": 18]
        s.noRecord = 2
        let alarm = HealthCheck.evaluate(s, thresholds: AlarmThresholds(), requiredFields: ["price"], history: [18]).first { $0.kind == .parseFailures }
        XCTAssertEqual(alarm?.message, "no record on 10%, price missing on 90% of product pages (max 5%); the pages read gave availability 100%, sales 50%, title 100%")
        // Numbers stored by earlier versions carry no detail: the old wording, which is all they say.
        var old = stats(items: 10, price: 10, availability: 10, failures: 10)
        old.productPages = 10
        XCTAssertEqual(HealthCheck.evaluate(old, thresholds: AlarmThresholds(), requiredFields: ["price"], history: [10]).first { $0.kind == .parseFailures }?.message,
                       "100% of product pages failed to parse (max 5%)")
    }

    func testASiteWithURLsAndNoPageFetchedAlarmsWhateverTheHistory() {
        var s = SiteRunStats(site: "down")
        s.fetchErrors = 4
        s.firstError = "robots.txt unreachable: Couldn't connect to server"
        for history in [[], [0, 0, 0], [120, 118]] {
            let alarms = HealthCheck.evaluate(s, thresholds: AlarmThresholds(), requiredFields: ["price"], history: history)
            let nothing = alarms.first { $0.kind == .nothingFetched }
            XCTAssertEqual(nothing?.message, "no page fetched of 4 URL(s): 4 failed (first error: robots.txt unreachable: Couldn't connect to server)", "\(history)")
        }
        // A site with no URL at all in the run is not "down".
        XCTAssertEqual(HealthCheck.evaluate(SiteRunStats(site: "idle"), thresholds: AlarmThresholds(), requiredFields: [], history: []), [])
    }

    func testStatsStoredBeforeRobotsAndErrorFieldsStillDecode() throws {
        let old = #"{"fetch":{"requests":3,"responses":3,"responsesByStatus":{"200":3},"retries":0,"bytesDownloaded":10,"bytesDecoded":10,"errorsByKind":{},"blocked":0,"robotsDisallowed":0,"notModified":0,"cacheHits":0,"elapsed":0.1},"sites":[{"site":"demo-us","pagesFetched":3,"productPages":3,"items":3,"fieldCounts":{"price":3},"fetchErrors":0,"blocked":0,"parseFailures":0}]}"#
        let stats = try XCTUnwrap(RunStatsJSON.decode(old))
        XCTAssertEqual(stats.sites.first?.items, 3)
        XCTAssertEqual(stats.sites.first?.robotsDisallowed, 0)
        XCTAssertNil(stats.sites.first?.firstError)
    }
}
