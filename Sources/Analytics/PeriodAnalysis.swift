import Foundation
import Model

/// What happened in a period across all watched listings, in one base currency.
///
///     let a = PeriodAnalysis(listings: histories, merchant: offers, fx: rates, baseCurrency: "USD",
///                            since: start, until: end)
///     a.priceMoves.first   // the biggest move, drops and raises alike
public struct PeriodAnalysis: Sendable {
    public struct PriceMove: Sendable, Equatable {
        public var listing: ListingRef
        public var from: Money
        public var to: Money
        /// Signed percent, rounded to 0.1.
        public var percent: Decimal
    }

    public struct Extreme: Sendable, Equatable {
        public enum Kind: String, Sendable { case newLow = "new low", newHigh = "new high" }
        public var listing: ListingRef
        public var kind: Kind
        public var price: Money
        /// The previous low (or high) before the period.
        public var previous: Money
    }

    /// A competitor offer that counts (`OfferCounting`, the repricer's rule) with a landed price
    /// under the merchant's price.
    public struct Undercut: Sendable, Equatable {
        public var listing: ListingRef
        public var merchant: MerchantOffer
        /// The competitor's latest landed price (price + shipping), in the merchant's currency.
        public var competitorPrice: Money
        /// The offer as judged, with its landed price in its own currency and the FX rate used.
        public var offer: ConsideredOffer
        public var gap: Money
        /// Gap against the merchant's price, in percent.
        public var gapPercent: Decimal
        public var belowMerchantCost: Bool
    }

    /// A listing matched to a merchant product whose latest offer does not count, and why.
    public struct Exclusion: Sendable, Equatable {
        public var listing: ListingRef
        public var merchant: MerchantOffer
        public var reason: OfferExclusion
    }

    public struct StockEvent: Sendable, Equatable {
        public enum Kind: String, Sendable { case stockout, restock }
        public var listing: ListingRef
        public var kind: Kind
        public var at: Date
    }

    public struct SalesLeader: Sendable, Equatable {
        public var listing: ListingRef
        public var unitsPerDay: Double
        /// True when some readings were lower bounds ("1万+"): the true rate may be higher.
        public var lowerBound: Bool
    }

    public struct OutlierNote: Sendable, Equatable {
        public var listing: ListingRef
        public var at: Date
        public var price: Money
    }

    /// The latest state of a listing with its 7- and 30-day statistics (in the listing's currency).
    public struct ListingSummary: Sendable {
        public var listing: ListingRef
        public var latest: ListingHistory.Observation
        public var last7: PriceSeries.WindowStats?
        public var last30: PriceSeries.WindowStats?
        /// Price in the base currency against the median of all listings of the same product.
        public var priceIndex: Decimal?
        public var latestInBase: Money?
    }

    /// Enough to name a listing in a report line.
    public struct ListingRef: Sendable, Equatable, Hashable {
        public var listingID: Int64
        public var site: String
        public var title: String
        public var url: String
        public var productKey: String
        public var productName: String
    }

    public let since: Date
    public let until: Date
    public let baseCurrency: String
    public private(set) var priceMoves: [PriceMove] = []
    public private(set) var extremes: [Extreme] = []
    public private(set) var undercuts: [Undercut] = []
    /// Matched listings whose latest offer does not count (for undercuts or repricing), by listing id.
    public private(set) var excludedOffers: [Exclusion] = []
    /// Which competitor offers count; "now" for their age is `until`.
    public let counting: OfferCountingRule
    public private(set) var stockEvents: [StockEvent] = []
    public private(set) var salesLeaders: [SalesLeader] = []
    public private(set) var outliers: [OutlierNote] = []
    public private(set) var summaries: [ListingSummary] = []
    /// A rate a conversion to the base currency used, as the report lists it.
    public struct RateUsed: Hashable, Sendable {
        public var from: String
        public var rate: Decimal
        /// The day(s) the rates it comes from were published.
        public var days: [String]
        /// Which stored rates make it (`FXRates.Conversion.source`).
        public var source: String

        public init(from: String, rate: Decimal, days: [String], source: String) {
            self.from = from
            self.rate = rate
            self.days = days
            self.source = source
        }
    }

    /// Every rate used for conversions to the base currency.
    public private(set) var ratesUsed: Set<RateUsed> = []
    /// Observations that could not be converted (no rate): counted, not guessed.
    public private(set) var unconverted = 0

    public init(listings: [ListingHistory], merchant: [String: MerchantOffer], fx: FXRates, baseCurrency: String, since: Date, until: Date,
                counting: OfferCountingRule = OfferCountingRule()) {
        self.since = since
        self.until = until
        self.baseCurrency = baseCurrency.uppercased()
        self.counting = counting
        var baseLatest: [Int64: Money] = [:]
        var judge = OfferCounting(fx: fx)
        for listing in listings.sorted(by: { $0.listingID < $1.listingID }) {
            analyze(listing, merchant: merchant, fx: fx, judge: &judge, baseLatest: &baseLatest)
        }
        // Price index: each listing against the median of its product's listings, in the base currency.
        var byProduct: [String: [Decimal]] = [:]
        for s in summaries { if let m = baseLatest[s.listing.listingID] { byProduct[s.listing.productKey, default: []].append(m.amount) } }
        for i in summaries.indices {
            guard let m = baseLatest[summaries[i].listing.listingID] else { continue }
            summaries[i].latestInBase = m
            guard let market = byProduct[summaries[i].listing.productKey], market.count > 1 else { continue }
            summaries[i].priceIndex = PriceSeries.priceIndex(m.amount, marketPrices: market)
        }
        priceMoves.sort { (abs($0.percent), $1.listing.listingID) > (abs($1.percent), $0.listing.listingID) }
        undercuts.sort { ($0.gapPercent, $1.listing.listingID) > ($1.gapPercent, $0.listing.listingID) }
        salesLeaders.sort { ($0.unitsPerDay, $1.listing.listingID) > ($1.unitsPerDay, $0.listing.listingID) }
        stockEvents.sort { ($0.at, $0.listing.listingID) < ($1.at, $1.listing.listingID) }
    }

    /// yyyy-MM-dd in UTC: the day an observation belongs to.
    public static func day(_ d: Date) -> String { UTCDay.string(from: d) }

    mutating func toBase(_ money: Money, at: Date, fx: FXRates) -> Money? {
        guard let c = fx.convert(money, to: baseCurrency, on: PeriodAnalysis.day(at)) else { unconverted += 1; return nil }
        if money.currency != baseCurrency { ratesUsed.insert(RateUsed(from: money.currency, rate: c.rate, days: c.rateDays, source: c.source)) }
        return c.money
    }

    mutating func analyze(_ listing: ListingHistory, merchant: [String: MerchantOffer], fx: FXRates, judge: inout OfferCounting, baseLatest: inout [Int64: Money]) {
        let ref = ListingRef(listingID: listing.listingID, site: listing.site, title: listing.title, url: listing.url,
                             productKey: listing.productKey, productName: listing.productName)
        let priced = listing.observations.filter { $0.price != nil && $0.at <= until }
        guard let latest = listing.observations.last(where: { $0.at <= until }) else { return }
        // Prices in one currency per listing: the latest's; others (a market switch) are left out of stats.
        let currency = priced.last?.price?.currency
        let sameCurrency = priced.filter { $0.price?.currency == currency }
        let series = PriceSeries(points: sameCurrency.map { PriceSeries.Point(at: $0.at, price: $0.price!.amount) })
        let outlierIdx = series.outliers()
        for i in outlierIdx.sorted() where series.points[i].at > since {
            outliers.append(OutlierNote(listing: ref, at: series.points[i].at, price: Money(amount: series.points[i].price, currency: currency!)))
        }
        let clean = series.points.indices.filter { !outlierIdx.contains($0) }.map { series.points[$0] }
        let summary = ListingSummary(listing: ref, latest: latest,
                                     last7: series.window(days: 7, endingAt: until, excluding: outlierIdx),
                                     last30: series.window(days: 30, endingAt: until, excluding: outlierIdx))
        if let currency, let last = clean.last {
            let inPeriod = clean.filter { $0.at > since }
            let before = clean.filter { $0.at <= since }
            // Move: from the last price before the period (else its first) to the latest.
            if let start = before.last ?? inPeriod.first, start.at < last.at, start.price != last.price, start.price > 0 {
                let pct = PriceSeries.round((last.price - start.price) / start.price * 100, 1)
                priceMoves.append(PriceMove(listing: ref, from: Money(amount: start.price, currency: currency), to: Money(amount: last.price, currency: currency), percent: pct))
            }
            if !before.isEmpty, let periodMin = inPeriod.map(\.price).min(), let periodMax = inPeriod.map(\.price).max() {
                let prevMin = before.map(\.price).min()!, prevMax = before.map(\.price).max()!
                if periodMin < prevMin { extremes.append(Extreme(listing: ref, kind: .newLow, price: Money(amount: periodMin, currency: currency), previous: Money(amount: prevMin, currency: currency))) }
                if periodMax > prevMax { extremes.append(Extreme(listing: ref, kind: .newHigh, price: Money(amount: periodMax, currency: currency), previous: Money(amount: prevMax, currency: currency))) }
            }
            // In the base currency: the latest observation's own price (the `price` column's), never an
            // older one when the latest has none (a layout change, a stockout without a price).
            if let p = latest.price, let inBase = toBase(p, at: latest.at, fx: fx) { baseLatest[listing.listingID] = inBase }
        }
        // Undercut: the latest offer, judged by the rule the repricer uses, landed under the merchant's price.
        if let offer = merchant[listing.productKey] {
            let competitor = CompetitorOffer(site: listing.site, url: listing.url, title: listing.title, price: latest.price, shipping: latest.shipping,
                                             availability: latest.availability, observedAt: latest.at, sellerRating: latest.rating,
                                             negativeReviewSpike: listing.negativeReviewSpike)
            switch judge.judge(competitor, currency: offer.price.currency, rule: counting, now: until) {
            case .excluded(let why):
                excludedOffers.append(Exclusion(listing: ref, merchant: offer, reason: why))
            case .counts(let c):
                let theirs = c.landed(in: offer.price.currency)
                if theirs.amount < offer.price.amount {
                    let gap = Money(amount: offer.price.amount - theirs.amount, currency: offer.price.currency)
                    undercuts.append(Undercut(listing: ref, merchant: offer, competitorPrice: theirs, offer: c, gap: gap,
                                              gapPercent: PriceSeries.round(gap.amount / offer.price.amount * 100, 1),
                                              belowMerchantCost: offer.cost.map { theirs.amount < $0.amount && $0.currency == theirs.currency } ?? false))
                }
            }
        }
        // Stock transitions inside the period.
        var previous: Availability?
        for o in listing.observations where o.at <= until {
            guard let a = o.availability else { continue }
            if let p = previous, o.at > since {
                if p.isBuyable && !a.isBuyable { stockEvents.append(StockEvent(listing: ref, kind: .stockout, at: o.at)) }
                if !p.isBuyable && a.isBuyable { stockEvents.append(StockEvent(listing: ref, kind: .restock, at: o.at)) }
            }
            previous = a
        }
        // Sales velocity over the period.
        let readings = listing.observations.compactMap { o in o.sales.map { SalesReading(day: o.at, sales: $0) } }.filter { $0.day <= until }
        let estimates = SalesEstimator.estimate(readings).filter { $0.day > since && $0.unitsPerDay != nil }
        if !estimates.isEmpty {
            let mean = estimates.map { $0.unitsPerDay! }.reduce(0, +) / Double(estimates.count)
            salesLeaders.append(SalesLeader(listing: ref, unitsPerDay: mean, lowerBound: estimates.contains { $0.flags.contains(.lowerBound) }))
        }
        summaries.append(summary)
    }
}
