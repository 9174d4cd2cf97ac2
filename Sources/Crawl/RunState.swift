import Config
import Extract
import FieldParsers
import Fetch
import Foundation
import Logging
import Model
import Sentiment
import Store

extension ConfigError: ConfigErrorProtocol {}

/// The moving parts of one run: frontier, in-flight count, per-site numbers and the write batch.
/// Responses are processed on a concurrent queue; all shared state sits behind one lock.
final class RunState: @unchecked Sendable {
    let job: Job
    let runID: Int64
    let sites: [String: SelectorSet]
    let store: any PriceStoring
    let options: CrawlRunner.RunOptions
    let logger: Logger

    private let lock = NSLock()
    private var known: Set<String>
    private let processor: PageProcessor
    private var inFlight = 0
    /// Frontier items not yet handed to the fetcher, FIFO from `waitingHead`.
    private var waiting: [FrontierItem] = []
    private var waitingHead = 0
    private var submitted = 0
    private(set) var visited = 0
    private(set) var cancelled = 0
    private(set) var reviewsSeen = 0
    private var errors = 0
    private var batch = CrawlBatch()
    private var batchRecords = 0
    private var lastFlush = Date()
    private(set) var siteStats: [String: SiteRunStats] = [:]
    private var finished: CheckedContinuation<Void, Never>?
    private var writeError: Error?
    private let started = Date()
    private let work = DispatchQueue(label: "pricewatch.extract", attributes: .concurrent)
    private let writeLock = NSLock()

    init(job: Job, runID: Int64, sites: [String: SelectorSet], store: any PriceStoring, options: CrawlRunner.RunOptions, logger: Logger, alreadyKnown: Set<String>) {
        self.job = job
        self.runID = runID
        self.sites = sites
        self.store = store
        self.options = options
        self.logger = logger
        self.processor = PageProcessor(job: job, sites: sites, runID: runID, store: store, logger: logger)
        self.known = alreadyKnown
        for key in sites.keys { siteStats[key] = SiteRunStats(site: key) }
    }

    func crawl(_ pending: [FrontierItem], fetcher: Fetcher, isStopping: @escaping () -> Bool) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            lock.lock()
            finished = c
            lock.unlock()
            submit(pending, fetcher: fetcher, isStopping: isStopping)
            lock.lock()
            let done = inFlight == 0
            if done { finished = nil }
            lock.unlock()
            if done { c.resume() }
        }
    }

    /// Queues items and hands the fetcher only a window of them at a time (a few per transfer
    /// slot), so a run over 100,000 URLs holds 100,000 small frontier items, not 100,000 requests.
    private func submit(_ items: [FrontierItem], fetcher: Fetcher, isStopping: @escaping () -> Bool) {
        lock.lock()
        waiting.append(contentsOf: items)
        lock.unlock()
        pump(fetcher: fetcher, isStopping: isStopping)
    }

    private func pump(fetcher: Fetcher, isStopping: @escaping () -> Bool) {
        let window = max(32, job.limits.concurrency * 4)
        var batch: [FrontierItem] = []
        lock.lock()
        while inFlight < window && waitingHead < waiting.count {
            let item = waiting[waitingHead]
            waitingHead += 1
            // Once a write failed nothing more can be stored: fetching on would only load the shop.
            if submitted >= job.limits.maxPages || isStopping() || writeError != nil { continue }
            submitted += 1
            inFlight += 1
            batch.append(item)
        }
        if waitingHead > 1024 && waitingHead * 2 > waiting.count {
            waiting.removeFirst(waitingHead)
            waitingHead = 0
        }
        lock.unlock()
        for item in batch {
            fetcher.submit(FetchRequest(url: item.url, tag: item.kind)) { [self] response in
                work.async { [self] in
                    process(response, item: item, fetcher: fetcher, isStopping: isStopping)
                    lock.lock()
                    inFlight -= 1
                    lock.unlock()
                    pump(fetcher: fetcher, isStopping: isStopping)
                    lock.lock()
                    let done = inFlight == 0
                    let c = done ? finished : nil
                    if done { finished = nil }
                    lock.unlock()
                    c?.resume()
                }
            }
        }
    }

    private func process(_ response: FetchResponse, item: FrontierItem, fetcher: Fetcher, isStopping: @escaping () -> Bool) {
        let outcome = processor.process(response, item: item, fetchedAt: options.now())
        let update = outcome.update, discovered = outcome.discovered, reviews = outcome.reviews
        let frontierState = outcome.frontierState, stats = outcome.stats, log = outcome.fetch

        // New URLs, once per run.
        var fresh: [FrontierItem] = []
        lock.lock()
        for d in discovered where known.insert(d.url).inserted { fresh.append(d) }
        if response.outcome == .cancelled { cancelled += 1 } else { visited += 1 }
        if frontierState == "failed" { errors += 1 }
        reviewsSeen += reviews.count
        var s = siteStats[item.site] ?? SiteRunStats(site: item.site)
        s.add(stats)
        siteStats[item.site] = s
        if let update { batch.listings.append(update) }
        batch.fetches.append(log)
        batch.discovered += fresh
        if frontierState != "pending" { batch.finished.append((item.url, frontierState)) }
        batchRecords += 1
        let progress = RunProgress(done: visited, queued: inFlight - 1 + fresh.count, items: siteStats.values.reduce(0) { $0 + $1.items }, errors: errors,
                                   elapsed: Date().timeIntervalSince(started))
        lock.unlock()
        options.onProgress?(progress)
        do { try flush(force: false) } catch {
            lock.lock()
            let first = writeError == nil
            writeError = error
            lock.unlock()
            if first { logger.error("storage error; no more pages are fetched in this run", metadata: ["error": "\(error)"]) }
        }
        if !fresh.isEmpty && !isStopping() { submit(fresh, fetcher: fetcher, isStopping: isStopping) }
    }

    /// Writes the batch when it is big or old enough (or `force`). One writer at a time.
    func flush(force: Bool) throws {
        writeLock.lock()
        defer { writeLock.unlock() }
        lock.lock()
        if let e = writeError { lock.unlock(); throw e }
        guard force || batchRecords >= options.batchSize || Date().timeIntervalSince(lastFlush) > 1 else { lock.unlock(); return }
        let toWrite = batch
        batch = CrawlBatch()
        batchRecords = 0
        lastFlush = Date()
        lock.unlock()
        try store.write(toWrite, run: runID)
    }
}
