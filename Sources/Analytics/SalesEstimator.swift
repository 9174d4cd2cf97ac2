import Foundation
import Model

/// One sales-counter reading of a listing on one day.
public struct SalesReading: Sendable, Equatable {
    public var day: Date
    public var sales: SalesCount

    public init(day: Date, sales: SalesCount) {
        self.day = day
        self.sales = sales
    }
}

/// Estimated units sold per day between two readings, with how it was estimated.
public struct SalesEstimate: Sendable, Equatable {
    public enum Method: String, Sendable {
        /// Difference of a cumulative counter between two readings.
        case differenced
        /// A rolling window ("2K+ bought in past month") divided by its length.
        case window
    }

    public enum Flag: String, Sendable {
        /// The counter went down: the shop reset or re-listed it; the interval is not counted.
        case reset
        /// One or both readings are lower bounds ("1万+"): the true figure may be higher.
        case lowerBound = "lower-bound"
        /// The earlier reading is a bucket floor ("1万+", "+1 mil vendidos"): whether the counter stayed
        /// or moved to the next bucket (4,999 -> 5,000 is one sale), sales are unknown, not zero and not the gap.
        case coarse
    }

    public var day: Date
    /// Units per day; nil when the readings cannot say (a reset, or an unmoved coarse counter).
    public var unitsPerDay: Double?
    public var method: Method
    public var flags: [Flag]
}

/// Turns sales counters as shops display them into units per day, never negative.
///
///     SalesEstimator.estimate([r1, r2, r3])   // one estimate per reading after the first cumulative one
public enum SalesEstimator {
    static let windowDays: [SalesWindow: Double] = [.day: 1, .week: 7, .month: 30]

    /// Estimates for readings sorted by day. Cumulative counters need two readings; windowed ones
    /// give an estimate per reading.
    public static func estimate(_ readings: [SalesReading]) -> [SalesEstimate] {
        let sorted = readings.sorted { $0.day < $1.day }
        var result: [SalesEstimate] = []
        var previousTotal: SalesReading?
        for r in sorted {
            switch r.sales.window {
            case .day, .week, .month:
                let days = windowDays[r.sales.window]!
                result.append(SalesEstimate(day: r.day, unitsPerDay: Double(r.sales.count) / days, method: .window,
                                            flags: r.sales.isLowerBound ? [.lowerBound] : []))
            case .total, .unknown:
                defer { previousTotal = r }
                guard let prev = previousTotal else { continue }
                let days = max(r.day.timeIntervalSince(prev.day) / 86_400, 1.0 / 24)
                let delta = r.sales.count - prev.sales.count
                if delta < 0 {
                    result.append(SalesEstimate(day: r.day, unitsPerDay: nil, method: .differenced, flags: [.reset]))
                } else if prev.sales.isLowerBound {
                    result.append(SalesEstimate(day: r.day, unitsPerDay: nil, method: .differenced, flags: [.lowerBound, .coarse]))
                } else {
                    // From an exact count to a floor: the true count is at least the floor, so the gap is a lower bound.
                    result.append(SalesEstimate(day: r.day, unitsPerDay: Double(delta) / days, method: .differenced,
                                                flags: r.sales.isLowerBound ? [.lowerBound] : []))
                }
            }
        }
        return result
    }
}
