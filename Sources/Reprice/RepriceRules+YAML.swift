import Config
import Foundation
import Model
import Yams

// `Jobs/repricing.yml`, read through Config so every error names file:line:col and the key,
// and a misspelt key gets a "did you mean".
extension RepriceRules {
    static let topKeys: Set<String> = ["default", "tags", "skus", "endings"]
    static let layerKeys: Set<String> = ["strategy", "beat_by", "position", "index_target", "no_stock", "raise_step", "competitors", "guards"]
    static let competitorKeys: Set<String> = ["max_age", "min_seller_rating", "exclude_review_spike", "outlier_below_median", "outlier_mad"]
    static let guardKeys: Set<String> = ["min_margin", "max_change", "min_change"]

    /// Reads a rules file; errors are `ConfigError`s.
    public static func load(path: String) throws -> RepriceRules {
        try parse(yaml: ConfigNode.readFile(path), file: path)
    }

    /// Parses rules from YAML text; `file` names the source in errors.
    public static func parse(yaml: String, file: String) throws -> RepriceRules {
        let root = try ConfigNode.load(yaml: yaml, file: file)
        let top = try root.mapping(allowed: topKeys)
        var rules = RepriceRules()
        if let d = top["default"] { rules.defaults = try layer(d) }
        if let t = top["tags"] {
            for (name, node) in try orderedEntries(t) { rules.tags.append((name, try layer(node))) }
        }
        if let s = top["skus"] {
            for (name, node) in try orderedEntries(s) { rules.skus[name] = try layer(node) }
        }
        if let e = top["endings"] {
            for (code, node) in try orderedEntries(e) {
                let c = code.uppercased()
                guard c.count == 3, c.allSatisfy({ $0.isASCII && $0.isLetter }) else { throw node.error("'\(code)' is not an ISO 4217 currency code like USD") }
                let text = try node.string()
                guard let ending = PriceEnding(text: text, currency: c) else {
                    let digits = Currency.fractionDigits(c)
                    throw node.error("'\(text)' is not an ending for \(c): use none, whole" + (digits > 0 ? " or a fraction with \(digits) digits like .\(String(repeating: "9", count: digits))" : " (\(c) has no fractions)"))
                }
                rules.endings[c] = ending
            }
        }
        return rules
    }

    /// A mapping's entries in file order (tag order matters: later tags win).
    static func orderedEntries(_ node: ConfigNode) throws -> [(String, ConfigNode)] {
        guard case let .mapping(map) = node.node else { throw node.error("expected a mapping of names to settings") }
        var seen = Set<String>()
        return try map.map { k, v in
            let keyNode = ConfigNode(node: k, file: node.file, path: node.path)
            guard let key = k.string, !key.isEmpty else { throw keyNode.error("keys must be text") }
            guard seen.insert(key).inserted else { throw keyNode.error("key '\(key)' appears twice") }
            return (key, node.child(v, key))
        }
    }

    static func layer(_ node: ConfigNode) throws -> PolicyPatch {
        var p = PolicyPatch()
        if case let .scalar(s) = node.node, s.string.isEmpty || s.string == "~" || s.string == "null" { return p }
        let m = try node.mapping(allowed: layerKeys)
        if let v = m["strategy"] {
            let s = try v.string()
            guard let k = StrategyKind(rawValue: s) else {
                let hint = ConfigNode.closest(to: s, in: Set(StrategyKind.allCases.map(\.rawValue))).map { " (did you mean '\($0)'?)" } ?? ""
                throw v.error("unknown strategy \"\(s)\"\(hint); one of \(StrategyKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            p.strategy = k
        }
        if let v = m["beat_by"] {
            let s = try v.string().trimmingCharacters(in: .whitespaces)
            if s.hasSuffix("%") {
                p.beatBy = .percent(try percent(v, min: 0, below: 100))
            } else {
                guard let d = decimal(s), d >= 0 else { throw v.error("expected an amount like 0.50 or a percent like 1%, found \"\(s)\"") }
                p.beatBy = .amount(d)
            }
        }
        if let v = m["position"] { p.position = try v.int(in: 1...100) }
        if let v = m["index_target"] {
            let s = try v.string().trimmingCharacters(in: .whitespaces)
            let d: Decimal? = s.hasSuffix("%") ? decimal(String(s.dropLast())).map { $0 / 100 } : decimal(s)
            guard let d, d > 0, d <= 10, Minor.fixed(d, 6) != nil else {
                throw v.error("expected a multiple of the market median like 0.98 (or 98%, at most 6 decimal places), found \"\(s)\"")
            }
            p.indexTarget = d
        }
        if let v = m["no_stock"] {
            let s = try v.string()
            guard let a = NoStockAction(rawValue: s) else { throw v.error("expected hold or raise, found \"\(s)\"") }
            p.noStock = a
        }
        if let v = m["raise_step"] { p.raiseStepPercent = try percent(v, min: 0, below: 100, allowZero: false) }
        if let c = m["competitors"] {
            let cm = try c.mapping(allowed: competitorKeys)
            if let v = cm["max_age"] {
                let age = try v.duration()
                guard age > 0 else { throw v.error("must be longer than 0") }
                p.maxAge = age
            }
            if let v = cm["min_seller_rating"] {
                if isOff(v) { p.minSellerRating = .some(nil) } else {
                    let s = try v.string()
                    guard let d = decimal(s), d >= 0, d <= 5 else { throw v.error("expected a rating from 0 to 5 (or off), found \"\(s)\"") }
                    p.minSellerRating = .some(d)
                }
            }
            if let v = cm["exclude_review_spike"] { p.excludeReviewSpike = try v.bool() }
            if let v = cm["outlier_below_median"] { p.outlierBelowMedianPercent = isOff(v) ? .some(nil) : .some(try percent(v, min: 0, below: 100, allowZero: false)) }
            if let v = cm["outlier_mad"] {
                if isOff(v) { p.outlierMAD = .some(nil) } else {
                    let s = try v.string()
                    guard let d = decimal(s), d > 0, d < 1_000_000, Minor.fixed(d, 6) != nil else {
                        throw v.error("expected a number of median absolute deviations like 5 (or off), found \"\(s)\"")
                    }
                    p.outlierMAD = .some(d)
                }
            }
        }
        if let g = m["guards"] {
            let gm = try g.mapping(allowed: guardKeys)
            if let v = gm["min_margin"] { p.minMarginPercent = try percent(v, min: 0, below: 100) }
            if let v = gm["max_change"] { p.maxChangePercent = isOff(v) ? .some(nil) : .some(try percent(v, min: 0, below: 1000, allowZero: false)) }
            if let v = gm["min_change"] { p.minChangePercent = try percent(v, min: 0, below: 100) }
        }
        return p
    }

    /// "10%" or a bare "10" (both ten percent).
    static func percent(_ v: ConfigNode, min: Decimal, below: Decimal, allowZero: Bool = true) throws -> Decimal {
        let s = try v.string().trimmingCharacters(in: .whitespaces)
        let body = s.hasSuffix("%") ? String(s.dropLast()).trimmingCharacters(in: .whitespaces) : s
        guard let d = decimal(body), d >= min, d < below, allowZero || d > 0 else {
            throw v.error("expected a percent \(allowZero ? "from" : "above") \(min) and below \(below), like 10%, found \"\(s)\"")
        }
        // The engine works in parts per million: 4 places of a percent.
        guard Minor.fixed(d, 4) != nil else { throw v.error("use at most 4 decimal places, found \"\(s)\"") }
        return d
    }

    static func isOff(_ v: ConfigNode) -> Bool {
        guard case let .scalar(s) = v.node else { return false }
        return ["off", "none", "false", "no"].contains(s.string.lowercased())
    }

    /// Strict decimal text: digits with at most one '.', optional leading '-'. No exponent, no grouping.
    static func decimal(_ text: String) -> Decimal? {
        var digits = 0, dots = 0
        for (i, c) in text.enumerated() {
            if c == "-" && i == 0 { continue }
            if c == "." { dots += 1; continue }
            guard c.isASCII, c.isNumber else { return nil }
            digits += 1
        }
        guard digits > 0, dots <= 1 else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }
}
