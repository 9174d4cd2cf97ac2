/// A number found in a price text, as both price parsers (fast and reference) see it when choosing
/// which number the text means.
protocol PriceCandidate {
    var hasMarker: Bool { get }
    var isQuantity: Bool { get }
    var isListPrice: Bool { get }
    var label: PriceText.Label { get }
}

/// The index of the number a price text means: numbers next to a currency first, then real prices
/// over list prices and quantities; the first of equals wins. nil for no candidates.
func bestPriceCandidate<C: PriceCandidate>(_ candidates: [C]) -> Int? {
    guard !candidates.isEmpty else { return nil }
    func rank(_ c: C) -> Int {
        (c.hasMarker ? 0 : 4) + (c.isQuantity ? 8 : 0) + (c.isListPrice ? 2 : 0) + (c.label == .price ? 0 : 1)
    }
    var best = 0
    for i in candidates.indices.dropFirst() where rank(candidates[i]) < rank(candidates[best]) { best = i }
    return best
}
