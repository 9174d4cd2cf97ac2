import Foundation

/// Reads a price from the text a shop shows: amount as an exact Decimal, ISO 4217 currency, and
/// what kind of price it is.
///
///     let p = PriceParser.parse("ab 1.299,90 € inkl. MwSt.", currencyHint: nil)
///     // p.amount == 1299.90, p.currency == "EUR", p.isFromPrice == true, p.isTaxInclusive == true
///
/// When the text holds several numbers, the first one next to a currency wins, skipping numbers
/// marked as list prices ("was", "statt"), percentages and quantities ("100g", "12x").
public enum PriceParser {
    /// Parses `text`. `currencyHint` is an ISO code, a symbol, or page text around the price
    /// ("Price From £"); it is used only when the text names no currency itself. `language` (BCP 47)
    /// helps with "kr" and "¥".
    public static func parse(_ text: String, currencyHint: String?, language: String? = nil) -> PriceText {
        // The scalar-level parser takes text whose characters are single scalars it knows how to
        // normalise and lowercase (nearly all shop text); the rest goes the original way.
        // (Not `??`: its generic autoclosure copies the result through value witnesses.)
        if FieldTextLimit.exceeds(text, FieldTextLimit.numeric) { return PriceText(amount: nil, currency: nil, raw: text) }
        if let fast = FastPriceParser.parse(text, currencyHint: currencyHint, language: language) { return fast }
        return ReferencePriceParser.parse(text, currencyHint: currencyHint, language: language)
    }
}
