// swift-tools-version:6.1
import PackageDescription

// Data flows one way: Fetch -> Extract -> Store -> Analytics -> Report / Reprice,
// orchestrated by Crawl and exposed by the `pricewatch` CLI. C libraries are wrapped once
// (CCurl, CLibXML2, CCompress); nothing above Fetch and Extract touches a C pointer.
let package = Package(
    name: "pricewatch",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "pricewatch", targets: ["pricewatch"]),
        .executable(name: "pricewatch-bench", targets: ["pricewatch-bench"]),
        .executable(name: "pricewatch-fuzz", targets: ["pricewatch-fuzz"]),
    ],
    // `swift build --traits Postgres` (make build-postgres / make test-postgres) adds the PostgreSQL
    // backend; the default build stays lean and never compiles postgres-nio.
    traits: [
        .trait(name: "Postgres", description: "PostgreSQL store and shared frontier for many crawl workers (postgres-nio)."),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
    ],
    targets: [
        // C system libraries, each with a tiny shim header.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CCompress", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev", "libbrotli-dev"])]),

        // Domain types shared by every stage (money, availability, sales windows, field sources).
        .target(name: "Model"),
        // YAML configuration read with file, line and key in every error (jobs, selector sets, rules).
        .target(name: "Config", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "Fetch", dependencies: [
            "CCurl", "Model", .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "FieldParsers", dependencies: ["Model"]),
        .target(name: "Extract", dependencies: [
            "CLibXML2", "CCompress", "Model", "FieldParsers", "Config", .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "Store", dependencies: [
            "Model", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // The PostgreSQL backend behind the same PriceStoring interface; its body only exists with the
        // Postgres trait (without it, `postgres://` locations fail with a clear message).
        .target(name: "PostgresStore", dependencies: [
            "Model", "Store", .product(name: "Logging", package: "swift-log"),
            .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["Postgres"])),
        ]),
        .target(name: "Analytics", dependencies: ["Model", "Store"]),
        .target(name: "Report", dependencies: ["Model", "Store", "Analytics", "Sentiment", "CLibXML2"]),
        // Review sentiment and aspects; lexicons and weights are compiled in (no download at run time).
        .target(name: "Sentiment", dependencies: ["Model", "Config"]),
        // Repricing suggestions: a pure engine (Repricer) plus the store adapter the CLI and demo share.
        .target(name: "Reprice", dependencies: [
            "Model", "Store", "Config", "Report", "Sentiment", .product(name: "SwiftCSV", package: "SwiftCSV"), .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "Crawl", dependencies: [
            "Model", "Fetch", "Extract", "FieldParsers", "Store", "Config", "Analytics", "Sentiment",
            .product(name: "Logging", package: "swift-log"), .product(name: "Yams", package: "Yams"),
        ]),
        // A small HTTP/1.1 server on loopback: the demo shops and the tests' servers run on it.
        .target(name: "LoopbackServer", dependencies: ["CCompress"]),
        .target(name: "DemoShop", dependencies: ["Model", "LoopbackServer"]),
        // Product matching (which competitor listing is my SKU): pure, records in, scored pairs out.
        .target(name: "Matching", dependencies: ["Model"]),
        // `catalog match`: the engine between the merchant's catalog and the stored listings, and the review sheet.
        .target(name: "CatalogMatching", dependencies: ["Model", "Store", "Matching"]),
        .executableTarget(name: "pricewatch", dependencies: [
            "Model", "Config", "Fetch", "FieldParsers", "Extract", "Store", "PostgresStore", "Analytics", "Report", "Reprice", "Crawl", "DemoShop", "Sentiment", "Matching", "CatalogMatching",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // `make bench`: pricewatch's side of every benchmark, printed as JSON for bench/report.py.
        .executableTarget(name: "pricewatch-bench", dependencies: [
            "Model", "Fetch", "FieldParsers", "Extract", "Store", "Analytics", "Report", "Reprice", "DemoShop", "LoopbackServer", "Sentiment", "Matching",
        ]),
        // `make fuzz`: generated hostile robots.txt, YAML, HTML, price texts and CSV through the real
        // entry points for a bounded time; fails on a crash, a hang past its budget or unbounded memory.
        .executableTarget(name: "pricewatch-fuzz", dependencies: [
            "Fetch", "FieldParsers", "Extract", "Crawl", "Reprice", "Sentiment", "Matching",
        ]),
        // What the code under test logs, captured in memory for the tests that make crawlers and fetchers.
        .target(name: "TestLogging", dependencies: [.product(name: "Logging", package: "swift-log")], path: "Tests/TestLogging"),
        .testTarget(name: "FetchTests", dependencies: ["Fetch", "LoopbackServer", "TestLogging"]),
        .testTarget(name: "FieldParsersTests", dependencies: [
            "FieldParsers", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "ExtractTests", dependencies: ["Extract", "DemoShop"]),
        .testTarget(name: "StoreTests", dependencies: ["Store"]),
        .testTarget(name: "AnalyticsTests", dependencies: ["Analytics", "Store"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Analytics", "Store", "Sentiment", "CLibXML2"]),
        .testTarget(name: "RepriceTests", dependencies: [
            "Reprice", "Store", "Model", "Config", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "SentimentTests", dependencies: ["Sentiment", "Config"]),
        .testTarget(name: "CrawlTests", dependencies: [
            "Crawl", "Config", "DemoShop", "LoopbackServer", "Store", "Fetch", "Extract", "TestLogging", "Report", "Sentiment",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "LoopbackServerTests", dependencies: ["LoopbackServer"]),
        // The store contract against both backends (PostgreSQL only with the trait and
        // PRICEWATCH_TEST_POSTGRES set, as `make test-postgres` does), and the shared-frontier workers.
        .testTarget(name: "PostgresStoreTests", dependencies: [
            "PostgresStore", "Store", "Model", "Crawl", "DemoShop", "LoopbackServer", "Fetch", "TestLogging", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "MatchingTests", dependencies: ["Matching", "Model"]),
        .testTarget(name: "CatalogMatchingTests", dependencies: ["CatalogMatching", "Matching", "Store", "Model", "DemoShop"]),
        .testTarget(name: "DemoShopTests", dependencies: ["DemoShop", "LoopbackServer", "Fetch", "Sentiment"]),
        // End to end: the built `pricewatch` binary as a user and cron run it (exit codes, messages, files).
        .testTarget(name: "CLITests", dependencies: ["LoopbackServer"]),
    ],
    swiftLanguageModes: [.v5]
)
