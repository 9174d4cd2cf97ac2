import Foundation
import LoopbackServer
import Model

/// Renders the five shops' pages. A pure function of the request and the day (faults aside).
enum DemoSites {
    static let perPage = 24
    static let reviewsPerPage = 10

    static func esc(_ s: String) -> String {
        var o = ""
        o.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            default: o.append(c)
            }
        }
        return o
    }

    static let robots = """
    # Demo shops: polite crawlers welcome.
    User-agent: *
    Disallow: /us/cart
    Disallow: /cn/search
    Disallow: /br/carrinho
    Disallow: /jp/cart
    Disallow: /eu/cart

    """

    /// Formats an amount with a market's separators: 1.299,90 (de, pt), 1,299.90 (en, ja), 1299.00 (zh).
    static func number(_ amount: Decimal, digits: Int, group: String, decimal: String) -> String {
        let plain = Money.plainText(amount, fractionDigits: digits)
        let parts = plain.split(separator: ".", omittingEmptySubsequences: false)
        var whole = String(parts[0])
        if !group.isEmpty {
            var grouped = ""
            for (i, ch) in whole.reversed().enumerated() {
                if i > 0 && i % 3 == 0 { grouped.append(contentsOf: group.reversed()) }
                grouped.append(ch)
            }
            whole = String(grouped.reversed())
        }
        return parts.count > 1 ? whole + decimal + parts[1] : whole
    }

    static func priceText(_ m: Money, shop: DemoShopID) -> String {
        switch shop {
        case .us: return "$" + number(m.amount, digits: 2, group: ",", decimal: ".")
        case .eu: return number(m.amount, digits: 2, group: ".", decimal: ",") + " €"
        case .cn: return "¥" + number(m.amount, digits: 2, group: "", decimal: ".")
        case .br: return "R$ " + number(m.amount, digits: 2, group: ".", decimal: ",")
        case .jp: return "￥" + number(m.amount, digits: 0, group: ",", decimal: ".")
        }
    }

    /// The sales counter as the shop shows it, and what it means.
    static func salesText(_ t: DemoTruth) -> (text: String, value: SalesCount)? {
        switch t.shop {
        case .us:
            let n = t.soldLast30Days
            if n >= 1000 { return ("\(n / 1000)K+ bought in past month", SalesCount(count: Int64(n / 1000 * 1000), window: .month, isLowerBound: true)) }
            if n >= 100 { return ("\(n / 100 * 100)+ bought in past month", SalesCount(count: Int64(n / 100 * 100), window: .month, isLowerBound: true)) }
            if n >= 50 { return ("50+ bought in past month", SalesCount(count: 50, window: .month, isLowerBound: true)) }
            return nil
        case .cn:
            let n = t.soldLast30Days
            if n >= 10_000 { return ("月销\(n / 10_000)万+", SalesCount(count: Int64(n / 10_000 * 10_000), window: .month, isLowerBound: true)) }
            return ("月销\(n)", SalesCount(count: Int64(n), window: .month, isLowerBound: false))
        case .br:
            let n = t.totalSold
            for b in [10_000, 5000, 1000, 500, 100, 50, 25, 5] where n >= b {
                return b >= 1000 ? ("+\(b / 1000) mil vendidos", SalesCount(count: Int64(b), window: .total, isLowerBound: true))
                                 : ("+\(b) vendidos", SalesCount(count: Int64(b), window: .total, isLowerBound: true))
            }
            return ("\(n) vendidos", SalesCount(count: Int64(n), window: .total, isLowerBound: false))
        case .jp:
            let n = t.totalSold
            if n >= 1000 { return ("\(n / 1000 * 1000)件以上販売", SalesCount(count: Int64(n / 1000 * 1000), window: .total, isLowerBound: true)) }
            return ("\(n)件販売", SalesCount(count: Int64(n), window: .total, isLowerBound: false))
        case .eu:
            return nil
        }
    }

    static func ratingText(_ r: Decimal, shop: DemoShopID) -> String {
        let one = Money.plainText(r, fractionDigits: 1)
        switch shop {
        case .us: return "\(one) out of 5 stars"
        case .eu: return one.replacingOccurrences(of: ".", with: ",") + " von 5 Sternen"
        case .cn: return "评分 \(one)"
        case .br: return one.replacingOccurrences(of: ".", with: ",") + "/5"
        case .jp: return "\(one) / 5"
        }
    }

    static func dateText(_ day: Int, shop: DemoShopID) -> String {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: DemoWorld.date(ofDay: day))
        let (y, m, d) = (c.year!, c.month!, c.day!)
        switch shop {
        case .us:
            let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
            return "Reviewed in the United States on \(months[m - 1]) \(d), \(y)"
        case .eu:
            let monate = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
            return "\(d). \(monate[m - 1]) \(y)"
        case .cn: return String(format: "%04d-%02d-%02d", y, m, d)
        case .br:
            let meses = ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"]
            return "\(d) de \(meses[m - 1]) de \(y)"
        case .jp: return "\(y)年\(m)月\(d)日"
        }
    }

    static func availabilityText(_ inStock: Bool, shop: DemoShopID) -> String {
        switch shop {
        case .us: return inStock ? "In Stock" : "Currently unavailable."
        case .eu: return inStock ? "Auf Lager" : "Ausverkauft"
        case .cn: return inStock ? "有货" : "无货"
        case .br: return inStock ? "Em estoque" : "Esgotado"
        case .jp: return inStock ? "在庫あり" : "在庫切れ"
        }
    }

    static func page(_ shop: DemoShopID, title: String, head: String = "", body: String) -> String {
        let lang = shop.language
        var meta = "<meta charset=\"utf-8\">"
        if shop == .cn { meta = "<meta charset=\"gbk\">" }
        if shop == .jp { meta = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">" }
        return "<!DOCTYPE html>\n<html lang=\"\(lang)\"><head>\(meta)<title>\(esc(title))</title>\(head)</head><body>\n<header class=\"site-header\"><a href=\"/\(shop.rawValue)/\">Demo \(shop.rawValue.uppercased())</a> <a class=\"cart\" href=\"/\(shop.rawValue)/cart\">cart</a></header>\n<main>\n\(body)\n</main><footer>&copy; Demo shop</footer></body></html>\n"
    }

    static func respond(shop: DemoShopID, path: [Substring], query: [String: String], day: Int, faults: DemoFaults) -> HTTPResponse {
        let pageNo = max(1, Int(query["page"] ?? query["p"] ?? query["pagina"] ?? "1") ?? 1)
        let html: String?
        switch (shop, path.count) {
        case (_, 0):
            html = page(shop, title: "Demo \(shop.rawValue)", body: DemoCatalog.categories.map { "<a class=\"category\" href=\"\(listingPath(shop, $0))\">\($0)</a>" }.joined(separator: "\n"))
        case (_, 2) where path[0] == listingSegment(shop):
            html = listing(shop, category: String(path[1]), page: pageNo, day: day)
        case (_, 2) where path[0] == productSegment(shop):
            let idText = path[1].hasSuffix(".html") ? path[1].dropLast(5) : path[1]
            guard let id = Int(idText.split(separator: "-").first ?? ""), let t = DemoWorld.truth(shop: shop, productID: id, day: day) else { return notFound(shop) }
            if let c = faults.captcha, c.shop == shop, c.day == day { return captcha(shop) }
            let changed = faults.layoutChange.map { $0.shop == shop && day >= $0.day } ?? false
            html = product(t, changedLayout: changed)
        case (_, 3) where path[0] == productSegment(shop) && path[2] == reviewsSegment(shop):
            guard let id = Int(path[1]), let t = DemoWorld.truth(shop: shop, productID: id, day: day) else { return notFound(shop) }
            html = reviewsPage(t, page: pageNo)
        default:
            html = nil
        }
        guard let html else { return notFound(shop) }
        return encode(html, shop: shop)
    }

    static func encode(_ html: String, shop: DemoShopID, status: Int = 200) -> HTTPResponse {
        switch shop {
        // Declared gbk in <meta>; encoded as GB18030, its superset, as browsers decode gbk anyway.
        case .cn: return .html(html, charset: "GB18030", charsetInHeader: false, status: status)
        case .jp: return .html(html, charset: "CP932", charsetInHeader: true, status: status)
        default: return .html(html, status: status)
        }
    }

    static func notFound(_ shop: DemoShopID) -> HTTPResponse {
        encode(page(shop, title: "404", body: "<h1>Not found</h1>"), shop: shop, status: 404)
    }

    static func captcha(_ shop: DemoShopID) -> HTTPResponse {
        let text = shop == .cn ? "请完成安全验证" : "Robot Check"
        return encode(page(shop, title: text, body: "<form action=\"/errors/validateCaptcha\"><p>\(text): Enter the characters you see below</p><img src=\"/captcha.jpg\"></form>"), shop: shop)
    }

    static func listingSegment(_ s: DemoShopID) -> Substring { ["us": "c", "eu": "collections", "cn": "list", "br": "categoria", "jp": "category"][s.rawValue]! }
    static func productSegment(_ s: DemoShopID) -> Substring { ["us": "p", "eu": "products", "cn": "item", "br": "produto", "jp": "item"][s.rawValue]! }
    static func reviewsSegment(_ s: DemoShopID) -> Substring { ["us": "reviews", "eu": "reviews", "cn": "rates", "br": "avaliacoes", "jp": "reviews"][s.rawValue]! }
    static func pageParameter(_ s: DemoShopID) -> String { ["us": "page", "eu": "page", "cn": "p", "br": "pagina", "jp": "page"][s.rawValue]! }

    static func listingPath(_ s: DemoShopID, _ category: String) -> String { "/\(s.rawValue)/\(listingSegment(s))/\(category)" }
    static func productPath(_ s: DemoShopID, _ id: Int) -> String {
        switch s {
        case .cn: return "/cn/item/\(id).html"
        default: return "/\(s.rawValue)/\(productSegment(s))/\(id)"
        }
    }
    static func reviewsPath(_ s: DemoShopID, _ id: Int) -> String { "/\(s.rawValue)/\(productSegment(s))/\(id)/\(reviewsSegment(s))" }

    static func listing(_ shop: DemoShopID, category: String, page pageNo: Int, day: Int) -> String? {
        let items = DemoWorld.products(of: shop).filter { $0.category == category }
        guard !items.isEmpty else { return nil }
        let pages = (items.count + perPage - 1) / perPage
        guard pageNo <= pages else { return nil }
        var body = "<h1 class=\"category-title\">\(esc(category))</h1>\n<div class=\"results\">\n"
        for p in items[((pageNo - 1) * perPage)..<min(items.count, pageNo * perPage)] {
            guard let t = DemoWorld.truth(shop: shop, productID: p.id, day: day) else { continue }
            let href = productPath(shop, p.id)
            switch shop {
            case .us:
                body += "<div class=\"s-result-item\" data-asin=\"US-\(p.id)\"><h2><a class=\"a-link-normal\" href=\"\(href)\">\(esc(p.title("en")))</a></h2>"
                body += "<span class=\"a-price\" data-price=\"\(t.price.decimalText)\"></span>"
                if let s = salesText(t) { body += "<span class=\"a-size-base a-color-secondary\">\(s.text)</span>" }
                body += "</div>\n"
            case .eu:
                body += "<div class=\"product-card\"><a class=\"product-card__link\" href=\"\(href)\">\(esc(p.title("de")))</a></div>\n"
            case .cn:
                body += "<li class=\"goods-item\"><a class=\"goods-title\" href=\"\(href)\">\(esc(p.title("zh")))</a><span class=\"price\">\(priceText(t.price, shop: .cn))</span></li>\n"
            case .br:
                body += "<div class=\"produto\"><a class=\"produto-nome\" href=\"\(href)\">\(esc(p.title("pt")))</a><span class=\"preco\">\(priceText(t.price, shop: .br))</span></div>\n"
            case .jp:
                body += "<div class=\"item\"><a class=\"item-name\" href=\"\(href)\">\(esc(p.title("ja")))</a><span class=\"price\">\(priceText(t.price, shop: .jp))</span></div>\n"
            }
        }
        body += "</div>\n<nav class=\"pagination\">"
        let param = pageParameter(shop)
        if pageNo > 1 { body += "<a class=\"prev\" href=\"?\(param)=\(pageNo - 1)\">&lsaquo;</a> " }
        if pageNo < pages { body += "<a class=\"next\" rel=\"next\" href=\"?\(param)=\(pageNo + 1)\">&rsaquo;</a>" }
        body += "</nav>\n<!-- a trap for impolite crawlers: robots.txt disallows it -->\n<a class=\"cart-add\" href=\"/\(shop.rawValue)/cart/add?category=\(esc(category))\" style=\"display:none\">add</a>"
        if shop == .cn { body += "<a class=\"search\" href=\"/cn/search?q=\(esc(category))\">搜索</a>" }
        return page(shop, title: category, body: body)
    }

    static func product(_ t: DemoTruth, changedLayout: Bool) -> String {
        let p = t.product, shop = t.shop
        let title = p.title(shop.language)
        var body = ""
        var head = ""
        let reviewsHref = reviewsPath(shop, p.id)
        switch shop {
        case .us:
            body += "<div id=\"dp\" data-asin=\"US-\(p.id)\"><h1 id=\"title\"><span id=\"productTitle\">\(esc(title))</span></h1>"
            body += "<a id=\"bylineInfo\" href=\"/us/brand/\(esc(p.brand))\">Visit the \(esc(p.brand)) Store</a>"
            if let r = t.rating { body += "<span id=\"acrPopover\"><i class=\"a-icon a-icon-star\"><span class=\"a-icon-alt\">\(ratingText(r, shop: .us))</span></i></span>" }
            body += "<span id=\"acrCustomerReviewText\">\(number(Decimal(t.reviewCount), digits: 0, group: ",", decimal: ".")) ratings</span>"
            if let s = salesText(t) { body += "<span id=\"social-proofing-faceout-title-tk_bought\">\(s.text)</span>" }
            let whole = number(t.price.amount, digits: 2, group: ",", decimal: ".").split(separator: ".")
            if changedLayout {
                // The redesign: new class names, the price no longer in a data- attribute.
                body += "<div class=\"pdp-price\"><span class=\"price-now\">$\(whole[0]).\(whole[1])</span></div>"
            } else {
                body += "<div id=\"corePrice\"><span class=\"a-price aok-align-center\" data-price=\"\(t.price.decimalText)\"><span class=\"a-price-symbol\">$</span><span class=\"a-price-whole\">\(whole[0])<span class=\"a-price-decimal\">.</span></span><span class=\"a-price-fraction\">\(whole[1])</span></span>"
                if let list = t.listPrice { body += " <span class=\"a-price a-text-price\" data-a-strike=\"true\"><span class=\"a-offscreen\">List Price: \(priceText(list, shop: .us))</span></span>" }
                body += "</div>"
            }
            body += "<div id=\"availability\"><span>\(availabilityText(t.inStock, shop: .us))</span></div>"
            body += "<table id=\"productDetails\"><tr><th>GTIN</th><td class=\"gtin\">\(p.gtin)</td></tr></table>"
            body += "<a id=\"see-all-reviews\" href=\"\(reviewsHref)\">See all reviews</a></div>"
        case .eu:
            // Shopify-like: the visible page has no price; price, stock and rating are in JSON-LD.
            var offers: [String] = []
            let sizes = p.hasSizes ? ["S", "M", "L"] : ["Standard"]
            for (i, size) in sizes.enumerated() {
                let avail = t.inStock && !(i == 2 && p.id % 2 == 0) ? "InStock" : "OutOfStock"
                offers.append("{\"@type\":\"Offer\",\"sku\":\"EU-\(p.id)-\(size)\",\"name\":\"\(size)\",\"price\":\"\(t.price.decimalText)\",\"priceCurrency\":\"EUR\",\"availability\":\"https://schema.org/\(i == 0 ? (t.inStock ? "InStock" : "OutOfStock") : avail)\",\"url\":\"\(productPath(.eu, p.id))?variant=\(i + 1)\"}")
            }
            var ld = "{\"@context\":\"https://schema.org\",\"@type\":\"Product\",\"name\":\"\(jsonEsc(title))\",\"sku\":\"EU-\(p.id)\",\"gtin13\":\"\(p.gtin)\",\"brand\":{\"@type\":\"Brand\",\"name\":\"\(jsonEsc(p.brand))\"},\"offers\":[\(offers.joined(separator: ","))]"
            if let r = t.rating { ld += ",\"aggregateRating\":{\"@type\":\"AggregateRating\",\"ratingValue\":\"\(Money.plainText(r, fractionDigits: 1))\",\"reviewCount\":\(t.reviewCount)}" }
            ld += "}"
            head += "<script type=\"application/ld+json\">\(ld)</script>"
            head += "<meta property=\"og:title\" content=\"\(esc(title))\"><meta property=\"og:type\" content=\"product\">"
            body += "<div class=\"product\" data-product-id=\"EU-\(p.id)\"><h1 class=\"product__title\">\(esc(title))</h1><div class=\"product__price\" data-js-price></div>"
            // Shopify's compare-at price: the regular price, struck through during a sale.
            if let list = t.listPrice { body += "<s class=\"product__price--compare\">\(priceText(list, shop: .eu))</s>" }
            body += "<p class=\"product__tax\">inkl. MwSt., zzgl. Versandkosten</p>"
            body += "<select class=\"variant-select\">\(sizes.map { "<option>\($0)</option>" }.joined())</select>"
            body += "<a class=\"product__reviews-link\" href=\"\(reviewsHref)\">Bewertungen</a></div>"
            body += "<script>window.ShopifyAnalytics = {meta: {product: {id: \(p.id), price: null}}};</script>"
        case .cn:
            body += "<div class=\"tb-detail\" data-item-id=\"CN-\(p.id)\"><h1 class=\"tb-main-title\">\(esc(title))</h1>"
            body += "<div class=\"tb-price\"><em class=\"tb-rmb\">¥</em><span class=\"price\">\(priceText(t.price, shop: .cn))</span>"
            if let list = t.listPrice { body += "<del class=\"original-price\">\(priceText(list, shop: .cn))</del>" }
            body += "</div>"
            if let s = salesText(t) { body += "<span class=\"sales\">\(s.text)</span>" }
            body += "<span class=\"sold\">累计已售\(t.totalSold)件</span>"
            body += "<span class=\"stock\">\(availabilityText(t.inStock, shop: .cn))</span>"
            if let r = t.rating { body += "<span class=\"rate-score\">\(ratingText(r, shop: .cn))</span>" }
            body += "<span class=\"rate-count\">累计评价 \(t.reviewCount)</span>"
            body += "<span class=\"brand\">品牌：\(esc(p.brand("zh")))</span><a class=\"rates-link\" href=\"\(reviewsHref)\">查看评价</a></div>"
        case .br:
            body += "<div class=\"produto-detalhe\" data-sku=\"BR-\(p.id)\"><h1 class=\"nome\">\(esc(title))</h1><span class=\"marca\">\(esc(p.brand))</span>"
            if let list = t.listPrice { body += "<span class=\"preco-de\">De: <s>\(priceText(list, shop: .br))</s></span>" }
            let installment = t.price.amount / 12
            body += "<div class=\"precos\"><span class=\"preco-por\">\(priceText(t.price, shop: .br))</span> <span class=\"parcelas\">12x de \(priceText(Money(amount: roundedHalf(installment), currency: "BRL"), shop: .br)) sem juros</span></div>"
            if let s = salesText(t) { body += "<span class=\"vendidos\">\(s.text)</span>" }
            body += "<span class=\"estoque\">\(availabilityText(t.inStock, shop: .br))</span>"
            if let r = t.rating { body += "<span class=\"nota\">\(ratingText(r, shop: .br))</span>" }
            body += "<span class=\"qtd-avaliacoes\">(\(t.reviewCount) avaliações)</span><a class=\"ver-avaliacoes\" href=\"\(reviewsHref)\">Ver avaliações</a></div>"
        case .jp:
            body += "<div id=\"item\" data-item=\"JP-\(p.id)\"><h1 class=\"item-title\">\(esc(title))</h1><span class=\"maker\">\(esc(p.brand("ja")))</span>"
            body += "<div class=\"price-box\"><span class=\"price\">\(priceText(t.price, shop: .jp))<span class=\"tax\">(税込)</span></span>"
            if let list = t.listPrice { body += "<span class=\"list-price\">通常価格 <s>\(priceText(list, shop: .jp))</s></span>" }
            body += "</div><span class=\"sales\">\(salesText(t)?.text ?? "")</span><span class=\"stock\">\(availabilityText(t.inStock, shop: .jp))</span>"
            if let r = t.rating { body += "<span class=\"review-average\">\(ratingText(r, shop: .jp))</span>" }
            body += "<span class=\"review-count\">\(t.reviewCount)件のレビュー</span><a class=\"review-link\" href=\"\(reviewsHref)\">レビューを見る</a></div>"
        }
        return page(shop, title: title, head: head, body: body)
    }

    static func roundedHalf(_ d: Decimal) -> Decimal {
        var v = d, r = Decimal()
        NSDecimalRound(&r, &v, 2, .plain)
        return r
    }

    static func jsonEsc(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "<", with: "\\u003c")
    }

    static func reviewsPage(_ t: DemoTruth, page pageNo: Int) -> String? {
        let shop = t.shop
        let pages = max(1, (t.reviews.count + reviewsPerPage - 1) / reviewsPerPage)
        guard pageNo <= pages else { return nil }
        var body = "<h1 class=\"reviews-title\">\(esc(t.product.title(shop.language)))</h1>\n<div id=\"reviews\" data-product=\"\(shop.rawValue.uppercased())-\(t.product.id)\">\n"
        let slice = t.reviews.dropFirst((pageNo - 1) * reviewsPerPage).prefix(reviewsPerPage)
        for r in slice {
            body += "<div class=\"review\" data-review-id=\"\(r.id)\">"
            body += "<span class=\"review-author\">\(esc(r.author))</span>"
            body += "<span class=\"review-rating\">\(reviewStars(r.stars, shop: shop))</span>"
            body += "<span class=\"review-title\">\(esc(r.title))</span>"
            body += "<span class=\"review-date\">\(dateText(r.day, shop: shop))</span>"
            if r.verified { body += "<span class=\"review-verified\">\(["us": "Verified Purchase", "eu": "Verifizierter Kauf", "cn": "已购买", "br": "Compra verificada", "jp": "購入者"][shop.rawValue]!)</span>" }
            body += "<p class=\"review-body\">\(esc(r.body))</p>"
            body += "<span class=\"review-helpful\">\(helpfulText(r.helpful, shop: shop))</span>"
            body += "</div>\n"
        }
        body += "</div>\n<nav class=\"pagination\">"
        if pageNo < pages { body += "<a class=\"next\" href=\"?\(pageParameter(shop))=\(pageNo + 1)\">next</a>" }
        body += "</nav>"
        return page(shop, title: "Reviews", body: body)
    }

    static func reviewStars(_ n: Int, shop: DemoShopID) -> String {
        switch shop {
        case .us: return "\(n).0 out of 5 stars"
        case .eu: return "\(n) von 5 Sternen"
        case .cn: return String(repeating: "★", count: n) + String(repeating: "☆", count: 5 - n)
        case .br: return "\(n)/5"
        case .jp: return "\(n)/5"
        }
    }

    static func helpfulText(_ n: Int, shop: DemoShopID) -> String {
        switch shop {
        case .us: return "\(n) people found this helpful"
        case .eu: return "\(n) Personen fanden das hilfreich"
        case .cn: return "有用(\(n))"
        case .br: return "\(n) pessoas acharam útil"
        case .jp: return "\(n)人のお客様がこれが役に立ったと考えています"
        }
    }
}

/// What tests compare against: the sales counter a page shows for a listing's truth.
public enum DemoSitesPublic {
    public static func displayedSales(_ t: DemoTruth) -> SalesCount? { DemoSites.salesText(t)?.value }
}
