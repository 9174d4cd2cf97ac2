import Foundation
import Model

extension ProductMatcher {
    /// One candidate pair weighed: the score (before rivals are considered) and its reasons, strongest first.
    struct Evidence {
        var score: Double
        var reason: [String]
    }

    func evidence(_ a: MatchCorpus.Prepared, _ b: MatchCorpus.Prepared, _ c: MatchCorpus) -> Evidence {
        let s = settings
        let words = Double(MatchCorpus.cosine(a.words, b.words)), trigrams = Double(MatchCorpus.cosine(a.trigrams, b.trigrams))
        var score = s.wordWeight * words + s.trigramWeight * trigrams
        var reason: [String] = []

        // Model numbers: in both titles, or one title and the other's description or MPN.
        let model = modelAgreement(a, b, c)
        if model > 0 { score += s.modelBonus * model }
        if model >= 0.5 {
            // The same brand beside the same model number: the strongest evidence short of an identifier.
            let sameBrand = brandAgrees(a, b)
            let brand = sameBrand ? s.brandModelBonus : 0
            reason.append(sameBrand ? "brand+model" : "model")
            // A model number both titles carry stands even when the words around it share nothing
            // (another script, another language).
            score = max(score + brand, s.modelFloor + s.modelBonus * model + brand)
            // So does a size both state alike beside it (`1,5 l` and `1.5L`).
            if Measure.agreement(a.measures, b.measures) { score += s.sizeAgreementBonus; reason.append("size") }
        }
        else if a.hasStrongCode && b.hasStrongCode && model == 0 { score -= s.modelConflictPenalty }

        if words + trigrams > 0.8 || reason.isEmpty { reason.append("title") }

        // Other sizes, capacities, pack counts and years of the same model are other products.
        // They are capped below any threshold worth using, however alike the titles are.
        var cap = 1.0
        if let dim = Measure.conflict(a.measures, b.measures) ?? packConflict(a.measures, b.measures) {
            score -= s.sizeConflictPenalty
            cap = s.conflictCap
            reason.append("\(dim.rawValue) differs")
        }
        if a.isBundle != b.isBundle { score -= s.bundlePenalty; cap = s.conflictCap; reason.append("bundle vs single") }
        if brandConflict(a, b) { score -= s.brandConflictPenalty; reason.append("brand differs") }

        if let ratio = priceRatio(a.price, b.price) {
            if ratio > s.priceBand { score -= s.priceOutOfBandPenalty; reason.append("price apart") }
            else if ratio < 1.3 { score += s.priceInBandBonus; reason.append("price band") }
        }

        // Identifiers outrank everything: a shared valid GTIN, or the same MPN.
        if let g = a.gtin, g == b.gtin { return Evidence(score: max(score, 0.99), reason: ["gtin"] + reason) }
        if let g = a.gtin, let h = b.gtin, g != h { score -= 0.5; reason.append("gtin differs") }
        if let m = a.mpn, m == b.mpn { return Evidence(score: max(score, 0.95), reason: ["mpn"] + reason) }
        return Evidence(score: min(cap, score), reason: reason)
    }

    /// 1 for a rare model number in both titles, less for a common one, 0.5 for a stem (`fs105` vs
    /// `fs105na`) or a number found only in a description or MPN; 0 for none.
    func modelAgreement(_ a: MatchCorpus.Prepared, _ b: MatchCorpus.Prepared, _ c: MatchCorpus) -> Double {
        func rarity(_ k: Int32) -> Double { 1 / Double(max(1, max(c.leftDF[Int(k)], c.rightDF[Int(k)]))).squareRoot() }
        var best = 0.0
        for k in a.codes where b.codes.contains(k) { best = max(best, rarity(k)) }
        if best >= 1 { return best }
        for k in a.stems where b.stems.contains(k) || b.codes.contains(k) { best = max(best, 0.6 * rarity(k)) }
        for k in b.stems where a.codes.contains(k) { best = max(best, 0.6 * rarity(k)) }
        for k in a.codes + a.otherCodes where b.otherCodes.contains(k) || b.codes.contains(k) { best = max(best, 0.5 * rarity(k)) }
        for k in b.codes where a.otherCodes.contains(k) { best = max(best, 0.5 * rarity(k)) }
        return best
    }

    /// A `2-pack` against a title stating no count is another product too.
    func packConflict(_ a: [Measure], _ b: [Measure]) -> Measure.Dimension? {
        let ca = a.first { $0.dimension == .count }?.value ?? 1, cb = b.first { $0.dimension == .count }?.value ?? 1
        return ca != cb ? .count : nil
    }

    /// The brand of one is the other's (any spelling), is written in the other's title, or sounds
    /// like it (a katakana spelling against Latin words; see `BrandKey`).
    func brandAgrees(_ a: MatchCorpus.Prepared, _ b: MatchCorpus.Prepared) -> Bool {
        for x in a.brands { for y in b.brands where x == y || x.hasPrefix(y) || y.hasPrefix(x) { return true } }
        if a.brands.contains(where: { b.squashedTitle.contains($0) }) || b.brands.contains(where: { a.squashedTitle.contains($0) }) { return true }
        return a.kanaKeys.contains(where: b.latinKeys.contains) || b.kanaKeys.contains(where: a.latinKeys.contains)
    }

    func brandConflict(_ a: MatchCorpus.Prepared, _ b: MatchCorpus.Prepared) -> Bool {
        if let x = a.brand, let y = b.brand {
            return !(x.hasPrefix(y) || y.hasPrefix(x) || a.squashedTitle.contains(y) || b.squashedTitle.contains(x))
        }
        return false
    }

    /// Higher price over lower, after converting to one currency; nil when either is missing or not convertible.
    func priceRatio(_ a: Money?, _ b: Money?) -> Double? {
        guard let a, let b, a.amount > 0, b.amount > 0 else { return nil }
        var y = b.amount
        if a.currency.uppercased() != b.currency.uppercased() {
            guard let fx = settings.fx, let conv = fx.convert(b, to: a.currency, on: settings.fxDay) else { return nil }
            y = conv.money.amount
        }
        let x = NSDecimalNumber(decimal: a.amount).doubleValue, z = NSDecimalNumber(decimal: y).doubleValue
        return max(x, z) / min(x, z)
    }
}
