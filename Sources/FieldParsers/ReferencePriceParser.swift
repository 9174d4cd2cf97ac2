import Foundation
import Model

/// The original Character-based price parser. `PriceParser.parse` runs `FastPriceParser`, a
/// scalar-level port of this code, and falls back here for text the port does not take (see
/// `ScalarTable`). Kept as the reference the tests compare the port against.
enum ReferencePriceParser {
    static func parse(_ text: String, currencyHint: String?, language: String? = nil) -> PriceText {
        if FieldTextLimit.exceeds(text, FieldTextLimit.numeric) { return PriceText(amount: nil, currency: nil, raw: text) }
        let chars = Array(TextNormal.nfkc(text))
        // Lowercase in one go; per character only when that changes the character count ("İ").
        var lower = Array(String(chars).lowercased())
        if lower.count != chars.count {
            lower = chars.map { c -> Character in
                let l = String(c).lowercased()
                return l.count == 1 ? l.first! : c
            }
        }
        let lowerText = String(lower)
        let markers = CurrencyMarker.all(in: chars)
        // Currency forms are blanked out first, so "kr.5,00" reads "5,00", not ".5,00".
        var masked = chars
        for m in markers { for i in m.range { masked[i] = "¤" } }
        let numbers = NumberText.all(in: masked)
        let hint = HintCurrency(currencyHint, language: language, text: lowerText)

        var candidates: [Candidate] = []
        var afterInstallmentCount = false
        for (k, n) in numbers.enumerated() {
            let end = n.range.upperBound
            let nextChar = end < chars.count ? lower[end] : nil
            let afterSpace = firstNonSpace(lower, from: end)
            // Percentages are never prices.
            if let a = afterSpace, lower[a] == "%" { continue }
            // "12x de R$ 108,33": an instalment count, which marks the next price.
            if let a = afterSpace, lower[a] == "x" || lower[a] == "×",
               a + 1 >= lower.count || !lower[a + 1].isLetter {
                afterInstallmentCount = true
                continue
            }
            let prefixStart = k > 0 ? numbers[k - 1].range.upperBound : 0
            let suffixEnd = k + 1 < numbers.count ? numbers[k + 1].range.lowerBound : chars.count
            var c = Candidate(number: n, index: k)
            c.marker = adjacentMarker(markers, to: n.range, in: chars)
            // The zones around the number, without its own currency: "3,98 € / kg" reads "/ kg".
            let prefixEnd = c.marker.map { $0.range.upperBound <= n.range.lowerBound ? $0.range.lowerBound : n.range.lowerBound } ?? n.range.lowerBound
            let suffixStart = c.marker.map { $0.range.lowerBound >= end ? min($0.range.upperBound, suffixEnd) : end } ?? end
            let prefix = String(lower[min(prefixStart, prefixEnd)..<prefixEnd])
            let suffix = String(lower[suffixStart..<max(suffixStart, suffixEnd)])
            // "Only 3 left", "1,234 reviews", "SKU 12345": counts and codes, never prices.
            if c.marker == nil, PriceWords.startsWithCountWord(suffix) || PriceWords.endsWithCodeWord(prefix) { continue }
            // Glued to a word that is not a currency ("100g", "SKU123"): a quantity or a code.
            let gluedBefore = n.range.lowerBound > 0 && chars[n.range.lowerBound - 1].isLetter
            let gluedAfter = nextChar?.isLetter == true
            c.isQuantity = (gluedBefore && c.marker.map { $0.range.upperBound != n.range.lowerBound } ?? true)
                || (gluedAfter && c.marker.map { $0.range.lowerBound != end } ?? true)
            c.isListPrice = PriceWords.containsAny(prefix, PriceWords.listPrice)
            // The per-unit check reads past the next number: "0,99 €/100g".
            let tail = String(lower[suffixStart..<lower.count].prefix(24))
            c.label = label(prefix: prefix, suffix: suffix, tail: tail, afterInstallmentCount: afterInstallmentCount,
                            negative: isNegative(lower, before: c.marker.map { min($0.range.lowerBound, n.range.lowerBound) } ?? n.range.lowerBound))
            afterInstallmentCount = false
            candidates.append(c)
        }

        // "10 – 20 €": the first end of a range takes the currency written after the second.
        for i in candidates.indices.dropLast() where candidates[i].marker == nil {
            let next = candidates[i + 1]
            if next.marker != nil, next.index == candidates[i].index + 1,
               isRangeGap(chars, from: candidates[i].number.range.upperBound, to: next.number.range.lowerBound) {
                candidates[i].marker = next.marker
            }
        }

        var result = PriceText(amount: nil, currency: nil, raw: text)
        result.isFromPrice = PriceWords.containsAny(lowerText, PriceWords.from)
        result.isTaxInclusive = taxNote(lowerText)

        guard let chosenIndex = bestPriceCandidate(candidates) else {
            let textMarker = markers.first
            result.currency = textMarker.map { hint.resolve($0.meaning) } ?? hint.code
            result.currencyText = textMarker?.text
            if PriceWords.containsAny(lowerText, PriceWords.shipping) { result.label = .shipping }
            if PriceWords.containsAny(lowerText, PriceWords.free) {
                result.amount = 0
            } else if lowerText.contains("%"), PriceWords.containsAny(lowerText, PriceWords.saving) || lowerText.contains("-") {
                result.label = .saving
            }
            return result
        }
        let chosen = candidates[chosenIndex]
        let marker = chosen.marker ?? markers.first
        let currency = marker.map { hint.resolve($0.meaning) } ?? hint.code
        let digits = currency.map(Currency.fractionDigits)
        result.currency = currency
        result.currencyText = marker?.text
        result.amount = chosen.number.value(fractionDigits: digits)
        result.label = chosen.label

        // "$10 - $20", "10 – 20 €": the next number follows after only a range word.
        if chosen.label == .price, chosenIndex + 1 < candidates.count {
            let next = candidates[chosenIndex + 1]
            if next.index == chosen.index + 1, isRangeGap(chars, from: chosen.number.range.upperBound, to: next.number.range.lowerBound),
               let low = result.amount, let high = next.number.value(fractionDigits: digits), high > low {
                result.label = .range
                result.minimum = low
                result.maximum = high
            }
        }
        return result
    }

    private struct Candidate: PriceCandidate {
        var number: NumberText
        var index: Int
        var marker: CurrencyMarker?
        var isQuantity = false
        var isListPrice = false
        var label: PriceText.Label = .price
        var hasMarker: Bool { marker != nil }
    }

    private static func firstNonSpace(_ chars: [Character], from i: Int) -> Int? {
        var j = i
        while j < chars.count, chars[j] == " " || NumberText.groupSpaces.contains(chars[j]) { j += 1 }
        return j < chars.count ? j : nil
    }

    /// The currency written right before or after the number, with at most spaces or ":" between.
    private static func adjacentMarker(_ markers: [CurrencyMarker], to range: Range<Int>, in chars: [Character]) -> CurrencyMarker? {
        func gapIsBlank(_ a: Int, _ b: Int) -> Bool {
            guard a <= b else { return false }
            return b - a <= 3 && chars[a..<b].allSatisfy { $0.isWhitespace || $0 == ":" }
        }
        // Markers are in text order and do not overlap: only those ending at most 3 characters before
        // the number or starting at most 3 after it can be adjacent, found by binary search.
        func first(_ isPast: (CurrencyMarker) -> Bool) -> Int {
            var lo = 0, hi = markers.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if isPast(markers[mid]) { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
        var before: CurrencyMarker?
        var k = first { $0.range.upperBound >= range.lowerBound - 3 }
        while k < markers.count, markers[k].range.upperBound <= range.lowerBound {
            if gapIsBlank(markers[k].range.upperBound, range.lowerBound) { before = markers[k] }
            k += 1
        }
        var after: CurrencyMarker?
        k = first { $0.range.lowerBound >= range.upperBound }
        while k < markers.count, markers[k].range.lowerBound <= range.upperBound + 3 {
            if gapIsBlank(range.upperBound, markers[k].range.lowerBound) { after = markers[k]; break }
            k += 1
        }
        switch (before, after) {
        case let (b?, a?):
            // Glued wins over spaced: "3,49 zł 1,75 zł" gives each number its own.
            if a.range.lowerBound == range.upperBound { return a }
            if b.range.upperBound == range.lowerBound { return b }
            return a
        case let (b?, nil): return b
        case let (nil, a?): return a
        default: return nil
        }
    }

    /// "-5,00 €", "-$5": a minus sign right before, not between two numbers.
    private static func isNegative(_ lower: [Character], before start: Int) -> Bool {
        var i = start - 1
        while i >= 0, lower[i] == " " { i -= 1 }
        guard i >= 0, lower[i] == "-" || lower[i] == "−" else { return false }
        var j = i - 1
        while j >= 0, lower[j] == " " { j -= 1 }
        return j < 0 || !(lower[j].isNumber || lower[j].isLetter || lower[j] == "$" || lower[j] == "€")
    }

    static let installmentAfter: WordList = ["sem juros", "interest-free", "sin intereses", "/mes", "cuotas", "分期"]
    static let offWord: WordList = ["off"]

    private static func label(prefix: String, suffix: String, tail: String, afterInstallmentCount: Bool, negative: Bool) -> PriceText.Label {
        if afterInstallmentCount || PriceWords.containsAny(prefix, PriceWords.installment)
            || PriceWords.containsAny(suffix, installmentAfter) {
            return .installment
        }
        if PriceWords.startsWithPerUnit(tail) || PriceWords.endsWithQuantity(prefix) || suffix.hasPrefix("当たり") {
            return .unitPrice
        }
        if negative || PriceWords.containsAny(prefix, PriceWords.saving) || PriceWords.containsAny(suffix, offWord) {
            return .saving
        }
        if PriceWords.containsAny(prefix, PriceWords.shipping) || PriceWords.containsAny(suffix, PriceWords.shipping) {
            return .shipping
        }
        return .price
    }

    /// True for "inkl. MwSt.", false for "zzgl. MwSt.", nil when the text says neither; the first note wins.
    private static func taxNote(_ lower: String) -> Bool? {
        let incl = PriceWords.firstOffset(lower, PriceWords.taxIncluded)
        let excl = PriceWords.firstOffset(lower, PriceWords.taxExcluded)
        switch (incl, excl) {
        case let (i?, e?): return i < e
        case (_?, nil): return true
        case (nil, _?): return false
        default: return nil
        }
    }

    static let rangeWords: Set<String> = ["-", "–", "—", "~", "〜", "～", "to", "bis", "a", "à", "até", "до", "hasta"]

    /// Whether only a range word (and currencies or spaces) separates two numbers.
    private static func isRangeGap(_ chars: [Character], from a: Int, to b: Int) -> Bool {
        guard a < b else { return false }
        let gap = String(chars[a..<b])
        let stripped = CurrencyMarker.all(in: Array(gap)).reversed().reduce(Array(gap)) { acc, m in
            var copy = acc
            copy.replaceSubrange(m.range, with: [" "])
            return copy
        }
        let words = String(stripped).split(whereSeparator: { $0.isWhitespace }).map(String.init)
        return words.count == 1 && rangeWords.contains(words[0].lowercased())
    }
}
