import Config
import Extract
import FieldParsers
import Fetch
import Foundation
import Logging
import Model
import Sentiment
import Store

/// What one fetched page yields: the listing update (observation or reviews), new links, the
/// frontier state of the page and its numbers. Shared by the single-process crawl (`RunState`)
/// and the PostgreSQL workers (`CrawlWorker`), so both store exactly the same values.
public struct PageOutcome: Sendable {
    public var update: ListingUpdate?
    public var discovered: [FrontierItem] = []
    public var reviews: [ReviewRecord] = []
    /// done, failed, or pending (cancelled: to be fetched again)
    public var frontierState = "done"
    public var stats: SiteRunStats
    public var fetch: FetchLogRecord
}

/// Turns responses into page outcomes with the job's selector sets; thread-safe (extractors are
/// pooled per site, one per concurrent page).
public final class PageProcessor: @unchecked Sendable {
    let job: Job
    let sites: [String: SelectorSet]
    let runID: Int64
    let logger: Logger
    private let reviewAnalyzer: SentimentAnalyzer
    /// Per site and URL, the review count at which the listing's review pages were last all fetched
    /// (`PriceStoring.markReviewsSynced`): review pages are fetched again only when the count moved
    /// from it. A count merely observed (its review pages failed, or the run stopped before them) is
    /// not trusted, so those reviews are fetched by the next run.
    private let knownReviewCounts: [String: [String: Int64]]
    private let lock = NSLock()
    private var extractors: [String: [Extractor]] = [:]
    /// Pages parsed at once. A parsed page costs several times its bytes (libxml2's tree), and more
    /// parses than cores finish no sooner: the other pages wait, holding only their bodies.
    private let parsing: DispatchSemaphore

    public init(job: Job, sites: [String: SelectorSet], runID: Int64, store: any PriceStoring, logger: Logger) {
        self.job = job
        self.sites = sites
        self.runID = runID
        self.logger = logger
        self.reviewAnalyzer = PageProcessor.reviewAnalyzer(jobFile: job.file, logger: logger)
        var counts: [String: [String: Int64]] = [:]
        for s in (try? store.reviewsSyncedCounts()) ?? [] { counts[s.site, default: [:]][s.url] = s.reviewCount }
        self.knownReviewCounts = counts
        parsing = DispatchSemaphore(value: PageProcessor.parsesAtOnce(concurrency: job.limits.concurrency))
    }

    static func parsesAtOnce(concurrency: Int) -> Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, concurrency)) }

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

    public func process(_ response: FetchResponse, item: FrontierItem, fetchedAt: Date) -> PageOutcome {
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
            parsing.wait()
            defer { parsing.signal() }
            let bytes = response.decodedUTF8()
            var context = set.parseContextTemplate
            context.fetchedAt = fetchedAt
            if context.currencyHint == nil { context.currencyHint = job.market.currencyHint }
            let kind = set.pageKind(for: item.url) ?? item.kind
            var read: PageExtraction?
            var failure: String?
            do {
                let document = try HTMLDocument(bytes: bytes, url: item.url, encoding: "UTF-8", limits: extractor.limits)
                var page = extractor.extract(document: document, pageKind: kind, context: context)
                // Fields the selector set does not name (all of them for `selectors: auto`) come from the automatic extractor.
                let leftToAuto = set.fieldsLeftToAuto(kind: kind)
                if !leftToAuto.isEmpty, !page.records.isEmpty { AutoExtractor.fill(&page.records[0], names: leftToAuto, document: document, context: context) }
                failure = page.failure ?? document.extractionStopped
                read = page
            } catch {
                failure = (error as? HTMLDocument.ParseError)?.reason ?? "\(error)"
            }
            // A page over a cap yields nothing: a cut-short page would be stored as if whole.
            guard let page = read, failure == nil else {
                stats.parseFailures = 1
                stats.unparsablePages = 1
                stats.firstParseError = "\(item.url): \(failure ?? "not read")"
                logger.warning("page not read", metadata: ["url": "\(item.url)", "reason": "\(failure ?? "")"])
                break
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
                    update = PageProcessor.listingUpdate(record, site: item.site, url: item.url, runID: runID, at: fetchedAt, stats: &stats)
                    if !record.missingRequired.isEmpty {
                        stats.parseFailures = 1
                        for field in record.missingRequired { stats.missingRequired[field] = 1 }
                    }
                    // Unchanged review count: the review pages hold nothing new.
                    if let now = update?.observation?.reviewCount, knownReviewCounts[item.site]?[item.url] == now {
                        discovered.removeAll { $0.kind == "reviews" }
                    }
                } else {
                    stats.parseFailures = 1
                    stats.noRecord = 1
                }
            case "reviews":
                if let parent = item.parent {
                    reviews = page.records.compactMap { PageProcessor.review($0, language: set.language, analyzer: reviewAnalyzer) }
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
            stats.robotsDisallowed = 1
            frontierState = "done"
        case .cancelled:
            frontierState = "pending"
        default:
            stats.fetchErrors = 1
            stats.firstError = response.outcome.description
            frontierState = "failed"
            logger.warning("fetch failed", metadata: ["url": "\(item.url)", "outcome": "\(response.outcome)", "tries": "\(response.tries)"])
        }
        return PageOutcome(update: update, discovered: discovered, reviews: reviews, frontierState: frontierState, stats: stats, fetch: log)
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
            if let amount = p.amount, let bad = Money.implausiblePrice(amount) {
                note("price", false, reason: "\(bad) in \"\(p.raw.prefix(80))\"")
            } else if let amount = p.amount, let currency = p.currency, p.label == .price || p.label == .range {
                o.price = Money(amount: amount, currency: currency)
                o.taxIncluded = p.isTaxInclusive
                note("price", true)
                note("currency", true)
            } else {
                note("price", false, reason: p.currency == nil ? "no currency in \"\(p.raw)\" and no hint" : "\"\(p.raw)\" is a \(p.label.rawValue), not the price")
            }
        } else { note("price", false) }
        if case .price(let p)? = r["list_price"], let a = p.amount, let c = p.currency, Money.implausiblePrice(a) == nil { o.listPrice = Money(amount: a, currency: c) }
        // Free shipping is a real 0; only amounts that cannot be shipping are dropped.
        if case .price(let p)? = r["shipping"], let a = p.amount, let c = p.currency, a.isZero || Money.implausiblePrice(a) == nil { o.shipping = Money(amount: a, currency: c) }
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
