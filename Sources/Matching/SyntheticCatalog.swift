/// Two generated shops selling the same products under different spellings, with known truth:
/// for the blocking-recall test and the 100k x 100k bench (`pricewatch-bench match`).
///
///     let (left, right, truth) = SyntheticCatalog.make(count: 1000, seed: 1)   // truth: ["L1|R1", ...]
public enum SyntheticCatalog {
    static let brands = ["sony", "samsung", "philips", "bosch", "panasonic", "lg", "canon", "dyson", "braun", "miele", "xiaomi", "lenovo"]
    static let kinds = ["headphones", "kettle", "vacuum cleaner", "tv", "camera", "monitor", "blender", "shaver", "laptop", "speaker",
                        "air fryer", "router", "printer", "microwave", "drill", "phone"]
    static let extras = ["black", "white", "silver", "wireless", "smart", "pro", "new", "edition", "compact", "digital", "portable", "original"]
    static let sizes = ["128gb", "256gb", "1.5l", "1200w", "55\"", "65\"", "2tb", "500ml", "800w", "13 inch"]

    public static func make(count: Int, seed: UInt64) -> (left: [ProductRecord], right: [ProductRecord], truth: [String]) {
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        func pick<T>(_ a: [T]) -> T { a[Int(next() % UInt64(a.count))] }
        let letters = Array("abcdefghjkmnpqrstuvwxyz")
        var left: [ProductRecord] = [], right: [ProductRecord] = [], truth: [String] = []
        left.reserveCapacity(count); right.reserveCapacity(count)
        for i in 0..<count {
            let brand = pick(brands), kind = pick(kinds), size = pick(sizes)
            let prefix = String((0..<2).map { _ in pick(letters) }), digits = String(100 + next() % 9900), suffix = String(pick(letters))
            let extra = pick(extras)
            let price = Double(10 + next() % 2000)
            left.append(ProductRecord(id: "L\(i)", title: "\(brand.capitalized) \(prefix.uppercased())-\(digits)\(suffix.uppercased()) \(kind) \(size) \(extra)",
                                      brand: brand, price: .init(amount: .init(price), currency: "USD")))
            // The other shop: no hyphen or a space in the model, lower case, words reordered, another extra word.
            let model = next() % 2 == 0 ? "\(prefix)\(digits)\(suffix)" : "\(prefix) \(digits)\(suffix)"
            right.append(ProductRecord(id: "R\(i)", title: "\(kind.capitalized) \(brand.uppercased()) \(model) \(pick(extras)) \(size)",
                                       brand: brand.uppercased(), price: .init(amount: .init(price * (0.9 + Double(next() % 20) / 100)), currency: "USD")))
            truth.append("L\(i)|R\(i)")
        }
        return (left, right, truth)
    }
}
