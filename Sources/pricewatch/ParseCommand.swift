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
