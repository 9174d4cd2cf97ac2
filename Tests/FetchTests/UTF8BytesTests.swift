import Foundation
import XCTest
@testable import Fetch

/// `CharsetDecoder.decodeUTF8`, which hands libxml2 the body itself when it is valid UTF-8, gives
/// the bytes of `decode`'s text in every case, and its validator agrees with Swift's.
final class UTF8BytesTests: XCTestCase {
    func testTheValidatorAgreesWithSwiftOnEveryShortSequence() {
        var rng = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        for length in 1...4 {
            for _ in 0..<20_000 {
                // Behind eight ASCII bytes or not, so both the word-at-a-time and the byte paths see it.
                let tail = (0..<length).map { _ in interesting.randomElement(using: &rng)! }
                for bytes in [tail, Array("abcdefgh".utf8) + tail + Array("xy".utf8)] {
                    let swift = String(validating: bytes, as: UTF8.self) != nil
                    XCTAssertEqual(bytes.withUnsafeBytes(CharsetDecoder.isValidUTF8), swift, "\(bytes.map { String($0, radix: 16) })")
                }
            }
        }
    }

    func testTheBytesAreTheTextsBytes() {
        let cases: [(Data, String?)] = [
            (Data("<p>€ 1.299,00 – 价格</p>".utf8), nil),
            (Data([0xEF, 0xBB, 0xBF] + Array("<p>bom</p>".utf8)), nil),
            (Data(Array("<p>bad ".utf8) + [0xC3, 0x28, 0xFF] + Array(" bytes</p>".utf8)), "text/html; charset=utf-8"),
            (Data([0x3C, 0x70, 0x3E, 0xC4, 0xE3, 0xBA, 0xC3]), "text/html; charset=gbk"),
            (Data("<meta charset=\"shift_jis\"><p>\u{30}</p>".utf8), nil),
        ]
        for (body, contentType) in cases {
            XCTAssertEqual(CharsetDecoder.decodeUTF8(body, contentType: contentType), Data(CharsetDecoder.decode(body, contentType: contentType).text.utf8))
        }
        let valid = Data(String(repeating: "<div class=\"price\">€ 12,99</div>", count: 1000).utf8)
        XCTAssertEqual(CharsetDecoder.decodeUTF8(valid, contentType: "text/html"), valid)
    }
}
