import Foundation
import GRDB
import Model

/// A merchant's verdict on one suggested pair of `catalog match`: their SKU and a competitor listing,
/// named by site and the site's id for it, or by URL.
///
///     let no = MatchDecision(sku: "PW-KIT-001", site: "demo-jp", externalID: "JP-2001", url: nil, accepted: false)
///     try store.recordMatchDecisions([no], at: Date())   // never suggested again
public struct MatchDecision: Sendable, Equatable, Hashable {
    public var sku: String
    public var site: String
    public var externalID: String?
    public var url: String?
    public var accepted: Bool
    public var confidence: Double?
    public var reason: String?

    public init(sku: String, site: String, externalID: String?, url: String?, accepted: Bool, confidence: Double? = nil, reason: String? = nil) {
        self.sku = sku
        self.site = site
        self.externalID = externalID.flatMap { $0.isEmpty ? nil : $0 }
        self.url = url.flatMap { $0.isEmpty ? nil : $0 }
        self.accepted = accepted
        self.confidence = confidence
        self.reason = reason
    }

    /// Whether both name the same SKU and listing (by site and id, or by URL).
    public func samePair(_ o: MatchDecision) -> Bool {
        guard sku == o.sku && site == o.site else { return false }
        if let a = externalID, let b = o.externalID { return a == b }
        if let a = url, let b = o.url { return a == b }
        return false
    }
}

extension PriceStore {
    public func rejectedMatches() throws -> [MatchDecision] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT sku, site, external_id, url, confidence, reason FROM match_rejections ORDER BY sku, site, external_id, url").map { r in
                MatchDecision(sku: r[0], site: r[1], externalID: r[2], url: r[3], accepted: false, confidence: r[4], reason: r[5])
            }
        }
    }

    @discardableResult
    public func recordMatchDecisions(_ decisions: [MatchDecision], at: Date = Date()) throws -> (accepted: Int, rejected: Int) {
        let counts: (Int, Int) = try write { db in
            let known = Set(try String.fetchAll(db, sql: "SELECT sku FROM catalog"))
            if let unknown = decisions.first(where: { !known.contains($0.sku) }) {
                throw StoreError.notFound("sku \(unknown.sku) is not in the catalog")
            }
            var accepted = 0, rejected = 0
            let now = SQLDate.text(at)
            for d in decisions {
                // A match names the listing one way: by site and id when the site has ids, else by URL
                // (the two forms the catalog sheet's `matches` column writes). A site key with a colon
                // (`auto-127.0.0.1:8080`) cannot be written as site:ID, so such a listing goes by URL.
                let byID = d.externalID != nil && !d.site.contains(":") || d.url == nil
                let ext = byID ? d.externalID : nil, url = byID ? nil : d.url
                if d.accepted {
                    try db.execute(sql: """
                        INSERT INTO catalog_matches (sku, site, external_id, url)
                        SELECT ?, ?, ?, ? WHERE NOT EXISTS (
                            SELECT 1 FROM catalog_matches WHERE sku = ? AND ((? IS NOT NULL AND site = ? AND external_id = ?) OR (? IS NOT NULL AND url = ?)))
                        """, arguments: [d.sku, ext == nil ? nil : d.site, ext, url, d.sku, ext, d.site, ext, url, url])
                    accepted += db.changesCount
                    try db.execute(sql: "DELETE FROM match_rejections WHERE sku = ? AND site = ? AND ((? IS NOT NULL AND external_id = ?) OR (? IS NOT NULL AND url = ?))",
                                   arguments: [d.sku, d.site, d.externalID, d.externalID, d.url, d.url])
                } else {
                    try db.execute(sql: """
                        INSERT INTO match_rejections (sku, site, external_id, url, confidence, reason, rejected_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (sku, site, external_id, url) DO UPDATE SET rejected_at = excluded.rejected_at
                        """, arguments: [d.sku, d.site, d.externalID ?? "", d.url ?? "", d.confidence, d.reason, now])
                    rejected += 1
                    // A rejected pair that was matched (accepted automatically, say) is unmatched again.
                    try db.execute(sql: "DELETE FROM catalog_matches WHERE sku = ? AND ((? IS NOT NULL AND site = ? AND external_id = ?) OR (? IS NOT NULL AND url = ?))",
                                   arguments: [d.sku, d.externalID, d.site, d.externalID, d.url, d.url])
                    try db.execute(sql: """
                        UPDATE listings SET sku = NULL WHERE sku = ? AND site_id = (SELECT id FROM sites WHERE key = ?)
                            AND ((? IS NOT NULL AND external_id = ?) OR (? IS NOT NULL AND url = ?))
                        """, arguments: [d.sku, d.site, d.externalID, d.externalID, d.url, d.url])
                }
            }
            return (accepted, rejected)
        }
        try applyCatalogMatches()
        return counts
    }
}
