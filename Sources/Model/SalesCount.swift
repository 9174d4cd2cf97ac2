/// The period a shop's sales counter covers.
public enum SalesWindow: String, Codable, Sendable, CaseIterable {
    /// Cumulative since listing ("已售 1.2万", "1,234 sold").
    case total
    case day
    case week
    /// A rolling month ("2K+ bought in past month", "月销 3000+").
    case month
    case unknown
}

/// A sales counter as a shop shows it: "2K+ bought in past month" is at least 2000 over a month.
public struct SalesCount: Hashable, Codable, Sendable {
    public var count: Int64
    public var window: SalesWindow
    /// True when the shop says "+" / "以上" / "more than": the true value is at least `count`.
    public var isLowerBound: Bool

    public init(count: Int64, window: SalesWindow, isLowerBound: Bool) {
        self.count = count
        self.window = window
        self.isLowerBound = isLowerBound
    }
}
