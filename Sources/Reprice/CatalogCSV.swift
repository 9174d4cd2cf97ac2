import Foundation
import Model
import Store
import SwiftCSV

/// The merchant's catalog sheet: `sku,title,currency,cost,current_price` and optional
/// `min_price,max_price,shipping,fees_pct,strategy,tags,matches` (matches: `site:external_id` or URLs,
/// separated by `;`). Parsed with a real CSV reader; a bad row is reported with its line and skipped
/// whole, never half-imported.
///
///     let (items, problems) = CatalogCSV.parse(text)
public enum CatalogCSV {
    public struct RowProblem: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    static let required = ["sku", "title", "currency", "cost", "current_price"]

    public static func parse(_ text: String) -> (items: [CatalogRecord], problems: [RowProblem]) {
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let csv: CSV<Named>
        do { csv = try CSV<Named>(string: body) } catch { return ([], [RowProblem(line: 1, message: "not readable as CSV: \(error)")]) }
        let header = csv.header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = required.filter { !header.contains($0) }
        guard missing.isEmpty else { return ([], [RowProblem(line: 1, message: "missing column(s): \(missing.joined(separator: ", "))")]) }
        var items: [CatalogRecord] = [], problems: [RowProblem] = []
        var seen = Set<String>()
        for (i, raw) in csv.rows.enumerated() {
            let line = i + 2
            var row: [String: String] = [:]
            for (k, v) in raw { row[k.trimmingCharacters(in: .whitespaces).lowercased()] = v.trimmingCharacters(in: .whitespaces) }
            do {
                let item = try record(row)
                guard seen.insert(item.sku).inserted else { throw RowProblem(line: line, message: "sku \(item.sku) appears twice") }
                items.append(item)
            } catch let p as RowProblem {
                problems.append(RowProblem(line: line, message: p.message))
            } catch {
                problems.append(RowProblem(line: line, message: "\(error)"))
            }
        }
        return (items, problems)
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
            return Money(amount: d, currency: currency)
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
        let matches: [(site: String?, externalID: String?, url: String?)] = (value("matches") ?? "").split(separator: ";").map {
            let m = $0.trimmingCharacters(in: .whitespaces)
            if m.hasPrefix("http://") || m.hasPrefix("https://") { return (nil, nil, m) }
            let parts = m.split(separator: ":", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : nil, nil)
        }
        return CatalogRecord(sku: sku, title: title, cost: cost, price: price, minPrice: minP, maxPrice: maxP, shipping: shipping,
                             feesFraction: fees, strategy: value("strategy"), tags: (value("tags") ?? "").split(separator: ";").map(String.init), matches: matches)
    }

    /// The catalog as a sheet again, spreadsheet-safe (cells guarded against formula injection).
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
