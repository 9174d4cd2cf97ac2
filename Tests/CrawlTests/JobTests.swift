import XCTest
@testable import Crawl
@testable import Config

final class JobTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-jobs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("Jobs"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("Selectors"), withIntermediateDirectories: true)
        try "site: shop\n".write(to: dir.appendingPathComponent("Selectors/shop.yml"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func write(_ yaml: String) throws -> String {
        let path = dir.appendingPathComponent("Jobs/test-job.yml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testFullJobLoads() throws {
        let path = try write("""
        schedule: "0 */6 * * *"
        time_zone: Europe/Berlin
        sites:
          - selectors: shop
            start: ["${DEMO_URL}/eu/c/1", "https://shop.example/c/2"]
            depth: 3
        market:
          currency_hint: EUR
          accept_language: de-DE
          cookies: "currency=EUR"
          user_agent: "pw-test"
          headers: {X-Market: DE}
        limits: {max_pages: 500, concurrency: 8, per_host_delay: 250ms, timeout: 10s}
        required_fields: [price, availability]
        alarms:
          min_coverage: {price: 0.95}
          max_error_rate: 0.2
        """)
        let job = try Job.load(path: path)
        XCTAssertEqual(job.name, "test-job")
        XCTAssertEqual(job.timeZone.identifier, "Europe/Berlin")
        XCTAssertEqual(job.sites[0].selectorsPath, dir.appendingPathComponent("Selectors/shop.yml").standardized.path)
        XCTAssertEqual(job.sites[0].depth, 3)
        XCTAssertEqual(job.market.headers["X-Market"], "DE")
        XCTAssertEqual(job.limits.perHostDelay, 0.25, accuracy: 1e-9)
        XCTAssertEqual(job.limits.maxPages, 500)
        XCTAssertEqual(job.alarms.minCoverage["price"], 0.95)
        XCTAssertEqual(job.requiredFields, ["price", "availability"])
        XCTAssertEqual(try Job.expand(job.sites[0].start[0], variables: ["DEMO_URL": "http://127.0.0.1:9"]), "http://127.0.0.1:9/eu/c/1")
        XCTAssertThrowsError(try Job.expand(job.sites[0].start[0], variables: [:]))
        // At run time the error names the job file, the line and the key of the URL, not ":0:0: start".
        XCTAssertThrowsError(try job.startURL(job.sites[0], 0, variables: [:])) { error in
            XCTAssertEqual("\(error)", "\(path):5:13: sites[0].start[0]: start URL ${DEMO_URL}/eu/c/1 uses ${DEMO_URL}, which is not set")
        }
        XCTAssertEqual(try job.startURL(job.sites[0], 1, variables: [:]), "https://shop.example/c/2")
    }

    /// Each row: YAML, then what the error must say (file:line:col and key).
    /// A start file that changed after the job was loaded (replaced by a FIFO here) is held to
    /// the same rules when the run reads it: a configuration error at its key, never a hang.
    func testAStartFileIsCheckedAgainWhenTheRunReadsIt() throws {
        let urls = dir.appendingPathComponent("Jobs/urls.txt").path
        try "# products\nhttps://shop.example/p/1\n\n https://shop.example/p/2 \n".write(toFile: urls, atomically: true, encoding: .utf8)
        let path = try write("schedule: \"@daily\"\nsites:\n  - selectors: shop\n    start_file: urls.txt\n")
        let job = try Job.load(path: path)
        XCTAssertEqual(try StartFile.urls(job.sites[0], job: job), ["https://shop.example/p/1", "https://shop.example/p/2"])
        try FileManager.default.removeItem(atPath: urls)
        XCTAssertEqual(mkfifo(urls, 0o644), 0)
        XCTAssertThrowsError(try StartFile.urls(job.sites[0], job: job)) { error in
            XCTAssertEqual("\(error)", "\(path):4:17: sites[0].start_file: \(urls) is not a regular file (a start file lists product URLs, one per line)")
        }
    }

    func testErrorsNameFileLineAndKey() throws {
        let rows: [(String, String)] = [
            ("schedule: \"0 * * * *\"\nsites:\n  - selectors: shop\n    start: [\"http://a/\"]\nlimits:\n  concurrency: ten\n",
             "test-job.yml:6:16: limits.concurrency: expected a whole number, found \"ten\""),
            ("schedule: \"0 * * * *\"\nsites:\n  - selectors: shop\n    strat: [\"http://a/\"]\n",
             "test-job.yml:4:5: sites[0].strat: unknown key (did you mean 'start'?)"),
            ("schedule: \"61 * * * *\"\nsites: []\n", "test-job.yml:1:11: schedule: minute '61' is outside 0-59"),
            ("schedule: \"0 * * * *\"\ntime_zone: Mars/Olympus\nsites: []\n", "test-job.yml:2:12: time_zone: unknown time zone"),
            ("schedule: \"0 * * * *\"\nsites:\n  - selectors: nosuch\n    start: [\"http://a/\"]\n", "test-job.yml:3:16: sites[0].selectors: selector file not found"),
            ("schedule: \"0 * * * *\"\nsites:\n  - selectors: shop\n    start: [\"file:///etc/passwd\"]\n", "test-job.yml:4:13: sites[0].start[0]: start URLs must be http or https"),
            ("sites: []\n", "test-job.yml:1:1: missing key 'schedule'"),
            ("schedule: \"0 * * * *\"\nsites:\n  - selectors: shop\n    start: [\"http://a/\"]\nalarms:\n  min_coverage: {price: 1.5}\n",
             "test-job.yml:6:25: alarms.min_coverage.price: 1.5 is outside 0.0...1.0"),
            ("schedule: [unclosed\n", "test-job.yml:2:1: not valid YAML"),
            // What `run` would only notice as an alarm on every run, `jobs check` refuses up front.
            ("schedule: \"0 * * * *\"\nsites:\n  - selectors: shop\n    start: [\"http://a/\"]\nrequired_fields: [price, prise]\n",
             "test-job.yml:5:26: required_fields[1]: unknown field 'prise' (did you mean 'price'?)"),
            ("schedule: \"0 * * * *\"\nsites:\n  - selectors: shop\n    start: [\"http://a/\"]\nmarket:\n  currency_hint: XYZ\n",
             "test-job.yml:6:18: market.currency_hint: currency_hint 'XYZ' names no currency pricewatch knows"),
            ("schedule: \"0 * * * *\"\nsites:\n  - selectors: shop\n    start: [\"http://a/\"]\nmarket:\n  accept_language: 42\n",
             "test-job.yml:6:20: market.accept_language: accept_language '42' is not an Accept-Language value"),
        ]
        for (yaml, expected) in rows {
            let path = try write(yaml)
            XCTAssertThrowsError(try Job.load(path: path), expected) { error in
                XCTAssertTrue("\(error)".contains(expected), "expected «\(expected)» in «\(error)»")
            }
        }
    }

    func testMarketValuesThatAreAccepted() throws {
        for (hint, lang) in [("EUR", "de-DE,de;q=0.9,en;q=0.5"), ("R$", "pt-BR"), ("¥", "ja"), ("usd", "*"), ("€", "zh-Hant-TW, en;q=0.1")] {
            let path = try write("schedule: \"0 * * * *\"\nsites:\n  - selectors: shop\n    start: [\"http://a/\"]\nmarket:\n  currency_hint: \"\(hint)\"\n  accept_language: \"\(lang)\"\nrequired_fields: [price, availability, review_count]\n")
            let job = try Job.load(path: path)
            XCTAssertEqual(job.market.currencyHint, hint)
            XCTAssertEqual(job.market.acceptLanguage, lang)
            XCTAssertEqual(job.requiredFields, ["price", "availability", "review_count"])
        }
        XCTAssertFalse(Job.isLanguageList("en;q=2"))
        XCTAssertFalse(Job.isLanguageList("en,,de"))
        XCTAssertFalse(Job.isLanguageList("englishlanguage"), "subtags are 1-8 characters")
        XCTAssertFalse(Job.isLanguageList("1en"), "the first subtag is letters")
    }

    func testDurations() {
        XCTAssertEqual(ConfigNode.parseDuration("250ms"), 0.25)
        XCTAssertEqual(ConfigNode.parseDuration("2m"), 120)
        XCTAssertEqual(ConfigNode.parseDuration("180d"), 180 * 86_400)
        XCTAssertEqual(ConfigNode.parseDuration("1.5"), 1.5)
        XCTAssertNil(ConfigNode.parseDuration("soon"))
        XCTAssertNil(ConfigNode.parseDuration("5 weeks"))
    }

    /// A header value with CR/LF (or any control character) would inject request headers: refused with file:line:key.
    func testHeaderValuesWithControlCharactersAreRefused() throws {
        let base = "schedule: \"0 * * * *\"\nsites:\n  - selectors: shop\n    start: [\"http://a/\"]\nmarket:\n"
        let rows: [(market: String, key: String, line: UInt)] = [
            ("  user_agent: \"pw\\r\\nX-Evil: 1\"\n", "market.user_agent", #line),
            ("  cookies: \"a=1\\r\\nX-Evil: 1\"\n", "market.cookies", #line),
            ("  headers: {X-A: \"ok\\nX-Evil: 1\"}\n", "market.headers.X-A", #line),
            ("  headers: {X-A: \"bell\\a\"}\n", "market.headers.X-A", #line),
        ]
        for r in rows {
            let path = try write(base + r.market)
            XCTAssertThrowsError(try Job.load(path: path), line: r.line) { error in
                let text = "\(error)"
                XCTAssertTrue(text.hasPrefix("\(path):6:"), text, line: r.line)
                XCTAssertTrue(text.contains("\(r.key): contains a control character"), text, line: r.line)
            }
        }
    }

    func testCAFileAndCrawlDelayCapAreJobSettings() throws {
        let base = "schedule: \"0 * * * *\"\nsites:\n  - selectors: shop\n    start: [\"http://a/\"]\n"
        let missing = try write(base + "market:\n  ca_file: nowhere.pem\n")
        XCTAssertThrowsError(try Job.load(path: missing)) { error in
            XCTAssertTrue("\(error)".contains(":6:") && "\(error)".contains("market.ca_file: CA file not found"), "\(error)")
        }
        try "-----BEGIN CERTIFICATE-----\n".write(toFile: dir.appendingPathComponent("Jobs/shop-ca.pem").path, atomically: true, encoding: .utf8)
        let job = try Job.load(path: try write(base + "market:\n  ca_file: shop-ca.pem\nlimits:\n  max_crawl_delay: 5s\n"))
        XCTAssertEqual(job.market.caFile, dir.appendingPathComponent("Jobs/shop-ca.pem").standardized.path)
        XCTAssertEqual(job.limits.maxCrawlDelay, 5)
        let settings = CrawlRunner.fetchSettings(job, options: CrawlRunner.RunOptions())
        XCTAssertEqual(settings.caFile, job.market.caFile)
        XCTAssertEqual(settings.maxCrawlDelay, 5)
    }
}
