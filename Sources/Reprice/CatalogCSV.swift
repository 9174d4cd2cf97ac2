import Config
import Foundation
import Model
import Store
import SwiftCSV

/// The merchant's catalog sheet: `sku,title,currency,cost,current_price` and optional
/// `min_price,max_price,shipping,fees_pct,strategy,tags,matches` (matches: `site:external_id` or URLs,
/// separated by `;`). Parsed with a real CSV reader; every bad row is reported with its line (the
/// line the row starts on, also after quoted fields that span lines).
///
///     let sheet = CatalogCSV.check(text, knownSites: ["demo-us", "demo-eu"])
///     guard sheet.problems.isEmpty else { ... }   // `catalog import` then changes nothing
public enum CatalogCSV {
    public struct RowProblem: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// A checked sheet: the good rows, every bad row, and warnings that do not stop an import.
    public struct Sheet: Sendable {
        /// The good rows; empty after `importSheet`, which streams them into the store instead.
        public var items: [CatalogRecord]
        /// How many good rows there were (also when streamed).
        public var count = 0
        public var problems: [RowProblem]
        /// Lines worth a look that are not errors, e.g. a match on a site no job crawls.
        public var warnings: [RowProblem]
    }

    /// A sheet refused whole: nothing was imported.
    public struct Rejected: Error, CustomStringConvertible {
        public var problems: [RowProblem]
        public var warnings: [RowProblem] = []
        public var description: String {
            "\(problems.count) problem\(problems.count == 1 ? "" : "s"); nothing was imported:\n" + problems.map { "  \($0)" }.joined(separator: "\n")
        }
    }

    static let required = ["sku", "title", "currency", "cost", "current_price"]
    /// Most header columns read: a catalog has a dozen. The CSV reader builds one dictionary per
    /// row over every header column, so a hostile header of 100k columns made each of 100k rows
    /// cost 100k steps; refusing it first keeps a check linear in the file.
    static let maxColumns = 256

    public static func parse(_ text: String) -> (items: [CatalogRecord], problems: [RowProblem]) {
        let sheet = check(text)
        return (sheet.items, sheet.problems)
    }

    /// The catalog import policy, the same for `catalog import`, `reprice --catalog` and the demo:
    /// all rows or nothing (any bad row, or no row at all, throws `Rejected`), and a `matches` entry
    /// on a site outside `knownSites` is a warning in the returned sheet. Changes nothing.
    ///
    ///     let sheet = try CatalogCSV.accept(text, knownSites: ["demo-us"])   // throws Rejected on a bad row
    ///     for w in sheet.warnings { print("warning: \(w)") }
    public static func accept(_ text: String, knownSites: Set<String>?) throws -> Sheet {
        let sheet = check(text, knownSites: knownSites)
        try accepted(sheet)
        return sheet
    }

    private static func accepted(_ sheet: Sheet) throws {
        guard sheet.problems.isEmpty else { throw Rejected(problems: sheet.problems, warnings: sheet.warnings) }
        guard sheet.count > 0 else { throw Rejected(problems: [RowProblem(line: 2, message: "no catalog rows (an empty sheet would empty the catalog)")]) }
    }

    /// All-or-nothing `catalog import`, with `accept`'s policy: each good row goes into the
    /// catalog's replacement transaction as it is read (a million-row sheet is never held as
    /// records), and `Rejected` rolls it back, so the catalog is then unchanged.
    @discardableResult
    public static func importSheet(_ text: String, into store: any PriceStoring, knownSites: Set<String>? = nil) throws -> Sheet {
        var sheet: Sheet?
        try store.replaceCatalog { insert in
            let checked = try withoutActuallyEscaping(insert) { try scan(text, knownSites: knownSites, insert: $0) }
            try accepted(checked)
            sheet = checked
        }
        return sheet!
    }

    /// Checks every row. `knownSites`, when given, are the site names the jobs crawl: a `matches`
    /// entry on another site is a warning (it will match nothing until a job crawls that site).
    public static func check(_ text: String, knownSites: Set<String>? = nil) -> Sheet {
        // Without `insert` nothing but row parsing can throw, and `scan` reports that as a problem.
        (try? scan(text, knownSites: knownSites, insert: nil)) ?? Sheet(items: [], problems: [], warnings: [])
    }

    /// `check`, handing each good row to `insert` when given (instead of keeping it in `items`);
    /// rows are read one at a time, never all at once. Throws only what `insert` throws.
    static func scan(_ text: String, knownSites: Set<String>?, insert: ((CatalogRecord) throws -> Void)?) throws -> Sheet {
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let delimiter = CSVDelimiter.guessed(string: body)
        // Where each record starts, and quoting errors, by line: the CSV reader knows neither.
        let columns = headerColumnCount(body, delimiter: delimiter.rawValue)
        guard columns <= maxColumns else {
            return Sheet(items: [], problems: [RowProblem(line: 1, message: "the header has \(columns) columns (at most \(maxColumns) are read)")], warnings: [])
        }
        let layout = RecordLayout(body, delimiter: delimiter.rawValue)
        if let stray = layout.strayQuote { return Sheet(items: [], problems: [stray], warnings: []) }
        let csv: CSV<Named>
        // The header only: the rows are enumerated below, one at a time.
        do { csv = try CSV<Named>(string: body, delimiter: delimiter, loadColumns: false, rowLimit: 0) } catch {
            return Sheet(items: [], problems: [RowProblem(line: 1, message: "not readable as CSV: \(error)")], warnings: [])
        }
        // An unterminated quote swallows the rest of the file into its record, the last one read.
        let swallowed = layout.unterminated.map { _ in layout.starts.count - 1 }
        if let open = layout.unterminated, swallowed == 0 { return Sheet(items: [], problems: [open], warnings: []) }
        let header = csv.header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = required.filter { !header.contains($0) }
        guard missing.isEmpty else {
            return Sheet(items: [], problems: [RowProblem(line: 1, message: "missing column(s): \(missing.joined(separator: ", ")) (header: \(header.joined(separator: ",")))")],
                         warnings: [])
        }
        var items: [CatalogRecord] = [], problems: [RowProblem] = [], warnings: [RowProblem] = []
        var seen = Set<String>()
        var count = 0, i = -1, stopped = false
        var failure: Error?
        do { try csv.enumerateAsDict { raw in
            i += 1
            if stopped { return }
            // Record 0 is the header.
            let line = i + 1 < layout.starts.count ? layout.starts[i + 1] : i + 2
            if let open = layout.unterminated, i + 1 >= swallowed! { problems.append(open); stopped = true; return }
            var row: [String: String] = [:]
            // A sheet from `catalog export` carries the spreadsheet guard: read back, the values are as they were.
            for (k, v) in raw { row[k.trimmingCharacters(in: .whitespaces).lowercased()] = CSVWriter.unguarded(v.trimmingCharacters(in: .whitespaces)) }
            if row.values.allSatisfy(\.isEmpty) { return }  // a blank line
            do {
                let item = try record(row)
                guard seen.insert(item.sku).inserted else { throw RowProblem(line: line, message: "sku \(item.sku) appears twice") }
                count += 1
                if let insert {
                    do { try insert(item) } catch { failure = error; stopped = true; return }
                } else {
                    items.append(item)
                }
                if let knownSites {
                    for site in Set(item.matches.compactMap(\.site)).sorted() where !knownSites.contains(site) {
                        warnings.append(RowProblem(line: line, message: "site '\(site)' is not crawled by any job (\(knownSites.isEmpty ? "no jobs found" : "jobs crawl \(knownSites.sorted().joined(separator: ", "))"))"))
                    }
                }
            } catch let p as RowProblem {
                problems.append(RowProblem(line: line, message: p.message))
            } catch {
                problems.append(RowProblem(line: line, message: "\(error)"))
            }
        } } catch {
            return Sheet(items: [], problems: [RowProblem(line: 1, message: "not readable as CSV: \(error)")], warnings: [])
        }
        if let failure { throw failure }
        if let open = layout.unterminated, !problems.contains(open) { problems.append(open) }
        return Sheet(items: items, count: count, problems: problems, warnings: warnings)
    }

    /// Fields of the first record, quotes followed; stops counting just past `maxColumns`.
    static func headerColumnCount(_ text: String, delimiter: Character) -> Int {
        var count = 1, inQuotes = false
        for ch in text {
            if ch == "\"" { inQuotes.toggle() }
            else if !inQuotes && ch.isNewline { break }
            else if !inQuotes && ch == delimiter {
                count += 1
                if count > maxColumns { break }
            }
        }
        return count
    }

    /// The line each record starts on, following the CSV reader's own quoting rules, and the
    /// quoting errors it would swallow (an unterminated quote reads the rest of the file as one
    /// field) or report without a line (a quote inside an unquoted field).
    struct RecordLayout {
        var starts: [Int] = []
        var unterminated: RowProblem?
        var strayQuote: RowProblem?

        init(_ text: String, delimiter: Character) {
            var line = 1, atStart = true, inField = false, inQuotes = false, quoteSeen = false, openedAt = 1
            var recordOpen = false
            func startRecordIfNeeded() { if !recordOpen { starts.append(line); recordOpen = true } }
            func endRecord() { startRecordIfNeeded(); recordOpen = false }
            for ch in text {
                if atStart {
                    if ch == "\"" { startRecordIfNeeded(); atStart = false; inQuotes = true; openedAt = line }
                    else if ch == delimiter { startRecordIfNeeded() }
                    else if ch.isNewline { endRecord() }
                    else if ch.isWhitespace { }
                    else { startRecordIfNeeded(); inField = true; atStart = false }
                } else if inField {
                    if quoteSeen {
                        // The reader accepts only "" inside an unquoted field.
                        if ch == "\"" { quoteSeen = false } else { strayQuote = RowProblem(line: line, message: "a quote inside an unquoted field (quote the whole field, and double quotes inside it)"); return }
                    } else if ch == "\"" { quoteSeen = true }
                    else if ch == delimiter { atStart = true; inField = false }
                    else if ch.isNewline { atStart = true; inField = false; endRecord() }
                } else if inQuotes {
                    if quoteSeen {
                        if ch == "\"" { quoteSeen = false }
                        else if ch == delimiter { quoteSeen = false; atStart = true; inQuotes = false }
                        else if ch.isNewline { quoteSeen = false; atStart = true; inQuotes = false; endRecord() }
                        else if ch.isWhitespace { }
                        else { strayQuote = RowProblem(line: line, message: "text after the closing quote of a quoted field (double a quote inside a field: \"\")"); return }
                    } else if ch == "\"" { quoteSeen = true }
                }
                if ch.isNewline { line += 1 }
            }
            if inQuotes && !quoteSeen { unterminated = RowProblem(line: openedAt, message: "unterminated quoted field (the quote opened here is never closed)") }
        }
    }

    static func record(_ row: [String: String]) throws -> CatalogRecord {
        func value(_ k: String) -> String? { row[k].flatMap { $0.isEmpty ? nil : $0 } }
        guard let sku = value("sku") else { throw RowProblem(line: 0, message: "sku is empty") }
        guard let title = value("title") else { throw RowProblem(line: 0, message: "title is empty") }
        guard let currency = value("currency")?.uppercased(), currency.count == 3, currency.allSatisfy(\.isLetter) else {
            throw RowProblem(line: 0, message: "currency must be an ISO 4217 code like USD, got '\(row["currency"] ?? "")'")
        }
        func money(_ k: String, required: Bool = false) throws -> Money? {
            guard let text = value(k) else {
                if required { throw RowProblem(line: 0, message: "\(k) is empty") }
                return nil
            }
            guard let d = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), d >= 0,
                  text.allSatisfy({ $0.isNumber || $0 == "." }) else {
                throw RowProblem(line: 0, message: "\(k) '\(text)' is not a plain decimal like 12.99")
            }
            guard d <= Money.maximumAmount else {
                throw RowProblem(line: 0, message: "\(k) '\(text)' is over 10 trillion \(currency): not an amount (digits run together?)")
            }
            let m = Money(amount: d, currency: currency)
            // Never rounded: 100.5 JPY is a typo or a wrong currency, not 100 or 101 yen.
            guard Money(minorUnits: m.minorUnits, currency: currency).amount == d else {
                let digits = Currency.fractionDigits(currency)
                throw RowProblem(line: 0, message: "\(k) '\(text)' has more decimals than \(currency) allows (\(digits == 0 ? "none" : "\(digits)"))")
            }
            return m
        }
        let cost = try money("cost", required: true)!, price = try money("current_price", required: true)!
        let minP = try money("min_price"), maxP = try money("max_price"), shipping = try money("shipping")
        if let maxP, maxP.amount < cost.amount { throw RowProblem(line: 0, message: "max_price \(maxP.decimalText) is below cost \(cost.decimalText)") }
        if let minP, let maxP, minP.amount > maxP.amount { throw RowProblem(line: 0, message: "min_price is above max_price") }
        var fees: Decimal?
        if let f = value("fees_pct") {
            guard let d = Decimal(string: f.replacingOccurrences(of: "%", with: ""), locale: Locale(identifier: "en_US_POSIX")), d >= 0, d < 100 else {
                throw RowProblem(line: 0, message: "fees_pct '\(f)' must be a percentage from 0 to 99")
            }
            fees = d / 100
        }
        var strategy: String?
        if let name = value("strategy") {
            let names = Set(StrategyKind.allCases.map(\.rawValue))
            guard StrategyKind(rawValue: name.lowercased()) != nil else {
                let hint = ConfigNode.closest(to: name, in: names).map { " (did you mean '\($0)'?)" } ?? ""
                throw RowProblem(line: 0, message: "unknown strategy '\(name)'\(hint); one of \(StrategyKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            strategy = name
        }
        let matches: [(site: String?, externalID: String?, url: String?)] = try (value("matches") ?? "").split(separator: ";").compactMap {
            let m = $0.trimmingCharacters(in: .whitespaces)
            if m.isEmpty { return nil }
            if m.hasPrefix("http://") || m.hasPrefix("https://") {
                guard let url = URL(string: m), url.host?.isEmpty == false else { throw RowProblem(line: 0, message: "matches entry '\(m)' is not a valid URL") }
                return (nil, nil, m)
            }
            let parts = m.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !parts[0].contains(where: \.isWhitespace) else {
                throw RowProblem(line: 0, message: "matches entry '\(m)' is neither site:ID (e.g. demo-us:US-1) nor an http(s) URL")
            }
            return (parts[0], parts[1], nil)
        }
        return CatalogRecord(sku: sku, title: title, cost: cost, price: price, minPrice: minP, maxPrice: maxP, shipping: shipping,
                             feesFraction: fees, strategy: strategy, tags: (value("tags") ?? "").split(separator: ";").map(String.init), matches: matches)
    }

    /// The catalog as a sheet again, spreadsheet-safe (cells guarded against formula injection);
    /// `check` undoes the guard, so an exported sheet imports to the same catalog.
    public static func write(_ items: [CatalogRecord]) -> String {
        var csv = CSVWriter()
        csv.row(["sku", "title", "currency", "cost", "current_price", "min_price", "max_price", "shipping", "fees_pct", "strategy", "tags", "matches"])
        for i in items {
            let matches = i.matches.map { $0.url ?? "\($0.site ?? ""):\($0.externalID ?? "")" }.joined(separator: ";")
            csv.row([i.sku, i.title, i.price.currency, i.cost.decimalText, i.price.decimalText, i.minPrice?.decimalText ?? "", i.maxPrice?.decimalText ?? "",
                     i.shipping?.decimalText ?? "", i.feesFraction.map { Money.plainText($0 * 100, fractionDigits: 2) } ?? "", i.strategy ?? "",
                     i.tags.joined(separator: ";"), matches])
        }
        return csv.text
    }
}
