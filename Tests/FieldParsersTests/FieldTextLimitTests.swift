@testable import FieldParsers
import Foundation
import XCTest

/// Hostile field texts (issue 27, item 4): "1" and 200k dots took 18 s, "€1," 200k times 33 s. A text
/// over `FieldTextLimit` is refused with a reason by every parser (fast and reference), before it is
/// read, so the work per field is bounded by the limit; the shapes that were quadratic are now read
/// in one pass (the linear scans are held against the reference by the property tests).
final class FieldTextLimitTests: XCTestCase {
    struct Row {
        var kind: FieldKind
        var text: String
        var reason: String
        var line: UInt = #line
    }

    static let dots = "1" + String(repeating: ".", count: 200_000)
    static let euros = String(repeating: "€1,", count: 200_000)

    func testEveryKindRefusesTextOverItsLimitWithTheReason() {
        let rows: [Row] = [
            Row(kind: .price, text: Self.dots, reason: "price text longer than 512 characters"),
            Row(kind: .price, text: Self.euros, reason: "price text longer than 512 characters"),
            // Just over the limit, in a shape the parser would otherwise read as 1 EUR: refused, not guessed.
            Row(kind: .price, text: String(repeating: "€1,", count: 171), reason: "price text longer than 512 characters"),
            Row(kind: .integer, text: String(repeating: "1,", count: 300), reason: "integer text longer than 512 characters"),
            Row(kind: .count, text: String(repeating: "1 ", count: 300), reason: "count text longer than 512 characters"),
            Row(kind: .rating, text: String(repeating: "★", count: 513), reason: "rating text longer than 512 characters"),
            Row(kind: .sales, text: Self.dots, reason: "sales text longer than 512 characters"),
            Row(kind: .availability, text: "in stock " + String(repeating: "x", count: 2_048), reason: "availability text longer than 2048 characters"),
            Row(kind: .date, text: "2025-03-03" + String(repeating: " ", count: 2_048), reason: "date text longer than 2048 characters"),
        ]
        for row in rows {
            switch row.kind.parse(row.text, context: ParseContext()) {
            case .success(let v): XCTFail("\(row.kind): read \(v) from a text over the limit", line: row.line)
            case .failure(let e):
                XCTAssertEqual(e.reason, row.reason, line: row.line)
                XCTAssertLessThanOrEqual(e.input.unicodeScalars.count, 80, "the error keeps a prefix, not the page", line: row.line)
            }
        }
    }

    /// Each public parser and both implementations behind it refuse on their own, so no entry point
    /// reads an unbounded text.
    func testFastAndReferenceParsersRefuseTooLongTextsToo() {
        let long = Self.euros
        XCTAssertNil(PriceParser.parse(long, currencyHint: "EUR").amount)
        XCTAssertNil(FastPriceParser.parse(long, currencyHint: "EUR", language: nil)?.amount)
        XCTAssertNotNil(FastPriceParser.parse(long, currencyHint: "EUR", language: nil), "refused, not handed to the reference parser")
        XCTAssertNil(ReferencePriceParser.parse(long, currencyHint: "EUR").amount)
        let reason = "sales text longer than 512 characters"
        XCTAssertEqual(failure(SalesParser.parse(Self.dots)), reason)
        XCTAssertEqual(failure(FastSalesParser.parse(Self.dots)!), reason)
        XCTAssertEqual(failure(ReferenceSalesParser.parse(Self.dots)), reason)
        XCTAssertEqual(failure(RatingParser.parse(Self.dots)), "rating text longer than 512 characters")
        XCTAssertEqual(failure(FastRatingParser.parse(Self.dots)!), "rating text longer than 512 characters")
        XCTAssertEqual(failure(ReferenceRatingParser.parse(Self.dots)), "rating text longer than 512 characters")
        XCTAssertEqual(failure(CountParser.parse(Self.dots, as: .count)), "count text longer than 512 characters")
        XCTAssertEqual(failure(ReferenceCountParser.parse(Self.dots, as: .integer)), "integer text longer than 512 characters")
        let words = String(repeating: "in stock ", count: 300)
        XCTAssertEqual(failure(AvailabilityParser.parse(words)), "availability text longer than 2048 characters")
        XCTAssertEqual(failure(FastAvailabilityParser.parse(words)!), "availability text longer than 2048 characters")
        XCTAssertEqual(failure(ReferenceAvailabilityParser.parse(words)), "availability text longer than 2048 characters")
        XCTAssertEqual(failure(DateParser.parse(words, context: ParseContext())), "date text longer than 2048 characters")
    }

    /// The limit counts characters, not bytes: 512 two-byte or four-byte scalars are still read.
    func testTextAtTheLimitIsStillRead() {
        let padded = "12,99 €" + String(repeating: "\u{00A0}", count: 512 - 7)
        XCTAssertEqual(padded.unicodeScalars.count, 512)
        XCTAssertEqual(PriceParser.parse(padded, currencyHint: nil).amount, Decimal(string: "12.99"))
        let emoji = "€5 " + String(repeating: "😀", count: 509)
        XCTAssertEqual(PriceParser.parse(emoji, currencyHint: nil).amount, 5)
        XCTAssertFalse(FieldTextLimit.exceeds(emoji, 512))
        XCTAssertTrue(FieldTextLimit.exceeds(emoji + "x", 512))
    }

    /// The shapes that were quadratic, at the limit: the same answers from both parsers (the scans
    /// that read past two leading marks, and the per-number search over every marker, are gone).
    func testQuadraticShapesAtTheLimitAgreeWithTheReference() {
        let texts = ["1" + String(repeating: ".", count: 511), String(repeating: "€1,", count: 170),
                     String(repeating: "1 €", count: 170), String(repeating: ".,", count: 250) + "5 €"]
        for text in texts {
            let fast = FastPriceParser.parse(text, currencyHint: nil, language: nil)
            let reference = ReferencePriceParser.parse(text, currencyHint: nil)
            XCTAssertEqual(fast?.amount, reference.amount, String(text.prefix(12)))
            XCTAssertEqual(fast?.currency, reference.currency, String(text.prefix(12)))
        }
    }

    private func failure<T>(_ r: Result<T, FieldParseError>) -> String? {
        if case .failure(let e) = r { return e.reason }
        return nil
    }
}
