/// JSON lines for logs: one object of strings per line, written by hand.
///
///     JSONLine.of(["level": "info", "msg": "say \"hi\""])   // {"level":"info","msg":"say \"hi\""} and a newline
public enum JSONLine {
    /// One JSON object of strings, keys sorted, and a newline. Written by hand: JSONSerialization
    /// pulls several MB of Foundation into a process that logs one line at the end of a crawl.
    public static func of(_ object: [String: String]) -> String {
        var out = "{"
        for (i, key) in object.keys.sorted().enumerated() {
            if i > 0 { out += "," }
            appendString(key, to: &out)
            out += ":"
            appendString(object[key]!, to: &out)
        }
        return out + "}\n"
    }

    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String {
        var out = ""
        appendString(text, to: &out)
        return out
    }

    /// `text` as a JSON string literal (RFC 8259: quote, backslash and control characters escaped).
    static func appendString(_ text: String, to out: inout String) {
        out += "\""
        for u in text.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
