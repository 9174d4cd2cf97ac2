import Foundation

/// What one competitor asked for a product, as last observed: the one offer type that the report's
/// "Competitors undercutting you" and the repricer both judge with `OfferCounting`.
public struct CompetitorOffer: Hashable, Sendable {
    public var site: String
    public var url: String?
    /// The competitor's own listing title (hostile text: escape before printing it anywhere).
    public var title: String?
    /// nil when the page showed no price.
    public var price: Money? { didSet { priceMinor = price.map(Minor.of) } }
    /// Shipping the buyer pays on top; nil counts as free.
    public var shipping: Money? { didSet { shippingMinor = shipping.map(Minor.of) } }
    /// The same amounts in minor units, read once here rather than on every judgement.
    public private(set) var priceMinor: Int64?
    public private(set) var shippingMinor: Int64?
    public var availability: Availability?
    public var observedAt: Date
    /// 0...5, when the shop shows one.
    public var sellerRating: Decimal?
    /// The listing's recent reviews turned sharply negative (`NegativeReviewSpike`).
    public var negativeReviewSpike: Bool

    public init(site: String, url: String? = nil, title: String? = nil, price: Money?, shipping: Money? = nil, availability: Availability? = .inStock,
                observedAt: Date, sellerRating: Decimal? = nil, negativeReviewSpike: Bool = false) {
        self.site = site
        self.url = url
        self.title = title
        self.price = price
        self.shipping = shipping
        self.priceMinor = price.map(Minor.of)
        self.shippingMinor = shipping.map(Minor.of)
        self.availability = availability
        self.observedAt = observedAt
        self.sellerRating = sellerRating
        self.negativeReviewSpike = negativeReviewSpike
    }
}

/// Why a competitor offer does not count.
public enum OfferExclusion: Hashable, Sendable, CustomStringConvertible {
    case noPrice
    case stale
    /// The page said out of stock, discontinued, pre-order or back-order: not buyable today.
    case notInStock
    case stockUnknown
    case lowRating
    case reviewSpike
    /// No FX rate for the observation's day (or the days before, within FXRates.maxAgeDays).
    case noFXRate(from: String, to: String, day: String)
    /// Set aside by the repricer's outlier step (among 3 or more offers that count).
    case outlier

    public var description: String {
        switch self {
        case .noPrice: return "no price"
        case .stale: return "stale"
        case .notInStock: return "out of stock"
        case .stockUnknown: return "stock unknown"
        case .lowRating: return "seller rating low or unknown"
        case .reviewSpike: return "negative-review spike"
        case let .noFXRate(from, to, day): return "no FX rate \(from)->\(to) on \(day)"
        case .outlier: return "outlier"
        }
    }
}

/// The knobs of "an offer that counts" (the `competitors:` block of the repricing rules).
public struct OfferCountingRule: Hashable, Sendable {
    /// Offers observed longer ago than this (seconds) are stale.
    public var maxAge: TimeInterval = 48 * 3600
    /// When set, offers whose seller rating is below it, or unknown, do not count.
    public var minSellerRating: Decimal?
    /// Listings with a recent spike of negative reviews do not count.
    public var excludeReviewSpike = true

    public init(maxAge: TimeInterval = 48 * 3600, minSellerRating: Decimal? = nil, excludeReviewSpike: Bool = true) {
        self.maxAge = maxAge
        self.minSellerRating = minSellerRating
        self.excludeReviewSpike = excludeReviewSpike
    }

    /// A duration as the rules write it: 172800 -> "2d", 7200 -> "2h", 90 -> "90s".
    public static func durationText(_ t: TimeInterval) -> String {
        if t >= 86_400, t.truncatingRemainder(dividingBy: 86_400) == 0 { return "\(Int(t / 86_400))d" }
        if t >= 3600, t.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(t / 3600))h" }
        if t >= 60, t.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(t / 60))m" }
        return "\(Int(t))s"
    }
}

/// A competitor offer that counts, with its landed price in the product's currency.
public struct ConsideredOffer: Hashable, Sendable {
    public var offer: CompetitorOffer
    /// Price + shipping in the offer's currency.
    public var landedOriginal: Money
    /// Price + shipping in the product's currency, in minor units.
    public var landedMinor: Int64
    /// The FX rate applied and its day; nil when no conversion was needed.
    public var fxRate: Decimal?
    public var fxDay: String?

    /// `landedMinor` as Money in `currency` (the product's).
    public func landed(in currency: String) -> Money { Minor.money(landedMinor, currency) }
}

/// The one rule for "a competitor offer that counts", used by the report and the repricer alike:
/// it has a price, was observed within `maxAge` of `now`, is in stock (in stock or limited; a
/// pre-order or back-order is not buyable today), passes the seller-rating and review-spike
/// filters, and its landed price (price + shipping, converted once with the rate of the
/// observation's day, rounded half-even to a minor unit) is known in the product's currency.
///
///     var counting = OfferCounting(fx: rates)
///     switch counting.judge(offer, currency: "USD", rule: OfferCountingRule(), now: now) {
///     case .counts(let c): print(c.landedMinor)      // 6820
///     case .excluded(let why): print(why)            // stale
///     }
///
/// Pure: same offer, rates, rule and `now` give the same verdict. FX lookups are cached per
/// (from, to, day), so one value judges many offers cheaply.
public struct OfferCounting: Sendable {
    public enum Verdict: Hashable, Sendable {
        case counts(ConsideredOffer)
        case excluded(OfferExclusion)
    }

    public let fx: FXRates
    struct FXKey: Hashable, Sendable { var from: String; var to: String; var day: Int }
    struct FXFactor: Sendable { var rate: Decimal; var day: String; var ratio: Minor.Ratio?; var minorFactor: Decimal }
    private var rates: [FXKey: FXFactor?] = [:]

    public init(fx: FXRates) { self.fx = fx }

    /// Whether the offer's stock, age, rating and spike flag let it count (nil) or why not; no FX.
    public static func exclusion(_ o: CompetitorOffer, rule: OfferCountingRule, now: Date) -> OfferExclusion? {
        guard o.price != nil else { return .noPrice }
        if now.timeIntervalSince(o.observedAt) > rule.maxAge { return .stale }
        switch o.availability {
        case .inStock?, .limitedAvailability?: break
        case nil: return .stockUnknown
        default: return .notInStock
        }
        if let min = rule.minSellerRating, (o.sellerRating ?? -1) < min { return .lowRating }
        if rule.excludeReviewSpike && o.negativeReviewSpike { return .reviewSpike }
        return nil
    }

    /// The verdict on one offer for a product priced in `currency`.
    public mutating func judge(_ o: CompetitorOffer, currency: String, rule: OfferCountingRule, now: Date) -> Verdict {
        if let why = OfferCounting.exclusion(o, rule: rule, now: now) { return .excluded(why) }
        guard let price = o.price, let priceMinor = o.priceMinor else { return .excluded(.noPrice) }
        // Price and shipping in one currency are added first and converted once.
        var landedOriginal = price
        var parts: [(minor: Int64, currency: String)] = [(priceMinor, price.currency)]
        if let s = o.shipping, let sm = o.shippingMinor, sm != 0 {
            if s.currency == price.currency {
                parts[0].minor += sm
                landedOriginal = Minor.money(parts[0].minor, price.currency)
            } else {
                parts.append((sm, s.currency))
            }
        }
        var landedMinor: Int64 = 0, rate: Decimal?, rateDay: String?
        for part in parts {
            if part.currency == currency { landedMinor += part.minor; continue }
            let day = UTCDay.number(o.observedAt)
            guard let r = factor(from: part.currency, to: currency, day: day) else {
                return .excluded(.noFXRate(from: part.currency, to: currency, day: UTCDay.text(day: day)))
            }
            landedMinor += r.ratio?.apply(part.minor) ?? Minor.times(part.minor, r.minorFactor, .bankers)
            rate = r.rate
            rateDay = r.day
        }
        return .counts(ConsideredOffer(offer: o, landedOriginal: landedOriginal, landedMinor: landedMinor, fxRate: rate, fxDay: rateDay))
    }

    /// The conversion factor from minor units of `from` to minor units of `to` on a UTC day number.
    mutating func factor(from: String, to: String, day: Int) -> FXFactor? {
        let key = FXKey(from: from, to: to, day: day)
        if let hit = rates[key] { return hit }
        let found = fx.ratio(from: from, to: to, on: UTCDay.text(day: day)).map { r -> FXFactor in
            let num = r.numerator * Decimal(Minor.scale(to)), den = r.denominator * Decimal(Minor.scale(from))
            return FXFactor(rate: r.numerator / r.denominator, day: r.days.last ?? UTCDay.text(day: day), ratio: Minor.Ratio(num, den), minorFactor: num / den)
        }
        rates[key] = .some(found)
        return found
    }
}
