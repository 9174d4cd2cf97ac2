import XCTest
import DemoShop
import FieldParsers
import Model
@testable import Extract

/// One table per heuristic of the automatic extractor, on small snippets.
final class AutoExtractorTests: XCTestCase {
    func auto(_ body: String, head: String = "", url: String = "https://shop.example/p/1", lang: String = "en") -> [String: String] {
        let html = "<html lang=\"\(lang)\"><head>\(head)</head><body>\(body)</body></html>"
        return AutoExtractor.extract(html: html, url: url).flat
    }

    struct Row {
        var name: String
        var body: String
        var head = ""
        var url = "https://shop.example/p/1"
        var lang = "en"
        var want: [String: String?]
    }

    func run(_ rows: [Row], file: StaticString = #filePath, line: UInt = #line) {
        for r in rows {
            let got = auto(r.body, head: r.head, url: r.url, lang: r.lang)
            for (k, v) in r.want {
                XCTAssertEqual(got[k], v, "\(r.name): \(k) in \(got)", file: file, line: line)
            }
        }
    }

    func testVisiblePriceHeuristics() {
        run([
            Row(name: "sale price beats the struck-through list price",
                body: "<h1>Kettle</h1><div class='price-box'><del class='price'>$49.99</del> <span class='price sale-price'>$39.99</span></div><button>Add to cart</button>",
                want: ["price": "39.99", "currency": "USD"]),
            Row(name: "old price named by class",
                body: "<h1>Lamp</h1><div><span class='old-price'>€ 59,00</span><span class='product-price'>€ 45,50</span></div>",
                want: ["price": "45.5", "currency": "EUR"]),
            Row(name: "instalment text is not the price",
                body: "<h1>TV</h1><div class='preco'><span class='preco-por'>R$ 1.299,90</span> <span class='parcelas'>12x de R$ 108,33 sem juros</span></div>",
                lang: "pt-BR", want: ["price": "1299.9", "currency": "BRL"]),
            Row(name: "unit price is not the price",
                body: "<h1>Coffee 500 g</h1><p class='unit-price'>€ 17,98 / kg</p><p class='price'>€ 8,99</p>",
                lang: "de", want: ["price": "8.99"]),
            Row(name: "related products carousel is ignored",
                body: "<main><h1>Blue mug</h1><span class='price'>£12.00</span></main><section class='related-products'><div class='card'><span class='price'>£3.00</span></div><div class='card'><span class='price'>£3.00</span></div><div class='card'><span class='price'>£3.00</span></div></section>",
                want: ["price": "12", "currency": "GBP"]),
            Row(name: "split whole and fraction spans",
                body: "<h1>Cable</h1><span class='a-price'><span>$</span><span class='a-price-whole'>19<span>.</span></span><span class='a-price-fraction'>99</span></span>",
                want: ["price": "19.99"]),
            Row(name: "shipping cost is not the price",
                body: "<h1>Chair</h1><span class='shipping-cost'>+ $4.99 shipping</span><span class='price'>$89.00</span>",
                want: ["price": "89"]),
            Row(name: "no price shown", body: "<h1>About us</h1><p>We sell things since 1999.</p>", want: ["price": nil]),
        ])
    }

    func testStructuredSources() {
        let graph = #"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"BreadcrumbList"},{"@type":"Product","name":"Drill","sku":"D-100","gtin13":"4006381333931","brand":{"@type":"Brand","name":"Bosch"},"offers":{"@type":"Offer","price":"129.00","priceCurrency":"EUR","availability":"https://schema.org/InStock"},"aggregateRating":{"ratingValue":"4.6","reviewCount":"87"}}]}</script>"#
        let aggregate = #"<script type="application/ld+json">[{"@type":"Product","name":"Shirt","sku":"S-1","offers":{"@type":"AggregateOffer","lowPrice":19.5,"highPrice":25,"priceCurrency":"GBP","offers":[{"@type":"Offer","availability":"http://schema.org/OutOfStock"}]}}]</script>"#
        let variants = #"<script type="application/ld+json">{"@type":"Product","name":"Dress","sku":"DR-9","offers":[{"@type":"Offer","price":"89.50","priceCurrency":"EUR","availability":"https://schema.org/OutOfStock"},{"@type":"Offer","price":"89.50","priceCurrency":"EUR","availability":"https://schema.org/InStock"}]}</script>"#
        let broken = "<script type=\"application/ld+json\">{\"@type\":\"Product\",\"name\":\"Pen\",\"offers\":{\"price\":\"2.50\",\"priceCurrency\":\"USD\",},}</script>"
        run([
            Row(name: "JSON-LD @graph", body: "<h1>Drill</h1><span class='price'>€ 99,00</span>", head: graph,
                want: ["price": "129", "currency": "EUR", "sku": "D-100", "availability": "InStock", "brand": "Bosch", "gtin": "4006381333931", "rating": "4.6", "review_count": "87", "title": "Drill"]),
            Row(name: "JSON-LD array with AggregateOffer", body: "<h1>Shirt</h1>", head: aggregate,
                want: ["price": "19.5", "currency": "GBP", "sku": "S-1", "availability": "OutOfStock"]),
            Row(name: "variants: in stock when one size is", body: "<h1>Dress</h1>", head: variants, want: ["availability": "InStock", "price": "89.5"]),
            Row(name: "JSON-LD with trailing commas", body: "<h1>Pen</h1>", head: broken, want: ["price": "2.5", "currency": "USD"]),
            Row(name: "microdata",
                body: "<div itemscope itemtype='http://schema.org/Product'><h1 itemprop='name'>Amp</h1><span itemprop='sku'>AMP-7</span><div itemprop='offers' itemscope itemtype='http://schema.org/Offer'><meta itemprop='priceCurrency' content='EUR'><span itemprop='price' content='88.00'>88,00 €</span><link itemprop='availability' href='http://schema.org/InStock'></div></div>",
                want: ["price": "88", "currency": "EUR", "sku": "AMP-7", "availability": "InStock", "title": "Amp"]),
            Row(name: "Open Graph product meta",
                body: "<h1>Book</h1>",
                head: "<meta property='og:title' content='Book'><meta property='product:price:amount' content='71.91'><meta property='product:price:currency' content='EUR'><meta property='product:availability' content='in stock'><meta property='product:retailer_item_id' content='BK-1589'>",
                want: ["price": "71.91", "currency": "EUR", "availability": "InStock", "sku": "BK-1589"]),
            Row(name: "__NEXT_DATA__ state",
                body: "<h1>Norton Security</h1><script id='__NEXT_DATA__' type='application/json'>{\"props\":{\"pageProps\":{\"product\":{\"name\":\"Norton Security\",\"sku\":\"83050303\",\"price\":{\"value\":17.49,\"currency\":\"GBP\"},\"inStock\":true}}}}</script>",
                want: ["price": "17.49", "currency": "GBP", "sku": "83050303", "availability": "InStock"]),
            Row(name: "window.__INITIAL_STATE__ state",
                body: "<h1>Robot mower</h1><script>window.__INITIAL_STATE__ = {\"pdp\":{\"item\":{\"title\":\"Robot mower\",\"skuId\":\"763127\",\"salePrice\":\"978.00\",\"currency\":\"EUR\",\"stockStatus\":\"OUT_OF_STOCK\"}}};</script>",
                want: ["price": "978", "sku": "763127", "availability": "OutOfStock"]),
        ])
    }

    func testAvailabilityTexts() {
        func page(_ text: String, _ cls: String = "stock-status") -> String {
            "<h1>Thing</h1><span class='price'>€ 10,00</span><p class='\(cls)'>\(text)</p>"
        }
        run([
            Row(name: "en in", body: page("In stock"), want: ["availability": "InStock"]),
            Row(name: "en out", body: page("Currently unavailable."), want: ["availability": "OutOfStock"]),
            Row(name: "de in", body: page("Auf Lager, sofort lieferbar"), lang: "de", want: ["availability": "InStock"]),
            Row(name: "de out", body: page("Ausverkauft"), lang: "de", want: ["availability": "OutOfStock"]),
            Row(name: "fr out", body: page("Rupture de stock", "disponibilite"), lang: "fr", want: ["availability": "OutOfStock"]),
            Row(name: "es in", body: page("Disponible", "disponibilidad"), lang: "es", want: ["availability": "InStock"]),
            Row(name: "it out", body: "<h1>Cosa</h1><span class='price'>€ 10,00</span><p>Non disponibile</p>", lang: "it", want: ["availability": "OutOfStock"]),
            Row(name: "pt out", body: page("Esgotado", "estoque"), lang: "pt", want: ["availability": "OutOfStock"]),
            Row(name: "zh in", body: page("有货", "stock"), lang: "zh", want: ["availability": "InStock"]),
            Row(name: "ja out", body: page("在庫切れ", "stock"), lang: "ja", want: ["availability": "OutOfStock"]),
            Row(name: "add-to-cart button", body: "<h1>Thing</h1><span class='price'>$10</span><button type='submit'>Add to Cart</button>", want: ["availability": "InStock"]),
            Row(name: "German cart button", body: "<h1>Ding</h1><span class='preis'>10,00 €</span><button>In den Warenkorb</button>", lang: "de", want: ["availability": "InStock"]),
            Row(name: "schema.org value in an itemprop link", body: "<h1>Thing</h1><link itemprop='availability' href='https://schema.org/OutOfStock'>", want: ["availability": "OutOfStock"]),
        ])
    }

    func testSKUHeuristics() {
        run([
            Row(name: "itemprop sku", body: "<h1>Thing</h1><span itemprop='sku'>AB-12345</span>", want: ["sku": "AB-12345"]),
            Row(name: "data attribute", body: "<div class='product' data-sku='XK-2201'><h1>Thing</h1></div>", want: ["sku": "XK-2201"]),
            Row(name: "SKU: label", body: "<h1>Thing</h1><p>SKU: 4711-0815</p>", want: ["sku": "4711-0815"]),
            Row(name: "label and value in two elements", body: "<h1>Thing</h1><table><tr><th>Art.-Nr.</th><td>998877</td></tr></table>", lang: "de", want: ["sku": "998877"]),
            Row(name: "ASIN row", body: "<h1>Thing</h1><table><tr><th>ASIN</th><td>B07FW264WL</td></tr></table>", want: ["sku": "B07FW264WL"]),
            Row(name: "URL id repeated by the page", body: "<h1>Washing machine</h1><p>post id: 7235216655</p>", url: "https://city.example/app/d/washing-machine/7235216655.htm", want: ["sku": "7235216655"]),
            Row(name: "a model name in the URL is not the id", body: "<h1>Panasonic NN-K35HWMEBG</h1>", url: "https://shop.example/products/panasonic-nn-k35hwmebg", want: ["sku": nil]),
            Row(name: "hidden input", body: "<form><input type='hidden' name='product_id' value='55123'><h1>Thing</h1></form>", want: ["sku": "55123"]),
        ])
    }

    func testSourcesAndConfidenceAreReported() {
        let html = "<html><head><script type='application/ld+json'>{\"@type\":\"Product\",\"name\":\"A\",\"offers\":{\"price\":\"5.00\",\"priceCurrency\":\"USD\"}}</script></head><body><h1>A</h1><span class='price'>$5.00</span></body></html>"
        let r = AutoExtractor.extract(html: html, url: "https://x.example/p")
        XCTAssertEqual(r["price"]?.source, .jsonLD)
        XCTAssertGreaterThan(r["price"]?.confidence ?? 0, 0.9)
        XCTAssertEqual(r["title"]?.text, "A")
        let record = r.record()
        XCTAssertEqual(record.fields["price"]?.source, .auto)
        if case .price(let p)? = record["price"] { XCTAssertEqual(p.amount, 5) } else { XCTFail("no price in the record") }
    }

    /// All five demo shops: the automatic result equals the selector set's on price, currency and availability.
    func testDemoShopsAgreeWithTheirSelectorSets() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let server = try DemoServer()
        var compared = 0
        for shop in DemoShopID.allCases {
            let set = try SelectorSet.load(path: repo.appendingPathComponent("Selectors/demo-\(shop.rawValue).yml").path)
            let extractor = try Extractor(selectorSet: set)
            var perShop = 0
            for product in DemoWorld.products(of: shop).prefix(12) {
                let url = server.productURL(shop, product.id)
                let path = String(url.dropFirst(server.baseURL.count))
                let response = server.respondForBenchmark(path)
                guard response.status == 200 else { continue }
                // The fetcher decodes gbk as its superset GB18030 and reads CP932 from the header; so does this.
                let doc = try HTMLDocument(bytes: response.body, url: url, encoding: shop == .cn ? "GB18030" : shop == .jp ? "CP932" : nil)
                let selected = extractor.extract(document: doc, pageKind: "product", context: set.parseContextTemplate).records.first
                let auto = AutoExtractor.extract(document: doc)
                guard case .price(let want)? = selected?["price"] else { continue }
                XCTAssertEqual(auto["price"].flatMap { Decimal(string: $0.text) }, want.amount, "\(shop) \(url) price (\(auto["price"]?.evidence ?? "none"))")
                XCTAssertEqual(auto["currency"]?.text, want.currency, "\(shop) \(url) currency")
                if case .availability(let a)? = selected?["availability"] {
                    XCTAssertEqual(auto["availability"]?.text, AutoRun.simplified(a).rawValue, "\(shop) \(url) availability (\(auto["availability"]?.evidence ?? "none"))")
                }
                perShop += 1
            }
            XCTAssertGreaterThan(perShop, 5, "\(shop): product pages compared")
            compared += perShop
        }
        print("auto vs selector sets: \(compared) demo product pages compared")
    }
}
