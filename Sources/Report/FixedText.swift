import Foundation

/// `String(format: "%.Nf", v)` for N = 0...6 without going through printf (charts and CSV files
/// call it per point): the same text, the exact binary value rounded half to even as glibc does.
///
///     FixedText.format(0.35, digits: 1)   // "0.3" (0.35 is 0.34999... in binary), like printf
enum FixedText {
    static let scales: [Double] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000]

    static func format(_ v: Double, digits: Int) -> String {
        guard digits >= 0, digits < scales.count, v.isFinite else { return String(format: "%.\(digits)f", v) }
        let scale = scales[digits]
        let magnitude = abs(v)
        let p = magnitude * scale
        // Half-integers stay exact below 2^50, so rounding p is rounding the exact product...
        guard p < 1e15 else { return String(format: "%.\(digits)f", v) }
        var r = p.rounded(.toNearestOrEven)
        // ...except when p itself landed on a tie: the product's exact remainder decides.
        if p - p.rounded(.down) == 0.5 {
            let remainder = fma(magnitude, scale, -p)
            if remainder > 0 { r = p.rounded(.up) } else if remainder < 0 { r = p.rounded(.down) }
        }
        var units = UInt64(r)
        var buffer: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let count: Int = withUnsafeMutableBytes(of: &buffer) { b in
            // Least significant first, then reversed.
            var n = 0
            for _ in 0..<digits { b[n] = UInt8(0x30 + units % 10); units /= 10; n += 1 }
            if digits > 0 { b[n] = 0x2E; n += 1 }
            repeat { b[n] = UInt8(0x30 + units % 10); units /= 10; n += 1 } while units > 0
            if v.sign == .minus { b[n] = 0x2D; n += 1 }  // printf writes "-0.0" for -0.04 and -0.0
            var a = 0, z = n - 1
            while a < z { b.swapAt(a, z); a += 1; z -= 1 }
            return n
        }
        return withUnsafeBytes(of: &buffer) { b in String(decoding: b[0..<count], as: UTF8.self) }
    }
}
