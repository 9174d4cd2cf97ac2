import Analytics
import ArgumentParser
import CatalogMatching
import Crawl
import DemoShop
import Fetch
import Foundation
import Logging
import Model
import Report
import Reprice
import Store

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the built-in demo shops on loopback, crawl them over simulated days, write reports.",
        discussion: """
        Five simulated competitors (US, EU, CN, BR, JP) on 127.0.0.1 evolve day by day: promotions, a price
        war, stockouts, a competitor below your cost, bursts of complaints, rate limits and a layout change
        on day 20 that breaks the US selectors (the health check raises an alarm). Everything goes into a
        fresh SQLite file next to the report.
        """,
        subcommands: [Crawl.self, Serve.self, CatalogCSVCommand.self],
        defaultSubcommand: Crawl.self)

    struct Crawl: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "crawl", abstract: "The whole demo (the default): crawl N simulated days, then report.")
        @Option(help: "Simulated days to crawl.") var days = 30
        @Option(help: "Where the report folder and the demo database go.") var out = "reports"
        @Option(help: "Folder of the demo jobs and catalog.") var jobsDir = "Jobs"
        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            guard (1...365).contains(days) else { throw ValidationError("--days must be 1 to 365") }
        }

        func run() async throws {
            var logging = self.logging
            if !logging.verbose { logging.verbose = false }
            let logger = logging.bootstrap()
            let started = Date()
            // The demo's jobs and selectors live in the repository: found from the working folder, else
            // next to the binary (.build/release/pricewatch), else a message saying where to run it.
            // Checked before anything is written, so a failed start leaves no empty reports/demo/.
            let jobsDir = try Self.demoJobsFolder(self.jobsDir)
            let jobs: [Job]
            do { jobs = try Scheduler.loadJobs(directory: jobsDir).filter { $0.name.hasPrefix("demo-") } } catch { try fail(error, status: .configuration) }
            guard !jobs.isEmpty else { try fail("no demo-*.yml jobs in \(jobsDir); run the demo from the pricewatch repository (the folder with Jobs/ and Selectors/)", status: .configuration) }
            let folder = URL(fileURLWithPath: out).appendingPathComponent("demo")
            try OutputPaths.checkWritable(folder.path, option: "--out", createFolder: true, folder: true)
            let created = !FileManager.default.fileExists(atPath: folder.path)
            do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch { try fail(error, status: .configuration) }
            var finished = false
            defer { if created && !finished { Self.removeIfEmpty(folder) } }
            let dbPath = folder.appendingPathComponent("pricewatch.sqlite").path
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dbPath + suffix) }
            let store: PriceStore
            do { store = try PriceStore(path: dbPath) } catch { try fail(error, status: .storage) }
            let fx = FXRates.parseCSV(DemoWorld.fxCSV(days: days))
            _ = try store.importFX(fx.rates)
            let catalogPath = (jobsDir as NSString).appendingPathComponent("catalog.csv")
            let catalogText = (try? String(contentsOfFile: catalogPath, encoding: .utf8)) ?? DemoWorld.merchantCatalogCSV()
            // The catalog import policy of `catalog import`: a bad row stops the demo instead of being skipped.
            do {
                let catalog = try CatalogCSV.importSheet(catalogText, into: store, knownSites: CatalogCommand.Import.knownSites(jobsDir: jobsDir))
                for w in catalog.warnings { logger.warning("catalog", metadata: ["file": "\(catalogPath)", "warning": "\(w)"]) }
            } catch let rejected as CatalogCSV.Rejected {
                try fail("\(catalogPath): \(rejected)", status: .configuration)
            }

            let shops = try DemoServer(faults: .demo)
            shops.keepsLog = false
            try shops.start()
            defer { shops.stop() }
            setvbuf(stdout, nil, _IOLBF, 0)   // progress lines reach a log or a pipe as they happen
            print("demo shops on \(shops.baseURL); crawling \(days) simulated days of \(jobs.count) shops into \(dbPath)")
            let runner = CrawlRunner(store: store, lockDirectory: dbPath + ".locks", logger: logger)
            let trap = SignalTrap { runner.requestStop() }
            defer { trap.cancel() }
            var alarmsSeen: [String] = []
            for day in 0..<days {
                shops.setDay(day)
                var pages = 0, items = 0
                for job in jobs {
                    var options = CrawlRunner.RunOptions()
                    options.variables = ["DEMO_URL": shops.baseURL]
                    let at = DemoWorld.date(ofDay: day).addingTimeInterval(12 * 3600)
                    options.now = { at }
                    options.adjustSettings = { s in
                        // Fast-forward: the shops are local; keep retries short.
                        s.retry.baseDelay = 0.02
                        s.retry.maxDelay = 0.2
                        s.autoThrottle.enabled = false
                    }
                    do {
                        let o = try await runner.run(job, options: options)
                        pages += o.pagesVisited
                        items += o.sites.reduce(0) { $0 + $1.items }
                        for a in o.alarms { alarmsSeen.append("day \(day) \(job.name): \(a)") }
                        if o.status == .interrupted { finished = true; try fail("interrupted on day \(day); the database is consistent: \(dbPath)", status: .interrupted) }
                    } catch let e as CrawlRunner.RunError {
                        try fail("\(job.name) on day \(day): \(e)", status: e.exitStatus)
                    }
                }
                print(String(format: "day %2d (%@): %5d pages, %4d products observed%@", day, ReportCommand.dayText(DemoWorld.date(ofDay: day)), pages, items,
                             alarmsSeen.last?.hasPrefix("day \(day) ") == true ? "  ALARM" : ""))
                // The merchant's flow after the first crawl: the catalog's matches are mostly empty, so
                // `catalog match --accept-above` pairs the listings; later days match them on sight.
                if day == 0 { try Self.matchCatalog(store: store, folder: folder) }
            }
            let until = DemoWorld.date(ofDay: days - 1).addingTimeInterval(86_399)
            let since = DemoWorld.date(ofDay: max(0, days - 8))
            let input = try ReportWriter.Input.from(store: store, since: since, until: until, baseCurrency: "USD")
            let writer = ReportWriter(input: input)
            let files = try writer.write(to: folder)
            let a = writer.analysis
            print("\nreport: \(folder.path)/summary.md (\(files.count) files, period \(ReportCommand.dayText(since)) to \(ReportCommand.dayText(until)))")
            for m in a.priceMoves.prefix(3) {
                print("  move: \(m.listing.productName) @ \(m.listing.site): \(m.from) -> \(m.to) (\(Money.plainText(m.percent, fractionDigits: 1))%)")
            }
            print("  \(a.undercuts.count) competitor listings undercut your price (\(a.undercuts.filter(\.belowMerchantCost).count) below your cost)")
            print("  \(a.stockEvents.count) stockouts and restocks, \(a.outliers.count) outliers excluded")
            for al in alarmsSeen.prefix(5) { print("  alarm: \(al)") }
            // Repricing, as a dry run through the same library call as `pricewatch reprice`, as of the last simulated day.
            let rulesPath = (jobsDir as NSString).appendingPathComponent("repricing.yml")
            do {
                let rules = try RepriceRules.load(path: rulesPath)
                var options = RepriceRun.Options()
                options.now = until
                let suggestions = try RepriceRun.suggest(store: store, rules: rules, options: options).suggestions
                try RepriceRun.csv(suggestions).write(to: folder.appendingPathComponent("reprice.csv"), atomically: true, encoding: .utf8)
                try RepriceRun.markdown(suggestions, run: nil, applied: false, now: until)
                    .write(to: folder.appendingPathComponent("reprice.md"), atomically: true, encoding: .utf8)
                let lower = suggestions.filter { $0.suggested.minorUnits < $0.current.minorUnits }.count
                let higher = suggestions.filter { $0.suggested.minorUnits > $0.current.minorUnits }.count
                print("  repricing (dry run): \(lower) lower, \(higher) higher, \(suggestions.count - lower - higher) unchanged: \(folder.path)/reprice.md")
                if let s = suggestions.first(where: \.changed) { print("    e.g. \(s.sku): \(s.current) -> \(s.suggested): \(s.reason)") }
            } catch {
                print("  repricing suggestions not written: \(error)")
            }
            finished = true
            print(String(format: "demo finished in %.1f s; database: %@", Date().timeIntervalSince(started), dbPath))
        }

        /// `pricewatch catalog match --accept-above` on the demo store; the review sheet goes next to the report.
        static func matchCatalog(store: PriceStore, folder: URL) throws {
            var options = CatalogMatchRun.Options()
            options.acceptAbove = DemoWorld.matchAcceptAbove
            let sheet = folder.appendingPathComponent("catalog-matches.csv").path
            do {
                let result = try CatalogMatchRun.suggest(store: store, options: options, now: DemoWorld.date(ofDay: 0).addingTimeInterval(13 * 3600))
                try MatchSheet.write(result.suggestions).write(toFile: sheet, atomically: true, encoding: .utf8)
                print("catalog match: " + CatalogMatchCommand.summary(result, sheet: sheet, acceptAbove: options.acceptAbove).joined(separator: "\n"))
            } catch { try fail(error, status: .storage) }
        }

        /// `--jobs-dir` as given when it exists; the default `Jobs` also next to the binary.
        static func demoJobsFolder(_ dir: String) throws -> String {
            if FileManager.default.fileExists(atPath: dir) || dir != "Jobs" { return try requireJobsFolder(dir) }
            let beside = defaultDirectory(dir)
            if FileManager.default.fileExists(atPath: beside) { return beside }
            try fail("\(dir): no such folder in \(FileManager.default.currentDirectoryPath); run the demo from the pricewatch repository (the folder with Jobs/ and Selectors/), or pass --jobs-dir", status: .configuration)
        }

        /// A demo that failed before it crawled leaves no report folder behind: only a new database
        /// (and its lock folder) can be in it. An interrupted crawl keeps its database (it says so).
        static func removeIfEmpty(_ folder: URL) {
            let left = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            if left.allSatisfy({ $0.hasPrefix("pricewatch.sqlite") }) {
                try? FileManager.default.removeItem(at: folder)
            }
        }
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Keep the demo shops running and print their URLs (for fetch, extract and selectors check by hand).")
        @Option(help: "Port on 127.0.0.1 (0 picks a free one).") var port: UInt16 = 8080
        @Option(help: "Simulated day to show.") var day = 0
        @Flag(help: "Turn on the demo's faults (429, 503, truncation, the day-20 layout change).") var faults = false

        func run() async throws {
            let shops = try DemoServer(faults: faults ? .demo : DemoFaults(), port: port)
            shops.keepsLog = false
            try shops.start()
            shops.setDay(day)
            print("demo shops on \(shops.baseURL) (day \(day)); Ctrl-C stops")
            for shop in DemoShopID.allCases {
                print("  \(shop.siteKey): \(shops.startURLs(shop).first ?? "")  product: \(shops.productURL(shop, DemoWorld.products(of: shop)[0].id))")
            }
            print("  robots.txt: \(shops.baseURL)/robots.txt")
            fflush(stdout)   // the URLs reach a log or a pipe now, not when the server stops
            let done = DispatchSemaphore(value: 0)
            let trap = SignalTrap { done.signal() }
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().async { done.wait(); c.resume() }
            }
            trap.cancel()
            shops.stop()
        }
    }

    struct CatalogCSVCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "catalog", abstract: "Print the demo merchant's catalog sheet (Jobs/catalog.csv is this output).")
        func run() throws { print(DemoWorld.merchantCatalogCSV(), terminator: "") }
    }
}
