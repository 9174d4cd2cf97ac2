import XCTest
import Foundation
import Model
@testable import Store

/// A writer process is killed with SIGKILL in the middle of writing; the file must stay consistent
/// and keep every batch the writer reported as committed.
final class KillTests: XCTestCase {
    static let batchSize = 500

    /// The child: runs only when the parent test starts this binary with PW_KILL_WRITER_DB set.
    func testKillWriterChild() throws {
        guard let path = ProcessInfo.processInfo.environment["PW_KILL_WRITER_DB"] else {
            throw XCTSkip("child half of testSigkillMidWriteLeavesAConsistentFile; runs only inside that test")
        }
        let store = try PriceStore(path: path)
        let listing = try store.upsertListing(ListingRecord(site: "s", url: "http://127.0.0.1/p"))
        let run = try store.beginRun(job: "killed-job")
        for b in 0..<100_000 {
            var batch = CrawlBatch()
            batch.observations = (0..<KillTests.batchSize).map { i in
                ObservationRecord(listingID: listing, runID: run, observedAt: Date(), price: Money(amount: Decimal(b * 1000 + i) / 100, currency: "USD"))
            }
            batch.fetches = [FetchLogRecord(url: "http://127.0.0.1/p?\(b)", status: 200, bytes: 1, milliseconds: 1, tries: 1, outcome: "ok", fetchedAt: Date())]
            try store.write(batch, run: run)
            FileHandle.standardOutput.write(Data("committed \(b + 1)\n".utf8))
        }
    }

    func testSigkillMidWriteLeavesAConsistentFile() throws {
        let dir = NSTemporaryDirectory() + "pw-kill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/pricewatch.sqlite"
        let child = Process()
        child.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0])
        child.arguments = ["StoreTests.KillTests/testKillWriterChild"]
        child.environment = ProcessInfo.processInfo.environment.merging(["PW_KILL_WRITER_DB": path]) { $1 }
        let pipe = Pipe()
        child.standardOutput = pipe
        child.standardError = FileHandle.nullDevice
        try child.run()
        var committed = 0
        var buffer = ""
        let deadline = Date().addingTimeInterval(120)
        while committed < 30 && Date() < deadline {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { break }
            buffer += String(decoding: data, as: UTF8.self)
            for line in buffer.split(separator: "\n") where line.hasPrefix("committed ") { committed = max(committed, Int(line.dropFirst(10)) ?? 0) }
        }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        XCTAssertEqual(child.terminationReason, .uncaughtSignal)
        XCTAssertGreaterThanOrEqual(committed, 30, "the writer must have been mid-run")

        let store = try PriceStore(path: path)
        XCTAssertEqual(try store.integrityProblems(), [])
        let count = try store.histories()[0].observations.count
        XCTAssertEqual(count % KillTests.batchSize, 0, "no half batch")
        XCTAssertGreaterThanOrEqual(count / KillTests.batchSize, committed, "every reported batch is there")
        // The next start of the job finds the dead run and marks it incomplete.
        XCTAssertEqual(try store.markAbandoned(job: "killed-job").count, 1)
        XCTAssertEqual(try store.runs(job: "killed-job").first?.status, .incomplete)
    }
}
