import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Encodes page text into a legacy charset (GBK, Shift_JIS...) with iconv, as old shops serve it.
///
///     let bytes = TextEncoding.encode("¥1299.00 月销1万+", charset: "GBK")
public enum TextEncoding {
    public static func encode(_ text: String, charset: String) -> Data? {
        if charset.uppercased() == "UTF-8" { return Data(text.utf8) }
        let cd = iconv_open(charset, "UTF-8")
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var inLeft = input.count, outLeft = output.count
        let ok: Bool = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                return iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1
            }
        }
        return ok ? Data(output[0..<(output.count - outLeft)]) : nil
    }
}

extension HTTPResponse {
    /// An HTML page encoded in `charset`; the header names the charset only when `charsetInHeader`
    /// (else the page must say it in a `<meta>` tag).
    public static func html(_ html: String, charset: String, charsetInHeader: Bool, status: Int = 200) -> HTTPResponse {
        guard let body = TextEncoding.encode(html, charset: charset) else {
            return .text("the page has characters \(charset) cannot encode", status: 500)
        }
        return HTTPResponse(status: status, headers: [("Content-Type", charsetInHeader ? "text/html; charset=\(charset)" : "text/html")], body: body)
    }
}
