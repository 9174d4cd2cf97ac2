import ArgumentParser
import Crawl
import Foundation
import Reprice
import Store

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "catalog", abstract: "The merchant's own catalog: import and export the sheet.",
                                                    subcommands: [Import.self, Export.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace the catalog from a CSV sheet; bad rows are reported with their line and skipped whole.")
        @Argument(help: "The CSV file (sku,title,currency,cost,current_price,...).") var file: String
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { fail("cannot read \(file)", status: .configuration) }
            let (items, problems) = CatalogCSV.parse(text)
            for p in problems { printErr("\(file): \(p)") }
            do { try database.open().replaceCatalog(items) } catch { fail("\(error)", status: .storage) }
            print("imported \(items.count) SKUs from \(file)\(problems.isEmpty ? "" : "; \(problems.count) rows skipped")")
            if items.isEmpty && !problems.isEmpty { throw ExitCode(ExitStatus.configuration.rawValue) }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the catalog (with current prices) back to a CSV sheet.")
        @Argument(help: "The CSV file to write.") var file: String
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            do {
                let items = try database.open(existing: true).catalog()
                try CatalogCSV.write(items).write(toFile: file, atomically: true, encoding: .utf8)
                print("exported \(items.count) SKUs to \(file)")
            } catch { fail("\(error)", status: .storage) }
        }
    }
}
