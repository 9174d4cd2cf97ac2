import CCurl
import Foundation

/// The pure half of the fetch engine: how header lines, statuses and libcurl results become a
/// response and its outcome. No I/O here; the loop in Fetcher.swift only performs transfers.
extension Fetcher {
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

    /// A final response no page can come from, or nil: two Content-Length values that disagree
    /// (libcurl would keep one and call a 5-byte body complete), or a 1xx such as 101 as the
    /// last word (or no status at all).
    static func malformation(status: Int, headers: [(name: String, value: String)]) -> FetchOutcome? {
        let lengths = headers.filter { $0.name.caseInsensitiveCompare("Content-Length") == .orderedSame }
            .flatMap { $0.value.split(separator: ",").map { Fetcher.trimmed($0, newlines: false) } }
        if Set(lengths).count > 1 { return .conflictingContentLength }
        if status < 200 { return .unexpectedStatus(status) }
        return nil
    }

    /// Whether a final status asks to go elsewhere (every 3xx but 304 Not Modified).
    static func isRedirect(_ status: Int) -> Bool { (300...399).contains(status) && status != 304 }

    /// Where a redirect leads: an absolute http(s) URL within `maxRedirects` hops, or why not.
    enum RedirectVerdict: Equatable { case follow(String), fail(FetchOutcome) }

    ///     Fetcher.redirectTarget(location: "/b", from: "http://h/a", status: 302, hops: 0, maxRedirects: 5)   // .follow("http://h/b")
    static func redirectTarget(location: String?, from url: String, status: Int, hops: Int, maxRedirects: Int) -> RedirectVerdict {
        guard let location = location.map({ Fetcher.trimmed(Substring($0), newlines: true) }), !location.isEmpty else {
            return .fail(.redirectWithoutLocation(status: status))
        }
        guard let target = URL(string: location, relativeTo: URL(string: url))?.absoluteURL,
              let scheme = target.scheme?.lowercased() else { return .fail(.invalidURL) }
        guard scheme == "http" || scheme == "https" else { return .fail(.disallowedScheme) }
        guard hops < maxRedirects else { return .fail(.tooManyRedirects) }
        return .follow(target.absoluteString)
    }

    /// The TLS problem behind a libcurl error in words a person acts on, or nil when the error is
    /// not about TLS. `verifyResult` is OpenSSL's X509 verification result (CURLINFO_SSL_VERIFYRESULT).
    static func tlsProblem(_ code: CURLcode, verifyResult: Int, message: String) -> String? {
        let tlsCodes: [CURLcode] = [CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
                                    CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
                                    CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ENGINE_NOTFOUND]
        guard tlsCodes.contains(code) else { return nil }
        let detail = message.isEmpty ? transportError(code) : message
        switch verifyResult {
        // X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT(_LOCALLY), DEPTH_ZERO_SELF_SIGNED_CERT, SELF_SIGNED_CERT_IN_CHAIN, UNABLE_TO_VERIFY_LEAF_SIGNATURE
        case 2, 18, 19, 20, 21: return "certificate not trusted (\(detail))"
        case 10: return "certificate expired (\(detail))"
        case 9: return "certificate not yet valid (\(detail))"
        case 62: return "certificate does not match the host name (\(detail))"
        default: break
        }
        let lower = detail.lowercased()
        if lower.contains("subject name") || lower.contains("does not match") || lower.contains("hostname mismatch") {
            return "certificate does not match the host name (\(detail))"
        }
        if code == CURLE_SSL_CACERT_BADFILE { return "CA file unusable (\(detail))" }
        if code == CURLE_PEER_FAILED_VERIFICATION { return "certificate not trusted (\(detail))" }
        return "handshake failed (\(detail))"
    }

    /// libcurl's words for a transport error, e.g. "Couldn't connect to server".
    static func transportError(_ code: CURLcode) -> String { String(cString: curl_easy_strerror(code)) }

    /// A robots.txt Crawl-delay as obeyed: at most `cap`, and whether the cap cut it.
    ///
    ///     Fetcher.crawlDelay(100_000, cap: 30)   // (30, true)
    static func crawlDelay(_ asked: Double?, cap: Double) -> (delay: Double, capped: Bool) {
        guard let asked else { return (0, false) }
        return asked > cap ? (cap, true) : (asked, false)
    }
}

extension Fetcher {
    /// libcurl's detailed message for a failure when it left one, else its words for the code.
    static func describe(_ code: CURLcode, _ errorBuffer: UnsafePointer<CChar>) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? transportError(code) : detail
    }

    /// Seconds for a message: "30", "0.5", "100000".
    static func seconds(_ s: Double) -> String {
        s == s.rounded() && abs(s) < 1e15 ? String(Int(s)) : String(format: "%.3g", s)
    }
}
