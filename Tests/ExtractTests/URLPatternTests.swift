import Foundation
import XCTest
@testable import Extract

/// URL globs are matched by hand now; they must match exactly what the regular expression they
/// used to compile to (`^` + escaped text, `*` -> `.*`, `?` -> `.`, `$`) matched.
final class URLPatternTests: XCTestCase {
    func oldRegex(_ glob: String) throws -> NSRegularExpression {
        let escaped = NSRegularExpression.escapedPattern(for: glob).replacingOccurrences(of: "\\*", with: ".*").replacingOccurrences(of: "\\?", with: ".")
        return try NSRegularExpression(pattern: "^" + escaped + "$")
    }

    func oldMatches(_ glob: String, _ url: String) throws -> Bool {
        try oldRegex(glob).firstMatch(in: url, range: NSRange(url.startIndex..., in: url)) != nil
    }

    func testSelectorGlobs() throws {
        let cases: [(String, String, Bool)] = [
            ("*/us/p/*", "http://127.0.0.1:8080/us/p/12", true),
            ("*/us/p/*", "http://127.0.0.1:8080/us/c/12", false),
            ("*/us/p/*/reviews*", "http://127.0.0.1:8080/us/p/12/reviews?page=2", true),
            ("http://127.0.0.1:*/us/*", "http://127.0.0.1:8080/us/p/1", true),
            ("http://127.0.0.1:*/us/*", "https://127.0.0.1:8080/us/p/1", false),
            ("*/p/?", "x/p/7", true), ("*/p/?", "x/p/77", false), ("*/p/?", "x/p/", false),
            ("*", "", true), ("", "", true), ("", "a", false), ("?", "é", true), ("?", "🛒", true),
            ("a.b", "axb", false), ("a.b", "a.b", true), ("(x)+", "(x)+", true), ("[ab]", "a", false),
            ("a\\*", "a\\zz", true), ("a\\*", "a*", false), ("a\\?", "a\\q", true),
            ("*", "line\nbreak", false), ("a*", "a\n", true), ("a*", "a\r\n", true), ("a", "a\n\n", false),
            ("a?", "a\n", false), ("*/p/*", "x/p/1\u{2028}", true), ("*/p/*", "x/p/\u{2028}1", false),
        ]
        for (glob, url, want) in cases {
            XCTAssertEqual(try SelectorSet.URLPattern(glob).matches(url), want, "\(glob) ~ \(url.debugDescription)")
            XCTAssertEqual(try oldMatches(glob, url), want, "regex oracle: \(glob) ~ \(url.debugDescription)")
        }
    }

    /// Hostile globs and URLs, generated, against the old regular expression.
    func testGeneratedCasesAgreeWithTheOldRegularExpression() throws {
        let alphabet: [String] = ["a", "b", "/", ".", "*", "?", "\\", "(", "[", "$", "^", "é", "e\u{301}", "🛒",
                                  "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", "\t", " ", "%"]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        func text(_ maxLength: Int, _ symbols: [String]) -> String { (0..<next(maxLength + 1)).map { _ in symbols[next(symbols.count)] }.joined() }
        let urlAlphabet = alphabet.filter { $0 != "*" && $0 != "?" } + ["a", "b", "/"]
        var agreed = 0, matched = 0
        for _ in 0..<3000 {
            let glob = text(6, alphabet + ["*", "?", "a", "*"])
            let pattern = try SelectorSet.URLPattern(glob), regex = try oldRegex(glob)
            for _ in 0..<4 {
                let url = text(8, urlAlphabet)
                let want = regex.firstMatch(in: url, range: NSRange(url.startIndex..., in: url)) != nil
                XCTAssertEqual(pattern.matches(url), want, "\(glob.debugDescription) ~ \(url.debugDescription)")
                agreed += 1
                if want { matched += 1 }
            }
        }
        XCTAssertEqual(agreed, 12_000)
        XCTAssertGreaterThan(matched, 300)  // the generator does produce matches, not only misses
    }

    func testRegexPatternsStayRegularExpressions() throws {
        let p = try SelectorSet.URLPattern("re:/p/[0-9]+$")
        XCTAssertTrue(p.matches("http://x/p/12"))
        XCTAssertFalse(p.matches("http://x/p/12a"))
        XCTAssertThrowsError(try SelectorSet.URLPattern("re:(unclosed"))
    }
}
