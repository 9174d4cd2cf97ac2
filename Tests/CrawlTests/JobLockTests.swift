import XCTest
@testable import Crawl

final class JobLockTests: XCTestCase {
    var dir: String!
    override func setUp() { dir = NSTemporaryDirectory() + "pw-locks-\(UUID().uuidString)" }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func testSecondAcquireIsRefusedWithTheHolder() throws {
        let first = try JobLock.acquire(job: "demo-us", directory: dir)
        XCTAssertThrowsError(try JobLock.acquire(job: "demo-us", directory: dir)) { error in
            let held = error as? JobLock.Held
            XCTAssertEqual(held?.holder?.pid, getpid())
            XCTAssertTrue("\(error)".contains("already running"))
        }
        XCTAssertEqual(JobLock.holder(job: "demo-us", directory: dir)?.pid, getpid())
        // Other jobs are independent.
        XCTAssertNoThrow(try JobLock.acquire(job: "demo-eu", directory: dir))
        first.release()
        XCTAssertNil(JobLock.holder(job: "demo-us", directory: dir))
        XCTAssertNoThrow(try JobLock.acquire(job: "demo-us", directory: dir))
    }

    /// A holder killed with SIGKILL leaves no stale lock behind.
    func testLockOfAKilledProcessIsTakenOver() throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/demo-cn.lock"
        let child = Process()
        // One process that takes the lock and sleeps: killing it must free the lock.
        child.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        child.arguments = ["python3", "-c", """
            import fcntl, os, time
            f = open('\(path)', 'w'); fcntl.flock(f, fcntl.LOCK_EX)
            f.write('%d otherhost 2026-01-01T00:00:00Z\\n' % os.getpid()); f.flush(); time.sleep(30)
            """]
        try child.run()
        // Wait (bounded) until the child holds the lock.
        var held: JobLock.Holder?
        for _ in 0..<200 where held == nil {
            held = JobLock.holder(job: "demo-cn", directory: dir)
            if held == nil { usleep(20_000) }
        }
        XCTAssertEqual(held?.host, "otherhost")
        XCTAssertThrowsError(try JobLock.acquire(job: "demo-cn", directory: dir))
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        XCTAssertNoThrow(try JobLock.acquire(job: "demo-cn", directory: dir))
    }
}

/// The lock file's timestamp is formatted by hand (no ICU on the crawl path) exactly as
/// ISO8601DateFormatter wrote it before.
final class JobLockStampTests: XCTestCase {
    func testStampIsWhatISO8601DateFormatterWrote() {
        let formatter = ISO8601DateFormatter()
        let instants: [time_t] = [0, 59, 86_399, 951_782_400 /* 2000-02-29 */, 1_709_164_799, 1_798_761_599 /* 2026-12-31T23:59:59 */,
                                  2_147_483_647, 2_147_483_648, 4_102_444_800 /* 2100-01-01 */, 253_402_300_799 /* 9999-12-31T23:59:59 */]
        for t in instants {
            XCTAssertEqual(JobLock.stamp(t), formatter.string(from: Date(timeIntervalSince1970: TimeInterval(t))), "\(t)")
        }
        var t: time_t = 17
        for _ in 0..<2000 {  // a walk over 2 centuries in irregular steps
            t += 3_153_637
            XCTAssertEqual(JobLock.stamp(t), formatter.string(from: Date(timeIntervalSince1970: TimeInterval(t))), "\(t)")
        }
    }

    func testLockFileNamesTheHolderWithAReadableTime() throws {
        let dir = NSTemporaryDirectory() + "pw-locks-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let before = Date()
        let lock = try JobLock.acquire(job: "demo-jp", directory: dir)
        defer { lock.release() }
        let text = try String(contentsOfFile: dir + "/demo-jp.lock", encoding: .utf8)
        let parts = text.trimmingCharacters(in: .newlines).split(separator: " ")
        XCTAssertEqual(parts.count, 3)
        XCTAssertEqual(parts.first.map(String.init), String(getpid()))
        let since = try XCTUnwrap(ISO8601DateFormatter().date(from: String(parts[2])))
        XCTAssertLessThanOrEqual(abs(since.timeIntervalSince(before)), 120)
        XCTAssertEqual(JobLock.holder(job: "demo-jp", directory: dir)?.since, String(parts[2]))
    }

    func testALockFileWrittenBeforeStillNamesItsHolder() throws {
        let path = NSTemporaryDirectory() + "pw-old-\(UUID().uuidString).lock"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "4242 crawler-1 2026-03-29T01:30:00Z\n".write(toFile: path, atomically: true, encoding: .utf8)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        XCTAssertEqual(JobLock.readHolder(fd: fd), JobLock.Holder(pid: 4242, host: "crawler-1", since: "2026-03-29T01:30:00Z"))
    }
}
