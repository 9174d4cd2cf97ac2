import ArgumentParser
import Crawl
import Extract
import Foundation
import Reprice
import Store

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "catalog", abstract: "The merchant's own catalog: import and export the sheet, match it to competitor listings.",
                                                    subcommands: [Import.self, Export.self, CatalogMatchCommand.self, CatalogAcceptCommand.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the catalog from a CSV sheet: all rows or nothing.",
            discussion: """
            Every row is checked first; if any row is bad, each is listed (line: reason), nothing is imported and \
            the exit status is 2: the catalog stays as it was. A `matches` entry on a site that no job in --jobs-dir \
            crawls is a warning only.
            """)
        @Argument(help: "The CSV file (sku,title,currency,cost,current_price,...).") var file: String
        @Option(help: "Folder of job files, for the site names `matches` may use.") var jobsDir = "Jobs"
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { try fail("cannot read \(file)", status: .configuration) }
            // A reviewed `catalog match` sheet is not a catalog: replacing the catalog with it would fail row by row.
            if let header = text.split(whereSeparator: \.isNewline).first, header.lowercased().trimmingCharacters(in: ["\u{FEFF}", "\""]).hasPrefix("decision") {
                try fail("\(file) is a catalog match sheet, not a catalog: apply it with pricewatch catalog accept \(file)", status: .configuration)
            }
            let sheet: CatalogCSV.Sheet
            do {
                sheet = try CatalogCSV.importSheet(text, into: database.open(), knownSites: Self.knownSites(jobsDir: jobsDir))
            } catch let rejected as CatalogCSV.Rejected {
                for p in rejected.problems { printErr("\(file): \(p)") }
                for w in rejected.warnings { printErr("\(file): warning: \(w)") }
                let n = rejected.problems.count
                try fail("\(file): \(n) problem\(n == 1 ? "" : "s"); nothing imported, the catalog is unchanged", status: .configuration)
            } catch { try fail(error, status: .storage) }
            for w in sheet.warnings { printErr("\(file): warning: \(w)") }
            print("imported \(sheet.count) SKUs from \(file)")
        }

        /// The site names the jobs crawl (selector sets' `site`, or `auto-HOST` for `selectors: auto`);
        /// nil (no check) when the folder cannot be read.
        static func knownSites(jobsDir: String) -> Set<String>? {
            let dir = FileManager.default.fileExists(atPath: jobsDir) ? jobsDir : defaultDirectory(jobsDir)
            guard let jobs = try? Scheduler.loadJobs(directory: dir) else {
                printErr("pricewatch: warning: cannot read the jobs in \(jobsDir); site names in matches are not checked")
                return nil
            }
            var sites = Set<String>()
            for job in jobs {
                for s in job.sites {
                    if let path = s.selectorsPath, let set = try? SelectorSet.load(path: path) { sites.insert(set.site) }
                    for start in s.start where !start.contains("${") {
                        if let url = URL(string: start), let host = url.host { sites.insert("auto-\(host)" + (url.port.map { ":\($0)" } ?? "")) }
                    }
                }
            }
            return sites
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the catalog (with current prices) back to a CSV sheet.")
        @Argument(help: "The CSV file to write.") var file: String
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            try OutputPaths.checkWritable(file, option: "catalog export")
            do {
                let items = try database.open(existing: true).catalog()
                try CatalogCSV.write(items).write(toFile: file, atomically: true, encoding: .utf8)
                print("exported \(items.count) SKUs to \(file)")
            } catch { try fail(error, status: .storage) }
        }
    }
}
