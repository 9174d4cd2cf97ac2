import Crawl
import Extract
import Fetch
import FieldParsers
import Foundation
import Matching
import Reprice
import Sentiment

/// The entry points the CLI and the crawl hand outside text to, one per kind of input. Errors are
/// the expected answer to most hostile inputs and are dropped; only a crash, a hang or unbounded
/// memory is a finding (the watchdog's business).
struct FuzzTargets {
    let extractors: [(Extractor, [String])]
    let paths: [String]

    init(repoRoot: String) {
        // The real selector sets when run from a checkout, and the corpus's own in any case.
        var texts = [("fuzz.yml", FuzzCorpus.selectors)]
        let folder = repoRoot + "/Selectors"
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() where name.hasSuffix(".yml") {
            if let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8) { texts.append((name, text)) }
        }
        extractors = texts.compactMap { file, text in
            guard let set = try? SelectorSet.parse(yaml: text, file: file), let e = try? Extractor(selectorSet: set) else { return nil }
            return (e, set.pages.map(\.kind))
        }
        paths = ["/", "/cart", "/" + String(repeating: "a", count: 60), "/p/1?x=" + String(repeating: "%2F", count: 500),
                 "/" + String(repeating: "a/", count: 2000) + "b"]
    }

    func run(_ kind: FuzzKind, _ input: String) {
        switch kind {
        case .robots:
            let robots = RobotsTxt(input, userAgent: "pricewatch/1.0")
            for p in paths + [String(input.prefix(4096))] { _ = robots.isAllowed(p) }
        case .jobYAML:
            _ = try? Job.parse(yaml: input, file: "fuzz-job.yml")
        case .selectorYAML:
            if let set = try? SelectorSet.parse(yaml: input, file: "fuzz-selectors.yml"), let e = try? Extractor(selectorSet: set) {
                for kind in set.pages.map(\.kind) { _ = e.extract(html: FuzzCorpus.html[0], url: "http://127.0.0.1/p/1", pageKind: kind, context: set.parseContextTemplate) }
            }
            _ = try? AspectLexicon.parse(yaml: input, file: "fuzz-aspects.yml")
        case .rulesYAML:
            _ = try? RepriceRules.parse(yaml: input, file: "fuzz-rules.yml")
        case .html:
            // The crawl's order: decode the bytes, look for a block page, parse, extract.
            let decoded = CharsetDecoder.decode(Data(input.utf8), contentType: "text/html")
            _ = BlockDetector().reason(status: 200, text: decoded.text)
            guard let doc = try? HTMLDocument(html: decoded.text, url: "http://127.0.0.1:8080/p/1") else { return }
            for (extractor, kinds) in extractors {
                for kind in kinds { _ = extractor.extract(document: doc, pageKind: kind, context: ParseContext()) }
            }
            _ = AutoExtractor.extract(document: doc)
        case .price:
            for hint in [nil, "EUR", "BRL", "JPY", "CNY"] as [String?] { _ = PriceParser.parse(input, currencyHint: hint) }
            let context = ParseContext(currencyHint: "EUR", language: "de")
            for field in FieldKind.allCases { _ = field.parse(input, context: context) }
        case .catalogCSV:
            _ = CatalogCSV.check(input, knownSites: ["demo-eu"])
        case .productCSV:
            _ = try? ProductCSV.read(input, file: "fuzz.csv")
        case .review:
            // What a report does with every stored review: sentiment and aspects, then the return and its reason.
            _ = SentimentAnalyzer().analyze(title: String(input.prefix(80)), body: input)
            for language in [nil, "en", "zh", "ja", "pt", "de"] as [String?] { _ = ReturnDetector.detect(title: nil, body: input, language: language) }
        }
    }
}
