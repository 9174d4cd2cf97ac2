import Config
import Foundation
import Model
import Reprice
import XCTest

final class RulesYAMLTests: XCTestCase {
    func error(_ yaml: String) -> ConfigError? {
        do { _ = try RepriceRules.parse(yaml: yaml, file: "Jobs/repricing.yml"); return nil } catch let e as ConfigError { return e } catch {
            XCTFail("not a ConfigError: \(error)"); return nil
        }
    }

    func testErrorsNameFileLineColumnAndKey() {
        let typo = error("""
            default:
              strategy: match_lowest
              guards:
                max_chnage: 10%
            """)
        XCTAssertEqual(typo?.file, "Jobs/repricing.yml")
        XCTAssertEqual(typo?.line, 4)
        XCTAssertEqual(typo?.column, 5)
        XCTAssertEqual(typo?.key, "default.guards.max_chnage")
        XCTAssertTrue(typo?.description.hasPrefix("Jobs/repricing.yml:4:5: default.guards.max_chnage: unknown key (did you mean 'max_change'?)") ?? false, typo?.description ?? "")

        let strategy = error("default: {}\ntags:\n  apparel:\n    strategy: beat_lowets\n")
        XCTAssertEqual(strategy?.line, 4)
        XCTAssertEqual(strategy?.key, "tags.apparel.strategy")
        XCTAssertTrue(strategy?.message.contains("did you mean 'beat_lowest'?") ?? false, strategy?.message ?? "")

        let percent = error("skus:\n  PW-1:\n    guards: {max_change: ten}\n")
        XCTAssertEqual(percent?.line, 3)
        XCTAssertEqual(percent?.key, "skus.PW-1.guards.max_change")

        let yen = error("endings:\n  JPY: '.99'\n")
        XCTAssertEqual(yen?.key, "endings.JPY")
        XCTAssertTrue(yen?.message.contains("JPY has no fractions") ?? false, yen?.message ?? "")

        let top = error("defaults: {strategy: hold}\n")
        XCTAssertEqual(top?.key, "defaults")
        XCTAssertTrue(top?.message.contains("did you mean 'default'?") ?? false)

        let places = error("default: {guards: {min_margin: 5.123456%}}")
        XCTAssertEqual(places?.key, "default.guards.min_margin")
        XCTAssertTrue(places?.message.contains("at most 4 decimal places") ?? false)

        let age = error("default: {competitors: {max_age: soon}}")
        XCTAssertEqual(age?.key, "default.competitors.max_age")

        let broken = error("default: [1, 2\n")
        XCTAssertEqual(broken?.file, "Jobs/repricing.yml")
        XCTAssertTrue(broken?.message.hasPrefix("not valid YAML") ?? false)
    }

    func testValuesAreRead() throws {
        let rules = try RepriceRules.parse(yaml: """
            default:
              strategy: beat_lowest
              beat_by: 0.25
              index_target: 97%
              no_stock: raise
              raise_step: 3%
              competitors: {max_age: 36h, min_seller_rating: 4.2, exclude_review_spike: no, outlier_below_median: 40%, outlier_mad: off}
              guards: {min_margin: 12.5%, max_change: 8%, min_change: 1}
            endings: {BRL: ',90', cny: '.90', JPY: whole}
            """, file: "r.yml")
        let p = rules.policy(sku: "x", tags: [], catalogStrategy: nil).policy
        XCTAssertEqual(p.strategy, .beatLowest)
        XCTAssertEqual(p.beatBy, .amount(Decimal(string: "0.25")!))
        XCTAssertEqual(p.indexTarget, Decimal(string: "0.97"))
        XCTAssertEqual(p.noStock, .raise)
        XCTAssertEqual(p.raiseStepPercent, 3)
        XCTAssertEqual(p.maxAge, 36 * 3600)
        XCTAssertEqual(p.minSellerRating, Decimal(string: "4.2"))
        XCTAssertFalse(p.excludeReviewSpike)
        XCTAssertEqual(p.outlierBelowMedianPercent, 40)
        XCTAssertNil(p.outlierMAD)
        XCTAssertEqual(p.minMarginPercent, Decimal(string: "12.5"))
        XCTAssertEqual(p.maxChangePercent, 8)
        XCTAssertEqual(p.minChangePercent, 1)
        XCTAssertEqual(rules.ending(for: "CNY").text, ".90")
        XCTAssertEqual(rules.ending(for: "BRL").kind, .fraction(90))
        XCTAssertEqual(rules.ending(for: "GBP").text, ".99", "unlisted currencies keep the standard ending")
    }

    /// The shipped rules file parses, and names the demo catalog's strategies.
    func testShippedRulesFileLoads() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Jobs/repricing.yml").standardized.path
        let rules = try RepriceRules.load(path: path)
        XCTAssertEqual(rules.policy(sku: "PW-APP-121", tags: ["apparel"], catalogStrategy: "position").policy.strategy, .position)
        XCTAssertEqual(rules.ending(for: "BRL").text, ",90")
    }
}
