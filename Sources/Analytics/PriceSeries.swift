import Foundation

/// One listing's prices over time, in one currency, with the statistics analysts ask for.
///
///     let s = PriceSeries(points: [(day1, 19.99), (day2, 17.99)])
///     s.window(days: 7, endingAt: day2)   // min 17.99, max 19.99, median 18.99, change -10.01%
public struct PriceSeries: Sendable {
    public struct Point: Sendable, Equatable {
        public var at: Date
        public var price: Decimal
        public init(at: Date, price: Decimal) {
            self.at = at
            self.price = price
        }
    }

    public struct WindowStats: Sendable, Equatable {
        public var min: Decimal
        public var max: Decimal
        public var median: Decimal
        /// Latest against the first price in the window, in percent; nil with one point.
        public var changePercent: Decimal?
        public var count: Int
    }

    /// Sorted by time; outliers are kept here and listed by `outliers()`.
    public let points: [Point]

    public init(points: [Point]) {
        self.points = points.sorted { $0.at < $1.at }
    }

    /// Statistics over `(end - days, end]`, excluding the given outlier indices.
    public func window(days: Int, endingAt end: Date, excluding outliers: Set<Int> = []) -> WindowStats? {
        let start = end.addingTimeInterval(-Double(days) * 86_400)
        let inWindow = points.indices.filter { points[$0].at > start && points[$0].at <= end && !outliers.contains($0) }.map { points[$0].price }
        guard let first = inWindow.first, let last = inWindow.last else { return nil }
        let change: Decimal? = inWindow.count > 1 && first != 0 ? PriceSeries.round((last - first) / first * 100, 2) : nil
        return WindowStats(min: inWindow.min()!, max: inWindow.max()!, median: PriceSeries.median(inWindow), changePercent: change, count: inWindow.count)
    }

    /// Indices of observations far outside the listing's own history: a probable parse error or a
    /// 1-cent glitch. A point is judged against the median of the other points within `radiusDays`;
    /// it needs at least 3 neighbours, and is an outlier below 35% or above 280% of that median
    /// (deep promotions of -50% and price wars stay in).
    public func outliers(radiusDays: Double = 14, low: Decimal = 0.35, high: Decimal = 2.8) -> Set<Int> {
        var result = Set<Int>()
        for i in points.indices {
            let p = points[i]
            let neighbours = points.indices.filter { $0 != i && abs(points[$0].at.timeIntervalSince(p.at)) <= radiusDays * 86_400 }.map { points[$0].price }
            guard neighbours.count >= 3 else { continue }
            let m = PriceSeries.median(neighbours)
            guard m > 0 else { continue }
            let ratio = p.price / m
            if ratio < low || ratio > high { result.insert(i) }
        }
        return result
    }

    public static func median(_ values: [Decimal]) -> Decimal {
        let s = values.sorted()
        guard !s.isEmpty else { return 0 }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    public static func round(_ value: Decimal, _ digits: Int) -> Decimal {
        var v = value, r = Decimal()
        NSDecimalRound(&r, &v, digits, .plain)
        return r
    }

    /// A listing's price against the market median for the same product (1.00 = at the median).
    public static func priceIndex(_ price: Decimal, marketPrices: [Decimal]) -> Decimal? {
        let m = median(marketPrices)
        guard !marketPrices.isEmpty, m > 0 else { return nil }
        return round(price / m, 3)
    }
}
