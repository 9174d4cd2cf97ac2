import FieldParsers
import Foundation
import Testing

/// Price texts as users sent them, with what a person reads in each.
@Suite struct PriceTableTests {
    struct Row {
        var text: String
        var hint: String? = nil
        var amount: String?
        var currency: String?
        var label: PriceText.Label = .price
    }

    func check(_ rows: [Row], sourceLocation: SourceLocation = #_sourceLocation) {
        for row in rows {
            let p = PriceParser.parse(row.text, currencyHint: row.hint)
            let expected = row.amount.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
            #expect(p.amount == expected, "amount of \(row.text)", sourceLocation: sourceLocation)
            #expect(p.currency == row.currency, "currency of \(row.text)", sourceLocation: sourceLocation)
            #expect(p.label == row.label, "label of \(row.text)", sourceLocation: sourceLocation)
        }
    }

    @Test func separatorStyles() {
        check([
            Row(text: "R$ 1.299,90", amount: "1299.90", currency: "BRL"),
            Row(text: "1 299,90 €", amount: "1299.90", currency: "EUR"),
            Row(text: "1\u{00A0}299,90 €", amount: "1299.90", currency: "EUR"),
            Row(text: "1\u{202F}299,90 €", amount: "1299.90", currency: "EUR"),
            Row(text: "CHF 1'299.90", amount: "1299.90", currency: "CHF"),
            Row(text: "₹1,23,456.00", amount: "123456", currency: "INR"),
            Row(text: "12,- €", amount: "12", currency: "EUR"),
            Row(text: "12.- CHF", amount: "12", currency: "CHF"),
            Row(text: "1.299 €", amount: "1299", currency: "EUR"),
            Row(text: "1.29 €", amount: "1.29", currency: "EUR"),
            Row(text: "$1,299", amount: "1299", currency: "USD"),
            Row(text: "12,99 €", amount: "12.99", currency: "EUR"),
            Row(text: "¥12.800", hint: "JPY", amount: "12800", currency: "JPY"),
            Row(text: "1.234.567 Ft", amount: "1234567", currency: "HUF"),
            Row(text: "423.923 KWD", amount: "423.923", currency: "KWD"),
            Row(text: "$1,234.56", amount: "1234.56", currency: "USD"),
            Row(text: "15 000 ₫", amount: "15000", currency: "VND"),
            Row(text: "Rp 31.500", amount: "31500", currency: "IDR"),
        ])
    }

    @Test func currenciesWrittenBeforeAndAfter() {
        check([
            Row(text: "US$12.99", amount: "12.99", currency: "USD"),
            Row(text: "12.99 USD", amount: "12.99", currency: "USD"),
            Row(text: "C$ 5.00", amount: "5", currency: "CAD"),
            Row(text: "A$190.00", amount: "190", currency: "AUD"),
            Row(text: "HK$ 88", amount: "88", currency: "HKD"),
            Row(text: "NT$1,200", amount: "1200", currency: "TWD"),
            Row(text: "₩12,000", amount: "12000", currency: "KRW"),
            Row(text: "12,000원", amount: "12000", currency: "KRW"),
            Row(text: "₽ 1 990", amount: "1990", currency: "RUB"),
            Row(text: "1990 руб.", amount: "1990", currency: "RUB"),
            Row(text: "45,00 zł", amount: "45", currency: "PLN"),
            Row(text: "9 800 Kč", amount: "9800", currency: "CZK"),
            Row(text: "199,00 kr.", amount: "199", currency: "DKK"),
            Row(text: "199 kr", hint: "NOK", amount: "199", currency: "NOK"),
            Row(text: "Fr. 49.90", amount: "49.9", currency: "CHF"),
            Row(text: "₺1.299,99", amount: "1299.99", currency: "TRY"),
            Row(text: "1.299,99 TL", amount: "1299.99", currency: "TRY"),
            Row(text: "฿1,290", amount: "1290", currency: "THB"),
            Row(text: "RM 59.90", amount: "59.9", currency: "MYR"),
            Row(text: "₱1,499.00", amount: "1499", currency: "PHP"),
            Row(text: "AED 8000 (USD 2179)", amount: "8000", currency: "AED"),
            Row(text: "49,99 lei", amount: "49.99", currency: "RON"),
            Row(text: "₪98", amount: "98", currency: "ILS"),
            Row(text: "R 199.99", amount: "199.99", currency: "ZAR"),
            Row(text: "Rs. 1,499", amount: "1499", currency: "INR"),
            Row(text: "39.95", hint: "Price From £", amount: "39.95", currency: "GBP"),
            Row(text: "17,95", hint: "DKK/stk", amount: "17.95", currency: "DKK"),
            Row(text: "£54.17", hint: "USD", amount: "54.17", currency: "GBP"),
        ])
    }

    @Test func yenIsSettledByHintScriptOrSign() {
        check([
            Row(text: "¥1,280", hint: "CNY", amount: "1280", currency: "CNY"),
            Row(text: "¥1,280", hint: "JPY", amount: "1280", currency: "JPY"),
            Row(text: "¥12,800(税込)", amount: "12800", currency: "JPY"),
            Row(text: "¥99 包邮", amount: "99", currency: "CNY"),
            Row(text: "3,500円", amount: "3500", currency: "JPY"),
            Row(text: "99元", amount: "99", currency: "CNY"),
            Row(text: "RMB 99", amount: "99", currency: "CNY"),
            Row(text: "$12", hint: "C$", amount: "12", currency: "CAD"),
            Row(text: "$12", hint: "EUR", amount: "12", currency: "USD"),
        ])
    }

    @Test func textsThatAreNotTheProductPrice() {
        check([
            Row(text: "12x de R$ 108,33 sem juros", amount: "108.33", currency: "BRL", label: .installment),
            Row(text: "4 interest-free payments of $25", amount: "25", currency: "USD", label: .installment),
            Row(text: "$2.50/oz", amount: "2.5", currency: "USD", label: .unitPrice),
            Row(text: "(3,98 € / kg)", amount: "3.98", currency: "EUR", label: .unitPrice),
            Row(text: "0,99€/100g", amount: "0.99", currency: "EUR", label: .unitPrice),
            Row(text: "1 kg = 3,98 €", amount: "3.98", currency: "EUR", label: .unitPrice),
            Row(text: "100g当たり 398円", amount: "398", currency: "JPY", label: .unitPrice),
            Row(text: "Save $5", amount: "5", currency: "USD", label: .saving),
            Row(text: "Sie sparen 5,00 €", amount: "5", currency: "EUR", label: .saving),
            Row(text: "-20%", amount: nil, currency: nil, label: .saving),
            Row(text: "+ $4.99 shipping", amount: "4.99", currency: "USD", label: .shipping),
            Row(text: "R$ 1.299,90 ou 12x de R$ 108,33", amount: "1299.90", currency: "BRL"),
            Row(text: "$19.99 or 4 interest-free payments of $5.00", amount: "19.99", currency: "USD"),
            Row(text: "20% off", amount: nil, currency: nil, label: .saving),
            Row(text: "Add to cart", amount: nil, currency: nil),
        ])
        #expect(PriceParser.parse("¥3,280 或分期", currencyHint: "CNY").label == .installment)
    }

    @Test func listPricesAndRanges() {
        check([
            Row(text: "Our price £39.95 was £49.95", amount: "39.95", currency: "GBP"),
            Row(text: "Was £49.95 now £39.95", amount: "39.95", currency: "GBP"),
            Row(text: "statt 249,00 € jetzt 199,00 €", amount: "199", currency: "EUR"),
            Row(text: "antes R$ 99,90 por R$ 79,90", amount: "79.9", currency: "BRL"),
            Row(text: "原价 ¥199 现价 ¥99", hint: "CNY", amount: "99", currency: "CNY"),
            Row(text: "Price: $11.95 each", amount: "11.95", currency: "USD"),
        ])
        let range = PriceParser.parse("$10 - $20", currencyHint: nil)
        #expect(range.label == .range)
        #expect(range.minimum == 10 && range.maximum == 20 && range.amount == 10)
        let euros = PriceParser.parse("10 – 20 €", currencyHint: nil)
        #expect(euros.label == .range && euros.currency == "EUR" && euros.maximum == 20)
        #expect(PriceParser.parse("841,00 zł – 995,00 zł", currencyHint: nil).maximum == 995)
    }

    @Test func fromPricesAndTaxNotes() {
        let cases: [(String, Bool, Bool?)] = [
            ("ab 1.299,90 € inkl. MwSt.", true, true),
            ("from $19.99", true, nil),
            ("à partir de 9,99 € TTC", true, true),
            ("a partir de R$ 49,90", true, nil),
            ("desde 19,99 € IVA incluido", true, true),
            ("¥1,280起", true, nil),
            ("1,000円(税抜)", false, false),
            ("¥1,100(税込)", false, true),
            ("10,00 € zzgl. MwSt.", false, false),
            ("£10 incl. VAT", false, true),
            ("£10 excl. VAT", false, false),
            ("49,00 € HT", false, false),
            ("$10", false, nil),
        ]
        for (text, from, tax) in cases {
            let p = PriceParser.parse(text, currencyHint: nil)
            #expect(p.isFromPrice == from, "from in \(text)")
            #expect(p.isTaxInclusive == tax, "tax in \(text)")
            #expect(p.amount != nil, "amount in \(text)")
        }
    }

    @Test func noNumberMeansNoAmountAndAFailure() {
        #expect(PriceParser.parse("Type of Transfer *", currencyHint: "$").amount == nil)
        #expect(PriceParser.parse("50%", currencyHint: nil).amount == nil)
        let failure = FieldKind.price.parse("call for price", context: ParseContext())
        guard case .failure(let e) = failure else { Issue.record("expected a failure"); return }
        #expect(e.kind == .price && !e.reason.isEmpty)
        #expect(PriceParser.parse("Free!", currencyHint: nil).amount == 0)
        for text in ["Only 3 left", "1,234 reviews", "SKU 12345", "4.5 out of 5", "500 sold", "Art.-Nr. 4711"] {
            #expect(PriceParser.parse(text, currencyHint: nil).amount == nil, "\(text) holds no price")
        }
        #expect(PriceParser.parse("$12.99 (1,234 reviews)", currencyHint: nil).amount == Decimal(string: "12.99"))
    }
}
