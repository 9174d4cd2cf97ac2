import Foundation

/// `Decimal(sign: .plus, exponent: e, significand: Decimal(m))` written straight into the Decimal's
/// bytes: Foundation's construction (an integer conversion, then a multiplication by a power of ten)
/// costs more than the rest of a price parse.
///
/// Foundation keeps such a value compact: trailing zeros of the mantissa moved into the exponent
/// ("19.90" is 199e-1). The header word (length and flags) is read off Foundation's own values once,
/// per mantissa length, and the result checked against Foundation on samples of every length; on any
/// difference (another Foundation, another layout) every call goes the Foundation way.
enum FastDecimal {
    /// Header words (exponent byte cleared) for mantissas of 1...4 UInt16 words; nil: use Foundation.
    private static let headers: (UInt32, UInt32, UInt32, UInt32)? = {
        guard MemoryLayout<Decimal>.size == 20 else { return nil }
        func header(_ m: UInt64) -> UInt32 {
            let d = Decimal(sign: .plus, exponent: 0, significand: Decimal(m))
            return withUnsafeBytes(of: d) { $0.loadUnaligned(fromByteOffset: 0, as: UInt32.self) } & ~0xFF
        }
        let h = (header(1), header(0x1_0001), header(0x1_0000_0001), header(0x1_0000_0000_0001))
        // Held against Foundation: lengths 1-4, trailing zeros, exponents from -18 to past 0.
        let samples: [(UInt64, Int)] = [(1, 0), (7, -1), (1990, -2), (100, -3), (12800, 0), (65535, -2), (65536, 0),
                                        (4_294_967_295, -4), (4_294_967_296, -5), (281_474_976_710_655, -9),
                                        (281_474_976_710_656, -1), (999_999_999_999_999_999, 0),
                                        (100_000_000_000_000_000, -18), (123_456_789_012_345_678, -18), (5_000, -1)]
        for (m, e) in samples {
            let reference = Decimal(sign: .plus, exponent: e, significand: Decimal(m))
            let direct = write(m, e, h)
            let same = withUnsafeBytes(of: reference) { a in withUnsafeBytes(of: direct) { b in a.elementsEqual(b) } }
            if !same { return nil }
        }
        return h
    }()

    /// Whether zero written with `f` fraction digits ("0.00") is, in Foundation, a Decimal whose
    /// bytes are all zero but the exponent byte (-f), as checked here for every f up to 18.
    private static let zeroIsExponentOnly: Bool = {
        guard MemoryLayout<Decimal>.size == 20 else { return false }
        let posix = Locale(identifier: "en_US_POSIX")
        for f in 0...18 {
            for whole in ["0", "000"] {
                let text = f == 0 ? whole : whole + "." + String(repeating: "0", count: f)
                guard let reference = Decimal(string: text, locale: posix) else { return false }
                let same = withUnsafeBytes(of: reference) { a in withUnsafeBytes(of: writeZero(f)) { b in a.elementsEqual(b) } }
                if !same { return false }
            }
        }
        return true
    }()

    /// What `Decimal(string:locale:)` (POSIX) gives for zero digits with `fraction` of them after a
    /// "." (0...18).
    static func zero(fraction: Int) -> Decimal {
        guard fraction >= 0, fraction <= 18, zeroIsExponentOnly else {
            let text = fraction == 0 ? "0" : "0." + String(repeating: "0", count: max(fraction, 0))
            return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))!
        }
        return writeZero(fraction)
    }

    private static func writeZero(_ fraction: Int) -> Decimal {
        var d = Decimal()
        withUnsafeMutableBytes(of: &d) { p in
            for k in 0..<p.count { p[k] = 0 }
            p[0] = UInt8(bitPattern: Int8(-fraction))
        }
        return d
    }

    /// The Decimal m * 10^e, as Foundation builds it. m > 0, up to 18 digits; e from -18 to 0.
    static func make(_ mantissa: UInt64, exponent: Int) -> Decimal {
        guard mantissa > 0, exponent >= -100, exponent <= 0, let h = headers else {
            return Decimal(sign: .plus, exponent: exponent, significand: Decimal(mantissa))
        }
        return write(mantissa, exponent, h)
    }

    @inline(__always) private static func write(_ mantissa: UInt64, _ exponent: Int, _ h: (UInt32, UInt32, UInt32, UInt32)) -> Decimal {
        var m = mantissa, e = exponent
        while m % 10 == 0 { m /= 10; e += 1 }
        let header = m >> 48 != 0 ? h.3 : m >> 32 != 0 ? h.2 : m >> 16 != 0 ? h.1 : h.0
        var d = Decimal()
        withUnsafeMutableBytes(of: &d) { p in
            p.storeBytes(of: header | UInt32(UInt8(bitPattern: Int8(e))), toByteOffset: 0, as: UInt32.self)
            p.storeBytes(of: UInt16(truncatingIfNeeded: m), toByteOffset: 4, as: UInt16.self)
            p.storeBytes(of: UInt16(truncatingIfNeeded: m >> 16), toByteOffset: 6, as: UInt16.self)
            p.storeBytes(of: UInt16(truncatingIfNeeded: m >> 32), toByteOffset: 8, as: UInt16.self)
            p.storeBytes(of: UInt16(truncatingIfNeeded: m >> 48), toByteOffset: 10, as: UInt16.self)
        }
        return d
    }
}
