import FieldParsers
import Foundation
import Testing

/// Every row of ../shared/data/price_strings.jsonl: real shop texts with the amount a person reads.
@Suite struct PriceStringsDataTests {
    struct Row: Decodable {
        var text: String
        var currency_hint: String?
        var amount: String?
    }

    @Test(.enabled(if: SharedData.exists("price_strings.jsonl"), "needs ../shared/data/price_strings.jsonl"))
    func everyRowParsesToItsAmount() throws {
        let data = try String(contentsOf: SharedData.url("price_strings.jsonl"), encoding: .utf8)
        let rows = try data.split(separator: "\n").map { try JSONDecoder().decode(Row.self, from: Data($0.utf8)) }
        #expect(rows.count > 0)
        var right = 0
        for row in rows {
            let parsed = PriceParser.parse(row.text, currencyHint: row.currency_hint)
            let expected = row.amount.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
            #expect(parsed.amount == expected, "\(row.text) (hint \(row.currency_hint ?? "nil"))")
            if parsed.amount == expected { right += 1 }
        }
        print("price_strings.jsonl: \(right)/\(rows.count) amounts right")
    }
}
