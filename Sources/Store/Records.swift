import Foundation
import Model

/// A competitor's product page.
public struct ListingRecord: Sendable, Equatable {
    public var id: Int64?
    public var site: String
    public var url: String
    public var externalID: String?
    public var title: String?
    public var brand: String?
    public var seller: String?
    public var gtin: String?
    /// The merchant's own SKU this listing is matched to.
    public var sku: String?

    public init(id: Int64? = nil, site: String, url: String, externalID: String? = nil, title: String? = nil, brand: String? = nil,
                seller: String? = nil, gtin: String? = nil, sku: String? = nil) {
        self.id = id
        self.site = site
        self.url = url
        self.externalID = externalID
        self.title = title
        self.brand = brand
        self.seller = seller
        self.gtin = gtin
        self.sku = sku
    }
}

/// What was read off a listing at one moment. Absent values are nil, with the reason in `missing`.
public struct ObservationRecord: Sendable, Equatable {
    public var listingID: Int64
    public var runID: Int64?
    public var observedAt: Date
    public var price: Money?
    public var listPrice: Money?
    public var shipping: Money?
    public var taxIncluded: Bool?
    public var availability: Availability?
    public var sales: SalesCount?
    /// 0...5.
    public var rating: Decimal?
    public var reviewCount: Int64?
    /// Field name -> where it came from ("price" -> "css", "availability" -> "json-ld").
    public var sources: [String: String]
    /// Field name -> why it is absent ("price" -> "no match for css span.price").
    public var missing: [String: String]

    public init(listingID: Int64, runID: Int64?, observedAt: Date, price: Money? = nil, listPrice: Money? = nil, shipping: Money? = nil,
                taxIncluded: Bool? = nil, availability: Availability? = nil, sales: SalesCount? = nil, rating: Decimal? = nil,
                reviewCount: Int64? = nil, sources: [String: String] = [:], missing: [String: String] = [:]) {
        self.listingID = listingID
        self.runID = runID
        self.observedAt = observedAt
        self.price = price
        self.listPrice = listPrice
        self.shipping = shipping
        self.taxIncluded = taxIncluded
        self.availability = availability
        self.sales = sales
        self.rating = rating
        self.reviewCount = reviewCount
        self.sources = sources
        self.missing = missing
    }
}

/// A review as the site shows it; stored once (by the site's review id, else by a content hash).
public struct ReviewRecord: Sendable, Equatable {
    public var listingID: Int64
    public var siteReviewID: String?
    public var rating: Decimal?
    public var postedAt: Date?
    public var language: String?
    public var title: String?
    public var body: String
    public var helpfulVotes: Int64?
    public var verified: Bool?
    /// The author's name, hashed before storage: never stored in clear.
    public var author: String?
    public var sentimentScore: Double?
    public var sentimentLabel: String?
    public var aspects: String?

    public init(listingID: Int64, siteReviewID: String?, rating: Decimal?, postedAt: Date?, language: String?, title: String?, body: String,
                helpfulVotes: Int64? = nil, verified: Bool? = nil, author: String? = nil,
                sentimentScore: Double? = nil, sentimentLabel: String? = nil, aspects: String? = nil) {
        self.listingID = listingID
        self.siteReviewID = siteReviewID
        self.rating = rating
        self.postedAt = postedAt
        self.language = language
        self.title = title
        self.body = body
        self.helpfulVotes = helpfulVotes
        self.verified = verified
        self.author = author
        self.sentimentScore = sentimentScore
        self.sentimentLabel = sentimentLabel
        self.aspects = aspects
    }

    /// The key that makes a review unique on its listing.
    var dedupKey: String {
        if let id = siteReviewID, !id.isEmpty { return "id:" + id }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in [author ?? "", title ?? "", body, rating.map { "\($0)" } ?? ""] {
            for b in part.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            h = (h ^ 0x1f) &* 0x100_0000_01b3
        }
        return "hash:" + String(h, radix: 16)
    }
}

/// One request of a run, for the fetch log.
public struct FetchLogRecord: Sendable, Equatable {
    public var url: String
    public var status: Int
    public var bytes: Int
    public var milliseconds: Int
    public var tries: Int
    /// "ok", "timeout", "http-503", "blocked"...
    public var outcome: String
    public var fetchedAt: Date

    public init(url: String, status: Int, bytes: Int, milliseconds: Int, tries: Int, outcome: String, fetchedAt: Date) {
        self.url = url
        self.status = status
        self.bytes = bytes
        self.milliseconds = milliseconds
        self.tries = tries
        self.outcome = outcome
        self.fetchedAt = fetchedAt
    }
}

/// A URL a run still has to visit (or has visited): what lets an interrupted run resume.
public struct FrontierItem: Sendable, Equatable, Hashable {
    public var url: String
    public var site: String
    public var kind: String
    public var depth: Int
    /// The page it was found on when that matters (a review page's product page).
    public var parent: String?

    public init(url: String, site: String, kind: String, depth: Int, parent: String? = nil) {
        self.url = url
        self.site = site
        self.kind = kind
        self.depth = depth
        self.parent = parent
    }
}

public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case running, ok, alarms, failed, interrupted
    /// Found `running` with nobody holding its job: the process died (crash, kill -9, reboot).
    case incomplete
}

public struct RunRecord: Sendable, Equatable {
    public var id: Int64
    public var job: String
    public var startedAt: Date
    public var finishedAt: Date?
    public var status: RunStatus
    public var statsJSON: String?
    public var alarmsJSON: String?

    public init(id: Int64, job: String, startedAt: Date, finishedAt: Date?, status: RunStatus, statsJSON: String?, alarmsJSON: String?) {
        self.id = id
        self.job = job
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.statsJSON = statsJSON
        self.alarmsJSON = alarmsJSON
    }
}

/// A listing seen in a crawl with what it showed: the listing is upserted and its id filled into
/// the observation and reviews in the same transaction.
public struct ListingUpdate: Sendable {
    public var listing: ListingRecord
    public var observation: ObservationRecord?
    public var reviews: [ReviewRecord]

    public init(listing: ListingRecord, observation: ObservationRecord?, reviews: [ReviewRecord] = []) {
        self.listing = listing
        self.observation = observation
        self.reviews = reviews
    }
}

/// Everything a crawl writes for a slice of its work, committed together.
public struct CrawlBatch: Sendable {
    public var listings: [ListingUpdate] = []
    public var observations: [ObservationRecord] = []
    public var reviews: [ReviewRecord] = []
    public var fetches: [FetchLogRecord] = []
    public var discovered: [FrontierItem] = []
    /// Frontier URLs finished in this batch, with their final state ("done" or "failed").
    public var finished: [(url: String, state: String)] = []

    public init() {}
    public var isEmpty: Bool { listings.isEmpty && observations.isEmpty && reviews.isEmpty && fetches.isEmpty && discovered.isEmpty && finished.isEmpty }
}

/// A listing whose review pages were all fetched when it showed `reviewCount` reviews.
public struct ReviewSync: Sendable, Equatable {
    public var site: String
    public var url: String
    public var reviewCount: Int64
    public init(site: String, url: String, reviewCount: Int64) {
        self.site = site
        self.url = url
        self.reviewCount = reviewCount
    }
}
