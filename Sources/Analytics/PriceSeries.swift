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
    ///
    /// One pass with a sliding window over the time-sorted points, keeping the window's price
    /// ranks sorted; the same result as `outliersByScan`, which compares every pair.
    public func outliers(radiusDays: Double = 14, low: Decimal = 0.35, high: Decimal = 2.8) -> Set<Int> {
        let n = points.count
        guard n >= 4 else { return [] }
        let radius = radiusDays * 86_400
        guard radius.isFinite, points.allSatisfy({ $0.at.timeIntervalSinceReferenceDate.isFinite }),
              let ranked = PriceSeries.rank(points.map(\.price)) else {
            return outliersByScan(radiusDays: radiusDays, low: low, high: high)
        }
        let (rank, values, approx) = ranked
        let lowD = NSDecimalNumber(decimal: low).doubleValue, highD = NSDecimalNumber(decimal: high).doubleValue
        let margin = 1e-9
        var result = Set<Int>()
        var window: [Int] = []  // ranks of points[lo...hi], sorted
        window.reserveCapacity(64)
        func lowerBound(_ r: Int) -> Int {
            var a = 0, b = window.count
            while a < b { let m = (a + b) / 2; if window[m] < r { a = m + 1 } else { b = m } }
            return a
        }
        var lo = 0, hi = -1
        for i in 0..<n {
            let p = points[i]
            while hi + 1 < n && abs(points[hi + 1].at.timeIntervalSince(p.at)) <= radius {
                hi += 1
                window.insert(rank[hi], at: lowerBound(rank[hi]))
            }
            while abs(points[lo].at.timeIntervalSince(p.at)) > radius {
                window.remove(at: lowerBound(rank[lo]))
                lo += 1
            }
            // The neighbours: the window without one copy of this point's rank.
            let count = window.count - 1
            guard count >= 3 else { continue }
            let own = lowerBound(rank[i])
            func neighbour(_ k: Int) -> Int { k < own ? window[k] : window[k + 1] }
            let a = count % 2 == 1 ? neighbour(count / 2) : neighbour(count / 2 - 1)
            let b = neighbour(count / 2)
            // Clear cases in doubles; anything near a bound (or a non-positive median) is decided in Decimal.
            if approx[a] > 0 {
                let ratio = approx[rank[i]] / ((approx[a] + approx[b]) / 2)
                if ratio > lowD * (1 + margin) && ratio < highD * (1 - margin) { continue }
                if ratio < lowD * (1 - margin) || ratio > highD * (1 + margin) { result.insert(i); continue }
            }
            let m = count % 2 == 1 ? values[a] : (values[a] + values[b]) / 2
            guard m > 0 else { continue }
            let ratio = p.price / m
            if ratio < low || ratio > high { result.insert(i) }
        }
        return result
    }

    /// Dense ranks of the prices (equal values share a rank) with each rank's value and its
    /// approximation as a Double; nil when the prices cannot be ranked safely (NaN).
    static func rank(_ prices: [Decimal]) -> (rank: [Int], values: [Decimal], approx: [Double])? {
        let approx = prices.map { NSDecimalNumber(decimal: $0).doubleValue }
        guard !prices.contains(where: \.isNaN), !approx.contains(where: \.isNaN) else { return nil }
        let order = prices.indices.sorted { (approx[$0], $0) < (approx[$1], $1) }
        var rank = [Int](repeating: 0, count: prices.count)
        var values: [Decimal] = [prices[order[0]]], approxValues: [Double] = [approx[order[0]]]
        for k in 1..<order.count {
            let previous = prices[order[k - 1]], current = prices[order[k]]
            // Doubles only order the values roughly: check every neighbouring pair exactly.
            if previous < current {
                values.append(current)
                approxValues.append(approx[order[k]])
            } else if previous != current {
                return nil
            }
            rank[order[k]] = values.count - 1
        }
        return (rank, values, approxValues)
    }

    /// The same as `outliers`, by comparing every pair of points: the reference for tests.
    func outliersByScan(radiusDays: Double = 14, low: Decimal = 0.35, high: Decimal = 2.8) -> Set<Int> {
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
