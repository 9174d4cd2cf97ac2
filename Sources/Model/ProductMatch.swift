import Foundation

/// Which product a competitor listing belongs to: one rule for the report, the review summary and
/// the repricer, so they compare the same listings with the same merchant SKU.
///
///     let m = ProductMatch(catalog: [(sku: "PW-KIT-001", title: "Kettle", matches: [(site: "demo-us", externalID: "US-1", url: nil)])])
///     m.sku(site: "demo-us", externalID: "US-1", url: "http://127.0.0.1/us/p/1", listingSKU: nil)   // "PW-KIT-001"
///     m.key(site: "demo-eu", externalID: nil, url: "u", listingSKU: nil, gtin: "4006381333931", listingID: 7)   // "gtin:4006381333931"
public struct ProductMatch: Sendable {
    private var bySiteID: [String: String] = [:]
    private var byURL: [String: String] = [:]
    private var titles: [String: String] = [:]

    /// The merchant's catalog: each SKU with its title and the competitor listings it is matched to.
    public init(catalog: [(sku: String, title: String, matches: [(site: String?, externalID: String?, url: String?)])]) {
        for item in catalog {
            if titles[item.sku] == nil { titles[item.sku] = item.title }
            for m in item.matches {
                if let site = m.site, let id = m.externalID { bySiteID[site + "\u{1F}" + id] = item.sku }
                if let url = m.url { byURL[url] = item.sku }
            }
        }
    }

    /// The merchant SKU of a listing: the catalog's match by site and external id, else by URL,
    /// else the listing's own SKU when the catalog has it; nil when the listing is not the merchant's product.
    public func sku(site: String, externalID: String?, url: String, listingSKU: String?) -> String? {
        externalID.flatMap { bySiteID[site + "\u{1F}" + $0] } ?? byURL[url] ?? listingSKU.flatMap { titles[$0] != nil ? $0 : nil }
    }

    /// What a listing is compared and grouped on: its merchant SKU, else "gtin:<GTIN>", else "listing:<id>".
    public func key(site: String, externalID: String?, url: String, listingSKU: String?, gtin: String?, listingID: Int64) -> String {
        sku(site: site, externalID: externalID, url: url, listingSKU: listingSKU) ?? gtin.map { "gtin:\($0)" } ?? "listing:\(listingID)"
    }

    /// The product's name in reports: the merchant's title for a matched SKU, else the listing's title, else its URL.
    public func displayName(key: String, listingTitle: String?, url: String) -> String {
        titles[key] ?? listingTitle ?? url
    }
}
