import XCTest
import Store
@testable import Crawl

final class SchedulerTests: XCTestCase {
    func job(_ name: String, _ schedule: String) throws -> Job {
        Job(name: name, file: name, schedule: try CronSchedule(schedule), sites: [], market: MarketSettings(currencyHint: nil, acceptLanguage: nil, cookies: nil, proxy: nil, userAgent: "t", headers: [:]),
            limits: JobLimits(), requiredFields: [], alarms: AlarmThresholds())
    }

    /// The clock is injected: `--due` decisions at given times, from the runs stored.
    func testDueJobsAtGivenClockTimes() throws {
        let dir = NSTemporaryDirectory() + "pw-sched-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try PriceStore(path: dir + "/pw.sqlite")
        let t0 = Date(timeIntervalSince1970: 1_794_960_000)  // 2026-11-18 00:00 UTC
        let sixHourly = try job("six", "0 */6 * * *"), daily = try job("daily", "30 2 * * *"), never = try job("new", "every 1h")
        let r1 = try store.beginRun(job: "six", at: t0.addingTimeInterval(6 * 3600))
        try store.finishRun(r1, status: .ok, statsJSON: nil, alarmsJSON: nil)
        let r2 = try store.beginRun(job: "daily", at: t0.addingTimeInterval(2.5 * 3600))
        try store.finishRun(r2, status: .alarms, statsJSON: nil, alarmsJSON: nil)
        // A failed or interrupted run does not count as completed.
        let r3 = try store.beginRun(job: "six", at: t0.addingTimeInterval(12 * 3600 + 60))
        try store.finishRun(r3, status: .interrupted, statsJSON: nil, alarmsJSON: nil)
        let s = Scheduler(store: store)
        let names = { (h: Double) in try s.dueJobs([sixHourly, daily, never], now: t0.addingTimeInterval(h * 3600)).map(\.name) }
        XCTAssertEqual(try names(11.9), ["new"])
        XCTAssertEqual(try names(12), ["six", "new"])
        XCTAssertEqual(try names(26.4), ["six", "new"])
        XCTAssertEqual(try names(26.5), ["six", "daily", "new"])
    }
}
