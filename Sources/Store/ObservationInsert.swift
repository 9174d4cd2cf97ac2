import Foundation
import GRDB
import GRDBSQLite
import Model

/// The insert of observations, the hot path of a crawl's writes: values are bound straight into
/// prepared statements of 50 rows each (one step inserts 50) and stepped with SQLite's own calls,
/// with no allocation per row for the usual values (texts are bound from their UTF-8 bytes, the time
/// is formatted on the stack, and a row's field sources and rating reuse the previous row's text
/// when equal, as within a batch they mostly are).
///
///     let insert = ObservationInsert(db)
///     try insert.insert(batch.observations, run: run)
final class ObservationInsert {
    static let rowsPerStatement = 50
    static func sql(rows: Int) -> String {
        """
        INSERT INTO observations (listing_id, run_id, observed_at, price_minor, currency, list_price_minor, shipping_minor,
            tax_included, availability, sales_count, sales_window, sales_lower_bound, rating, review_count, sources, missing)
        VALUES \(Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", "))
        """
    }

    private let db: Database
    private var lastSources: (map: [String: String], text: String?) = ([:], nil)
    private var lastMissing: (map: [String: String], text: String?) = ([:], nil)
    private var lastRating: (value: Decimal, text: String)?

    init(_ db: Database) {
        self.db = db
    }

    /// Inserts the rows in order (ids ascending), then brings `listing_latest` up to date; the
    /// caller's transaction holds both. Stepped without GRDB's per-statement bookkeeping, which
    /// only serves transaction observers (pricewatch registers none) and took about a tenth of the
    /// write path in profiles. Statements are prepared per batch rather than taken from GRDB's
    /// cache: one that failed is never reused.
    func insert(_ observations: [ObservationRecord], run: Int64?) throws {
        guard !observations.isEmpty else { return }
        let before = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM observations") ?? 0
        let k = ObservationInsert.rowsPerStatement
        var start = observations.startIndex
        if observations.count >= k {
            let statement = try db.makeStatement(sql: ObservationInsert.sql(rows: k))
            while observations.endIndex - start >= k {
                for r in 0..<k { bind(observations[start + r], run: run, to: statement.sqliteStatement, at: Int32(r * 16)) }
                try step(statement)
                start += k
            }
        }
        if start < observations.endIndex {
            let statement = try db.makeStatement(sql: ObservationInsert.sql(rows: 1))
            for o in observations[start...] {
                bind(o, run: run, to: statement.sqliteStatement, at: 0)
                try step(statement)
            }
        }
        try ObservationInsert.updateLatest(db, after: before)
    }

    private func step(_ statement: Statement) throws {
        let st = statement.sqliteStatement
        let rc = sqlite3_step(st)
        guard rc == SQLITE_DONE else {
            let code = sqlite3_extended_errcode(db.sqliteConnection)
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(st)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        sqlite3_reset(st)
    }

    /// Binds one row's 16 values to parameters `base + 1 ... base + 16`.
    private func bind(_ o: ObservationRecord, run: Int64?, to st: SQLiteStatement, at base: Int32) {
        func bind(_ i: Int32, _ v: Int64?) { if let v { sqlite3_bind_int64(st, base + i, v) } else { sqlite3_bind_null(st, base + i) } }
        func bind(_ i: Int32, _ v: Bool?) { bind(i, v.map { $0 ? 1 : 0 }) }
        func bind(_ i: Int32, _ v: String?) {
            guard var v else { sqlite3_bind_null(st, base + i); return }
            // SQLite copies the bytes (SQLITE_TRANSIENT); an empty text stays an empty text, not NULL.
            v.withUTF8 { b in
                _ = b.withMemoryRebound(to: CChar.self) { c in
                    sqlite3_bind_text(st, base + i, c.baseAddress ?? ObservationInsert.empty, Int32(b.count), PriceStore.transient)
                }
            }
        }
        func bindTime(_ i: Int32, _ date: Date) {
            // SQLDate.text(date), formatted on the stack.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { b in
                if let n = SQLDate.write(date, into: b.baseAddress!) {
                    _ = b.withMemoryRebound(to: CChar.self) { c in sqlite3_bind_text(st, base + i, c.baseAddress, Int32(n), PriceStore.transient) }
                } else {
                    _ = sqlite3_bind_text(st, base + i, SQLDate.text(date), -1, PriceStore.transient)
                }
            }
        }
        let currency = o.price?.currency ?? o.listPrice?.currency ?? o.shipping?.currency
        bind(1, o.listingID); bind(2, o.runID ?? run); bindTime(3, o.observedAt); bind(4, o.price?.minorUnits)
        bind(5, currency); bind(6, o.listPrice?.minorUnits); bind(7, o.shipping?.minorUnits); bind(8, o.taxIncluded)
        bind(9, o.availability?.rawValue); bind(10, o.sales?.count); bind(11, o.sales?.window.rawValue); bind(12, o.sales?.isLowerBound)
        bind(13, o.rating.map(ratingText)); bind(14, o.reviewCount)
        bind(15, compacted(o.sources, &lastSources)); bind(16, compacted(o.missing, &lastMissing))
    }

    /// Points `listing_latest` at the newest of the rows inserted after id `before`, where they are
    /// newer than what it held: newest by (observed_at, id), as ORDER BY observed_at DESC, id DESC.
    /// Rows are taken in id order, so a later row with the same time wins. One statement per batch.
    private static func updateLatest(_ db: Database, after before: Int64) throws {
        try db.cachedStatement(sql: """
            INSERT INTO listing_latest (listing_id, observation_id, observed_at)
            SELECT listing_id, id, observed_at FROM observations WHERE id > ? ORDER BY id
            ON CONFLICT (listing_id) DO UPDATE SET observation_id = excluded.observation_id, observed_at = excluded.observed_at
            WHERE excluded.observed_at >= listing_latest.observed_at
            """).execute(arguments: [before])
    }

    private static let empty: UnsafePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
        p.initialize(to: 0)
        return UnsafePointer(p)
    }()

    // Decimal's description, as before; ratings take few values.
    private func ratingText(_ r: Decimal) -> String {
        if let last = lastRating, last.value == r { return last.text }
        let text = "\(r)"
        lastRating = (r, text)
        return text
    }

    private func compacted(_ map: [String: String], _ last: inout (map: [String: String], text: String?)) -> String? {
        if map.isEmpty { return nil }
        if last.text != nil && map == last.map { return last.text }
        last = (map, PriceStore.compact(map))
        return last.text
    }
}
