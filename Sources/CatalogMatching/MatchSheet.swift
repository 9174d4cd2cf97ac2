import Foundation
import Matching
import Model
import Store

/// The review sheet of `catalog match`: one suggested pair a row, with a `decision` column the
/// merchant fills (`accept` or `reject`; empty leaves the pair for later), read back by
/// `catalog accept`. Titles are competitor text, so cells are written formula-guarded; reading
/// undoes the guard on the cells it uses. A bad sheet is refused whole, every bad row named as
/// file:line.
///
///     let text = MatchSheet.write(run.suggestions)
///     // decision,confidence,reason,sku,catalog_title,catalog_price,site,listing_id,listing_title,listing_price,url
///     let reviewed = try MatchSheet.read(edited, file: "matches.csv")   // throws MatchSheet.Rejected
///     try reviewed.apply(to: store)
public enum MatchSheet {
    public static let columns = ["decision", "confidence", "reason", "sku", "catalog_title", "catalog_price", "site", "listing_id",
                                 "listing_title", "listing_price", "url"]
    static let accepting: Set<String> = ["accept", "accepted", "yes", "y"]
    static let rejecting: Set<String> = ["reject", "rejected", "no", "n"]

    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// A sheet refused whole: nothing was applied.
    public struct Rejected: Error, CustomStringConvertible {
        public var problems: [Problem]
        public var description: String { problems.map(\.description).joined(separator: "\n") }
    }

    /// The merchant's verdicts, with the line each came from.
    public struct Reviewed: Sendable {
        public var file: String
        public var decisions: [(line: Int, decision: MatchDecision)]
        /// Rows left without a decision (suggested again next time).
        public var undecided: Int

        /// Records the verdicts in one transaction; a SKU the catalog does not have refuses the
        /// whole sheet with its line.
        @discardableResult
        public func apply(to store: any PriceStoring, at: Date = Date()) throws -> (accepted: Int, rejected: Int) {
            let known = Set(try store.catalog().map(\.sku))
            let unknown = decisions.filter { !known.contains($0.decision.sku) }
            guard unknown.isEmpty else {
                throw Rejected(problems: unknown.map { Problem(file: file, line: $0.line, message: "sku \($0.decision.sku) is not in the catalog") })
            }
            return try store.recordMatchDecisions(decisions.map(\.decision), at: at)
        }
    }

    /// The sheet for `suggestions`; automatically accepted pairs are pre-filled `accept`.
    public static func write(_ suggestions: [CatalogMatchRun.Suggestion]) -> String {
        var csv = CSVWriter()
        csv.row(columns)
        for s in suggestions {
            csv.row([s.accepted ? "accept" : "", String(format: "%.3f", s.confidence), s.reason, s.sku, s.catalogTitle, s.catalogPrice.description,
                     s.site, s.externalID ?? "", s.listingTitle, s.listingPrice?.description ?? "", s.url])
        }
        return csv.text
    }

    /// Reads a reviewed sheet (UTF-8 CSV, any column order, extra columns ignored). Needs `decision`,
    /// `sku`, `site` and `listing_id` or `url`.
    public static func read(_ text: String, file: String) throws -> Reviewed {
        let rows: [(line: Int, cells: [String])]
        do { rows = try ProductCSV.rows(text, file: file) } catch let p as ProductCSV.Problem {
            throw Rejected(problems: [Problem(file: file, line: p.line, message: p.message)])
        }
        guard let header = rows.first else { throw Rejected(problems: [Problem(file: file, line: 1, message: "empty file (expected the header of a catalog match sheet)")]) }
        let names = header.cells.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() where index[n] == nil { index[n] = i }
        var missing = ["decision", "sku", "site"].filter { index[$0] == nil }
        if index["listing_id"] == nil && index["url"] == nil { missing.append("listing_id or url") }
        guard missing.isEmpty else {
            throw Rejected(problems: [Problem(file: file, line: header.line, message: "missing column(s) \(missing.joined(separator: ", ")); a catalog match sheet starts \(columns.joined(separator: ","))")])
        }
        var problems: [Problem] = [], decisions: [(line: Int, decision: MatchDecision)] = [], undecided = 0
        var firstLine: [String: (line: Int, accepted: Bool)] = [:]
        for (line, cells) in rows.dropFirst() {
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard cells.count <= names.count else {
                problems.append(Problem(file: file, line: line, message: "\(cells.count) fields, the header has \(names.count)"))
                continue
            }
            func cell(_ n: String) -> String? {
                guard let i = index[n], i < cells.count else { return nil }
                let v = CSVWriter.unguarded(cells[i].trimmingCharacters(in: .whitespacesAndNewlines))
                return v.isEmpty ? nil : v
            }
            let word = (cell("decision") ?? "").lowercased()
            guard !word.isEmpty else { undecided += 1; continue }
            guard accepting.contains(word) || rejecting.contains(word) else {
                problems.append(Problem(file: file, line: line, message: "decision '\(cell("decision")!)' is neither accept nor reject (or empty, to decide later)"))
                continue
            }
            guard let sku = cell("sku") else { problems.append(Problem(file: file, line: line, message: "sku is empty")); continue }
            guard let site = cell("site") else { problems.append(Problem(file: file, line: line, message: "site is empty")); continue }
            let id = cell("listing_id"), url = cell("url")
            guard id != nil || url != nil else { problems.append(Problem(file: file, line: line, message: "listing_id and url are both empty")); continue }
            let d = MatchDecision(sku: sku, site: site, externalID: id, url: url, accepted: accepting.contains(word),
                                  confidence: cell("confidence").flatMap(Double.init), reason: cell("reason"))
            let key = "\(sku)\u{1F}\(site)\u{1F}\(id ?? "")\u{1F}\(url ?? "")"
            if let earlier = firstLine[key] {
                if earlier.accepted != d.accepted {
                    problems.append(Problem(file: file, line: line, message: "the same pair is \(earlier.accepted ? "accepted" : "rejected") on line \(earlier.line)"))
                }
                continue
            }
            firstLine[key] = (line, d.accepted)
            decisions.append((line, d))
        }
        guard problems.isEmpty else { throw Rejected(problems: problems) }
        return Reviewed(file: file, decisions: decisions, undecided: undecided)
    }
}
