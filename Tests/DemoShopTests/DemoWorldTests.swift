import XCTest
import Foundation
import LoopbackServer
import Model
@testable import DemoShop

final class DemoWorldTests: XCTestCase {
    func get(_ server: DemoServer, _ path: String) -> HTTPResponse {
        server.respond(HTTPRequest(method: "GET", target: path))
    }

    func text(_ r: HTTPResponse, charset: String = "UTF-8") -> String {
        if charset == "UTF-8" { return String(decoding: r.body, as: UTF8.self) }
        return String(data: r.body, encoding: .utf8) ?? ""
    }

    func testCatalogAndShopsOverlap() {
        XCTAssertEqual(DemoCatalog.products.count, 200)
        XCTAssertEqual(Set(DemoCatalog.products.map(\.sku)).count, 200)
        for shop in DemoShopID.allCases {
            let n = DemoWorld.products(of: shop).count
            XCTAssertTrue((110...170).contains(n), "\(shop): \(n) products")
        }
        let everywhere = DemoCatalog.products.filter { p in DemoShopID.allCases.allSatisfy { DemoWorld.sells($0, p) } }
        XCTAssertGreaterThan(everywhere.count, 5, "some products are sold by all five")
    }

    func testPagesAreDeterministicAndEvolveByDay() throws {
        let server = try DemoServer()
        let id = DemoWorld.products(of: .us)[0].id
        server.setDay(3)
        let a = get(server, "/us/p/\(id)").body
        let b = get(server, "/us/p/\(id)").body
        XCTAssertEqual(a, b)
        var prices = Set<Decimal>()
        var stock = Set<Bool>()
        for day in 0..<30 {
            for p in DemoWorld.products(of: .us).prefix(20) {
                let t = try XCTUnwrap(DemoWorld.truth(shop: .us, productID: p.id, day: day))
                prices.insert(t.price.amount)
                stock.insert(t.inStock)
            }
        }
        XCTAssertGreaterThan(prices.count, 25, "prices move")
        XCTAssertEqual(stock, [true, false], "stockouts and restocks happen")
    }

    func testSalesCountersNeverDecrease() throws {
        for p in DemoWorld.products(of: .br).prefix(30) {
            var last = -1
            for day in 0..<30 {
                let t = try XCTUnwrap(DemoWorld.truth(shop: .br, productID: p.id, day: day))
                XCTAssertGreaterThanOrEqual(t.totalSold, last)
                last = t.totalSold
            }
        }
    }

    func testScenarioProductsExist() throws {
        let war = try XCTUnwrap(DemoCatalog.products.first { DemoWorld.isPriceWar($0) && DemoWorld.sells(.us, $0) && DemoWorld.sells(.eu, $0) })
        let d0 = try XCTUnwrap(DemoWorld.truth(shop: .us, productID: war.id, day: 0)), d10 = try XCTUnwrap(DemoWorld.truth(shop: .us, productID: war.id, day: 10))
        XCTAssertLessThan(d10.listPrice?.amount ?? d10.price.amount, d0.listPrice?.amount ?? d0.price.amount)
        let cheap = try XCTUnwrap(DemoCatalog.products.first { DemoWorld.isBelowCost($0) && DemoWorld.sells(.cn, $0) })
        let t = try XCTUnwrap(DemoWorld.truth(shop: .cn, productID: cheap.id, day: 12))
        XCTAssertLessThan(t.price.amount / Decimal(string: "7.2")!, Decimal(cheap.costCents) / 100)
        let burst = try XCTUnwrap(DemoCatalog.products.first { DemoWorld.hasComplaintBurst($0) && DemoWorld.sells(.us, $0) })
        let before = try XCTUnwrap(DemoWorld.truth(shop: .us, productID: burst.id, day: 11)).reviews.filter { $0.stars <= 2 }.count
        let after = try XCTUnwrap(DemoWorld.truth(shop: .us, productID: burst.id, day: 15)).reviews.filter { $0.stars <= 2 }.count
        XCTAssertGreaterThanOrEqual(after - before, 12)
    }

    func testGBKAndShiftJISPagesCarryTheirText() throws {
        let server = try DemoServer()
        let cn = DemoWorld.products(of: .cn)[0]
        let r = get(server, "/cn/item/\(cn.id).html")
        XCTAssertEqual(r.header("Content-Type"), "text/html", "the charset is only in <meta>")
        XCTAssertNil(String(data: r.body, encoding: .utf8)?.contains("月销"), "the bytes are GBK, not UTF-8")
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(TextEncoding.encode("已售", charset: "GBK").map { r.body.range(of: $0) != nil }, true)
        let jp = DemoWorld.products(of: .jp)[0]
        let j = get(server, "/jp/item/\(jp.id)")
        XCTAssertEqual(j.status, 200)
        XCTAssertEqual(j.header("Content-Type"), "text/html; charset=CP932")
        XCTAssertEqual(TextEncoding.encode("(税込)", charset: "CP932").map { j.body.range(of: $0) != nil }, true)
    }

    func testListingsReachEveryProductAndRobotsTrapIsThere() throws {
        let server = try DemoServer()
        for shop in DemoShopID.allCases {
            var found = Set<Int>()
            for category in DemoCatalog.categories {
                var page = 1
                while page < 20 {
                    let r = get(server, "/\(shop.rawValue)/\(DemoSites.listingSegment(shop))/\(category)?\(DemoSites.pageParameter(shop))=\(page)")
                    guard r.status == 200 else { break }
                    let html = shop == .cn || shop == .jp ? String(decoding: r.body, as: UTF8.self) : text(r)
                    for m in html.components(separatedBy: DemoSites.productSegment(shop) + "/").dropFirst() {
                        if let id = Int(m.prefix { $0.isNumber }) { found.insert(id) }
                    }
                    XCTAssertTrue(html.contains("/\(shop.rawValue)/cart"), "trap link on \(shop)")
                    page += 1
                }
            }
            XCTAssertEqual(found, Set(DemoWorld.products(of: shop).map(\.id)), "\(shop)")
        }
        let robots = text(get(server, "/robots.txt"))
        XCTAssertTrue(robots.contains("Disallow: /us/cart"))
    }

    func testFaultsAreDeterministicAndRecoverable() throws {
        var faults = DemoFaults()
        faults.rateLimitedShare = 1
        faults.captcha = (.br, 2)
        faults.layoutChange = (.us, 5)
        let server = try DemoServer(faults: faults)
        let id = DemoWorld.products(of: .us)[0].id
        XCTAssertEqual(get(server, "/us/p/\(id)").status, 429)
        XCTAssertEqual(get(server, "/us/p/\(id)").status, 200, "the retry gets through")
        server.setDay(2)
        let br = DemoWorld.products(of: .br)[0].id
        _ = get(server, "/br/produto/\(br)")
        XCTAssertTrue(text(get(server, "/br/produto/\(br)")).contains("Robot Check"))
        server.setDay(5)
        _ = get(server, "/us/p/\(id)")
        let changed = text(get(server, "/us/p/\(id)"))
        XCTAssertFalse(changed.contains("data-price"))
        XCTAssertTrue(changed.contains("price-now"))
    }

    /// The market-local title styles catalog matching must get through, and the decoys it must not take.
    func testTitlesAreMarketLocalAndDecoysLookLikeTheirProduct() throws {
        let all = DemoCatalog.products
        let ja = all.map { $0.title("ja") }
        XCTAssertTrue(ja.contains { $0.unicodeScalars.contains { (0xFF10...0xFF19).contains($0.value) } }, "full-width digits in some Japanese titles")
        XCTAssertTrue(ja.contains { $0.hasPrefix("ホシノ") } && ja.contains { $0.hasPrefix("ノルトヴィント") }, "katakana brands")
        XCTAssertTrue(all.allSatisfy { $0.title("zh").hasPrefix("\($0.brand)/") }, "Chinese titles: Brand/品牌")
        XCTAssertTrue(all.allSatisfy { $0.title("pt").hasPrefix(DemoCatalog.kinds[($0.id - 1) / 10].pt) }, "Portuguese titles lead with the product type")
        XCTAssertTrue(all.contains { $0.title("de").contains("1,5 l") } && all.contains { $0.title("de").contains("10.000 mAh") }, "German number styles")
        XCTAssertTrue(all.allSatisfy { !$0.catalogTitle.isEmpty && $0.catalogTitle != $0.title("en") }, "the merchant titles differently from the US marketplace")
        let bundles = DemoCatalog.decoys.filter { $0.decoy == .bundle }, sizes = DemoCatalog.decoys.filter { $0.decoy == .otherSize }
        XCTAssertGreaterThan(bundles.count, 10)
        XCTAssertGreaterThan(sizes.count, 10)
        for d in DemoCatalog.decoys {
            let p = try XCTUnwrap(DemoCatalog.product(try XCTUnwrap(d.decoyOf)))
            XCTAssertEqual(d.brand, p.brand)
            XCTAssertNotEqual(d.title("ja"), p.title("ja"))
            XCTAssertNotEqual(d.gtin, p.gtin)
            XCTAssertEqual(DemoCatalog.product(d.id), d)
        }
        XCTAssertTrue(DemoShopID.allCases.allSatisfy { shop in DemoWorld.products(of: shop).contains { $0.decoyOf != nil } }, "every shop lists some decoys")
    }

    func testCommittedMerchantCatalogIsTheGeneratedOne() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = root.appendingPathComponent("Jobs/catalog.csv")
        if ProcessInfo.processInfo.environment["PW_REGENERATE"] != nil { try DemoWorld.merchantCatalogCSV().write(to: file, atomically: true, encoding: .utf8) }
        let committed = try String(contentsOf: file, encoding: .utf8)
        XCTAssertEqual(committed, DemoWorld.merchantCatalogCSV(), "regenerate with: pricewatch demo catalog > Jobs/catalog.csv")
    }
}
