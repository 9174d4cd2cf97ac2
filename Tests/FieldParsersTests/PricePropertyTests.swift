import FieldParsers
import Foundation
import Model
import PropertyBased
import Testing

/// Random amounts written in every supported style parse back to the same amount and currency.
@Suite struct PricePropertyTests {
    /// A written currency, the ISO code it means, and the hint a page would need to say so.
    static let currencies: [(written: String, code: String, hint: String?)] = [
        ("$", "USD", nil), ("US$", "USD", nil), ("USD", "USD", nil), ("C$", "CAD", nil), ("$", "CAD", "CAD"),
        ("A$", "AUD", nil), ("HK$", "HKD", nil), ("NT$", "TWD", nil), ("S$", "SGD", nil), ("NZ$", "NZD", nil),
        ("MX$", "MXN", nil), ("R$", "BRL", nil), ("€", "EUR", nil), ("EUR", "EUR", nil), ("£", "GBP", nil),
        ("¥", "JPY", nil), ("¥", "CNY", "CNY"), ("元", "CNY", nil), ("RMB", "CNY", nil), ("円", "JPY", nil),
        ("₩", "KRW", nil), ("₹", "INR", nil), ("Rs", "INR", nil), ("₽", "RUB", nil), ("руб.", "RUB", nil),
        ("р.", "RUB", nil), ("zł", "PLN", nil), ("Kč", "CZK", nil), ("kr.", "DKK", nil), ("kr", "SEK", "SEK"),
        ("kr", "NOK", "NOK"), ("CHF", "CHF", nil), ("Fr.", "CHF", nil), ("₺", "TRY", nil), ("TL", "TRY", nil),
        ("₫", "VND", nil), ("฿", "THB", nil), ("RM", "MYR", nil), ("Rp", "IDR", nil), ("₱", "PHP", nil),
        ("AED", "AED", nil), ("lei", "RON", nil), ("Ft", "HUF", nil), ("₪", "ILS", nil), ("R", "ZAR", nil),
        ("KWD", "KWD", nil), ("₴", "UAH", nil),
    ]
    /// (group separator, decimal mark); "" is no grouping, "indian" groups 1,23,456.
    static let styles: [(group: String, decimal: String)] = [
        ("", "."), ("", ","), (",", "."), (".", ","), (" ", ","), ("\u{00A0}", ","), ("\u{202F}", ","),
        ("\u{2009}", "."), ("'", "."), ("'", ","), ("indian", "."),
    ]

    static func format(minorUnits: Int, code: String, style: (group: String, decimal: String)) -> String {
        let digits = Currency.fractionDigits(code)
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        let integer = String(minorUnits / scale)
        var grouped = ""
        if style.group == "indian" {
            let last3 = String(integer.suffix(3))
            var head = String(integer.dropLast(3))
            var parts: [String] = []
            while head.count > 2 { parts.insert(String(head.suffix(2)), at: 0); head = String(head.dropLast(2)) }
            if !head.isEmpty { parts.insert(head, at: 0) }
            grouped = (parts + [last3]).filter { !$0.isEmpty }.joined(separator: ",")
        } else {
            for (i, c) in integer.enumerated() {
                if i > 0, (integer.count - i) % 3 == 0 { grouped += style.group }
                grouped.append(c)
            }
        }
        guard digits > 0 else { return grouped }
        let fraction = String(minorUnits % scale)
        return grouped + style.decimal + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    @Test func formattedAmountsParseBack() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...999_999_999), Gen.int(in: 0...(Self.currencies.count - 1)),
                            Gen.int(in: 0...(Self.styles.count - 1)), Gen.int(in: 0...3)) { minor, c, s, position in
            let currency = Self.currencies[c]
            let number = Self.format(minorUnits: minor, code: currency.code, style: Self.styles[s])
            let text: String
            switch position {
            case 0: text = currency.written + number
            case 1: text = currency.written + " " + number
            case 2: text = number + currency.written
            default: text = number + " " + currency.written
            }
            let parsed = PriceParser.parse(text, currencyHint: currency.hint)
            let expected = Money(minorUnits: Int64(minor), currency: currency.code).amount
            #expect(parsed.amount == expected, "\(text)")
            #expect(parsed.currency == currency.code, "\(text)")
            #expect(parsed.label == .price, "\(text)")
        }
    }

    @Test func numbersInsideTextKeepTheirAmount() async {
        await propertyCheck(input: Gen.int(in: 1...9_999_999), Gen.int(in: 0...(Self.styles.count - 1))) { minor, s in
            let number = Self.format(minorUnits: minor, code: "EUR", style: Self.styles[s])
            let text = "Unser Preis: \(number) € inkl. MwSt."
            let parsed = PriceParser.parse(text, currencyHint: nil)
            #expect(parsed.amount == Money(minorUnits: Int64(minor), currency: "EUR").amount, "\(text)")
            #expect(parsed.isTaxInclusive == true)
        }
    }
}
