/// How the sentiment targets are measured, shared by the accuracy tests and the benchmark.
public enum SentimentEvaluation {
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count), mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx); syy += (b - my) * (b - my) }
        return sxy / (sxx * syy).squareRoot()
    }

    /// 3 classes: human > 0.5 positive, < -0.5 negative; score > 0.05 positive, < -0.05 negative.
    public static func macroF1(human: [Double], scores: [Double]) -> Double {
        func cls(_ v: Double, _ t: Double) -> Int { v > t ? 1 : v < -t ? -1 : 0 }
        var f = 0.0
        for c in [-1, 0, 1] {
            var tp = 0.0, fp = 0.0, fn = 0.0
            for (h, s) in zip(human, scores) {
                let a = cls(h, 0.5), b = cls(s, 0.05)
                if a == c && b == c { tp += 1 } else if b == c { fp += 1 } else if a == c { fn += 1 }
            }
            let p = tp / max(tp + fp, 1), r = tp / max(tp + fn, 1)
            f += p + r > 0 ? 2 * p * r / (p + r) : 0
        }
        return f / 3
    }

    private static let crcTable: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// zlib's CRC-32: `crc32 % 5 == 0` picks the held-out rows, as the training scripts do.
    public static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    public static func isHeldOut(_ key: some StringProtocol) -> Bool { crc32(key.utf8) % 5 == 0 }
}
