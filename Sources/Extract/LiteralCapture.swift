import Foundation

/// A field regex of the form `before(.+)after` with plain ASCII words around the group ("Visit the
/// (.+) Store"), matched on ASCII text without line breaks by byte search instead of
/// NSRegularExpression (which converts every text to UTF-16 and runs ICU). The regex reads the
/// first `before`, then `.+` greedily up to the last `after` (at least one character between);
/// later starts cannot do better, as they leave less room. Other patterns and texts go to the regex.
struct LiteralCapture {
    let before: [UInt8]
    let after: [UInt8]

    init?(_ regex: NSRegularExpression) {
        guard regex.options.isEmpty else { return nil }
        let p = Array(regex.pattern.utf8)
        let group = Array("(.+)".utf8)
        var at: Int?
        var i = 0
        while i + group.count <= p.count {
            if Array(p[i..<(i + group.count)]) == group {
                guard at == nil else { return nil }
                at = i
            }
            i += 1
        }
        guard let at else { return nil }
        before = Array(p[..<at])
        after = Array(p[(at + group.count)...])
        // Letters, digits and spaces only: no other regex syntax.
        func plain(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x20 }
        guard !before.isEmpty, !after.isEmpty, before.allSatisfy(plain), after.allSatisfy(plain) else { return nil }
    }

    /// Group 1 of the first match: .some(nil) when there is none, nil when the text is not plain
    /// ASCII without line terminators (then the regex decides).
    func capture(in text: String) -> String?? {
        var text = text
        return text.withUTF8 { t -> String?? in
            let n = t.count
            for c in t where c >= 0x80 || (c >= 0x0A && c <= 0x0D) { return nil }
            func has(_ w: [UInt8], at i: Int) -> Bool {
                guard i >= 0, i + w.count <= n else { return false }
                for k in 0..<w.count where t[i + k] != w[k] { return false }
                return true
            }
            var start = 0
            while start + before.count <= n, !has(before, at: start) { start += 1 }
            guard start + before.count <= n else { return .some(nil) }
            let lo = start + before.count
            var j = n - after.count
            while j >= lo + 1, !has(after, at: j) { j -= 1 }
            guard j >= lo + 1 else { return .some(nil) }
            return .some(String(decoding: UnsafeBufferPointer(rebasing: t[lo..<j]), as: UTF8.self))
        }
    }
}
