import Foundation

/// Every knob of the fetch engine, with defaults a polite production crawler would use.
///
///     var s = FetchSettings()
///     s.maxConcurrency = 64; s.maxPerHost = 8
///     s.headers["Accept-Language"] = "de-DE"
///     let fetcher = Fetcher(settings: s)
public struct FetchSettings: Sendable {
    public var userAgent = "pricewatch/0.1 (+https://github.com/pricewatch/pricewatch)"
    /// Extra headers on every request (Accept-Language, Cookie selecting a market...).
    public var headers: [String: String] = [:]
    /// http://, https:// or socks5:// proxy for every request.
    public var proxy: String?

    /// Transfers in flight at once, all hosts together.
    public var maxConcurrency = 16
    /// Transfers in flight at once to one host.
    public var maxPerHost = 4

    public var connectTimeout: TimeInterval = 10
    /// The whole transfer, redirects included.
    public var totalTimeout: TimeInterval = 30
    /// A transfer slower than `lowSpeedLimit` bytes/s for `lowSpeedTime` is aborted.
    public var lowSpeedLimit = 64
    public var lowSpeedTime: TimeInterval = 15
    /// Largest decompressed body kept; past it the transfer is aborted and reported `tooLarge`.
    public var maxResponseBytes = 8 << 20
    public var maxRedirects = 5

    public var retry = RetryPolicy()

    /// Fetch robots.txt once per host and obey it (and its Crawl-delay). A robots.txt that cannot
    /// be fetched (transport error or 5xx, after retries) fails the host's pages as
    /// `robotsUnreachable`; a 4xx allows everything.
    public var obeyRobots = true
    /// How long an unreachable robots.txt is believed before the host's next request asks again.
    public var robotsRecheckInterval: TimeInterval = 60
    /// Fixed minimum delay between two requests to one host.
    public var minDelayPerHost: TimeInterval = 0
    public var autoThrottle = AutoThrottle()

    /// Send If-None-Match / If-Modified-Since for URLs seen before; a 304 is `notModified`.
    public var conditionalRequests = true
    /// With a directory, responses are stored there and replayed on the next run without a request.
    public var cacheDirectory: String?
    public var blockDetection = BlockDetector()

    public init() {}
}

/// When and how often a failed request is tried again.
public struct RetryPolicy: Sendable {
    /// Tries per request, the first included.
    public var maxTries = 4
    /// Exponential backoff: a random delay up to `base * 2^(try-1)`, at most `maxDelay` (full jitter).
    public var baseDelay: TimeInterval = 0.5
    public var maxDelay: TimeInterval = 30
    /// A server's Retry-After is honoured up to this long; longer ones count as a failure.
    public var retryAfterCap: TimeInterval = 120
    public var retryStatuses: Set<Int> = [429, 500, 502, 503, 504]
    public init() {}
}

/// Latency-driven per-host delay in the spirit of Scrapy's AutoThrottle: each host's delay moves
/// toward `latency / targetConcurrency`, within `[minimum, maximum]`; errors never shorten it.
public struct AutoThrottle: Sendable {
    public var enabled = true
    public var targetConcurrency = 4.0
    public var startDelay: TimeInterval = 0
    public var maximumDelay: TimeInterval = 10
    public init() {}
}
