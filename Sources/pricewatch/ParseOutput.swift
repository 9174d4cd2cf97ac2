import FieldParsers
import Foundation
import Model

/// The JSON that `pricewatch parse` prints: decimals as strings, never floats, keys in a fixed order.
enum ParseOutput {
    /// One input line {"text": ..., "currency_hint": ..., "language": ...} to one output line.
    static func jsonLine(_ line: String, kind: FieldKind, base: ParseContext) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            return #"{"error": "line is not a JSON object"}"#
        }
        guard let text = object["text"] as? String else { return #"{"error": "missing string field \"text\""}"# }
        var context = base
        if let hint = object["currency_hint"] as? String { context.currencyHint = hint }
        if let language = object["language"] as? String { context.language = language }
        return render(kind, text, context: context)
    }

    /// One parse as a JSON object. A price text without an amount is still an answer (amount null,
    /// with its label), so price always prints the price shape.
    static func render(_ kind: FieldKind, _ text: String, context: ParseContext) -> String {
        if kind == .price {
            return price(PriceParser.parse(text, currencyHint: context.currencyHint, language: context.language))
        }
        switch kind.parse(text, context: context) {
        case .failure(let e):
            return "{\"error\": \(quote(e.description))}"
        case .success(let value):
            switch value {
            case .price(let p): return price(p)
            case .integer(let n), .count(let n): return "{\"value\": \(n)}"
            case .sales(let s):
                return "{\"count\": \(s.count), \"window\": \(quote(s.window.rawValue)), \"lower_bound\": \(s.isLowerBound)}"
            case .rating(let r): return "{\"rating\": \(quote(decimal(r, fractionDigits: 0)))}"
            case .availability(let a): return "{\"availability\": \(quote(a.rawValue)), \"buyable\": \(a.isBuyable)}"
            case .date(let d):
                let f = ISO8601DateFormatter()
                return "{\"date\": \(quote(f.string(from: d)))}"
            case .text(let t): return "{\"text\": \(quote(t))}"
            }
        }
    }

    private static func price(_ p: PriceText) -> String {
        let digits = p.currency.map(Currency.fractionDigits) ?? 0
        func dec(_ d: Decimal?) -> String { d.map { quote(decimal($0, fractionDigits: digits)) } ?? "null" }
        var s = "{\"amount\": \(dec(p.amount)), \"currency\": \(p.currency.map(quote) ?? "null"), "
        s += "\"min\": \(dec(p.minimum)), \"max\": \(dec(p.maximum)), \"label\": \(quote(p.label.rawValue)), "
        s += "\"currency_text\": \(p.currencyText.map(quote) ?? "null"), \"from\": \(p.isFromPrice), "
        s += "\"tax_inclusive\": \(p.isTaxInclusive.map { String($0) } ?? "null")"
        if p.amount == nil { s += ", \"reason\": \"no price amount in the text\"" }
        return s + "}"
    }

    /// Plain decimal text padded to the currency's fraction digits, never rounded ("34.992001" stays).
    static func decimal(_ d: Decimal, fractionDigits: Int) -> String {
        var text = NSDecimalNumber(decimal: d).description(withLocale: Locale(identifier: "en_US_POSIX"))
        let have = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0
        if have < fractionDigits {
            if have == 0 { text += "." }
            text += String(repeating: "0", count: fractionDigits - have)
        }
        return text
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
