import Foundation

/// One scored review with where it belongs: the unit review summaries are built from.
public struct ReviewItem: Sendable {
    public var product: String
    public var productName: String
    public var site: String
    /// When the review was posted (else first seen).
    public var at: Date
    /// Stars on a 1-5 scale, if the review has them.
    public var rating: Double?
    public var sentiment: ReviewSentiment
    /// The competitor listing the review was posted on, when known.
    public var listingID: Int64?
    /// The return, refund or exchange the review tells of (`ReturnDetector`), if any.
    public var returnMention: ReturnMention?

    public init(product: String, productName: String, site: String, at: Date, rating: Double?, sentiment: ReviewSentiment, listingID: Int64? = nil,
                returnMention: ReturnMention? = nil) {
        self.listingID = listingID
        self.returnMention = returnMention
        self.product = product
        self.productName = productName
        self.site = site
        self.at = at
        self.rating = rating
        self.sentiment = sentiment
    }
}

/// Per product and competitor, for a period against the period of the same length before it:
/// rating and sentiment distributions, top complaints and praises by aspect (counts and two short
/// quotes each), the change in mean sentiment, and spikes of new negative reviews.
public struct ReviewSummary: Sendable {
    public struct AspectTally: Sendable, Equatable {
        public var aspect: String
        public var count: Int
        public var quotes: [String]
    }

    public struct Group: Sendable {
        public var product: String
        public var productName: String
        public var site: String
        public var count = 0
        public var previousCount = 0
        /// Reviews with 1, 2, 3, 4, 5 stars (rounded).
        public var ratingDistribution = [0, 0, 0, 0, 0]
        public var sentiment: [SentimentLabel: Int] = [:]
        public var meanScore: Double?
        public var previousMeanScore: Double?
        public var meanRating: Double?
        public var complaints: [AspectTally] = []
        public var praises: [AspectTally] = []
        public var negatives = 0
        public var previousNegatives = 0
        /// Five stars with an angry text, or one star with a happy one.
        public var disagreements = 0

        /// A negative-review spike in the period (`NegativeReviewSpike`).
        public var spike: Bool { NegativeReviewSpike.isSpike(negatives: negatives, previousNegatives: previousNegatives) }
        public var change: Double? { meanScore.flatMap { m in previousMeanScore.map { m - $0 } } }
    }

    public var since: Date
    public var until: Date
    public var groups: [Group]

    public init(items: [ReviewItem], since: Date, until: Date) {
        self.since = since
        self.until = until
        let previousStart = since.addingTimeInterval(-until.timeIntervalSince(since))
        var byKey: [String: (group: Group, scores: [Double], previous: [Double], ratings: [Double],
                             complaints: [String: [AspectMention]], praises: [String: [AspectMention]])] = [:]
        for item in items where item.at >= previousStart && item.at <= until {
            let key = item.product + "\u{1F}" + item.site
            var entry = byKey[key] ?? (Group(product: item.product, productName: item.productName, site: item.site), [], [], [], [:], [:])
            let s = item.sentiment
            if item.at < since {
                entry.group.previousCount += 1
                entry.previous.append(s.score)
                if NegativeReviewSpike.isNegative(s.label) { entry.group.previousNegatives += 1 }
            } else {
                entry.group.count += 1
                entry.scores.append(s.score)
                entry.group.sentiment[s.label, default: 0] += 1
                if NegativeReviewSpike.isNegative(s.label) { entry.group.negatives += 1 }
                if s.disagreesWithRating { entry.group.disagreements += 1 }
                if let r = item.rating {
                    entry.ratings.append(r)
                    entry.group.ratingDistribution[max(1, min(5, Int(r.rounded()))) - 1] += 1
                }
                for m in s.aspects {
                    if m.label == .negative { entry.complaints[m.aspect, default: []].append(m) }
                    if m.label == .positive { entry.praises[m.aspect, default: []].append(m) }
                }
            }
            byKey[key] = entry
        }
        func mean(_ v: [Double]) -> Double? { v.isEmpty ? nil : v.reduce(0, +) / Double(v.count) }
        func tallies(_ d: [String: [AspectMention]]) -> [AspectTally] {
            d.map { aspect, mentions in
                // The two shortest distinct clauses quote best.
                var quotes: [String] = []
                for m in mentions.sorted(by: { ($0.clause.count, $0.clause) < ($1.clause.count, $1.clause) }) where !quotes.contains(m.clause) {
                    quotes.append(m.clause)
                    if quotes.count == 2 { break }
                }
                return AspectTally(aspect: aspect, count: mentions.count, quotes: quotes)
            }.sorted { ($0.count, $1.aspect) > ($1.count, $0.aspect) }
        }
        groups = byKey.values.map { e in
            var g = e.group
            g.meanScore = mean(e.scores)
            g.previousMeanScore = mean(e.previous)
            g.meanRating = mean(e.ratings)
            g.complaints = tallies(e.complaints)
            g.praises = tallies(e.praises)
            return g
        }.filter { $0.count > 0 || $0.previousCount > 0 }
        .sorted { ($0.product, $0.site) < ($1.product, $1.site) }
    }

    /// Complaints or praises over every group, by aspect.
    public func overall(complaints: Bool) -> [AspectTally] {
        var d: [String: AspectTally] = [:]
        for g in groups {
            for t in complaints ? g.complaints : g.praises {
                var e = d[t.aspect] ?? AspectTally(aspect: t.aspect, count: 0, quotes: [])
                e.count += t.count
                for q in t.quotes where e.quotes.count < 2 && !e.quotes.contains(q) { e.quotes.append(q) }
                d[t.aspect] = e
            }
        }
        return d.values.sorted { ($0.count, $1.aspect) > ($1.count, $0.aspect) }
    }
}

/// "Negative-review spike", said once for the report's review section and the repricer: at least
/// three negative reviews in a window, and more than twice as many as in the window of the same
/// length before it. A review is negative when its text's sentiment label is `.negative` (stars
/// that disagree with the text are reported as a disagreement, not counted twice).
///
///     NegativeReviewSpike.isSpike(negatives: 4, previousNegatives: 1)   // true
///     NegativeReviewSpike.spiking(reviews, until: now, window: NegativeReviewSpike.window)   // listing ids
public enum NegativeReviewSpike {
    /// The repricer's default window (the report uses its period).
    public static let window: TimeInterval = 14 * 86_400

    public static func isNegative(_ label: SentimentLabel) -> Bool { label == .negative }

    public static func isSpike(negatives: Int, previousNegatives: Int) -> Bool { negatives >= 3 && negatives > 2 * previousNegatives }

    /// The keys (listing ids, say) whose reviews posted in [until - window, until] spike against
    /// those posted in the window before it.
    public static func spiking<Key: Hashable>(_ reviews: [(key: Key, at: Date, label: SentimentLabel)], until: Date, window: TimeInterval) -> Set<Key> {
        let since = until.addingTimeInterval(-window), previousStart = since.addingTimeInterval(-window)
        var counts: [Key: (now: Int, before: Int)] = [:]
        for r in reviews where r.at >= previousStart && r.at <= until && isNegative(r.label) {
            if r.at < since { counts[r.key, default: (0, 0)].before += 1 } else { counts[r.key, default: (0, 0)].now += 1 }
        }
        return Set(counts.filter { isSpike(negatives: $0.value.now, previousNegatives: $0.value.before) }.keys)
    }

    /// The listings whose reviews spike in [until - window, until].
    public static func listings(_ items: [ReviewItem], until: Date, window: TimeInterval = window) -> Set<Int64> {
        spiking(items.compactMap { r in r.listingID.map { (key: $0, at: r.at, label: r.sentiment.label) } }, until: until, window: window)
    }
}

extension ReviewSentiment {
    /// "Stars and text disagree", said once: the stars lean clearly one way (a rating score of
    /// +-0.5 or more: 4+ or 2- of 5 stars) and the text's label the other.
    public static func starsAndTextDisagree(ratingScore: Double?, label: SentimentLabel) -> Bool {
        guard let r = ratingScore else { return false }
        return (r >= 0.5 && label == .negative) || (r <= -0.5 && label == .positive)
    }
}
