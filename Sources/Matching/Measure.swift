/// A size, capacity, power, count or year read from a title, in one base unit per dimension, so
/// `1,5 l`, `1.5L` and `1500ml` are one volume and `128GB` is never taken for a model number.
///
///     Measure.read("1500ml")              // Measure(.volume, 1500)
///     Measure.read("1.5", unit: "l")      // Measure(.volume, 1500)
///     Measure.read("55", unit: "\"")      // Measure(.length, 1397)   (inches, in mm)
public struct Measure: Hashable, Sendable, CustomStringConvertible {
    public enum Dimension: String, Sendable, CaseIterable {
        case volume, mass, storage, power, length, frequency, charge, voltage, count, year, resolution
    }

    public var dimension: Dimension
    /// In ml, g, MB, W, mm, Hz, mAh, V, pieces, the year, megapixels.
    public var value: Double

    public init(_ dimension: Dimension, _ value: Double) {
        self.dimension = dimension
        self.value = value
    }

    public var description: String { "\(dimension.rawValue):\(value == value.rounded() ? String(Int(value)) : String(value))" }

    /// Unit words as written in shops' titles (English, German, Portuguese, Japanese, Chinese), to
    /// the dimension and the factor to its base unit.
    static let units: [String: (Dimension, Double)] = [
        "ml": (.volume, 1), "cl": (.volume, 10), "dl": (.volume, 100), "l": (.volume, 1000), "lt": (.volume, 1000),
        "ltr": (.volume, 1000), "liter": (.volume, 1000), "litre": (.volume, 1000), "liters": (.volume, 1000), "litros": (.volume, 1000),
        "litro": (.volume, 1000), "リットル": (.volume, 1000), "升": (.volume, 1000), "毫升": (.volume, 1),
        "mg": (.mass, 0.001), "g": (.mass, 1), "gr": (.mass, 1), "kg": (.mass, 1000), "lb": (.mass, 453.6), "lbs": (.mass, 453.6),
        "kb": (.storage, 1.0 / 1024), "mb": (.storage, 1), "gb": (.storage, 1024), "tb": (.storage, 1_048_576),
        "w": (.power, 1), "watt": (.power, 1), "watts": (.power, 1), "kw": (.power, 1000), "瓦": (.power, 1),
        "mm": (.length, 1), "cm": (.length, 10), "m": (.length, 1000), "in": (.length, 25.4), "inch": (.length, 25.4),
        "inches": (.length, 25.4), "zoll": (.length, 25.4), "polegadas": (.length, 25.4), "\"": (.length, 25.4),
        "ft": (.length, 304.8), "feet": (.length, 304.8), "インチ": (.length, 25.4), "英寸": (.length, 25.4), "寸": (.length, 25.4),
        "hz": (.frequency, 1), "khz": (.frequency, 1e3), "mhz": (.frequency, 1e6), "ghz": (.frequency, 1e9),
        "mah": (.charge, 1), "ah": (.charge, 1000), "毫安": (.charge, 1), "厘米": (.length, 10), "毫米": (.length, 1), "公分": (.length, 10), "v": (.voltage, 1), "volt": (.voltage, 1), "volts": (.voltage, 1),
        "mp": (.resolution, 1), "megapixel": (.resolution, 1), "megapixels": (.resolution, 1),
        "pack": (.count, 1), "pk": (.count, 1), "pcs": (.count, 1), "pieces": (.count, 1), "er": (.count, 1), "stuck": (.count, 1),
        "unidades": (.count, 1), "个": (.count, 1), "個": (.count, 1), "件": (.count, 1), "本": (.count, 1), "枚": (.count, 1),
    ]

    static let plausibleMaximum: [Dimension: Double] = [.voltage: 1000, .length: 100_000, .power: 50_000, .volume: 1_000_000, .mass: 1_000_000, .count: 1000, .resolution: 500]

    /// A number with its unit in one token (`128gb`, `1.5l`) or split (`1.5` + `l`).
    public static func read(_ token: String, unit: String? = nil) -> Measure? {
        var number = Substring(token), rest = Substring("")
        if unit == nil {
            guard let cut = token.firstIndex(where: { !($0.isASCII && ($0.isNumber || $0 == ".")) }) else { return nil }
            number = token[..<cut]
            rest = token[cut...]
        }
        guard let first = number.first, first.isNumber, let value = Double(number), value > 0 else { return nil }
        guard let (dimension, factor) = units[unit ?? String(rest)] else { return nil }
        // `6431v` or `4990m` is a model number: no title sells 6 kV or a 5 km cable.
        guard value * factor <= (plausibleMaximum[dimension] ?? .infinity) else { return nil }
        return Measure(dimension, value * factor)
    }

    /// A four-digit year a title may carry (a model year, a software edition), which is no model number.
    static func year(_ token: String) -> Measure? {
        guard token.utf8.count == 4, token.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let y = Int(token), (1980...2039).contains(y) else { return nil }
        return Measure(.year, Double(y))
    }

    /// Whether two titles name different sizes: both state the dimension and no value agrees (2%).
    static func conflict(_ a: [Measure], _ b: [Measure]) -> Dimension? {
        for m in a where !b.contains(where: { $0.dimension == m.dimension && agrees($0.value, m.value) }) {
            // A dimension b states with other values only.
            if b.contains(where: { $0.dimension == m.dimension }) && !a.contains(where: { x in x.dimension == m.dimension && b.contains { agrees($0.value, x.value) && $0.dimension == x.dimension } }) {
                return m.dimension
            }
        }
        return nil
    }

    /// Whether both state a size, capacity or power (not a count or year) and every dimension both state agrees.
    static func agreement(_ a: [Measure], _ b: [Measure]) -> Bool {
        let shared = Set(a.map(\.dimension)).intersection(b.map(\.dimension)).subtracting([.count, .year])
        return !shared.isEmpty && conflict(a, b) == nil
    }

    static func agrees(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= 0.02 * max(x, y) }
}
