import ArgumentParser
import Config
import Crawl
import Foundation
import Model
import Report
import Store

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write summary.md, prices.csv, price_history.csv, sales.csv and charts/*.svg under OUT/<date>/.",
        discussion: "Amounts are converted to --base-currency with each observation's day rate (load rates with `pricewatch fx import`).")

    @Option(help: "Start of the period, yyyy-MM-dd (default: 7 days before --until).") var since: String?
    @Option(help: "End of the period, yyyy-MM-dd inclusive (default: now).") var until: String?
    @Option(help: "Only the sites of this job's runs.") var job: String?
    @Option(help: "Output folder; the report goes to OUT/<until date>/.") var out = "reports"
    @Option(help: "Currency for cross-market comparison.") var baseCurrency = "USD"
    @Flag(help: "Start CSV files with a UTF-8 BOM for Excel.") var excel = false
    @OptionGroup var database: DatabaseOptions

    static func day(_ s: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.date(from: s)
    }

    func validate() throws {
        if let s = since, Self.day(s) == nil { throw ValidationError("--since takes yyyy-MM-dd, got '\(s)'") }
        if let u = until, Self.day(u) == nil { throw ValidationError("--until takes yyyy-MM-dd, got '\(u)'") }
        guard baseCurrency.count == 3, baseCurrency.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw ValidationError("--base-currency takes an ISO 4217 code like USD")
        }
        if let s = since.flatMap(Self.day), let u = until.flatMap(Self.day), s > u {
            throw ValidationError("--since \(since!) is after --until \(until!)")
        }
    }

    func run() throws {
        let store = try database.open(existing: true)
        let end = until.flatMap(Self.day).map { $0.addingTimeInterval(86_399) } ?? Date()
        let start = since.flatMap(Self.day) ?? end.addingTimeInterval(-7 * 86_400)
        let folder = URL(fileURLWithPath: out).appendingPathComponent(ReportCommand.dayText(end))
        try OutputPaths.checkWritable(folder.path, option: "--out", createFolder: true, folder: true)
        let input: ReportWriter.Input
        do {
            if let job { try Self.requireKnownJob(job, store: store, shown: database.shown) }
            input = try ReportWriter.Input.from(store: store, since: start, until: end, job: job, baseCurrency: baseCurrency.uppercased(), excelBOM: excel)
        } catch { try fail(error, status: .storage) }
        let base = baseCurrency.uppercased()
        if !input.listings.isEmpty,
           !input.fx.allRates.contains(where: { $0.base == base || $0.quote == base }),
           !input.listings.contains(where: { $0.observations.contains { $0.price?.currency == base } }) {
            try fail("--base-currency \(base): no price is in \(base) and no exchange rate names it (known: \(Set(input.fx.allRates.flatMap { [$0.base, $0.quote] }).sorted().joined(separator: ", ")); `pricewatch fx import` adds rates)", status: .configuration)
        }
        // Written aside and swapped in whole: no reader sees a mix of two reports or stale charts.
        let files: [String]
        do { files = try OutputPaths.replaceFolder(folder) { try ReportWriter(input: input).write(to: $0) } } catch { try fail(error, status: .configuration) }
        print("report written to \(folder.path): \(files.count) files (\(input.listings.count) listings)")
    }

    /// A --job that no run in the database has: a typo, named with the closest known job.
    static func requireKnownJob(_ job: String, store: any PriceStoring, shown: String) throws {
        let known = Set(try store.runs(job: nil, limit: 10_000).map(\.job))
        guard !known.contains(job) else { return }
        let hint = ConfigNode.closest(to: job, in: known).map { " (did you mean '\($0)'?)" } ?? ""
        try fail("--job \(job): no run of that job in \(shown)\(hint); jobs with runs: \(known.sorted().joined(separator: ", "))", status: .configuration)
    }

    static func dayText(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: d)
    }
}

struct FxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fx", abstract: "Exchange rates for reports and repricing.", subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Load daily rates: ECB-style CSV (Date,USD,JPY,... per 1 EUR) or date,base,quote,rate.")
        @Argument(help: "The CSV file.") var file: String
        @Option(help: "Base currency of an ECB-style file.") var base = "EUR"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { try fail("cannot read \(file)", status: .configuration) }
            let parsed = FXRates.parseCSV(text, base: base)
            for p in parsed.problems { printErr("\(file): \(p)") }
            do {
                let n = try database.open().importFX(parsed.rates)
                print("imported \(n) rates from \(file)\(parsed.problems.isEmpty ? "" : ", \(parsed.problems.count) lines skipped")")
            } catch { try fail(error, status: .storage) }
            if !parsed.problems.isEmpty && parsed.rates.isEmpty { throw ExitCode(ExitStatus.configuration.rawValue) }
        }
    }
}
