import Foundation
import GRDB

/// A column value on its way from one backend to another.
public enum StoreValue: Sendable, Equatable {
    case null
    case int(Int64)
    case real(Double)
    case text(String)

    /// The value as text (what a typed cast on the other side reads), nil for NULL.
    public var text: String? {
        switch self {
        case .null: return nil
        case .int(let v): return String(v)
        case .real(let v): return "\(v)"
        case .text(let v): return v
        }
    }
}

extension StoreValue {
    init(_ v: DatabaseValue) {
        switch v.storage {
        case .null: self = .null
        case .int64(let n): self = .int(n)
        case .double(let d): self = .real(d)
        case .string(let s): self = .text(s)
        case .blob(let b): self = .text(String(decoding: b, as: UTF8.self))
        }
    }
}

extension PriceStore {
    /// What `db migrate-to` copies, parents before children, with the columns both backends share.
    /// Times are UTC text `yyyy-MM-dd HH:mm:ss.SSS`, money integer minor units, ratings and rates
    /// decimal text. The frontier of unfinished runs is not history and is not copied.
    public static let exportTables: [(table: String, columns: [String])] = [
        ("sites", ["id", "key", "name", "created_at"]),
        ("listings", ["id", "site_id", "url", "external_id", "title", "brand", "seller", "gtin", "sku", "first_seen", "last_seen",
                      "reviews_synced_count", "reviews_synced_at"]),
        ("runs", ["id", "job", "started_at", "finished_at", "status", "stats_json", "alarms_json", "pid", "host"]),
        ("observations", ["id", "listing_id", "run_id", "observed_at", "price_minor", "currency", "list_price_minor", "shipping_minor",
                          "tax_included", "availability", "sales_count", "sales_window", "sales_lower_bound", "rating", "review_count", "sources", "missing"]),
        ("reviews", ["id", "listing_id", "dedup_key", "site_review_id", "rating", "posted_at", "language", "title", "body", "helpful_votes",
                     "verified", "author_hash", "first_seen", "sentiment_score", "sentiment_label", "aspects"]),
        ("fetch_log", ["id", "run_id", "url", "status", "bytes", "ms", "tries", "outcome", "fetched_at"]),
        ("fx_rates", ["day", "base", "quote", "rate"]),
        ("validators", ["url", "etag", "last_modified"]),
        ("catalog", ["sku", "title", "currency", "cost_minor", "price_minor", "min_price_minor", "max_price_minor", "shipping_minor",
                     "fees_pct", "strategy", "tags", "updated_at"]),
        ("catalog_matches", ["sku", "site", "external_id", "url"]),
        ("price_audit", ["id", "reprice_run", "sku", "at", "old_minor", "new_minor", "currency", "reason", "undone"]),
        ("daily_rollup", ["listing_id", "day", "currency", "last_minor", "min_minor", "max_minor", "last_availability", "observations"]),
    ]

    /// Streams one table of `exportTables` in chunks, in one read transaction (a consistent snapshot
    /// even while a crawl writes).
    public func export(_ table: String, chunk: Int = 2000, _ body: ([[StoreValue]]) throws -> Void) throws {
        guard let entry = PriceStore.exportTables.first(where: { $0.table == table }) else {
            throw StoreError.invalidInput("\(table) is not a table pricewatch copies")
        }
        try read { db in
            // Table and column names come from the fixed list above, never from input.
            let order = entry.columns.contains("id") ? " ORDER BY id" : " ORDER BY rowid"
            let cursor = try Row.fetchCursor(db, sql: "SELECT \(entry.columns.joined(separator: ", ")) FROM \(entry.table)\(order)")
            var rows: [[StoreValue]] = []
            rows.reserveCapacity(chunk)
            while let r = try cursor.next() {
                rows.append((0..<entry.columns.count).map { StoreValue(r[$0] as DatabaseValue) })
                if rows.count == chunk { try body(rows); rows.removeAll(keepingCapacity: true) }
            }
            if !rows.isEmpty { try body(rows) }
        }
    }
}
