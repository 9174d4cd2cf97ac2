import Foundation
import Model

/// Reads a sales counter: "1.2k sold", "2K+ bought in past month", "月销 3000+", "已售1.2万",
/// "mais de 1 mil vendidos", "1000件以上販売", "500+ verkauft".
///
///     SalesParser.parse("2K+ bought in past month")
///     // .success(SalesCount(count: 2000, window: .month, isLowerBound: true))
public enum SalesParser {
    public static func parse(_ text: String) -> Result<SalesCount, FieldParseError> {
        if let tooLong = FieldTextLimit.refusal(text, kind: .sales) { return .failure(tooLong) }
        return FastSalesParser.parse(text) ?? ReferenceSalesParser.parse(text)
    }
}
