import FieldParsers
import Foundation
import Model
import Testing

/// Sales counters, ratings and review counts in the shop languages we see.
@Suite struct CounterTableTests {
    @Test func salesCounters() throws {
        let rows: [(String, Int64, SalesWindow, Bool)] = [
            ("1.2k sold", 1200, .total, false),
            ("1,234 sold", 1234, .total, false),
            ("2K+ bought in past month", 2000, .month, true),
            ("10万+人付款", 100_000, .month, true),
            ("月销 3000+", 3000, .month, true),
            ("月销1万+", 10000, .month, true),
            ("已售1.2万", 12000, .total, false),
            ("+500 vendidos", 500, .total, true),
            ("mais de 1 mil vendidos", 1000, .total, true),
            ("1000件以上販売", 1000, .total, true),
            ("500+ verkauft", 500, .total, true),
            ("50+ sold today", 50, .day, true),
            ("300 bought this week", 300, .week, false),
            ("1.5M sold", 1_500_000, .total, false),
            ("1.234 verkauft", 1234, .total, false),
            ("2,3 mil vendidos", 2300, .total, false),
            ("1,234", 1234, .unknown, false),
        ]
        for (text, count, window, lower) in rows {
            let s = try SalesParser.parse(text).get()
            #expect(s == SalesCount(count: count, window: window, isLowerBound: lower), "\(text)")
        }
        #expect((try? SalesParser.parse("Bestseller").get()) == nil)
        #expect((try? SalesParser.parse("4.5 sold").get()) == nil)
    }

    @Test func ratingsNormaliseToFiveStars() throws {
        let rows: [(String, Decimal)] = [
            ("4.5 out of 5 stars", 4.5), ("4,5/5", 4.5), ("4.5 von 5 Sternen", 4.5), ("★★★★☆", 4),
            ("★★★☆☆", 3), ("width: 90%", 4.5), ("style=\"width: 72%\"", 3.6), ("9/10", 4.5), ("评分 4.8", 4.8),
            ("4,5 de 5 estrelas", 4.5), ("4.2 sur 5", 4.2), ("8.6 / 10", 4.3), ("5つ星のうち4.3", 4.3), ("4.8", 4.8),
            ("3 of 5", 3), ("100/100", 5),
        ]
        for (text, expected) in rows {
            #expect(try RatingParser.parse(text).get() == expected, "\(text)")
        }
        for bad in ["no reviews yet", "9.5", "6 out of 5", "150%"] {
            #expect((try? RatingParser.parse(bad).get()) == nil, "\(bad) must fail")
        }
    }

    @Test func reviewCounts() throws {
        let rows: [(String, Int64)] = [
            ("1,234 ratings", 1234), ("(1.234 Bewertungen)", 1234), ("1.2万条评价", 12000),
            ("2,3 mil avaliações", 2300), ("4.5 stars, 1,234 reviews", 1234), ("(87)", 87),
            ("3 456 avis", 3456), ("1.234 opiniones", 1234), ("レビュー 1,024件", 1024), ("12K reviews", 12000),
        ]
        for (text, expected) in rows {
            #expect(try CountParser.parse(text, as: .count).get() == expected, "\(text)")
        }
        guard case .failure(let e) = CountParser.parse("no reviews", as: .count) else {
            Issue.record("a text without a number must fail"); return
        }
        #expect(e.kind == .count)
    }

    @Test func integers() throws {
        #expect(try CountParser.parse("Qty: 12", as: .integer).get() == 12)
        #expect(try CountParser.parse("1,000 pcs", as: .integer).get() == 1000)
        guard case .failure(let e) = FieldKind.integer.parse("none", context: ParseContext()) else {
            Issue.record("no number must fail"); return
        }
        #expect(e.kind == .integer)
        #expect((try? CountParser.parse("2.5", as: .integer).get()) == nil)
    }
}
