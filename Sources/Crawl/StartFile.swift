import Config
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A job's `start_file`: product URLs, one per line (`#` comments and blank lines skipped). It is
/// configuration, so what is wrong with it is a configuration error naming the job file, line and
/// key: it must be a regular file (a device such as /dev/zero never ends, a FIFO blocks) of at
/// most `maxBytes`.
///
///     let urls = try StartFile.urls(site, job: job)   // ConfigError at `sites[0].start_file`
public enum StartFile {
    /// 64 MB: about a million product URLs.
    public static let maxBytes = 64 << 20

    /// What makes `path` unusable as a start file, or nil. Checked on the open file (opened
    /// without blocking, so a FIFO with no writer answers at once), never on the name alone.
    static func problem(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return errno == ENOENT ? "start file not found: \(path)" : "\(path): \(String(cString: strerror(errno)))" }
        defer { close(fd) }
        return problem(fd: fd, path: path)
    }

    private static func problem(fd: Int32, path: String) -> String? {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return "\(path): \(String(cString: strerror(errno)))" }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return "\(path) is not a regular file (a start file lists product URLs, one per line)" }
        guard st.st_size <= maxBytes else { return "\(path) is \((Int(st.st_size) + (1 << 20) - 1) >> 20) MB; a start file may have \(maxBytes >> 20) MB at most" }
        return nil
    }

    /// The URLs of `path`, read whole, at most `maxBytes` (a file that grew since the job was
    /// loaded is held to the same limits); a problem is thrown as its text.
    static func lines(_ path: String) throws -> [String] {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw Problem(text: errno == ENOENT ? "start file not found: \(path)" : "\(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        if let p = problem(fd: fd, path: path) { throw Problem(text: p) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 { throw Problem(text: "\(path): \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<n])
            if data.count > maxBytes { throw Problem(text: "\(path) is over \(maxBytes >> 20) MB; a start file may have \(maxBytes >> 20) MB at most") }
        }
        guard let text = String(data: data, encoding: .utf8) else { throw Problem(text: "\(path) is not UTF-8 text (a start file lists product URLs, one per line)") }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    struct Problem: Error { var text: String }

    /// The start file's URLs of one site of `job`, or a ConfigError at its `start_file` key.
    public static func urls(_ site: JobSite, job: Job) throws -> [String] {
        guard let path = site.startFile else { return [] }
        do { return try lines(path) } catch let p as Problem {
            let place = site.startFilePlace
            throw ConfigError(file: job.file, line: place?.line ?? 0, column: place?.column ?? 0, key: place?.key ?? "start_file", message: p.text)
        }
    }
}
