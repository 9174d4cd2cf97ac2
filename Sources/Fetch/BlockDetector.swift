import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Recognises captcha pages and bot walls, so they are reported `blocked`, not parsed as products.
public struct BlockDetector: Sendable {
    /// Case-insensitive texts that mark a challenge page.
    public var markers: [String] = [
        "captcha", "robot check", "verify you are human", "are you a robot", "unusual traffic",
        "access denied", "request blocked", "bot detection", "cf-chl-", "challenge-platform",
        "please enable cookies", "滑动验证", "访问验证", "安全验证", "请完成验证", "人机验证",
        "ロボットではありません", "não sou um robô", "sind sie ein mensch",
    ]
    /// Statuses that mean blocked when the body also looks like a challenge, or is tiny.
    public var statuses: Set<Int> = [403, 429, 503]
    /// Pages longer than this are only blocked when a marker is in the title.
    public var largePageBytes = 60_000

    public init() {}

    /// The reason a response is a block page, or nil.
    public func reason(status: Int, text: String) -> String? {
        // count <= utf8.count: most pages are short without counting their characters.
        let head = text.utf8.count > largePageBytes && text.count > largePageBytes ? title(of: text) : text
        let lower = head.lowercased()
        // `contains` matches canonically equivalent text (and is slow: milliseconds per page);
        // the screen rules out markers that cannot match, so it runs only when one might.
        let screen = Screen(lower)
        if let marker = markers.first(where: { screen.mayContain($0) && lower.contains($0) }) {
            return "page contains \"\(marker)\"" + (statuses.contains(status) ? " (status \(status))" : "")
        }
        if statuses.contains(status) && status != 429 && status != 503 && text.utf8.count < 2048 && screen.mayContain("<script") && lower.contains("<script") {
            return "status \(status) with a script-only page"
        }
        return nil
    }

    func title(of text: String) -> String {
        let lower = text.prefix(20_000).lowercased()
        guard let open = lower.range(of: "<title"), let close = lower.range(of: "</title>", range: open.upperBound..<lower.endIndex) else { return "" }
        return String(lower[open.upperBound..<close.lowerBound])
    }

    /// A necessary condition for `text.contains(marker)`, from bytes.
    ///
    /// A canonically equivalent match has the marker's decomposed (NFD) form in the text's NFD.
    /// An ASCII marker's equivalents are itself, plus U+037E and U+1FEF for ';' and '`' (the
    /// Kelvin sign is gone after lowercasing), so its bytes must be in the text. A non-ASCII
    /// marker cannot match ASCII text unless it holds one of those singletons; otherwise its NFD
    /// bytes are looked for in the text's NFD.
    final class Screen {
        let text: String
        /// How often each byte occurs in `text`: a marker byte that never occurs rules the marker
        /// out, and the rarest one is where a search starts.
        private let counts: [Int]
        let isASCII: Bool
        private lazy var decomposed = text.decomposedStringWithCanonicalMapping

        init(_ text: String) {
            self.text = text
            var copy = text
            var counts = [Int](repeating: 0, count: 256)
            copy.withUTF8 { b in counts.withUnsafeMutableBufferPointer { c in for byte in b { c[Int(byte)] += 1 } } }
            self.counts = counts
            isASCII = counts[128...].allSatisfy { $0 == 0 }
        }

        func mayContain(_ marker: String) -> Bool {
            if marker.utf8.allSatisfy({ $0 < 0x80 }) {
                if marker.utf8.contains(0x3B) || marker.utf8.contains(0x60) { return true }
                return Screen.find(marker, in: text, counts: counts)
            }
            if isASCII { return marker.unicodeScalars.contains { $0 == "\u{212A}" || $0 == "\u{037E}" || $0 == "\u{1FEF}" } }
            return Screen.find(marker.decomposedStringWithCanonicalMapping, in: decomposed, counts: nil)
        }

        /// Whether `needle`'s bytes occur in `haystack`; `counts` are the haystack's byte counts.
        static func find(_ needle: String, in haystack: String, counts: [Int]?) -> Bool {
            var n = needle, h = haystack
            return n.withUTF8 { nb in
                h.withUTF8 { hb in
                    if nb.isEmpty { return true }
                    guard hb.count >= nb.count, let h = hb.baseAddress, let n = nb.baseAddress else { return false }
                    // Anchor on the needle's rarest byte in this haystack.
                    var anchor = 0
                    if let counts {
                        for k in 1..<nb.count where counts[Int(n[k])] < counts[Int(n[anchor])] { anchor = k }
                        if counts[Int(n[anchor])] == 0 { return false }
                    }
                    let last = hb.count - nb.count
                    var i = 0
                    while i <= last {
                        guard let p = memchr(h + anchor + i, Int32(n[anchor]), last - i + 1) else { return false }
                        let at = h.distance(to: p.assumingMemoryBound(to: UInt8.self)) - anchor
                        if h[at] == n[0] && h[at + nb.count - 1] == n[nb.count - 1] && memcmp(h + at, n, nb.count) == 0 { return true }
                        i = at + 1
                    }
                    return false
                }
            }
        }
    }
}
