/// Whether a buyer can order the product now, in schema.org terms.
public enum Availability: String, Codable, Sendable, CaseIterable {
    case inStock = "InStock"
    case outOfStock = "OutOfStock"
    case preOrder = "PreOrder"
    case backOrder = "BackOrder"
    case limitedAvailability = "LimitedAvailability"
    case discontinued = "Discontinued"

    /// Whether an order placed now would be accepted.
    public var isBuyable: Bool {
        switch self {
        case .inStock, .limitedAvailability, .preOrder, .backOrder: return true
        case .outOfStock, .discontinued: return false
        }
    }
}
