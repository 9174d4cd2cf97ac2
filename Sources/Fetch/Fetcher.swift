import CCurl
import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// The fetch engine: many transfers in flight from one thread on the libcurl multi interface,
/// with global and per-host limits, retries with backoff, robots.txt, an adaptive per-host delay,
/// conditional requests, a replay cache and block detection. Redirects are followed here, hop by
/// hop, so every hop's URL passes the same scheme, robots.txt and politeness rules as a first request.
///
///     let fetcher = Fetcher(settings: FetchSettings())
///     let page = await fetcher.fetch(FetchRequest(url: "http://127.0.0.1:8080/us/p/1"))
///     fetcher.submit(FetchRequest(url: u)) { response in ... }   // from any thread
///
/// Completion handlers run on the engine's thread: keep them short (hand heavy work to a queue).
public final class Fetcher: @unchecked Sendable {
    public typealias Completion = @Sendable (FetchResponse) -> Void

    /// ETag and Last-Modified of a URL, for conditional requests; Crawl persists them between runs.
    public struct Validator: Sendable, Codable, Equatable {
        public var etag: String?
        public var lastModified: String?
        public init(etag: String?, lastModified: String?) {
            self.etag = etag
            self.lastModified = lastModified
        }
    }

    public let settings: FetchSettings
    let logger: Logger
    private let cache: ResponseCache?
    private let lock = NSLock()
    private var incoming: [Job] = []
    private var statsValue = FetchStats()
    private var validatorStore: [String: Validator] = [:]
    private var cancelRequested = false
    private var closed = false
    private var started: Double

    // Loop-thread state.
    private var multi: UnsafeMutableRawPointer?
    private var hosts: [String: HostState] = [:]
    private var readyHosts: [String] = []
    private var delayed: [(at: Double, job: Job)] = []
    private var active: [UnsafeMutableRawPointer: Transfer] = [:]
    private var idleHandles: [UnsafeMutableRawPointer] = []
    private let heldBodies = HeldBodies()
    private var thread: Thread?
    private let loopDone = DispatchSemaphore(value: 0)

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_ALL)) }()

    public init(settings: FetchSettings = FetchSettings(), logger: Logger = Logger(label: "pricewatch.fetch")) {
        _ = Fetcher.globalInit
        self.settings = settings
        self.logger = logger
        self.cache = settings.cacheDirectory.flatMap { try? ResponseCache(directory: $0) }
        self.started = Fetcher.now()
        multi = curl_multi_init()
        _ = pw_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, max(1, settings.maxConcurrency))
        _ = pw_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, settings.maxPerHost))
        _ = pw_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        nonisolated(unsafe) let wakeable = multi
        heldBodies.onRelease { curl_multi_wakeup(wakeable) }
        let t = Thread { [unowned self] in self.runLoop() }
        t.name = "pricewatch-fetch"
        t.stackSize = 1 << 20
        thread = t
        t.start()
    }

    deinit {
        shutdown()
    }

    // MARK: - Public API

    /// Queues a request; `completion` is called once with its response.
    public func submit(_ request: FetchRequest, completion: @escaping Completion) {
        let job = Job(request: request, completion: completion)
        lock.lock()
        let isClosed = closed
        if !isClosed {
            incoming.append(job)
            statsValue.requests += 1
        }
        lock.unlock()
        if isClosed {
            completion(Fetcher.failure(request, .cancelled, tries: 0))
            return
        }
        curl_multi_wakeup(multi)
    }

    public func fetch(_ request: FetchRequest) async -> FetchResponse {
        await withCheckedContinuation { cont in submit(request) { cont.resume(returning: $0) } }
    }

    /// Fetches all, concurrently within the limits; responses in the order of `requests`.
    public func fetchAll(_ requests: [FetchRequest]) async -> [FetchResponse] {
        await withTaskGroup(of: (Int, FetchResponse).self) { group in
            for (i, r) in requests.enumerated() { group.addTask { (i, await self.fetch(r)) } }
            var out = [FetchResponse?](repeating: nil, count: requests.count)
            for await (i, r) in group { out[i] = r }
            return out.map { $0! }
        }
    }

    /// Abandons everything in flight or queued (each completes as `cancelled`); for SIGTERM.
    public func cancelAll() {
        lock.lock()
        cancelRequested = true
        lock.unlock()
        curl_multi_wakeup(multi)
    }

    /// Stops the engine after cancelling what is left. Safe to call twice.
    public func shutdown() {
        lock.lock()
        let already = closed
        closed = true
        cancelRequested = true
        lock.unlock()
        if already { return }
        curl_multi_wakeup(multi)
        loopDone.wait()
        heldBodies.onRelease(nil)
        for h in idleHandles { curl_easy_cleanup(h) }
        idleHandles = []
        curl_multi_cleanup(multi)
        multi = nil
    }

    public var stats: FetchStats {
        lock.lock()
        defer { lock.unlock() }
        var s = statsValue
        s.elapsed = Fetcher.now() - started
        return s
    }

    public func validators() -> [String: Validator] {
        lock.lock(); defer { lock.unlock() }
        return validatorStore
    }

    public func importValidators(_ v: [String: Validator]) {
        lock.lock(); defer { lock.unlock() }
        validatorStore.merge(v) { $1 }
    }

    // MARK: - Internals

    final class Job {
        let request: FetchRequest
        let completion: Completion
        /// The URL of this hop: the request's, then each redirect's target.
        var url: String
        var redirects: [FetchResponse.Redirect] = []
        /// Tries of this hop.
        var tries = 0
        var host = ""
        var pathAndQuery = "/"
        /// A robots.txt fetch made by the engine itself, for the host `robotsFor` (kept when it redirects elsewhere).
        var isRobots = false
        var robotsFor = ""
        init(request: FetchRequest, completion: @escaping Completion) {
            self.request = request
            self.completion = completion
            self.url = request.url
        }
    }

    /// A host's robots.txt: not asked yet, on its way, read (or 4xx: allow all), or unreachable
    /// (transport error, 5xx or TLS failure, the outcome its pages get) until `recheckAt`, when
    /// the next request for the host asks again.
    enum RobotsState { case unknown, fetching, ready(RobotsTxt), unreachable(FetchOutcome, recheckAt: Double) }

    final class HostState {
        var queue: [Job] = []
        var head = 0
        var inFlight = 0
        var nextAllowed = 0.0
        var throttleDelay: Double
        var robots: RobotsState = .unknown
        var parked: [Job] = []
        /// Set when the engine gave up on the host (a Retry-After beyond the cap): every later page fails with it.
        var gaveUp: FetchOutcome?
        var queued: Bool { head < queue.count }
        init(delay: Double) { throttleDelay = delay }
    }

    final class Transfer {
        let job: Job
        let easy: UnsafeMutableRawPointer
        let body = BodyBuffer()
        var sized = false
        var headerLines: [String] = []
        var responses: [(status: Int, headers: [(String, String)])] = []
        var tooLarge = false
        var limit: Int
        var slist: UnsafeMutablePointer<curl_slist>?
        /// libcurl's CURLOPT_ERRORBUFFER: the detailed message of a failure (which TLS check failed).
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        init(job: Job, easy: UnsafeMutableRawPointer, limit: Int) {
            self.job = job
            self.easy = easy
            self.limit = limit
            errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        }
        deinit { errorBuffer.deallocate() }
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func failure(_ request: FetchRequest, _ outcome: FetchOutcome, tries: Int) -> FetchResponse {
        FetchResponse(request: request, outcome: outcome, status: 0, finalURL: request.url, headers: [], redirects: [],
                      body: Data(), timings: FetchTimings(), bytesDownloaded: 0, tries: tries, fromCache: false)
    }

    /// Completes a job that gets no (further) response, keeping the redirects that led to its URL.
    private func fail(_ job: Job, _ outcome: FetchOutcome) {
        var r = Fetcher.failure(job.request, outcome, tries: job.tries)
        r.finalURL = job.url
        r.redirects = job.redirects
        complete(job, r)
    }

    /// Whether a stop (cancelAll, shutdown) is waiting: checked per page inside the loop's own
    /// batches of work, so a stop never waits for a whole batch.
    private var cancelPending: Bool { lock.withLock { cancelRequested } }

    /// Admits jobs one by one; when a stop arrives midway, the rest go back to `incoming`, where
    /// the loop's next turn cancels them.
    private func admitAll(_ jobs: [Job]) {
        for (i, job) in jobs.enumerated() {
            if cancelPending {
                lock.withLock { incoming.insert(contentsOf: jobs[i...], at: 0) }
                return
            }
            admit(job)
        }
    }

    private func runLoop() {
        var running: Int32 = 0
        while true {
            lock.lock()
            let newJobs = incoming
            incoming.removeAll(keepingCapacity: true)
            let cancel = cancelRequested
            let isClosed = closed
            lock.unlock()
            if cancel {
                cancelEverything(newJobs)
                lock.lock()
                cancelRequested = false
                let stillClosed = closed
                lock.unlock()
                if stillClosed { break }
                continue
            }
            admitAll(newJobs)
            releaseDelayed()
            startTransfers()
            curl_multi_perform(multi, &running)
            collectFinished()
            if isClosed && active.isEmpty { break }
            let wait = nextWakeup()
            curl_multi_poll(multi, nil, 0, Int32(wait), nil)
        }
        loopDone.signal()
    }

    /// Validates a new job and routes it: cache, robots, or its host's queue.
    private func admit(_ job: Job) {
        guard let comps = URLComponents(string: job.url), let scheme = comps.scheme?.lowercased() else {
            fail(job, .invalidURL)
            return
        }
        guard scheme == "http" || scheme == "https" else {
            fail(job, .disallowedScheme)
            return
        }
        guard let host = comps.host?.lowercased(), !host.isEmpty else {
            fail(job, .invalidURL)
            return
        }
        if job.tries == 0, job.redirects.isEmpty, let cache, !job.isRobots, let hit = cache.load(job.request, settings: settings) {
            complete(job, hit)
            return
        }
        let key = "\(scheme)://\(host):\(comps.port ?? (scheme == "https" ? 443 : 80))"
        job.host = key
        let path = comps.percentEncodedPath.isEmpty ? "/" : comps.percentEncodedPath
        job.pathAndQuery = comps.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
        let state = hostState(key)
        if let gaveUp = state.gaveUp {
            fail(job, gaveUp)
            return
        }
        if settings.obeyRobots && !job.isRobots {
            if case .unreachable(_, let recheckAt) = state.robots, Fetcher.now() >= recheckAt { state.robots = .unknown }
            switch state.robots {
            case .unknown:
                state.robots = .fetching
                state.parked.append(job)
                let robots = Job(request: FetchRequest(url: "\(key)/robots.txt", tag: "robots"), completion: { _ in })
                robots.isRobots = true
                robots.robotsFor = key
                admit(robots)
                return
            case .fetching:
                state.parked.append(job)
                return
            case .ready(let rules):
                guard rules.isAllowed(job.pathAndQuery) else {
                    fail(job, .robotsDisallowed)
                    return
                }
            case .unreachable(let outcome, _):
                // Not crawled (the site may be down, or refusing robots.txt), and not silently
                // skipped either: the page fails with the reason.
                fail(job, outcome)
                return
            }
        }
        enqueue(job, state: state)
    }

    private func hostState(_ key: String) -> HostState {
        if let s = hosts[key] { return s }
        let s = HostState(delay: settings.autoThrottle.enabled ? settings.autoThrottle.startDelay : 0)
        hosts[key] = s
        return s
    }

    private func enqueue(_ job: Job, state: HostState) {
        if !state.queued { readyHosts.append(job.host) }
        // The engine's own robots.txt goes first.
        if job.isRobots { state.queue.insert(job, at: state.head) } else { state.queue.append(job) }
    }

    private func releaseDelayed() {
        guard !delayed.isEmpty else { return }
        let t = Fetcher.now()
        var keep: [(at: Double, job: Job)] = []
        for d in delayed {
            if d.at <= t { enqueue(d.job, state: hostState(d.job.host)) } else { keep.append(d) }
        }
        delayed = keep
    }

    private func hostDelay(_ state: HostState) -> Double {
        var d = settings.minDelayPerHost
        if settings.autoThrottle.enabled { d = max(d, state.throttleDelay) }
        if case .ready(let r) = state.robots { d = max(d, Fetcher.crawlDelay(r.crawlDelay, cap: settings.maxCrawlDelay).delay) }
        return d
    }

    /// Starts queued jobs, host by host in turn, within the global and per-host limits and delays.
    private func startTransfers() {
        let t = Fetcher.now()
        let held = settings.bodiesHoldSlots ? heldBodies.count : 0
        var remaining: [String] = []
        var index = 0
        while index < readyHosts.count {
            let key = readyHosts[index]
            index += 1
            guard let state = hosts[key], state.queued else { continue }
            while state.queued, active.count + held < settings.maxConcurrency, state.inFlight < settings.maxPerHost, state.nextAllowed <= t {
                let job = state.queue[state.head]
                state.head += 1
                if state.head > 1024 && state.head * 2 > state.queue.count {
                    state.queue.removeFirst(state.head)
                    state.head = 0
                }
                start(job, state: state)
                state.nextAllowed = t + hostDelay(state)
            }
            if state.queued { remaining.append(key) }
        }
        readyHosts = remaining
    }

    private func start(_ job: Job, state: HostState) {
        job.tries += 1
        let easy = idleHandles.popLast() ?? curl_easy_init()!
        let transfer = Transfer(job: job, easy: easy, limit: job.isRobots ? 512 * 1024 : settings.maxResponseBytes)
        let me = Unmanaged.passUnretained(transfer).toOpaque()
        _ = pw_easy_setopt_str(easy, CURLOPT_URL, job.url)
        // Redirects are followed by `finish`, so each hop passes robots.txt and the host's limits.
        _ = pw_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)
        _ = pw_easy_setopt_str(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = pw_easy_setopt_ptr(easy, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(transfer.errorBuffer))
        if let caFile = settings.caFile { _ = pw_easy_setopt_str(easy, CURLOPT_CAINFO, caFile) }
        _ = pw_easy_setopt_str(easy, CURLOPT_ACCEPT_ENCODING, "")
        if FetchSettings.headerValueProblem(settings.userAgent) == nil { _ = pw_easy_setopt_str(easy, CURLOPT_USERAGENT, settings.userAgent) }
        _ = pw_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = pw_easy_setopt_long(easy, CURLOPT_PIPEWAIT, 1)
        _ = pw_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Int(settings.connectTimeout * 1000))
        _ = pw_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Int(settings.totalTimeout * 1000))
        _ = pw_easy_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, settings.lowSpeedLimit)
        _ = pw_easy_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, max(1, Int(settings.lowSpeedTime)))
        _ = pw_easy_setopt_off(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(transfer.limit))
        if let proxy = settings.proxy { _ = pw_easy_setopt_str(easy, CURLOPT_PROXY, proxy) }
        var headers = settings.headers.merging(job.request.headers) { $1 }
        if settings.conditionalRequests && !job.isRobots {
            lock.lock()
            let v = validatorStore[job.request.url]
            lock.unlock()
            if let etag = v?.etag { headers["If-None-Match"] = etag }
            if let lm = v?.lastModified { headers["If-Modified-Since"] = lm }
        }
        // Job files refuse control characters in header values; this keeps any other caller from injecting headers.
        for (k, v) in headers.sorted(by: { $0.key < $1.key }) where FetchSettings.headerNameProblem(k) == nil && FetchSettings.headerValueProblem(v) == nil {
            transfer.slist = curl_slist_append(transfer.slist, "\(k): \(v)")
        }
        if let slist = transfer.slist { _ = pw_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, slist) }
        _ = pw_easy_setopt_datacb(easy, CURLOPT_WRITEFUNCTION) { ptr, size, count, user in
            let t = Unmanaged<Transfer>.fromOpaque(user!).takeUnretainedValue()
            let n = size * count
            if t.body.count + n > t.limit {
                t.tooLarge = true
                return 0
            }
            if !t.sized {
                t.sized = true
                var declared: curl_off_t = -1
                _ = pw_easy_getinfo_off(t.easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &declared)
                if declared > 0 { t.body.reserve(min(Int(declared), t.limit)) }
            }
            if let ptr { t.body.append(ptr, count: n, limit: t.limit) }
            return n
        }
        _ = pw_easy_setopt_ptr(easy, CURLOPT_WRITEDATA, me)
        _ = pw_easy_setopt_datacb(easy, CURLOPT_HEADERFUNCTION) { ptr, size, count, user in
            let t = Unmanaged<Transfer>.fromOpaque(user!).takeUnretainedValue()
            let n = size * count
            if let ptr {
                let line = Fetcher.trimmed(Substring(String(decoding: UnsafeRawBufferPointer(start: ptr, count: n), as: UTF8.self)), newlines: true)
                t.headerLines.append(line)
            }
            return n
        }
        _ = pw_easy_setopt_ptr(easy, CURLOPT_HEADERDATA, me)
        _ = pw_easy_setopt_ptr(easy, CURLOPT_PRIVATE, me)
        state.inFlight += 1
        active[me] = transfer
        curl_multi_add_handle(multi, easy)
    }

    private func collectFinished() {
        var left: Int32 = 0
        while let msg = curl_multi_info_read(multi, &left) {
            guard msg.pointee.msg == CURLMSG_DONE, let easy = msg.pointee.easy_handle else { continue }
            let code = pw_msg_result(msg)
            var priv: UnsafeMutableRawPointer?
            _ = pw_easy_getinfo_ptr(easy, CURLINFO_PRIVATE, &priv)
            curl_multi_remove_handle(multi, easy)
            guard let key = priv, let transfer = active.removeValue(forKey: key) else { continue }
            hosts[transfer.job.host]?.inFlight -= 1
            finish(transfer, code: code)
            if let s = transfer.slist { curl_slist_free_all(s) }
            curl_easy_reset(easy)
            if idleHandles.count < settings.maxConcurrency * 2 { idleHandles.append(easy) } else { curl_easy_cleanup(easy) }
        }
    }

    private func finish(_ t: Transfer, code: CURLcode) {
        let job = t.job
        var status = 0
        _ = pw_easy_getinfo_long(t.easy, CURLINFO_RESPONSE_CODE, &status)
        var timings = FetchTimings()
        func us(_ info: CURLINFO) -> Double {
            var v: curl_off_t = 0
            _ = pw_easy_getinfo_off(t.easy, info, &v)
            return Double(v) / 1e6
        }
        timings.dns = us(CURLINFO_NAMELOOKUP_TIME_T)
        timings.connect = us(CURLINFO_CONNECT_TIME_T)
        timings.tls = us(CURLINFO_APPCONNECT_TIME_T)
        timings.firstByte = us(CURLINFO_STARTTRANSFER_TIME_T)
        timings.total = us(CURLINFO_TOTAL_TIME_T)
        var downloaded: curl_off_t = 0
        _ = pw_easy_getinfo_off(t.easy, CURLINFO_SIZE_DOWNLOAD_T, &downloaded)
        let (headers, _) = Fetcher.splitResponses(t.headerLines)
        let body = t.body.take(freed: job.isRobots || !settings.bodiesHoldSlots ? nil : heldBodies.hold())
        var response = FetchResponse(request: job.request, outcome: .ok, status: status, finalURL: job.url, headers: headers,
                                     redirects: job.redirects, body: body, timings: timings, bytesDownloaded: Int(downloaded),
                                     tries: job.tries, fromCache: false)
        var verifyResult = 0
        _ = pw_easy_getinfo_long(t.easy, CURLINFO_SSL_VERIFYRESULT, &verifyResult)
        let tls = Fetcher.tlsProblem(code, verifyResult: verifyResult, message: String(cString: t.errorBuffer))

        // A redirect is a new hop: its URL goes through admission (scheme, robots.txt, host queue) again.
        if code == CURLE_OK && Fetcher.isRedirect(status) {
            switch Fetcher.redirectTarget(location: response.header("Location"), from: job.url, status: status,
                                          hops: job.redirects.count, maxRedirects: settings.maxRedirects) {
            case .follow(let target):
                job.redirects.append(FetchResponse.Redirect(status: status, location: response.header("Location") ?? ""))
                job.url = target
                job.tries = 0
                admit(job)
                return
            case .fail(let outcome):
                if job.isRobots { break }
                response.outcome = outcome
                response.body = Data()
                complete(job, response)
                return
            }
        }

        if job.isRobots {
            finishRobots(job, code: code, status: status, body: body, tls: tls)
            return
        }
        let state = hostState(job.host)

        var retryAfter: Double?
        switch code {
        case CURLE_OK:
            if let bad = Fetcher.malformation(status: status, headers: headers) {
                response.outcome = bad
            } else if status == 304 {
                response.outcome = .notModified
            } else if settings.retry.retryStatuses.contains(status) {
                retryAfter = Fetcher.retryAfter(response.header("Retry-After"))
                response.outcome = .httpError(status: status)
                if let reason = settings.blockDetection.reason(status: status, text: Fetcher.sniffText(response)) {
                    response.outcome = .blocked(reason: reason)
                }
            } else if status >= 400 {
                response.outcome = .httpError(status: status)
                if let reason = settings.blockDetection.reason(status: status, text: Fetcher.sniffText(response)) {
                    response.outcome = .blocked(reason: reason)
                }
            } else if Fetcher.isRedirect(status) {
                response.outcome = .unexpectedStatus(status)
            } else if let reason = settings.blockDetection.reason(status: status, text: Fetcher.sniffText(response)) {
                response.outcome = .blocked(reason: reason)
            }
        case _ where tls != nil:
            response.outcome = .tlsError(tls!)
        case CURLE_WRITE_ERROR where t.tooLarge, CURLE_FILESIZE_EXCEEDED:
            response.outcome = .tooLarge
        case CURLE_OPERATION_TIMEDOUT:
            response.outcome = .timeout
        case CURLE_PARTIAL_FILE:
            response.outcome = .truncated
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING:
            response.outcome = .connectionFailed(Fetcher.transportError(code))
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_WEIRD_SERVER_REPLY:
            // The scheme was checked on admission: this is the reply (HTTP/0.9, or not HTTP at all).
            response.outcome = .malformedResponse(Fetcher.describe(code, t.errorBuffer))
        case CURLE_URL_MALFORMAT:
            response.outcome = .invalidURL
        default:
            response.outcome = .transferError(Fetcher.describe(code, t.errorBuffer))
        }
        if response.outcome != .ok && response.outcome != .notModified { response.body = t.tooLarge ? Data() : response.body }

        // Adaptive delay: move toward latency / target concurrency; failures never shorten it.
        if settings.autoThrottle.enabled {
            let target = max(timings.firstByte, 0.001) / max(settings.autoThrottle.targetConcurrency, 0.1)
            let next = response.outcome == .ok ? (state.throttleDelay + target) / 2 : max(state.throttleDelay, target)
            state.throttleDelay = min(settings.autoThrottle.maximumDelay, max(settings.minDelayPerHost, next))
        }

        // A Retry-After past the cap: waiting would stall the run and not waiting hammers the host.
        if let ra = retryAfter, ra > settings.retry.retryAfterCap {
            let outcome = FetchOutcome.rateLimited(reason: "HTTP \(status) with Retry-After \(Fetcher.seconds(ra)) s exceeds the \(Fetcher.seconds(settings.retry.retryAfterCap)) s cap; no more requests to \(job.host) in this run")
            response.outcome = outcome
            response.body = Data()
            complete(job, response)
            giveUp(on: job.host, state: state, outcome)
            return
        }

        let retryable: Bool = {
            switch response.outcome {
            case .httpError(let s): return settings.retry.retryStatuses.contains(s)
            case .timeout, .connectionFailed, .truncated: return true
            case .blocked: return status == 429 || status == 503 ? retryAfter != nil : false
            default: return false
            }
        }()
        if retryable && job.tries < settings.retry.maxTries {
            var delay = backoff(afterTry: job.tries)
            if let ra = retryAfter {
                delay = max(delay, ra)
                // The host asked everyone to wait.
                state.nextAllowed = max(state.nextAllowed, Fetcher.now() + ra)
            }
            lock.lock()
            statsValue.retries += 1
            lock.unlock()
            delayed.append((Fetcher.now() + delay, job))
            return
        }
        if response.outcome == .ok {
            if settings.conditionalRequests {
                let v = Validator(etag: response.header("ETag"), lastModified: response.header("Last-Modified"))
                if v.etag != nil || v.lastModified != nil {
                    lock.lock()
                    validatorStore[job.request.url] = v
                    lock.unlock()
                }
            }
            cache?.store(response, settings: settings)
        }
        complete(job, response)
    }

    /// A robots.txt came back (or failed for good): the host's verdict, then its waiting pages.
    private func finishRobots(_ job: Job, code: CURLcode, status: Int, body: Data, tls: String?) {
        let state = hostState(job.robotsFor)
        if let tls {
            // Not transient, and not a robots.txt problem: every page of the host would fail the same way.
            state.robots = .unreachable(.tlsError(tls), recheckAt: Fetcher.now() + settings.robotsRecheckInterval)
        } else if code == CURLE_OK && status >= 200 && status < 300 {
            let robots = RobotsTxt(String(decoding: body, as: UTF8.self), userAgent: settings.userAgent)
            let delay = Fetcher.crawlDelay(robots.crawlDelay, cap: settings.maxCrawlDelay)
            if delay.capped {
                logger.warning("robots.txt Crawl-delay capped", metadata: [
                    "host": "\(job.robotsFor)", "crawl-delay": "\(Fetcher.seconds(robots.crawlDelay ?? 0)) s", "cap": "\(Fetcher.seconds(settings.maxCrawlDelay)) s"])
            }
            if robots.ignoredRules > 0 {
                logger.warning("robots.txt rules ignored (too long or too many)", metadata: ["host": "\(job.robotsFor)", "rules": "\(robots.ignoredRules)"])
            }
            state.robots = .ready(robots)
        } else if code == CURLE_OK && ((status >= 400 && status < 500) || Fetcher.isRedirect(status)) {
            // No robots.txt (or not for us to read, or a redirect that leads nowhere): everything
            // is allowed (RFC 9309 2.3.1.3).
            state.robots = .ready(.allowAll)
        } else {
            // Transport error or 5xx: retried like a page; after the last try the host's pages
            // fail with the reason until `robotsRecheckInterval` has passed (RFC 9309 2.3.1.4).
            let transient = code != CURLE_OK || settings.retry.retryStatuses.contains(status)
            if transient && job.tries < settings.retry.maxTries {
                lock.lock()
                statsValue.retries += 1
                lock.unlock()
                delayed.append((Fetcher.now() + backoff(afterTry: job.tries), job))
                return
            }
            let reason = code == CURLE_OK ? "HTTP \(status)" : Fetcher.transportError(code)
            state.robots = .unreachable(.robotsUnreachable(reason: reason), recheckAt: Fetcher.now() + settings.robotsRecheckInterval)
        }
        let parked = state.parked
        state.parked = []
        if case .unreachable(let outcome, _) = state.robots {
            // The verdict applies to the pages that waited for it (admitting them again could ask again at once).
            for p in parked { fail(p, outcome) }
        } else {
            admitAll(parked)
        }
    }

    /// Ends every page of a host, queued or waiting, with `outcome`; later ones fail on admission.
    private func giveUp(on host: String, state: HostState, _ outcome: FetchOutcome) {
        guard state.gaveUp == nil else { return }
        state.gaveUp = outcome
        logger.warning("giving up on host", metadata: ["host": "\(host)", "reason": "\(outcome)"])
        let queued = Array(state.queue[state.head...]) + state.parked
        state.queue = []
        state.head = 0
        state.parked = []
        var keep: [(at: Double, job: Job)] = []
        var dropped: [Job] = []
        for d in delayed { if d.job.host == host && !d.job.isRobots { dropped.append(d.job) } else { keep.append(d) } }
        delayed = keep
        for job in queued + dropped { fail(job, outcome) }
    }

    private func complete(_ job: Job, _ response: FetchResponse) {
        if job.isRobots { return }
        lock.lock()
        statsValue.record(response)
        lock.unlock()
        job.completion(response)
    }

    private func cancelEverything(_ newJobs: [Job]) {
        for (_, t) in active {
            curl_multi_remove_handle(multi, t.easy)
            if let s = t.slist { curl_slist_free_all(s) }
            curl_easy_cleanup(t.easy)
            complete(t.job, Fetcher.failure(t.job.request, .cancelled, tries: t.job.tries))
        }
        active.removeAll()
        var pending = newJobs + delayed.map(\.job)
        delayed.removeAll()
        for (_, s) in hosts {
            pending += s.queue[s.head...] + s.parked
            s.queue = []
            s.head = 0
            s.parked = []
            s.inFlight = 0
            // A robots.txt cancelled on its way is asked for again by the host's next request.
            if case .fetching = s.robots { s.robots = .unknown }
        }
        readyHosts.removeAll()
        for job in pending { complete(job, Fetcher.failure(job.request, .cancelled, tries: job.tries)) }
    }

    /// Full-jitter exponential backoff: a random wait up to baseDelay * 2^(tries-1), capped at maxDelay.
    func backoff(afterTry tries: Int) -> Double {
        let cap = min(settings.retry.maxDelay, settings.retry.baseDelay * pow(2, Double(tries - 1)))
        return Double.random(in: 0...max(cap, 0))
    }


    /// Milliseconds until something is due: a delayed retry or a host's next slot.
    private func nextWakeup() -> Int {
        let t = Fetcher.now()
        var soonest = t + 1.0
        for d in delayed { soonest = min(soonest, d.at) }
        // No slot free: a host's turn cannot start anything, and a transfer ending or a held body
        // being freed wakes the loop (waiting 0 ms for it would spin).
        let held = settings.bodiesHoldSlots ? heldBodies.count : 0
        for key in readyHosts where active.count + held < settings.maxConcurrency {
            if let s = hosts[key], s.queued, s.inFlight < settings.maxPerHost { soonest = min(soonest, s.nextAllowed) }
        }
        if !active.isEmpty { soonest = min(soonest, t + 0.1) }
        return max(0, Int(((soonest - t) * 1000).rounded(.up)))
    }
}
