import Foundation
import Model

/// Escapes competitor text for markdown, so titles holding `|`, `<script>` or newlines stay text
/// and tables stay tables.
///
///     MarkdownText.escape("Mega | Deal <script>")   // "Mega \| Deal &lt;script&gt;"
///
/// Hidden direction overrides and zero-width characters are dropped, and text longer than `limit`
/// characters is cut with an ellipsis (a 20,000-character "title" stays one readable line).
public enum MarkdownText {
    public static let defaultLimit = 300

    public static func escape(_ text: String, limit: Int = defaultLimit) -> String {
        var out = ""
        out.reserveCapacity(min(text.utf8.count, limit * 4) + 8)
        var lastWasSpace = false
        var count = 0
        for ch in DisplayText.visible(text) {
            count += 1
            if count > limit {
                out = out.trimmingCharacters(in: .whitespaces) + "…"
                break
            }
            if ch.isNewline || ch == "\t" || ch == " " {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            switch ch {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "|", "\\", "`", "*", "_", "[", "]", "#", "!", "~": out.append("\\"); out.append(ch)
            default: out.append(ch)
            }
        }
        return out.trimmingCharacters(in: .whitespaces)
    }
}
