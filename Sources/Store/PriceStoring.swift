import Foundation
import Model

/// What the crawl, reports and repricer need from a store. `PriceStore` (SQLite, the embedded
/// default) and `PostgresStore` (many crawl hosts, one database) implement it with the same schema
/// concepts, the same analyst views and exact money (minor units as integers).
public protocol PriceStoring: AnyObject, Sendable {
    /// Where the data lives, for messages (a file path, or a postgres:// URL without its password).
    var location: String { get }
    func appliedMigrations() throws -> [String]

    func siteID(_ key: String, name: String?) throws -> Int64
    @discardableResult func upsertListing(_ l: ListingRecord, seenAt: Date) throws -> Int64
    func listing(id: Int64) throws -> ListingRecord?
    func listings() throws -> [ListingRecord]
    func listingID(site: String, url: String) throws -> Int64?
    @discardableResult func applyCatalogMatches() throws -> Int

    func beginRun(job: String, at: Date) throws -> Int64
    func resumeRun(_ id: Int64) throws
    func finishRun(_ id: Int64, status: RunStatus, statsJSON: String?, alarmsJSON: String?, at: Date) throws
    @discardableResult func markAbandoned(job: String) throws -> [Int64]
    func runs(job: String?, limit: Int) throws -> [RunRecord]

    /// One transaction: all of the batch or none of it.
    func write(_ batch: CrawlBatch, run: Int64?) throws
    @discardableResult func insertReviews(_ reviews: [ReviewRecord]) throws -> Int
    @discardableResult func enqueue(run: Int64, _ items: [FrontierItem]) throws -> Int
    func pendingFrontier(run: Int64) throws -> [FrontierItem]
    func frontierURLs(run: Int64) throws -> Set<String>
    /// Records, for each product page `run` fetched whose review pages in that run were all
    /// fetched (none failed or left pending), the review count it showed: the count the next run
    /// may trust to skip unchanged review pages. Returns how many listings were marked.
    @discardableResult func markReviewsSynced(run: Int64, at: Date) throws -> Int
    /// The review count each listing's reviews were last completely fetched at (see `markReviewsSynced`).
    func reviewsSyncedCounts() throws -> [ReviewSync]
    func saveValidators(_ v: [String: (etag: String?, lastModified: String?)]) throws
    func loadValidators() throws -> [String: (etag: String?, lastModified: String?)]

    func histories(since: Date?, until: Date, site: String?) throws -> [ListingObservations]
    func latestObservations(site: String?) throws -> [(listing: ListingRecord, observation: ObservationRecord)]
    func reviews(listing: Int64?) throws -> [ReviewRecord]
    @discardableResult func importFX(_ rates: [FXRates.Rate]) throws -> Int
    func fxRates() throws -> FXRates

    func replaceCatalog(_ items: [CatalogRecord]) throws
    /// Replaces the catalog with the records `produce` hands to `insert`, in one transaction: a
    /// sheet is written as it is read, and a throw (from `produce` or the store) leaves the
    /// catalog as it was.
    func replaceCatalog(streaming produce: (_ insert: (CatalogRecord) throws -> Void) throws -> Void) throws
    func catalog() throws -> [CatalogRecord]
    func applyPriceChanges(_ changes: [PriceChangeRecord]) throws
    /// Restores a reprice run's prices; refused with `PriceUndoConflict` when a later applied run changed the same SKUs.
    @discardableResult func undoPriceRun(_ run: String) throws -> [PriceRestore]
    func priceChanges(run: String?) throws -> [PriceChangeRecord]

    /// The pairs the merchant rejected (`catalog match` never suggests them again).
    func rejectedMatches() throws -> [MatchDecision]
    /// Applies reviewed pairs in one transaction: accepted ones join the catalog's matches (and their
    /// listings get the SKU), rejected ones are remembered and leave the matches if they were there.
    /// Every SKU must be in the catalog (`StoreError.notFound` otherwise, nothing changed).
    @discardableResult func recordMatchDecisions(_ decisions: [MatchDecision], at: Date) throws -> (accepted: Int, rejected: Int)

    func stats() throws -> StoreStats
    func backup(to destination: String) throws
    func integrityProblems() throws -> [String]
    func vacuum() throws
    @discardableResult func compact(olderThan cutoff: Date) throws -> Int
}

public typealias StoreStats = PriceStore.Stats

extension PriceStoring {
    /// A backend without a streaming insert collects the records and replaces the catalog with them.
    public func replaceCatalog(streaming produce: (_ insert: (CatalogRecord) throws -> Void) throws -> Void) throws {
        var items: [CatalogRecord] = []
        try produce { items.append($0) }
        try replaceCatalog(items)
    }
}
public typealias ListingObservations = PriceStore.ListingObservations

/// The encodings both backends share, so a history copied between them stays byte-identical.
public enum StoreCoding {
    /// The key a review is deduplicated by: the site's review id, else a hash of its content.
    public static func dedupKey(_ r: ReviewRecord) -> String { r.dedupKey }
    /// Authors are stored as a salted hash, never by name.
    public static func authorHash(_ name: String) -> String { PriceStore.authorHash(name) }
    /// Per-field sources and missing reasons as "k=v;k2=v2".
    public static func compact(_ map: [String: String]) -> String? { PriceStore.compact(map) }
    public static func decompact(_ text: String?) -> [String: String] { PriceStore.decompact(text) }
}

extension PriceStore: PriceStoring {
    public var location: String { path }
}

// The PostgreSQL backend has no match_rejections table yet: `catalog match` is refused there with
// a clear message instead of half working (suggesting pairs it could not remember rejecting).
extension PriceStoring {
    public func rejectedMatches() throws -> [MatchDecision] {
        throw StoreError.unsupported("catalog match keeps the merchant's decisions in the SQLite store only; \(location) does not support it yet")
    }
    @discardableResult public func recordMatchDecisions(_ decisions: [MatchDecision], at: Date) throws -> (accepted: Int, rejected: Int) {
        throw StoreError.unsupported("catalog match keeps the merchant's decisions in the SQLite store only; \(location) does not support it yet")
    }
}

// Calls without the optional arguments, as on the SQLite store.
extension PriceStoring {
    public func siteID(_ key: String) throws -> Int64 { try siteID(key, name: nil) }
    @discardableResult public func upsertListing(_ l: ListingRecord) throws -> Int64 { try upsertListing(l, seenAt: Date()) }
    public func beginRun(job: String) throws -> Int64 { try beginRun(job: job, at: Date()) }
    public func finishRun(_ id: Int64, status: RunStatus, statsJSON: String?, alarmsJSON: String?) throws {
        try finishRun(id, status: status, statsJSON: statsJSON, alarmsJSON: alarmsJSON, at: Date())
    }
    public func runs(job: String? = nil) throws -> [RunRecord] { try runs(job: job, limit: 50) }
    public func histories(since: Date? = nil, until: Date = .distantFuture) throws -> [ListingObservations] {
        try histories(since: since, until: until, site: nil)
    }
    public func latestObservations() throws -> [(listing: ListingRecord, observation: ObservationRecord)] { try latestObservations(site: nil) }
    public func reviews() throws -> [ReviewRecord] { try reviews(listing: nil) }
    public func priceChanges() throws -> [PriceChangeRecord] { try priceChanges(run: nil) }

    /// The latest run of the job that finished (ok or with alarms): what `--due` measures from.
    public func lastCompletedRun(job: String) throws -> RunRecord? {
        try runs(job: job, limit: 200).first { $0.status == .ok || $0.status == .alarms }
    }

    /// The latest run left interrupted or incomplete, which `--resume` continues.
    public func resumableRun(job: String) throws -> RunRecord? {
        guard let last = try runs(job: job, limit: 1).first, last.status == .interrupted || last.status == .incomplete else { return nil }
        return last
    }
}
