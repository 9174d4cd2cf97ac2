import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Dates as SQLite and analysts like them: UTC text `YYYY-MM-DD HH:MM:SS.sss`, sortable and
/// understood by SQLite's date functions. Formatted by hand: this runs per observation.
enum SQLDate {
    static func text(_ date: Date) -> String {
        let text = String(unsafeUninitializedCapacity: 23) { b in write(date, into: b.baseAddress!) ?? 0 }
        if !text.isEmpty { return text }
        let t = date.timeIntervalSince1970
        var secs = time_t(floor(t))
        let millis = Int(((t - floor(t)) * 1000).rounded(.down))
        var tm = Glibc.tm()
        gmtime_r(&secs, &tm)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(tm.tm_year + 1900)-\(two(tm.tm_mon + 1))-\(two(tm.tm_mday)) \(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)).\(ms)"
    }

    /// The 23 bytes of `text(date)` written to `b`, for years 1000...9999 (the common case, by bytes:
    /// string interpolation costs more than the rest); nil for other years, `b` untouched.
    static func write(_ date: Date, into b: UnsafeMutablePointer<UInt8>) -> Int? {
        let t = date.timeIntervalSince1970
        var secs = time_t(floor(t))
        let millis = Int(((t - floor(t)) * 1000).rounded(.down))
        var tm = Glibc.tm()
        gmtime_r(&secs, &tm)
        let year = Int(tm.tm_year) + 1900
        guard year >= 1000 && year <= 9999 && millis >= 0 && millis < 1000 else { return nil }
        func put(_ v: Int, _ at: Int, _ width: Int) {
            var v = v
            for k in stride(from: at + width - 1, through: at, by: -1) { b[k] = UInt8(0x30 + v % 10); v /= 10 }
        }
        put(year, 0, 4); b[4] = 0x2D; put(Int(tm.tm_mon) + 1, 5, 2); b[7] = 0x2D; put(Int(tm.tm_mday), 8, 2); b[10] = 0x20
        put(Int(tm.tm_hour), 11, 2); b[13] = 0x3A; put(Int(tm.tm_min), 14, 2); b[16] = 0x3A; put(Int(tm.tm_sec), 17, 2)
        b[19] = 0x2E; put(millis, 20, 3)
        return 23
    }

    static func date(_ text: String) -> Date? {
        let u = Array(text.utf8)
        guard u.count >= 19 else { return nil }
        func num(_ a: Int, _ b: Int) -> Int32? {
            var v: Int32 = 0
            for i in a..<b { let c = u[i]; guard c >= 48 && c <= 57 else { return nil }; v = v * 10 + Int32(c - 48) }
            return v
        }
        guard let y = num(0, 4), let mo = num(5, 7), let d = num(8, 10), let h = num(11, 13), let mi = num(14, 16), let s = num(17, 19) else { return nil }
        var tm = Glibc.tm()
        tm.tm_year = y - 1900; tm.tm_mon = mo - 1; tm.tm_mday = d; tm.tm_hour = h; tm.tm_min = mi; tm.tm_sec = s
        var base = Double(timegm(&tm))
        if u.count >= 23, u[19] == 46, let ms = num(20, 23) { base += Double(ms) / 1000 }
        return Date(timeIntervalSince1970: base)
    }

    static func day(_ date: Date) -> String { String(text(date).prefix(10)) }
}
