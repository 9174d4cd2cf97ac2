import Foundation
import Model

/// Reads a sales counter: "1.2k sold", "2K+ bought in past month", "月销 3000+", "已售1.2万",
/// "mais de 1 mil vendidos", "1000件以上販売", "500+ verkauft".
///
///     SalesParser.parse("2K+ bought in past month")
///     // .success(SalesCount(count: 2000, window: .month, isLowerBound: true))
public enum SalesParser {
    private static let month: WordList = [
        "month", "monthly", "/mo", "月销", "月銷", "月售", "本月", "人付款", "por mês", "no mês", "este mês",
        "al mes", "este mes", "monat", "im monat", "par mois", "ce mois", "30 days", "30 dias", "30 días", "30 tage", "30天",
    ]
    private static let week: WordList = ["week", "woche", "semana", "semaine", "周销", "本周", "7 days", "7 dias", "7 días", "7 tage", "7天", "週"]
    private static let day: WordList = [
        "today", "24 hours", "24h", "heute", "hoje", "hoy", "aujourd'hui", "今日", "今天", "日销", "24小时", "day", "tag", "dia", "día", "jour",
    ]
    private static let total: WordList = [
        "sold", "bought", "purchased", "orders", "已售", "销量", "累计", "総販売", "販売", "vendidos", "vendido",
        "vendas", "ventas", "verkauft", "vendus", "vendu", "付款", "成交", "sales",
    ]

    public static func parse(_ text: String) -> Result<SalesCount, FieldParseError> {
        guard let n = ScaledNumber.all(in: text).first(where: { $0.wholeValue != nil }), let count = n.wholeValue else {
            return .failure(FieldParseError(kind: .sales, input: text, reason: "no sales number"))
        }
        let lower = TextNormal.nfkc(text).lowercased()
        let window: SalesWindow
        if PriceWords.containsAny(lower, month) || lower.hasPrefix("月") { window = .month }
        else if PriceWords.containsAny(lower, week) { window = .week }
        else if PriceWords.containsAny(lower, day) { window = .day }
        else if PriceWords.containsAny(lower, total) { window = .total }
        else { window = .unknown }
        return .success(SalesCount(count: count, window: window, isLowerBound: n.isLowerBound))
    }
}
