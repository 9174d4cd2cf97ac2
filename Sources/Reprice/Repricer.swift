import Foundation
import Model
import Store

/// Why a competitor offer did not count (the name the repricer's API has always used).
public typealias IgnoreReason = OfferExclusion

/// One SKU's suggestion: the numbers, and a one-line reason a merchant can read.
public struct Suggestion: Hashable, Sendable {
    public var sku: String
    public var title: String
    public var current: Money
    public var suggested: Money
    /// (suggested - current) / current, in percent, 2 places.
    public var changePercent: Decimal
    /// Margin at the suggested price after fees, cost and shipping, in percent of the price.
    public var marginPercent: Decimal
    public var floor: Money?
    public var ceiling: Money?
    public var strategy: StrategyKind
    public var considered: [ConsideredOffer]
    public var ignored: [(offer: CompetitorOffer, reason: IgnoreReason)]
    /// The competitor whose price set the target, if one did.
    public var driver: ConsideredOffer?
    /// Guards that changed the target, in the order applied ("floor", "ceiling", "max change", "ending", "min change").
    public var guards: [String]
    public var reason: String

    public var changed: Bool { suggested != current }

    public init(sku: String, title: String, current: Money, suggested: Money, changePercent: Decimal, marginPercent: Decimal, floor: Money?, ceiling: Money?,
                strategy: StrategyKind, considered: [ConsideredOffer], ignored: [(offer: CompetitorOffer, reason: IgnoreReason)], driver: ConsideredOffer?,
                guards: [String], reason: String) {
        self.sku = sku
        self.title = title
        self.current = current
        self.suggested = suggested
        self.changePercent = changePercent
        self.marginPercent = marginPercent
        self.floor = floor
        self.ceiling = ceiling
        self.strategy = strategy
        self.considered = considered
        self.ignored = ignored
        self.driver = driver
        self.guards = guards
        self.reason = reason
    }

    public static func == (a: Suggestion, b: Suggestion) -> Bool {
        a.sku == b.sku && a.title == b.title && a.current == b.current && a.suggested == b.suggested && a.changePercent == b.changePercent
            && a.marginPercent == b.marginPercent && a.floor == b.floor && a.ceiling == b.ceiling && a.strategy == b.strategy
            && a.considered == b.considered && a.ignored.map(\.offer) == b.ignored.map(\.offer) && a.ignored.map(\.reason) == b.ignored.map(\.reason)
            && a.driver == b.driver && a.guards == b.guards && a.reason == b.reason
    }

    public func hash(into h: inout Hasher) { h.combine(sku); h.combine(suggested); h.combine(reason) }
}

/// The repricing engine: pure and deterministic. Same catalog item, offers, rules, FX rates and
/// `now` give the same suggestion; nothing here reads a clock, a file or a database.
///
///     let engine = Repricer(rules: rules, fx: fx, now: now)
///     let s = engine.suggest(item, offers: offers)
///     print(s.reason)   // beat lowest (demo-br 329.90 BRL landed = 61.23 USD @ 2026-11-20) by 1% -> 60.61; ending .99 -> 59.99
///
/// The floor. Margin is what is left of the price after marketplace fees, cost and the merchant's
/// own shipping cost, as a share of the price: `margin = (p - fees*p - cost - shipping) / p`.
/// Requiring `margin >= m` gives `p*(1 - fees - m) >= cost + shipping`, so
///
///     floor = max(min_price, (cost + shipping) / (1 - fees - m))      rounded up to a minor unit
///
/// (not `(cost + shipping + m) / (1 - fees)`, which would treat a percent margin as an amount).
/// When `fees + m >= 100%` no price can meet the margin: the SKU is held and the reason says so.
/// The catalog's `shipping` is the merchant's cost to ship one unit; its price is what a buyer
/// pays in total, so it is compared with competitors' landed prices (price + their shipping).
public struct Repricer: Sendable {
    public var rules: RepriceRules
    public var fx: FXRates
    public var now: Date
    /// `--strategy`: beats every layer of the rules.
    public var strategyOverride: StrategyKind?

    public init(rules: RepriceRules, fx: FXRates, now: Date, strategyOverride: StrategyKind? = nil) {
        self.rules = rules
        self.fx = fx
        self.now = now
        self.strategyOverride = strategyOverride
    }

    /// Lookups shared across SKUs: FX rates by (from, to, UTC day) inside `counting`, and policies by
    /// the layers that shaped them (100,000 SKUs share a handful of each).
    struct Memo {
        var counting: OfferCounting
        var policies: [String: Resolved] = [:]
        init(fx: FXRates) { counting = OfferCounting(fx: fx) }
    }

    /// A merged policy with its percentages as parts per million and its numbers as text.
    struct Resolved {
        var policy: RepricePolicy
        var problem: String?
        var beatPPM: Int64 = 0
        var indexPPM: Int64
        var raisePPM: Int64
        var maxChangePPM: Int64?
        var minChangePPM: Int64
        var marginPPM: Int64
        var outlierBelowPPM: Int64?
        var madPPM: Int64?
        var beatText: String, indexText: String, raiseText: String, maxChangeText: String, minChangeText: String, marginText: String, maxAgeText: String

        init(_ p: RepricePolicy, problem: String?) {
            policy = p
            self.problem = problem
            if case .percent(let b) = p.beatBy { beatPPM = Minor.ppm(b, 4) }
            indexPPM = Minor.ppm(p.indexTarget, 6)
            raisePPM = Minor.ppm(p.raiseStepPercent, 4)
            maxChangePPM = p.maxChangePercent.map { Minor.ppm($0, 4) }
            minChangePPM = Minor.ppm(p.minChangePercent, 4)
            marginPPM = Minor.ppm(p.minMarginPercent, 4)
            outlierBelowPPM = p.outlierBelowMedianPercent.map { Minor.ppm($0, 4) }
            madPPM = p.outlierMAD.map { Minor.ppm($0, 6) }
            beatText = p.beatBy.description
            indexText = Minor.number(p.indexTarget, digits: 4)
            raiseText = Minor.number(p.raiseStepPercent)
            maxChangeText = Minor.number(p.maxChangePercent ?? 0)
            minChangeText = Minor.number(p.minChangePercent)
            marginText = Minor.number(p.minMarginPercent)
            maxAgeText = Repricer.durationText(p.maxAge)
        }
    }

    public func suggest(_ item: CatalogRecord, offers: [CompetitorOffer]) -> Suggestion {
        var memo = Memo(fx: fx)
        return suggest(item, offers: offers, memo: &memo)
    }

    /// Many SKUs at once, sharing FX and policy lookups; output in input order.
    public func suggestAll(_ items: [(item: CatalogRecord, offers: [CompetitorOffer])]) -> [Suggestion] {
        var memo = Memo(fx: fx)
        return items.map { suggest($0.item, offers: $0.offers, memo: &memo) }
    }

    func resolved(_ item: CatalogRecord, memo: inout Memo) -> Resolved {
        let key = item.tags.joined(separator: "\u{1F}") + "\u{1E}" + (item.strategy ?? "") + "\u{1E}" + (rules.skus[item.sku] != nil ? item.sku : "")
        if let hit = memo.policies[key] { return hit }
        let (policy, problem) = rules.policy(sku: item.sku, tags: item.tags, catalogStrategy: item.strategy, override: strategyOverride)
        let r = Resolved(policy, problem: problem)
        memo.policies[key] = r
        return r
    }

    func suggest(_ item: CatalogRecord, offers: [CompetitorOffer], memo: inout Memo) -> Suggestion {
        let currency = item.price.currency
        let rp = resolved(item, memo: &memo)
        let policy = rp.policy
        let problem = rp.problem
        let current = Minor.of(item.price)
        func label(_ m: Int64) -> String { Minor.text(m, currency) }

        // 1. Which competitors count.
        var considered: [ConsideredOffer] = []
        considered.reserveCapacity(offers.count)
        var ignored: [(offer: CompetitorOffer, reason: IgnoreReason)] = []
        var freshOutOfStock = 0
        let counting = policy.counting
        for o in offers {
            switch memo.counting.judge(o, currency: currency, rule: counting, now: now) {
            case .counts(let c): considered.append(c)
            case .excluded(let why):
                if case .notInStock = why { freshOutOfStock += 1 }
                ignored.append((o, why))
            }
        }
        // Deterministic order: cheapest first, then by site and URL.
        considered.sort {
            $0.landedMinor != $1.landedMinor ? $0.landedMinor < $1.landedMinor
                : ($0.offer.site, $0.offer.url ?? "") < ($1.offer.site, $1.offer.url ?? "")
        }

        // 2. Outliers, among 3 or more offers: far below the median, or many median absolute
        //    deviations away from it. Integers throughout: medians are kept doubled (or
        //    quadrupled), so halves stay exact.
        if considered.count >= 3 {
            let med2 = Repricer.doubledMedian(considered.map(\.landedMinor))
            var mad4: Int64?
            if rp.madPPM != nil {
                let dev2 = considered.map { abs(2 * $0.landedMinor - med2) }.sorted()
                let n = dev2.count
                mad4 = n % 2 == 1 ? 2 * dev2[n / 2] : dev2[n / 2 - 1] + dev2[n / 2]
            }
            var keep: [ConsideredOffer] = []
            keep.reserveCapacity(considered.count)
            for c in considered {
                // x < pct% of median  <=>  x * 2 * 100e4 < pctPPM * med2
                if let pct = rp.outlierBelowPPM, Repricer.less(c.landedMinor, 2_000_000, pct, med2) { ignored.append((c.offer, .outlier)); continue }
                // |x - med| > k * MAD  <=>  2 * |2x - med2| * 1e6 > kPPM * mad4
                if let k = rp.madPPM, let mad4, mad4 > 0, Repricer.less(mad4, k, abs(2 * c.landedMinor - med2), 2_000_000) {
                    ignored.append((c.offer, .outlier)); continue
                }
                keep.append(c)
            }
            considered = keep
        }

        // 3. The floor and ceiling: floor = max(min_price, (cost + shipping) / (1 - fees - margin)).
        let fees = item.feesFraction ?? 0
        let feesPPM = Minor.ppm(fees, 6)
        let costs = Minor.of(item.cost) + (item.shipping.map(Minor.of) ?? 0)
        let divisorPPM = 1_000_000 - feesPPM - rp.marginPPM
        var floorMinor: Int64?
        if divisorPPM > 0 {
            let f = Minor.mulDiv(costs, 1_000_000, divisorPPM, .up) ?? Minor.times(costs, 1_000_000 / Decimal(divisorPPM), .up)
            floorMinor = Swift.max(f, item.minPrice.map(Minor.of) ?? 0, 1)
        }
        let ceilingMinor = item.maxPrice.map(Minor.of)

        // 4. The target from the strategy.
        var target = current
        var rule = ""
        var driver: ConsideredOffer?
        func who(_ c: ConsideredOffer) -> String {
            var s = c.offer.site + " " + Minor.label(Minor.of(c.landedOriginal), c.landedOriginal.currency) + " landed"
            if c.landedOriginal.currency != currency {
                s += " = " + Minor.label(c.landedMinor, currency) + (c.fxDay.map { " @ " + $0 } ?? "")
            }
            return s
        }
        func scaled(_ a: Int64, plusPPM: Int64, _ mode: Minor.Rounding) -> Int64 {
            Minor.mulDiv(a, 1_000_000 + plusPPM, 1_000_000, mode) ?? Minor.times(a, Decimal(1_000_000 + plusPPM) / 1_000_000, mode == .up ? .up : .down)
        }
        if let problem {
            rule = problem + " -> hold"
        } else if floorMinor == nil {
            rule = "fees \(Minor.number(fees * 100))% + min margin \(rp.marginText)% >= 100%: no price meets the margin -> hold"
        } else if policy.strategy == .hold {
            rule = "hold (rule)"
        } else if considered.isEmpty {
            // "No competitor in stock" only when nothing that may be in stock was set aside: an offer
            // left out for another reason (no FX rate, a review spike, stale, no price...) is not
            // evidence that the competitor has no stock, so the no-stock action must not fire.
            let excluded = ignored.filter { o in
                if case .notInStock = o.reason { return false }
                switch o.offer.availability {
                case .inStock?, .limitedAvailability?, nil: return true
                default: return false  // the page said out of stock (e.g. without a price, or stale)
                }
            }
            if freshOutOfStock > 0 && !excluded.isEmpty {
                rule = "no usable competitor offer (\(excluded.count) excluded: \(Repricer.countText(excluded.map(\.reason), maxAge: rp.maxAgeText)); "
                    + "\(freshOutOfStock) out of stock) -> hold"
            } else if policy.noStock == .raise && freshOutOfStock > 0 {
                if let ceiling = ceilingMinor, ceiling > current {
                    target = Swift.min(ceiling, scaled(current, plusPPM: rp.raisePPM, .down))
                    rule = "no competitor in stock (\(freshOutOfStock) out of stock) -> raise \(rp.raiseText)% toward ceiling \(label(ceiling)) -> \(label(target))"
                } else {
                    rule = "no competitor in stock (\(freshOutOfStock) out of stock); " + (ceilingMinor == nil ? "no max_price to raise toward" : "already at the ceiling") + " -> hold"
                }
            } else if freshOutOfStock > 0 {
                rule = "no competitor in stock (\(freshOutOfStock) out of stock) -> hold"
            } else {
                rule = offers.isEmpty ? "no competitor offers matched -> hold" : "no competitor offer counts -> hold"
            }
        } else {
            switch policy.strategy {
            case .matchLowest:
                driver = considered[0]
                target = considered[0].landedMinor
                rule = "match lowest (\(who(considered[0]))) -> \(label(target))"
            case .beatLowest:
                driver = considered[0]
                let low = considered[0].landedMinor
                switch policy.beatBy {
                case .amount(let a): target = low - (Minor.fixed(a, Currency.fractionDigits(currency)) ?? Minor.times(Minor.scale(currency), a, .up))
                case .percent: target = scaled(low, plusPPM: -rp.beatPPM, .down)
                }
                rule = "beat lowest (\(who(considered[0]))) by \(rp.beatText)\(policy.beatBy.isAmount ? " " + currency : "") -> \(label(target))"
            case .position:
                let n = Swift.min(policy.position, considered.count)
                let c = considered[n - 1]
                driver = c
                target = c.landedMinor - 1
                rule = "position \(policy.position): just under #\(n) (\(who(c)))"
                    + (n < policy.position ? ", only \(considered.count) competitor\(considered.count == 1 ? "" : "s")" : "") + " -> \(label(target))"
            case .priceIndex:
                let med2 = Repricer.doubledMedian(considered.map(\.landedMinor))
                target = Minor.mulDiv(med2, rp.indexPPM, 2_000_000, .halfEven) ?? Minor.times(med2, policy.indexTarget / 2, .bankers)
                let medText = Minor.mulDiv(med2, 1, 2, .halfEven).map { Minor.label($0, currency) } ?? ""
                rule = "index \(rp.indexText) x median \(medText) of \(considered.count) -> \(label(target))"
            case .hold:
                break
            }
        }

        // 5. Guards: floor and ceiling are hard; max change is a band around the current price.
        var x = target
        var notes: [String] = []
        var guards: [String] = []
        if let floor = floorMinor {
            let lo = floor
            var hi = ceilingMinor ?? Int64.max
            if hi < lo {
                notes.append("max_price \(label(hi)) is under the floor \(label(lo)); the floor wins")
                hi = lo
            }
            var effLo = lo, effHi = hi
            var bandOverridden = false
            if let p = rp.maxChangePPM {
                let bandLo = scaled(current, plusPPM: -p, .up), bandHi = scaled(current, plusPPM: p, .down)
                effLo = Swift.max(lo, bandLo)
                effHi = Swift.min(hi, bandHi)
                if effLo > effHi { effLo = lo; effHi = hi; bandOverridden = true }
            }
            let floorText = item.minPrice.map(Minor.of) == floor ? "min_price \(label(floor))" : "floor \(label(floor)) (min margin \(rp.marginText)%)"
            if x < effLo {
                x = effLo
                if effLo == lo { notes.append("raised to \(floorText)"); guards.append("floor") } else {
                    notes.append("capped by max change \(rp.maxChangeText)% -> \(label(x))"); guards.append("max change")
                }
            } else if x > effHi {
                x = effHi
                if effHi == hi && ceilingMinor != nil && hi == ceilingMinor { notes.append("capped by ceiling \(label(x))"); guards.append("ceiling") } else if effHi == hi {
                    notes.append("held at the floor \(label(x))"); guards.append("floor")
                } else {
                    notes.append("capped by max change \(rp.maxChangeText)% -> \(label(x))"); guards.append("max change")
                }
            }
            if bandOverridden, rp.maxChangePPM != nil, x != current {
                notes.append("moves more than max change \(rp.maxChangeText)%: the current price is outside floor/ceiling")
            }
            // Endings, only when the price moves. Round down (stays under the competitor); round up
            // only when down would break the floor or the max-change band; never reverse a raise.
            if x != current {
                let ending = rules.ending(for: currency)
                let down = ending.down(x, currency: currency)
                if down != x {
                    let up = ending.up(x, currency: currency)
                    if down >= effLo && (x < current || down >= current) {
                        x = down; notes.append("ending \(ending) -> \(label(x))"); guards.append("ending")
                    } else if down < effLo && up <= effHi {
                        x = up; notes.append("ending \(ending) (rounded up to stay above \(effLo == lo ? "the floor" : "the max-change limit")) -> \(label(x))"); guards.append("ending")
                        // The band decided the direction: the next run may continue the move, as after any max-change cap.
                        if effLo != lo && !guards.contains("max change") { guards.append("max change") }
                    } else if down < effLo {
                        notes.append("no \(ending) price between \(label(effLo)) and \(label(effHi)): kept \(label(x))")
                    } else {
                        notes.append("ending \(ending) would turn the raise into a cut -> hold"); guards.append("ending")
                        x = current
                    }
                }
            }
            // Too small to be worth a change (unless the current price breaks the floor or ceiling):
            // |x - current| / current < min_change%  <=>  |x - current| * 1e6 < minChangePPM * current.
            if x != current && current >= lo && current <= hi && Repricer.less(abs(x - current), 1_000_000, rp.minChangePPM, current) {
                let bp = Minor.divHalfEven((x - current) * 10_000, current).map { Minor.fixedText($0, 2) } ?? ""
                notes.append("change \(bp)% is under min change \(rp.minChangeText)% -> hold")
                guards.append("min change")
                x = current
            }
        }

        var reason = ([rule] + notes).joined(separator: "; ")
        if !ignored.isEmpty {
            reason += " [ignored: " + Repricer.countText(ignored.map(\.reason), maxAge: rp.maxAgeText) + "]"
        }
        // Percentages to 2 places, half-even: basis points as integers.
        let changeBP = x == current ? 0 : (Minor.mulDiv(abs(x - current), 10_000, current, .halfEven).map { x < current ? -$0 : $0 })
        let marginBP: Int64? = x == 0 ? 0 : {
            // (x * (1 - fees) - costs) / x, in basis points: (x * (1e6 - feesPPM) - costs * 1e6) / (x * 100)
            let (a, o1) = x.multipliedReportingOverflow(by: 1_000_000 - feesPPM)
            let (b, o2) = costs.multipliedReportingOverflow(by: 1_000_000)
            let (d, o3) = x.multipliedReportingOverflow(by: 100)
            guard !o1, !o2, !o3 else { return nil }
            return Minor.divHalfEven(a - b, d)
        }()
        return Suggestion(sku: item.sku, title: item.title, current: item.price, suggested: Minor.money(x, currency),
                          changePercent: changeBP.map { Minor.decimal($0, digits: 2) } ?? Minor.percentChange(from: current, to: x),
                          marginPercent: marginBP.map { Minor.decimal($0, digits: 2) }
                              ?? Minor.round((Decimal(x) * (1 - fees) - Decimal(costs)) * 100 / Decimal(x), 2),
                          floor: floorMinor.map { Minor.money($0, currency) }, ceiling: item.maxPrice,
                          strategy: policy.strategy, considered: considered, ignored: ignored, driver: driver, guards: guards, reason: reason)
    }

    /// "2 out of stock, 1 stale (older than 2d)": reasons counted and sorted, so the order offers
    /// arrive in never changes the text.
    static func countText(_ reasons: [IgnoreReason], maxAge: String) -> String {
        var counts: [String: Int] = [:]
        for r in reasons {
            let key: String
            if case .stale = r { key = "stale (older than \(maxAge))" } else { key = r.description }
            counts[key, default: 0] += 1
        }
        return counts.keys.sorted().map { "\(counts[$0]!) \($0)" }.joined(separator: ", ")
    }

    /// Twice the median, so that the mean of the two middle values stays an integer.
    static func doubledMedian(_ values: [Int64]) -> Int64 {
        let s = values.sorted()
        let n = s.count
        return n % 2 == 1 ? 2 * s[n / 2] : s[n / 2 - 1] + s[n / 2]
    }

    /// a * b < c * d for non-negative values, exactly (128-bit products).
    static func less(_ a: Int64, _ b: Int64, _ c: Int64, _ d: Int64) -> Bool {
        let l = UInt64(a).multipliedFullWidth(by: UInt64(b)), r = UInt64(c).multipliedFullWidth(by: UInt64(d))
        return l.high != r.high ? l.high < r.high : l.low < r.low
    }

    static func durationText(_ t: TimeInterval) -> String { OfferCountingRule.durationText(t) }
}

extension BeatBy {
    var isAmount: Bool { if case .amount = self { return true } else { return false } }
}
