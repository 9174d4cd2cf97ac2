import Model
import Store

/// `ProductMatch` over the store's records: the report, the review summary and the repricer
/// name a listing's product through these, never by hand.
extension ProductMatch {
    public init(records: [CatalogRecord]) {
        self.init(catalog: records.map { (sku: $0.sku, title: $0.title, matches: $0.matches) })
    }

    /// The listing's merchant SKU, if it is matched to one.
    public func sku(of l: ListingRecord) -> String? {
        sku(site: l.site, externalID: l.externalID, url: l.url, listingSKU: l.sku)
    }

    /// The key the listing is grouped on and the product's display name.
    public func product(of l: ListingRecord, id: Int64) -> (key: String, name: String) {
        let key = self.key(site: l.site, externalID: l.externalID, url: l.url, listingSKU: l.sku, gtin: l.gtin, listingID: id)
        return (key, displayName(key: key, listingTitle: l.title, url: l.url))
    }
}
