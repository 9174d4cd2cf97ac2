import Extract
import Fetch
import Foundation
import Logging
import Model
import Store

extension CrawlRunner {
    /// Starts a run of `job` in a shared frontier: its start URLs are enqueued for whichever
    /// workers claim them. A job whose previous run still has work is not started twice.
    public static func enqueue(_ job: Job, frontier: any SharedFrontier, options: RunOptions = RunOptions()) throws -> Int64 {
        let sets = try selectorSets(job, variables: options.variables)
        do {
            if let running = try frontier.runningRuns().first(where: { $0.job == job.name }) {
                throw RunError.leaseHeld("job \(job.name) has run \(running.id) still running in the shared frontier (started \(running.startedAt)); workers are on it")
            }
            let seeds = try CrawlRunner.seeds(job, sets: sets, variables: options.variables)
            let runID = try frontier.beginRun(job: job.name, at: options.now())
            try frontier.setHostPolicy(run: runID, concurrency: job.limits.perHostConcurrency, delay: job.limits.perHostDelay)
            try frontier.enqueue(run: runID, seeds)
            return runID
        } catch {
            throw RunError.classify(error)
        }
    }
}

/// One crawl worker of many: claims due URLs from the shared frontier (leases), fetches and
/// extracts them exactly as a single-process run would (`PageProcessor`), and hands each result
/// back in its own transaction. Per-host concurrency and delay are permits in the database, so
/// politeness holds across every worker; a worker that dies only loses its leases, which expire
/// and are claimed again.
public final class CrawlWorker: @unchecked Sendable {
    public struct Options: Sendable {
        /// This worker's name in leases and the fetch log (host:pid by default).
        public var name = "\(ProcessInfo.processInfo.hostName):\(getpid())"
        /// Pages in flight in this worker.
        public var concurrency = 16
        /// Seconds a claimed URL stays this worker's; longer than the slowest fetch with its retries.
        public var lease: TimeInterval = 120
        /// Exit once no run has work left (else keep polling for new runs).
        public var untilIdle = false
        public var poll: TimeInterval = 0.2
        /// Results stored per transaction at most (a quarter of `concurrency` below that), and how
        /// long a result may wait for company: fewer, bigger transactions cost the database less per
        /// page, but a batch that waits for most of the pages in flight stalls fetching (measured:
        /// 16 in flight, batches of 4: 405 pages/s; of 8: 132; of 1: 357).
        public var completeBatch = 32
        public var completeDelay: TimeInterval = 0.01
        public var now: @Sendable () -> Date = { Date() }
        public var adjustSettings: (@Sendable (inout FetchSettings) -> Void)?
        public var cacheDirectory: String?
        public init() {}
    }

    public struct Summary: Sendable {
        public var pages = 0
        /// Results stored (their lease was still this worker's).
        public var stored = 0
        /// Results dropped because the lease had expired and gone to another worker.
        public var lost = 0
        public var errors = 0
        public var runsFinished: [Int64] = []
    }

    /// A run's job, compiled selector sets, fetcher and page processor.
    final class RunContext: @unchecked Sendable {
        let job: Job
        let fetcher: Fetcher
        let processor: PageProcessor
        init(job: Job, fetcher: Fetcher, processor: PageProcessor) {
            self.job = job
            self.fetcher = fetcher
            self.processor = processor
        }
    }

    let frontier: any SharedFrontier
    let loadJob: @Sendable (String) throws -> Job
    let options: Options
    let logger: Logger
    private let lock = NSLock()
    private var inFlight = 0
    private var summary = Summary()
    private var contexts: [Int64: RunContext] = [:]
    private var fetchers: [String: Fetcher] = [:]
    private var stopRequested = false
    /// Results waiting to be stored, with the time the oldest arrived.
    private var pendingResults: [(result: LeaseResult, fetched: Bool)] = []
    private var oldestPending: Date?
    private let completeLock = NSLock()
    private let work = DispatchQueue(label: "pricewatch.worker", attributes: .concurrent)

    public init(frontier: any SharedFrontier, options: Options = Options(), logger: Logger = Logger(label: "pricewatch.worker"),
                loadJob: @escaping @Sendable (String) throws -> Job) {
        self.frontier = frontier
        self.options = options
        self.logger = logger
        self.loadJob = loadJob
    }

    public func requestStop() {
        let all = lock.withLock { () -> [Fetcher] in
            stopRequested = true
            return Array(fetchers.values)
        }
        all.forEach { $0.cancelAll() }
    }

    var stopping: Bool { lock.withLock { stopRequested } }

    /// Claims and works until stopped (or, with `untilIdle`, until no run has work left).
    public func run() async throws -> Summary {
        defer {
            let all = lock.withLock { Array(fetchers.values) }
            all.forEach { $0.shutdown() }
        }
        while !stopping {
            let free = options.concurrency - lock.withLock { inFlight }
            var claimed: [FrontierLease] = []
            if free > 0 { claimed = try frontier.claim(worker: options.name, limit: free, lease: options.lease) }
            for lease in claimed { start(lease) }
            flush(olderThan: options.completeDelay)
            if !claimed.isEmpty || lock.withLock({ inFlight }) > 0 {
                // Working: look again soon for freed slots and permits.
                try await Task.sleep(nanoseconds: 10_000_000)
            } else {
                let finished = try frontier.finishIdleRuns()
                if !finished.isEmpty {
                    lock.withLock { summary.runsFinished += finished }
                    logger.info("runs finished", metadata: ["runs": "\(finished)"])
                }
                if options.untilIdle, try frontier.runningRuns().isEmpty { break }
                try await Task.sleep(nanoseconds: UInt64(options.poll * 1e9))
            }
        }
        while lock.withLock({ inFlight }) > 0 {
            flush(olderThan: 0)
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        if stopping { try frontier.releaseLeases(worker: options.name) }
        return lock.withLock { summary }
    }

    private func context(for lease: FrontierLease) throws -> RunContext {
        if let c = lock.withLock({ contexts[lease.runID] }) { return c }
        let job = try loadJob(lease.job)
        let sets = try CrawlRunner.selectorSets(job, variables: [:])
        var sites: [String: SelectorSet] = [:]
        for (set, _) in sets { sites[set.site] = set }
        var runOptions = CrawlRunner.RunOptions()
        runOptions.adjustSettings = options.adjustSettings
        runOptions.cacheDirectory = options.cacheDirectory
        var settings = CrawlRunner.fetchSettings(job, options: runOptions)
        // Politeness per host is the database's permits; in this process only the worker's own total counts.
        settings.maxConcurrency = options.concurrency
        settings.maxPerHost = options.concurrency
        settings.minDelayPerHost = 0
        settings.autoThrottle.enabled = false
        let processor = PageProcessor(job: job, sites: sites, runID: lease.runID, store: frontier, logger: logger)
        return lock.withLock {
            if let c = contexts[lease.runID] { return c }
            let fetcher = fetchers[job.name] ?? Fetcher(settings: settings)
            fetchers[job.name] = fetcher
            let c = RunContext(job: job, fetcher: fetcher, processor: processor)
            contexts[lease.runID] = c
            return c
        }
    }

    private func start(_ lease: FrontierLease) {
        lock.withLock { inFlight += 1 }
        let context: RunContext
        do { context = try self.context(for: lease) } catch {
            // A job this worker cannot load: the URL fails, visibly, instead of looping forever.
            logger.error("cannot work on run", metadata: ["run": "\(lease.runID)", "job": "\(lease.job)", "error": "\(error)"])
            finish(LeaseResult(lease: lease, state: "failed", update: nil, fetch: nil, discovered: []))
            return
        }
        context.fetcher.submit(FetchRequest(url: lease.item.url, tag: lease.item.kind)) { [self] response in
            work.async { [self] in
                let outcome = context.processor.process(response, item: lease.item, fetchedAt: options.now())
                if outcome.frontierState == "failed" {
                    logger.warning("fetch failed", metadata: ["url": "\(lease.item.url)", "outcome": "\(response.outcome)"])
                }
                finish(LeaseResult(lease: lease, state: outcome.frontierState, update: outcome.update, fetch: outcome.fetch, discovered: outcome.discovered),
                       fetched: true)
            }
        }
    }

    /// Queues a result; a full batch is stored at once, the rest by the loop within `completeDelay`.
    private func finish(_ result: LeaseResult, fetched: Bool = false) {
        let full = lock.withLock { () -> Bool in
            pendingResults.append((result, fetched))
            if oldestPending == nil { oldestPending = Date() }
            // A quarter of the pages in flight (so fetching never waits for a big batch to fill),
            // capped by `completeBatch`, or everything in flight when nothing else will come.
            let threshold = max(1, min(options.completeBatch, options.concurrency / 4))
            return pendingResults.count >= min(threshold, inFlight)
        }
        if full { flush(olderThan: 0) }
    }

    /// Stores the waiting results in one transaction if the oldest has waited `age` seconds.
    private func flush(olderThan age: TimeInterval) {
        completeLock.lock()
        defer { completeLock.unlock() }
        let batch = lock.withLock { () -> [(result: LeaseResult, fetched: Bool)] in
            guard let oldest = oldestPending, Date().timeIntervalSince(oldest) >= age else { return [] }
            let b = pendingResults
            pendingResults = []
            oldestPending = nil
            return b
        }
        guard !batch.isEmpty else { return }
        var stored = 0, failed = false
        do { stored = try frontier.complete(worker: options.name, batch.map(\.result)) } catch {
            failed = true
            logger.error("storage error", metadata: ["pages": "\(batch.count)", "error": "\(error)"])
        }
        lock.withLock {
            inFlight -= batch.count
            summary.pages += batch.filter(\.fetched).count
            summary.stored += stored
            if failed { summary.errors += batch.count } else { summary.lost += batch.count - stored }
        }
    }
}
