import Foundation
import Model

/// `ReferencePriceParser` ported from arrays of Characters to a `ScalarText`: the same steps in the
/// same order, on scalar values and precomputed flags, with no Foundation call, no String built
/// and no Character in the common path. Returns nil for text it does not take (see `ScalarTable`),
/// which the caller then gives to the reference parser.
enum FastPriceParser {
    static func parse(_ text: String, currencyHint: String?, language: String?) -> PriceText? {
        // Over the limit: no amount (FieldKind.parse names the reason), whichever parser is asked.
        if FieldTextLimit.exceeds(text, FieldTextLimit.numeric) { return PriceText(amount: nil, currency: nil, raw: text) }
        // The text and the lists below reuse this thread's storage: taken here, handed back on the way
        // out. (Swapped out, so a parse nested on the same thread would find them empty and allocate its own.)
        let scratch = PriceScratch.current()
        var storage: [UInt64] = []
        swap(&storage, &scratch.units)
        guard var scanned = ScalarText(text, reusing: consume storage) else { return nil }
        let n = scanned.count
        var markers: [FastMarker] = [], numbers: [FastNumber] = [], raws: [UInt32] = [], candidates: [Candidate] = []
        swap(&markers, &scratch.markers)
        swap(&numbers, &scratch.numbers)
        swap(&raws, &scratch.raws)
        swap(&candidates, &scratch.candidates)
        defer {
            // Storage grown by an unusually long text is let go rather than kept for the thread's life.
            let keep = n <= 4096
            markers.removeAll(keepingCapacity: keep)
            numbers.removeAll(keepingCapacity: keep)
            raws.removeAll(keepingCapacity: keep)
            candidates.removeAll(keepingCapacity: keep)
            swap(&markers, &scratch.markers)
            swap(&numbers, &scratch.numbers)
            swap(&raws, &scratch.raws)
            swap(&candidates, &scratch.candidates)
        }
        FastMarkers.all(in: scanned, 0, n, into: &markers)
        // Currency forms are blanked out first, so "kr.5,00" reads "5,00", not ".5,00".
        for m in markers { for i in m.lo..<m.hi { scanned.mask(i) } }
        // A constant from here on: the local functions below capture it by value, not in a box.
        let t = scanned
        defer { if n <= 4096 { scratch.units = t.units } }
        FastNumbers.all(in: t, raws: &raws, into: &numbers)
        // The words looked for in the whole text, and its script, in one pass.
        let whole = wholeTextScan(t)

        // What HintCurrency would work out, each piece only when asked for.
        func script() -> (japanese: Bool, chinese: Bool) { whole.script }
        var cachedCode: String??
        func hintCode() -> String? {
            if let c = cachedCode { return c }
            let c = scratch.hintCode(currencyHint, language: language, japanese: whole.script.japanese, chinese: whole.script.chinese)
            cachedCode = .some(c)
            return c
        }
        var cachedLanguage: String??
        func lowerLanguage() -> String? {
            if let l = cachedLanguage { return l }
            let l = language?.lowercased()
            cachedLanguage = .some(l)
            return l
        }
        func resolve(_ meaning: CurrencyMarker.Meaning) -> String? {
            HintCurrency.resolve(meaning, code: hintCode, language: lowerLanguage,
                                 japanese: { script().japanese }, chinese: { script().chinese })
        }

        var afterInstallmentCount = false
        for k in numbers.indices {
            let num = numbers[k]
            let end = num.hi
            let afterSpace = firstNonSpace(t, from: end)
            // Percentages are never prices.
            if let a = afterSpace, t.l(a) == 0x25 { continue }
            // "12x de R$ 108,33": an instalment count, which marks the next price.
            if let a = afterSpace, t.l(a) == 0x78 || t.l(a) == 0xD7,
               a + 1 >= n || !t.lIs(a + 1, ScalarTable.letter) {
                afterInstallmentCount = true
                continue
            }
            let prefixStart = k > 0 ? numbers[k - 1].hi : 0
            let suffixEnd = k + 1 < numbers.count ? numbers[k + 1].lo : n
            var c = Candidate(number: num, index: k)
            c.marker = adjacentMarker(markers, num.lo, num.hi, in: t)
            let prefixEnd = c.marker.map { $0.hi <= num.lo ? $0.lo : num.lo } ?? num.lo
            let suffixStart = c.marker.map { $0.lo >= end ? min($0.hi, suffixEnd) : end } ?? end
            let prefixLo = min(prefixStart, prefixEnd), prefixHi = prefixEnd
            let suffixLo = suffixStart, suffixHi = max(suffixStart, suffixEnd)
            // "Only 3 left", "1,234 reviews", "SKU 12345": counts and codes, never prices.
            if c.marker == nil, FastWords.startsWithCountWord(t, suffixLo, suffixHi) || FastWords.endsWithCodeWord(t, prefixLo, prefixHi) { continue }
            // Glued to a word that is not a currency ("100g", "SKU123"): a quantity or a code.
            let gluedBefore = num.lo > 0 && t.sIs(num.lo - 1, ScalarTable.letter)
            let gluedAfter = end < n && t.lIs(end, ScalarTable.letter)
            c.isQuantity = (gluedBefore && c.marker.map { $0.hi != num.lo } ?? true)
                || (gluedAfter && c.marker.map { $0.lo != end } ?? true)
            // The word lists read before the number, and those read after it, each in one pass.
            let before = t.groupsOccurring(prefixWords, prefixLo, prefixHi)
            let after = t.groupsOccurring(suffixWords, suffixLo, suffixHi)
            c.isListPrice = before & Prefix.listPrice != 0
            // The per-unit check reads past the next number: "0,99 €/100g".
            let tailHi = min(n, suffixStart + 24)
            c.label = label(t, before: before, after: after, prefix: (prefixLo, prefixHi), suffix: (suffixLo, suffixHi), tail: (suffixStart, tailHi),
                            afterInstallmentCount: afterInstallmentCount,
                            negative: isNegative(t, before: c.marker.map { min($0.lo, num.lo) } ?? num.lo))
            afterInstallmentCount = false
            candidates.append(c)
        }

        // "10 – 20 €": the first end of a range takes the currency written after the second.
        for i in candidates.indices.dropLast() where candidates[i].marker == nil {
            let next = candidates[i + 1]
            if next.marker != nil, next.index == candidates[i].index + 1,
               isRangeGap(t, from: candidates[i].number.hi, to: next.number.lo) {
                candidates[i].marker = next.marker
            }
        }

        // The result is built once, from locals, at each return (a `var result` filled field by
        // field was copied whole on the way out).
        guard let chosenIndex = bestPriceCandidate(candidates) else {
            let textMarker = markers.first
            let currency = textMarker.map { resolve($0.meaning) } ?? hintCode()
            var label = PriceText.Label.price
            var amount: Decimal?
            if t.occurs(PriceWords.shipping, 0, n) { label = .shipping }
            if t.occurs(PriceWords.free, 0, n) {
                amount = 0
            } else if t.containsLower(0x25, 0, n), t.occurs(PriceWords.saving, 0, n) || t.containsLower(0x2D, 0, n) {
                label = .saving
            }
            return PriceText(amount: amount, currency: currency, currencyText: textMarker.map { FastMarkers.forms[$0.form].text },
                             label: label, isFromPrice: whole.from, isTaxInclusive: whole.taxNote, raw: text)
        }
        let chosen = candidates[chosenIndex]
        let marker = chosen.marker ?? markers.first
        let currency = marker.map { resolve($0.meaning) } ?? hintCode()
        // The currency's fraction digits only decide "1.234"-like numbers: looked up when one asks.
        var cachedDigits: Int??
        func digits() -> Int? {
            if let d = cachedDigits { return d }
            let d = currency.map(Currency.fractionDigits)
            cachedDigits = .some(d)
            return d
        }
        let amount = chosen.number.value(raws, fractionDigits: digits)
        var label = chosen.label
        var minimum: Decimal?, maximum: Decimal?

        // "$10 - $20", "10 – 20 €": the next number follows after only a range word.
        if chosen.label == .price, chosenIndex + 1 < candidates.count {
            let next = candidates[chosenIndex + 1]
            if next.index == chosen.index + 1, isRangeGap(t, from: chosen.number.hi, to: next.number.lo),
               let low = amount, let high = next.number.value(raws, fractionDigits: digits), high > low {
                label = .range
                minimum = low
                maximum = high
            }
        }
        return PriceText(amount: amount, currency: currency, currencyText: marker.map { FastMarkers.forms[$0.form].text },
                         label: label, minimum: minimum, maximum: maximum, isFromPrice: whole.from,
                         isTaxInclusive: whole.taxNote, raw: text)
    }

    fileprivate struct Candidate: PriceCandidate {
        var number: FastNumber
        var index: Int
        var marker: FastMarker?
        var isQuantity = false
        var isListPrice = false
        var label: PriceText.Label = .price
        var hasMarker: Bool { marker != nil }
    }

    /// " " or a group space, on the lowercase text.
    @inline(__always) static func isSpaceOrGroup(_ c: UInt32) -> Bool {
        c == 0x20 || c == 0xA0 || c == 0x202F || c == 0x2009 || c == 0x2007 || c == 0x2008
    }

    private static func firstNonSpace(_ t: ScalarText, from i: Int) -> Int? {
        var j = i
        while j < t.count, isSpaceOrGroup(t.l(j)) { j += 1 }
        return j < t.count ? j : nil
    }

    private static func adjacentMarker(_ markers: [FastMarker], _ lo: Int, _ hi: Int, in t: ScalarText) -> FastMarker? {
        func gapIsBlank(_ a: Int, _ b: Int) -> Bool {
            guard a <= b else { return false }
            guard b - a <= 3 else { return false }
            for i in a..<b where !(t.sIs(i, ScalarTable.whitespace) || t.s(i) == 0x3A) { return false }
            return true
        }
        // Markers are in text order and do not overlap, so both ends are sorted: only the few that
        // end within 3 scalars before the number or start within 3 after it can be adjacent, found by
        // binary search (a scan of every marker per number was quadratic on "€1,€1,€1,...").
        var before: FastMarker?
        var k = firstMarker(markers) { $0.hi >= lo - 3 }
        while k < markers.count, markers[k].hi <= lo {
            if gapIsBlank(markers[k].hi, lo) { before = markers[k] }
            k += 1
        }
        var after: FastMarker?
        k = firstMarker(markers) { $0.lo >= hi }
        while k < markers.count, markers[k].lo <= hi + 3 {
            if gapIsBlank(hi, markers[k].lo) { after = markers[k]; break }
            k += 1
        }
        switch (before, after) {
        case let (b?, a?):
            if a.lo == hi { return a }
            if b.hi == lo { return b }
            return a
        case let (b?, nil): return b
        case let (nil, a?): return a
        default: return nil
        }
    }

    /// The index of the first marker for which `isPast` holds (markers in text order, `isPast` false
    /// then true along them), or `markers.count`.
    private static func firstMarker(_ markers: [FastMarker], _ isPast: (FastMarker) -> Bool) -> Int {
        var lo = 0, hi = markers.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if isPast(markers[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    private static func isNegative(_ t: ScalarText, before start: Int) -> Bool {
        var i = start - 1
        while i >= 0, t.l(i) == 0x20 { i -= 1 }
        guard i >= 0, t.l(i) == 0x2D || t.l(i) == 0x2212 else { return false }
        var j = i - 1
        while j >= 0, t.l(j) == 0x20 { j -= 1 }
        if j < 0 { return true }
        return !(t.lIs(j, ScalarTable.number) || t.lIs(j, ScalarTable.letter) || t.l(j) == 0x24 || t.l(j) == 0x20AC)
    }

    private static let perUnitJapanese: [UInt32] = Array("当たり".unicodeScalars.map(\.value))

    /// The lists read before a number, joined; bit g of a `groupsOccurring` answer is list g.
    private static let prefixWords = GroupedWords([PriceWords.listPrice, PriceWords.installment, PriceWords.saving, PriceWords.shipping])
    private enum Prefix {
        static let listPrice: UInt8 = 1, installment: UInt8 = 2, saving: UInt8 = 4, shipping: UInt8 = 8
    }
    /// The lists read after a number, joined.
    private static let suffixWords = GroupedWords([ReferencePriceParser.installmentAfter, ReferencePriceParser.offWord, PriceWords.shipping])
    private enum Suffix {
        static let installmentAfter: UInt8 = 1, off: UInt8 = 2, shipping: UInt8 = 4
    }

    /// `before` and `after`: which lists of `prefixWords` occur in the prefix, of `suffixWords` in the suffix.
    private static func label(_ t: ScalarText, before: UInt8, after: UInt8, prefix: (Int, Int), suffix: (Int, Int), tail: (Int, Int),
                              afterInstallmentCount: Bool, negative: Bool) -> PriceText.Label {
        if afterInstallmentCount || before & Prefix.installment != 0 || after & Suffix.installmentAfter != 0 {
            return .installment
        }
        if FastWords.startsWithPerUnit(t, tail.0, tail.1) || FastWords.endsWithQuantity(t, prefix.0, prefix.1)
            || t.hasPrefix(perUnitJapanese, suffix.0, suffix.1) {
            return .unitPrice
        }
        if negative || before & Prefix.saving != 0 || after & Suffix.off != 0 {
            return .saving
        }
        if before & Prefix.shipping != 0 || after & Suffix.shipping != 0 {
            return .shipping
        }
        return .price
    }

    /// What the parse reads off the whole text: HintCurrency's script test, and the words of
    /// `PriceWords.from`, `.taxIncluded`, `.taxExcluded` and `HintCurrency.japaneseWords`.
    struct WholeText {
        var from = false
        var taxNote: Bool?
        var script: (japanese: Bool, chinese: Bool)
    }

    /// The four lists in one, in this order; `wholeGroupEnds[g]` is where list g's words end.
    private static let wholeWords = WordList(joining: [PriceWords.from, PriceWords.taxIncluded, PriceWords.taxExcluded, HintCurrency.japaneseWords])
    private static let wholeGroupEnds: (Int, Int, Int) = (
        PriceWords.from.words.count,
        PriceWords.from.words.count + PriceWords.taxIncluded.words.count,
        PriceWords.from.words.count + PriceWords.taxIncluded.words.count + PriceWords.taxExcluded.words.count
    )

    /// One pass over the lowercase text where there were a `firstOffset` per list (the first match
    /// of each list is the earliest position where one of its words matches) and a script loop.
    static func wholeTextScan(_ t: ScalarText) -> WholeText {
        let list = wholeWords
        let (fromEnd, inclEnd, exclEnd) = wholeGroupEnds
        let n = t.count
        var from = false, incl = -1, excl = -1, japaneseWord = false
        var kana = false, han = false
        @inline(__always) func found(_ k: Int, _ i: Int) {
            if k < fromEnd { from = true } else if k < inclEnd { if incl < 0 { incl = i } } else if k < exclEnd { if excl < 0 { excl = i } } else { japaneseWord = true }
        }
        var i = 0
        while i < n {
            let c = t.l(i)
            if c < 128 {
                let bit: UInt64 = 1 << UInt64(c & 63)
                if (c < 64 ? list.asciiMask.0 : list.asciiMask.1) & bit != 0 {
                    for k in list.asciiFirst[Int(c)] where t.matches(list.words[k], at: i, 0, n) { found(k, i) }
                }
            } else {
                if c >= 0x3040 && c <= 0x30FF { kana = true } else if c >= 0x4E00 && c <= 0x9FFF { han = true }
                for (f, k) in list.otherFirst where f == c && t.matches(list.words[k], at: i, 0, n) { found(k, i) }
            }
            i += 1
        }
        let japanese = kana || japaneseWord
        let taxNote: Bool? = incl >= 0 ? (excl >= 0 ? incl < excl : true) : (excl >= 0 ? false : nil)
        return WholeText(from: from, taxNote: taxNote, script: (japanese, han && !japanese))
    }

    private static let rangeWords: [[UInt32]] = ReferencePriceParser.rangeWords.map { $0.unicodeScalars.map(\.value) }

    /// Whether only a range word (and currencies or spaces) separates two numbers: the gap, with its
    /// currency forms read as spaces, is one word, lowercased a range word.
    private static func isRangeGap(_ t: ScalarText, from a: Int, to b: Int) -> Bool {
        guard a < b else { return false }
        let markers = FastMarkers.all(in: t, a, b)
        var m = 0
        var word: (Int, Int)?
        var i = a
        while i < b {
            if m < markers.count, markers[m].lo == i {
                i = markers[m].hi
                m += 1
                continue
            }
            if t.sIs(i, ScalarTable.whitespace) { i += 1; continue }
            var j = i + 1
            while j < b, !t.sIs(j, ScalarTable.whitespace), !(m < markers.count && markers[m].lo == j) { j += 1 }
            if word != nil { return false }
            word = (i, j)
            i = j
        }
        guard let (lo, hi) = word else { return false }
        return rangeWords.contains { $0.count == hi - lo && t.hasWord($0, at: lo) }
    }
}

/// A currency form found in a `ScalarText`: an index into `FastMarkers.forms`.
struct FastMarker {
    var form: Int
    var lo: Int
    var hi: Int
    var meaning: CurrencyMarker.Meaning { FastMarkers.forms[form].meaning }
}

/// `CurrencyMarker.all` on scalars.
enum FastMarkers {
    struct Form: Sendable {
        var scalars: [UInt32]
        var text: String
        var meaning: CurrencyMarker.Meaning
        var lastIsLetter: Bool
    }

    /// `CurrencyMarker.forms`, in its order (longest first).
    static let forms: [Form] = CurrencyMarker.forms.map { form, meaning in
        Form(scalars: form.unicodeScalars.map(\.value), text: form, meaning: meaning, lastIsLetter: form.last!.isLetter)
    }
    /// `forms` laid out flat for the scan: per first scalar, the form indices in `forms` order.
    private final class Index: Sendable {
        /// For ASCII c, forms `byFirst[asciiStart[c]..<asciiStart[c + 1]]`.
        let asciiStart: [Int32]
        /// Non-ASCII first scalars, each with its range in `byFirst`; `otherBits` (bit c % 1024) rejects most others.
        let otherFirst: [(scalar: UInt32, lo: Int32, hi: Int32)]
        let otherBits: [UInt64]
        let byFirst: [Int32]
        /// Each form's scalars in `scalars[scalarStart[k]..<scalarStart[k + 1]]`.
        let scalarStart: [Int32]
        let scalars: [UInt32]
        let lastIsLetter: [Bool]
        /// Bit c (of .0 for c < 64, of .1 for 64 <= c < 128) set when a form starts with ASCII c.
        let asciiMask: (UInt64, UInt64)

        init(_ forms: [Form]) {
            var byFirst: [Int32] = []
            var asciiStart: [Int32] = []
            for c in 0..<128 {
                asciiStart.append(Int32(byFirst.count))
                for (k, f) in forms.enumerated() where f.scalars[0] == UInt32(c) { byFirst.append(Int32(k)) }
            }
            asciiStart.append(Int32(byFirst.count))
            var others: [UInt32] = []
            for f in forms where f.scalars[0] >= 128 && !others.contains(f.scalars[0]) { others.append(f.scalars[0]) }
            var otherFirst: [(scalar: UInt32, lo: Int32, hi: Int32)] = []
            var bits = [UInt64](repeating: 0, count: 16)
            for o in others {
                let lo = Int32(byFirst.count)
                for (k, f) in forms.enumerated() where f.scalars[0] == o { byFirst.append(Int32(k)) }
                otherFirst.append((o, lo, Int32(byFirst.count)))
                bits[Int(o % 1024) >> 6] |= 1 << UInt64(o % 64)
            }
            var scalarStart: [Int32] = [], scalars: [UInt32] = []
            for f in forms { scalarStart.append(Int32(scalars.count)); scalars += f.scalars }
            scalarStart.append(Int32(scalars.count))
            self.asciiStart = asciiStart
            self.otherFirst = otherFirst
            self.otherBits = bits
            self.byFirst = byFirst
            self.scalarStart = scalarStart
            self.scalars = scalars
            self.lastIsLetter = forms.map(\.lastIsLetter)
            var mask: (UInt64, UInt64) = (0, 0)
            for f in forms where f.scalars[0] < 128 {
                let c = f.scalars[0]
                if c < 64 { mask.0 |= 1 << UInt64(c) } else { mask.1 |= 1 << UInt64(c - 64) }
            }
            asciiMask = mask
        }
    }
    private static let index = Index(forms)

    /// The index in `forms` of "R" (-1 if none).
    static let loneR: Int = forms.firstIndex { $0.text == "R" } ?? -1

    /// The first currency form at or after `i` that `all(in: t, lo, hi)` finds (i a position it
    /// reaches: lo, or the end of a form it found).
    static func next(in t: ScalarText, from i: Int, _ lo: Int, _ hi: Int) -> FastMarker? {
        let x = index
        var i = i
        while i < hi {
            // Most positions hold an ASCII scalar no form starts with (digits, most letters).
            let c = t.s(i)
            if c < 128, (c < 64 ? x.asciiMask.0 : x.asciiMask.1) & (1 << UInt64(c & 63)) == 0 {
                i += 1
                continue
            }
            if let m = match(t, at: i, lo, hi, x) { return m }
            i += 1
        }
        return nil
    }

    /// Every currency form in lo..<hi of the (unmasked) text, as `CurrencyMarker.all` finds them in
    /// the Characters of that stretch alone.
    static func all(in t: ScalarText, _ lo: Int, _ hi: Int) -> [FastMarker] {
        var found: [FastMarker] = []
        all(in: t, lo, hi, into: &found)
        return found
    }

    /// `all`, appended to `found`: each form found, then the next one after its end.
    static func all(in t: ScalarText, _ lo: Int, _ hi: Int, into found: inout [FastMarker]) {
        var i = lo
        while let m = next(in: t, from: i, lo, hi) {
            found.append(m)
            i = m.hi
        }
    }

    private static func match(_ t: ScalarText, at i: Int, _ lo: Int, _ hi: Int, _ x: Index) -> FastMarker? {
        let c = t.s(i)
        var from: Int32 = 0, to: Int32 = 0
        if c < 128 {
            from = x.asciiStart[Int(c)]
            to = x.asciiStart[Int(c) + 1]
            if from == to { return nil }
        } else {
            guard x.otherBits[Int(c % 1024) >> 6] & (1 << UInt64(c % 64)) != 0 else { return nil }
            var found = false
            for o in x.otherFirst where o.scalar == c { from = o.lo; to = o.hi; found = true; break }
            if !found { return nil }
        }
        if t.sIs(i, ScalarTable.whitespace) || t.sIs(i, ScalarTable.number) { return nil }
        if i > lo, t.sIs(i - 1, ScalarTable.letter), t.sIs(i, ScalarTable.letter) { return nil }
        for q in Int(from)..<Int(to) {
            let k = Int(x.byFirst[q])
            let fLo = Int(x.scalarStart[k]), count = Int(x.scalarStart[k + 1]) - fLo
            guard i + count <= hi else { continue }
            var same = true
            for j in 0..<count where t.s(i + j) != x.scalars[fLo + j] { same = false; break }
            guard same else { continue }
            let end = i + count
            if x.lastIsLetter[k], end < hi, t.sIs(end, ScalarTable.letter) { continue }
            return FastMarker(form: k, lo: i, hi: end)
        }
        return nil
    }
}

/// A number found in a `ScalarText`: where it sits, and its digits and separators in a shared buffer.
struct FastNumber {
    var lo: Int
    var hi: Int
    var rawLo: Int
    var rawHi: Int

    @inline(__always) static func isDigit(_ c: UInt32) -> Bool { c >= 0x30 && c <= 0x39 }

    /// `NumberText.value` on the raw scalars.
    func value(_ raws: [UInt32], fractionDigits: Int?) -> Decimal? {
        value(raws, fractionDigits: { fractionDigits })
    }

    /// The same, asking for the fraction digits only when the separators leave it open.
    func value(_ raws: [UInt32], fractionDigits: () -> Int?) -> Decimal? {
        switch read(raws, fractionDigits: fractionDigits) {
        case .parts(let mantissa, let exponent): return FastDecimal.make(mantissa, exponent: exponent)
        case .zero(let fraction): return FastDecimal.zero(fraction: fraction)
        case .text(let plain): return NumberText.decimal(plain) ?? Decimal(string: plain, locale: NumberText.posix)
        case .none: return nil
        }
    }

    /// The mantissa and exponent `value` builds its Decimal from, when it reads the digits itself.
    func valueParts(_ raws: [UInt32], fractionDigits: Int?) -> (UInt64, Int)? {
        if case .parts(let mantissa, let exponent) = read(raws, fractionDigits: { fractionDigits }) { return (mantissa, exponent) }
        return nil
    }

    private enum Reading {
        case parts(UInt64, Int)
        /// Zero digits, `fraction` of them after the mark ("0,00").
        case zero(Int)
        case text(String)
        case none
    }

    @inline(__always) private static func isHardGroup(_ c: UInt32) -> Bool { c == 0x20 || c == 0x27 || c == 0x2019 || c == 0x66C }

    /// NumberText.value's steps on the raw scalars in place: leading marks, hard groups dropped, "٫"
    /// read as ",", the decimal mark chosen, then the digits. Positions below count in the cleaned
    /// sequence (as the array NumberText builds), without building it.
    private func read(_ raws: [UInt32], fractionDigits: () -> Int?) -> Reading {
        raws.withUnsafeBufferPointer { all in
            let r = UnsafeBufferPointer(rebasing: all[rawLo..<rawHi])
            var lo = 0
            while lo < r.count, !FastNumber.isDigit(r[lo]) { lo += 1 }
            // Leading marks: ".75" is 0.75 ("0." put in front); before further marks ("$.750.30") noise.
            var prefixZeroPoint = false
            if lo > 0 {
                var restHasMark = false
                for k in lo..<r.count where r[k] == 0x2E || r[k] == 0x2C { restHasMark = true; break }
                prefixZeroPoint = !restHasMark
            } 
            var hasHardGroup = false
            for k in lo..<r.count where FastNumber.isHardGroup(r[k]) { hasHardGroup = true; break }
            @inline(__always) func mark(_ c: UInt32) -> UInt32 { c == 0x66B ? 0x2C : c }
            @inline(__always) func isMark(_ c: UInt32) -> Bool { c == 0x2E || c == 0x2C || c == 0x66B }
            // The cleaned sequence: ["0", "."] when prefixZeroPoint, then r[lo...] without hard groups.
            let head = prefixZeroPoint ? 2 : 0
            var count = head
            var lastMarkRaw = -1, lastMarkPos = -1
            for k in lo..<r.count where !FastNumber.isHardGroup(r[k]) {
                if isMark(r[k]) { lastMarkRaw = k; lastMarkPos = count }
                count += 1
            }
            if lastMarkRaw < 0 && prefixZeroPoint { lastMarkPos = 1 }
            var decimalPos = -1
            if lastMarkPos >= 0 {
                let last = lastMarkRaw >= 0 ? mark(r[lastMarkRaw]) : 0x2E
                var sameEarlier = false, otherEarlier = false
                if prefixZeroPoint && lastMarkRaw >= 0 {
                    if last == 0x2E { sameEarlier = true } else { otherEarlier = true }
                }
                if lastMarkRaw >= 0 {
                    for k in lo..<lastMarkRaw where isMark(r[k]) {
                        if mark(r[k]) == last { sameEarlier = true } else { otherEarlier = true }
                    }
                }
                let digitsAfter = count - lastMarkPos - 1
                if sameEarlier {
                    decimalPos = -1
                } else if otherEarlier || hasHardGroup {
                    decimalPos = lastMarkPos
                } else if digitsAfter == 3 {
                    // The integer part is "0": one character, a zero, before the mark.
                    let integerIsZero = lastMarkPos == 1 && (prefixZeroPoint || firstKept(r, lo) == 0x30)
                    decimalPos = (integerIsZero || fractionDigits() == 3) ? lastMarkPos : -1
                } else {
                    decimalPos = lastMarkPos
                }
            }
            // NumberText.decimal, on the digits directly; Decimal(string:) past 18 digits or for zero.
            var mantissa: UInt64 = 0, digits = 0, fraction = 0, seenPoint = false, plainCount = 0
            var fast = true
            var pos = 0
            func take(_ c: UInt32) {
                if FastNumber.isDigit(c) {
                    plainCount += 1
                    mantissa = mantissa &* 10 &+ UInt64(c - 0x30)
                    digits += 1
                    if seenPoint { fraction += 1 }
                    if digits > 18 { fast = false }
                } else if pos == decimalPos {
                    plainCount += 1
                    seenPoint = true
                }
                pos += 1
            }
            if prefixZeroPoint { take(0x30); take(0x2E) }
            for k in lo..<r.count where !FastNumber.isHardGroup(r[k]) { take(mark(r[k])) }
            guard plainCount > 0 else { return .none }
            if fast, digits > 0, mantissa > 0 {
                return .parts(mantissa, -fraction)
            }
            if fast, digits > 0, mantissa == 0 {
                return .zero(fraction)
            }
            var plain = ""
            pos = 0
            func put(_ c: UInt32) {
                if FastNumber.isDigit(c) { plain.unicodeScalars.append(Unicode.Scalar(c)!) } else if pos == decimalPos { plain.append(".") }
                pos += 1
            }
            if prefixZeroPoint { put(0x30); put(0x2E) }
            for k in lo..<r.count where !FastNumber.isHardGroup(r[k]) { put(r[k]) }
            return .text(plain)
        }
    }

    /// The first scalar at or after lo that is not a hard group.
    private func firstKept(_ r: UnsafeBufferPointer<UInt32>, _ lo: Int) -> UInt32? {
        for k in lo..<r.count where !FastNumber.isHardGroup(r[k]) { return r[k] }
        return nil
    }
}

/// `NumberText.all` on the masked scalars.
enum FastNumbers {
    @inline(__always) static func isMark(_ c: UInt32) -> Bool {
        c == 0x2E || c == 0x2C || c == 0x27 || c == 0x2019 || c == 0x66B || c == 0x66C
    }

    static func all(in t: ScalarText, raws: inout [UInt32]) -> [FastNumber] {
        var found: [FastNumber] = []
        all(in: t, raws: &raws, into: &found)
        return found
    }

    /// `all`, appended to `found`.
    static func all(in t: ScalarText, raws: inout [UInt32], into found: inout [FastNumber]) {
        var i = 0
        while i < t.count {
            if let n = scan(t, from: i, raws: &raws) {
                found.append(n)
                i = max(n.hi, i + 1)
            } else {
                i += 1
            }
        }
    }

    private static func digitRun(_ t: ScalarText, from i: Int) -> Int {
        var j = i
        while j < t.count, FastNumber.isDigit(t.masked(j)) { j += 1 }
        return j - i
    }

    private static func scan(_ t: ScalarText, from start: Int, raws: inout [UInt32]) -> FastNumber? {
        let n = t.count
        var i = start
        if start > 0, FastNumber.isDigit(t.masked(start - 1)) { return nil }
        // At most two leading marks (".5", ",-5"): reading further is wasted (and quadratic on "1....").
        while i < n, i - start <= 2, isMark(t.masked(i)) { i += 1 }
        guard i < n, FastNumber.isDigit(t.masked(i)), i - start <= 2 else { return nil }
        let rawLo = raws.count
        for k in start..<i { raws.append(t.masked(k)) }
        var sawDecimalLike = false
        var allDigits = i == start
        var trailingDigits = 0
        while i < n {
            let c = t.masked(i)
            if FastNumber.isDigit(c) {
                raws.append(c); i += 1; trailingDigits += 1; continue
            }
            let next: UInt32? = i + 1 < n ? t.masked(i + 1) : nil
            if isMark(c), let nx = next, FastNumber.isDigit(nx) {
                raws.append(c); i += 1; sawDecimalLike = true; allDigits = false; trailingDigits = 0; continue
            }
            // "1 299,90", "9 800": a space groups only when exactly three digits follow.
            if FastPriceParser.isSpaceOrGroup(c), !sawDecimalLike, let nx = next, FastNumber.isDigit(nx),
               digitRun(t, from: i + 1) == 3, trailingDigits <= 3 {
                raws.append(0x20); i += 1; allDigits = false; trailingDigits = 0; continue
            }
            // "$119. 95": a split decimal part of one or two digits.
            if c == 0x2E, allDigits, let nx = next, FastPriceParser.isSpaceOrGroup(nx),
               i + 2 < n, FastNumber.isDigit(t.masked(i + 2)) {
                let run = digitRun(t, from: i + 2)
                if run <= 2 { raws.append(0x2E); i += 2; allDigits = false; trailingDigits = 0; continue }
            }
            break
        }
        var end = i
        // "12,-", "12.–", "610,": the trailing marks belong to the number but add nothing.
        if end < n, t.masked(end) == 0x2C || t.masked(end) == 0x2E {
            if end + 1 < n {
                let after = t.masked(end + 1)
                if after == 0x2D || after == 0x2013 { end += 2 }
                else if !t.maskedIsLetter(end + 1) { end += 1 }
            } else {
                end += 1
            }
        }
        return FastNumber(lo: start, hi: end, rawLo: rawLo, rawHi: raws.count)
    }
}

/// The currency a hint names (`HintCurrency.code(of:)`), without Foundation for the usual hints.
enum FastHint {
    /// Whether the uppercase of non-ASCII scalar v may hold ASCII ("ı" is "I", "ß" is "SS", "ﬀ" is "FF"):
    /// only these few BMP scalars (the tests hold the list against the scalar properties), so the
    /// others need no property lookup.
    @inline(__always) static func mayUppercaseToASCII(_ v: UInt32) -> Bool {
        v <= 0x1F0 || (v >= 0x1E96 && v <= 0x1E9A) || (v >= 0xFB00 && v <= 0xFB06) || v > 0xFFFF
    }

    /// The ISO codes by their three ASCII bytes.
    private static let isoByKey: [UInt32: String] = Dictionary(uniqueKeysWithValues: CurrencyMarker.isoCodes.map { code in
        (code.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }, code)
    })

    static func code(of hint: String?, language: String?, japanese: Bool, chinese: Bool) -> String? {
        var storage: [UInt64] = []
        return code(of: hint, language: language, japanese: japanese, chinese: chinese, storage: &storage)
    }

    /// `code`, decoding the hint into `storage`'s memory (and leaving it there for the next call).
    static func code(of hint: String?, language: String?, japanese: Bool, chinese: Bool, storage: inout [UInt64]) -> String? {
        guard let hint else { return nil }
        var taken: [UInt64] = []
        swap(&taken, &storage)
        // Trimmed as TextNormal.trimmed does: Foundation's whitespacesAndNewlines.
        guard let h = ScalarText(hint, reusing: consume taken) else {
            return HintCurrency.code(of: hint, language: language, japanese: japanese, chinese: chinese)
        }
        defer { if h.count <= 4096 { storage = h.units } }
        var lo = 0, hi = h.count
        while lo < hi, h.sIs(lo, ScalarTable.trimSpaceOrNewline) { lo += 1 }
        while hi > lo, h.sIs(hi - 1, ScalarTable.trimSpaceOrNewline) { hi -= 1 }
        guard hi > lo else { return nil }
        // An ISO code, in any case: uppercasing never shortens a text, so only three scalars can be one.
        if hi - lo <= 3 {
            // A scalar that uppercasing changes may turn into a code ("ıSK" is "ISK"): the Foundation
            // way. Other non-ASCII scalars stay in the uppercased text, which is then no ASCII code.
            // (Positions in `h` are the hint's scalars: trimming is read there.)
            var ascii = true
            for (k, u) in hint.unicodeScalars.enumerated() where k >= lo && k < hi && u.value >= 0x80 {
                ascii = false
                if FastHint.mayUppercaseToASCII(u.value), u.properties.changesWhenUppercased, u.properties.uppercaseMapping.utf8.contains(where: { $0 < 0x80 }) {
                    return HintCurrency.code(of: hint, language: language, japanese: japanese, chinese: chinese)
                }
            }
            // ASCII: uppercasing is ASCII's, and NFKC leaves the text as it is.
            if ascii, hi - lo == 3 {
                var key: UInt32 = 0
                for i in lo..<hi {
                    var c = h.s(i)
                    if c >= 0x61 && c <= 0x7A { c -= 0x20 }
                    key = key << 8 | c
                }
                if let code = isoByKey[key] { return code }
            }
        }
        // ScalarText holds the NFKC form, as `Array(TextNormal.nfkc(hint))` would.
        var at = lo
        while let m = FastMarkers.next(in: h, from: at, lo, hi) {
            at = m.hi
            // A lone "R" in hint text is too weak a sign ("R" could be anything in a label).
            if m.form == FastMarkers.loneR && hi - lo > 1 { continue }
            if let c = HintCurrency.resolve(m.meaning, code: { nil }, language: { language?.lowercased() },
                                            japanese: { japanese }, chinese: { chinese }) { return c }
        }
        return nil
    }
}

/// The `PriceWords` checks that read Characters, on the lowercase scalars in lo..<hi.
enum FastWords {
    private struct Word {
        var scalars: [UInt32]
        var firstIsASCII: Bool
        init(_ w: String) {
            scalars = w.unicodeScalars.map(\.value)
            firstIsASCII = w.first!.isASCII
        }
    }

    private static let countWords = PriceWords.countWords.map(Word.init)
    private static let codeWords = PriceWords.codeWords.map(Word.init)
    private static let units = PriceWords.units.map(Word.init)
    private static let perWords = ["per ", "pro ", "je ", "por ", "le ", "la ", "pour "].map(Word.init)
    private static let quantityEnds = ["当たり", "あたり", "单价", "單價"].map(Word.init)

    static func startsWithCountWord(_ t: ScalarText, _ lo: Int, _ hi: Int) -> Bool {
        var a = lo
        while a < hi, FastPriceParser.isSpaceOrGroup(t.l(a)) { a += 1 }
        for w in countWords where t.hasPrefix(w.scalars, a, hi) {
            let after = a + w.scalars.count
            if !(w.firstIsASCII && after < hi && t.lIs(after, ScalarTable.letter)) { return true }
        }
        return false
    }

    static func endsWithCodeWord(_ t: ScalarText, _ lo: Int, _ hi: Int) -> Bool {
        var b = hi
        while b > lo, FastPriceParser.isSpaceOrGroup(t.l(b - 1)) { b -= 1 }
        for w in codeWords where t.hasSuffix(w.scalars, lo, b) {
            let before = b - w.scalars.count - 1
            if !(before >= lo && t.lIs(before, ScalarTable.letter)) { return true }
        }
        return false
    }

    static func startsWithPerUnit(_ t: ScalarText, _ lo: Int, _ hi: Int) -> Bool {
        var a = lo
        while a < hi, t.lIs(a, ScalarTable.whitespace) || t.l(a) == 0x29 || t.l(a) == 0x2A { a += 1 }
        if a < hi, t.l(a) == 0x2F {
            a += 1
        } else if let w = perWords.first(where: { t.hasPrefix($0.scalars, a, hi) }) {
            a += w.scalars.count
        } else {
            return false
        }
        while a < hi, t.lIs(a, ScalarTable.whitespace) { a += 1 }
        for u in units where t.hasPrefix(u.scalars, a, hi) {
            let after = a + u.scalars.count
            if !(after < hi && t.lIs(after, ScalarTable.letter)) { return true }
        }
        return false
    }

    /// `TextNormal.trimmed(_, newlines: false)`: CharacterSet.whitespaces off both ends.
    private static func trimmed(_ t: ScalarText, _ lo: Int, _ hi: Int) -> (Int, Int) {
        var a = lo, b = hi
        while a < b, t.lIs(a, ScalarTable.trimSpace) { a += 1 }
        while b > a, t.lIs(b - 1, ScalarTable.trimSpace) { b -= 1 }
        return (a, b)
    }

    static func endsWithQuantity(_ t: ScalarText, _ lo: Int, _ hi: Int) -> Bool {
        let (a, b) = trimmed(t, lo, hi)
        if quantityEnds.contains(where: { t.hasSuffix($0.scalars, a, b) }) { return true }
        guard b > a, t.l(b - 1) == 0x3D || t.l(b - 1) == 0x3A else { return false }
        let (c, d) = trimmed(t, a, b - 1)
        return units.contains { u in
            guard t.hasSuffix(u.scalars, c, d) else { return false }
            let before = d - u.scalars.count - 1
            return before < c || t.lIs(before, ScalarTable.number) || t.l(before) == 0x20
        }
    }
}

/// The price parser's working lists, one set per thread, emptied and reused by every parse on it so
/// that a parse allocates none of them once the thread has parsed a few texts.
final class PriceScratch {
    fileprivate var markers: [FastMarker] = []
    fileprivate var numbers: [FastNumber] = []
    fileprivate var raws: [UInt32] = []
    fileprivate var candidates: [FastPriceParser.Candidate] = []
    /// The text's scalars (`ScalarText.units`), and the hint's.
    fileprivate var units: [UInt64] = []
    fileprivate var hintUnits: [UInt64] = []
    /// The last hint this thread resolved and what it came to: a crawl passes the same hint for
    /// every field of a job.
    private var lastHint: String?
    private var lastLanguage: String?
    private var lastScript: (Bool, Bool) = (false, false)
    private var lastCode: String?

    /// `FastHint.code`, remembered for the last hint, language and script.
    func hintCode(_ hint: String?, language: String?, japanese: Bool, chinese: Bool) -> String? {
        guard let hint else { return nil }
        if let last = lastHint, last == hint, lastLanguage == language, lastScript == (japanese, chinese) { return lastCode }
        let code = FastHint.code(of: hint, language: language, japanese: japanese, chinese: chinese, storage: &hintUnits)
        lastHint = hint
        lastLanguage = language
        lastScript = (japanese, chinese)
        lastCode = code
        return code
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { p in
            if let p { Unmanaged<PriceScratch>.fromOpaque(p).release() }
        }
        return key
    }()

    static func current() -> PriceScratch {
        if let p = pthread_getspecific(key) { return Unmanaged<PriceScratch>.fromOpaque(p).takeUnretainedValue() }
        let s = PriceScratch()
        pthread_setspecific(key, Unmanaged.passRetained(s).toOpaque())
        return s
    }
}
