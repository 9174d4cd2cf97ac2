import XCTest
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import LoopbackServer

final class LoopbackServerTests: XCTestCase {
    /// A raw HTTP/1.1 exchange over one socket, so keep-alive and faults are visible byte for byte.
    func exchange(_ port: UInt16, _ requests: [String]) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        XCTAssertEqual(ok, 0)
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        for r in requests { _ = r.withCString { send(fd, $0, strlen($0), 0) } }
        var out = [UInt8](), buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            out.append(contentsOf: buf[0..<n])
        }
        return String(decoding: out, as: UTF8.self)
    }

    func testKeepAliveServesSeveralRequestsOnOneConnection() throws {
        let server = try LoopbackServer { .text("path=\($0.path) q=\($0.query["q"] ?? "")") }
        try server.start()
        defer { server.stop() }
        let reply = try exchange(server.port, ["GET /a?q=x%20y HTTP/1.1\r\nHost: t\r\n\r\n", "GET /b HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"])
        XCTAssertTrue(reply.contains("path=/a q=x y"), reply)
        XCTAssertTrue(reply.contains("path=/b"), reply)
        XCTAssertEqual(server.statistics.requests, 2)
        XCTAssertEqual(server.statistics.connectionsAccepted, 1)
        XCTAssertEqual(server.requestLog.map(\.target), ["/a?q=x%20y", "/b"])
    }

    func testGzipAndBrotliPerAcceptEncoding() throws {
        let page = String(repeating: "<p>price 19.99</p>", count: 100)
        let server = try LoopbackServer { _ in .html(page) }
        try server.start()
        defer { server.stop() }
        let br = try exchange(server.port, ["GET / HTTP/1.1\r\nAccept-Encoding: gzip, br\r\nConnection: close\r\n\r\n"])
        XCTAssertTrue(br.contains("Content-Encoding: br"))
        let gz = try exchange(server.port, ["GET / HTTP/1.1\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n"])
        XCTAssertTrue(gz.contains("Content-Encoding: gzip"))
        let plain = try exchange(server.port, ["GET / HTTP/1.1\r\nConnection: close\r\n\r\n"])
        XCTAssertFalse(plain.contains("Content-Encoding"))
        XCTAssertTrue(plain.hasSuffix(page))
        // Decoded by a real client (libcurl under URLSession): the same page.
        let exp = expectation(description: "fetched")
        final class Box: @unchecked Sendable { var body = "" }
        let box = Box()
        URLSession.shared.dataTask(with: URL(string: server.baseURL + "/")!) { data, _, _ in
            box.body = String(decoding: data ?? Data(), as: UTF8.self)
            exp.fulfill()
        }.resume()
        wait(for: [exp], timeout: 30)
        XCTAssertEqual(box.body, page)
    }

    func testTruncateDeclaresMoreThanItSends() throws {
        let server = try LoopbackServer { _ in
            var r = HTTPResponse.text(String(repeating: "x", count: 1000))
            r.fault = .truncate(afterBytes: 100)
            r.compressible = false
            return r
        }
        try server.start()
        defer { server.stop() }
        let reply = try exchange(server.port, ["GET / HTTP/1.1\r\n\r\n"])
        XCTAssertTrue(reply.contains("Content-Length: 1000"))
        XCTAssertEqual(reply.components(separatedBy: "\r\n\r\n")[1].count, 100)
    }

    func testOversizedHeadIsRefused() throws {
        let server = try LoopbackServer { _ in .text("ok") }
        server.maxHeaderBytes = 1024
        try server.start()
        defer { server.stop() }
        let reply = try exchange(server.port, ["GET / HTTP/1.1\r\nX-Big: \(String(repeating: "a", count: 4000))\r\n\r\n"])
        XCTAssertTrue(reply.hasPrefix("HTTP/1.1 431"), reply)
    }
}
