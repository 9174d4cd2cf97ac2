import FieldParsers
import Foundation
import Model
import Testing

/// Stock wording and dates in en/de/zh/pt/ja/es/fr.
@Suite struct AvailabilityAndDateTests {
    @Test func stockWording() throws {
        let rows: [(String, Availability)] = [
            ("In stock", .inStock), ("Out of stock", .outOfStock), ("Currently unavailable.", .outOfStock),
            ("Sold out", .outOfStock), ("Pre-order now", .preOrder), ("Only 3 left in stock - order soon.", .limitedAvailability),
            ("Available on backorder", .backOrder), ("Discontinued", .discontinued), ("No longer available", .discontinued),
            ("Auf Lager", .inStock), ("Nicht auf Lager", .outOfStock), ("Ausverkauft", .outOfStock),
            ("Nur noch 2 Stück auf Lager", .limitedAvailability), ("Vorbestellen", .preOrder), ("Nicht mehr lieferbar", .discontinued),
            ("有货", .inStock), ("无货", .outOfStock), ("已售罄", .outOfStock), ("预售", .preOrder), ("仅剩3件", .limitedAvailability),
            ("Em estoque", .inStock), ("Esgotado", .outOfStock), ("Indisponível", .outOfStock), ("Pré-venda", .preOrder),
            ("Últimas unidades", .limitedAvailability),
            ("在庫あり", .inStock), ("在庫切れ", .outOfStock), ("予約受付中", .preOrder), ("お取り寄せ", .backOrder),
            ("残りわずか", .limitedAvailability), ("販売終了", .discontinued),
            ("En stock", .inStock), ("Agotado", .outOfStock), ("Sin stock", .outOfStock), ("Disponible", .inStock),
            ("Rupture de stock", .outOfStock), ("Épuisé", .outOfStock), ("Sur commande", .backOrder),
            ("http://schema.org/InStock", .inStock), ("https://schema.org/OutOfStock", .outOfStock),
            ("PreOrder", .preOrder), ("schema.org/Discontinued", .discontinued), ("LimitedAvailability", .limitedAvailability),
        ]
        for (text, expected) in rows {
            #expect(try AvailabilityParser.parse(text).get() == expected, "\(text)")
        }
        guard case .failure(let e) = AvailabilityParser.parse("Blue, size M") else {
            Issue.record("unrelated text must fail"); return
        }
        #expect(e.kind == .availability)
    }

    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    /// 2025-03-10 12:00 UTC.
    static let fetchedAt = Date(timeIntervalSince1970: 1_741_608_000)

    func day(_ y: Int, _ m: Int, _ d: Int, in zone: TimeZone = berlin) -> Date {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = zone
        return c.date(from: DateComponents(year: y, month: m, day: d))!
    }

    @Test func absoluteDates() throws {
        let context = ParseContext(fetchedAt: Self.fetchedAt, timeZone: Self.berlin)
        let march3 = day(2025, 3, 3)
        for text in ["2025-03-03", "March 3, 2025", "Mar 3rd, 2025", "3 Mar 2025", "3 mars 2025", "3. März 2025",
                     "2025年3月3日", "3 de março de 2025", "3 de marzo de 2025", "03.03.2025", "2025/03/03", "3/3/2025"] {
            #expect(try DateParser.parse(text, context: context).get() == march3, "\(text)")
        }
        let instant = try DateParser.parse("2025-03-03T10:20:30+01:00", context: context).get()
        #expect(instant == Date(timeIntervalSince1970: 1_740_993_630))
        let zulu = try DateParser.parse("2025-03-03T09:20:30Z", context: context).get()
        #expect(zulu == instant)
    }

    @Test func numericDatesFollowTheLanguage() throws {
        var us = ParseContext(fetchedAt: Self.fetchedAt, timeZone: Self.berlin, language: "en-US")
        #expect(try DateParser.parse("3/4/2025", context: us).get() == day(2025, 3, 4))
        us.language = "de"
        #expect(try DateParser.parse("3/4/2025", context: us).get() == day(2025, 4, 3))
        us.language = "en-GB"
        #expect(try DateParser.parse("3/4/2025", context: us).get() == day(2025, 4, 3))
        #expect(try DateParser.parse("13/4/2025", context: ParseContext(timeZone: Self.berlin)).get() == day(2025, 4, 13))
        guard case .failure(let e) = DateParser.parse("3/4/2025", context: ParseContext()) else {
            Issue.record("ambiguous order without a language must fail"); return
        }
        #expect(e.reason.contains("ambiguous"))
        #expect((try? DateParser.parse("31/02/2025", context: us).get()) == nil)
    }

    @Test func relativeDates() throws {
        let context = ParseContext(fetchedAt: Self.fetchedAt, timeZone: Self.berlin)
        let dayLength: TimeInterval = 86400
        let rows: [(String, TimeInterval)] = [
            ("2 days ago", 2 * dayLength), ("yesterday", dayLength), ("today", 0), ("3日前", 3 * dayLength),
            ("3天前", 3 * dayLength), ("há 2 dias", 2 * dayLength), ("vor 2 Tagen", 2 * dayLength), ("gestern", dayLength),
            ("hace 3 días", 3 * dayLength), ("il y a 2 jours", 2 * dayLength), ("an hour ago", 3600),
            ("5 hours ago", 5 * 3600), ("3時間前", 3 * 3600), ("1 week ago", 7 * dayLength), ("昨天", dayLength),
            ("ontem", dayLength), ("ayer", dayLength),
        ]
        for (text, back) in rows {
            #expect(try DateParser.parse(text, context: context).get() == Self.fetchedAt.addingTimeInterval(-back), "\(text)")
        }
        #expect(try DateParser.parse("2 months ago", context: context).get() == day(2025, 1, 10, in: TimeZone(identifier: "UTC")!).addingTimeInterval(12 * 3600))
        #expect((try? DateParser.parse("soon", context: context).get()) == nil)
    }
}
