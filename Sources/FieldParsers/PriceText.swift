import Foundation

/// What a price text says: "ab 1.299,90 € inkl. MwSt." -> 1299.90 EUR, tax-inclusive, a "from" price.
public struct PriceText: Hashable, Sendable {
    /// What the text is: the price itself, or something that only looks like one.
    public enum Label: String, Hashable, Sendable, Codable {
        /// A price a buyer pays ("$19.99", "¥12,800(税込)").
        case price
        /// A range ("$10 - $20"): `amount` is the minimum, `minimum`/`maximum` hold both ends.
        case range
        /// An instalment ("12x de R$ 108,33 sem juros"): not the product price.
        case installment
        /// A unit price ("$2.50/oz", "1 kg = 3,98 €"): not the product price.
        case unitPrice
        /// A saving or discount ("Save $5", "-20%"): not the product price.
        case saving
        /// Shipping cost ("+ $4.99 shipping").
        case shipping
    }

    /// The amount a person reads; nil when the text holds no price.
    public var amount: Decimal?
    /// ISO 4217 code, when the text or the hint says which.
    public var currency: String?
    /// The currency as written ("R$", "€", "руб").
    public var currencyText: String?
    public var label: Label
    /// Both ends of a range.
    public var minimum: Decimal?
    public var maximum: Decimal?
    /// "from", "ab", "à partir de", "a partir de", "起".
    public var isFromPrice: Bool
    /// true for "inkl. MwSt.", "incl. VAT", "税込"; false for "zzgl. MwSt.", "excl. VAT", "税抜"; nil when unsaid.
    public var isTaxInclusive: Bool?
    /// The text that was read.
    public var raw: String

    public init(amount: Decimal?, currency: String?, currencyText: String? = nil, label: Label = .price,
                minimum: Decimal? = nil, maximum: Decimal? = nil, isFromPrice: Bool = false,
                isTaxInclusive: Bool? = nil, raw: String) {
        self.amount = amount
        self.currency = currency
        self.currencyText = currencyText
        self.label = label
        self.minimum = minimum
        self.maximum = maximum
        self.isFromPrice = isFromPrice
        self.isTaxInclusive = isTaxInclusive
        self.raw = raw
    }
}
