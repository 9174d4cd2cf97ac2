@testable import FieldParsers
import Foundation
import Testing

/// The byte-level shortcuts give what the Foundation calls they stand in for give.
@Suite struct FastPathTests {
    @Test func decimalDigitsMatchDecimalString() {
        let posix = Locale(identifier: "en_US_POSIX")
        var samples = ["0", "1", "10", "19.99", "19.90", "1299.90", "0.5", "007", "00.10", "1.", ".5", "12800", "0.000",
                       "999999999999999999", "1234567890123456789", "12.345678", "1.2.3", "", "."]
        for i in stride(from: 0, to: 2_000_000, by: 997) {
            samples += ["\(i)", "\(i / 100).\(i % 100)", "\(i / 1000).\(String(i % 1000).count < 3 ? "0" : "")\(i % 1000)"]
        }
        for s in samples {
            let fast = NumberText.decimal(s) ?? Decimal(string: s, locale: posix)
            let reference = Decimal(string: s, locale: posix)
            #expect(fast.map { withUnsafeBytes(of: $0) { Array($0) } } == reference.map { withUnsafeBytes(of: $0) { Array($0) } }, "\(s)")
        }
    }

    @Test func trimmingAndNFKCMatchFoundation() {
        let texts = ["", " ", "  19,99 € ", "\t\r\n12.00\u{0B}\u{0C}", "a b", "\u{00A0}5\u{00A0}", "１２３", "ﬁ 5", "5 x", "\u{2003}7\u{3000}", "\r\n"]
        for t in texts {
            #expect(TextNormal.trimmed(t) == t.trimmingCharacters(in: .whitespacesAndNewlines), "\(t.unicodeScalars.map(\.value))")
            #expect(TextNormal.trimmed(t, newlines: false) == t.trimmingCharacters(in: .whitespaces), "\(t.unicodeScalars.map(\.value))")
            #expect(TextNormal.nfkc(t) == t.precomposedStringWithCompatibilityMapping, "\(t.unicodeScalars.map(\.value))")
        }
    }
}
