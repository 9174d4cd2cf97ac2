import Foundation

/// Escapes competitor text for markdown, so titles holding `|`, `<script>` or newlines stay text
/// and tables stay tables.
///
///     MarkdownText.escape("Mega | Deal <script>")   // "Mega \| Deal &lt;script&gt;"
public enum MarkdownText {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count + 8)
        var lastWasSpace = false
        for ch in text {
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
