import Config
import Extract
import XCTest

/// YAML alias bombs (issue 27, item 5): a 488-byte "billion laughs" stalled every reader. All YAML
/// goes through `ConfigNode.load`, which refuses aliases that add more than `YAMLAliasBudget.limit`
/// nodes, naming the file, line and column of the alias that crosses it.
final class YAMLAliasBudgetTests: XCTestCase {
    /// Nine levels of ten aliases: 10^9 nodes when expanded, a few hundred bytes of text.
    static let laughs: String = {
        var lines = ["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for k in 1..<names.count {
            let p = names[k - 1]
            lines.append("\(names[k]): &\(names[k]) [" + Array(repeating: "*\(p)", count: 10).joined(separator: ",") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    func testBillionLaughsIsRefusedAtTheAliasThatCrossesTheBudget() {
        XCTAssertLessThan(Self.laughs.utf8.count, 600)
        XCTAssertThrowsError(try ConfigNode.load(yaml: Self.laughs, file: "Jobs/bomb.yml")) { error in
            guard let e = error as? ConfigError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.file, "Jobs/bomb.yml")
            // b's aliases add 110 nodes, c's 1,110, and d's (1,111 each) cross 10,000 on line 4.
            XCTAssertEqual(e.line, 4)
            XCTAssertTrue(e.description.hasPrefix("Jobs/bomb.yml:4:"), e.description)
            XCTAssertTrue(e.message.contains("aliases expand to more than 10000 nodes"), e.message)
        }
    }

    /// A selector set is one of the readers: it fails with the same file:line error.
    func testSelectorSetWithAnAliasBombFailsWithFileAndLine() {
        XCTAssertThrowsError(try SelectorSet.parse(yaml: Self.laughs, file: "Selectors/bomb.yml")) { error in
            XCTAssertTrue("\(error)".hasPrefix("Selectors/bomb.yml:4:"), "\(error)")
        }
    }

    /// Ordinary sharing stays allowed: small anchors used a few times, and aliases inside quotes.
    func testSmallAliasesAndStarsInTextAreAccepted() throws {
        let yaml = """
        defaults: &d {concurrency: 2, delay: 1s}
        a: *d
        b: *d
        note: "a *star* in text"
        """
        let root = try ConfigNode.load(yaml: yaml, file: "ok.yml")
        XCTAssertEqual(try root.mapping(allowed: ["defaults", "a", "b", "note"]).count, 4)
        XCTAssertNoThrow(try YAMLAliasBudget.check(Self.laughs, file: "x", limit: 2_000_000_000))
    }
}
