import ArgumentParser
import Extract
import FieldParsers
import Foundation
import Model

struct SelectorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "selectors", abstract: "Work on selector sets.", subcommands: [Check.self, Suggest.self])

    struct Suggest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a selector set that reproduces the automatic extraction of a product page (YAML on stdout).",
            discussion: """
            pricewatch selectors suggest PAGE.html --url URL > Selectors/newsite.yml, then review it and run selectors check. \
            A page where no product field can be read (not a product page, or one drawn by scripts) prints \
            nothing and exits 1, as selectors check does for a missing field; 2 is for a page that cannot be read.
            """)
        @Argument(help: "PAGE.html (or .html.gz), or an http(s) URL.") var page: String
        @Option(help: "The page's URL (for a saved file): names the site and its url_patterns.") var url: String?
        @Option(help: "The site id to write (default: from the host).") var site: String?

        func run() async throws {
            let doc = try await loadPage(page, url: url)
            let s = SelectorSuggester.suggest(document: doc, site: site)
            // A set without fields is one `selectors check` refuses: say what was missing instead.
            if s.expected.isEmpty {
                let looked = SelectorSuggester.fieldNames.joined(separator: ", ")
                let unreadable = s.unreproducible.isEmpty ? "" : "; \(s.unreproducible.joined(separator: ", ")) found, but not in the page itself"
                try fail("\(page): no product field to write a selector for (looked for \(looked)\(unreadable)); nothing written. "
                         + "Is it a product page, with its content in the HTML (not drawn by scripts)?", status: .alarms)
            }
            print(s.yaml, terminator: "")
            if !s.unreproducible.isEmpty {
                FileHandle.standardError.write(Data("note: no selector for \(s.unreproducible.joined(separator: ", ")) (see the comments)\n".utf8))
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show per field what matched on a page, and which fields came out empty.",
            discussion: """
            Fields are listed in the selector set's order, values as a person reads them (129.90 BRL); an \
            `all: true` field shows every value. --json prints the same as JSON in a stable order: \
            fields as an array in the set's order, keys sorted. \
            Exit 0 when every required field has a value, 1 when one is missing, 2 when the file does not load.
            """)
        @Argument(help: "The selector set.") var selectors: String
        @Argument(help: "PAGE.html or an http(s) URL.") var page: String
        @Option(help: "The page's URL (for a saved file).") var url: String?
        @Option(help: "Page kind instead of matching the URL.") var kind: String?
        @Flag(name: .customLong("json"), help: "Print JSON instead of lines.") var asJSON = false

        func run() async throws {
            let set: SelectorSet
            do { set = try SelectorSet.load(path: selectors) } catch { try fail(error, status: .configuration) }
            let doc = try await loadPage(page, url: url)
            let e = try Extractor(selectorSet: set).extract(document: doc, pageKind: kind, context: set.parseContextTemplate)
            let kindRules = e.pageKind.flatMap(set.rules(for:))
            let rules = kindRules?.fields ?? []
            // As shown: the first three records decide.
            let missing = kindRules == nil || e.records.prefix(3).contains { r in rules.contains { $0.required && r.fields[$0.name]?.value == nil } }
            if asJSON {
                let out: [String: Any] = [
                    "site": set.site, "url": e.url, "page_kind": e.pageKind ?? NSNull(), "problems": e.problems, "links": e.links,
                    "records": e.records.map { r in ["fields": rules.map { Self.fieldJSON(r.fields[$0.name], rule: $0) }] },
                ]
                let data = try JSONSerialization.data(withJSONObject: out, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
            } else {
                print("\(set.site): page kind \(e.pageKind ?? "none") for \(e.url), \(e.records.count) record(s)")
                if kindRules == nil { e.problems.forEach { print("  ! \($0)") }; throw ExitCode(1) }
                for (i, r) in e.records.prefix(3).enumerated() {
                    if e.records.count > 1 { print("record \(i + 1):") }
                    for rule in rules { print(Self.fieldLine(r.fields[rule.name], rule: rule)) }
                }
                for (name, urls) in e.links.sorted(by: { $0.key < $1.key }) { print("  link  \(name): \(urls.count) (\(urls.first ?? "-"))") }
            }
            if missing { throw ExitCode(1) }
        }

        /// `  ok    price          css span.price::text -> "R$ 129,90" = 129.90 BRL`
        static func fieldLine(_ f: ExtractedField?, rule: SelectorSet.FieldRule) -> String {
            let name = rule.name.padding(toLength: 14, withPad: " ", startingAt: 0)
            guard let f, f.value != nil else { return "  \(rule.required ? "MISS " : "empty") \(name) \(f?.reason ?? "")" }
            let values = rule.all && f.values.count > 1
                ? f.values.map(FieldDisplay.text).joined(separator: ", ") + " (\(f.values.count) values)"
                : f.value.map(FieldDisplay.text) ?? ""
            return "  ok    \(name) \(f.selector ?? "") -> \(FieldDisplay.quoted(f.raw ?? "")) = \(values)"
        }

        static func fieldJSON(_ f: ExtractedField?, rule: SelectorSet.FieldRule) -> [String: Any] {
            var o: [String: Any] = ["name": rule.name, "required": rule.required, "value": json(f?.value)]
            if rule.all { o["values"] = (f?.values ?? []).map { json($0) } }
            if let s = f?.source { o["source"] = s.rawValue }
            if let sel = f?.selector { o["selector"] = sel }
            if let raw = f?.raw { o["raw"] = raw }
            if let reason = f?.reason { o["reason"] = reason }
            return o
        }
    }
}

/// A field's value as a person reads it: `129.90 BRL`, `1200 (total)`, `InStock`, `"text"`.
enum FieldDisplay {
    static func text(_ v: FieldValue) -> String {
        switch v {
        case .price(let p):
            let digits = Currency.fractionDigits(p.currency ?? "USD")
            func amount(_ d: Decimal) -> String { Money.plainText(d, fractionDigits: digits) }
            var s = p.label == .range && p.minimum != nil && p.maximum != nil ? "\(amount(p.minimum!))-\(amount(p.maximum!))" : p.amount.map(amount) ?? "no amount"
            s += " " + (p.currency ?? "(no currency)")
            var notes: [String] = []
            if p.label != .price { notes.append(p.label.rawValue) }
            if p.isFromPrice { notes.append("from") }
            if let t = p.isTaxInclusive { notes.append(t ? "tax included" : "tax excluded") }
            return notes.isEmpty ? s : s + " (\(notes.joined(separator: ", ")))"
        case .integer(let n), .count(let n): return "\(n)"
        case .sales(let s): return "\(s.count)\(s.isLowerBound ? "+" : "") (\(s.window.rawValue))"
        case .rating(let r): return "\(r)"
        case .availability(let a): return a.rawValue
        case .date(let d): return ISO8601DateFormatter().string(from: d)
        case .text(let t): return quoted(t)
        }
    }

    /// Competitor text for a terminal: quoted, control characters escaped, hidden ones dropped.
    static func quoted(_ t: String) -> String { JSONLine.quoted(DisplayText.visible(t)) }
}
