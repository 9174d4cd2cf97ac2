import CCompress
import Foundation

/// A page saved to disk, PAGE.html or PAGE.html.gz, read with the same size cap as a fetched page:
/// a gzip bomb given to `pricewatch extract` once grew to 2 GB and ended in a fatal error. The
/// bytes are read and inflated a chunk at a time (zlib in process), and reading stops as soon as
/// the page passes the cap, so memory stays near the cap whatever the file holds.
///
///     let bytes = try SavedPage.read(path: "page.html.gz", maxBytes: FetchSettings().maxResponseBytes)
public enum SavedPage {
    public enum Problem: Error, CustomStringConvertible {
        /// Past `maxBytes` (after decompression, for a .gz).
        case tooLarge(path: String, maxBytes: Int, compressed: Bool)
        /// A .gz that zlib cannot read, with zlib's reason.
        case notGzip(path: String, reason: String)
        case unreadable(path: String, reason: String)

        public var description: String {
            switch self {
            case .tooLarge(let path, let cap, let compressed):
                return "\(path): \(compressed ? "decompresses to" : "is") more than \(SavedPage.size(cap)) (cap \(cap) bytes, the fetcher's max response size)"
            case .notGzip(let path, let reason): return "\(path): not a readable gzip file (\(reason))"
            case .unreadable(let path, let reason): return "\(path): cannot be read (\(reason))"
            }
        }
    }

    /// The bytes of the page at `path`, inflated when the name ends in `.gz`.
    public static func read(path: String, maxBytes: Int) throws -> Data {
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw Problem.unreadable(path: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        defer { try? file.close() }
        if path.hasSuffix(".gz") { return try inflated(file, path: path, maxBytes: maxBytes) }
        // One byte past the cap tells a page at the cap from one over it (and /dev/zero ends here).
        let data: Data
        do { data = try file.read(upToCount: maxBytes + 1) ?? Data() } catch { throw Problem.unreadable(path: path, reason: "\(error)") }
        if data.count > maxBytes { throw Problem.tooLarge(path: path, maxBytes: maxBytes, compressed: false) }
        return data
    }

    static let chunk = 64 * 1024

    /// gzip members one after another, as `gzip -d` reads them; anything else after the first ends it.
    private static func inflated(_ file: FileHandle, path: String, maxBytes: Int) throws -> Data {
        var stream = z_stream()
        guard pw_inflate_init_gzip(&stream) == Z_OK else { throw Problem.notGzip(path: path, reason: "zlib did not start") }
        defer { inflateEnd(&stream) }
        var out = Data()
        var buffer = [UInt8](repeating: 0, count: chunk)
        var input = Data()
        var offset = 0
        var ended = false, members = 0
        while true {
            if offset == input.count {
                let next: Data?
                do { next = try file.read(upToCount: chunk) } catch { throw Problem.unreadable(path: path, reason: "\(error)") }
                guard let next, !next.isEmpty else { break }
                input = next
                offset = 0
            }
            if ended {
                // Another member follows, or trailing bytes (ignored, as gzip does).
                guard input.count - offset >= 2, input[input.startIndex + offset] == 0x1F, input[input.startIndex + offset + 1] == 0x8B else { break }
                inflateReset(&stream)
                ended = false
            }
            let (status, used, produced) = input.withUnsafeBytes { (inRaw: UnsafeRawBufferPointer) -> (Int32, Int, Int) in
                buffer.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_in = UnsafeMutablePointer(mutating: inRaw.bindMemory(to: Bytef.self).baseAddress! + offset)
                    stream.avail_in = uInt(inRaw.count - offset)
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = uInt(outBuf.count)
                    let s = CCompress.inflate(&stream, Z_NO_FLUSH)
                    return (s, inRaw.count - offset - Int(stream.avail_in), outBuf.count - Int(stream.avail_out))
                }
            }
            offset += used
            if produced > 0 {
                if out.count + produced > maxBytes { throw Problem.tooLarge(path: path, maxBytes: maxBytes, compressed: true) }
                out.append(contentsOf: buffer[0..<produced])
            }
            switch status {
            case Z_OK: continue
            case Z_BUF_ERROR where used > 0 || produced > 0: continue
            case Z_STREAM_END: ended = true; members += 1
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw Problem.notGzip(path: path, reason: reason)
            }
        }
        if !ended { throw Problem.notGzip(path: path, reason: members == 0 && out.isEmpty ? "no gzip data" : "it ends before the end of its data") }
        return out
    }

    /// 8388608 -> "8 MB".
    static func size(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MB" : bytes % 1024 == 0 ? "\(bytes >> 10) KB" : "\(bytes) bytes"
    }
}
