import XCTest
@testable import Crawl

final class CanonicalURLTests: XCTestCase {
    func testTable() {
        let rows: [(String, String?)] = [
            ("HTTP://Shop.Example:80/p/1?utm_source=x&b=2&a=1#reviews", "http://shop.example/p/1?a=1&b=2"),
            ("https://shop.example:443", "https://shop.example/"),
            ("https://shop.example:8443/p?id=5&gclid=abc", "https://shop.example:8443/p?id=5"),
            ("http://127.0.0.1:8080/us/c/electronics?page=2", "http://127.0.0.1:8080/us/c/electronics?page=2"),
            ("http://shop.example/p?a=2&a=1", "http://shop.example/p?a=2&a=1"),
            ("ftp://shop.example/file", nil),
            ("javascript:alert(1)", nil),
            ("/relative/path", nil),
            ("  https://shop.example/x  ", "https://shop.example/x"),
        ]
        for (input, expected) in rows { XCTAssertEqual(CanonicalURL.string(input), expected, input) }
    }
}
