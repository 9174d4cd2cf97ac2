import Foundation
import Model

/// Reads stock status in en/de/zh/pt/ja/es/fr, or a schema.org value ("http://schema.org/InStock").
///
///     AvailabilityParser.parse("Nur noch 3 auf Lager")  // .success(.limitedAvailability)
public enum AvailabilityParser {
    /// Checked in this order: "currently unavailable" must not read as "available", nor
    /// "only 3 left in stock" as plain "in stock".
    private static let phrases: [(Availability, [String])] = [
        (.discontinued, [
            "discontinued", "no longer available", "no longer sold", "nicht mehr verfügbar", "nicht mehr lieferbar",
            "nicht mehr erhältlich", "已停产", "停产", "停售", "已下架", "下架", "販売終了", "生産終了", "販売を終了",
            "descontinuado", "fora de linha", "descatalogado", "ya no disponible", "plus fabriqué", "n'est plus disponible",
            "fin de série",
        ]),
        (.preOrder, [
            "pre-order", "preorder", "pre order", "vorbestellen", "vorbestellung", "预售", "預售", "预订", "予約",
            "pré-venda", "pre-venda", "pré-venda", "em pré-venda", "preventa", "pre-venta", "reservar", "précommande",
            "pré-commande", "précommander", "coming soon",
        ]),
        (.backOrder, [
            "backorder", "back-order", "back order", "nachbestellt", "nachlieferung", "auf bestellung", "取り寄せ",
            "取寄せ", "お取り寄せ", "sob encomenda", "encomenda", "bajo pedido", "sur commande", "en réapprovisionnement", "预定发货",
        ]),
        (.limitedAvailability, [
            "only %d left", "only %d in stock", "%d left", "nur noch %d", "noch %d", "仅剩%d", "仅剩", "只剩", "库存紧张",
            "残りわずか", "残り%d", "在庫僅少", "在庫わずか", "últimas unidades", "apenas %d", "só %d", "solo quedan",
            "quedan %d", "últimas", "plus que %d", "il ne reste que", "stock limité", "low stock", "few left",
            "limited stock", "limited availability", "almost gone", "wenige auf lager", "geringer bestand",
        ]),
        (.outOfStock, [
            "out of stock", "out-of-stock", "sold out", "soldout", "currently unavailable", "unavailable",
            "not available", "ausverkauft", "nicht auf lager", "nicht verfügbar", "nicht lieferbar", "vergriffen",
            "缺货", "無貨", "无货", "售罄", "已售完", "已售罄", "暂时无货", "在庫なし", "在庫切れ", "売り切れ", "品切れ",
            "esgotado", "indisponível", "sem estoque", "fora de estoque", "agotado", "sin stock", "sin existencias",
            "no disponible", "rupture de stock", "épuisé", "indisponible", "hors stock", "0 left", "no stock",
            "esaurito", "non disponibile", "non disponibile al momento", "nicht vorrätig",
        ]),
        (.inStock, [
            "in stock", "instock", "available", "add to cart", "add to basket", "auf lager", "verfügbar", "lieferbar",
            "sofort lieferbar", "vorrätig", "有货", "有貨", "现货", "現貨", "库存充足", "在庫あり", "在庫有り", "在庫有",
            "即納", "em estoque", "disponível", "pronta entrega", "en stock", "disponible", "hay existencias",
            "in den warenkorb", "加入购物车", "disponibile", "disponibilità immediata", "aggiungi al carrello",
            "add to bag", "add to trolley", "buy now", "buy it now", "ajouter au panier", "añadir al carrito", "agregar al carrito",
            "comprar", "adicionar ao carrinho", "カートに入れる", "立即购买", "장바구니", "do koszyka", "в корзину", "sepete ekle", "in winkelwagen",
        ]),
    ]

    /// The phrases split into plain words and count patterns ("only %d left", matched on masked digits).
    private static let matchers: [(Availability, WordList, WordList)] = phrases.map { availability, list in
        (availability, WordList(list.filter { !$0.contains("%d") }), WordList(list.filter { $0.contains("%d") }))
    }

    public static func parse(_ text: String) -> Result<Availability, FieldParseError> {
        var lower = TextNormal.trimmed(TextNormal.nfkc(text).lowercased())
        // schema.org values, with or without the URL: "https://schema.org/OutOfStock", "InStock".
        for prefix in ["http://schema.org/", "https://schema.org/", "schema.org/", "http://schema.org/itemavailability/"] {
            if lower.hasPrefix(prefix) { lower = String(lower.dropFirst(prefix.count)) }
        }
        let compact = lower.replacingOccurrences(of: " ", with: "")
        if let a = Availability.allCases.first(where: { $0.rawValue.lowercased() == compact }) { return .success(a) }
        switch compact {
        case "soldout": return .success(.outOfStock)
        case "presale": return .success(.preOrder)
        case "instoreonly", "onlineonly", "limitedavailability": return .success(compact == "limitedavailability" ? .limitedAvailability : .inStock)
        default: break
        }
        let digitless = maskDigits(lower)
        for (availability, words, patterns) in matchers {
            if words.occurs(in: lower) || patterns.occurs(in: digitless) { return .success(availability) }
        }
        return .failure(FieldParseError(kind: .availability, input: text, reason: "no stock wording recognised"))
    }

    /// "only 3 left" -> "only %d left", so one pattern covers every count above zero.
    private static func maskDigits(_ s: String) -> String {
        var out = ""
        var inNumber = false
        var number = ""
        for c in s + " " {
            if c.isASCII && c.isNumber {
                inNumber = true
                number.append(c)
            } else {
                if inNumber { out += (Int(number) ?? 0) > 0 ? "%d" : "0" }
                inNumber = false
                number = ""
                out.append(c)
            }
        }
        return String(out.dropLast())
    }
}
