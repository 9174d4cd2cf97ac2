import XCTest
import DemoShop
import FieldParsers
import Model
@testable import Extract

/// `selectors suggest` then `selectors check`: the suggested set, loaded like any Selectors/*.yml,
/// reads the same values the automatic extractor found.
final class SelectorSuggesterTests: XCTestCase {
    static func text(_ v: FieldValue) -> String {
        switch v {
        case .price(let p): return p.amount.map(AutoRun.decimalText) ?? ""
        case .availability(let a): return AutoRun.simplified(a).rawValue
        case .rating(let r): return "\(r)"
        case .count(let n), .integer(let n): return String(n)
        case .text(let t): return t
        default: return "\(v)"
        }
    }

    /// Fields reproduced and fields that differ ("name: want -> got").
    func roundTrip(_ doc: HTMLDocument, file: String) throws -> (ok: Int, wrong: [String]) {
        let suggestion = SelectorSuggester.suggest(document: doc)
        let set = try SelectorSet.parse(yaml: suggestion.yaml, file: file)
        let record = try Extractor(selectorSet: set).extract(document: doc, pageKind: "product", context: set.parseContextTemplate).records.first
        var ok = 0, wrong: [String] = []
        for (name, want) in suggestion.expected {
            let got = record?[name].map(SelectorSuggesterTests.text)
            var same = got == want
            if name == "price" { same = got.flatMap { Decimal(string: $0) } == Decimal(string: want) }
            if name == "rating", let g = got.flatMap(Double.init), let w = Double(want) { same = abs(g - w) < 0.01 }
            if same { ok += 1 } else { wrong.append("\(name): \(want) -> \(got ?? "nothing")") }
        }
        return (ok, wrong)
    }

    func testStableSelectorsPreferIdsItempropsAndSemanticClasses() throws {
        let html = """
        <html><body><div id="main"><div class="product-info"><h1 class="product-title">Kettle</h1>
        <div class="price-box x7Yq2"><span class="price sc-1kq0">$39.99</span></div>
        <p class="stock in-stock">In stock</p><span itemprop="sku">KT-100</span></div>
        <ul class="related"><li><span class="price">$5.00</span></li></ul></div></body></html>
        """
        let doc = try HTMLDocument(html: html, url: "https://kettles.example/p/kettle-100")
        let s = SelectorSuggester.suggest(document: doc)
        XCTAssertTrue(s.yaml.contains("price: {css: \"div.price-box\"") || s.yaml.contains("price: {css: \"span.price\""), s.yaml)
        let selectorLines = s.yaml.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }.joined(separator: "\n")
        XCTAssertFalse(selectorLines.contains("x7Yq2") || selectorLines.contains("sc-1kq0"), "generated class names are not used:\n\(s.yaml)")
        XCTAssertTrue(s.yaml.contains("span[itemprop='sku']"), s.yaml)
        XCTAssertFalse(s.yaml.contains("nth-of-type"), "no positional chain where a stable anchor exists:\n\(s.yaml)")
        XCTAssertTrue(s.yaml.contains("# found \"39.99\""), s.yaml)
        XCTAssertFalse(SelectorSuggester.stable("iecPTL"))
        XCTAssertFalse(SelectorSuggester.stable("product-12345"))
        XCTAssertFalse(SelectorSuggester.stable("rating___3AUoO"))
        XCTAssertTrue(SelectorSuggester.stable("priceblock_ourprice"))
        let (ok, wrong) = try roundTrip(doc, file: "kettles.yml")
        XCTAssertEqual(wrong, [])
        XCTAssertGreaterThanOrEqual(ok, 4)
    }

    func testSuggestionsReproduceTheDemoShops() throws {
        let server = try DemoServer()
        for shop in DemoShopID.allCases {
            for product in DemoWorld.products(of: shop).prefix(3) {
                let url = server.productURL(shop, product.id)
                let response = server.respondForBenchmark(String(url.dropFirst(server.baseURL.count)))
                guard response.status == 200 else { continue }
                let doc = try HTMLDocument(bytes: response.body, url: url, encoding: shop == .cn ? "GB18030" : shop == .jp ? "CP932" : nil)
                let (ok, wrong) = try roundTrip(doc, file: "demo-\(shop.rawValue).yml")
                XCTAssertEqual(wrong, [], "\(shop) \(url)\n\(SelectorSuggester.suggest(document: doc).yaml)")
                XCTAssertGreaterThanOrEqual(ok, 3, "\(shop) \(url)")
            }
        }
    }

    func testSuggestionsReproduceTheDevPages() throws {
        guard FileManager.default.fileExists(atPath: AutoExtractDataTests.directory + "/ground-truth.json") else {
            print("SKIP: \(AutoExtractDataTests.directory) is absent; the suggestion round trip on real pages does not run")
            return
        }
        let set = try AutoEvaluation.PageSet.load(directory: AutoExtractDataTests.directory)
        var ok = 0, total = 0
        for page in set.pages {
            let doc = try AutoEvaluation.document(page)
            let (good, wrong) = try roundTrip(doc, file: "\(page.key.prefix(8)).yml")
            ok += good
            total += good + wrong.count
            for w in wrong { print("  not reproduced \(page.key.prefix(8)) \(w)") }
        }
        print("suggested selector sets reproduce \(ok) of \(total) automatic fields on \(set.pages.count) dev pages")
        XCTAssertGreaterThanOrEqual(Double(ok) / Double(max(1, total)), 0.9)
    }
}
