import Foundation

/// The replay cache (`--cache DIR`): responses stored on disk, keyed by the request, and served
/// from there on the next run so selectors can be developed without hitting a site again.
struct ResponseCache: Sendable {
    let directory: String

    struct Entry: Codable {
        var url: String
        var status: Int
        var finalURL: String
        var headers: [[String]]
        var storedAt: Date
    }

    init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// FNV-1a 64 of the URL and the headers that select content (market cookies, language).
    static func key(_ request: FetchRequest, settings: FetchSettings) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ s: String) { for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }; h = (h ^ 0xff) &* 0x100_0000_01b3 }
        mix("GET")
        mix(request.url)
        let headers = settings.headers.merging(request.headers) { $1 }
        for (k, v) in headers.sorted(by: { $0.key.lowercased() < $1.key.lowercased() }) where ["cookie", "accept-language"].contains(k.lowercased()) {
            mix(k.lowercased()); mix(v)
        }
        return String(format: "%016llx", h)
    }

    func load(_ request: FetchRequest, settings: FetchSettings) -> FetchResponse? {
        let base = (directory as NSString).appendingPathComponent(ResponseCache.key(request, settings: settings))
        guard let meta = FileManager.default.contents(atPath: base + ".json"),
              let entry = try? JSONDecoder().decode(Entry.self, from: meta), entry.url == request.url,
              let body = FileManager.default.contents(atPath: base + ".body") else { return nil }
        return FetchResponse(request: request, outcome: .ok, status: entry.status, finalURL: entry.finalURL,
                             headers: entry.headers.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }, redirects: [],
                             body: body, timings: FetchTimings(), bytesDownloaded: 0, tries: 0, fromCache: true)
    }

    func store(_ response: FetchResponse, settings: FetchSettings) {
        guard response.outcome == .ok else { return }
        let base = (directory as NSString).appendingPathComponent(ResponseCache.key(response.request, settings: settings))
        let entry = Entry(url: response.request.url, status: response.status, finalURL: response.finalURL,
                          headers: response.headers.map { [$0.name, $0.value] }, storedAt: Date())
        guard let meta = try? JSONEncoder().encode(entry) else { return }
        try? response.body.write(to: URL(fileURLWithPath: base + ".body"), options: .atomic)
        try? meta.write(to: URL(fileURLWithPath: base + ".json"), options: .atomic)
    }
}
