import Foundation

/// negative / neutral / positive, from a score in [-1, 1] with a dead band of +-0.05.
public enum SentimentLabel: String, Sendable, Codable, CaseIterable {
    case negative, neutral, positive

    public static let threshold = 0.05

    public init(score: Double) {
        self = score > Self.threshold ? .positive : score < -Self.threshold ? .negative : .neutral
    }
}

/// A review or sentence scored: the score in [-1, 1], its label, the language that picked the analyzer.
public struct SentimentResult: Sendable, Equatable, Codable {
    public var score: Double
    public var label: SentimentLabel
    public var language: String

    public init(score: Double, language: String) {
        self.score = max(-1, min(1, score))
        self.label = SentimentLabel(score: self.score)
        self.language = language
    }
}

/// One aspect a review talks about, with the sentiment of the clause that mentions it.
public struct AspectMention: Sendable, Equatable, Codable {
    public var aspect: String
    /// The aspect word found ("shipping", "物流").
    public var term: String
    public var score: Double
    public var label: SentimentLabel
    /// The clause, trimmed: what a summary quotes.
    public var clause: String

    public init(aspect: String, term: String, score: Double, label: SentimentLabel, clause: String) {
        self.aspect = aspect
        self.term = term
        self.score = score
        self.label = label
        self.clause = clause
    }
}

/// A whole review: text score, label, language, aspects, and the star rating beside it.
public struct ReviewSentiment: Sendable, Equatable, Codable {
    public var score: Double
    public var label: SentimentLabel
    public var language: String
    public var aspects: [AspectMention]
    /// The review's star rating mapped to [-1, 1] (1 star -1, 3 stars 0, 5 stars 1), if it has one.
    public var ratingScore: Double?
    /// True when the stars and the text disagree in direction (5 stars, angry text).
    public var disagreesWithRating: Bool

    public init(score: Double, label: SentimentLabel, language: String, aspects: [AspectMention], ratingScore: Double?, disagreesWithRating: Bool) {
        self.score = score
        self.label = label
        self.language = language
        self.aspects = aspects
        self.ratingScore = ratingScore
        self.disagreesWithRating = disagreesWithRating
    }

    /// The star rating (of `scale` stars) as a score in [-1, 1].
    public static func ratingScore(_ rating: Double, scale: Double = 5) -> Double {
        guard scale > 1 else { return 0 }
        return max(-1, min(1, (rating - 1) / (scale - 1) * 2 - 1))
    }
}

/// Maps an unbounded valence sum to (-1, 1) the way VADER does: x / sqrt(x^2 + alpha).
@inline(__always) func normalizeValence(_ x: Double, alpha: Double = 15) -> Double {
    x / (x * x + alpha).squareRoot()
}
