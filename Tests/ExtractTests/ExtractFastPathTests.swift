@testable import Extract
import Foundation
import Testing

/// The byte-level shortcuts in extraction give what the code they stand in for gives.
@Suite struct ExtractFastPathTests {
    /// `Node.normalise` as it was, scalar by scalar.
    static func referenceNormalise(_ s: String) -> String {
        var out = ""
        var pendingSpace = false
        for scalar in s.unicodeScalars {
            if scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar == "\u{A0}" || scalar == "\u{3000}" || scalar == "\u{200B}" {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.unicodeScalars.append(" "); pendingSpace = false }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A fixed-seed generator, so a failure repeats.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func normaliseMatchesTheScalarVersion() {
        let pieces = ["", " ", "  ", "\n", "\t", "\r\n", "\r", "\u{A0}", "\u{3000}", "\u{200B}", "\u{2009}", "\u{202F}", "\u{200A}",
                      "a", "Price", "$19.99", "€", "価格", "¥1,280", "😀", "e\u{0301}", "\u{0301}", "\u{E2}", "â€‹", "\u{2028}", "x y"]
        var texts = ["", " ", "a", " a", "a ", "a  b", "a b", "\u{A0}", "a\u{A0}b", "  19,99\u{A0}€  ", "\n\t x \r\n"]
        var rng = SplitMix(state: 42)
        for _ in 0..<5000 {
            let k = Int.random(in: 0...8, using: &rng)
            texts.append((0..<k).map { _ in pieces.randomElement(using: &rng)! }.joined())
        }
        for t in texts {
            #expect(Node.normalise(t) == Self.referenceNormalise(t), "\(t.debugDescription)")
        }
    }

    @Test func rootRelativeLinksResolveAsFoundationDoes() {
        let bases = ["http://127.0.0.1:8080/us/p/1", "https://shop.example/", "http://shop.example", "https://shop.example:8443/a/b/c",
                     "http://shop.example/a?q=1", "http://shop.example/a#x", "http://Shop.Example/a", "http://shop.example:/a",
                     "ftp://shop.example/a", "http://user@shop.example/a", "http://[::1]:8080/a", "http://shop.example/%7Ea",
                     "http://shop.example/a/../b", "https://xn--bcher-kva.example/", "http://shop.example/a b", "http://../x", "http://a..b/",
                     "http://-a-/", "http://a-.b/", "http://a.-b/", "http://.a/", "http://a./", "http://h:99999/", "http://h:123456/",
                     "http://h:0/", "http://1.2.3.4/", "http://a-b.c/d", "not a url", "", "http://", "http:///x", "https://h/a.b/../c"]
        let raws = ["/us/p/1/reviews", "/", "//other.example/x", "/a/./b", "/a/../b", "/..", "/.", "/a/.", "/.well-known/x", "/a..b/c",
                    "/a/b/", " /a/b ", "\n/a\t", "/a?b=1", "/a#top", "/a%20b", "/a b", "/ä", "/a:b", "/a@b", "/~user/x_y-z.html",
                    "reviews", "./x", "../x", "#top", "", " ", "http://other.example/x", "javascript:void(0)", "/A/B", "/a//b", "/-._~"]
        for b in bases {
            let base = URL(string: b)
            for r in raws {
                let fast = Extractor.resolve(r, base: base)
                let foundation = Extractor.resolveWithFoundation(r, base: base)
                #expect(fast == foundation, "\(r.debugDescription) on \(b)")
                // The string shortcut the extractor takes when the page has no <base>.
                if let s = Extractor.resolveRootRelative(r, baseString: b) {
                    #expect(s == foundation, "\(r.debugDescription) on the text \(b)")
                }
            }
        }
        // A base given relative to another (a <base href>) goes the Foundation way.
        let relative = URL(string: "/shop/", relativeTo: URL(string: "http://shop.example/x"))
        #expect(Extractor.resolveRootRelative("/a", base: relative) == nil)
        #expect(Extractor.resolveRootRelative("/us/p/1/reviews", base: URL(string: "http://127.0.0.1:8080/us/p/1"))
                == "http://127.0.0.1:8080/us/p/1/reviews")
    }

    @Test func literalCapturesMatchTheRegex() throws {
        let patterns = ["Visit the (.+) Store", "by (.+) Inc", "a(.+)a", "ab(.+)b", "Brand (.+) x", "X(.+)X"]
        for p in ["(.+)", "Visit (.+)", "(.+) Store", "a(.+)b(.+)c", "a.(.+)b", "a(.*)b", "(?i)a(.+)b"] {
            #expect(LiteralCapture(try NSRegularExpression(pattern: p)) == nil, "\(p)")
        }
        let pieces = ["Visit the ", "Visit the", "Store", " Store", "by ", " Inc", "Inc", "a", "b", "ab", "X", "x", "Brand ", " ",
                      "Hoshino", "Acme Co", "é", "\n", "\r", "\u{2028}", "\u{85}", "😀", "visit the ", "STORE", "Store Store"]
        var rng = SplitMix(state: 7)
        var texts = ["Visit the Hoshino Store", "Visit the  Store", "Visit the Store", "Visit the X Store Store", "aa", "aaa", "abab", "XX", "XxX"]
        for _ in 0..<4000 {
            let k = Int.random(in: 0...6, using: &rng)
            texts.append((0..<k).map { _ in pieces.randomElement(using: &rng)! }.joined())
        }
        for p in patterns {
            let regex = try NSRegularExpression(pattern: p)
            let literal = try #require(LiteralCapture(regex), "\(p)")
            for t in texts {
                guard let fast = literal.capture(in: t) else { continue }
                var expected: String?
                if let m = regex.firstMatch(in: t, range: NSRange(t.startIndex..., in: t)) {
                    let r = m.numberOfRanges > 1 && m.range(at: 1).location != NSNotFound ? m.range(at: 1) : m.range
                    expected = Range(r, in: t).map { String(t[$0]) }
                }
                #expect(fast == expected, "\(p) on \(t.debugDescription)")
            }
        }
    }
}
