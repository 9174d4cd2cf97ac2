import Foundation
import Model

// The rating, count, sales and availability parsers ported from arrays of Characters to a
// `ScalarText`, as `FastPriceParser` was: the same steps in the same order, on the lowercase NFKC
// scalars. Each returns nil for text it does not take (a scalar that is not simple, see
// `ScalarTable`), which then goes to its `Reference...` counterpart.

/// Scalar-level helpers shared by the counter parsers.
enum FastCounters {
    @inline(__always) static func scalars(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }

    /// `Decimal(string: raw, locale: POSIX)` for raw scalars, with "," read as "." and (when
    /// `dropSpaces`) spaces left out; without Foundation for plain digits with at most one point.
    static func decimal(_ raws: [UInt32], _ lo: Int, _ hi: Int, dropSpaces: Bool) -> Decimal? {
        if let (mantissa, exponent) = decimalParts(raws, lo, hi, dropSpaces: dropSpaces) {
            return Decimal(sign: .plus, exponent: exponent, significand: Decimal(mantissa))
        }
        var plain = String.UnicodeScalarView()
        for k in lo..<hi {
            let c = raws[k]
            if dropSpaces && c == 0x20 { continue }
            plain.append(c == 0x2C ? "." : Unicode.Scalar(c)!)
        }
        return Decimal(string: String(plain), locale: NumberText.posix)
    }

    /// The mantissa and exponent `decimal` builds its value from, when it reads the digits itself
    /// (NumberText.decimal's rules: ASCII digits, at most one point, up to 18 digits, not zero).
    static func decimalParts(_ raws: [UInt32], _ lo: Int, _ hi: Int, dropSpaces: Bool) -> (UInt64, Int)? {
        var mantissa: UInt64 = 0, digits = 0, fraction = 0, seenPoint = false
        var k = lo
        while k < hi {
            let c = raws[k]
            k += 1
            if c == 0x2E || c == 0x2C {
                if seenPoint { return nil }
                seenPoint = true
                continue
            }
            if dropSpaces && c == 0x20 { continue }
            guard c >= 0x30 && c <= 0x39 else { return nil }
            mantissa = mantissa * 10 + UInt64(c - 0x30)
            digits += 1
            if seenPoint { fraction += 1 }
            if digits > 18 { return nil }
        }
        guard mantissa > 0 else { return nil }
        return (mantissa, -fraction)
    }

    /// Whether the lowercase text in lo..<hi contains the scalars of `word`.
    static func contains(_ t: ScalarText, _ word: [UInt32], _ lo: Int, _ hi: Int) -> Bool {
        guard hi - lo >= word.count else { return false }
        var i = lo
        while i + word.count <= hi {
            if t.hasWord(word, at: i) { return true }
            i += 1
        }
        return false
    }

    /// Whether the original text has an ASCII digit (`Character.isASCII && isNumber` when every
    /// Character is one scalar).
    static func hasASCIIDigit(_ text: String) -> Bool {
        text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 }
    }
}

/// `ReferenceRatingParser` on scalars.
enum FastRatingParser {
    private static let outOf: [[UInt32]] = ReferenceRatingParser.outOf.map(FastCounters.scalars)
    private static let scaleFirst: [UInt32] = FastCounters.scalars("のうち")

    static func parse(_ text: String) -> Result<Decimal, FieldParseError>? {
        if let tooLong = FieldTextLimit.refusal(text, kind: .rating) { return .failure(tooLong) }
        guard let original = ScalarText(text) else { return nil }
        func fail(_ reason: String) -> Result<Decimal, FieldParseError> {
            .failure(FieldParseError(kind: .rating, input: text, reason: reason))
        }
        // Stars, counted on the text as given: every Character of it is one scalar whose NFKC form
        // is itself one scalar, so a "★" there is a "★" here and nothing else becomes one.
        var filled = 0, empty = 0, halves = 0
        for u in text.unicodeScalars {
            switch u.value {
            case 0x2605: filled += 1
            case 0x2606: empty += 1
            case 0xBD, 0x2BEA: halves += 1
            default: break
            }
        }
        if filled + empty > 0, !FastCounters.hasASCIIDigit(text) {
            let total = filled + empty + halves
            let scale = max(total, 5)
            return .success(fastNormalised((UInt64(filled * 10 + halves * 5), -1), (UInt64(scale), 0))
                ?? ReferenceRatingParser.normalised(Decimal(filled) + Decimal(halves) / 2, scale: Decimal(scale)))
        }
        let t = original.lowercased()
        let n = t.count
        var raws: [UInt32] = []
        let numbers = FastNumbers.all(in: t, raws: &raws)
        guard let first = numbers.first else { return fail("no rating number") }
        func value(_ num: FastNumber) -> Decimal? { FastCounters.decimal(raws, num.rawLo, num.rawHi, dropSpaces: false) }
        func parts(_ num: FastNumber) -> (UInt64, Int)? { FastCounters.decimalParts(raws, num.rawLo, num.rawHi, dropSpaces: false) }
        /// `ReferenceRatingParser.normalised`, in integers when it can.
        func normalised(_ value: Decimal, _ valueParts: (UInt64, Int)?, scale: Decimal, _ scaleParts: (UInt64, Int)?) -> Decimal {
            if let a = valueParts, let b = scaleParts, let r = fastNormalised(a, b) { return r }
            return ReferenceRatingParser.normalised(value, scale: scale)
        }
        guard let v = value(first) else { return fail("unreadable number") }
        let end = first.hi
        var k = end
        while k < n, t.l(k) == 0x20 { k += 1 }
        if k < n, t.l(k) == 0x25 {
            guard v <= 100 else { return fail("percentage above 100") }
            return .success(normalised(v, parts(first), scale: 100, (100, 0)))
        }
        if numbers.count > 1 {
            let next = numbers[1].lo
            if FastCounters.contains(t, scaleFirst, end, next), let rating = value(numbers[1]), v > 0 {
                guard rating <= v else { return fail("rating \(rating) above its scale \(v)") }
                return .success(normalised(rating, parts(numbers[1]), scale: v, parts(first)))
            }
            // TextNormal.trimmed(_, newlines: false): CharacterSet.whitespaces off both ends.
            var a = end, b = next
            while a < b, t.lIs(a, ScalarTable.trimSpace) { a += 1 }
            while b > a, t.lIs(b - 1, ScalarTable.trimSpace) { b -= 1 }
            let gapCount = b - a
            let isOutOf = outOf.contains { w in
                if gapCount == w.count && t.hasWord(w, at: a) { return true }
                return gapCount > w.count && gapCount <= w.count + 2 && t.hasWord(w, at: a) && t.l(a + w.count) == 0x20
            }
            if isOutOf, let scale = value(numbers[1]), scale > 0 {
                guard v <= scale else { return fail("rating \(v) above its scale \(scale)") }
                return .success(normalised(v, parts(first), scale: scale, parts(numbers[1])))
            }
        }
        guard v <= 5 else { return fail("rating \(v) above 5 without a scale such as \"/10\"") }
        return .success(v)
    }
}

extension FastRatingParser {
    /// `ReferenceRatingParser.normalised` (value × 5 / scale, rounded to two places) for
    /// value = a.0 × 10^a.1 and scale = b.0 × 10^b.1, in integers, when the quotient has at most two
    /// places so no rounding happens: then it is the quotient with its mantissa stripped of trailing
    /// zeros, as Decimal arithmetic leaves it. Nil for anything else (that goes the Decimal way).
    static func fastNormalised(_ a: (UInt64, Int), _ b: (UInt64, Int)) -> Decimal? {
        guard a.0 > 0, b.0 > 0 else { return nil }
        // Hundredths: 5a × 10^(ea - eb + 2) / b.
        let k = a.1 - b.1 + 2
        guard k >= -18 && k <= 18 else { return nil }
        var (num, o) = a.0.multipliedReportingOverflow(by: 5)
        guard !o else { return nil }
        var den = b.0
        var power: UInt64 = 1
        for _ in 0..<abs(k) { power *= 10 }
        if k >= 0 {
            (num, o) = num.multipliedReportingOverflow(by: power)
        } else {
            (den, o) = den.multipliedReportingOverflow(by: power)
        }
        guard !o, num % den == 0 else { return nil }
        var mantissa = num / den
        var exponent = -2
        while mantissa % 10 == 0 { mantissa /= 10; exponent += 1 }
        return Decimal(sign: .plus, exponent: exponent, significand: Decimal(mantissa))
    }
}

/// `ReferenceScaledNumber.all` on the lowercase scalars.
enum FastScaledNumber {
    private struct Multiplier {
        var scalars: [UInt32]
        var firstIsASCII: Bool
        var factor: Decimal
        var integerFactor: UInt64
    }

    private static let multipliers: [Multiplier] = ReferenceScaledNumber.multipliers.map { word, factor in
        Multiplier(scalars: FastCounters.scalars(word), firstIsASCII: word.first!.isASCII, factor: factor,
                   integerFactor: NSDecimalNumber(decimal: factor).uint64Value)
    }

    /// `wholeValue` of mantissa × 10^exponent × factor: .some(nil) when it has a fraction, nil when
    /// the integers would overflow (then the Decimal way decides).
    static func whole(_ mantissa: UInt64, _ exponent: Int, _ factor: UInt64) -> Int64?? {
        var (p, o) = mantissa.multipliedReportingOverflow(by: factor)
        guard !o, exponent >= -19, exponent <= 19 else { return nil }
        var power: UInt64 = 1
        for _ in 0..<abs(exponent) { power *= 10 }
        if exponent >= 0 {
            (p, o) = p.multipliedReportingOverflow(by: power)
            guard !o else { return nil }
        } else {
            guard p % power == 0 else { return .some(nil) }
            p /= power
        }
        guard p < UInt64(Int64.max) else { return nil }
        return .some(Int64(p))
    }
    private static let counterWords: [UInt32] = FastCounters.scalars("件人个個条條笔筆点點")
    private static let atLeast: [UInt32] = FastCounters.scalars("以上")

    static func all(in text: String) -> [ScaledNumber]? {
        guard let t = ScalarText(text) else { return nil }
        return all(in: t.lowercased())
    }

    /// On a lowercased text.
    static func all(in t: ScalarText) -> [ScaledNumber] {
        let count = t.count
        var raws: [UInt32] = []
        var result: [ScaledNumber] = []
        for num in FastNumbers.all(in: t, raws: &raws) {
            var end = num.hi
            var j = end
            while j < count, FastPriceParser.isSpaceOrGroup(t.l(j)) { j += 1 }
            var scale: Decimal = 1
            var integerScale: UInt64 = 1
            var scaled = false
            for m in multipliers {
                let w = m.scalars
                guard j + w.count <= count, t.hasWord(w, at: j) else { continue }
                let a = j + w.count
                // "m" or "mi" must stand alone ("1m sold"), not begin a word ("5 minutes").
                if m.firstIsASCII, a < count, t.lIs(a, ScalarTable.letter), !(t.l(a) >= 0x2E80) { continue }
                scale = m.factor
                integerScale = m.integerFactor
                scaled = true
                end = a
                break
            }
            var lowerBound = false
            var k = end
            while k < count, t.l(k) == 0x20 { k += 1 }
            // "1000件以上", "10万+人": a counter word may sit between the number and the bound.
            if k < count, counterWords.contains(t.l(k)), k + 1 < count,
               t.l(k + 1) == 0x2B || t.hasPrefix(atLeast, k + 1, count) { k += 1 }
            if k < count, t.l(k) == 0x2B { lowerBound = true; end = k + 1 }
            else if t.hasPrefix(atLeast, k, count) { lowerBound = true; end = k + 2 }
            if t.occurs(ReferenceScaledNumber.lowerBoundWords, max(0, num.lo - 12), num.lo) { lowerBound = true }
            if num.lo > 0, t.l(num.lo - 1) == 0x2B { lowerBound = true }
            // Scaled numbers use their mark as a decimal point ("1,2 mil"); plain ones group.
            // Only the value matters (wholeValue), not its Decimal form: a plain number is not
            // multiplied by 1, and its whole value comes from the digits when they fit.
            let value: Decimal?
            var knownWhole: Int64??
            if scaled {
                value = FastCounters.decimal(raws, num.rawLo, num.rawHi, dropSpaces: true).map { $0 * scale }
                if let (m, e) = FastCounters.decimalParts(raws, num.rawLo, num.rawHi, dropSpaces: true) {
                    knownWhole = whole(m, e, integerScale)
                }
            } else if let (m, e) = num.valueParts(raws, fractionDigits: 0) {
                value = Decimal(sign: .plus, exponent: e, significand: Decimal(m))
                knownWhole = whole(m, e, 1)
            } else {
                value = num.value(raws, fractionDigits: 0)
            }
            guard let v = value else { continue }
            result.append(ScaledNumber(value: v, isLowerBound: lowerBound, isScaled: scaled,
                                       range: num.lo..<end, knownWhole: knownWhole))
        }
        return result
    }
}

/// `ReferenceSalesParser` on the lowercase scalars.
enum FastSalesParser {
    static func parse(_ text: String) -> Result<SalesCount, FieldParseError>? {
        if let tooLong = FieldTextLimit.refusal(text, kind: .sales) { return .failure(tooLong) }
        guard let original = ScalarText(text) else { return nil }
        let t = original.lowercased()
        let numbers = FastScaledNumber.all(in: t)
        guard let n = numbers.first(where: { $0.wholeValue != nil }), let count = n.wholeValue else {
            return .failure(FieldParseError(kind: .sales, input: text, reason: "no sales number"))
        }
        let end = t.count
        let window: SalesWindow
        if t.occurs(ReferenceSalesParser.month, 0, end) || (end > 0 && t.l(0) == 0x6708) { window = .month }
        else if t.occurs(ReferenceSalesParser.week, 0, end) { window = .week }
        else if t.occurs(ReferenceSalesParser.day, 0, end) { window = .day }
        else if t.occurs(ReferenceSalesParser.total, 0, end) { window = .total }
        else { window = .unknown }
        return .success(SalesCount(count: count, window: window, isLowerBound: n.isLowerBound))
    }
}

/// `ReferenceAvailabilityParser` on the lowercase scalars.
enum FastAvailabilityParser {
    private static let prefixes: [[UInt32]] = ["http://schema.org/", "https://schema.org/", "schema.org/", "http://schema.org/itemavailability/"]
        .map(FastCounters.scalars)
    /// The longest compact text that can name a value ("limitedavailability").
    private static let longestValue = 19

    static func parse(_ text: String) -> Result<Availability, FieldParseError>? {
        if let tooLong = FieldTextLimit.refusal(text, kind: .availability) { return .failure(tooLong) }
        guard let original = ScalarText(text) else { return nil }
        let t = original.lowercased()
        var lo = 0, hi = t.count
        while lo < hi, t.lIs(lo, ScalarTable.trimSpaceOrNewline) { lo += 1 }
        while hi > lo, t.lIs(hi - 1, ScalarTable.trimSpaceOrNewline) { hi -= 1 }
        for p in prefixes where t.hasPrefix(p, lo, hi) { lo += p.count }
        // The text without spaces, when short enough to be a schema.org value.
        var compactCount = 0
        for i in lo..<hi where t.l(i) != 0x20 { compactCount += 1 }
        if compactCount <= longestValue {
            var v = String.UnicodeScalarView()
            for i in lo..<hi where t.l(i) != 0x20 { v.append(Unicode.Scalar(t.l(i))!) }
            let compact = String(v)
            if let a = Availability.allCases.first(where: { $0.rawValue.lowercased() == compact }) { return .success(a) }
            switch compact {
            case "soldout": return .success(.outOfStock)
            case "presale": return .success(.preOrder)
            case "instoreonly", "onlineonly", "limitedavailability": return .success(compact == "limitedavailability" ? .limitedAvailability : .inStock)
            default: break
            }
        }
        // "only 3 left" -> "only %d left" (a count of zero, or one too long for Int, reads "0").
        var digitless = t, dlo = lo, dhi = hi
        var hasDigit = false
        for i in lo..<hi where FastNumber.isDigit(t.l(i)) { hasDigit = true; break }
        if hasDigit {
            var units: [UInt64] = []
            units.reserveCapacity(hi - lo + 8)
            var i = lo
            while i < hi {
                guard FastNumber.isDigit(t.l(i)) else { units.append(t.units[i]); i += 1; continue }
                var value = 0, overflow = false
                while i < hi, FastNumber.isDigit(t.l(i)) {
                    if !overflow {
                        let (m, o1) = value.multipliedReportingOverflow(by: 10)
                        let (s, o2) = m.addingReportingOverflow(Int(t.l(i) - 0x30))
                        if o1 || o2 { overflow = true } else { value = s }
                    }
                    i += 1
                }
                if !overflow && value > 0 {
                    units.append(ScalarText.asciiUnit(0x25)); units.append(ScalarText.asciiUnit(0x64))
                } else {
                    units.append(ScalarText.asciiUnit(0x30))
                }
            }
            digitless = ScalarText(units: units)
            dlo = 0
            dhi = units.count
        }
        for (availability, words, patterns) in ReferenceAvailabilityParser.matchers {
            if t.occurs(words, lo, hi) || digitless.occurs(patterns, dlo, dhi) { return .success(availability) }
        }
        return .failure(FieldParseError(kind: .availability, input: text, reason: "no stock wording recognised"))
    }
}
