import Foundation
import Model
import Reprice
import Store
import XCTest

/// `reprice --undo` on a real SQLite file when runs are undone out of order: a run whose SKUs a
/// later applied run changed again is refused (nothing changes) until that later run is undone.
final class RepriceUndoTests: XCTestCase {
    var dir: URL!
    var store: PriceStore!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-undo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try PriceStore(path: dir.appendingPathComponent("pw.sqlite").path)
        try store.replaceCatalog([Fx.item(sku: "PW-APP-125", cost: "100.00", price: "195.50", max: "260.00"),
                                  Fx.item(sku: "PW-APP-126", cost: "10.00", price: "30.00", max: "40.00")])
    }

    override func tearDownWithError() throws {
        store = nil
        try? FileManager.default.removeItem(at: dir)
    }

    /// Applies one run through `RepriceRun.apply`, as `reprice --apply` does.
    func apply(_ run: String, _ prices: [String: String]) throws {
        let current = Dictionary(uniqueKeysWithValues: try store.catalog().map { ($0.sku, $0.price) })
        let suggestions = prices.keys.sorted().map { sku in
            Suggestion(sku: sku, title: sku, current: current[sku]!, suggested: Fx.money(prices[sku]!), changePercent: 0, marginPercent: 0, floor: nil,
                       ceiling: nil, strategy: .matchLowest, considered: [], ignored: [], driver: nil, guards: [], reason: "run \(run)")
        }
        XCTAssertEqual(try RepriceRun.apply(store: store, suggestions: suggestions, run: run, at: Fx.now).count, prices.count)
    }

    func price(_ sku: String) throws -> Money? { try store.catalog().first { $0.sku == sku }?.price }

    func testUndoingAnOlderRunIsRefusedUntilTheLaterOneIsUndone() throws {
        try apply("A", ["PW-APP-125": "204.99", "PW-APP-126": "31.49"])
        try apply("B", ["PW-APP-125": "214.99"])
        XCTAssertEqual(try price("PW-APP-125"), Fx.money("214.99"))

        // --undo A: refused, naming run B and the SKU with its live price; nothing changed.
        XCTAssertThrowsError(try RepriceRun.undo(store: store, run: "A")) { error in
            guard let conflict = error as? PriceUndoConflict else { return XCTFail("\(error)") }
            XCTAssertEqual(conflict.run, "A")
            XCTAssertEqual(conflict.later.map(\.run), ["B"])
            XCTAssertEqual(conflict.later.first?.skus.map(\.sku), ["PW-APP-125"], "PW-APP-126 was changed only by A")
            XCTAssertEqual(conflict.later.first?.skus.first?.live, Fx.money("214.99"))
            XCTAssertTrue(conflict.description.contains("run B changed PW-APP-125 (now 214.99 USD)"), conflict.description)
            XCTAssertTrue(conflict.description.contains("pricewatch reprice --undo B"), conflict.description)
        }
        XCTAssertEqual(try price("PW-APP-125"), Fx.money("214.99"))
        XCTAssertEqual(try price("PW-APP-126"), Fx.money("31.49"))
        XCTAssertFalse(try store.priceChanges(run: "A").contains(where: \.undone))

        // Newest first: B, then A; each line shows the price it really replaced.
        let b = try RepriceRun.undo(store: store, run: "B")
        XCTAssertEqual(RepriceRun.undoLines(b), ["PW-APP-125: 214.99 USD -> 204.99 USD (restored)"])
        XCTAssertEqual(try price("PW-APP-125"), Fx.money("204.99"))
        let a = try RepriceRun.undo(store: store, run: "A")
        XCTAssertEqual(Set(RepriceRun.undoLines(a)), ["PW-APP-125: 204.99 USD -> 195.50 USD (restored)", "PW-APP-126: 31.49 USD -> 30.00 USD (restored)"])
        XCTAssertEqual(try price("PW-APP-125"), Fx.money("195.50"))
        XCTAssertEqual(try price("PW-APP-126"), Fx.money("30.00"))
    }

    func testLaterRunsOnOtherSKUsOrAlreadyUndoneDoNotBlock() throws {
        try apply("A", ["PW-APP-125": "204.99"])
        try apply("B", ["PW-APP-126": "31.49"])
        try apply("C", ["PW-APP-125": "209.99"])
        XCTAssertThrowsError(try RepriceRun.undo(store: store, run: "A")) { XCTAssertEqual(($0 as? PriceUndoConflict)?.later.map(\.run), ["C"]) }
        try RepriceRun.undo(store: store, run: "C")
        XCTAssertEqual(try RepriceRun.undo(store: store, run: "A").map(\.sku), ["PW-APP-125"])
        XCTAssertEqual(try price("PW-APP-125"), Fx.money("195.50"))
        XCTAssertEqual(try price("PW-APP-126"), Fx.money("31.49"), "B stays applied")
    }

    func testUndoShowsTheLivePriceWhenTheCatalogChangedSince() throws {
        try apply("A", ["PW-APP-125": "204.99"])
        // The merchant re-imports the sheet with another price, then undoes A.
        var items = try store.catalog()
        items[0].price = Fx.money("199.00")
        try store.replaceCatalog(items)
        let lines = RepriceRun.undoLines(try RepriceRun.undo(store: store, run: "A"))
        XCTAssertEqual(lines, ["PW-APP-125: 199.00 USD -> 195.50 USD (restored; run A had set 204.99 USD, the price was changed since)"])
        // A SKU no longer in the catalog is reported, not silently counted as restored.
        try apply("B", ["PW-APP-126": "31.49"])
        try store.replaceCatalog(Array(try store.catalog().prefix(1)))
        XCTAssertEqual(RepriceRun.undoLines(try RepriceRun.undo(store: store, run: "B")), ["PW-APP-126: no longer in the catalog; 30.00 USD not restored"])
    }
}
