/// What the fuzzer starts from, per kind of input: small real-looking seeds, and the tokens of each
/// format that hostile files repeat (the reproducers of issue 27 are all "one token, many times").
enum FuzzKind: String, CaseIterable {
    case robots, jobYAML = "job-yaml", selectorYAML = "selector-yaml", rulesYAML = "rules-yaml"
    case html, price, catalogCSV = "catalog-csv", productCSV = "product-csv", review
}

enum FuzzCorpus {
    static func seeds(_ kind: FuzzKind) -> [String] {
        switch kind {
        case .robots: return robots
        case .jobYAML: return [job]
        case .selectorYAML: return [selectors]
        case .rulesYAML: return [rules]
        case .html: return html
        case .price: return prices
        case .catalogCSV: return [catalog]
        case .productCSV: return [products]
        case .review: return reviews
        }
    }

    static func tokens(_ kind: FuzzKind) -> [String] {
        switch kind {
        case .robots: return ["*a", "*", "$", "/", "%2F", "Disallow: /*a*a*a*b\n", "Allow: /\n", "User-agent: *\n",
                              "Crawl-delay: 100000\n", "Sitemap: x\n", "#", "\r", "\n", ":", "User-agent: pricewatch\nDisallow: /*\n"]
        case .jobYAML, .selectorYAML, .rulesYAML:
            return ["&a [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n", "*a, ", "- ", "[", "{", "]", "}", ": ", "\"", "'", "\\", "\t", "  ",
                    "? ", "!!str ", "!!binary ", "%YAML 1.1\n", "---\n", "...\n", "<<: *a\n", "&a ", "|\n", ">-\n", "#", "\u{FEFF}"]
        case .html:
            return [" a=\"1\"", " itemprop=\"price\"", "<div>", "<div class=\"product-card\">", "</div>", "<span class=\"price\">",
                    "<script type=\"application/ld+json\">{\"@type\":\"Product\",\"offers\":{\"price\":\"1\"}}</script>",
                    "<meta itemprop=\"price\" content=\"9.99\">", "<!--", "-->", "<![CDATA[", "&amp;", "&#x", "&#",
                    "<table>", "<tr><td>", "<b><i>", "<p>", "<", ">", "\"", "'", "=", "<select><option>", "<svg><path d=\"M0\"/>",
                    "<template>", "<noscript>", "<iframe src=\"x\">", "<style>", "<script>", "data-price=\"1.", "1,",
                    "<meta charset=\"gbk\">", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=shift_jis\">",
                    "<meta charset=\"utf-16\">", "<base href=\"javascript:x\">", "<a href=\"", "<a rel=next href=\"/p/",
                    "<script type=\"application/ld+json\">", "{\"@graph\":[", "{\"offers\":[", "\"price\":\"", "<div itemscope itemprop=\"offers\">",
                    "<script id=\"__NEXT_DATA__\" type=\"application/json\">", "{\"a\":", "[[[[", "<span itemprop=\"price\" content=\"1\">"]
        case .price: return ["1", ".", ",", "€1,", "1.", " ", "$", "R$", "¥", "元", "円", "0", "9", "\u{00A0}", "\u{202F}", "'", "-",
                             "US$", "12x de ", "de ", "por ", "was ", "now ", "from ", "%", "k", "万", "+", "/", "(", ")", "e9", "１", "٫"]
        case .catalogCSV, .productCSV:
            return [",", "\"", "\"\"", "\n", "\r\n", "\r", "=", "+", "-", "@", "\t", "a,", "\"a\nb\",", ",,,,,,,,", "\u{FEFF}",
                    "id,", "title,", "sku,"]
        case .review:
            // Return words, their negations and reasons, and the breaks that scope them.
            return ["returned it ", "sent it back ", "no need to ", "can I ", "?", ". ", ", ", " but ", "too small ", "broke ", "退货", "没有",
                    "吗", "。", "，", "返品", "しなかった", "不可", "devolvi ", "não ", "troca de ", "zurückgeschickt ", "schicke es ", "nicht ",
                    " zurück", "'", "-", "~", "\u{2019}", "ß", "É", "\u{301}"]
        }
    }

    /// Openers and closers that hostile documents nest without end.
    static let nesting: [(String, String)] = [
        ("<div>", "</div>"), ("<div class=\"product-card\">", "</div>"), ("<b>", "</b>"), ("<table><tr><td>", "</td></tr></table>"),
        ("[", "]"), ("{", "}"), ("- ", "\n"), ("{a: ", "}"), ("(", ")"), ("\"", "\""),
    ]

    static let strayScalars: [Unicode.Scalar] = [
        "\u{0}", "\u{1}", "\u{7}", "\u{8}", "\u{B}", "\u{C}", "\u{1B}", "\u{7F}", "\u{85}", "\u{A0}", "\u{AD}", "\u{200B}",
        "\u{200E}", "\u{202E}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFD}", "\u{FFFF}", "\u{10FFFF}", "\u{1F600}",
        "\u{4E07}", "\u{FF11}", "\u{0661}", "\u{0301}", "<", ">", "&", "\"", "'", "\\", "%", "*", "$",
    ]

    static let reviews = [
        "Returned it. Way too small, it runs two sizes small.", "No need to return it, works great. Can I return it if it breaks?",
        "尺码偏小，穿不上，已经退货了。可以退货吗？", "サイズが小さすぎて返品しました。返品不可です。",
        "Não precisei devolver. Pedi a troca de pulseira.", "Ich schicke es nicht zurück. Zu klein, zurückgeschickt.",
    ]

    static let robots = [
        "User-agent: *\nDisallow: /cart\nAllow: /cart/help\nCrawl-delay: 1\n\nUser-agent: pricewatch\nDisallow: /private*$\n",
        "User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*a*a*b\n",
        "Sitemap: http://127.0.0.1/sitemap.xml\nUser-agent: Googlebot\nDisallow: /\n",
    ]

    static let job = """
        name: fuzz
        database: fuzz.sqlite
        schedule: "*/15 * * * *"
        market: {country: DE, currency: EUR, accept_language: "de-DE", time_zone: Europe/Berlin}
        limits: {max_pages: 100, per_host_concurrency: 2}
        user_agent: "pricewatch/1.0 (+mailto:ops@example.invalid)"
        sites:
          demo-eu:
            selectors: Selectors/demo-eu.yml
            start: ["http://127.0.0.1:8080/eu/c/1"]
            depth: 2
        """

    static let selectors = """
        site: fuzz
        name: Fuzz shop
        url_patterns: ["http://127.0.0.1:*/*"]
        currency_hint: EUR
        language: de
        pages:
          product:
            match: "*/p/*"
            fields:
              price: {css: "span.price::text", parser: price, required: true}
              title: {xpath: "//h1/text()"}
              sizes: {css: "li.size::text", all: true}
            links:
              next: {css: "a[rel=next]::attr(href)"}
        """

    static let rules = """
        defaults:
          strategy: {match_lowest: {offset: -0.01}}
          floor: {margin_over_cost: 0.1}
          max_change: 0.1
          ending: ".99"
        """

    static let html = [
        "<html><head><meta charset=utf-8><title>P</title></head><body><div class=\"product-card\"><h1>Kaffee</h1>"
            + "<span class=\"price\">1.299,00 €</span><li class=size>S</li><a rel=next href=\"/p/2\">n</a></div></body></html>",
        "<html><body itemscope itemtype=\"https://schema.org/Product\"><span itemprop=\"name\">X</span>"
            + "<div itemprop=\"offers\" itemscope><meta itemprop=\"price\" content=\"19.90\"><meta itemprop=\"priceCurrency\" content=\"BRL\"></div></body></html>",
        "<script id=\"__NEXT_DATA__\" type=\"application/json\">{\"props\":{\"product\":{\"price\":12.5,\"sku\":\"A-1\"}}}</script><p>R$ 12,50",
    ]

    static let prices = ["1.299,00 €", "$1,299.00", "R$ 1.299,90", "¥1,280", "12x de R$ 108,33 sem juros", "CHF 1'234.50",
                         "was $20.00 now $15.00", "1 234,56 zł", "₹1,23,456.00", "人民币 88元", "35€ 99", "118, 99"]

    static let catalog = "sku,title,cost,price,currency,matches\nPW-1,Kaffee,5.00,9.99,EUR,demo-eu:p/1\n=X,\"a,b\",1,2,EUR,\n"
    static let products = "id,title,brand,price,gtin\n1,\"Sony WH-1000XM4, black\",Sony,278.00,4548736112100\n2,Tee,,1,\n"
}
