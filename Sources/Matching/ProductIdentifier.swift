/// Trade-item numbers as printed on listings (UPC-A, EAN-8, EAN-13, GTIN-14, ISBN-10/13), checked
/// by their check digit and brought to one form, so two shops' spellings of one number compare equal.
///
///     GTIN.normalised("0 12345 67890 5")      // "00012345678905" (UPC-A as GTIN-14)
///     GTIN.normalised("4006381333931")        // "04006381333931"
///     GTIN.normalised("0-306-40615-2")        // ISBN-10 -> "09780306406157"
///     GTIN.problem(with: "4006381333932")     // "check digit 2 should be 1"
public enum GTIN {
    /// The 14-digit form, or nil when the text is not a valid GTIN/ISBN (see `problem(with:)`).
    public static func normalised(_ text: String) -> String? {
        if case .success(let g) = parse(text) { return g }
        return nil
    }

    /// Why the text is not a GTIN, or nil when it is one.
    public static func problem(with text: String) -> String? {
        if case .failure(let p) = parse(text) { return p.message }
        return nil
    }

    public struct Problem: Error, Equatable { public var message: String }

    static func parse(_ text: String) -> Result<String, Problem> {
        // Spaces and hyphens are printing, not digits; an ISBN-10 may end in X.
        var chars: [UInt8] = []
        for c in text.utf8 {
            if c == 0x20 || c == 0x2D { continue }
            if (0x30...0x39).contains(c) { chars.append(c - 0x30) }
            else if (c == 0x58 || c == 0x78) && chars.count == 9 { chars.append(10) }
            else { return .failure(Problem(message: "'\(text)' has characters other than digits")) }
        }
        if chars.count == 10 {
            // ISBN-10: weights 10...1 sum to a multiple of 11; as a GTIN it becomes 978 + 9 digits + new check.
            let sum = chars.enumerated().reduce(0) { $0 + Int($1.element) * (10 - $1.offset) }
            guard sum % 11 == 0 else { return .failure(Problem(message: "ISBN-10 '\(text)' fails its check digit")) }
            var body = [9, 7, 8] + chars.prefix(9)
            body.append(checkDigit(body))
            return .success(String(repeating: "0", count: 1) + body.map(String.init).joined())
        }
        guard chars.allSatisfy({ $0 < 10 }) else { return .failure(Problem(message: "X is only a check digit of an ISBN-10")) }
        guard [8, 12, 13, 14].contains(chars.count) else {
            return .failure(Problem(message: "'\(text)' has \(chars.count) digits; a GTIN has 8, 12, 13 or 14"))
        }
        let want = checkDigit(Array(chars.dropLast()))
        guard want == chars.last! else {
            return .failure(Problem(message: "check digit \(chars.last!) should be \(want)"))
        }
        guard chars.contains(where: { $0 != 0 }) else { return .failure(Problem(message: "all zeros is not a GTIN")) }
        return .success(String(repeating: "0", count: 14 - chars.count) + chars.map(String.init).joined())
    }

    /// GS1 mod-10: from the right, weights 3,1,3,...
    static func checkDigit(_ body: [UInt8]) -> UInt8 {
        var sum = 0
        for (i, d) in body.reversed().enumerated() { sum += Int(d) * (i % 2 == 0 ? 3 : 1) }
        return UInt8((10 - sum % 10) % 10)
    }
}
