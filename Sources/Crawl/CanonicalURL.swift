import Foundation

/// The form of a URL used to recognise the same page twice: scheme and host lower-cased, default
/// port and fragment dropped, tracking parameters removed, the rest of the query sorted.
///
///     CanonicalURL.string("HTTP://Shop.example:80/p/1?utm_source=x&b=2&a=1#reviews")
///     // "http://shop.example/p/1?a=1&b=2"
public enum CanonicalURL {
    /// Query parameters that never change what a page shows.
    static let trackingParameters: Set<String> = ["fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "_ga", "igshid", "spm", "scm"]

    /// nil for anything but an absolute http or https URL.
    public static func string(_ text: String) -> String? {
        guard var c = URLComponents(string: text.trimmingCharacters(in: .whitespacesAndNewlines)),
              let scheme = c.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = c.host, !host.isEmpty else { return nil }
        c.scheme = scheme
        c.host = host.lowercased()
        if (scheme == "http" && c.port == 80) || (scheme == "https" && c.port == 443) { c.port = nil }
        c.fragment = nil
        if c.path.isEmpty { c.path = "/" }
        if let items = c.queryItems {
            let kept = items.filter { item in
                let name = item.name.lowercased()
                return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
            }
            // Stable order; equal names keep their relative order (a[]=1&a[]=2).
            let sorted = kept.enumerated().sorted { ($0.element.name, $0.offset) < ($1.element.name, $1.offset) }.map(\.element)
            c.queryItems = sorted.isEmpty ? nil : sorted
        }
        return c.string
    }
}
