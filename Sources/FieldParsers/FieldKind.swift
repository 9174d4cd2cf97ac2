import Foundation
import Model

/// The parsers a selector field can name (`parser: price` in a selector set).
///
///     let v = FieldKind.price.parse("R$ 1.299,90", context: ParseContext(currencyHint: "BRL"))
///     // .success(.price(PriceText(amount: 1299.90, currency: "BRL", ...)))
public enum FieldKind: String, Codable, Sendable, CaseIterable {
    case price, integer, sales, rating, count, availability, date, text
}

/// What a parser may know besides the text itself.
public struct ParseContext: Sendable {
    /// An ISO 4217 code ("CNY") or a symbol ("¥", "R$") the page or job says prices are in.
    public var currencyHint: String?
    /// When the page was fetched: relative dates ("2 days ago", "3日前") resolve against it.
    public var fetchedAt: Date
    /// The site's time zone: absolute dates without a zone are read in it.
    public var timeZone: TimeZone
    /// BCP 47 language of the page ("de", "zh", "pt-BR"), when known.
    public var language: String?

    public init(currencyHint: String? = nil, fetchedAt: Date = Date(), timeZone: TimeZone = TimeZone(identifier: "UTC")!, language: String? = nil) {
        self.currencyHint = currencyHint
        self.fetchedAt = fetchedAt
        self.timeZone = timeZone
        self.language = language
    }
}

/// A parsed field value.
public enum FieldValue: Hashable, Sendable {
    case price(PriceText)
    case integer(Int64)
    case sales(SalesCount)
    /// Normalised to 0...5.
    case rating(Decimal)
    case count(Int64)
    case availability(Availability)
    case date(Date)
    case text(String)
}

/// Why a text did not yield a value. A field that fails is absent with this reason, never zero.
public struct FieldParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public var kind: FieldKind
    public var input: String
    public var reason: String

    public init(kind: FieldKind, input: String, reason: String) {
        self.kind = kind
        self.input = input
        self.reason = reason
    }

    public var description: String { "\(kind.rawValue): \(reason) in \"\(input.prefix(80))\"" }
}
