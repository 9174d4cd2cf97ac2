/// Why a buyer returned, refunded or exchanged a product: the merchant's question behind a
/// review that says "sent it back". One reason per review; `other` when a review tells of a
/// return but names no reason a rule knows.
///
///     ReturnReason.sizeFit.rawValue   // "size_fit" (returns.csv)
///     ReturnReason.sizeFit.title      // "size/fit" (summary.md)
public enum ReturnReason: String, Sendable, Codable, CaseIterable, Comparable {
    case sizeFit = "size_fit"
    case defective
    case notAsDescribed = "not_as_described"
    case damagedInTransit = "damaged_in_transit"
    case arrivedLate = "arrived_late"
    case wrongItem = "wrong_item"
    case counterfeit
    case changedMind = "changed_mind"
    case other

    public var title: String {
        switch self {
        case .sizeFit: return "size/fit"
        case .defective: return "defective or broken"
        case .notAsDescribed: return "not as described / colour"
        case .damagedInTransit: return "damaged in transit"
        case .arrivedLate: return "arrived late"
        case .wrongItem: return "wrong item"
        case .counterfeit: return "counterfeit"
        case .changedMind: return "changed mind"
        case .other: return "other"
        }
    }

    /// The order of `allCases`: ties between two reasons as close to the return go to the earlier.
    public static func < (a: ReturnReason, b: ReturnReason) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A return, refund or exchange a review tells of, with its reason.
public struct ReturnMention: Sendable, Equatable, Codable {
    public var reason: ReturnReason
    /// The return words found, as folded ("sent it back", "退货").
    public var cue: String
    /// The words that gave the reason ("too small"), nil for `other`.
    public var reasonCue: String?
    /// The sentence with the return, and the one with its reason when apart ("Returned it / Way
    /// too small."), trimmed: what a report quotes.
    public var quote: String
    /// The lexicon that found it: en, zh, ja, pt or de.
    public var language: String

    public init(reason: ReturnReason, cue: String, reasonCue: String?, quote: String, language: String) {
        self.reason = reason
        self.cue = cue
        self.reasonCue = reasonCue
        self.quote = quote
        self.language = language
    }
}
