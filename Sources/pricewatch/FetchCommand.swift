import ArgumentParser
import Fetch
import Foundation

struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch one URL and show status, final URL, redirects, timings and headers.",
        discussion: """
        The body is decoded to UTF-8 (charset from the header, a BOM or <meta>) and written with --out.
        Robots.txt is obeyed unless --ignore-robots. Exit code 0 when the page came back, 1 otherwise.
        Example: pricewatch fetch http://127.0.0.1:8080/us/p/1 --header 'Accept-Language: en-US' --out page.html
        """)

    @Argument(help: "An http or https URL.") var url: String
    @Option(name: .customLong("header"), help: "An extra request header, 'Name: value' (repeatable).") var headers: [String] = []
    @Option(help: "User-Agent to send.") var userAgent: String?
    @Option(help: "Write the decoded body (UTF-8) to this file.") var out: String?
    @Option(help: "Replay cache directory: store the response, and serve it from there next time.") var cache: String?
    @Option(help: "Timeout of one try in seconds (connect to last byte); retries come on top, see --tries.") var timeout: Double = 30
    @Option(help: "Tries in all for transport errors, 429 and 5xx (with backoff and Retry-After); 1 = no retry.") var tries = 4
    @Option(help: "Proxy URL (http://, https://, socks5://).") var proxy: String?
    @Flag(help: "Do not fetch or obey robots.txt.") var ignoreRobots = false

    func validate() throws {
        for h in headers where !h.contains(":") { throw ValidationError("--header must look like 'Name: value', got '\(h)'") }
        guard tries >= 1 else { throw ValidationError("--tries must be at least 1") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else { throw ValidationError("only http and https URLs are fetched, got '\(url)'") }
    }

    func run() async throws {
        if let out { try OutputPaths.checkWritable(out, option: "--out") }
        var s = FetchSettings()
        if let userAgent { s.userAgent = userAgent }
        s.totalTimeout = timeout
        s.connectTimeout = min(s.connectTimeout, timeout)
        s.retry.maxTries = tries
        s.cacheDirectory = cache
        s.proxy = proxy
        s.obeyRobots = !ignoreRobots
        s.autoThrottle.enabled = false
        for h in headers {
            let parts = h.split(separator: ":", maxSplits: 1)
            s.headers[parts[0].trimmingCharacters(in: .whitespaces)] = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        }
        let fetcher = Fetcher(settings: s)
        defer { fetcher.shutdown() }
        let r = await fetcher.fetch(FetchRequest(url: url))
        var report = "outcome:   \(r.outcome)\nstatus:    \(r.status)\nfinal URL: \(r.finalURL)\n"
        for (i, hop) in r.redirects.enumerated() { report += "redirect \(i + 1): \(hop.status) -> \(hop.location)\n" }
        report += String(format: "timings:   dns %.1f ms, connect %.1f ms, tls %.1f ms, first byte %.1f ms, total %.1f ms\n",
                         r.timings.dns * 1000, r.timings.connect * 1000, r.timings.tls * 1000, r.timings.firstByte * 1000, r.timings.total * 1000)
        report += "tries:     \(r.tries)\(r.fromCache ? " (from cache)" : "")\nbytes:     \(r.bytesDownloaded) on the wire, \(r.body.count) decoded\n"
        let text = r.decodedText()
        report += "charset:   \(text.charset) (from \(text.source))\(text.invalidBytes > 0 ? ", \(text.invalidBytes) invalid bytes replaced" : "")\n"
        report += "headers:\n" + r.headers.map { "  \($0.name): \($0.value)" }.joined(separator: "\n") + "\n"
        print(report, terminator: "")
        let fetched = r.outcome == .ok || r.outcome == .notModified
        if let out, !fetched {
            print("body:      not written to \(out): the fetch failed")
        } else if let out {
            do { try Data(text.text.utf8).write(to: URL(fileURLWithPath: out)) } catch { try fail(error, status: .configuration) }
            print("body:      written to \(out) (\(text.text.utf8.count) bytes UTF-8)")
        }
        if !fetched { throw ExitCode(1) }
    }
}
