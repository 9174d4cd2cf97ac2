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
