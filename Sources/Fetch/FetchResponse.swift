import Foundation

/// One URL to fetch.
public struct FetchRequest: Sendable, Hashable {
    public var url: String
    /// Headers for this request only, on top of the settings' headers.
    public var headers: [String: String]
    /// The caller's own label, returned with the response (a frontier id, a page kind...).
    public var tag: String

    public init(url: String, headers: [String: String] = [:], tag: String = "") {
        self.url = url
        self.headers = headers
        self.tag = tag
    }
}

/// What became of a request.
public enum FetchOutcome: Sendable, Equatable, CustomStringConvertible {
    case ok
    /// 304 to a conditional request: the page has not changed since the last fetch.
    case notModified
    /// A captcha or bot wall: not to be parsed as a page.
    case blocked(reason: String)
    /// robots.txt disallows the URL for our user agent; no request was sent.
    case robotsDisallowed
    /// robots.txt could not be fetched (transport error or 5xx), so the URL was not requested:
    /// a failure with its reason ("Couldn't connect to server", "HTTP 503"), not a disallow.
    case robotsUnreachable(reason: String)
    /// A final status of 400 or above, after retries.
    case httpError(status: Int)
    /// The body passed `maxResponseBytes` and was aborted.
    case tooLarge
    case timeout
    case connectionFailed(String)
    /// The body ended before its declared length.
    case truncated
    /// Not http or https, also after a redirect.
    case disallowedScheme
    case tooManyRedirects
    case invalidURL
    /// The engine was shut down before the transfer finished.
    case cancelled
    case transferError(String)
    /// The host asked for a Retry-After beyond `RetryPolicy.retryAfterCap`: the engine gives up
    /// on the host for the rest of its life (the run) instead of waiting or hammering it.
    case rateLimited(reason: String)
    /// The TLS handshake failed: "certificate not trusted", "certificate expired",
    /// "certificate does not match the host name"... (also when it happened on robots.txt).
    case tlsError(String)
    /// The reply is not HTTP/1.x or HTTP/2 (an HTTP/0.9 reply or garbage).
    case malformedResponse(String)
    /// A final status a page cannot have: 101 Switching Protocols, another 1xx, a 3xx that is no redirect.
    case unexpectedStatus(Int)
    /// A redirect status whose Location is missing or empty.
    case redirectWithoutLocation(status: Int)
    /// Two Content-Length values that disagree: the body's length is unknowable (RFC 9110 8.6).
    case conflictingContentLength

    /// A short name for stats and logs: "ok", "timeout", "http-503".
    public var kind: String {
        switch self {
        case .ok: return "ok"
        case .notModified: return "not-modified"
        case .blocked: return "blocked"
        case .robotsDisallowed: return "robots-disallowed"
        case .robotsUnreachable: return "robots-unreachable"
        case .httpError(let s): return "http-\(s)"
        case .tooLarge: return "too-large"
        case .timeout: return "timeout"
        case .connectionFailed: return "connection-failed"
        case .truncated: return "truncated"
        case .disallowedScheme: return "disallowed-scheme"
        case .tooManyRedirects: return "too-many-redirects"
        case .invalidURL: return "invalid-url"
        case .cancelled: return "cancelled"
        case .transferError: return "transfer-error"
        case .rateLimited: return "rate-limited"
        case .tlsError: return "tls-error"
        case .malformedResponse: return "malformed-response"
        case .unexpectedStatus(let s): return "unexpected-status-\(s)"
        case .redirectWithoutLocation: return "redirect-without-location"
        case .conflictingContentLength: return "conflicting-content-length"
        }
    }

    public var description: String {
        switch self {
        case .blocked(let r): return "blocked (\(r))"
        case .robotsUnreachable(let r): return "robots.txt unreachable: \(r)"
        case .connectionFailed(let m), .transferError(let m), .tlsError(let m), .malformedResponse(let m): return "\(kind): \(m)"
        case .rateLimited(let r): return "rate-limited: \(r)"
        case .redirectWithoutLocation(let s): return "redirect-without-location: HTTP \(s) without a Location"
        default: return kind
        }
    }

    /// Whether the body can be used as a page.
    public var isSuccess: Bool { self == .ok }
}

/// Seconds from the start of the transfer (the last try) to each phase.
public struct FetchTimings: Sendable, Equatable {
    public var dns: Double = 0
    public var connect: Double = 0
    public var tls: Double = 0
    public var firstByte: Double = 0
    public var total: Double = 0
    public init() {}
}

/// A response with everything a crawler and a person debugging it need.
public struct FetchResponse: Sendable {
    public struct Redirect: Sendable, Equatable {
        public var status: Int
        public var location: String
    }

    public var request: FetchRequest
    public var outcome: FetchOutcome
    /// The final HTTP status (0 when no response arrived).
    public var status: Int
    public var finalURL: String
    public var headers: [(name: String, value: String)]
    /// Each hop of a redirect chain, in order.
    public var redirects: [Redirect]
    /// The body as received, after Content-Encoding is undone.
    public var body: Data
    public var timings: FetchTimings
    /// Bytes on the wire (compressed) of the last try.
    public var bytesDownloaded: Int
    public var tries: Int
    public var fromCache: Bool

    public func header(_ name: String) -> String? {
        headers.last { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The body as UTF-8 text, decoded from the charset the header, a BOM or a `<meta>` names.
    public func decodedText() -> DecodedText {
        CharsetDecoder.decode(body, contentType: header("Content-Type"))
    }

    /// The same text as UTF-8 bytes (the body itself when it is valid UTF-8), for libxml2.
    public func decodedUTF8() -> Data {
        CharsetDecoder.decodeUTF8(body, contentType: header("Content-Type"))
    }
}
