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
    /// PEM file of the certificate authorities to trust instead of the system's (a shop behind a
    /// private CA). Certificates are always verified: there is no switch to turn that off.
    public var caFile: String?

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
    /// With `bodiesHoldSlots`, at most `maxConcurrency` bodies exist at once, in transfer or held,
    /// so the bodies of a crawl take at most `maxConcurrency * maxResponseBytes`.
    public var maxResponseBytes = 8 << 20
    /// A body handed to a completion keeps its transfer slot until its last copy is freed: the
    /// engine starts no transfer while `maxConcurrency` bodies are in flight or held, so a caller
    /// slower than the network (parsing) holds a bounded amount of pages instead of a queue of them.
    /// Only for callers that let each body go once it is read (a crawl); one that keeps every
    /// response (`fetchAll`) would wait forever once it holds `maxConcurrency` of them.
    public var bodiesHoldSlots = false
    public var maxRedirects = 5

    public var retry = RetryPolicy()

    /// Fetch robots.txt once per host and obey it (and its Crawl-delay). A robots.txt that cannot
    /// be fetched (transport error or 5xx, after retries) fails the host's pages as
    /// `robotsUnreachable`; a 4xx allows everything.
    public var obeyRobots = true
    /// How long an unreachable robots.txt is believed before the host's next request asks again.
    public var robotsRecheckInterval: TimeInterval = 60
    /// The longest robots.txt Crawl-delay obeyed; a longer one (`Crawl-delay: 100000` would hang
    /// the run) is cut to this, with one log line per host.
    public var maxCrawlDelay: TimeInterval = 30
    /// Fixed minimum delay between two requests to one host.
    public var minDelayPerHost: TimeInterval = 0
    public var autoThrottle = AutoThrottle()

    /// Send If-None-Match / If-Modified-Since for URLs seen before; a 304 is `notModified`.
    public var conditionalRequests = true
    /// With a directory, responses are stored there and replayed on the next run without a request.
    public var cacheDirectory: String?
    public var blockDetection = BlockDetector()

    public init() {}

    /// Why a header value (User-Agent, Cookie, Accept-Language, any extra header) cannot be sent,
    /// or nil when it can: a CR or LF would inject headers, other control characters are refused
    /// by servers. Tab is allowed (RFC 9110 5.5).
    ///
    ///     FetchSettings.headerValueProblem("a\r\nX-Evil: 1")   // "contains a control character (U+000D)"
    public static func headerValueProblem(_ value: String) -> String? {
        guard let bad = value.unicodeScalars.first(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }) else { return nil }
        return "contains a control character (U+\(String(format: "%04X", bad.value)))"
    }

    /// Why a header name cannot be sent, or nil: a name is an RFC 9110 token (letters, digits, ``!#$%&'*+-.^_`|~``).
    public static func headerNameProblem(_ name: String) -> String? {
        let extra = Set("!#$%&'*+-.^_`|~".unicodeScalars)
        if name.isEmpty { return "is empty" }
        guard let bad = name.unicodeScalars.first(where: { !($0.isASCII && (CharacterSet.alphanumerics.contains($0) || extra.contains($0))) }) else { return nil }
        return "contains \(bad.value < 0x20 || bad.value == 0x7F ? "a control character" : "'\(bad)'") (U+\(String(format: "%04X", bad.value))), not allowed in a header name"
    }
}

/// When and how often a failed request is tried again.
public struct RetryPolicy: Sendable {
    /// Tries per request, the first included.
    public var maxTries = 4
    /// Exponential backoff: a random delay up to `base * 2^(try-1)`, at most `maxDelay` (full jitter).
    public var baseDelay: TimeInterval = 0.5
    public var maxDelay: TimeInterval = 30
    /// A server's Retry-After is honoured up to this long. A longer one gives up on the host for
    /// the rest of the run: its pages end as `rateLimited`, and no more requests go to it.
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
