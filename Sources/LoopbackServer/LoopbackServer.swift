import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server on 127.0.0.1 for the demo shops, the tests and the benchmarks: a thread
/// per connection, keep-alive, gzip/br per Accept-Encoding, and faults on demand.
///
///     let server = try LoopbackServer { request in .html("<h1>\(request.path)</h1>") }
///     try server.start()
///     print(server.baseURL)   // http://127.0.0.1:39113
public final class LoopbackServer: @unchecked Sendable {
    public struct Statistics: Sendable, Equatable {
        public var requests = 0
        public var connectionsAccepted = 0
        public var maxConcurrentConnections = 0
        public var maxConcurrentRequests = 0
        public var bytesSent = 0
    }

    public struct LoggedRequest: Sendable {
        public var method: String
        public var target: String
        public var headers: [(name: String, value: String)]
        /// Monotonic seconds (same clock for every entry): compare gaps, not wall times.
        public var receivedAt: Double
        public var connectionID: Int

        public func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    private let handler: @Sendable (HTTPRequest) -> HTTPResponse
    private let requestedPort: UInt16
    private var listenFD: Int32 = -1
    private let lock = NSLock()
    private var stats = Statistics()
    private var log: [LoggedRequest] = []
    private var openConnections = 0
    private var activeRequests = 0
    private var nextConnectionID = 0
    private var running = false
    private var clientFDs = Set<Int32>()
    public private(set) var port: UInt16 = 0

    /// How long an idle keep-alive connection stays open.
    public var idleTimeout: TimeInterval = 15
    /// Largest request head (request line and headers) accepted.
    public var maxHeaderBytes = 64 * 1024
    /// Keep a log of requests (off for benchmarks).
    public var keepsLog = true

    public init(port: UInt16 = 0, handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws {
        self.requestedPort = port
        self.handler = handler
        signal(SIGPIPE, SIG_IGN)
    }

    deinit { stop() }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public var statistics: Statistics { lock.lock(); defer { lock.unlock() }; return stats }

    public var requestLog: [LoggedRequest] { lock.lock(); defer { lock.unlock() }; return log }

    public func resetStatistics() {
        lock.lock()
        stats = Statistics()
        log = []
        lock.unlock()
    }

    public func start() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError.socket(errno) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = requestedPort.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 512) == 0 else { let e = errno; close(fd); throw ServerError.bind(e) }
        var actual = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        port = UInt16(bigEndian: actual.sin_port)
        listenFD = fd
        running = true
        let t = Thread { [weak self] in self?.acceptLoop(fd) }
        t.name = "loopback-accept"
        t.start()
    }

    public func stop() {
        lock.lock()
        let wasRunning = running
        running = false
        let fd = listenFD
        listenFD = -1
        let clients = clientFDs
        lock.unlock()
        guard wasRunning else { return }
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
        for c in clients { shutdown(c, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop(_ fd: Int32) {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            lock.lock()
            guard running else { lock.unlock(); close(client); return }
            nextConnectionID += 1
            let id = nextConnectionID
            stats.connectionsAccepted += 1
            openConnections += 1
            stats.maxConcurrentConnections = max(stats.maxConcurrentConnections, openConnections)
            clientFDs.insert(client)
            lock.unlock()
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let t = Thread { [weak self] in
                self?.serve(client, id: id)
                close(client)
                guard let self else { return }
                self.lock.lock()
                self.openConnections -= 1
                self.clientFDs.remove(client)
                self.lock.unlock()
            }
            t.stackSize = 512 * 1024
            t.start()
        }
    }

    private func serve(_ fd: Int32, id: Int) {
        var timeout = timeval(tv_sec: Int(idleTimeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            // Read until the end of the head.
            var headEnd = LoopbackServer.findHeadEnd(buffer)
            while headEnd == nil {
                guard buffer.count <= maxHeaderBytes else { _ = sendAll(fd, Array("HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)); return }
                let n = recv(fd, &chunk, chunk.count, 0)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
                headEnd = LoopbackServer.findHeadEnd(buffer)
            }
            if let end = headEnd, end > maxHeaderBytes {
                _ = sendAll(fd, Array("HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8))
                return
            }
            guard let end = headEnd else { return }
            // ASCII (every request curl sends) is split and trimmed by bytes; Latin-1 otherwise.
            let ascii = !buffer[0..<end].contains { $0 >= 0x80 }
            guard let head = ascii ? String(decoding: buffer[0..<end], as: UTF8.self) : String(bytes: buffer[0..<end], encoding: .isoLatin1) else { return }
            let lines = ascii ? LoopbackServer.crlfLines(head) : head.components(separatedBy: "\r\n")
            let requestLine = lines[0].split(separator: " ")
            guard requestLine.count == 3 else { _ = sendAll(fd, Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)); return }
            var headers: [(name: String, value: String)] = []
            for line in lines.dropFirst() where !line.isEmpty {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let value = line[line.index(after: colon)...]
                headers.append((String(line[..<colon]), ascii ? LoopbackServer.trimASCIIWhitespace(value) : value.trimmingCharacters(in: .whitespaces)))
            }
            func header(_ name: String) -> String? { headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value }
            var body = [UInt8]()
            let bodyStart = end + 4
            let contentLength = Int(header("Content-Length") ?? "0") ?? 0
            guard contentLength >= 0, contentLength <= 16 << 20 else { return }
            while buffer.count - bodyStart < contentLength {
                let n = recv(fd, &chunk, chunk.count, 0)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
            }
            body = Array(buffer[bodyStart..<(bodyStart + contentLength)])
            buffer.removeFirst(bodyStart + contentLength)
            let version = String(requestLine[2])
            let wantsClose = (header("Connection")?.lowercased() == "close") || version == "HTTP/1.0"
            let request = HTTPRequest(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: Data(body), connectionID: id)

            lock.lock()
            stats.requests += 1
            activeRequests += 1
            stats.maxConcurrentRequests = max(stats.maxConcurrentRequests, activeRequests)
            if keepsLog {
                log.append(LoggedRequest(method: request.method, target: request.target, headers: headers, receivedAt: LoopbackServer.monotonic(), connectionID: id))
            }
            lock.unlock()
            let response = handler(request)
            let keepOpen = respond(fd, request: request, response: response, close: wantsClose)
            lock.lock()
            activeRequests -= 1
            lock.unlock()
            if !keepOpen { return }
        }
    }

    /// Sends the response; false when the connection must close.
    private func respond(_ fd: Int32, request: HTTPRequest, response: HTTPResponse, close wantsClose: Bool) -> Bool {
        if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
        if case .dropConnection? = response.fault { return false }
        var body = [UInt8](response.body)
        var headers = response.headers.filter { !["content-length", "transfer-encoding", "connection", "content-encoding"].contains($0.name.lowercased()) }
        if response.compressible, body.count > 200, response.fault == nil, request.method != "HEAD",
           let accept = request.header("Accept-Encoding")?.lowercased() {
            let offered = Set(accept.split(separator: ",").map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces) })
            if offered.contains("br"), let c = Compression.brotli(body) {
                body = c
                headers.append(("Content-Encoding", "br"))
                headers.append(("Vary", "Accept-Encoding"))
            } else if offered.contains("gzip"), let c = Compression.gzip(body) {
                body = c
                headers.append(("Content-Encoding", "gzip"))
                headers.append(("Vary", "Accept-Encoding"))
            }
        }
        let status = response.status
        var head = "HTTP/1.1 \(status) \(LoopbackServer.reason(status))\r\n"
        for h in headers { head += "\(h.name): \(h.value)\r\n" }
        let closing: Bool
        switch response.fault {
        case .endless?:
            head += "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            guard sendAll(fd, Array(head.utf8)) else { return false }
            let piece = Array(String(repeating: "<p>more and more</p>\n", count: 400).utf8)
            let frame = Array((String(piece.count, radix: 16) + "\r\n").utf8) + piece + Array("\r\n".utf8)
            while sendAll(fd, frame) {}
            return false
        case .truncate(let after)?:
            head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            _ = sendAll(fd, Array(head.utf8) + body.prefix(max(0, min(after, body.count - 1))))
            return false
        case .slowBody(let size, let interval)?:
            head += "Content-Length: \(body.count)\r\n\(wantsClose ? "Connection: close\r\n" : "")\r\n"
            guard sendAll(fd, Array(head.utf8)) else { return false }
            var offset = 0
            while offset < body.count {
                Thread.sleep(forTimeInterval: interval)
                let end = min(body.count, offset + max(1, size))
                guard sendAll(fd, Array(body[offset..<end])) else { return false }
                offset = end
            }
            closing = wantsClose
        default:
            head += "Content-Length: \(body.count)\r\n\(wantsClose ? "Connection: close\r\n" : "")\r\n"
            let payload = request.method == "HEAD" ? Array(head.utf8) : Array(head.utf8) + body
            guard sendAll(fd, payload) else { return false }
            closing = wantsClose
        }
        return !closing
    }

    private func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                return false
            }
            offset += n
        }
        lock.lock()
        stats.bytesSent += bytes.count
        lock.unlock()
        return true
    }

    /// `components(separatedBy: "\r\n")` of an ASCII string, by bytes.
    static func crlfLines(_ head: String) -> [String] {
        let u = Array(head.utf8)
        var lines: [String] = []
        var start = 0, i = 0
        while i + 1 < u.count {
            if u[i] == 13 && u[i + 1] == 10 {
                lines.append(String(decoding: u[start..<i], as: UTF8.self))
                i += 2
                start = i
            } else {
                i += 1
            }
        }
        lines.append(String(decoding: u[start...], as: UTF8.self))
        return lines
    }

    /// `trimmingCharacters(in: .whitespaces)` of ASCII text: spaces and tabs.
    static func trimASCIIWhitespace(_ s: Substring) -> String {
        let u = s.utf8
        var a = u.startIndex, b = u.endIndex
        while a < b && (u[a] == 0x20 || u[a] == 0x09) { a = u.index(after: a) }
        while b > a && (u[u.index(before: b)] == 0x20 || u[u.index(before: b)] == 0x09) { b = u.index(before: b) }
        return String(s[a..<b])
    }

    static func findHeadEnd(_ b: [UInt8]) -> Int? {
        guard b.count >= 4 else { return nil }
        for i in 0...(b.count - 4) where b[i] == 13 && b[i + 1] == 10 && b[i + 2] == 13 && b[i + 3] == 10 { return i }
        return nil
    }

    static func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 304: return "Not Modified"
        case 307: return "Temporary Redirect"
        case 400: return "Bad Request"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "Status"
        }
    }
}

public enum ServerError: Error, CustomStringConvertible {
    case socket(Int32)
    case bind(Int32)
    public var description: String {
        switch self {
        case .socket(let e): return "cannot create a socket: \(String(cString: strerror(e)))"
        case .bind(let e): return "cannot listen on 127.0.0.1: \(String(cString: strerror(e)))"
        }
    }
}
