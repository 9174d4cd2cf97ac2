import FieldParsers
import Foundation
import Model

extension SelectorSet {
    /// A selector set for `selectors: auto` in a job: every URL of the site is a product page and
    /// every field comes from the automatic extractor.
    public static func automatic(site: String, urlPatterns: [String], currencyHint: String? = nil, language: String? = nil) throws -> SelectorSet {
        SelectorSet(site: site, name: "\(site) (automatic extraction)", file: "auto", urlPatterns: try urlPatterns.map { try URLPattern($0) },
                    currencyHint: currencyHint, language: language, timeZone: TimeZone(identifier: "UTC")!,
                    pages: [PageRules(kind: "product", match: [try URLPattern("*")], item: nil, fields: [], links: [])])
    }

    /// Whether the set is the automatic one (`selectors: auto`).
    public var isAutomatic: Bool { file == "auto" }

    /// The product fields the crawler stores that `kind`'s rules do not name: the automatic
    /// extractor fills them.
    public func fieldsLeftToAuto(kind: String) -> [String] {
        guard kind == "product" else { return [] }
        let named = Set(rules(for: kind)?.fields.map(\.name) ?? [])
        return AutoExtractor.recordFields.filter { !named.contains($0) }
    }
}

extension AutoExtractor {
    /// Product fields (crawler names) the automatic extractor can supply.
    public static let recordFields = ["price", "availability", "external_id", "title", "brand", "gtin", "rating", "review_count"]

    /// Adds the automatic values of `names` to a record that has none for them; each added field's
    /// source is `auto` and its selector says where the value was found.
    public static func fill(_ record: inout ExtractedRecord, names: [String], document: HTMLDocument, context: ParseContext) {
        let missing = names.filter { record.fields[$0]?.value == nil }
        guard !missing.isEmpty else { return }
        let found = extract(document: document, context: context).record(names: missing)
        for (name, field) in found.fields { record.fields[name] = field }
    }
}
