import Foundation

/// Deterministic pseudo-randomness: the same inputs always give the same world.
enum Mix {
    static func hash(_ parts: Int...) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        for p in parts {
            h ^= UInt64(bitPattern: Int64(p)) &+ 0x9E37_79B9_7F4A_7C15 &+ (h << 6) &+ (h >> 2)
            // splitmix64 finaliser
            var z = h &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            h = z ^ (z >> 31)
        }
        return h
    }

    /// A number in 0..<n from the parts.
    static func pick(_ n: Int, _ parts: Int...) -> Int {
        var h: UInt64 = 0xD1B5_4A32_D192_ED03
        for p in parts { h = hash(Int(truncatingIfNeeded: h), p) }
        return Int(h % UInt64(max(n, 1)))
    }
}

/// One product of the catalog the merchant and the demo competitors share.
public struct DemoProduct: Sendable, Equatable {
    public var id: Int
    /// The merchant's SKU.
    public var sku: String
    public var category: String
    public var brand: String
    public var gtin: String
    /// Titles per language: en, de, zh, pt, ja.
    public var titles: [String: String]
    /// Reference price in USD cents.
    public var baseCents: Int
    /// The merchant's cost in USD cents.
    public var costCents: Int
    /// Clothing and shoes have sizes (size complaints in reviews, variants in the EU shop).
    public var hasSizes: Bool

    public func title(_ language: String) -> String { titles[language] ?? titles["en"]! }
}

/// The shared catalog: ~200 products from product types, brands and models.
public enum DemoCatalog {
    struct Kind {
        let category: String
        let en: String, de: String, zh: String, pt: String, ja: String
        let lowUSD: Int, highUSD: Int
        let sizes: Bool
    }

    static let kinds: [Kind] = [
        Kind(category: "kitchen", en: "Electric Kettle", de: "Wasserkocher", zh: "电热水壶", pt: "Chaleira Elétrica", ja: "電気ケトル", lowUSD: 25, highUSD: 90, sizes: false),
        Kind(category: "kitchen", en: "Coffee Grinder", de: "Kaffeemühle", zh: "咖啡研磨机", pt: "Moedor de Café", ja: "コーヒーグラインダー", lowUSD: 30, highUSD: 160, sizes: false),
        Kind(category: "kitchen", en: "Rice Cooker", de: "Reiskocher", zh: "电饭煲", pt: "Panela de Arroz", ja: "炊飯器", lowUSD: 45, highUSD: 280, sizes: false),
        Kind(category: "kitchen", en: "Chef Knife", de: "Kochmesser", zh: "厨师刀", pt: "Faca de Chef", ja: "牛刀", lowUSD: 20, highUSD: 150, sizes: false),
        Kind(category: "electronics", en: "Wireless Headphones", de: "Kabellose Kopfhörer", zh: "无线耳机", pt: "Fones de Ouvido sem Fio", ja: "ワイヤレスヘッドホン", lowUSD: 40, highUSD: 350, sizes: false),
        Kind(category: "electronics", en: "Bluetooth Speaker", de: "Bluetooth-Lautsprecher", zh: "蓝牙音箱", pt: "Caixa de Som Bluetooth", ja: "Bluetoothスピーカー", lowUSD: 25, highUSD: 200, sizes: false),
        Kind(category: "electronics", en: "Power Bank", de: "Powerbank", zh: "充电宝", pt: "Carregador Portátil", ja: "モバイルバッテリー", lowUSD: 15, highUSD: 80, sizes: false),
        Kind(category: "electronics", en: "Smart Watch", de: "Smartwatch", zh: "智能手表", pt: "Relógio Inteligente", ja: "スマートウォッチ", lowUSD: 60, highUSD: 450, sizes: false),
        Kind(category: "electronics", en: "Mechanical Keyboard", de: "Mechanische Tastatur", zh: "机械键盘", pt: "Teclado Mecânico", ja: "メカニカルキーボード", lowUSD: 45, highUSD: 220, sizes: false),
        Kind(category: "home", en: "Desk Lamp", de: "Schreibtischlampe", zh: "台灯", pt: "Luminária de Mesa", ja: "デスクライト", lowUSD: 18, highUSD: 120, sizes: false),
        Kind(category: "home", en: "Air Purifier", de: "Luftreiniger", zh: "空气净化器", pt: "Purificador de Ar", ja: "空気清浄機", lowUSD: 80, highUSD: 500, sizes: false),
        Kind(category: "home", en: "Robot Vacuum", de: "Saugroboter", zh: "扫地机器人", pt: "Aspirador Robô", ja: "ロボット掃除機", lowUSD: 150, highUSD: 900, sizes: false),
        Kind(category: "apparel", en: "Running Shoes", de: "Laufschuhe", zh: "跑步鞋", pt: "Tênis de Corrida", ja: "ランニングシューズ", lowUSD: 50, highUSD: 200, sizes: true),
        Kind(category: "apparel", en: "Rain Jacket", de: "Regenjacke", zh: "防雨夹克", pt: "Jaqueta Impermeável", ja: "レインジャケット", lowUSD: 40, highUSD: 260, sizes: true),
        Kind(category: "apparel", en: "Merino Sweater", de: "Merinopullover", zh: "美利奴毛衣", pt: "Suéter de Merino", ja: "メリノセーター", lowUSD: 45, highUSD: 180, sizes: true),
        Kind(category: "apparel", en: "Denim Jeans", de: "Jeans", zh: "牛仔裤", pt: "Calça Jeans", ja: "デニムジーンズ", lowUSD: 30, highUSD: 140, sizes: true),
        Kind(category: "beauty", en: "Face Serum", de: "Gesichtsserum", zh: "精华液", pt: "Sérum Facial", ja: "美容液", lowUSD: 12, highUSD: 95, sizes: false),
        Kind(category: "beauty", en: "Hair Dryer", de: "Haartrockner", zh: "吹风机", pt: "Secador de Cabelo", ja: "ヘアドライヤー", lowUSD: 30, highUSD: 420, sizes: false),
        Kind(category: "sports", en: "Yoga Mat", de: "Yogamatte", zh: "瑜伽垫", pt: "Tapete de Yoga", ja: "ヨガマット", lowUSD: 15, highUSD: 110, sizes: false),
        Kind(category: "sports", en: "Camping Tent", de: "Campingzelt", zh: "露营帐篷", pt: "Barraca de Camping", ja: "キャンプテント", lowUSD: 60, highUSD: 600, sizes: false),
    ]

    static let brands = ["Acme", "Nordwind", "Hoshino", "Lumen", "Vila Nova", "Zhongxin", "Kestrel", "Aurora", "Tanaka", "Brisa"]

    public static let categories: [String] = Array(Set(kinds.map(\.category))).sorted()

    /// 200 products: each kind in 10 models.
    public static let products: [DemoProduct] = {
        var out: [DemoProduct] = []
        for (k, kind) in kinds.enumerated() {
            for model in 0..<10 {
                let id = k * 10 + model + 1
                let brand = brands[Mix.pick(brands.count, id, 1)]
                let series = ["S", "X", "Pro", "Mini", "Max", "Go", "Air", "One", "Lite", "Plus"][model]
                let number = 100 + Mix.pick(900, id, 2)
                let spread = kind.highUSD - kind.lowUSD
                let dollars = kind.lowUSD + Mix.pick(spread + 1, id, 3)
                let cents = dollars * 100 + [99, 0, 49, 95, 90, 50, 0, 99, 29, 79][Mix.pick(10, id, 4)]
                let model = "\(brand) \(series) \(number)"
                let gtinBody = String(format: "%012d", 400_000_000_000 + id * 7919)
                out.append(DemoProduct(
                    id: id, sku: String(format: "PW-%@-%03d", String(kind.category.prefix(3)).uppercased(), id), category: kind.category,
                    brand: brand, gtin: gtinBody + String(DemoCatalog.gtinCheckDigit(gtinBody)),
                    titles: ["en": "\(model) \(kind.en)", "de": "\(model) \(kind.de)", "zh": "\(brand) \(kind.zh) \(series)\(number)",
                             "pt": "\(kind.pt) \(model)", "ja": "\(brand) \(kind.ja) \(series)\(number)"],
                    baseCents: cents, costCents: cents * (55 + Mix.pick(20, id, 5)) / 100, hasSizes: kind.sizes))
            }
        }
        return out
    }()

    public static func product(_ id: Int) -> DemoProduct? {
        id >= 1 && id <= products.count ? products[id - 1] : nil
    }

    static func gtinCheckDigit(_ body: String) -> Int {
        let digits = body.compactMap { $0.wholeNumberValue }
        var sum = 0
        for (i, d) in digits.reversed().enumerated() { sum += d * (i % 2 == 0 ? 3 : 1) }
        return (10 - sum % 10) % 10
    }
}
