// pricewatch's side of `make bench`: each suite prints one JSON line that bench/report.py puts
// next to the peer's figures from the same run.
import Analytics
import DemoShop
import Extract
import FieldParsers
import Fetch
import Foundation
import LoopbackServer
import Model
import Report
import Reprice
import Store
#if canImport(Glibc)
import Glibc
#endif

func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
}

func peakRSSMB() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_maxrss) / 1024
}

func now() -> Double { Date().timeIntervalSince1970 }

func emit(_ o: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: o, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

let args = CommandLine.arguments
let suite = args.count > 1 ? args[1] : "list"

switch suite {
case "list":
    print("[\"price\", \"fetch\", \"store\", \"extract\", \"report\", \"sentiment\", \"autoextract\", \"reprice\", \"match\", \"match-abt-buy\"]")

case "match":
    try matchBench(args)

case "match-abt-buy":
    try matchAbtBuy(args)

case "price":
    // Accuracy on the shared rows, then strings/s over repeated passes.
    let rows = try String(contentsOfFile: args[2], encoding: .utf8).split(separator: "\n").compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    var right = 0
    for r in rows {
        let p = PriceParser.parse(r["text"] as? String ?? "", currencyHint: r["currency_hint"] as? String)
        let want = (r["amount"] as? String).flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
        if p.amount == want { right += 1 }
    }
    let texts = rows.map { ($0["text"] as? String ?? "", $0["currency_hint"] as? String) }
    let reps = max(1, 2_000_000 / texts.count)
    let t0 = now()
    var sink = 0
    for _ in 0..<reps { for (t, h) in texts { if PriceParser.parse(t, currencyHint: h).amount != nil { sink += 1 } } }
    let dt = now() - t0
    emit(["accuracy": Double(right) / Double(rows.count), "rows": rows.count, "per_second": Double(reps * texts.count) / dt, "sink": sink])

case "fetch":
    // N pages of ~20 KB from a loopback server, 64 in flight.
    let pages = args.count > 2 ? Int(args[2])! : 20_000
    let body = String(repeating: "<div class=\"p\"><span class=\"price\">$19.99</span> lorem ipsum dolor sit amet</div>\n", count: 250)
    let server = try LoopbackServer { _ in var r = HTTPResponse.html(body); r.compressible = false; return r }
    server.keepsLog = false
    try server.start()
    var s = FetchSettings()
    s.maxConcurrency = 64
    s.maxPerHost = 64
    s.obeyRobots = false
    s.autoThrottle.enabled = false
    let fetcher = Fetcher(settings: s)
    let cpu0 = cpuSeconds(), t0 = now()
    let done = DispatchSemaphore(value: 0)
    final class Count: @unchecked Sendable { let l = NSLock(); var n = 0; var ok = 0 }
    let c = Count()
    for i in 0..<pages {
        fetcher.submit(FetchRequest(url: "\(server.baseURL)/p/\(i)")) { r in
            c.l.lock(); c.n += 1; if r.outcome == .ok { c.ok += 1 }; let finished = c.n == pages; c.l.unlock()
            if finished { done.signal() }
        }
    }
    done.wait()
    let dt = now() - t0
    fetcher.shutdown()
    server.stop()
    emit(["pages": pages, "ok": c.ok, "per_second": Double(pages) / dt, "cpu_seconds": cpuSeconds() - cpu0, "peak_rss_mb": peakRSSMB(),
          "note": "client and server in one process on 2 cores"])

case "store":
    let total = args.count > 2 ? Int(args[2])! : 1_000_000
    let keep = ProcessInfo.processInfo.environment["PW_BENCH_STORE_DIR"]
    let dir = keep ?? NSTemporaryDirectory() + "pw-bench-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { if keep == nil { try? FileManager.default.removeItem(atPath: dir) } }
    let store = try PriceStore(path: dir + "/bench.sqlite")
    let listings = 10_000
    var ids: [Int64] = []
    var batch = CrawlBatch()
    for i in 0..<listings { batch.listings.append(ListingUpdate(listing: ListingRecord(site: "site-\(i % 5)", url: "https://shop.example/p/\(i)", externalID: "X\(i)"), observation: nil)) }
    try store.write(batch, run: nil)
    ids = try store.listings().map { $0.id! }
    let run = try store.beginRun(job: "bench")
    let start = Date(timeIntervalSince1970: 1_790_000_000)
    let t0 = now(), cpu0 = cpuSeconds()
    var written = 0
    while written < total {
        var b = CrawlBatch()
        b.observations.reserveCapacity(1000)
        for k in 0..<1000 where written + k < total {
            let n = written + k
            b.observations.append(ObservationRecord(listingID: ids[n % listings], runID: run, observedAt: start.addingTimeInterval(Double(n / listings) * 3600),
                                                    price: Money(minorUnits: Int64(1000 + n % 5000), currency: "USD"), availability: .inStock,
                                                    sales: SalesCount(count: Int64(n % 900), window: .month, isLowerBound: true), rating: 4, reviewCount: Int64(n % 300),
                                                    sources: ["price": "css"]))
        }
        written += b.observations.count
        try store.write(b, run: run)
    }
    let insertRate = Double(total) / (now() - t0)
    let insertCPU = cpuSeconds() - cpu0
    let q0 = now()
    let latest = try store.latestObservations(site: "site-3")
    let allMs = (now() - q0) * 1000
    let q1 = now()
    let one = try store.histories(site: "site-1").prefix(1).count
    _ = one
    let histMs = (now() - q1) * 1000
    let size = (try FileManager.default.attributesOfItem(atPath: dir + "/bench.sqlite")[.size] as? Int64 ?? 0)
        + ((try? FileManager.default.attributesOfItem(atPath: dir + "/bench.sqlite-wal")[.size] as? Int64) ?? 0)
    emit(["observations": total, "inserts_per_second": insertRate, "insert_cpu_seconds": insertCPU, "latest_price_query_ms": allMs, "latest_rows": latest.count,
          "site_history_ms": histMs, "file_mb_per_million": Double(size) / 1_048_576 / (Double(total) / 1_000_000)])

case "extract":
    // The demo shops' product pages saved to disk (for parsel too), extracted with the same selectors.
    let out = args.count > 2 ? args[2] : "bench/work/pages"
    let count = args.count > 3 ? Int(args[3])! : 2000
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let shops = try DemoServer()
    var htmls: [(String, String)] = []
    var i = 0
    outer: for day in 0..<30 {
        shops.setDay(day)
        for p in DemoWorld.products(of: .us) {
            let path = "/us/p/\(p.id)"
            let r = shops.respondForBenchmark(path)
            let text = String(decoding: r.body, as: UTF8.self)
            htmls.append(("http://127.0.0.1:8080" + path, text))
            try text.write(toFile: "\(out)/\(i).html", atomically: false, encoding: .utf8)
            i += 1
            if i >= count { break outer }
        }
    }
    let set = try SelectorSet.load(path: "Selectors/demo-us.yml")
    let extractor = try Extractor(selectorSet: set)
    let ctx = set.parseContextTemplate
    var fields = 0
    let t0 = now()
    for (url, html) in htmls {
        let page = extractor.extract(html: html, url: url, pageKind: "product", context: ctx)
        fields += page.records.first?.fields.values.filter { $0.value != nil }.count ?? 0
    }
    let dt = now() - t0
    emit(["pages": htmls.count, "per_second": Double(htmls.count) / dt, "fields_found": fields, "dir": out])

case "report":
    let observations = args.count > 2 ? Int(args[2])! : 1_000_000
    // 2,000 listings x 500 days of observations, in memory, through the full report writer.
    let listings = 2000, perListing = max(1, observations / listings)
    var fx = FXRates()
    let start = Date(timeIntervalSince1970: 1_750_000_000)
    for d in 0...perListing { fx.add(day: PeriodAnalysis.day(start.addingTimeInterval(Double(d) * 86_400)), base: "EUR", quote: "USD", rate: Decimal(string: "1.08")!) }
    var histories: [ListingHistory] = []
    for l in 0..<listings {
        var obs: [ListingHistory.Observation] = []
        obs.reserveCapacity(perListing)
        let currency = l % 2 == 0 ? "USD" : "EUR"
        for d in 0..<perListing {
            let minor = Int64(5000 + (d * 37 + l) % 900)
            let at = start.addingTimeInterval(Double(d) * 86_400)
            let availability: Availability = d % 17 == 0 ? .outOfStock : .inStock
            obs.append(ListingHistory.Observation(at: at, price: Money(minorUnits: minor, currency: currency), availability: availability,
                                                  sales: SalesCount(count: Int64(d * 10), window: .total, isLowerBound: false)))
        }
        histories.append(ListingHistory(listingID: Int64(l), site: "site-\(l % 5)", title: "Listing \(l)", url: "https://shop.example/\(l)",
                                        productKey: "SKU-\(l / 5)", productName: "Product \(l / 5)", observations: obs))
    }
    // PW_BENCH_REPORT_DIR keeps the files there, to compare two builds' output byte for byte.
    let keep = ProcessInfo.processInfo.environment["PW_BENCH_REPORT_DIR"]
    let dir = keep ?? NSTemporaryDirectory() + "pw-bench-report-\(UUID().uuidString)"
    defer { if keep == nil { try? FileManager.default.removeItem(atPath: dir) } }
    let t0 = now()
    let until = start.addingTimeInterval(Double(perListing) * 86_400)
    let files = try ReportWriter(input: ReportWriter.Input(listings: histories, merchant: [:], fx: fx, baseCurrency: "USD", since: until.addingTimeInterval(-30 * 86_400), until: until))
        .write(to: URL(fileURLWithPath: dir))
    emit(["observations": listings * perListing, "seconds": now() - t0, "files": files.count])

case "sentiment":
    emit(try sentimentBench(Array(args.dropFirst(2))))

case "render-site":
    emit(try renderSite(Array(args.dropFirst(2))))

case "autoextract":
    emit(try autoExtractBench(Array(args.dropFirst(2))))

case "reprice":
    // N SKUs x M competitor offers each (USD catalog; offers in USD, EUR, BRL, JPY and CNY, some stale,
    // out of stock or outliers), through the pure engine only: no database, no output files.
    let skus = args.count > 2 ? Int(args[2])! : 100_000
    let perSKU = args.count > 3 ? Int(args[3])! : 10
    let asOf = Date(timeIntervalSince1970: 1_795_176_000)
    var fx = FXRates()
    for d in 0...3 {
        let day = PeriodAnalysis.day(asOf.addingTimeInterval(Double(-d) * 86_400))
        for (q, r) in [("USD", "1.08"), ("BRL", "6.1"), ("JPY", "161"), ("CNY", "7.7")] { fx.add(day: day, base: "EUR", quote: q, rate: Decimal(string: r)!) }
    }
    let rules = try RepriceRules.parse(yaml: """
        default: {strategy: match_lowest, no_stock: raise}
        tags:
          a: {strategy: beat_lowest, beat_by: 1%}
          b: {strategy: position, position: 2}
          c: {strategy: price_index, index_target: 0.98}
        """, file: "bench")
    let sites = ["us", "eu", "br", "jp", "cn"]
    let currencies = ["USD", "EUR", "BRL", "JPY", "CNY"]
    let toLocal: [Int64] = [100, 93, 610, 14_900, 713]  // per 100 USD cents, roughly
    var inputs: [(item: CatalogRecord, offers: [CompetitorOffer])] = []
    inputs.reserveCapacity(skus)
    for i in 0..<skus {
        let price = Int64(2_000 + (i * 7919) % 50_000)
        let item = CatalogRecord(sku: "SKU-\(i)", title: "Item \(i)", cost: Money(minorUnits: price * 55 / 100, currency: "USD"),
                                 price: Money(minorUnits: price, currency: "USD"), maxPrice: Money(minorUnits: price * 14 / 10, currency: "USD"),
                                 shipping: Money(minorUnits: 499, currency: "USD"), feesFraction: Decimal(string: "0.15")!,
                                 tags: [["a", "b", "c", "d"][i % 4]])
        var offers: [CompetitorOffer] = []
        offers.reserveCapacity(perSKU)
        for j in 0..<perSKU {
            let k = (i + j) % 5
            let usd = price * Int64(80 + (i * 31 + j * 17) % 45) / 100
            let local = k == 0 ? usd : (k == 3 ? usd * toLocal[k] / 10_000 : usd * toLocal[k] / 100)
            let availability: Availability = (i + j) % 9 == 0 ? .outOfStock : .inStock
            offers.append(CompetitorOffer(site: "shop-\(sites[k])-\(j)", url: "https://shop-\(sites[k]).example/p/\(i)/\(j)", title: nil,
                                          price: Money(minorUnits: (i + j) % 23 == 0 ? local / 4 : local, currency: currencies[k]),
                                          shipping: j % 3 == 0 ? Money(minorUnits: k == 3 ? 500 : 399, currency: currencies[k]) : nil,
                                          availability: availability, observedAt: asOf.addingTimeInterval(-Double(((i + j) % 60) * 3600))))
        }
        inputs.append((item, offers))
    }
    let engine = Repricer(rules: rules, fx: fx, now: asOf)
    let cpu0 = cpuSeconds(), t0 = now()
    let suggestions = engine.suggestAll(inputs)
    let dt = now() - t0, cpu = cpuSeconds() - cpu0
    let changed = suggestions.reduce(0) { $0 + ($1.changed ? 1 : 0) }
    let considered = suggestions.reduce(0) { $0 + $1.considered.count }
    emit(["skus": skus, "offers": skus * perSKU, "seconds": dt, "cpu_seconds": cpu, "skus_per_second": Double(skus) / dt,
          "changed": changed, "considered": considered, "peak_rss_mb": peakRSSMB()])

default:
    FileHandle.standardError.write(Data("unknown suite \(suite)\n".utf8))
    exit(2)
}
