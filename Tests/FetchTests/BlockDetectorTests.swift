import XCTest
import Foundation
@testable import Fetch

/// The screened detector decides exactly as a plain `contains` of every marker does.
final class BlockDetectorTests: XCTestCase {
    func reference(_ d: BlockDetector, status: Int, text: String) -> String? {
        let head = text.count > d.largePageBytes ? d.title(of: text) : text
        let lower = head.lowercased()
        if let marker = d.markers.first(where: { lower.contains($0) }) {
            return "page contains \"\(marker)\"" + (d.statuses.contains(status) ? " (status \(status))" : "")
        }
        if d.statuses.contains(status) && status != 429 && status != 503 && text.utf8.count < 2048 && lower.contains("<script") {
            return "status \(status) with a script-only page"
        }
        return nil
    }

    func testScreenAgreesWithContains() {
        var d = BlockDetector()
        d.markers += ["a;b", "x`y", "\u{212A}elvin", "e\u{301}te\u{301}"]
        let filler = String(repeating: "<div class=\"p\">$19.99 lorem ipsum</div>\n", count: 40)
        let pieces = [
            "", "Please complete the CAPTCHA", "captcha\u{301}", "\u{301}captcha", "capt\u{AD}cha", "ROBOT CHEC\u{212A}",
            "Não sou um robô", "Na\u{303}o sou um robo\u{302}", "ロホ\u{3099}ットではありません", "ロボットではありません",
            "请完成安全验证", "\u{F900}", "人機验证", "A;B", "x\u{1FEF}y", "a\u{37E}b", "kelvin", "\u{212A}ELVIN", "été", "e\u{301}te\u{301}",
            "<SCRIPT>x()</script>", "<b>© 2026 Kettle Shop — ½ price</b>", "İstanbul", "Access Denied",
        ]
        for status in [200, 403, 503] {
            for a in pieces {
                for b in pieces.prefix(6) {
                    for text in [a + b, "<p>\(a)</p>" + filler + b, "<html><title>\(a)</title>" + String(repeating: filler, count: 40) + b] {
                        XCTAssertEqual(d.reason(status: status, text: text), reference(d, status: status, text: text), "\(status) \(text.prefix(80))")
                    }
                }
            }
        }
    }
}
