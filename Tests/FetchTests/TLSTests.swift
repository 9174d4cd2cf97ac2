import XCTest
import Foundation
@testable import Fetch
import TestLogging

/// TLS failures are named as such (not as robots problems), and a job's CA file makes a private CA work.
final class TLSTests: XCTestCase {
    override class func setUp() {
        super.setUp()
        TestLog.install()
    }

    func run(_ tool: String, _ args: [String]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [tool] + args
        p.standardError = FileHandle.nullDevice
        return p
    }

    func testSelfSignedIsUntrustedAndCAFileTrustsIt() async throws {
        let dir = NSTemporaryDirectory() + "pw-tls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let gen = try run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/key.pem", "-out", dir + "/cert.pem",
                                       "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
        do { try gen.run() } catch { throw XCTSkip("openssl is not available: \(error)") }
        gen.waitUntilExit()
        guard gen.terminationStatus == 0 else { throw XCTSkip("openssl could not make a certificate") }
        let script = """
        import http.server, ssl, sys
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = b"User-agent: *\\nAllow: /\\n" if self.path == "/robots.txt" else b"secure page"
                self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
            def log_message(self, *a): pass
        s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); c.load_cert_chain(sys.argv[1], sys.argv[2])
        s.socket = c.wrap_socket(s.socket, server_side=True)
        print(s.server_address[1], flush=True)
        s.serve_forever()
        """
        let server = try run("python3", ["-c", script, dir + "/cert.pem", dir + "/key.pem"])
        let out = Pipe()
        server.standardOutput = out
        do { try server.run() } catch { throw XCTSkip("python3 is not available: \(error)") }
        defer { server.terminate() }
        let line = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let port = try XCTUnwrap(Int(line), "server port: \(line)")
        let url = "https://127.0.0.1:\(port)/p"

        var s = FetchSettings()
        s.autoThrottle.enabled = false
        s.retry.maxTries = 1
        let plain = Fetcher(settings: s)
        defer { plain.shutdown() }
        let untrusted = await plain.fetch(FetchRequest(url: url))
        XCTAssertEqual(untrusted.outcome.kind, "tls-error", "\(untrusted.outcome)")
        XCTAssertTrue(untrusted.outcome.description.hasPrefix("tls-error: certificate not trusted"), untrusted.outcome.description)

        s.caFile = dir + "/cert.pem"
        let trusting = Fetcher(settings: s)
        defer { trusting.shutdown() }
        let ok = await trusting.fetch(FetchRequest(url: url))
        XCTAssertEqual(ok.outcome, .ok)
        XCTAssertEqual(String(decoding: ok.body, as: UTF8.self), "secure page")
    }
}
