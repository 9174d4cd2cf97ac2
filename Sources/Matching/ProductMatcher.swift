import Foundation
import Model

/// Proposes which right-hand listing is which left-hand one. Pure: records in, pairs out.
///
///     let run = ProductMatcher(settings: s).run(left: mine, right: theirs)
///     run.matches.first   // ProductMatch(leftID: "A1", rightID: "B7", confidence: 0.93, reason: "brand+model+title")
///
/// Blocking: each record opens candidates only through its model numbers and its rarest words
/// (an inverted index over the other side), and keeps its best `candidatesPerRecord`; only those
/// pairs are scored, so the work grows with the records, not with their product.
public struct ProductMatcher: Sendable {
    public var settings: MatchSettings

    public init(settings: MatchSettings = MatchSettings()) { self.settings = settings }

    /// The proposed pairs and the work it took.
    public struct Run: Sendable {
        public var matches: [ProductMatch]
        /// Every (left index, right index) pair blocking let through, scored or not.
        public var candidates: [(left: Int, right: Int)]
        /// Posting-list entries visited while blocking: the work bound tests assert.
        public var postingsVisited: Int
    }

    public func match(left: [ProductRecord], right: [ProductRecord]) -> [ProductMatch] { run(left: left, right: right).matches }

    public func run(left: [ProductRecord], right: [ProductRecord]) -> Run {
        let corpus = MatchCorpus(left: left, right: right)
        let (candidates, visited) = block(corpus)
        var scored: [(l: Int, r: Int, score: Double, reason: [String])] = []
        scored.reserveCapacity(candidates.count)
        for (l, r) in candidates {
            let e = evidence(corpus.left[l], corpus.right[r], corpus)
            scored.append((l, r, e.score, e.reason))
        }
        // A pair loses some of its score when either record has a clearly better partner.
        var bestL = [Double](repeating: 0, count: left.count), bestR = [Double](repeating: 0, count: right.count)
        var secondL = bestL, secondR = bestR
        for s in scored {
            if s.score > bestL[s.l] { secondL[s.l] = bestL[s.l]; bestL[s.l] = s.score } else if s.score > secondL[s.l] { secondL[s.l] = s.score }
            if s.score > bestR[s.r] { secondR[s.r] = bestR[s.r]; bestR[s.r] = s.score } else if s.score > secondR[s.r] { secondR[s.r] = s.score }
        }
        var proposals: [ProductMatch] = []
        for s in scored {
            let otherL = s.score >= bestL[s.l] ? secondL[s.l] : bestL[s.l]
            let otherR = s.score >= bestR[s.r] ? secondR[s.r] : bestR[s.r]
            let rival = max(0, max(otherL, otherR) - s.score)
            let confidence = min(1, max(0, s.score - settings.rivalMargin * rival))
            guard confidence >= settings.minConfidence else { continue }
            proposals.append(ProductMatch(leftID: left[s.l].id, rightID: right[s.r].id, confidence: confidence, reason: s.reason.joined(separator: "+")))
        }
        proposals.sort { ($0.confidence, $1.leftID, $1.rightID) > ($1.confidence, $0.leftID, $0.rightID) }
        if settings.oneToOne {
            var usedL = Set<String>(), usedR = Set<String>()
            proposals = proposals.filter { usedL.contains($0.leftID) || usedR.contains($0.rightID) ? false : (usedL.insert($0.leftID), usedR.insert($0.rightID)).0.inserted }
        }
        return Run(matches: proposals, candidates: candidates, postingsVisited: visited)
    }

    /// Candidate pairs: shared identifiers always; then each side's top list by the summed weight
    /// of the rare keys (model numbers, stems, rare words) it shares with the other side.
    func block(_ c: MatchCorpus) -> ([(left: Int, right: Int)], Int) {
        let k = settings.candidatesPerRecord
        // Inverted index over the right side.
        var postings = [[Int32]](repeating: [], count: c.vocabulary.count)
        var byID: [String: [Int32]] = [:]
        for (r, p) in c.right.enumerated() {
            for key in Set(p.words.map(\.key) + p.codes + p.stems + p.otherCodes) { postings[Int(key)].append(Int32(r)) }
            if let g = p.gtin { byID["g" + g, default: []].append(Int32(r)) }
            if let m = p.mpn { byID["m" + m, default: []].append(Int32(r)) }
        }
        let cap = max(8, Int(settings.commonWordShare * Double(c.right.count)))
        var pairs = Set<Int64>()
        var acc = [Float](repeating: 0, count: c.right.count)
        var touched: [Int32] = []
        var rightTop = [[(score: Float, left: Int32)]](repeating: [], count: c.right.count)
        var visited = 0
        for (l, p) in c.left.enumerated() {
            if let g = p.gtin { for r in byID["g" + g] ?? [] { pairs.insert(Int64(l) << 32 | Int64(r)) } }
            if let m = p.mpn { for r in byID["m" + m] ?? [] { pairs.insert(Int64(l) << 32 | Int64(r)) } }
            // Keys with their blocking weight: model numbers count most; words by rarity.
            var keys: [(key: Int32, weight: Float)] = []
            for key in p.codes + p.otherCodes { keys.append((key, 3)) }
            for key in p.stems { keys.append((key, 2)) }
            for w in p.words { keys.append((w.key, w.weight)) }
            keys = keys.filter { let df = Int(c.rightDF[Int($0.key)]); return df > 0 && df <= cap }
            keys.sort { c.rightDF[Int($0.key)] < c.rightDF[Int($1.key)] }
            var seen = Set<Int32>()
            var opened = 0
            for (key, weight) in keys where seen.insert(key).inserted {
                if opened >= settings.blockingWordsPerRecord && weight < 2 { continue }
                opened += 1
                for r in postings[Int(key)] {
                    if acc[Int(r)] == 0 { touched.append(r) }
                    acc[Int(r)] += weight
                    visited += 1
                }
            }
            var mine = touched.map { (score: acc[Int($0)], right: $0) }
            for r in touched { acc[Int(r)] = 0 }
            touched.removeAll(keepingCapacity: true)
            // The right side's own top lists see every left record that reached it.
            for m in mine {
                var top = rightTop[Int(m.right)]
                if top.count < k { top.append((m.score, Int32(l))) } else if let i = top.indices.min(by: { top[$0].score < top[$1].score }), top[i].score < m.score {
                    top[i] = (m.score, Int32(l))
                }
                rightTop[Int(m.right)] = top
            }
            if mine.count > k {
                mine.sort { $0.score > $1.score }
                // Keep every record sharing a model number with it, then the top words.
                let strong = mine.dropFirst(k).filter { $0.score >= 3 }
                mine = Array(mine.prefix(k)) + strong.prefix(k)
            }
            for m in mine { pairs.insert(Int64(l) << 32 | Int64(m.right)) }
        }
        for (r, top) in rightTop.enumerated() { for t in top { pairs.insert(Int64(t.left) << 32 | Int64(r)) } }
        return (pairs.sorted().map { (left: Int($0 >> 32), right: Int($0 & 0xFFFF_FFFF)) }, visited)
    }
}
