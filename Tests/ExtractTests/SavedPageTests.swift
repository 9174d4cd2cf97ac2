import XCTest
import CCompress
@testable import Extract

/// Issue 27 item 7: a saved page is read under the fetcher's size cap, after decompression; a
/// gzip bomb once grew to 2 GB and ended in a Swift fatal error.
final class SavedPageTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "pw-saved-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    /// gzip of `count` times `piece`, deflated a chunk at a time in process.
    static func gzip(_ piece: [UInt8], times count: Int) -> Data {
        var stream = z_stream()
        precondition(pw_deflate_init_gzip(&stream, 9) == Z_OK)
        defer { deflateEnd(&stream) }
        var out = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var input = piece
        for k in 0..<count {
            input.withUnsafeMutableBufferPointer { inBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                repeat {
                    buffer.withUnsafeMutableBufferPointer { o in
                        stream.next_out = o.baseAddress
                        stream.avail_out = uInt(o.count)
                        _ = deflate(&stream, k == count - 1 ? Z_FINISH : Z_NO_FLUSH)
                        out.append(o.baseAddress!, count: o.count - Int(stream.avail_out))
                    }
                } while stream.avail_out == 0 || (k == count - 1 && stream.avail_in > 0)
            }
        }
        return out
    }

    func testAGzipBombStopsAtTheCapNamingTheFile() throws {
        // 256 MB of zeros in about 250 KB.
        let bomb = SavedPageTests.gzip([UInt8](repeating: 0, count: 1 << 20), times: 256)
        XCTAssertLessThan(bomb.count, 1 << 20)
        let path = dir + "/bomb.html.gz"
        try bomb.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try SavedPage.read(path: path, maxBytes: 8 << 20)) { error in
            XCTAssertEqual("\(error)", "\(path): decompresses to more than 8 MB (cap 8388608 bytes, the fetcher's max response size)")
        }
    }

    func testGzipPagesAreReadWholeIncludingSeveralMembers() throws {
        let page = Array("<html><body><p>Kettle $12.99</p></body></html>\n".utf8)
        let path = dir + "/page.html.gz"
        try (SavedPageTests.gzip(page, times: 1000) + SavedPageTests.gzip(page, times: 1)).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(try SavedPage.read(path: path, maxBytes: 8 << 20), Data(Array(repeating: page, count: 1001).joined()))
        // Exactly at the cap is allowed.
        XCTAssertEqual(try SavedPage.read(path: path, maxBytes: page.count * 1001).count, page.count * 1001)
    }

    func testBrokenGzipAndOversizedPlainFilesAreOneLine() throws {
        let whole = SavedPageTests.gzip(Array(String(repeating: "<p>x</p>", count: 10_000).utf8), times: 1)
        let cut = dir + "/cut.html.gz", notGzip = dir + "/plain.html.gz", big = dir + "/big.html"
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: cut))
        try Data("<html></html>".utf8).write(to: URL(fileURLWithPath: notGzip))
        try Data(repeating: 0x41, count: 2000).write(to: URL(fileURLWithPath: big))
        let why = { (p: String, cap: Int) -> String in
            do { _ = try SavedPage.read(path: p, maxBytes: cap); return "read" } catch { return "\(error)" }
        }
        XCTAssertEqual(why(cut, 1 << 20), "\(cut): not a readable gzip file (it ends before the end of its data)")
        XCTAssertTrue(why(notGzip, 1 << 20).hasPrefix("\(notGzip): not a readable gzip file ("), why(notGzip, 1 << 20))
        XCTAssertEqual(why(big, 1000), "\(big): is more than 1000 bytes (cap 1000 bytes, the fetcher's max response size)")
        XCTAssertEqual(why("/dev/zero", 1 << 20), "/dev/zero: is more than 1 MB (cap 1048576 bytes, the fetcher's max response size)")
        XCTAssertEqual(why(dir + "/none.html", 1 << 20), "\(dir!)/none.html: cannot be read (no such file)")
    }
}
