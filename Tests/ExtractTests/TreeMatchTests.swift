import DemoShop
import Foundation
import XCTest
@testable import Extract

/// The tree walk that answers simple CSS selectors gives exactly what their XPath gives: the same
/// elements in the same order, the same texts, and the same extraction records, on the demo shops'
/// pages and on the real product pages of ../shared/data/product_pages (skipped when absent).
final class TreeMatchTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Selectors that push the walk to its edges: combinators over nested matches, :not(), attribute
    /// tests, case, pseudo-elements on every kind of node, and a few the walk must leave to XPath.
    static let tricky = [
        "div", "*", "span", "#dp", "#DP", "#dp *", "* *", "* > *", ".a-price", "span.a-price", "span.a-price.a-text-price",
        ".a-text-price.a-price", "#corePrice span", "#corePrice > span", "div > span > span", "div span span::text",
        "div span::attr(class)", "a::attr(href)", "a::attr(HREF)", "*::text", "*::attr(id)", "html", "body > *", "head title::text",
        "html > body", "html body div div span", "div div", "div > div", "div div > span", "div > div span", "main div span",
        ":not(span)", "span:not(.a-text-price)", "span:not(span)", "div:not(#dp) span", "*:not(div):not(span)", ":not(*)",
        "span:not(.a-price) > span", "[data-price]", "span[data-price]::attr(data-price)", "[data-a-strike=true]", "[id=dp]",
        "[class='a-price aok-align-center']", "[class=a-price]", "[lang]", "[href='/us/cart']::text", "td.gtin::text",
        "table tr td", "table > tr > td", "table > tbody > tr > td", "p::text", ".a-icon.a-icon-star span",
        "i.a-icon > span.a-icon-alt::text", "h1 span", "h1 > span", "li", "ul li a::attr(href)", "script::text", "style::text",
        "meta::attr(content)", "meta[property]::attr(content)", "link::attr(href)", "[itemprop]", "[itemprop=price]::attr(content)",
        "[itemprop] [itemprop]::attr(itemprop)", ".price", "span.price::text", ".Preis", "#价格", ".a-price-whole::text",
        ".a-price .a-price-whole::text", "div.review span.review-rating::text", "nav.pagination a.next::attr(href)",
        "div.s-result-item h2 a::attr(href)", "head base::attr(href)", "body::text", "body *::text", "a", "a::text", "img::attr(src)",
        "img::attr(alt)", "input::attr(value)", "option::text", "span.a-offscreen", "#a\\:b", ".x\\.y", "#see-all-reviews",
        // Left to XPath: the walk must say so rather than answer.
        "span + span", "span ~ span", "li:first-child", "li:nth-child(2n+1)", "[class~=a-price]", "[href^='/us']", "a, span",
        "p:contains('Stock')", "span:empty", ".\\ a", "svg|rect",
    ]

    /// Every css selector of the shipped selector sets, and the table above.
    func selectors() throws -> [CSSSelector] {
        var out: [CSSSelector] = []
        var seen = Set<String>()
        let folder = Self.repo.appendingPathComponent("Selectors")
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".yml") {
            let set = try SelectorSet.load(path: folder.appendingPathComponent(file).path)
            for page in set.pages {
                for alt in page.fields.flatMap(\.alternatives) + page.links.map(\.rule) + (page.item.map { [$0] } ?? []) {
                    if case .css(let c) = alt.kind, seen.insert(c.source).inserted { out.append(c) }
                }
            }
        }
        for s in Self.tricky where seen.insert(s).inserted {
            if let c = try? CSSSelector(s) { out.append(c) }
        }
        return out
    }

    /// Demo pages of every shop: category pages, product pages (before and after the day-20 layout
    /// change) and review pages, decoded as the fetcher decodes them.
    func demoDocuments() throws -> [HTMLDocument] {
        let server = try DemoServer()
        var docs: [HTMLDocument] = []
        for day in [0, 25] {
            server.setDay(day)
            for shop in DemoShopID.allCases {
                var urls = server.startURLs(shop).prefix(2).map { $0 }
                for p in DemoWorld.products(of: shop).prefix(4) {
                    let url = server.productURL(shop, p.id)
                    urls.append(url)
                    urls.append(url + "/" + ["us": "reviews", "eu": "reviews", "cn": "rates", "br": "avaliacoes", "jp": "reviews"][shop.rawValue]!)
                }
                for url in urls {
                    let r = server.respondForBenchmark(String(url.dropFirst(server.baseURL.count)))
                    guard r.status == 200 else { continue }
                    docs.append(try HTMLDocument(bytes: r.body, url: url, encoding: shop == .cn ? "GB18030" : shop == .jp ? "CP932" : nil))
                }
            }
        }
        return docs
    }

    func realDocuments() throws -> [HTMLDocument] {
        let dir = AutoExtractDataTests.directory
        guard FileManager.default.fileExists(atPath: dir + "/ground-truth.json") else {
            print("SKIP: \(dir) is absent; the tree walk is compared on the demo pages only")
            return []
        }
        return try AutoEvaluation.PageSet.load(directory: dir).pages.map(AutoEvaluation.document)
    }

    /// Elements of the document in document order.
    func elements(_ doc: HTMLDocument) -> [Node] {
        var out: [Node] = []
        func walk(_ n: Node) { out.append(n); n.children.forEach(walk) }
        if let r = doc.root { walk(r) }
        return out
    }

    func testSimpleSelectorsAreRecognised() throws {
        XCTAssertNotNil(try CSSSelector("#corePrice span.a-price::attr(data-price)").steps)
        XCTAssertNotNil(try CSSSelector("div.s-result-item > h2 a:not(.x)::text").steps)
        XCTAssertNotNil(try CSSSelector("[data-sku=A1]").steps)
        for s in ["span + span", "li:first-child", "a, span", "[href^='/us']", ".\\ a", "p:contains('x')", "svg|rect"] {
            XCTAssertNil((try? CSSSelector(s))?.steps, s)
        }
    }

    /// Node for node, and text for text, at the document and inside elements taken as item scopes.
    func compare(_ docs: [HTMLDocument], _ selectors: [CSSSelector], scopeEvery: Int) -> (checked: Int, matched: Int) {
        let simple = selectors.filter { $0.steps != nil }
        let walk = TreeMatch(steps: simple.map { $0.steps! })
        let queries = simple.map { try! XPathQuery($0.xpath) }
        var checked = 0, matched = 0
        for doc in docs {
            let all = elements(doc)
            var scopes: [Node?] = [nil]
            scopes += stride(from: 0, to: all.count, by: scopeEvery).map { all[$0] }
            for scope in scopes {
                let found = walk.run(in: doc, scope: scope?.pointer)
                for (k, css) in simple.enumerated() {
                    let where_ = "\(css.source) in \(doc.url) scope \(scope.map { "<\($0.name)> #\(all.firstIndex { $0.pointer == scope!.pointer }!)" } ?? "document")"
                    switch css.yield {
                    case .elements:
                        let want = doc.select(queries[k], in: scope).map(\.pointer)
                        XCTAssertEqual(found[k], want, where_)
                        matched += want.count
                    case .text, .attribute:
                        // The texts Extractor reads: normalised, empty ones dropped.
                        let want = doc.evaluateStrings(queries[k], in: scope).map(Node.normalise).filter { !$0.isEmpty }
                        let alt = SelectorSet.Alternative(kind: .css(css), regex: nil, attribute: nil, ownText: false)
                        XCTAssertEqual(Extractor.strings(of: found[k], css: css, alt: alt, document: doc), want, where_)
                        matched += want.count
                    }
                    checked += 1
                }
            }
        }
        return (checked, matched)
    }

    func testWalkEqualsXPathOnDemoPages() throws {
        let docs = try demoDocuments()
        XCTAssertGreaterThan(docs.count, 60)
        let selectors = try selectors()
        XCTAssertGreaterThan(selectors.filter { $0.steps != nil }.count, 100)
        let (checked, matched) = compare(docs, selectors, scopeEvery: 3)
        print("tree walk vs XPath on \(docs.count) demo pages: \(checked) selector evaluations, \(matched) nodes or texts")
        XCTAssertGreaterThan(matched, 10_000)
    }

    func testWalkEqualsXPathOnRealPages() throws {
        let docs = try realDocuments()
        guard !docs.isEmpty else { return }
        let (checked, matched) = compare(docs, try selectors(), scopeEvery: 1000)
        print("tree walk vs XPath on \(docs.count) real pages: \(checked) selector evaluations, \(matched) nodes or texts")
        XCTAssertGreaterThan(matched, 10_000)
    }

    /// Whole extractions, fields, reasons, links and problems, with the walk and without it.
    func testExtractionsAreTheSameWithAndWithoutTheWalk() throws {
        let docs = try demoDocuments() + realDocuments()
        let folder = Self.repo.appendingPathComponent("Selectors")
        var records = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".yml") {
            let set = try SelectorSet.load(path: folder.appendingPathComponent(file).path)
            let walked = try Extractor(selectorSet: set)
            let plain = try Extractor(selectorSet: set)
            plain.usesTreeWalk = false
            for doc in docs {
                for page in set.pages {
                    let a = walked.extract(document: doc, pageKind: page.kind, context: set.parseContextTemplate)
                    let b = plain.extract(document: doc, pageKind: page.kind, context: set.parseContextTemplate)
                    XCTAssertEqual(Self.describe(a), Self.describe(b), "\(file) \(page.kind) on \(doc.url)")
                    records += a.records.filter { $0.fields.values.contains { $0.value != nil } }.count
                }
            }
        }
        XCTAssertGreaterThan(records, 200)
    }

    /// `<base href>` from the walk equals the document's XPath reading, on pages with and without one.
    func testBaseHrefFromTheWalk() throws {
        var docs = try demoDocuments() + realDocuments()
        for html in ["<html><head><base href='/shop/'></head><body></body></html>",
                     "<html><head><base><base href=' x '><base href='y'></head></html>",
                     "<html><head><base href=''></head></html>", "<base href='/nohead/'><p>x</p>",
                     "<html><head></head><body><base href='/body/'></body></html>", "<html><head><BASE HREF='/upper/'></head></html>"] {
            docs.append(try HTMLDocument(html: html))
        }
        var withBase = 0
        for doc in docs {
            let walk = Extractor.PageWalk(document: doc, page: Extractor.SelectorWalk([]), item: nil)
            XCTAssertEqual(walk.baseHref, doc.baseHref, doc.url)
            if doc.baseHref != nil { withBase += 1 }
        }
        XCTAssertGreaterThanOrEqual(withBase, 4)
    }

    /// One extractor parsing page after page with its kept parser context reads each as a fresh parse does.
    func testKeptParserContextParsesLikeAFreshOne() throws {
        let set = try SelectorSet.load(path: Self.repo.appendingPathComponent("Selectors/demo-us.yml").path)
        let extractor = try Extractor(selectorSet: set)
        let server = try DemoServer()
        var pages = 0
        for p in DemoWorld.products(of: .us).prefix(20) {
            let url = server.productURL(.us, p.id)
            let html = String(decoding: server.respondForBenchmark(String(url.dropFirst(server.baseURL.count))).body, as: UTF8.self)
            for text in [html, "", "<p>", String(html.prefix(300))] {
                let kept = extractor.extract(html: text, url: url, context: set.parseContextTemplate)
                let fresh = extractor.extract(document: try HTMLDocument(html: text, url: url), context: set.parseContextTemplate)
                XCTAssertEqual(Self.describe(kept), Self.describe(fresh), url)
                pages += 1
            }
        }
        XCTAssertEqual(pages, 80)
    }

    static func describe(_ p: PageExtraction) -> String {
        var lines = ["kind \(p.pageKind ?? "-")", "problems \(p.problems)"]
        for (name, urls) in p.links.sorted(by: { $0.key < $1.key }) { lines.append("link \(name) \(urls)") }
        for (i, r) in p.records.enumerated() {
            lines.append("record \(i) missing \(r.missingRequired)")
            for (name, f) in r.fields.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(name) = \(String(describing: f.value)) \(f.values.count) raw \(f.raw ?? "-") via \(f.selector ?? "-") #\(f.alternative ?? -1) \(f.reason ?? "")")
            }
        }
        return lines.joined(separator: "\n")
    }
}
