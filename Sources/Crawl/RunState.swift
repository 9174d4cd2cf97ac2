import Config
import Extract
import FieldParsers
import Fetch
import Foundation
import Logging
import Model
import Sentiment
import Store

extension ConfigError: ConfigErrorProtocol {}

/// The moving parts of one run: frontier, in-flight count, per-site numbers and the write batch.
/// Responses are processed on a concurrent queue; all shared state sits behind one lock.
final class RunState: @unchecked Sendable {
    let job: Job
    let runID: Int64
    let sites: [String: SelectorSet]
    let store: PriceStore
    let options: CrawlRunner.RunOptions
    let logger: Logger

    private let lock = NSLock()
    private var known: Set<String>
    private let reviewAnalyzer: SentimentAnalyzer
    private var inFlight = 0
    /// Frontier items not yet handed to the fetcher, FIFO from `waitingHead`.
    private var waiting: [FrontierItem] = []
    private var waitingHead = 0
    private var submitted = 0
    private(set) var visited = 0
    private(set) var cancelled = 0
    private(set) var reviewsSeen = 0
    private var errors = 0
    private var batch = CrawlBatch()
    private var batchRecords = 0
    private var lastFlush = Date()
    private(set) var siteStats: [String: SiteRunStats] = [:]
    private var extractors: [String: [Extractor]] = [:]
    private var finished: CheckedContinuation<Void, Never>?
    private var writeError: Error?
    private let started = Date()
    private let work = DispatchQueue(label: "pricewatch.extract", attributes: .concurrent)
    /// Review counts of the latest observations: review pages are fetched again only when it moved.
    private let knownReviewCounts: [String: Int64]
    private let writeLock = NSLock()

    init(job: Job, runID: Int64, sites: [String: SelectorSet], store: PriceStore, options: CrawlRunner.RunOptions, logger: Logger, alreadyKnown: Set<String>) {
        self.job = job
        self.runID = runID
        self.sites = sites
        self.store = store
        self.options = options
        self.logger = logger
        self.reviewAnalyzer = RunState.reviewAnalyzer(jobFile: job.file, logger: logger)
        self.known = alreadyKnown
        var counts: [String: Int64] = [:]
        for (listing, o) in (try? store.latestObservations()) ?? [] { if let n = o.reviewCount { counts[listing.url] = n } }
        self.knownReviewCounts = counts
        for key in sites.keys { siteStats[key] = SiteRunStats(site: key) }
    }

    func crawl(_ pending: [FrontierItem], fetcher: Fetcher, isStopping: @escaping () -> Bool) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            lock.lock()
            finished = c
            lock.unlock()
            submit(pending, fetcher: fetcher, isStopping: isStopping)
            lock.lock()
            let done = inFlight == 0
            if done { finished = nil }
            lock.unlock()
            if done { c.resume() }
        }
    }

    /// Queues items and hands the fetcher only a window of them at a time (a few per transfer
    /// slot), so a run over 100,000 URLs holds 100,000 small frontier items, not 100,000 requests.
    private func submit(_ items: [FrontierItem], fetcher: Fetcher, isStopping: @escaping () -> Bool) {
        lock.lock()
        waiting.append(contentsOf: items)
        lock.unlock()
        pump(fetcher: fetcher, isStopping: isStopping)
    }

    private func pump(fetcher: Fetcher, isStopping: @escaping () -> Bool) {
        let window = max(32, job.limits.concurrency * 4)
        var batch: [FrontierItem] = []
        lock.lock()
        while inFlight < window && waitingHead < waiting.count {
            let item = waiting[waitingHead]
            waitingHead += 1
            if submitted >= job.limits.maxPages || isStopping() { continue }
            submitted += 1
            inFlight += 1
            batch.append(item)
        }
        if waitingHead > 1024 && waitingHead * 2 > waiting.count {
            waiting.removeFirst(waitingHead)
            waitingHead = 0
        }
        lock.unlock()
        for item in batch {
            fetcher.submit(FetchRequest(url: item.url, tag: item.kind)) { [self] response in
                work.async { [self] in
                    process(response, item: item, fetcher: fetcher, isStopping: isStopping)
                    lock.lock()
                    inFlight -= 1
                    lock.unlock()
                    pump(fetcher: fetcher, isStopping: isStopping)
                    lock.lock()
                    let done = inFlight == 0
                    let c = done ? finished : nil
                    if done { finished = nil }
                    lock.unlock()
                    c?.resume()
                }
            }
        }
    }

    private func extractor(for site: String) -> Extractor? {
        lock.lock()
        if let e = extractors[site]?.popLast() { lock.unlock(); return e }
        lock.unlock()
        return sites[site].flatMap { try? Extractor(selectorSet: $0) }
    }

    private func giveBack(_ e: Extractor, site: String) {
        lock.lock()
        extractors[site, default: []].append(e)
        lock.unlock()
    }

    private func process(_ response: FetchResponse, item: FrontierItem, fetcher: Fetcher, isStopping: @escaping () -> Bool) {
        let fetchedAt = options.now()
        let log = FetchLogRecord(url: item.url, status: response.status, bytes: response.bytesDownloaded,
                                 milliseconds: Int(response.timings.total * 1000), tries: response.tries, outcome: response.outcome.kind, fetchedAt: fetchedAt)
        var update: ListingUpdate?
        var discovered: [FrontierItem] = []
        var reviews: [ReviewRecord] = []
        var frontierState = "done"
        var stats = SiteRunStats(site: item.site)

        switch response.outcome {
        case .ok:
            stats.pagesFetched = 1
            guard let set = sites[item.site], let extractor = extractor(for: item.site) else { break }
            defer { giveBack(extractor, site: item.site) }
            let text = response.decodedText().text
            var context = set.parseContextTemplate
            context.fetchedAt = fetchedAt
            if context.currencyHint == nil { context.currencyHint = job.market.currencyHint }
            let kind = set.pageKind(for: item.url) ?? item.kind
            var page: PageExtraction
            if let document = try? HTMLDocument(html: text, url: item.url) {
                page = extractor.extract(document: document, pageKind: kind, context: context)
                // Fields the selector set does not name (all of them for `selectors: auto`) come from the automatic extractor.
                let leftToAuto = set.fieldsLeftToAuto(kind: kind)
                if !leftToAuto.isEmpty, !page.records.isEmpty { AutoExtractor.fill(&page.records[0], names: leftToAuto, document: document, context: context) }
            } else {
                page = extractor.extract(html: text, url: item.url, pageKind: kind, context: context)
            }
            for (name, urls) in page.links {
                for raw in urls {
                    guard let url = CanonicalURL.string(raw), set.applies(to: url) else { continue }
                    let linkKind = set.pageKind(for: url) ?? (name == "next" ? kind : name)
                    let depth = name == "next" ? item.depth : item.depth + 1
                    guard depth <= (job.sites.first { $0.selectorsPath == set.file }?.depth ?? 2) else { continue }
                    discovered.append(FrontierItem(url: url, site: item.site, kind: linkKind, depth: depth,
                                                   parent: linkKind == "reviews" ? (kind == "reviews" ? item.parent : item.url) : nil))
                }
            }
            switch kind {
            case "product":
                stats.productPages = 1
                if let record = page.records.first {
                    update = RunState.listingUpdate(record, site: item.site, url: item.url, runID: runID, at: fetchedAt, stats: &stats)
                    if !record.missingRequired.isEmpty { stats.parseFailures = 1 }
                    // Unchanged review count: the review pages hold nothing new.
                    if let now = update?.observation?.reviewCount, knownReviewCounts[item.url] == now {
                        discovered.removeAll { $0.kind == "reviews" }
                    }
                } else {
                    stats.parseFailures = 1
                }
            case "reviews":
                if let parent = item.parent {
                    reviews = page.records.compactMap { RunState.review($0, language: set.language, analyzer: reviewAnalyzer) }
                    update = ListingUpdate(listing: ListingRecord(site: item.site, url: parent), observation: nil, reviews: reviews)
                }
            default:
                break
            }
            if !page.problems.isEmpty && kind == "product" {
                logger.debug("extraction problems", metadata: ["url": "\(item.url)", "problems": "\(page.problems.joined(separator: "; "))"])
            }
        case .notModified:
            stats.pagesFetched = 1
        case .blocked(let reason):
            stats.blocked = 1
            frontierState = "failed"
            logger.warning("blocked", metadata: ["url": "\(item.url)", "reason": "\(reason)"])
        case .robotsDisallowed:
            frontierState = "done"
        case .cancelled:
            frontierState = "pending"
        default:
            stats.fetchErrors = 1
            frontierState = "failed"
            logger.warning("fetch failed", metadata: ["url": "\(item.url)", "outcome": "\(response.outcome)", "tries": "\(response.tries)"])
        }

        // New URLs, once per run.
        var fresh: [FrontierItem] = []
        lock.lock()
        for d in discovered where known.insert(d.url).inserted { fresh.append(d) }
        if response.outcome == .cancelled { cancelled += 1 } else { visited += 1 }
        if frontierState == "failed" { errors += 1 }
        reviewsSeen += reviews.count
        var s = siteStats[item.site] ?? SiteRunStats(site: item.site)
        s.pagesFetched += stats.pagesFetched
        s.productPages += stats.productPages
        s.items += stats.items
        s.fetchErrors += stats.fetchErrors
        s.blocked += stats.blocked
        s.parseFailures += stats.parseFailures
        for (k, v) in stats.fieldCounts { s.fieldCounts[k, default: 0] += v }
        siteStats[item.site] = s
        if let update { batch.listings.append(update) }
        batch.fetches.append(log)
        batch.discovered += fresh
        if frontierState != "pending" { batch.finished.append((item.url, frontierState)) }
        batchRecords += 1
        let progress = RunProgress(done: visited, queued: inFlight - 1 + fresh.count, items: siteStats.values.reduce(0) { $0 + $1.items }, errors: errors,
                                   elapsed: Date().timeIntervalSince(started))
        lock.unlock()
        options.onProgress?(progress)
        do { try flush(force: false) } catch {
            logger.error("storage error", metadata: ["error": "\(error)"])
            lock.lock()
            writeError = error
            lock.unlock()
        }
        if !fresh.isEmpty && !isStopping() { submit(fresh, fetcher: fetcher, isStopping: isStopping) }
    }

    /// Writes the batch when it is big or old enough (or `force`). One writer at a time.
    func flush(force: Bool) throws {
        writeLock.lock()
        defer { writeLock.unlock() }
        lock.lock()
        if let e = writeError { lock.unlock(); throw e }
        guard force || batchRecords >= options.batchSize || Date().timeIntervalSince(lastFlush) > 1 else { lock.unlock(); return }
        let toWrite = batch
        batch = CrawlBatch()
        batchRecords = 0
        lastFlush = Date()
        lock.unlock()
        try store.write(toWrite, run: runID)
    }

    /// The observation a product page yields; fields without a value are missing with their reason.
    static func listingUpdate(_ r: ExtractedRecord, site: String, url: String, runID: Int64, at: Date, stats: inout SiteRunStats) -> ListingUpdate {
        func text(_ name: String) -> String? {
            if case .text(let t)? = r[name] { return t }
            return r.fields[name]?.raw
        }
        var o = ObservationRecord(listingID: 0, runID: runID, observedAt: at)
        var sources: [String: String] = [:], missing: [String: String] = [:]
        func note(_ field: String, _ present: Bool, reason: String? = nil) {
            if present {
                stats.fieldCounts[field, default: 0] += 1
                if let s = r.fields[field]?.source { sources[field] = s.rawValue }
            } else if r.fields[field] != nil {
                missing[field] = reason ?? r.fields[field]?.reason ?? "no value"
            }
        }
        if case .price(let p)? = r["price"] {
            if let amount = p.amount, let currency = p.currency, p.label == .price || p.label == .range {
                o.price = Money(amount: amount, currency: currency)
                o.taxIncluded = p.isTaxInclusive
                note("price", true)
                note("currency", true)
            } else {
                note("price", false, reason: p.currency == nil ? "no currency in \"\(p.raw)\" and no hint" : "\"\(p.raw)\" is a \(p.label.rawValue), not the price")
            }
        } else { note("price", false) }
        if case .price(let p)? = r["list_price"], let a = p.amount, let c = p.currency { o.listPrice = Money(amount: a, currency: c) }
        if case .price(let p)? = r["shipping"], let a = p.amount, let c = p.currency { o.shipping = Money(amount: a, currency: c) }
        if case .availability(let a)? = r["availability"] { o.availability = a; note("availability", true) } else { note("availability", false) }
        if case .sales(let s)? = r["sales"] { o.sales = s; note("sales", true) } else { note("sales", false) }
        if case .rating(let v)? = r["rating"] { o.rating = v; note("rating", true) } else { note("rating", false) }
        switch r["review_count"] {
        case .count(let n)?, .integer(let n)?: o.reviewCount = n; note("review_count", true)
        default: note("review_count", false)
        }
        let title = text("title")
        note("title", title != nil)
        o.sources = sources
        o.missing = missing
        stats.items += 1
        let listing = ListingRecord(site: site, url: url, externalID: text("external_id"), title: title, brand: text("brand"),
                                    seller: text("seller"), gtin: text("gtin"))
        return ListingUpdate(listing: listing, observation: o)
    }

    /// Reviews are scored as they are stored, with the aspect lexicon next to the job file
    /// (`Jobs/aspects.yml`) when there is one, else the built-in one; a broken file is logged and
    /// `pricewatch jobs check` names its line and key.
    static func reviewAnalyzer(jobFile: String, logger: Logger) -> SentimentAnalyzer {
        let path = URL(fileURLWithPath: jobFile).deletingLastPathComponent().appendingPathComponent("aspects.yml").path
        guard FileManager.default.fileExists(atPath: path) else { return SentimentAnalyzer() }
        do { return SentimentAnalyzer(aspects: try AspectLexicon.load(path: path)) } catch {
            logger.warning("aspect lexicon not loaded, using the built-in one", metadata: ["error": "\(error)"])
            return SentimentAnalyzer()
        }
    }

    static func review(_ r: ExtractedRecord, language: String?, analyzer reviewAnalyzer: SentimentAnalyzer) -> ReviewRecord? {
        func text(_ name: String) -> String? {
            if case .text(let t)? = r[name] { return t }
            return r.fields[name]?.raw
        }
        guard let body = text("body") else { return nil }
        var rating: Decimal?
        if case .rating(let v)? = r["rating"] { rating = v }
        var posted: Date?
        if case .date(let d)? = r["date"] { posted = d }
        var helpful: Int64?
        if case .integer(let n)? = r["helpful"] { helpful = n }
        let title = text("title")
        let stars = rating.map { NSDecimalNumber(decimal: $0).doubleValue }
        let sentiment = reviewAnalyzer.analyze(title: title, body: body, rating: stars, language: language)
        let aspects = (try? JSONEncoder().encode(sentiment.aspects)).map { String(decoding: $0, as: UTF8.self) }
        return ReviewRecord(listingID: 0, siteReviewID: text("review_id"), rating: rating, postedAt: posted, language: language ?? sentiment.language,
                            title: title, body: body, helpfulVotes: helpful, verified: text("verified") != nil, author: text("author"),
                            sentimentScore: sentiment.score, sentimentLabel: sentiment.label.rawValue, aspects: aspects)
    }
}
