import Foundation
import GRDB
import Model

/// The merchant's own product, as imported from the catalog sheet.
public struct CatalogRecord: Sendable, Equatable {
    public var sku: String
    public var title: String
    public var cost: Money
    public var price: Money
    public var minPrice: Money?
    public var maxPrice: Money?
    public var shipping: Money?
    /// Marketplace fees as a fraction of the price (0.15 = 15%).
    public var feesFraction: Decimal?
    public var strategy: String?
    public var tags: [String]
    /// Competitor listings: (site, external id) pairs and/or URLs.
    public var matches: [(site: String?, externalID: String?, url: String?)]

    public init(sku: String, title: String, cost: Money, price: Money, minPrice: Money? = nil, maxPrice: Money? = nil, shipping: Money? = nil,
                feesFraction: Decimal? = nil, strategy: String? = nil, tags: [String] = [], matches: [(site: String?, externalID: String?, url: String?)] = []) {
        self.sku = sku
        self.title = title
        self.cost = cost
        self.price = price
        self.minPrice = minPrice
        self.maxPrice = maxPrice
        self.shipping = shipping
        self.feesFraction = feesFraction
        self.strategy = strategy
        self.tags = tags
        self.matches = matches
    }

    public static func == (a: CatalogRecord, b: CatalogRecord) -> Bool {
        a.sku == b.sku && a.title == b.title && a.cost == b.cost && a.price == b.price && a.minPrice == b.minPrice && a.maxPrice == b.maxPrice
            && a.shipping == b.shipping && a.feesFraction == b.feesFraction && a.strategy == b.strategy && a.tags == b.tags
            && a.matches.map { "\($0.site ?? "")|\($0.externalID ?? "")|\($0.url ?? "")" } == b.matches.map { "\($0.site ?? "")|\($0.externalID ?? "")|\($0.url ?? "")" }
    }
}

/// One applied price change, for the audit trail and `reprice --undo`.
public struct PriceChangeRecord: Sendable, Equatable {
    public var repriceRun: String
    public var sku: String
    public var at: Date
    public var old: Money
    public var new: Money
    public var reason: String
    public var undone: Bool

    public init(repriceRun: String, sku: String, at: Date, old: Money, new: Money, reason: String, undone: Bool = false) {
        self.repriceRun = repriceRun
        self.sku = sku
        self.at = at
        self.old = old
        self.new = new
        self.reason = reason
        self.undone = undone
    }
}

/// One SKU put back by `undoPriceRun`: the change undone, and the live price it replaced.
public struct PriceRestore: Sendable, Equatable {
    public var change: PriceChangeRecord
    /// The catalog's price just before the undo; nil when the SKU is no longer in the catalog
    /// (then nothing was restored for it).
    public var replaced: Money?
    public var sku: String { change.sku }

    public init(change: PriceChangeRecord, replaced: Money?) {
        self.change = change
        self.replaced = replaced
    }
}

/// `undoPriceRun` refused: later applied (not undone) runs changed some of the run's SKUs, and
/// restoring the older prices would silently throw their changes away. Undo those first.
public struct PriceUndoConflict: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Later: Sendable, Equatable {
        public var run: String
        /// The SKUs it changed, with their live prices.
        public var skus: [(sku: String, live: Money?)]
        public init(run: String, skus: [(sku: String, live: Money?)]) {
            self.run = run
            self.skus = skus
        }
        public static func == (a: Later, b: Later) -> Bool { a.run == b.run && a.skus.map(\.sku) == b.skus.map(\.sku) && a.skus.map(\.live) == b.skus.map(\.live) }
    }
    public var run: String
    /// Oldest first.
    public var later: [Later]

    public var description: String {
        let runs = later.map { l in
            "run \(l.run) changed " + l.skus.map { "\($0.sku) (now \($0.live?.description ?? "not in the catalog"))" }.joined(separator: ", ")
        }
        let one = later.count == 1
        return "cannot undo reprice run \(run): \(one ? "a later run" : "later runs") changed the same SKUs, and undoing it would overwrite "
            + "\(one ? "its" : "their") prices: " + runs.joined(separator: "; ") + ". Undo \(one ? "it" : "them, newest") first: "
            + later.reversed().map { "pricewatch reprice --undo \($0.run)" }.joined(separator: ", then ")
    }

    public init(run: String, later: [Later]) {
        self.run = run
        self.later = later
    }
}

extension PriceStore {
    /// Replaces the catalog (all rows in one transaction) and re-matches listings.
    public func replaceCatalog(_ items: [CatalogRecord]) throws {
        try replaceCatalog { insert in try items.forEach(insert) }
    }

    public func replaceCatalog(streaming produce: (_ insert: (CatalogRecord) throws -> Void) throws -> Void) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM catalog_matches")
            try db.execute(sql: "DELETE FROM catalog")
            let s = try db.cachedStatement(sql: """
                INSERT INTO catalog (sku, title, currency, cost_minor, price_minor, min_price_minor, max_price_minor, shipping_minor, fees_pct, strategy, tags, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let m = try db.cachedStatement(sql: "INSERT OR IGNORE INTO catalog_matches (sku, site, external_id, url) VALUES (?, ?, ?, ?)")
            let now = SQLDate.text(Date())
            try produce { i in
                try s.execute(arguments: [i.sku, i.title, i.price.currency, i.cost.minorUnits, i.price.minorUnits, i.minPrice?.minorUnits,
                                          i.maxPrice?.minorUnits, i.shipping?.minorUnits, i.feesFraction.map { "\($0)" }, i.strategy,
                                          i.tags.joined(separator: ","), now])
                for match in i.matches { try m.execute(arguments: [i.sku, match.site, match.externalID, match.url]) }
            }
        }
        try applyCatalogMatches()
    }

    public func catalog() throws -> [CatalogRecord] {
        try read { db in
            var matches: [String: [(site: String?, externalID: String?, url: String?)]] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT sku, site, external_id, url FROM catalog_matches ORDER BY rowid") {
                matches[r[0], default: []].append((r[1], r[2], r[3]))
            }
            return try Row.fetchAll(db, sql: """
                SELECT sku, title, currency, cost_minor, price_minor, min_price_minor, max_price_minor, shipping_minor, fees_pct, strategy, tags
                FROM catalog ORDER BY sku
                """).map { r in
                let c: String = r[2]
                func money(_ v: Int64?) -> Money? { v.map { Money(minorUnits: $0, currency: c) } }
                let tags: String = r[10] ?? ""
                return CatalogRecord(sku: r[0], title: r[1], cost: Money(minorUnits: r[3], currency: c), price: Money(minorUnits: r[4], currency: c),
                                     minPrice: money(r[5]), maxPrice: money(r[6]), shipping: money(r[7]),
                                     feesFraction: (r[8] as String?).flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) },
                                     strategy: r[9], tags: tags.split(separator: ",").map(String.init), matches: matches[r[0]] ?? [])
            }
        }
    }

    /// Applies new prices and records each change with its reason, in one transaction.
    public func applyPriceChanges(_ changes: [PriceChangeRecord]) throws {
        try write { db in
            for c in changes {
                try db.execute(sql: "UPDATE catalog SET price_minor = ?, updated_at = ? WHERE sku = ?", arguments: [c.new.minorUnits, SQLDate.text(c.at), c.sku])
                try db.execute(sql: "INSERT INTO price_audit (reprice_run, sku, at, old_minor, new_minor, currency, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               arguments: [c.repriceRun, c.sku, SQLDate.text(c.at), c.old.minorUnits, c.new.minorUnits, c.new.currency, c.reason])
            }
        }
    }

    /// Restores the prices a reprice run changed, in one transaction, and returns them with the
    /// live prices they replaced. Refused (`PriceUndoConflict`, nothing changed) when a later
    /// applied run that is not undone changed one of the same SKUs; an unknown or already undone
    /// run is `StoreError.notFound`.
    @discardableResult
    public func undoPriceRun(_ run: String) throws -> [PriceRestore] {
        try write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT sku, at, old_minor, new_minor, currency, reason FROM price_audit WHERE reprice_run = ? AND undone = 0 ORDER BY id DESC", arguments: [run])
            guard !rows.isEmpty else { throw StoreError.notFound("no applied price changes for reprice run \(run)") }
            func live(_ sku: String) throws -> Money? {
                try Row.fetchOne(db, sql: "SELECT price_minor, currency FROM catalog WHERE sku = ?", arguments: [sku]).map { Money(minorUnits: $0[0], currency: $0[1]) }
            }
            let later = try Row.fetchAll(db, sql: """
                SELECT l.reprice_run, l.sku, MIN(l.id) AS first FROM price_audit AS m
                JOIN price_audit AS l ON l.sku = m.sku AND l.id > m.id AND l.reprice_run <> m.reprice_run AND l.undone = 0
                WHERE m.reprice_run = ? AND m.undone = 0
                GROUP BY l.reprice_run, l.sku ORDER BY first
                """, arguments: [run])
            if !later.isEmpty {
                var conflicts: [PriceUndoConflict.Later] = []
                for r in later {
                    let other: String = r[0], sku: String = r[1]
                    if let i = conflicts.firstIndex(where: { $0.run == other }) { conflicts[i].skus.append((sku, try live(sku))) } else {
                        conflicts.append(.init(run: other, skus: [(sku, try live(sku))]))
                    }
                }
                throw PriceUndoConflict(run: run, later: conflicts)
            }
            var restored: [PriceRestore] = []
            for r in rows {
                let c: String = r[4], sku: String = r[0]
                let before = try live(sku)
                if before != nil {
                    try db.execute(sql: "UPDATE catalog SET price_minor = ?, updated_at = ? WHERE sku = ?", arguments: [r[2] as Int64, SQLDate.text(Date()), sku])
                }
                restored.append(PriceRestore(change: PriceChangeRecord(repriceRun: run, sku: sku, at: SQLDate.date(r[1]) ?? Date(), old: Money(minorUnits: r[2], currency: c),
                                                                       new: Money(minorUnits: r[3], currency: c), reason: r[5], undone: true),
                                             replaced: before))
            }
            try db.execute(sql: "UPDATE price_audit SET undone = 1 WHERE reprice_run = ?", arguments: [run])
            return restored
        }
    }

    public func priceChanges(run: String? = nil) throws -> [PriceChangeRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT reprice_run, sku, at, old_minor, new_minor, currency, reason, undone FROM price_audit WHERE (? IS NULL OR reprice_run = ?) ORDER BY id",
                             arguments: [run, run]).map { r in
                let c: String = r[5]
                return PriceChangeRecord(repriceRun: r[0], sku: r[1], at: SQLDate.date(r[2]) ?? Date(), old: Money(minorUnits: r[3], currency: c),
                                         new: Money(minorUnits: r[4], currency: c), reason: r[6], undone: r[7])
            }
        }
    }
}
