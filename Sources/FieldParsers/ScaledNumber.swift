import Foundation

/// A count as shops abbreviate it: "1.2k", "10万+", "2,3 mil", "1,234", "500+".
///
///     ScaledNumber.all(in: "已售1.2万")[0].value  // 12000
struct ScaledNumber {
    var value: Decimal
    /// "+", "以上", "more than", "mais de": the real count is at least `value`.
    var isLowerBound: Bool
    /// Whether a multiplier word followed ("k", "万", "mil").
    var isScaled: Bool
    /// Where it sits in the scanned characters (multiplier and "+" included).
    var range: Range<Int>

    /// Multipliers, longest first. "mil" is a thousand in Portuguese and Spanish.
    private static let multipliers: [(String, Decimal)] = [
        ("milhões", 1_000_000), ("millones", 1_000_000), ("million", 1_000_000), ("mio.", 1_000_000),
        ("tausend", 1000), ("mil", 1000), ("tsd.", 1000), ("mi", 1_000_000), ("亿", 100_000_000),
        ("億", 100_000_000), ("万", 10000), ("萬", 10000), ("千", 1000), ("k", 1000), ("m", 1_000_000),
    ]
    private static let lowerBoundWords: WordList = [
        "more than", "over", "mais de", "más de", "plus de", "über", "mehr als", "超过", "超過", "超", "+",
    ]

    static func all(in text: String) -> [ScaledNumber] {
        let chars = Array(TextNormal.nfkc(text).lowercased())
        var result: [ScaledNumber] = []
        for n in NumberText.all(in: chars) {
            var end = n.range.upperBound
            var j = end
            while j < chars.count, chars[j] == " " || NumberText.groupSpaces.contains(chars[j]) { j += 1 }
            var scale: Decimal = 1
            for (word, factor) in multipliers {
                let w = Array(word)
                guard j + w.count <= chars.count, chars[j..<(j + w.count)].elementsEqual(w) else { continue }
                let after = j + w.count < chars.count ? chars[j + w.count] : nil
                // "m" or "mi" must stand alone ("1m sold"), not begin a word ("5 minutes").
                if word.first!.isASCII, after?.isLetter == true, !(after!.unicodeScalars.first!.value >= 0x2E80) { continue }
                scale = factor
                end = j + w.count
                break
            }
            var lowerBound = false
            var k = end
            while k < chars.count, chars[k] == " " { k += 1 }
            // "1000件以上", "10万+人": a counter word may sit between the number and the bound.
            if k < chars.count, "件人个個条條笔筆点點".contains(chars[k]), k + 1 < chars.count,
               chars[k + 1] == "+" || chars[k...].dropFirst().starts(with: "以上") { k += 1 }
            if k < chars.count, chars[k] == "+" { lowerBound = true; end = k + 1 }
            else if chars[k...].starts(with: "以上") { lowerBound = true; end = k + 2 }
            let before = String(chars[max(0, n.range.lowerBound - 12)..<n.range.lowerBound])
            if PriceWords.containsAny(before, lowerBoundWords) { lowerBound = true }
            if n.range.lowerBound > 0, chars[n.range.lowerBound - 1] == "+" { lowerBound = true }
            // Scaled numbers use their mark as a decimal point ("1,2 mil"); plain ones group.
            let raw = n.raw
            let value: Decimal?
            if scale != 1 {
                value = Decimal(string: raw.replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: " ", with: ""),
                                locale: NumberText.posix)
            } else {
                value = n.value(fractionDigits: 0)
            }
            guard let v = value else { continue }
            result.append(ScaledNumber(value: v * scale, isLowerBound: lowerBound, isScaled: scale != 1,
                                       range: n.range.lowerBound..<end))
        }
        return result
    }

    /// The value as a whole count, or nil when it has a fraction ("4.5").
    var wholeValue: Int64? {
        var v = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &v, 0, .plain)
        guard rounded == value, rounded >= 0, rounded < Decimal(Int64.max) else { return nil }
        return NSDecimalNumber(decimal: rounded).int64Value
    }
}
