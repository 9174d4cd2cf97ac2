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
    /// Titles per language as the shops show them: en (the US marketplace), de, zh, pt, ja.
    public var titles: [String: String]
    /// The merchant's own title for it (the catalog sheet).
    public var catalogTitle: String
    /// Reference price in USD cents.
    public var baseCents: Int
    /// The merchant's cost in USD cents.
    public var costCents: Int
    /// Clothing and shoes have sizes (size complaints in reviews, variants in the EU shop).
    public var hasSizes: Bool
    /// The brand as each market's shops print it beside the title (ja: katakana; zh: Latin/Chinese).
    public var localBrands: [String: String] = [:]
    /// Set on a competitor-only listing that looks like catalog product `decoyOf` but is another
    /// product: a bundle with it, or the same model in another size. It must never be matched.
    public var decoyOf: Int? = nil
    public var decoy: DecoyKind? = nil

    public enum DecoyKind: String, Sendable { case bundle, otherSize = "other size" }

    public func title(_ language: String) -> String { titles[language] ?? titles["en"]! }
    public func brand(_ language: String) -> String { localBrands[language] ?? brand }
}

/// The shared catalog: ~200 products from product types, brands and models.
public enum DemoCatalog {
    struct Kind {
        let category: String
        let en: String, de: String, zh: String, pt: String, ja: String
        let lowUSD: Int, highUSD: Int
        let sizes: Bool
        /// The sizes a model of this kind comes in (nil: one size): the catalog sells one, a shop may sell another.
        var sizeChoices: [DemoSize]? = nil
    }

    static let kinds: [Kind] = [
        Kind(category: "kitchen", en: "Electric Kettle", de: "Wasserkocher", zh: "电热水壶", pt: "Chaleira Elétrica", ja: "電気ケトル", lowUSD: 25, highUSD: 90, sizes: false, sizeChoices: [DemoSize(value: 1.5, unit: .litre), DemoSize(value: 1.7, unit: .litre)]),
        Kind(category: "kitchen", en: "Coffee Grinder", de: "Kaffeemühle", zh: "咖啡研磨机", pt: "Moedor de Café", ja: "コーヒーグラインダー", lowUSD: 30, highUSD: 160, sizes: false),
        Kind(category: "kitchen", en: "Rice Cooker", de: "Reiskocher", zh: "电饭煲", pt: "Panela de Arroz", ja: "炊飯器", lowUSD: 45, highUSD: 280, sizes: false, sizeChoices: [DemoSize(value: 1, unit: .litre), DemoSize(value: 1.8, unit: .litre)]),
        Kind(category: "kitchen", en: "Chef Knife", de: "Kochmesser", zh: "厨师刀", pt: "Faca de Chef", ja: "牛刀", lowUSD: 20, highUSD: 150, sizes: false, sizeChoices: [DemoSize(value: 20, unit: .centimetre), DemoSize(value: 24, unit: .centimetre)]),
        Kind(category: "electronics", en: "Wireless Headphones", de: "Kabellose Kopfhörer", zh: "无线耳机", pt: "Fones de Ouvido sem Fio", ja: "ワイヤレスヘッドホン", lowUSD: 40, highUSD: 350, sizes: false),
        Kind(category: "electronics", en: "Bluetooth Speaker", de: "Bluetooth-Lautsprecher", zh: "蓝牙音箱", pt: "Caixa de Som Bluetooth", ja: "Bluetoothスピーカー", lowUSD: 25, highUSD: 200, sizes: false, sizeChoices: [DemoSize(value: 20, unit: .watt), DemoSize(value: 40, unit: .watt)]),
        Kind(category: "electronics", en: "Power Bank", de: "Powerbank", zh: "充电宝", pt: "Carregador Portátil", ja: "モバイルバッテリー", lowUSD: 15, highUSD: 80, sizes: false, sizeChoices: [DemoSize(value: 10000, unit: .milliampereHours), DemoSize(value: 20000, unit: .milliampereHours)]),
        Kind(category: "electronics", en: "Smart Watch", de: "Smartwatch", zh: "智能手表", pt: "Relógio Inteligente", ja: "スマートウォッチ", lowUSD: 60, highUSD: 450, sizes: false, sizeChoices: [DemoSize(value: 41, unit: .millimetre), DemoSize(value: 45, unit: .millimetre)]),
        Kind(category: "electronics", en: "Mechanical Keyboard", de: "Mechanische Tastatur", zh: "机械键盘", pt: "Teclado Mecânico", ja: "メカニカルキーボード", lowUSD: 45, highUSD: 220, sizes: false),
        Kind(category: "home", en: "Desk Lamp", de: "Schreibtischlampe", zh: "台灯", pt: "Luminária de Mesa", ja: "デスクライト", lowUSD: 18, highUSD: 120, sizes: false),
        Kind(category: "home", en: "Air Purifier", de: "Luftreiniger", zh: "空气净化器", pt: "Purificador de Ar", ja: "空気清浄機", lowUSD: 80, highUSD: 500, sizes: false),
        Kind(category: "home", en: "Robot Vacuum", de: "Saugroboter", zh: "扫地机器人", pt: "Aspirador Robô", ja: "ロボット掃除機", lowUSD: 150, highUSD: 900, sizes: false),
        Kind(category: "apparel", en: "Running Shoes", de: "Laufschuhe", zh: "跑步鞋", pt: "Tênis de Corrida", ja: "ランニングシューズ", lowUSD: 50, highUSD: 200, sizes: true),
        Kind(category: "apparel", en: "Rain Jacket", de: "Regenjacke", zh: "防雨夹克", pt: "Jaqueta Impermeável", ja: "レインジャケット", lowUSD: 40, highUSD: 260, sizes: true),
        Kind(category: "apparel", en: "Merino Sweater", de: "Merinopullover", zh: "美利奴毛衣", pt: "Suéter de Merino", ja: "メリノセーター", lowUSD: 45, highUSD: 180, sizes: true),
        Kind(category: "apparel", en: "Denim Jeans", de: "Jeans", zh: "牛仔裤", pt: "Calça Jeans", ja: "デニムジーンズ", lowUSD: 30, highUSD: 140, sizes: true),
        Kind(category: "beauty", en: "Face Serum", de: "Gesichtsserum", zh: "精华液", pt: "Sérum Facial", ja: "美容液", lowUSD: 12, highUSD: 95, sizes: false, sizeChoices: [DemoSize(value: 30, unit: .millilitre), DemoSize(value: 50, unit: .millilitre)]),
        Kind(category: "beauty", en: "Hair Dryer", de: "Haartrockner", zh: "吹风机", pt: "Secador de Cabelo", ja: "ヘアドライヤー", lowUSD: 30, highUSD: 420, sizes: false, sizeChoices: [DemoSize(value: 1800, unit: .watt), DemoSize(value: 2200, unit: .watt)]),
        Kind(category: "sports", en: "Yoga Mat", de: "Yogamatte", zh: "瑜伽垫", pt: "Tapete de Yoga", ja: "ヨガマット", lowUSD: 15, highUSD: 110, sizes: false, sizeChoices: [DemoSize(value: 6, unit: .millimetre), DemoSize(value: 8, unit: .millimetre)]),
        Kind(category: "sports", en: "Camping Tent", de: "Campingzelt", zh: "露营帐篷", pt: "Barraca de Camping", ja: "キャンプテント", lowUSD: 60, highUSD: 600, sizes: false),
    ]

    static let brands = [
        DemoBrand(latin: "Acme", kana: "アクメ", hanzi: "艾克美"), DemoBrand(latin: "Nordwind", kana: "ノルトヴィント", hanzi: "诺德风"),
        DemoBrand(latin: "Hoshino", kana: "ホシノ", hanzi: "星野"), DemoBrand(latin: "Lumen", kana: "ルーメン", hanzi: "流明"),
        DemoBrand(latin: "Vila Nova", kana: "ヴィラノーヴァ", hanzi: "维拉诺瓦"), DemoBrand(latin: "Zhongxin", kana: nil, hanzi: "中信"),
        DemoBrand(latin: "Kestrel", kana: "ケストレル", hanzi: "红隼"), DemoBrand(latin: "Aurora", kana: "オーロラ", hanzi: "极光"),
        DemoBrand(latin: "Tanaka", kana: "タナカ", hanzi: "田中"), DemoBrand(latin: "Brisa", kana: "ブリーザ", hanzi: "布里萨"),
    ]

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
                let size = kind.sizeChoices.map { $0[Mix.pick($0.count, id, 6)] }
                out.append(DemoProduct(
                    id: id, sku: String(format: "PW-%@-%03d", String(kind.category.prefix(3)).uppercased(), id), category: kind.category,
                    brand: brand.latin, gtin: gtin(id), titles: titles(brand, series, number, kind, size, variant: id, bundle: false),
                    catalogTitle: DemoTitles.catalog(brand, series: series, number: number, kind: kind, size: size),
                    baseCents: cents, costCents: cents * (55 + Mix.pick(20, id, 5)) / 100, hasSizes: kind.sizes,
                    localBrands: ["zh": "\(brand.latin)/\(brand.hanzi)", "ja": brand.kana ?? brand.latin.uppercased()]))
            }
        }
        return out
    }()

    /// Competitor-only listings that look like catalog products and are not them: about one product
    /// in ten has a bundle somewhere, and a third of the products that come in sizes have their
    /// other size somewhere. Ids are 1000 + the product's (bundles) and 2000 + it (other sizes).
    public static let decoys: [DemoProduct] = {
        var out: [DemoProduct] = []
        for (k, kind) in kinds.enumerated() {
            for model in 0..<10 {
                let p = products[k * 10 + model]
                let brand = brands[Mix.pick(brands.count, p.id, 1)]
                let series = ["S", "X", "Pro", "Mini", "Max", "Go", "Air", "One", "Lite", "Plus"][model]
                let number = 100 + Mix.pick(900, p.id, 2)
                let size = kind.sizeChoices.map { $0[Mix.pick($0.count, p.id, 6)] }
                if Mix.pick(10, p.id, 81) == 0 {
                    var d = p
                    d.id = 1000 + p.id
                    d.sku = "BUNDLE-\(p.id)"
                    d.gtin = gtin(d.id)
                    d.titles = titles(brand, series, number, kind, size, variant: d.id, bundle: true)
                    d.catalogTitle = ""
                    d.baseCents = p.baseCents * 125 / 100
                    d.decoyOf = p.id
                    d.decoy = .bundle
                    out.append(d)
                }
                if let choices = kind.sizeChoices, let size, Mix.pick(3, p.id, 82) == 0, let other = choices.first(where: { $0 != size }) {
                    var d = p
                    d.id = 2000 + p.id
                    d.sku = "SIZE-\(p.id)"
                    d.gtin = gtin(d.id)
                    d.titles = titles(brand, series, number, kind, other, variant: d.id, bundle: false)
                    d.catalogTitle = ""
                    // Another size costs a little more or less: inside any sane price band.
                    d.baseCents = p.baseCents * (other.value > size.value ? 112 : 90) / 100
                    d.decoyOf = p.id
                    d.decoy = .otherSize
                    out.append(d)
                }
            }
        }
        return out
    }()

    static func titles(_ b: DemoBrand, _ series: String, _ number: Int, _ kind: Kind, _ size: DemoSize?, variant: Int, bundle: Bool) -> [String: String] {
        var t: [String: String] = [:]
        for language in ["en", "de", "zh", "pt", "ja"] {
            t[language] = DemoTitles.market(language, b, series: series, number: number, kind: kind, size: size, variant: variant, bundle: bundle)
        }
        return t
    }

    static func gtin(_ id: Int) -> String {
        let body = String(format: "%012d", 400_000_000_000 + id * 7919)
        return body + String(gtinCheckDigit(body))
    }

    /// A catalog product (1...200) or a decoy listing (see `decoys`) by id.
    public static func product(_ id: Int) -> DemoProduct? {
        if id >= 1 && id <= products.count { return products[id - 1] }
        return decoyByID[id]
    }

    static let decoyByID: [Int: DemoProduct] = Dictionary(uniqueKeysWithValues: decoys.map { ($0.id, $0) })

    static func gtinCheckDigit(_ body: String) -> Int {
        let digits = body.compactMap { $0.wholeNumberValue }
        var sum = 0
        for (i, d) in digits.reversed().enumerated() { sum += d * (i % 2 == 0 ? 3 : 1) }
        return (10 - sum % 10) % 10
    }
}
