import ArgumentParser
import Extract
import FieldParsers
import Fetch
import Foundation
import Model

/// Reads a page from a file (bytes, charset sniffed) or an http(s) URL (fetched, decoded).
func loadPage(_ source: String, url: String?) async throws -> HTMLDocument {
    if source.hasPrefix("http://") || source.hasPrefix("https://") {
        var s = FetchSettings()
        s.autoThrottle.enabled = false
        let f = Fetcher(settings: s)
        defer { f.shutdown() }
        let r = await f.fetch(FetchRequest(url: source))
        guard r.outcome == .ok else { try fail("fetching \(source): \(r.outcome)", status: .configuration) }
        do { return try HTMLDocument(bytes: r.decodedUTF8(), url: url ?? r.finalURL, encoding: "UTF-8") } catch let e as HTMLDocument.ParseError {
            try fail("\(source): \(e.reason)", status: .configuration)
        }
    }
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: source, isDirectory: &isDir) else { try fail("\(source): no such file (give a saved page, PAGE.html or .html.gz, or an http(s) URL)", status: .configuration) }
    if isDir.boolValue { try fail("\(source): is a folder; give one saved page (PAGE.html or .html.gz)", status: .configuration) }
    // The fetcher's cap on a response applies to a saved page too, after decompression.
    let data: Data
    do { data = try SavedPage.read(path: source, maxBytes: FetchSettings().maxResponseBytes) } catch { try fail("\(error)", status: .configuration) }
    do {
        return try HTMLDocument(bytes: CharsetDecoder.decodeUTF8(data, contentType: nil), url: url ?? "file://" + URL(fileURLWithPath: source).path, encoding: "UTF-8")
    } catch let e as HTMLDocument.ParseError {
        try fail("\(source): \(e.reason)", status: .configuration)
    }
}

func json(_ v: FieldValue?) -> Any {
    switch v {
    case .none: return NSNull()
    case .price(let p)?:
        var o: [String: Any] = ["amount": p.amount.map { Money.plainText($0, fractionDigits: Currency.fractionDigits(p.currency ?? "USD")) } ?? NSNull(),
                                "currency": p.currency ?? NSNull(), "label": p.label.rawValue]
        if let t = p.isTaxInclusive { o["tax_inclusive"] = t }
        return o
    case .integer(let n)?, .count(let n)?: return n
    case .sales(let s)?: return ["count": s.count, "window": s.window.rawValue, "lower_bound": s.isLowerBound]
    case .rating(let r)?: return "\(r)"
    case .availability(let a)?: return a.rawValue
    case .date(let d)?: return ISO8601DateFormatter().string(from: d)
    case .text(let t)?: return t
    }
}

struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract records from a saved page with a selector set; print JSON with each field's value, source and reason.")

    @Option(help: "The selector set (Selectors/site.yml); not needed with --auto.") var selectors: String?
    @Argument(help: "PAGE.html (or .html.gz), or an http(s) URL.") var page: String
    @Option(help: "The page's URL: picks the page kind and resolves links.") var url: String?
    @Option(help: "Page kind (listing, product, reviews) instead of matching the URL.") var kind: String?
    @Flag(help: "Find the product's fields without a selector set (structured data, then HTML heuristics).") var auto = false
    @Option(help: "With --auto: json (each field with source and confidence) or flat (one object of strings).") var format = "json"

    func validate() throws {
        if !auto && selectors == nil { throw ValidationError("give --selectors FILE, or --auto") }
        if !["json", "flat"].contains(format) { throw ValidationError("--format is json or flat") }
    }

    func run() async throws {
        let doc = try await loadPage(page, url: url)
        if auto {
            let result = AutoExtractor.extract(document: doc)
            let out: Any
            if format == "flat" {
                out = result.flat
            } else {
                var fields: [String: Any] = [:]
                for (name, f) in result.fields {
                    fields[name] = ["value": f.text, "source": f.source.rawValue, "confidence": (f.confidence * 100).rounded() / 100,
                                    "evidence": f.evidence, "raw": String(f.raw.prefix(200))] as [String: Any]
                }
                out = ["url": result.url, "fields": fields, "missing": AutoExtractor.fieldNames.filter { result.fields[$0] == nil }] as [String: Any]
            }
            let data = try JSONSerialization.data(withJSONObject: out, options: format == "flat" ? [.sortedKeys, .withoutEscapingSlashes] : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        let set: SelectorSet
        do { set = try SelectorSet.load(path: selectors!) } catch { try fail(error, status: .configuration) }
        let extraction = try Extractor(selectorSet: set).extract(document: doc, pageKind: kind, context: set.parseContextTemplate)
        let records: [[String: Any]] = extraction.records.map { r in
            var o: [String: Any] = [:]
            for (name, f) in r.fields {
                var field: [String: Any] = ["value": json(f.value)]
                if let s = f.source { field["source"] = s.rawValue }
                if let sel = f.selector { field["selector"] = sel }
                if let raw = f.raw { field["raw"] = raw }
                if let reason = f.reason { field["reason"] = reason }
                o[name] = field
            }
            return o
        }
        let out: [String: Any] = ["url": extraction.url, "page_kind": extraction.pageKind ?? NSNull(), "records": records,
                                  "links": extraction.links, "problems": extraction.problems]
        let data = try JSONSerialization.data(withJSONObject: out, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: data, as: UTF8.self))
    }
}
