import XCTest
@testable import Fetch

/// robots.txt matching: the rules of RFC 9309 as before, in linear work on hostile patterns.
final class RobotsTxtTests: XCTestCase {
    /// The recursive matcher this project shipped before: exponential in the number of `*`s, kept
    /// here as the reference the linear one must agree with on small inputs.
    static func referenceMatches(_ pattern: String, _ path: String) -> Bool {
        let p = Array(pattern.unicodeScalars), s = Array(path.unicodeScalars)
        let anchored = p.last == "$"
        let pat = anchored ? Array(p.dropLast()) : p
        func match(_ i: Int, _ j: Int) -> Bool {
            if i == pat.count { return anchored ? j == s.count : true }
            if pat[i] == "*" {
                var k = j
                while k <= s.count { if match(i + 1, k) { return true }; k += 1 }
                return false
            }
            return j < s.count && pat[i] == s[j] && match(i + 1, j + 1)
        }
        return match(0, 0)
    }

    func testPatternTable() {
        let rows: [(pattern: String, path: String, matches: Bool, line: UInt)] = [
            ("/", "/anything", true, #line),
            ("/cart", "/cart", true, #line),
            ("/cart", "/cart/checkout", true, #line),
            ("/cart", "/car", false, #line),
            ("/*?sort=", "/c?sort=price", true, #line),
            ("/*?sort=", "/c?page=2", false, #line),
            ("/private/ok$", "/private/ok", true, #line),
            ("/private/ok$", "/private/ok/more", false, #line),
            ("/*.pdf$", "/files/a.pdf", true, #line),
            ("/*.pdf$", "/files/a.pdf?x=1", false, #line),
            ("/*.pdf$", "/.pdf", true, #line),
            ("/a*b*c", "/abc", true, #line),
            ("/a*b*c", "/acb", false, #line),
            ("/a**b", "/ab", true, #line),
            ("*", "/x", true, #line),
            ("*$", "/x", true, #line),
            ("$", "", true, #line),
            ("/ab*ab$", "/abab", true, #line),
            ("/ab*ab$", "/aba", false, #line),
            ("/aab*", "/aaab", false, #line),
            ("/*aab", "/aaab", true, #line),
            ("/fr/*/été", "/fr/x/été", true, #line),
            ("/a$b", "/a$b", true, #line),
        ]
        for r in rows {
            XCTAssertEqual(RobotsTxt.matches(r.pattern, r.path), r.matches, "\(r.pattern) vs \(r.path)", line: r.line)
            XCTAssertEqual(RobotsTxtTests.referenceMatches(r.pattern, r.path), r.matches, "reference: \(r.pattern) vs \(r.path)", line: r.line)
        }
    }

    /// Small random patterns and paths over a tiny alphabet (so that pieces repeat and overlap):
    /// the linear matcher agrees with the recursive one on every case.
    func testAgreesWithTheRecursiveMatcherOnRandomCases() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
        let patternAlphabet: [Character] = ["/", "a", "b", "*", "*", "$"]
        let pathAlphabet: [Character] = ["/", "a", "b", "$"]
        var mismatches: [String] = []
        for _ in 0..<20_000 {
            let pattern = String((0..<next(8)).map { _ in patternAlphabet[next(patternAlphabet.count)] })
            let path = String((0..<next(10)).map { _ in pathAlphabet[next(pathAlphabet.count)] })
            if RobotsTxt.matches(pattern, path) != RobotsTxtTests.referenceMatches(pattern, path) {
                mismatches.append("\(pattern) vs \(path)")
            }
        }
        XCTAssertEqual(mismatches.prefix(10), [])
    }

    /// The reproducer: `/*a*a*…*b` with 25 `*`s against sixty `a`s never finished.
    /// The work is now bounded by 2 × (path + pattern) byte comparisons.
    func testManyWildcardsTakeLinearSteps() {
        let pattern = "/" + String(repeating: "*a", count: 25) + "*b"
        let path = "/" + String(repeating: "a", count: 60)
        var steps = 0
        XCTAssertFalse(RobotsPattern(pattern).matches(path, steps: &steps))
        XCTAssertGreaterThan(steps, 0)
        XCTAssertLessThanOrEqual(steps, 2 * (pattern.utf8.count + path.utf8.count), "steps \(steps)")

        // A whole file of such rules against a long path: rules × 2 × (path + pattern) at most.
        let file = "User-agent: *\n" + String(repeating: "Disallow: \(pattern)\nAllow: /*a*a*a*a*a*a*a*a*c$\n", count: 500)
        let robots = RobotsTxt(file, userAgent: "pricewatch")
        let longPath = "/" + String(repeating: "a", count: 4_000)
        var total = 0
        XCTAssertTrue(robots.isAllowed(longPath, steps: &total))
        XCTAssertLessThanOrEqual(total, 1_000 * 2 * (pattern.utf8.count + longPath.utf8.count), "steps \(total)")
    }

    func testRuleLengthAndCountAreCapped() {
        let long = "/" + String(repeating: "x", count: RobotsTxt.maxRuleBytes)
        let robots = RobotsTxt("User-agent: *\nDisallow: \(long)\nDisallow: /short\n", userAgent: "pricewatch")
        XCTAssertEqual(robots.ignoredRules, 1)
        XCTAssertTrue(robots.isAllowed(long), "an over-long rule is ignored")
        XCTAssertFalse(robots.isAllowed("/short"))

        let many = "User-agent: *\n" + (0..<(RobotsTxt.maxRules + 10)).map { "Disallow: /p\($0)/\n" }.joined()
        let capped = RobotsTxt(many, userAgent: "pricewatch")
        XCTAssertEqual(capped.ignoredRules, 10)
        XCTAssertFalse(capped.isAllowed("/p0/"))
        XCTAssertTrue(capped.isAllowed("/p\(RobotsTxt.maxRules + 5)/"), "rules past the cap are not read")
    }

    func testLongestMatchWinsAndAllowWinsTies() {
        let r = RobotsTxt("User-agent: *\nDisallow: /shop\nAllow: /shop/item\nDisallow: /shop/item/secret\nAllow: /tie\nDisallow: /tie\n", userAgent: "pricewatch")
        XCTAssertFalse(r.isAllowed("/shop/list"))
        XCTAssertTrue(r.isAllowed("/shop/item/1"))
        XCTAssertFalse(r.isAllowed("/shop/item/secret/2"))
        XCTAssertTrue(r.isAllowed("/tie"))
        XCTAssertTrue(r.isAllowed(""), "an empty path is /")
    }
}
