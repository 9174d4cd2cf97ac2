import Foundation

/// A URL one worker holds for a while: nobody else fetches it until the lease ends.
public struct FrontierLease: Sendable, Hashable {
    public var runID: Int64
    public var job: String
    public var item: FrontierItem
    public var host: String
    /// The per-host permit the lease holds (the host's concurrency slot).
    public var slot: Int
    public init(runID: Int64, job: String, item: FrontierItem, host: String, slot: Int) {
        self.runID = runID
        self.job = job
        self.item = item
        self.host = host
        self.slot = slot
    }
}

/// What a worker hands back for one lease: the page's data and the URL's final state.
public struct LeaseResult: Sendable {
    public var lease: FrontierLease
    /// done, failed, or pending (give it back: the fetch was cancelled).
    public var state: String
    public var update: ListingUpdate?
    public var fetch: FetchLogRecord?
    public var discovered: [FrontierItem]
    public init(lease: FrontierLease, state: String, update: ListingUpdate?, fetch: FetchLogRecord?, discovered: [FrontierItem]) {
        self.lease = lease
        self.state = state
        self.update = update
        self.fetch = fetch
        self.discovered = discovered
    }
}

/// A frontier many crawl processes share (PostgreSQL): URLs are claimed with leases, per-host
/// concurrency and delay are permits in the database, so politeness holds across all workers.
public protocol SharedFrontier: PriceStoring {
    /// The politeness every host of the run gets (from the job's limits).
    func setHostPolicy(run: Int64, concurrency: Int, delay: TimeInterval) throws
    /// Up to `limit` due URLs, each with a free permit of its host, leased to `worker` for `lease` seconds.
    func claim(worker: String, limit: Int, lease: TimeInterval) throws -> [FrontierLease]
    /// Stores the results whose lease `worker` still holds, in one transaction, and frees their
    /// host permits (the host's delay starts now). Returns how many were accepted; a lease that
    /// expired and went to another worker is dropped with its data, so nothing is stored twice.
    @discardableResult func complete(worker: String, _ results: [LeaseResult]) throws -> Int
    /// Gives back every lease `worker` holds (a clean shutdown).
    func releaseLeases(worker: String) throws
    /// Marks running runs with nothing pending or leased as finished; returns their ids.
    @discardableResult func finishIdleRuns() throws -> [Int64]
    /// Runs still `running` (work left for workers).
    func runningRuns() throws -> [RunRecord]
}
