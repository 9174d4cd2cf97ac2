import Analytics
import Foundation
import Model
import Sentiment
import Store

extension ReportWriter.Input {
    /// Everything a report needs, read from the store: histories (grouped by the merchant's SKU
    /// where a listing is matched, else by GTIN, else the listing itself), the catalog, FX rates and
    /// the alarms of runs in the period.
    public static func from(store: any PriceStoring, since: Date, until: Date, job: String? = nil, baseCurrency: String,
                            extraSections: [ReportWriter.Section] = [], excelBOM: Bool = false) throws -> ReportWriter.Input {
        let catalog = try store.catalog()
        var merchant: [String: MerchantOffer] = [:]
        for c in catalog { merchant[c.sku] = MerchantOffer(sku: c.sku, title: c.title, price: c.price, cost: c.cost) }
        var sites: Set<String>?
        var alarms: [ReportWriter.RunAlarm] = []
        let runs = try store.runs(job: job, limit: 10_000).filter { $0.startedAt >= since && $0.startedAt <= until }
        if job != nil { sites = [] }
        for r in runs {
            if let json = r.alarmsJSON, let list = try? JSONDecoder().decode([AlarmView].self, from: Data(json.utf8)) {
                for a in list { alarms.append(ReportWriter.RunAlarm(runID: r.id, job: r.job, startedAt: r.startedAt, site: a.site, message: "\(a.kind): \(a.message)")) }
            }
            if let json = r.statsJSON, let data = json.data(using: .utf8), let stats = try? JSONDecoder().decode(SitesOnly.self, from: data) {
                sites?.formUnion(stats.sites.map(\.site))
            }
        }
        let histories = try store.histories(until: until).filter { sites == nil || sites!.contains($0.listing.site) }
        let products = ProductMatch(records: catalog)
        // Review sentiment and return reasons: sections, reviews.csv, returns.csv and the trend chart; spikes as the repricer sees them at `until`.
        let allReviews = try ReviewReport.items(store: store)
        let spikes = NegativeReviewSpike.listings(allReviews, until: until)
        let listings: [ListingHistory] = histories.map { h in
            let (key, name) = products.product(of: h.listing, id: h.listing.id!)
            return ListingHistory(listingID: h.listing.id!, site: h.listing.site, title: h.listing.title ?? "", url: h.listing.url, productKey: key,
                                  productName: name, observations: h.observations.map {
                                      ListingHistory.Observation(at: $0.observedAt, price: $0.price, shipping: $0.shipping, availability: $0.availability,
                                                                 sales: $0.sales, rating: $0.rating, reviewCount: $0.reviewCount)
                                  }, negativeReviewSpike: spikes.contains(h.listing.id!))
        }
        let reviews = allReviews.filter { sites == nil || sites!.contains($0.site) }
        let summary = ReviewSummary(items: reviews, since: since, until: until)
        let returns = ReturnSummary(items: reviews, since: since, until: until)
        var input = ReportWriter.Input(listings: listings, merchant: merchant, fx: try store.fxRates(), baseCurrency: baseCurrency,
                                       since: since, until: until, alarms: alarms,
                                       extraSections: [ReviewReport.section(summary), ReturnReport.section(returns)] + extraSections, excelBOM: excelBOM)
        input.extraFiles["reviews.csv"] = ReviewReport.csv(summary, excelBOM: excelBOM)
        input.extraFiles["returns.csv"] = ReturnReport.csv(returns, excelBOM: excelBOM)
        input.extraFiles["charts/sentiment.svg"] = ReviewReport.chart(reviews, since: since, until: until)
        return input
    }

    struct AlarmView: Decodable { var site: String; var kind: String; var message: String }
    struct SitesOnly: Decodable { struct S: Decodable { var site: String }; var sites: [S] }
}
