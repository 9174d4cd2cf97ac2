import XCTest
import Yams
@testable import Config

/// ConfigNode reads YAML without Yams' regex-based scalar resolver (which loads ICU); these tests
/// pin that scalars are typed exactly as before and that the same documents are accepted.
final class ConfigNodeYAMLTests: XCTestCase {
    func node(_ yaml: String) throws -> [String: ConfigNode] {
        try ConfigNode.load(yaml: yaml, file: "t.yml").mapping(allowed: ["v"])
    }

    func value(_ text: String) throws -> ConfigNode { try XCTUnwrap(node("v: \(text)\n")["v"]) }

    func testIntegers() throws {
        for (text, want) in [("12", 12), ("-3", -3), ("+7", 7), ("0", 0), ("\"12\"", 12), ("'40'", 40)] {
            XCTAssertEqual(try value(text).int(), want, text)
        }
        for text in ["1.5", "ten", "0x1F", "1_000", "~", "\"\""] {
            XCTAssertThrowsError(try value(text).int(), text) { XCTAssertTrue("\($0)".contains("expected a whole number"), "\($0)") }
        }
        XCTAssertThrowsError(try value("200").int(in: 1...64)) { XCTAssertTrue("\($0)".contains("200 is outside 1...64"), "\($0)") }
    }

    func testFloats() throws {
        for (text, want) in [("0.95", 0.95), ("1", 1.0), ("-2.5", -2.5), ("1e3", 1000), ("\"0.5\"", 0.5)] {
            XCTAssertEqual(try value(text).double(), want, text)
        }
        XCTAssertThrowsError(try value("half").double()) { XCTAssertTrue("\($0)".contains("expected a number, found \"half\""), "\($0)") }
    }

    func testBooleansIncludingYesNoOnOff() throws {
        for text in ["true", "True", "TRUE", "yes", "Yes", "on", "ON", "\"yes\"", "'true'"] {
            XCTAssertEqual(try value(text).bool(), true, text)
        }
        for text in ["false", "False", "no", "NO", "off", "\"off\""] {
            XCTAssertEqual(try value(text).bool(), false, text)
        }
        for text in ["1", "0", "y", "~", "null"] {
            XCTAssertThrowsError(try value(text).bool(), text) { XCTAssertTrue("\($0)".contains("expected true or false"), "\($0)") }
        }
    }

    func testNullAndQuotedStringsStayText() throws {
        XCTAssertEqual(try value("~").string(), "~")
        XCTAssertEqual(try value("null").string(), "null")
        XCTAssertEqual(try node("v:\n")["v"]?.string(), "")
        for text in ["\"true\"", "'12'", "\"~\"", "2026-03-29", "\"0x1F\"", "'1e3'", "yes"] {
            let unquoted = text.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            XCTAssertEqual(try value(text).string(), unquoted, text)
        }
    }

    func testDurationsAndLists() throws {
        XCTAssertEqual(try value("250ms").duration(), 0.25)
        XCTAssertEqual(try value("30").duration(), 30)
        XCTAssertEqual(try value("[1, \"two\", 3.5, yes]").stringList(), ["1", "two", "3.5", "yes"])
    }

    /// The same documents are accepted and rejected as with Yams' default resolver, including the
    /// keys that only the default resolver tells apart (a plain `true` is a bool, a quoted one a
    /// string) and explicitly tagged keys.
    func testDuplicateKeysAreJudgedAsWithTheDefaultResolver() throws {
        let documents = [
            "a: 1\nb: 2\n",
            "a: 1\na: 2\n",
            "a: 1\n\"a\": 2\n",
            "true: 1\n\"true\": 2\n",
            "1: x\n'1': y\n",
            "~: x\nnull: y\n",
            "yes: 1\nyes: 2\n",
            "!!int 1: a\n1: b\n",
            "!!str 1: a\n'1': b\n",
            "!!str 1: a\n1: b\n",
            "outer:\n  on: 1\n  \"on\": 2\n",
            "[a, b]: 1\n[a, b]: 2\n",
            "[true]: 1\n[\"true\"]: 2\n",
            "- {x: 1, 'x': 2}\n",
        ]
        for yaml in documents {
            let old = Result { try Yams.compose(yaml: yaml) }
            let new = Result { try ConfigNode.load(yaml: yaml, file: "t.yml") }
            switch (old, new) {
            case (.success, .success): break
            case let (.failure(o), .failure(n)):
                XCTAssertTrue("\(n)".hasPrefix("t.yml:1:1: not valid YAML: "), "\(n)")
                XCTAssertTrue("\(n)".hasSuffix("\(o)"), "\(yaml): \(n) vs \(o)")
            default: XCTFail("\(yaml): default resolver \(old), ConfigNode \(new)")
            }
        }
        // And the plain/quoted pair is still caught by ConfigNode's own check.
        XCTAssertThrowsError(try ConfigNode.load(yaml: "true: 1\n\"true\": 2\n", file: "t.yml").mapping(allowed: ["true"])) {
            XCTAssertTrue("\($0)".contains("key 'true' appears twice"), "\($0)")
        }
    }
}
