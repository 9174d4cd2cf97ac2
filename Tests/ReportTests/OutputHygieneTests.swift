import XCTest
import CLibXML2
import Model
@testable import Report

final class OutputHygieneTests: XCTestCase {
    func testCSVQuotingAndFormulaGuard() {
        let rows: [(String, String)] = [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("line\nbreak", "\"line\nbreak\""),
            ("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\""),
            ("+cmd", "'+cmd"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("-5.20", "-5.20"),
            ("+3", "+3"),
            (" padded ", "\" padded \""),
            ("日本語", "日本語"),
        ]
        for (input, expected) in rows { XCTAssertEqual(CSVWriter.cell(input), expected, input) }
    }

    func testCSVRowsUseCRLFAndOptionalBOM() {
        var csv = CSVWriter(excelBOM: true)
        csv.row(["a", "b"])
        csv.row(["1", "x,y"])
        XCTAssertEqual(csv.text, "\u{FEFF}a,b\r\n1,\"x,y\"\r\n")
        XCTAssertFalse(CSVWriter().text.hasPrefix("\u{FEFF}"))
    }

    func testMarkdownEscaping() {
        XCTAssertEqual(MarkdownText.escape("Mega | Deal <script>alert(1)</script>"), "Mega \\| Deal &lt;script&gt;alert(1)&lt;/script&gt;")
        XCTAssertEqual(MarkdownText.escape("two\nlines\r\n  here"), "two lines here")
        XCTAssertEqual(MarkdownText.escape("[click](javascript:x) *bold* # h"), "\\[click\\](javascript:x) \\*bold\\* \\# h")
        XCTAssertFalse(MarkdownText.escape("a|b|c").contains(where: { $0 == "\n" }))
    }

    func testHiddenDirectionAndZeroWidthCharactersAreDroppedEverywhere() {
        // "Trojan Source"-style: an RLO makes "exe.txt" display reversed; ZWSP/BOM hide inside words.
        let hostile = "Cheap\u{202E}txt.exe\u{202C} Kett\u{200B}le\u{FEFF}\u{2066}x\u{2069}"
        XCTAssertEqual(MarkdownText.escape(hostile), "Cheaptxt.exe Kettlex")
        XCTAssertEqual(CSVWriter.cell(hostile), "Cheaptxt.exe Kettlex")
        XCTAssertEqual(CSVWriter.cell("\u{200B}=HYPERLINK(1)"), "'=HYPERLINK(1)", "a hidden first character does not smuggle a formula past the guard")
        XCTAssertFalse(SVGChart.xml(hostile).unicodeScalars.contains { DisplayText.isHidden($0) })
        // Joiners that spelling and emoji need stay.
        XCTAssertEqual(MarkdownText.escape("می\u{200C}خواهم 👩\u{200D}💻"), "می\u{200C}خواهم 👩\u{200D}💻")
    }

    func testVeryLongTextIsCutToOneReadableLine() {
        let long = String(repeating: "Kettle ", count: 3_000)
        let cut = MarkdownText.escape(long)
        XCTAssertLessThanOrEqual(cut.count, MarkdownText.defaultLimit + 1)
        XCTAssertTrue(cut.hasSuffix("…"))
        XCTAssertEqual(MarkdownText.escape("short"), "short")
        XCTAssertEqual(MarkdownText.escape(String(repeating: "a", count: 300)).count, 300, "exactly the limit is not cut")
    }

    func testSVGIsWellFormedWithHostileLabels() throws {
        let day0 = Date(timeIntervalSince1970: 1_790_000_000)
        let points = (0..<10).map { SVGChart.Point(day: day0.addingTimeInterval(Double($0) * 86_400), value: $0 == 4 ? nil : 100 + Double($0 % 3)) }
        let chart = SVGChart(title: "Kettle <b>&\"evil\"</b>\u{1}", unit: "USD", series: [
            SVGChart.Series(label: "shop <x> & co", points: points),
            SVGChart.Series(label: "merchant", points: points.map { SVGChart.Point(day: $0.day, value: 101) }, emphasised: true),
        ])
        let svg = chart.render()
        let doc = svg.withCString { xmlReadMemory($0, Int32(strlen($0)), "chart.svg", "UTF-8", Int32(XML_PARSE_NONET.rawValue)) }
        XCTAssertNotNil(doc, "SVG must parse as XML")
        XCTAssertEqual(doc.flatMap { xmlDocGetRootElement($0) }.map { String(cString: $0.pointee.name) }, "svg")
        xmlFreeDoc(doc)
        // The gap on day 4 breaks the line: the competitor path has two subpaths.
        let competitorPath = svg.components(separatedBy: "\n").first { $0.hasPrefix("<path") && $0.contains("#1f77b4") }!
        XCTAssertEqual(competitorPath.components(separatedBy: "M").count - 1, 2)
        XCTAssertTrue(svg.contains("shop &lt;x&gt; &amp; co"))
    }

    func testSVGWithoutDataSaysSo() {
        XCTAssertTrue(SVGChart(title: "t", unit: "EUR", series: []).render().contains("no observations"))
    }

    func testAxisLabelsKeepTheStepsDecimals() {
        XCTAssertEqual(SVGChart.axisNumber(92.5, step: 2.5), "92.5")
        XCTAssertEqual(SVGChart.axisNumber(90, step: 10), "90")
        XCTAssertEqual(SVGChart.axisNumber(0.75, step: 0.25), "0.75")
    }

    func testNiceScale() {
        let (lo, hi, step) = SVGChart.niceScale(97.3, 131.9)
        XCTAssertEqual(step, 10)
        XCTAssertEqual(lo, 90)
        XCTAssertEqual(hi, 140)
    }

    func testJSONLogLinesRoundTripHostileText() throws {
        let object = ["msg": "quote \" backslash \\ newline \n tab \t nul \u{0} bell \u{7} ls \u{2028} 价格 👩\u{200D}💻", "a": "", "z": "/path"]
        let line = JSONLine.of(object)
        XCTAssertTrue(line.hasSuffix("}\n"))
        XCTAssertEqual(line.filter { $0 == "\n" }.count, 1, "one line")
        let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
        XCTAssertEqual(parsed, object)
        XCTAssertTrue(line.hasPrefix("{\"a\":\"\",\"msg\":"), "keys sorted: \(line)")
    }
}
