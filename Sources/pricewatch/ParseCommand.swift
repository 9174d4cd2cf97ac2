import ArgumentParser
import FieldParsers
import Foundation
import Model

/// `pricewatch parse`: runs one field parser on a text, or on JSON lines from stdin.
///
///     pricewatch parse price "R$ 1.299,90"
///     {"amount": "1299.90", "currency": "BRL", "min": null, "max": null, "label": "price", ...}
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse a price, sales, rating, count, availability or date text and print JSON.",
        discussion: """
        Batch mode (--jsonl) reads {"text": ..., "currency_hint": ...} lines on stdin and writes one \
        JSON line per input, in order; a bad line gives {"error": ...} on its line.
        """)

    @Argument(help: "price, sales, rating, count, integer, availability or date.") var kind: FieldKind
    @Argument(help: "The text to parse (omit with --jsonl).") var text: String?
    @Option(name: .customLong("currency-hint"), help: "ISO code, symbol or page text naming the currency.") var currencyHint: String?
    @Option(help: "BCP 47 language of the page (de, zh, pt-BR): decides 3/4/2025 and \"kr\".") var language: String?
    @Option(name: .customLong("time-zone"), help: "Time zone absolute dates are read in.") var timeZone = "UTC"
    @Option(name: .customLong("fetched-at"), help: "ISO 8601 instant relative dates resolve against (default now).") var fetchedAt: String?
    @Flag(help: "Read JSON lines on stdin, write one JSON line per input.") var jsonl = false

    func validate() throws {
        if jsonl && text != nil { throw ValidationError("give either TEXT or --jsonl, not both") }
        if !jsonl && text == nil { throw ValidationError("missing TEXT (or use --jsonl)") }
        if TimeZone(identifier: timeZone) == nil { throw ValidationError("unknown time zone \"\(timeZone)\"") }
        if let f = fetchedAt, ISO8601DateFormatter().date(from: f) == nil {
            throw ValidationError("--fetched-at must be ISO 8601 like 2025-03-03T10:00:00Z")
        }
    }

    func run() throws {
        let base = ParseContext(currencyHint: currencyHint,
                                fetchedAt: fetchedAt.flatMap { ISO8601DateFormatter().date(from: $0) } ?? Date(),
                                timeZone: TimeZone(identifier: timeZone)!, language: language)
        if let text {
            let line = ParseOutput.render(kind, text, context: base)
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
            return
        }
        var out = Data()
        out.reserveCapacity(1 << 16)
        while let line = readLine(strippingNewline: true) {
            out.append(contentsOf: Array(ParseOutput.jsonLine(line, kind: kind, base: base).utf8))
            out.append(0x0A)
            if out.count >= 1 << 16 {
                FileHandle.standardOutput.write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(out)
    }
}

extension FieldKind: ExpressibleByArgument {}


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

    static func quote(_ s: String) -> String { JSONLine.quoted(s) }
}
