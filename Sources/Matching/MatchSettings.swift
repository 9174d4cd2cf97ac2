import Model

/// Every knob of the matcher in one place, with the values chosen on the Abt-Buy half used for
/// tuning (left ids whose stable hash is even; see BenchmarkF1Tests in Tests/MatchingTests/ProductCSVAndBenchmarkTests.swift).
///
///     var s = MatchSettings()
///     s.minConfidence = 0.6
///     s.oneToOne = true
///     s.fx = rates; s.fxDay = "2026-11-20"     // prices in other currencies compared after conversion
public struct MatchSettings: Sendable {
    /// Pairs below this are not proposed.
    public var minConfidence = 0.3
    /// Each record in at most one pair, best first (greedy on confidence).
    public var oneToOne = false

    // Blocking.
    /// Candidates kept per record from each side (the union of both sides' top lists is scored).
    public var candidatesPerRecord = 10
    /// Words in more than this share of the other side's records do not open candidates (they still score).
    public var commonWordShare = 0.02
    /// At most this many of a record's rarest words open candidates.
    public var blockingWordsPerRecord = 12

    // Evidence weights (a pair's score is their sum, then clamped to [0, 1]).
    public var wordWeight = 0.55
    public var trigramWeight = 0.45
    /// A shared model number in both titles; half as much for one found in a description or MPN.
    public var modelBonus = 0.3
    /// Added when the brands agree too (see `ProductMatcher.brandAgrees`). 0.2 lifts cross-script
    /// pairs in the demo world clear of the rest and leaves the Abt-Buy tuning half's F1 as it was
    /// (0.910 against 0.912; 0.35 costs 0.013 there).
    public var brandModelBonus = 0.2
    /// Added when both titles state the same size beside the shared model number (chosen with
    /// `brandModelBonus` on the demo world and the Abt-Buy tuning half).
    public var sizeAgreementBonus = 0.1
    /// The least score of a pair whose titles share a model number (before conflicts).
    public var modelFloor = 0.25
    /// The most a pair with a size conflict or a bundle against a single product can score.
    public var conflictCap = 0.2
    /// Both titles carry model numbers and none agrees.
    public var modelConflictPenalty = 0.3
    /// A size, capacity, wattage, pack count or year both state differently.
    public var sizeConflictPenalty = 0.6
    /// One is a bundle and the other not.
    public var bundlePenalty = 0.4
    /// Brands that differ (a stated brand found nowhere in the other's title).
    public var brandConflictPenalty = 0.15
    /// Prices more than `priceBand` times apart (after FX) count against; within it, a little for.
    public var priceBand = 2.5
    public var priceOutOfBandPenalty = 0.2
    public var priceInBandBonus = 0.03
    /// How much a pair loses when either record has a better partner: score - margin * (best other - score).
    public var rivalMargin = 0.5

    /// Rates for prices in different currencies, and the day to convert on; without them such
    /// prices are simply not compared.
    public var fx: FXRates?
    public var fxDay = "9999-12-31"

    public init() {}
}
