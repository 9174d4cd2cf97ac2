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

    public let job: String
    public let path: String
    private var fd: Int32

    private init(job: String, path: String, fd: Int32) {
        self.job = job
        self.path = path
        self.fd = fd
    }

    deinit { release() }

    /// Takes the job's lock or throws `Held` naming the holder. Never waits.
    public static func acquire(job: String, directory: String) throws -> JobLock {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let safe = String(job.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        let path = (directory as NSString).appendingPathComponent("\(safe).lock")
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = readHolder(fd: fd)
            close(fd)
            throw Held(job: job, holder: holder)
        }
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, 255)
        let stamp = JobLock.stamp(time(nil))
        let text = "\(getpid()) \(String(cString: host)) \(stamp)\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        return JobLock(job: job, path: path, fd: fd)
    }

    /// Who holds the lock now, or nil when nobody does.
    public static func holder(job: String, directory: String) -> Holder? {
        let safe = String(job.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        let path = (directory as NSString).appendingPathComponent("\(safe).lock")
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 { flock(fd, LOCK_UN); return nil }
        return readHolder(fd: fd)
    }

    public func release() {
        guard fd >= 0 else { return }
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    /// `2026-11-29T18:00:51Z`, as ISO8601DateFormatter wrote it, formatted by hand (UTCDay) so taking a
    /// lock never loads ICU's calendar and locale data (a crawl's peak RSS).
    static func stamp(_ seconds: time_t) -> String { UTCDay.timestamp(Date(timeIntervalSince1970: TimeInterval(seconds)), milliseconds: false) }

    static func readHolder(fd: Int32) -> Holder? {
        var buf = [UInt8](repeating: 0, count: 512)
        let n = pread(fd, &buf, 511, 0)
        guard n > 0 else { return nil }
        let parts = String(decoding: buf[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        guard parts.count == 3, let pid = Int32(parts[0]) else { return nil }
        return Holder(pid: pid, host: String(parts[1]), since: String(parts[2]))
    }
}
