import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Page text as UTF-8, and the charset it was decoded from.
public struct DecodedText: Sendable, Equatable {
    public var text: String
    /// The charset used, as iconv names it ("UTF-8", "GB18030", "CP932").
    public var charset: String
    /// Where the charset came from: "header", "bom", "meta", "default".
    public var source: String
    /// Bytes that did not decode and were replaced with U+FFFD.
    public var invalidBytes: Int
}

/// Decodes page bytes to UTF-8: charset from the Content-Type header, a BOM, or `<meta charset>` /
/// `http-equiv` in the first 4 KB; labels mapped to the superset browsers use (gb2312 -> GB18030,
/// shift_jis -> CP932, iso-8859-1 -> windows-1252).
///
///     CharsetDecoder.decode(bytes, contentType: "text/html").text
public enum CharsetDecoder {
    public static func decode(_ data: Data, contentType: String?) -> DecodedText {
        let (bytes, charset, source) = sniff(data, contentType: contentType)
        return transcode(bytes, charset: charset, source: source)
    }

    /// `decode`'s text as UTF-8 bytes, for libxml2: bytes that are valid UTF-8 come back as they
    /// are, so a page of megabytes is not copied to a String and back to bytes to be parsed.
    public static func decodeUTF8(_ data: Data, contentType: String?) -> Data {
        let (bytes, charset, source) = sniff(data, contentType: contentType)
        if charset == "UTF-8" && bytes.withUnsafeBytes(isValidUTF8) { return bytes }
        return Data(transcode(bytes, charset: charset, source: source).text.utf8)
    }

    /// The bytes to decode (without a BOM), their charset and where it was named.
    static func sniff(_ data: Data, contentType: String?) -> (Data, String, String) {
        if let (bom, charset) = bomCharset(data) { return (data.dropFirst(bom), charset, "bom") }
        if let label = contentType.flatMap(charsetParameter), let charset = canonical(label) { return (data, charset, "header") }
        if let label = metaCharset(data.prefix(4096)), let charset = canonical(label) { return (data, charset, "meta") }
        return (data, "UTF-8", "default")
    }

    /// Whether `b` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
    static func isValidUTF8(_ b: UnsafeRawBufferPointer) -> Bool {
        let n = b.count
        var i = 0
        while i < n {
            // Markup is mostly ASCII: eight bytes at a time.
            while i + 8 <= n, b.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < n else { break }
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            // The length of the sequence, and the range its second byte must fall in.
            let length: Int, low: UInt8, high: UInt8
            switch c {
            case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
            case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
            case 0xED: (length, low, high) = (3, 0x80, 0x9F)
            case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
            case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
            case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
            default: return false
            }
            guard i + length <= n, b[i + 1] >= low, b[i + 1] <= high else { return false }
            var k = 2
            while k < length { if b[i + k] & 0xC0 != 0x80 { return false }; k += 1 }
            i += length
        }
        return true
    }

    static func bomCharset(_ d: Data) -> (Int, String)? {
        if d.starts(with: [0xEF, 0xBB, 0xBF]) { return (3, "UTF-8") }
        if d.starts(with: [0xFF, 0xFE]) { return (2, "UTF-16LE") }
        if d.starts(with: [0xFE, 0xFF]) { return (2, "UTF-16BE") }
        return nil
    }

    static func charsetParameter(_ contentType: String) -> String? {
        for part in contentType.split(separator: ";").dropFirst() {
            let kv = part.split(separator: "=", maxSplits: 1)
            if kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" {
                return kv[1].trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
            }
        }
        return nil
    }

    /// `<meta charset="gbk">` or `<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">`.
    static func metaCharset(_ head: Data) -> String? {
        let text = String(decoding: head, as: UTF8.self).lowercased()
        var search = text[...]
        while let r = search.range(of: "<meta") {
            let tagEnd = search[r.upperBound...].firstIndex(of: ">") ?? search.endIndex
            let tag = search[r.upperBound..<tagEnd]
            if let c = tag.range(of: "charset=") {
                var v = tag[c.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
                v = v.prefix { !($0 == "\"" || $0 == "'" || $0 == " " || $0 == ";" || $0 == "/" || $0 == ">") }
                if !v.isEmpty { return String(v) }
            }
            search = search[tagEnd...]
        }
        return nil
    }

    /// The iconv name for a charset label, preferring the superset browsers decode with.
    public static func canonical(_ label: String) -> String? {
        let l = label.lowercased().trimmingCharacters(in: .whitespaces)
        switch l {
        case "utf-8", "utf8", "unicode-1-1-utf-8": return "UTF-8"
        case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "gb_2312-80": return "GB18030"
        case "big5", "big5-hkscs", "x-x-big5": return "BIG5-HKSCS"
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j", "cp932", "csshiftjis": return "CP932"
        case "euc-jp", "x-euc-jp", "cseucpkdfmtjapanese": return "EUC-JP"
        case "iso-2022-jp", "csiso2022jp": return "ISO-2022-JP"
        case "euc-kr", "ks_c_5601-1987", "windows-949", "cp949", "ksc5601": return "CP949"
        case "iso-8859-1", "latin1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252", "iso8859-1": return "WINDOWS-1252"
        case "utf-16", "utf-16le": return "UTF-16LE"
        case "utf-16be": return "UTF-16BE"
        default:
            if l.hasPrefix("windows-125") || l.hasPrefix("iso-8859-") || l.hasPrefix("koi8") { return l.uppercased() }
            return nil
        }
    }

    static func transcode(_ data: Data, charset: String, source: String) -> DecodedText {
        if charset == "UTF-8" {
            // Fast path: valid UTF-8 passes through; invalid bytes become U+FFFD.
            let s = String(decoding: data, as: UTF8.self)
            let invalid = s.utf8.count == data.count ? 0 : max(1, abs(s.utf8.count - data.count) / 2)
            return DecodedText(text: s, charset: charset, source: source, invalidBytes: invalid)
        }
        guard let cd = Optional(iconv_open("UTF-8", charset)), cd != iconv_t(bitPattern: -1) else {
            return DecodedText(text: String(decoding: data, as: UTF8.self), charset: "UTF-8", source: "default", invalidBytes: 0)
        }
        defer { iconv_close(cd) }
        var input = [UInt8](data)
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        var invalid = 0
        var inOffset = 0, outOffset = 0
        input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                while inOffset < inBuf.count {
                    var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress! + inOffset).assumingMemoryBound(to: CChar.self)
                    var inLeft = inBuf.count - inOffset
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress! + outOffset).assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuf.count - outOffset
                    let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    inOffset = inBuf.count - inLeft
                    outOffset = outBuf.count - outLeft
                    if r != -1 { break }
                    if errno == E2BIG { break }
                    // EILSEQ / EINVAL: replace one byte with U+FFFD and go on.
                    invalid += 1
                    inOffset += 1
                    if outBuf.count - outOffset >= 3 {
                        outBuf[outOffset] = 0xEF; outBuf[outOffset + 1] = 0xBF; outBuf[outOffset + 2] = 0xBD
                        outOffset += 3
                    }
                }
            }
        }
        return DecodedText(text: String(decoding: output[0..<outOffset], as: UTF8.self), charset: charset, source: source, invalidBytes: invalid)
    }
}
