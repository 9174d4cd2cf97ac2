import ArgumentParser
import Crawl
import Foundation
import Reprice
import Store

struct RepriceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reprice",
        abstract: "Suggest new prices from competitors' latest observations; a dry run unless --apply.",
        discussion: """
        Prints a table (sku, current, suggested, change %, margin %, reason) and writes --out (CSV) with a \
        markdown summary next to it (same name, .md). --apply records the new prices in the catalog with an \
        audit row each and prints the run id; --undo RUN restores that run's prices, and is refused (exit 2) \
        while a later applied run changed any of the same SKUs: undo runs newest first. Rules: Jobs/repricing.yml.

        Exit codes: 0 ok, 2 rules, catalog or option error, 5 storage error.
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "A catalog sheet (CSV) to use instead of the database's catalog, checked as by `catalog import` (all rows or nothing); with --apply it is imported first.")
    var catalog: String?
    @Option(help: "Folder of job files, for the site names the catalog's `matches` may use (with --catalog).") var jobsDir = "Jobs"
    @Option(help: "Rules file (default: Jobs/repricing.yml).") var rules: String?
    @Option(name: .customLong("sku"), parsing: .upToNextOption, help: "Only these SKUs.") var skus: [String] = []
    @Option(help: "Use this strategy for every SKU: match_lowest, beat_lowest, position, price_index or hold.") var strategy: String?
    @Option(help: "CSV of the suggestions; the markdown summary goes next to it (.md).") var out = "reprice.csv"
    @Option(help: "Reprice as of the end of this UTC day, yyyy-MM-dd (default: now), e.g. for the demo's simulated days.") var asOf: String?
    @Flag(help: "Record the suggested prices in the catalog (with an audit trail).") var apply = false
    @Option(help: "Restore the prices a reprice run changed.") var undo: String?
    @Flag(help: "Overwrite --out files even when they were not written by reprice.") var force = false

    func run() throws {
        // Option errors exit 2 like every other configuration error (not ArgumentParser's 64).
        if let s = strategy, StrategyKind(rawValue: s) == nil {
            try fail("--strategy must be one of \(StrategyKind.allCases.map(\.rawValue).joined(separator: ", ")), got '\(s)'", status: .configuration)
        }
        if let d = asOf, ReportCommand.day(d) == nil { try fail("--as-of takes yyyy-MM-dd, got '\(d)'", status: .configuration) }
        if undo != nil && (apply || catalog != nil || strategy != nil || !skus.isEmpty) {
            try fail("--undo RUN restores a whole run; it takes no --apply, --catalog, --strategy or --sku", status: .configuration)
        }
        if undo == nil { try checkOutputs() }
        let store = try database.open()
        if let run = undo {
            do {
                let restored = try RepriceRun.undo(store: store, run: run)
                for line in RepriceRun.undoLines(restored.reversed()) { print(line) }
                print("undid reprice run \(run): \(restored.filter { $0.replaced != nil }.count) prices restored")
            } catch let conflict as PriceUndoConflict {
                try fail(conflict.description, status: .configuration)  // a later run changed the same SKUs: undo it first
            } catch { try fail(error, status: .storage) }  // an unknown or already undone run id is StoreError.notFound: 2
            return
        }

        let rulesPath = rules ?? (defaultDirectory("Jobs") as NSString).appendingPathComponent("repricing.yml")
        let loaded: RepriceRules
        do { loaded = try RepriceRules.load(path: rulesPath) } catch { try fail(error, status: .configuration) }

        var options = RepriceRun.Options()
        options.skus = skus
        options.strategy = strategy.flatMap(StrategyKind.init(rawValue:))
        options.now = asOf.flatMap(ReportCommand.day).map { $0.addingTimeInterval(86_399) } ?? Date()

        // The catalog import policy of `catalog import` (all rows or nothing, sites checked), dry run or not.
        var sheet: [CatalogRecord]?
        if let catalog {
            guard let text = try? String(contentsOfFile: catalog, encoding: .utf8) else { try fail("cannot read \(catalog)", status: .configuration) }
            do {
                let accepted = try CatalogCSV.accept(text, knownSites: CatalogCommand.Import.knownSites(jobsDir: jobsDir))
                for w in accepted.warnings { printErr("\(catalog): warning: \(w)") }
                sheet = accepted.items
            } catch let rejected as CatalogCSV.Rejected {
                for p in rejected.problems { printErr("\(catalog): \(p)") }
                for w in rejected.warnings { printErr("\(catalog): warning: \(w)") }
                let n = rejected.problems.count
                try fail("\(catalog): \(n) problem\(n == 1 ? "" : "s"); nothing imported or applied, the catalog is unchanged", status: .configuration)
            } catch { try fail("\(catalog): \(error)", status: .configuration) }
        }

        let result: RepriceRun.Result
        do {
            if apply, let sheet { try store.replaceCatalog(sheet) }
            result = try RepriceRun.suggest(store: store, rules: loaded, options: options, catalog: apply ? nil : sheet)
        } catch { try fail(error, status: .storage) }
        for s in result.unknownSKUs { printErr("pricewatch: SKU \(s) is not in the catalog") }
        if !skus.isEmpty && result.suggestions.isEmpty { try fail("none of the --sku values is in the catalog", status: .configuration) }

        let suggestions = result.suggestions
        print(RepriceRun.table(suggestions), terminator: "")
        var runID: String?
        if apply {
            let id = RepriceRun.newRunID(at: Date())
            do { try RepriceRun.apply(store: store, suggestions: suggestions, run: id, at: Date()) } catch { try fail(error, status: .storage) }
            runID = id
        }
        let mdPath = (out as NSString).deletingPathExtension + ".md"
        do {
            let dir = (out as NSString).deletingLastPathComponent
            if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            try RepriceRun.csv(suggestions).write(toFile: out, atomically: true, encoding: .utf8)
            try RepriceRun.markdown(suggestions, run: runID, applied: apply, now: options.now).write(toFile: mdPath, atomically: true, encoding: .utf8)
        } catch { try fail(error, status: .configuration) }  // a bad --out: the path and the problem

        let changed = suggestions.filter(\.changed).count
        let offers = suggestions.reduce(0) { $0 + $1.considered.count + $1.ignored.count }
        let stale = suggestions.reduce(0) { $0 + $1.ignored.filter { $0.reason == .stale }.count }
        if offers > 0 && stale == offers {
            printErr("pricewatch: every competitor observation is older than max_age; for an older database try --as-of yyyy-MM-dd")
        }
        print("\(suggestions.count) SKUs, \(changed) price changes; wrote \(out) and \(mdPath)")
        if let runID {
            print("applied as reprice run \(runID); undo with: pricewatch reprice --undo \(runID)")
        } else if changed > 0 {
            print("dry run: nothing changed; --apply records these prices")
        }
    }
}

extension RepriceCommand {
    /// The CSV and its markdown summary (same name, .md).
    var outputs: (csv: String, markdown: String) { (out, (out as NSString).deletingPathExtension + ".md") }

    /// Refuses (2) before any work: two outputs on one path (`--out README.md`), an output path
    /// that cannot be written, or a file there that reprice did not write - unless --force.
    func checkOutputs() throws {
        let (csv, md) = outputs
        let same = URL(fileURLWithPath: csv).standardizedFileURL.resolvingSymlinksInPath() == URL(fileURLWithPath: md).standardizedFileURL.resolvingSymlinksInPath()
        if same { try fail("--out \(out): the CSV and its markdown summary would both be \(md); give --out a .csv name", status: .configuration) }
        for (path, isOurs) in [(csv, Self.wroteCSV), (md, Self.wroteMarkdown)] {
            try OutputPaths.checkWritable(path, option: "--out", createFolder: true)
            guard !force, let head = Self.head(of: path), !isOurs(head) else { continue }
            try fail("--out: \(path) exists and was not written by reprice; choose another --out, or pass --force to overwrite it", status: .configuration)
        }
    }

    /// The first line of a file, or nil when there is none to protect.
    static func head(of path: String) -> String? {
        guard let h = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? h.close() }
        let data = (try? h.read(upToCount: 4096)) ?? Data()
        if data.isEmpty { return nil }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
    }

    static func wroteCSV(_ head: String) -> Bool {
        head.trimmingCharacters(in: .whitespacesAndNewlines) == RepriceRun.csv([]).split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    static func wroteMarkdown(_ head: String) -> Bool {
        head == RepriceRun.markdown([], run: nil, applied: false, now: Date()).split(separator: "\n").first.map(String.init)
    }
}
