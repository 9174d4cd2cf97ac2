/// Misbehaviour the demo world can switch on, deterministic by day and path so a retrying,
/// polite crawler always gets through (except where a fault is meant to stay: captcha, layout).
public struct DemoFaults: Sendable {
    /// Share of product pages answered 429 on their first request of the day.
    public var rateLimitedShare = 0.0
    /// The `Retry-After` of those 429s, in seconds (a polite crawler waits that long for the host).
    public var retryAfterSeconds = 1
    /// Share of product pages answered 503 twice before they work.
    public var unavailableShare = 0.0
    /// Share of pages answered slowly (0.2 s before the headers).
    public var slowShare = 0.0
    /// Share of product pages whose first answer of the day is cut short.
    public var truncatedShare = 0.0
    /// A shop that shows a captcha instead of product pages on one day.
    public var captcha: (shop: DemoShopID, day: Int)?
    /// A shop that changes its product page layout from this day on (selectors break).
    public var layoutChange: (shop: DemoShopID, day: Int)?

    public init() {}

    /// What `pricewatch demo` uses: some of everything, all recoverable but the layout change.
    public static var demo: DemoFaults {
        var f = DemoFaults()
        f.rateLimitedShare = 0.03
        // Zero keeps the fast-forwarded demo quick; the fetch tests cover real waits.
        f.retryAfterSeconds = 0
        f.unavailableShare = 0.02
        f.slowShare = 0.01
        f.truncatedShare = 0.01
        f.layoutChange = (.us, 20)
        return f
    }
}
