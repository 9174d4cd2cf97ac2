import Foundation

/// A request as the loopback server received it.
public struct HTTPRequest: Sendable {
    public var method: String
    /// The request target as sent: "/us/p/123?x=1".
    public var target: String
    /// The path, percent-decoded: "/us/p/123".
    public var path: String
    public var query: [String: String]
    public var headers: [(name: String, value: String)]
    public var body: Data
    /// Which connection carried it (keep-alive connections carry several).
    public var connectionID: Int

    public init(method: String, target: String, headers: [(name: String, value: String)] = [], body: Data = Data(), connectionID: Int = 0) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.connectionID = connectionID
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let rawPath = parts.first.map(String.init) ?? "/"
        self.path = rawPath.removingPercentEncoding ?? rawPath
        var query: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(kv[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(kv[0])
                let value = kv.count > 1 ? (String(kv[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(kv[1])) : ""
                query[key] = value
            }
        }
        self.query = query
    }

    /// The first header of that name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// A response the loopback server sends, with optional misbehaviour for tests and demo faults.
public struct HTTPResponse: Sendable {
    public enum Fault: Sendable {
        /// Declares the full Content-Length, sends only this many body bytes, then closes.
        case truncate(afterBytes: Int)
        /// A chunked body that never ends, until the client closes.
        case endless
        /// Sends the body in chunks with a pause between them.
        case slowBody(chunkBytes: Int, interval: TimeInterval)
        /// Closes the connection without any response.
        case dropConnection
    }

    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Data
    /// Seconds to wait before the status line.
    public var delay: TimeInterval = 0
    public var fault: Fault? = nil
    /// gzip or br per the request's Accept-Encoding.
    public var compressible = true

    public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func html(_ html: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: Data(html.utf8))
    }

    public static func text(_ text: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8") -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", contentType)], body: Data(text.utf8))
    }

    public static func redirect(to location: String, status: Int = 302) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Location", location), ("Content-Type", "text/plain; charset=utf-8")], body: Data("moved\n".utf8))
    }

    /// The first header of that name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
