import Foundation
import Model

/// How the repricer picks a target price from the competitors that count.
public enum StrategyKind: String, Hashable, Sendable, CaseIterable {
    /// The lowest competitor's landed price.
    case matchLowest = "match_lowest"
    /// Below the lowest competitor by an amount or a percent (`beat_by`).
    case beatLowest = "beat_lowest"
    /// Be the N-th cheapest (`position`): one minor unit below the N-th cheapest competitor.
    case position
    /// `index_target` x the median landed price of the competitors that count (0.98 = 2% under).
    case priceIndex = "price_index"
    /// Keep the current price (the guards still raise a price under the floor).
    case hold
}

/// What `beat_lowest` undercuts by: an amount in the SKU's currency, or a percent.
public enum BeatBy: Hashable, Sendable, CustomStringConvertible {
    case amount(Decimal)
    case percent(Decimal)

    public var description: String {
        switch self {
        case .amount(let a): return Minor.number(a, digits: 3)
        case .percent(let p): return Minor.number(p) + "%"
        }
    }
}

/// What to do when competitors were seen but none has stock.
public enum NoStockAction: String, Hashable, Sendable, CaseIterable {
    /// Keep the current price.
    case hold
    /// Step up by `raise_step` toward the ceiling (max_price); hold when there is no ceiling.
    case raise
}

/// Everything that decides one SKU's price, after the rules' layers are merged.
/// Percentages are percent (10 = 10%), exact Decimals.
public struct RepricePolicy: Hashable, Sendable {
    public var strategy: StrategyKind = .matchLowest
    public var beatBy: BeatBy = .percent(1)
    public var position: Int = 2
    public var indexTarget: Decimal = Decimal(string: "0.98")!
    public var noStock: NoStockAction = .hold
    public var raiseStepPercent: Decimal = 5

    // Which competitors count.
    /// Offers observed longer ago than this (seconds) are stale and ignored.
    public var maxAge: TimeInterval = 48 * 3600
    /// When set, offers whose seller rating is below it, or unknown, are ignored.
    public var minSellerRating: Decimal?
    /// Ignore listings flagged with a recent spike of negative reviews.
    public var excludeReviewSpike = true
    /// With 3 or more offers, a landed price below this percent of their median is an outlier.
    public var outlierBelowMedianPercent: Decimal? = 50
    /// With 3 or more offers, a landed price farther than this many median absolute deviations
    /// from the median is an outlier.
    public var outlierMAD: Decimal? = 5

    // Guards.
    /// Margin after fees, cost and shipping, as a percent of the price; sets the floor.
    public var minMarginPercent: Decimal = 5
    /// Largest move per run, percent of the current price; nil = no limit.
    public var maxChangePercent: Decimal? = 10
    /// Smaller moves (percent of the current price) are not worth it: hold.
    public var minChangePercent: Decimal = Decimal(string: "0.5")!

    public init() {}

    /// The "which competitors count" knobs as the rule the report applies too.
    public var counting: OfferCountingRule {
        OfferCountingRule(maxAge: maxAge, minSellerRating: minSellerRating, excludeReviewSpike: excludeReviewSpike)
    }
}

/// One layer of the rules (defaults, a tag, a SKU): only the knobs it sets.
public struct PolicyPatch: Hashable, Sendable {
    public var strategy: StrategyKind?
    public var beatBy: BeatBy?
    public var position: Int?
    public var indexTarget: Decimal?
    public var noStock: NoStockAction?
    public var raiseStepPercent: Decimal?
    public var maxAge: TimeInterval?
    /// `.some(nil)` switches an inherited minimum off.
    public var minSellerRating: Decimal??
    public var excludeReviewSpike: Bool?
    public var outlierBelowMedianPercent: Decimal??
    public var outlierMAD: Decimal??
    public var minMarginPercent: Decimal?
    public var maxChangePercent: Decimal??
    public var minChangePercent: Decimal?

    public init() {}

    public func apply(to p: inout RepricePolicy) {
        if let v = strategy { p.strategy = v }
        if let v = beatBy { p.beatBy = v }
        if let v = position { p.position = v }
        if let v = indexTarget { p.indexTarget = v }
        if let v = noStock { p.noStock = v }
        if let v = raiseStepPercent { p.raiseStepPercent = v }
        if let v = maxAge { p.maxAge = v }
        if let v = minSellerRating { p.minSellerRating = v }
        if let v = excludeReviewSpike { p.excludeReviewSpike = v }
        if let v = outlierBelowMedianPercent { p.outlierBelowMedianPercent = v }
        if let v = outlierMAD { p.outlierMAD = v }
        if let v = minMarginPercent { p.minMarginPercent = v }
        if let v = maxChangePercent { p.maxChangePercent = v }
        if let v = minChangePercent { p.minChangePercent = v }
    }
}

/// The rules file: a default layer, per-tag and per-SKU layers, and price endings per currency.
///
/// Precedence, weakest first: built-in defaults < `default:` < `tags:` (in file order, for each tag
/// the SKU carries) < the catalog row's own `strategy` column < `skus:` < `--strategy` on the
/// command line. So a SKU rule beats a tag rule beats the default.
public struct RepriceRules: Hashable, Sendable {
    public var defaults: PolicyPatch
    public var tags: [(tag: String, patch: PolicyPatch)]
    public var skus: [String: PolicyPatch]
    /// Currency code -> ending; currencies not listed use `PriceEnding.standard(for:)`.
    public var endings: [String: PriceEnding]

    public init(defaults: PolicyPatch = PolicyPatch(), tags: [(tag: String, patch: PolicyPatch)] = [], skus: [String: PolicyPatch] = [:],
                endings: [String: PriceEnding] = [:]) {
        self.defaults = defaults
        self.tags = tags
        self.skus = skus
        self.endings = endings
    }

    public func ending(for currency: String) -> PriceEnding { endings[currency.uppercased()] ?? PriceEnding.standard(for: currency) }

    /// The merged policy for a SKU, and a problem to state when its catalog strategy is unknown.
    public func policy(sku: String, tags itemTags: [String], catalogStrategy: String?, override: StrategyKind? = nil)
        -> (policy: RepricePolicy, problem: String?) {
        var p = RepricePolicy()
        defaults.apply(to: &p)
        for (tag, patch) in tags where itemTags.contains(tag) { patch.apply(to: &p) }
        var problem: String?
        if let name = catalogStrategy?.trimmingCharacters(in: .whitespaces).lowercased(), !name.isEmpty {
            if let kind = StrategyKind(rawValue: name) { p.strategy = kind } else {
                problem = "catalog strategy '\(name)' is not one of \(StrategyKind.allCases.map(\.rawValue).joined(separator: ", "))"
            }
        }
        skus[sku]?.apply(to: &p)
        if let override { p.strategy = override }
        if problem != nil {
            // A strategy set by the SKU rule or the command line makes the catalog cell moot.
            if skus[sku]?.strategy != nil || override != nil { problem = nil } else { p.strategy = .hold }
        }
        return (p, problem)
    }

    public static func == (a: RepriceRules, b: RepriceRules) -> Bool {
        a.defaults == b.defaults && a.skus == b.skus && a.endings == b.endings
            && a.tags.map(\.tag) == b.tags.map(\.tag) && a.tags.map(\.patch) == b.tags.map(\.patch)
    }

    public func hash(into h: inout Hasher) {
        h.combine(defaults); h.combine(skus); h.combine(endings)
        for t in tags { h.combine(t.tag); h.combine(t.patch) }
    }
}
