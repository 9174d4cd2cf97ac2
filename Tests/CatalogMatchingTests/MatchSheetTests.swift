import Foundation
import Matching
import Model
import Store
import XCTest
@testable import CatalogMatching

/// The review sheet and the merchant's decisions, through a real SQLite store.
final class MatchSheetTests: XCTestCase {
    var dir: String!
    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "pw-matchsheet-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    static let header = "decision,confidence,reason,sku,catalog_title,catalog_price,site,listing_id,listing_title,listing_price,url\n"

    func testBadSheetsNameFileAndLine() {
        let h = Self.header
        let rows: [(text: String, error: String, line: UInt)] = [
            ("", "m.csv:1: empty file (expected the header of a catalog match sheet)", #line),
            ("sku,site,url\nA,s,http://x\n", "m.csv:1: missing column(s) decision; a catalog match sheet starts \(MatchSheet.columns.joined(separator: ","))", #line),
            ("decision,sku,site\naccept,A,s\n", "m.csv:1: missing column(s) listing_id or url; a catalog match sheet starts \(MatchSheet.columns.joined(separator: ","))", #line),
            (h + ",0.9,title,A,t,1 USD,s,S-1,x,2 USD,u\nmaybe,0.9,title,A,t,1 USD,s,S-2,x,2 USD,u2\n",
             "m.csv:3: decision 'maybe' is neither accept nor reject (or empty, to decide later)", #line),
            (h + "accept,0.9,title,,t,1 USD,s,S-1,x,2 USD,u\n", "m.csv:2: sku is empty", #line),
            (h + "reject,0.9,title,A,t,1 USD,,S-1,x,2 USD,u\n", "m.csv:2: site is empty", #line),
            (h + "accept,0.9,title,A,t,1 USD,s,,x,2 USD,\n", "m.csv:2: listing_id and url are both empty", #line),
            (h + "accept,0.9,title,A,t,1 USD,s,S-1,x,2 USD,u,extra\n", "m.csv:2: 12 fields, the header has 11", #line),
            (h + "accept,0.9,title,A,t,1 USD,s,S-1,x,2 USD,u\n\"accept\",0.9,title,A,t,1 USD,s,S-1,\"two\nlines\",2 USD,u\nREJECT,0.9,title,A,t,1 USD,s,S-1,x,2 USD,u\n",
             "m.csv:5: the same pair is accepted on line 2", #line),
            (h + "accept,0.9,\"title,A\n", "m.csv:2: unterminated quoted field (the quote opened here is never closed)", #line),
        ]
        for r in rows {
            XCTAssertThrowsError(try MatchSheet.read(r.text, file: "m.csv"), line: r.line) { error in
                let problems = (error as? MatchSheet.Rejected)?.problems.map(\.description) ?? ["\(error)"]
                XCTAssertEqual(problems.first, r.error, line: r.line)
            }
        }
    }

    func testHostileTextIsGuardedAndTheSheetReadsBack() throws {
        let s = CatalogMatchRun.Suggestion(sku: "=SKU-1", catalogTitle: "Kettle", catalogPrice: Money(amount: 10, currency: "USD"), site: "shop",
                                           externalID: "+A1", url: "https://shop.example/p/1", listingTitle: "=HYPERLINK(\"http://evil\",\"click\")",
                                           listingPrice: nil, confidence: 0.91, reason: "title")
        let text = MatchSheet.write([s])
        XCTAssertTrue(text.contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\""), text)
        XCTAssertFalse(text.contains(",=SKU-1,"), "cells a spreadsheet would run are guarded")
        let edited = text.replacingOccurrences(of: "\r\n,0.910", with: "\r\nReject,0.910")
        let reviewed = try MatchSheet.read(edited, file: "m.csv")
        XCTAssertEqual(reviewed.decisions.map(\.decision), [MatchDecision(sku: "=SKU-1", site: "shop", externalID: "+A1", url: "https://shop.example/p/1",
                                                                          accepted: false, confidence: 0.91, reason: "title")])
        XCTAssertEqual(try MatchSheet.read(text, file: "m.csv").undecided, 1)
    }

    /// A small world: two SKUs, one site with their listings and a bundle.
    func store() throws -> PriceStore {
        let store = try PriceStore(path: dir + "/pw.sqlite")
        try store.replaceCatalog([
            CatalogRecord(sku: "K1", title: "Hoshino S 715 Electric Kettle 1.5 L", cost: Money(amount: 30, currency: "USD"), price: Money(amount: 60, currency: "USD")),
            CatalogRecord(sku: "G1", title: "Kestrel S 985 Coffee Grinder", cost: Money(amount: 40, currency: "USD"), price: Money(amount: 80, currency: "USD")),
        ])
        var batch = CrawlBatch()
        for (id, title, price) in [("A1", "HOSHINO S715 Electric Kettle, 1.5L", "59.99"), ("A2", "Kestrel S-985 Coffee Grinder", "79.99"),
                                   ("A3", "Kestrel S-985 Coffee Grinder + Carry Case Bundle", "99.99")] {
            batch.listings.append(ListingUpdate(listing: ListingRecord(site: "shop", url: "https://shop.example/p/\(id)", externalID: id, title: title),
                                                observation: ObservationRecord(listingID: 0, runID: nil, observedAt: Date(), price: Money(amount: Decimal(string: price)!, currency: "USD"))))
        }
        try store.write(batch, run: nil)
        return store
    }

    func testDecisionsAreKeptAndRejectedPairsNeverComeBack() throws {
        let store = try store()
        let first = try CatalogMatchRun.suggest(store: store, options: CatalogMatchRun.Options())
        XCTAssertEqual(first.suggestions.map { "\($0.sku)~\($0.externalID!)" }, ["G1~A2", "K1~A1"], "the bundle is not suggested")
        // The merchant accepts the kettle and rejects the grinder pair.
        var sheet = MatchSheet.write(first.suggestions)
        sheet = sheet.replacingOccurrences(of: "\r\n,", with: "\r\n#,")
        sheet = sheet.replacingOccurrences(of: "#,", with: "reject,", options: [], range: sheet.range(of: "#,"))
        sheet = sheet.replacingOccurrences(of: "#,", with: "accept,")
        let (accepted, rejected) = try MatchSheet.read(sheet, file: "m.csv").apply(to: store)
        XCTAssertEqual([accepted, rejected], [1, 1])
        XCTAssertEqual(try store.catalog().first { $0.sku == "K1" }?.matches.map { "\($0.site!):\($0.externalID!)" }, ["shop:A1"])
        XCTAssertEqual(try store.listings().first { $0.externalID == "A1" }?.sku, "K1", "the listing carries the SKU at once")
        XCTAssertEqual(try store.rejectedMatches().map { "\($0.sku)~\($0.externalID!)" }, ["G1~A2"])

        // Neither comes back; the rejection survives a catalog import.
        let second = try CatalogMatchRun.suggest(store: store, options: CatalogMatchRun.Options())
        XCTAssertEqual(second.suggestions.map(\.sku), [])
        XCTAssertEqual(second.rejectedSkipped, 1)
        try store.replaceCatalog(try store.catalog())
        XCTAssertEqual(try CatalogMatchRun.suggest(store: store, options: CatalogMatchRun.Options()).suggestions.count, 0)

        // Rejecting an accepted pair takes it out of the matches and off the listing.
        let undo = try MatchSheet.read(Self.header + "reject,0.9,title,K1,t,60 USD,shop,A1,x,59.99 USD,https://shop.example/p/A1\n", file: "u.csv")
        try undo.apply(to: store)
        XCTAssertEqual(try store.catalog().first { $0.sku == "K1" }?.matches.count, 0)
        XCTAssertNil(try store.listings().first { $0.externalID == "A1" }?.sku)

        // A SKU the catalog does not have refuses the sheet, with its line, and changes nothing.
        let unknown = try MatchSheet.read(Self.header + "accept,0.9,title,K1,t,60 USD,shop,A1,x,1 USD,u\naccept,0.9,title,NOPE,t,1 USD,shop,A2,x,1 USD,u\n", file: "n.csv")
        XCTAssertThrowsError(try unknown.apply(to: store)) { error in
            XCTAssertEqual((error as? MatchSheet.Rejected)?.problems.map(\.description), ["n.csv:3: sku NOPE is not in the catalog"])
        }
        XCTAssertEqual(try store.catalog().first { $0.sku == "K1" }?.matches.count, 0)
    }

    func testAcceptAboveRecordsOnlyTheSurePairs() throws {
        let store = try store()
        let plain = try CatalogMatchRun.suggest(store: store, options: CatalogMatchRun.Options())
        XCTAssertEqual(plain.accepted, 0)
        XCTAssertEqual(try store.listings().compactMap(\.sku), [], "without --accept-above nothing is recorded")
        var o = CatalogMatchRun.Options()
        o.acceptAbove = 0.5
        let sure = try CatalogMatchRun.suggest(store: store, options: o)
        XCTAssertEqual(sure.accepted, plain.suggestions.filter { $0.confidence >= 0.5 }.count)
        XCTAssertEqual(sure.accepted, 2)
        XCTAssertTrue(MatchSheet.write(sure.suggestions).contains("\r\naccept,"), "accepted rows are pre-filled")
        XCTAssertEqual(Set(try store.listings().compactMap(\.sku)), ["K1", "G1"])
        XCTAssertNil(try store.listings().first { $0.externalID == "A3" }?.sku, "the bundle stays unmatched")
    }
}
