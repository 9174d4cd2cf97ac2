/// Recognises captcha pages and bot walls, so they are reported `blocked`, not parsed as products.
public struct BlockDetector: Sendable {
    /// Case-insensitive texts that mark a challenge page.
    public var markers: [String] = [
        "captcha", "robot check", "verify you are human", "are you a robot", "unusual traffic",
        "access denied", "request blocked", "bot detection", "cf-chl-", "challenge-platform",
        "please enable cookies", "滑动验证", "访问验证", "安全验证", "请完成验证", "人机验证",
        "ロボットではありません", "não sou um robô", "sind sie ein mensch",
    ]
    /// Statuses that mean blocked when the body also looks like a challenge, or is tiny.
    public var statuses: Set<Int> = [403, 429, 503]
    /// Pages longer than this are only blocked when a marker is in the title.
    public var largePageBytes = 60_000

    public init() {}

    /// The reason a response is a block page, or nil.
    public func reason(status: Int, text: String) -> String? {
        let head = text.count > largePageBytes ? title(of: text) : text
        let lower = head.lowercased()
        if let marker = markers.first(where: { lower.contains($0) }) {
            return "page contains \"\(marker)\"" + (statuses.contains(status) ? " (status \(status))" : "")
        }
        if statuses.contains(status) && status != 429 && status != 503 && text.utf8.count < 2048 && lower.contains("<script") {
            return "status \(status) with a script-only page"
        }
        return nil
    }

    func title(of text: String) -> String {
        let lower = text.prefix(20_000).lowercased()
        guard let open = lower.range(of: "<title"), let close = lower.range(of: "</title>", range: open.upperBound..<lower.endIndex) else { return "" }
        return String(lower[open.upperBound..<close.lowerBound])
    }
}
