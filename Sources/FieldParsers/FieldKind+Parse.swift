import Foundation

extension FieldKind {
    /// Parses `text` as this kind of field; a failure carries the reason the field is absent.
    ///
    ///     FieldKind.sales.parse("月销 3000+", context: ParseContext())
    ///     // .success(.sales(SalesCount(count: 3000, window: .month, isLowerBound: true)))
    public func parse(_ text: String, context: ParseContext) -> Result<FieldValue, FieldParseError> {
        func fail(_ reason: String) -> Result<FieldValue, FieldParseError> {
            .failure(FieldParseError(kind: self, input: text, reason: reason))
        }
        if let tooLong = FieldTextLimit.refusal(text, kind: self) { return .failure(tooLong) }
        switch self {
        case .text:
            let t = TextNormal.trimmed(text)
            return t.isEmpty ? fail("empty text") : .success(.text(t))
        case .price:
            let p = PriceParser.parse(text, currencyHint: context.currencyHint, language: context.language)
            return p.amount == nil ? fail("no price amount") : .success(.price(p))
        case .integer:
            return CountParser.parse(text, as: .integer).map { FieldValue.integer($0) }
        case .count:
            return CountParser.parse(text, as: .count).map { FieldValue.count($0) }
        case .sales:
            return SalesParser.parse(text).map(FieldValue.sales)
        case .rating:
            return RatingParser.parse(text).map(FieldValue.rating)
        case .availability:
            return AvailabilityParser.parse(text).map(FieldValue.availability)
        case .date:
            return DateParser.parse(text, context: context).map(FieldValue.date)
        }
    }
}
