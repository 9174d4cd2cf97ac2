import Foundation
import Model
#if canImport(Glibc)
import Glibc
#endif

/// Keeps a job from running twice at once, across processes: an exclusive `flock` on a file per
/// job next to the database. The kernel drops the lock when its holder dies, so a crashed or
/// `kill -9`ed run never blocks the next one; the file says who holds it, for the message.
///
///     guard let lock = try JobLock.acquire(job: "demo-us", directory: dir) else { exit(3) }
///     defer { lock.release() }
public final class JobLock {
    public struct Holder: Equatable, Sendable, CustomStringConvertible {
        public var pid: Int32
        public var host: String
        public var since: String
        public var description: String { "pid \(pid) on \(host) since \(since)" }
    }

    /// Another process holds the lock.
    public struct Held: Error, CustomStringConvertible {
        public var job: String
        public var holder: Holder?
        public var description: String { "job \(job) is already running (\(holder?.description ?? "holder unknown"))" }
    }

    /// Why a run of the job ended, kept in the lock file when the database could not take it (a
    /// full disk): rewriting the few bytes the file already has needs no new space.
    public struct FailureNote: Equatable, Sendable {
        public var run: Int64
        public var at: Date
        public var reason: String
    }

    public let job: String
    public let path: String
    /// The note a failed run left before this lock was taken (see `recordFailure`).
    public let previousFailure: FailureNote?
    private var fd: Int32
    private var keepNote = false

    private init(job: String, path: String, fd: Int32, previousFailure: FailureNote?) {
        self.job = job
        self.path = path
        self.fd = fd
        self.previousFailure = previousFailure
    }

    deinit { release() }

    /// Takes the job's lock or throws `Held` naming the holder. Never waits.
    public static func acquire(job: String, directory: String) throws -> JobLock {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = lockPath(job: job, directory: directory)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = readHolder(fd: fd)
            close(fd)
            throw Held(job: job, holder: holder)
        }
        let previous = readNote(fd: fd)
        _ = ftruncate(fd, 0)
        _ = holderLine().withCString { pwrite(fd, $0, strlen($0), 0) }
        return JobLock(job: job, path: path, fd: fd, previousFailure: previous)
    }

    static func lockPath(job: String, directory: String) -> String {
        let safe = String(job.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        return (directory as NSString).appendingPathComponent("\(safe).lock")
    }

    static func holderLine() -> String {
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, 255)
        return "\(getpid()) \(String(cString: host)) \(JobLock.stamp(time(nil)))\n"
    }

    /// Keeps why run `run` ended in the lock file, for `health` and the job's next run, when the
    /// database cannot record it. The note is written over the bytes the file holds (no truncation
    /// first) and survives `release`.
    public func recordFailure(run: Int64, reason: String, at: Date) {
        guard fd >= 0 else { return }
        let oneLine = String(reason.map { $0.isNewline || $0 == "\t" ? " " : $0 }.prefix(1000))
        let text = JobLock.holderLine() + "failed\t\(run)\t\(Int64(at.timeIntervalSince1970))\t\(oneLine)\n"
        let written = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        if written == text.utf8.count { _ = ftruncate(fd, off_t(written)) }
        keepNote = written == text.utf8.count
    }

    /// The failure note in the job's lock file, if its last run left one (whoever holds the lock now).
    public static func failureNote(job: String, directory: String) -> FailureNote? {
        let fd = open(lockPath(job: job, directory: directory), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readNote(fd: fd)
    }

    /// Who holds the lock now, or nil when nobody does.
    public static func holder(job: String, directory: String) -> Holder? {
        let fd = open(lockPath(job: job, directory: directory), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 { flock(fd, LOCK_UN); return nil }
        return readHolder(fd: fd)
    }

    public func release() {
        guard fd >= 0 else { return }
        if !keepNote { _ = ftruncate(fd, 0) }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    /// `2026-11-29T18:00:51Z`, as ISO8601DateFormatter wrote it, formatted by hand (UTCDay) so taking a
    /// lock never loads ICU's calendar and locale data (a crawl's peak RSS).
    static func stamp(_ seconds: time_t) -> String { UTCDay.timestamp(Date(timeIntervalSince1970: TimeInterval(seconds)), milliseconds: false) }

    /// The file's lines: the holder, then a failure note when one was recorded.
    static func lines(fd: Int32) -> [Substring] {
        var buf = [UInt8](repeating: 0, count: 2048)
        let n = pread(fd, &buf, buf.count, 0)
        guard n > 0 else { return [] }
        return String(decoding: buf[0..<n], as: UTF8.self).split(separator: "\n")
    }

    static func readHolder(fd: Int32) -> Holder? {
        guard let first = lines(fd: fd).first else { return nil }
        let parts = first.split(separator: " ")
        guard parts.count == 3, let pid = Int32(parts[0]) else { return nil }
        return Holder(pid: pid, host: String(parts[1]), since: String(parts[2]))
    }

    static func readNote(fd: Int32) -> FailureNote? {
        let all = lines(fd: fd)
        guard all.count >= 2 else { return nil }
        let parts = all[1].split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "failed", let run = Int64(parts[1]), let seconds = Int64(parts[2]) else { return nil }
        return FailureNote(run: run, at: Date(timeIntervalSince1970: TimeInterval(seconds)), reason: String(parts[3]))
    }
}
