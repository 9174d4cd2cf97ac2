import Extract
import FieldParsers
import Fetch
import Foundation
import Logging
import Model
import Store

/// How a run went: what cron's exit code and the run record say.
public struct RunOutcome: Sendable {
    public var runID: Int64
    public var job: String
    public var status: ExitStatus
    public var alarms: [Alarm]
    public var sites: [SiteRunStats]
    public var fetch: FetchStats
    public var pagesVisited: Int
    public var summary: String
}

/// Live numbers for a progress line.
public struct RunProgress: Sendable {
    public var done: Int
    public var queued: Int
    public var items: Int
    public var errors: Int
    public var elapsed: Double
}

/// Runs one job: takes its lock, walks its frontier (start pages -> listings -> products ->
/// reviews) through the fetch engine, extracts with the site's selector set, writes batches to
/// the store, and checks the run's health. SIGTERM (`requestStop`) commits what was extracted and
/// leaves the rest of the frontier for `--resume`.
///
///     let runner = CrawlRunner(store: store, lockDirectory: "pricewatch.sqlite.locks", logger: log)
///     let outcome = try await runner.run(job, options: RunOptions(variables: ["DEMO_URL": url]))
public final class CrawlRunner: @unchecked Sendable {
    public struct RunOptions: Sendable {
        public var resume = false
        /// Values for `${NAME}` in start URLs.
        public var variables: [String: String] = [:]
        public var now: @Sendable () -> Date = { Date() }
        public var cacheDirectory: String?
        /// Overrides of the job's fetch limits (tests and the demo speed things up).
        public var adjustSettings: (@Sendable (inout FetchSettings) -> Void)?
        public var onProgress: (@Sendable (RunProgress) -> Void)?
        /// Records per write transaction.
        public var batchSize = 200
        public init() {}
    }

    public enum RunError: Error, CustomStringConvertible {
        case configuration(String)
        case leaseHeld(String)
        case storage(String)
        public var description: String {
            switch self {
            case .configuration(let m), .leaseHeld(let m), .storage(let m): return m
            }
        }
        /// A configuration problem stays one; anything else at this point is the store's.
        static func classify(_ error: Error) -> RunError {
            if let e = error as? RunError { return e }
            if let e = error as? ConfigErrorProtocol { return .configuration(e.description) }
            return .storage("\(error)")
        }
        public var exitStatus: ExitStatus {
            switch self {
            case .configuration: return .configuration
            case .leaseHeld: return .leaseHeld
            case .storage: return .storage
            }
        }
    }

    let store: any PriceStoring
    let lockDirectory: String
    let logger: Logger
    private let lock = NSLock()
    private var stopRequested = false
    private var activeFetcher: Fetcher?

    public init(store: any PriceStoring, lockDirectory: String, logger: Logger = Logger(label: "pricewatch.crawl")) {
        self.store = store
        self.lockDirectory = lockDirectory
        self.logger = logger
    }

    /// Stops the running job cleanly: in-flight transfers are abandoned, extracted data committed.
    public func requestStop() {
        lock.lock()
        stopRequested = true
        let f = activeFetcher
        lock.unlock()
        f?.cancelAll()
    }

    var stopping: Bool { lock.lock(); defer { lock.unlock() }; return stopRequested }

    /// Whether SIGINT/SIGTERM asked the runner to stop.
    public var isStopRequested: Bool { stopping }

    /// `selectors: auto`: the site is the start URLs' host, every page a product page read by the
    /// automatic extractor.
    static func automaticSet(_ s: JobSite, job: Job, variables: [String: String]) throws -> SelectorSet {
        var first = try s.start.isEmpty ? nil : job.startURL(s, 0, variables: variables.merging(ProcessInfo.processInfo.environment) { a, _ in a })
        if first == nil { first = try StartFile.urls(s, job: job).first }
        guard let first, let url = URL(string: first), let scheme = url.scheme, let host = url.host else {
            throw RunError.configuration("\(job.file): selectors: auto needs an http(s) start URL to name the site")
        }
        let port = url.port.map { ":\($0)" } ?? ""
        return try SelectorSet.automatic(site: "auto-\(host)\(port)", urlPatterns: ["\(scheme)://\(host)\(port)/*"], currencyHint: job.market.currencyHint)
    }

    public func run(_ job: Job, options: RunOptions = RunOptions()) async throws -> RunOutcome {
        let jobLock: JobLock
        do { jobLock = try JobLock.acquire(job: job.name, directory: lockDirectory) } catch let held as JobLock.Held {
            throw RunError.leaseHeld(held.description)
        }
        defer { jobLock.release() }

        // Selector sets compile once per run; a broken one is a configuration error.
        let siteOrder = try CrawlRunner.selectorSets(job, variables: options.variables)

        let runID: Int64, resumed: Bool
        do {
            let abandoned = try store.markAbandoned(job: job.name)
            // The previous run could not record its end (a full disk): it left the reason beside the lock.
            if let note = jobLock.previousFailure, abandoned.contains(note.run) {
                try store.finishRun(note.run, status: .failed, statsJSON: RunStatsJSON(fetch: FetchStats(), sites: [], error: note.reason).encoded(),
                                    alarmsJSON: nil, at: note.at)
            }
            if options.resume, let previous = try store.resumableRun(job: job.name) {
                runID = previous.id
                try store.resumeRun(runID)
                resumed = true
            } else {
                runID = try store.beginRun(job: job.name, at: options.now())
                resumed = false
            }
        } catch {
            throw RunError.classify(error)
        }
        // From here on the run has a row: whatever stops it is recorded there, or beside the lock.
        do {
            return try await crawl(job, runID: runID, resumed: resumed, siteOrder: siteOrder, options: options)
        } catch {
            let failure = RunError.classify(error)
            let stats = RunStatsJSON(fetch: FetchStats(), sites: [], error: failure.description).encoded()
            do { try store.finishRun(runID, status: .failed, statsJSON: stats, alarmsJSON: nil, at: options.now()) } catch {
                jobLock.recordFailure(run: runID, reason: failure.description, at: options.now())
            }
            throw failure
        }
    }

    /// The run proper, once it has its row: frontier, fetches, writes, health, the run's end.
    func crawl(_ job: Job, runID: Int64, resumed: Bool, siteOrder: [(site: SelectorSet, job: JobSite)], options: RunOptions) async throws -> RunOutcome {
        var sites: [String: SelectorSet] = [:]
        for (set, _) in siteOrder { sites[set.site] = set }
        if !resumed { try store.enqueue(run: runID, try CrawlRunner.seeds(job, sets: siteOrder, variables: options.variables)) }
        let pending = try store.pendingFrontier(run: runID)
        if resumed { logger.info("resuming run", metadata: ["run": "\(runID)", "job": "\(job.name)", "pending": "\(pending.count)"]) }
        let settings = CrawlRunner.fetchSettings(job, options: options)

        let state = RunState(job: job, runID: runID, sites: sites, store: store, options: options, logger: logger,
                             alreadyKnown: try store.frontierURLs(run: runID))
        let fetcher = Fetcher(settings: settings)
        let stopNow = lock.withLock { () -> Bool in
            activeFetcher = fetcher
            return stopRequested
        }
        defer {
            lock.withLock { activeFetcher = nil }
            fetcher.shutdown()
        }
        if stopNow { fetcher.cancelAll() }

        await state.crawl(pending, fetcher: fetcher, isStopping: { [unowned self] in self.stopping })
        let fetchStats = fetcher.stats
        try state.flush(force: true)
        // Stopped or not: listings whose review pages all came back in this run may skip them next time.
        try store.markReviewsSynced(run: runID, at: options.now())

        let interrupted = stopping || state.cancelled > 0
        var alarms: [Alarm] = []
        var siteStats = state.siteStats
        if !interrupted {
            let history = try recentItemCounts(job: job.name, excluding: runID)
            for s in siteStats.values.sorted(by: { $0.site < $1.site }) {
                alarms += HealthCheck.evaluate(s, thresholds: job.alarms, requiredFields: job.requiredFields, history: history[s.site] ?? [])
            }
        }
        for (key, _) in sites where siteStats[key] == nil { siteStats[key] = SiteRunStats(site: key) }
        let status: ExitStatus = interrupted ? .interrupted : (alarms.isEmpty ? .ok : .alarms)
        let runStatus: RunStatus = interrupted ? .interrupted : (alarms.isEmpty ? .ok : .alarms)
        let statsJSON = RunStatsJSON(fetch: fetchStats, sites: siteStats.values.sorted { $0.site < $1.site }).encoded()
        let alarmsJSON = (try? JSONEncoder().encode(alarms)).map { String(decoding: $0, as: UTF8.self) }
        try store.finishRun(runID, status: runStatus, statsJSON: statsJSON, alarmsJSON: alarmsJSON, at: options.now())
        let items = siteStats.values.reduce(0) { $0 + $1.items }
        let summary = "run \(runID) \(job.name): \(status.meaning); pages=\(state.visited) items=\(items) reviews=\(state.reviewsSeen) alarms=\(alarms.count) \(fetchStats.summary)"
        return RunOutcome(runID: runID, job: job.name, status: status, alarms: alarms, sites: siteStats.values.sorted { $0.site < $1.site },
                          fetch: fetchStats, pagesVisited: state.visited, summary: summary)
    }

    /// The fetch engine's settings for a job (its market and limits, then the caller's overrides).
    static func fetchSettings(_ job: Job, options: RunOptions) -> FetchSettings {
        var settings = FetchSettings()
        settings.userAgent = job.market.userAgent
        settings.headers = job.market.headers
        if let l = job.market.acceptLanguage { settings.headers["Accept-Language"] = l }
        if let c = job.market.cookies { settings.headers["Cookie"] = c }
        settings.proxy = job.market.proxy
        settings.caFile = job.market.caFile
        settings.maxCrawlDelay = job.limits.maxCrawlDelay
        settings.maxConcurrency = job.limits.concurrency
        settings.maxPerHost = job.limits.perHostConcurrency
        settings.minDelayPerHost = job.limits.perHostDelay
        settings.autoThrottle.enabled = job.limits.autoThrottle
        settings.totalTimeout = job.limits.timeout
        settings.retry.maxTries = job.limits.maxTries
        settings.obeyRobots = job.limits.obeyRobots
        settings.maxResponseBytes = job.limits.maxResponseBytes
        // Prices change without the page's validators changing: always fetch the page in full.
        settings.conditionalRequests = false
        settings.cacheDirectory = options.cacheDirectory
        // Each page is let go once processed: the bodies alive stay within concurrency x max_response_bytes.
        settings.bodiesHoldSlots = true
        options.adjustSettings?(&settings)
        return settings
    }

    /// The job's start URLs (with `${NAME}` values, and start files), canonical, as frontier items.
    static func seeds(_ job: Job, sets siteOrder: [(site: SelectorSet, job: JobSite)], variables: [String: String]) throws -> [FrontierItem] {
        var seeds: [FrontierItem] = []
        for (set, s) in siteOrder {
            let values = variables.merging(ProcessInfo.processInfo.environment) { a, _ in a }
            let urls = try s.start.indices.map { try job.startURL(s, $0, variables: values) } + StartFile.urls(s, job: job)
            for u in urls {
                guard let canonical = CanonicalURL.string(u) else { throw RunError.configuration("\(job.file): start URL \(u) is not an http(s) URL") }
                seeds.append(FrontierItem(url: canonical, site: set.site, kind: set.pageKind(for: canonical) ?? "listing", depth: 0))
            }
        }
        return seeds
    }

    /// Selector sets of a job, compiled once; a broken one is a configuration error.
    static func selectorSets(_ job: Job, variables: [String: String]) throws -> [(site: SelectorSet, job: JobSite)] {
        var out: [(site: SelectorSet, job: JobSite)] = []
        for s in job.sites {
            do {
                let set: SelectorSet
                if let path = s.selectorsPath {
                    set = try SelectorSet.load(path: path)
                } else {
                    set = try CrawlRunner.automaticSet(s, job: job, variables: variables)
                }
                _ = try Extractor(selectorSet: set)
                out.append((set, s))
            } catch {
                throw RunError.configuration("\(error)")
            }
        }
        return out
    }

    /// Item counts per site of the job's recent completed runs, newest first: the baseline of the
    /// item-count alarm. A site's count from a run that raised an alarm for that site is left out,
    /// so a site that stays down keeps alarming instead of becoming its own normal.
    func recentItemCounts(job: String, excluding runID: Int64) throws -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        for r in try store.runs(job: job, limit: 20) where r.id != runID && (r.status == .ok || r.status == .alarms) {
            guard let json = r.statsJSON, let stats = RunStatsJSON.decode(json) else { continue }
            let alarmed = Set(r.alarmsJSON.flatMap { try? JSONDecoder().decode([AlarmSite].self, from: Data($0.utf8)) }?.map(\.site) ?? [])
            for s in stats.sites where !alarmed.contains(s.site) { out[s.site, default: []].append(s.items) }
        }
        return out
    }

    /// The site of a stored alarm (whatever its kind, also one this version does not know).
    private struct AlarmSite: Decodable { var site: String }
}

/// What a run stores in `runs.stats_json`.
public struct RunStatsJSON: Codable, Sendable {
    public var fetch: FetchStats
    public var sites: [SiteRunStats]
    /// Why a `failed` run ended (a storage or configuration error), in its own words.
    public var error: String?

    public init(fetch: FetchStats, sites: [SiteRunStats], error: String? = nil) {
        self.fetch = fetch
        self.sites = sites
        self.error = error
    }

    func encoded() -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return (try? e.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    public static func decode(_ json: String) -> RunStatsJSON? { try? JSONDecoder().decode(RunStatsJSON.self, from: Data(json.utf8)) }
}

/// Errors that describe a configuration problem (ConfigError conforms).
protocol ConfigErrorProtocol: Error, CustomStringConvertible {}
