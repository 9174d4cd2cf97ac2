import Foundation

/// Why buyers return, per product and competitor, over the reviews posted in a period: how many
/// reviews tell of a return, refund or exchange, counted by reason, with the shortest sentence of
/// each reason to quote.
///
///     let s = ReturnSummary(items: items, since: start, until: end)
///     s.groups[0].byReason   // [ReturnTally(reason: .sizeFit, count: 3, quote: "Way too small, sent it back."), ...]
public struct ReturnSummary: Sendable {
    public struct ReturnTally: Sendable, Equatable {
        public var reason: ReturnReason
        public var count: Int
        /// The shortest sentence with a return for this reason, as the buyer wrote it.
        public var quote: String
    }

    public struct Group: Sendable {
        public var product: String
        public var productName: String
        public var site: String
        /// Reviews posted in the period.
        public var reviews = 0
        /// Of them, those that tell of a return.
        public var returns = 0
        /// Most frequent reason first.
        public var byReason: [ReturnTally] = []
    }

    public var since: Date
    public var until: Date
    /// Products and competitors with at least one review in the period, by product then site.
    public var groups: [Group]

    public init(items: [ReviewItem], since: Date, until: Date) {
        self.since = since
        self.until = until
        var byKey: [String: (group: Group, tallies: [ReturnReason: ReturnTally])] = [:]
        for item in items where item.at >= since && item.at <= until {
            let key = item.product + "\u{1F}" + item.site
            var entry = byKey[key] ?? (Group(product: item.product, productName: item.productName, site: item.site), [:])
            entry.group.reviews += 1
            if let m = item.returnMention {
                entry.group.returns += 1
                Self.add(m.reason, count: 1, quote: m.quote, to: &entry.tallies)
            }
            byKey[key] = entry
        }
        groups = byKey.values.map { e in
            var g = e.group
            g.byReason = Self.sorted(e.tallies)
            return g
        }.sorted { ($0.product, $0.site) < ($1.product, $1.site) }
    }

    public var reviews: Int { groups.reduce(0) { $0 + $1.reviews } }
    public var returns: Int { groups.reduce(0) { $0 + $1.returns } }

    /// Every group's returns by reason.
    public var overall: [ReturnTally] {
        var d: [ReturnReason: ReturnTally] = [:]
        for g in groups { for t in g.byReason { Self.add(t.reason, count: t.count, quote: t.quote, to: &d) } }
        return Self.sorted(d)
    }

    static func add(_ reason: ReturnReason, count: Int, quote: String, to d: inout [ReturnReason: ReturnTally]) {
        guard var t = d[reason] else {
            d[reason] = ReturnTally(reason: reason, count: count, quote: quote)
            return
        }
        t.count += count
        // The shortest quotes best; equal lengths keep the first in text order, so reports are stable.
        if (quote.count, quote) < (t.quote.count, t.quote) { t.quote = quote }
        d[reason] = t
    }

    static func sorted(_ d: [ReturnReason: ReturnTally]) -> [ReturnTally] {
        d.values.sorted { ($1.count, $0.reason) < ($0.count, $1.reason) }
    }
}
