import Foundation
import Model

/// One listing as matching sees it: what a shop shows of a product. Only `id` and `title` are
/// required; every other field is evidence when present and simply absent otherwise.
public struct ProductRecord: Sendable, Equatable {
    public var id: String
    public var title: String
    public var description: String?
    public var brand: String?
    public var price: Money?
    /// GTIN, EAN, UPC or ISBN as printed (normalised and checked by `GTIN`).
    public var gtin: String?
    /// The manufacturer's part number.
    public var mpn: String?
    public var sku: String?
    /// Variant options as shown (`128 GB`, `Black`): sizes among them count like sizes in the title.
    public var options: [String]

    public init(id: String, title: String, description: String? = nil, brand: String? = nil, price: Money? = nil,
                gtin: String? = nil, mpn: String? = nil, sku: String? = nil, options: [String] = []) {
        self.id = id
        self.title = title
        self.description = description
        self.brand = brand
        self.price = price
        self.gtin = gtin
        self.mpn = mpn
        self.sku = sku
        self.options = options
    }
}

/// One proposed pair: left and right ids, a confidence in [0, 1] and the evidence it rests on.
public struct ProductMatch: Sendable, Equatable, CustomStringConvertible {
    public var leftID: String
    public var rightID: String
    public var confidence: Double
    /// The evidence, strongest first, joined by `+`: `gtin`, `mpn`, `brand+model`, `model`, `title`, `price band`.
    public var reason: String

    public init(leftID: String, rightID: String, confidence: Double, reason: String) {
        self.leftID = leftID
        self.rightID = rightID
        self.confidence = confidence
        self.reason = reason
    }

    public var description: String { "\(leftID) ~ \(rightID) \(String(format: "%.3f", confidence)) \(reason)" }
}
