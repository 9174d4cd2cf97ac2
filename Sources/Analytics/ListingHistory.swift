import Foundation
import Model

/// One competitor listing and what was observed of it: the input of every analysis.
public struct ListingHistory: Sendable {
    public struct Observation: Sendable, Equatable {
        public var at: Date
        /// nil when the page had no price (with the reason stored elsewhere): never zero.
        public var price: Money?
        /// Shipping the buyer pays on top of `price` (nil: free or not shown).
        public var shipping: Money?
        public var availability: Availability?
        public var sales: SalesCount?
        public var rating: Decimal?
        public var reviewCount: Int64?

        public init(at: Date, price: Money?, shipping: Money? = nil, availability: Availability? = nil, sales: SalesCount? = nil, rating: Decimal? = nil,
                    reviewCount: Int64? = nil) {
            self.at = at
            self.price = price
            self.shipping = shipping
            self.availability = availability
            self.sales = sales
            self.rating = rating
            self.reviewCount = reviewCount
        }
    }

    public var listingID: Int64
    public var site: String
    public var title: String
    public var url: String
    /// What the listing is compared on: the merchant SKU it is matched to, else the GTIN, else the URL.
    public var productKey: String
    /// The product's display name for reports (the merchant's title when matched).
    public var productName: String
    /// Sorted by time.
    public var observations: [Observation]
    /// The listing's recent reviews turned sharply negative (`NegativeReviewSpike`, as of the report's end).
    public var negativeReviewSpike: Bool

    public init(listingID: Int64, site: String, title: String, url: String, productKey: String, productName: String, observations: [Observation],
                negativeReviewSpike: Bool = false) {
        self.negativeReviewSpike = negativeReviewSpike
        self.listingID = listingID
        self.site = site
        self.title = title
        self.url = url
        self.productKey = productKey
        self.productName = productName
        self.observations = observations.sorted { $0.at < $1.at }
    }
}

/// The merchant's own offer for a product, for undercut checks and charts.
public struct MerchantOffer: Sendable, Equatable {
    public var sku: String
    public var title: String
    public var price: Money
    public var cost: Money?

    public init(sku: String, title: String, price: Money, cost: Money? = nil) {
        self.sku = sku
        self.title = title
        self.price = price
        self.cost = cost
    }
}
