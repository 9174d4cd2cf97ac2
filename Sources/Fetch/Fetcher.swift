import CCurl
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The fetch engine: many transfers in flight from one thread on the libcurl multi interface,
/// with global and per-host limits, retries with backoff, robots.txt, an adaptive per-host delay,
/// conditional requests, a replay cache and block detection.
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
    private var thread: Thread?
    private let loopDone = DispatchSemaphore(value: 0)

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_ALL)) }()

    public init(settings: FetchSettings = FetchSettings()) {
        _ = Fetcher.globalInit
        self.settings = settings
        self.cache = settings.cacheDirectory.flatMap { try? ResponseCache(directory: $0) }
        self.started = Fetcher.now()
        multi = curl_multi_init()
        _ = pw_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, max(1, settings.maxConcurrency))
        _ = pw_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, settings.maxPerHost))
        _ = pw_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
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
        var tries = 0
        var host = ""
        var pathAndQuery = "/"
        /// A robots.txt fetch made by the engine itself.
        var isRobots = false
        init(request: FetchRequest, completion: @escaping Completion) {
            self.request = request
            self.completion = completion
        }
    }

    /// A host's robots.txt: not asked yet, on its way, read (or 4xx: allow all), or unreachable
    /// (transport error or 5xx) until `recheckAt`, when the next request for the host asks again.
    enum RobotsState { case unknown, fetching, ready(RobotsTxt), unreachable(reason: String, recheckAt: Double) }

    final class HostState {
        var queue: [Job] = []
        var head = 0
        var inFlight = 0
        var nextAllowed = 0.0
        var throttleDelay: Double
        var robots: RobotsState = .unknown
        var parked: [Job] = []
        var queued: Bool { head < queue.count }
        init(delay: Double) { throttleDelay = delay }
    }

    final class Transfer {
        let job: Job
        let easy: UnsafeMutableRawPointer
        var body = Data()
        var headerLines: [String] = []
        var responses: [(status: Int, headers: [(String, String)])] = []
        var tooLarge = false
        var limit: Int
        var slist: UnsafeMutablePointer<curl_slist>?
        init(job: Job, easy: UnsafeMutableRawPointer, limit: Int) {
            self.job = job
            self.easy = easy
            self.limit = limit
        }
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
            for job in newJobs { admit(job) }
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
        guard let comps = URLComponents(string: job.request.url), let scheme = comps.scheme?.lowercased() else {
            complete(job, Fetcher.failure(job.request, .invalidURL, tries: 0))
            return
        }
        guard scheme == "http" || scheme == "https" else {
            complete(job, Fetcher.failure(job.request, .disallowedScheme, tries: 0))
            return
        }
        guard let host = comps.host?.lowercased(), !host.isEmpty else {
            complete(job, Fetcher.failure(job.request, .invalidURL, tries: 0))
            return
        }
        if job.tries == 0, let cache, !job.isRobots, let hit = cache.load(job.request, settings: settings) {
            complete(job, hit)
            return
        }
        let key = "\(scheme)://\(host):\(comps.port ?? (scheme == "https" ? 443 : 80))"
        job.host = key
        let path = comps.percentEncodedPath.isEmpty ? "/" : comps.percentEncodedPath
        job.pathAndQuery = comps.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
        let state = hostState(key)
        if settings.obeyRobots && !job.isRobots {
            if case .unreachable(_, let recheckAt) = state.robots, Fetcher.now() >= recheckAt { state.robots = .unknown }
            switch state.robots {
            case .unknown:
                state.robots = .fetching
                state.parked.append(job)
                let robots = Job(request: FetchRequest(url: "\(key)/robots.txt", tag: "robots"), completion: { _ in })
                robots.isRobots = true
                admit(robots)
                return
            case .fetching:
                state.parked.append(job)
                return
            case .ready(let rules):
                guard rules.isAllowed(job.pathAndQuery) else {
                    complete(job, Fetcher.failure(job.request, .robotsDisallowed, tries: 0))
                    return
                }
            case .unreachable(let reason, _):
                // Not crawled (the site may be down, or refusing robots.txt), and not silently
                // skipped either: the page fails with the reason.
                complete(job, Fetcher.failure(job.request, .robotsUnreachable(reason: reason), tries: 0))
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
        if case .ready(let r) = state.robots, let cd = r.crawlDelay { d = max(d, cd) }
        return d
    }

    /// Starts queued jobs, host by host in turn, within the global and per-host limits and delays.
    private func startTransfers() {
        let t = Fetcher.now()
        var remaining: [String] = []
        var index = 0
        while index < readyHosts.count {
            let key = readyHosts[index]
            index += 1
            guard let state = hosts[key], state.queued else { continue }
            while state.queued, active.count < settings.maxConcurrency, state.inFlight < settings.maxPerHost, state.nextAllowed <= t {
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
        _ = pw_easy_setopt_str(easy, CURLOPT_URL, job.request.url)
        _ = pw_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 1)
        _ = pw_easy_setopt_long(easy, CURLOPT_MAXREDIRS, settings.maxRedirects)
        _ = pw_easy_setopt_str(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = pw_easy_setopt_str(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        _ = pw_easy_setopt_str(easy, CURLOPT_ACCEPT_ENCODING, "")
        _ = pw_easy_setopt_str(easy, CURLOPT_USERAGENT, settings.userAgent)
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
        for (k, v) in headers.sorted(by: { $0.key < $1.key }) where !k.contains("\r") && !k.contains("\n") && !v.contains("\r") && !v.contains("\n") {
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
            if let ptr { t.body.append(UnsafeRawPointer(ptr).assumingMemoryBound(to: UInt8.self), count: n) }
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
        var effective: UnsafeMutablePointer<CChar>?
        _ = pw_easy_getinfo_str(t.easy, CURLINFO_EFFECTIVE_URL, &effective)
        let finalURL = effective.map { String(cString: $0) } ?? job.request.url
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
        let (headers, redirects) = Fetcher.splitResponses(t.headerLines)
        var response = FetchResponse(request: job.request, outcome: .ok, status: status, finalURL: finalURL, headers: headers,
                                     redirects: redirects, body: t.body, timings: timings, bytesDownloaded: Int(downloaded),
                                     tries: job.tries, fromCache: false)
        let state = hostState(job.host)

        if job.isRobots {
            if code == CURLE_OK && status >= 200 && status < 300 {
                state.robots = .ready(RobotsTxt(String(decoding: t.body, as: UTF8.self), userAgent: settings.userAgent))
            } else if code == CURLE_OK && status >= 400 && status < 500 {
                // No robots.txt (or not for us to read): everything is allowed (RFC 9309 2.3.1.3).
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
                state.robots = .unreachable(reason: reason, recheckAt: Fetcher.now() + settings.robotsRecheckInterval)
            }
            let parked = state.parked
            state.parked = []
            if case .unreachable(let reason, _) = state.robots {
                // The verdict applies to the pages that waited for it (admitting them again could ask again at once).
                for p in parked { complete(p, Fetcher.failure(p.request, .robotsUnreachable(reason: reason), tries: 0)) }
            } else {
                for p in parked { admit(p) }
            }
            return
        }

        var retryAfter: Double?
        switch code {
        case CURLE_OK:
            if status == 304 {
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
            } else if let reason = settings.blockDetection.reason(status: status, text: Fetcher.sniffText(response)) {
                response.outcome = .blocked(reason: reason)
            }
        case CURLE_WRITE_ERROR where t.tooLarge, CURLE_FILESIZE_EXCEEDED:
            response.outcome = .tooLarge
        case CURLE_OPERATION_TIMEDOUT:
            response.outcome = .timeout
        case CURLE_PARTIAL_FILE:
            response.outcome = .truncated
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING:
            response.outcome = .connectionFailed(Fetcher.transportError(code))
        case CURLE_UNSUPPORTED_PROTOCOL:
            response.outcome = .disallowedScheme
        case CURLE_URL_MALFORMAT where Fetcher.redirectsOffWeb(headers):
            // A Location such as file:///etc/passwd: refused by the protocol allow-list.
            response.outcome = .disallowedScheme
        case CURLE_TOO_MANY_REDIRECTS:
            response.outcome = .tooManyRedirects
        case CURLE_URL_MALFORMAT:
            response.outcome = .invalidURL
        default:
            response.outcome = .transferError(String(cString: curl_easy_strerror(code)))
        }
        if response.outcome != .ok && response.outcome != .notModified { response.body = t.tooLarge ? Data() : response.body }

        // Adaptive delay: move toward latency / target concurrency; failures never shorten it.
        if settings.autoThrottle.enabled {
            let target = max(timings.firstByte, 0.001) / max(settings.autoThrottle.targetConcurrency, 0.1)
            let next = response.outcome == .ok ? (state.throttleDelay + target) / 2 : max(state.throttleDelay, target)
            state.throttleDelay = min(settings.autoThrottle.maximumDelay, max(settings.minDelayPerHost, next))
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
                if ra > settings.retry.retryAfterCap {
                    complete(job, response)
                    return
                }
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

    /// libcurl's words for a transport error, e.g. "Couldn't connect to server".
    static func transportError(_ code: CURLcode) -> String { String(cString: curl_easy_strerror(code)) }

    /// Milliseconds until something is due: a delayed retry or a host's next slot.
    private func nextWakeup() -> Int {
        let t = Fetcher.now()
        var soonest = t + 1.0
        for d in delayed { soonest = min(soonest, d.at) }
        for key in readyHosts {
            if let s = hosts[key], s.queued, s.inFlight < settings.maxPerHost { soonest = min(soonest, s.nextAllowed) }
        }
        if !active.isEmpty { soonest = min(soonest, t + 0.1) }
        return max(0, Int(((soonest - t) * 1000).rounded(.up)))
    }

    /// The last response's headers, and the redirect hops before it.
    static func splitResponses(_ lines: [String]) -> ([(name: String, value: String)], [FetchResponse.Redirect]) {
        var blocks: [(status: Int, headers: [(name: String, value: String)])] = []
        for line in lines {
            if line.hasPrefix("HTTP/") {
                let parts = line.split(separator: " ")
                blocks.append((parts.count > 1 ? Int(parts[1]) ?? 0 : 0, []))
            } else if let colon = line.firstIndex(of: ":"), !blocks.isEmpty {
                blocks[blocks.count - 1].headers.append((String(line[..<colon]), Fetcher.trimmed(line[line.index(after: colon)...], newlines: false)))
            }
        }
        // 1xx interim responses are not hops.
        blocks.removeAll { $0.status >= 100 && $0.status < 200 }
        let redirects = blocks.dropLast().map { b in
            FetchResponse.Redirect(status: b.status, location: b.headers.last { $0.name.lowercased() == "location" }?.value ?? "")
        }
        return (blocks.last?.headers ?? [], redirects)
    }

    /// `trimmingCharacters(in: .whitespaces)` (or `.whitespacesAndNewlines`), by bytes for ASCII
    /// text such as header lines, where those sets are space and tab (and LF, VT, FF, CR).
    static func trimmed(_ s: Substring, newlines: Bool) -> String {
        let u = s.utf8
        guard !u.contains(where: { $0 >= 0x80 }) else { return s.trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces) }
        func blank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || (newlines && c >= 0x0A && c <= 0x0D) }
        var a = u.startIndex, b = u.endIndex
        while a < b && blank(u[a]) { a = u.index(after: a) }
        while b > a && blank(u[u.index(before: b)]) { b = u.index(before: b) }
        return String(s[a..<b])
    }

    /// Whether the last response redirects to a scheme other than http/https.
    static func redirectsOffWeb(_ headers: [(name: String, value: String)]) -> Bool {
        guard let location = headers.last(where: { $0.name.lowercased() == "location" })?.value,
              let colon = location.firstIndex(of: ":") else { return false }
        let scheme = location[..<colon].lowercased()
        return scheme != "http" && scheme != "https" && scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
    }

    /// Retry-After as seconds: delta-seconds or an HTTP-date.
    static func retryAfter(_ value: String?) -> Double? {
        guard let v = value?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
        if let s = Double(v), s >= 0 { return s }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            f.dateFormat = format
            if let d = f.date(from: v) { return max(0, d.timeIntervalSinceNow) }
        }
        return nil
    }

    /// Enough of the text for block detection without decoding megabytes.
    static func sniffText(_ r: FetchResponse) -> String {
        guard r.body.count <= 64 * 1024 else {
            return CharsetDecoder.decode(r.body.prefix(32 * 1024), contentType: r.header("Content-Type")).text
        }
        return r.decodedText().text
    }
}
