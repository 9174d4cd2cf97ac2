import XCTest
@testable import Sentiment

/// Table tests of return detection: hand-made sentences in the style of real marketplace reviews
/// (Amazon, Taobao/JD, Rakuten, Mercado Livre/Olist, Amazon.de/Otto), grouped by class: each
/// reason, then negations, questions, and policy text or other senses of the words, which are
/// no returns (`nil`).
final class ReturnDetectorTests: XCTestCase {
    struct Row {
        var text: String
        var want: ReturnReason?
        var line: UInt = #line
        init(_ text: String, _ want: ReturnReason?, line: UInt = #line) {
            self.text = text
            self.want = want
            self.line = line
        }
    }

    /// Class name -> rows, per language.
    static let tables: [(language: String, classes: [(String, [Row])])] = [
        ("en", [
            ("size/fit", [Row("Way too small, I had to return it.", .sizeFit),
                          Row("Ordered my usual size but it runs two sizes small. Sent it back.", .sizeFit),
                          Row("Returned. The fit was terrible, way too tight in the shoulders.", .sizeFit),
                          Row("Didn't fit my 15 inch laptop so I returned it.", .sizeFit)]),
            ("defective", [Row("Stopped working after two weeks. Returned for a refund.", .defective),
                           Row("Dead on arrival, would not turn on. Amazon refunded me right away.", .defective),
                           Row("The zipper broke the first time I used it, so I'm sending it back.", .defective),
                           Row("Faulty unit, the left earbud has no sound. Exchanged it for a new one.", .defective)]),
            ("not as described", [Row("The colour is completely different from the picture, returning it.", .notAsDescribed),
                                  Row("Not as described at all: it's plastic, not metal. Returned.", .notAsDescribed),
                                  Row("Looks nothing like the photos, cheap fabric. I want a refund.", .notAsDescribed)]),
            ("damaged in transit", [Row("Arrived damaged, the glass was shattered. Returned it.", .damagedInTransit),
                                    Row("The lamp came broken, so I sent it back.", .damagedInTransit),
                                    Row("Package arrived torn open and the item was dented. Asked for a refund.", .damagedInTransit)]),
            ("arrived late", [Row("It arrived three weeks late, after the party, so I returned it.", .arrivedLate),
                              Row("Took over a month to ship, cancelled and got a refund.", .arrivedLate),
                              Row("Never arrived. Still waiting for my refund.", .arrivedLate)]),
            ("wrong item", [Row("They sent the wrong model, returned it the same day.", .wrongItem),
                            Row("Received a blue one instead of black. Sending it back.", .wrongItem),
                            Row("Not what I ordered at all. Return started.", .wrongItem)]),
            ("counterfeit", [Row("This is a cheap knockoff, not genuine. Returned it.", .counterfeit),
                             Row("Fake! The serial number is not on the brand's site. Refund requested.", .counterfeit),
                             Row("Counterfeit perfume, the scent fades in minutes. Sent it back.", .counterfeit)]),
            ("changed mind", [Row("Changed my mind, returned it unopened.", .changedMind),
                              Row("Found it cheaper elsewhere so I returned it.", .changedMind),
                              Row("Ordered by mistake, returned it for a refund.", .changedMind)]),
            ("other", [Row("Returned it.", .other),
                       Row("Customer service was rude when I returned it.", .other)]),
            ("negation", [Row("No need to return it, it works great.", nil),
                          Row("I didn't have to return anything, the seller fixed it by email.", nil),
                          Row("Never had to send it back, it's been solid for a year.", nil),
                          Row("I won't be returning this, love it.", nil)]),
            ("question", [Row("Can I return it if it doesn't fit?", nil),
                          Row("Does anyone know how to get a refund from this seller?", nil),
                          Row("Is it possible to exchange for a bigger size?", nil)]),
            ("policy or other sense", [Row("Free returns made me try it, and I'm keeping it.", nil),
                                       Row("The return policy is 30 days.", nil),
                                       Row("In return for a review they offered a discount.", nil),
                                       Row("My back pain returned to normal after a week.", nil),
                                       Row("I will definitely return to this shop.", nil),
                                       Row("The exchange rate made it cheaper than at home.", nil),
                                       Row("Bought a replacement battery, works fine.", nil)]),
        ]),
        ("pt", [
            ("size/fit", [Row("Ficou pequeno, vou ter que trocar por um maior.", .sizeFit),
                          Row("Pedi a troca porque o tamanho veio errado.", .sizeFit),
                          Row("Não serviu, devolvi.", .sizeFit),
                          Row("Apertado demais, solicitei a devolução.", .sizeFit)]),
            ("defective", [Row("Parou de funcionar em 3 dias, já solicitei a devolução.", .defective),
                           Row("Veio com defeito e a loja se recusa a fazer a troca.", .defective),
                           Row("O produto não liga. Quero meu dinheiro de volta!", .defective),
                           Row("Nao funciona, pedi reembolso.", .defective)]),
            ("not as described", [Row("Produto diferente da foto, vou devolver.", .notAsDescribed),
                                  Row("A cor é bem diferente do anúncio, pedi a troca.", .notAsDescribed),
                                  Row("Não veio conforme a descrição, quero devolver.", .notAsDescribed)]),
            ("damaged in transit", [Row("Chegou amassado e com a caixa rasgada. Solicitei a troca.", .damagedInTransit),
                                    Row("O vidro veio quebrado, transporte péssimo, já pedi o estorno.", .damagedInTransit)]),
            ("arrived late", [Row("Demorou mais de um mês para chegar, cancelei e pedi o reembolso.", .arrivedLate),
                              Row("Não chegou no prazo, fiz a devolução assim que recebi.", .arrivedLate)]),
            ("wrong item", [Row("Recebi outro modelo, não é o que pedi. Vou devolver.", .wrongItem),
                            Row("Veio a cor errada, solicitei a troca.", .wrongItem)]),
            ("counterfeit", [Row("Relógio falsificado, não é original. Pedi reembolso.", .counterfeit),
                             Row("Parece uma réplica, quero devolver.", .counterfeit)]),
            ("changed mind", [Row("Desisti da compra e devolvi o produto.", .changedMind),
                              Row("Comprei errado, preciso trocar.", .changedMind),
                              Row("Achei mais barato em outra loja, então devolvi.", .changedMind)]),
            ("other", [Row("Devolvi.", .other),
                       Row("Fiz a devolução pelo site e o estorno caiu em 5 dias.", .other)]),
            ("negation", [Row("Não precisei devolver, veio tudo certo.", nil),
                          Row("Não foi preciso fazer a troca, o vendedor resolveu.", nil),
                          Row("Nem precisei trocar, serviu perfeitamente.", nil),
                          Row("Sem necessidade de devolução, produto perfeito.", nil)]),
            ("question", [Row("Como faço para trocar o tamanho?", nil),
                          Row("Posso devolver se não servir?", nil),
                          Row("Gostaria de saber como faço a devolução", nil)]),
            ("policy or other sense", [Row("Lindo, só faltou instrução para a troca de pulseira.", nil),
                                       Row("Tive que trocar a pilha, mas funciona bem.", nil),
                                       Row("Recebi o troco certinho do entregador.", nil),
                                       Row("Em troca da avaliação ganhei um cupom.", nil),
                                       Row("A política de troca da loja é ótima.", nil)]),
        ]),
        ("de", [
            ("size/fit", [Row("Viel zu klein, fällt zwei Nummern kleiner aus. Zurückgeschickt.", .sizeFit),
                          Row("Passt leider nicht, geht zurück.", .sizeFit),
                          Row("Die Größe stimmt nicht, habe ihn umgetauscht.", .sizeFit)]),
            ("defective", [Row("Nach einer Woche kaputt, Rücksendung läuft.", .defective),
                           Row("Funktioniert nicht, sofort retourniert.", .defective),
                           Row("Das Gerät ist defekt, ich schicke es zurück.", .defective)]),
            ("not as described", [Row("Sieht ganz anders aus als auf dem Bild, daher zurückgeschickt.", .notAsDescribed),
                                  Row("Farbe weicht stark von der Abbildung ab, Artikel geht zurück.", .notAsDescribed),
                                  Row("Entspricht nicht der Beschreibung. Erstattung beantragt.", .notAsDescribed)]),
            ("damaged in transit", [Row("Karton war zerdrückt und die Vase zerbrochen, Rücksendung eingeleitet.", .damagedInTransit),
                                    Row("Leider beschädigt angekommen, ich habe es zurückgeschickt.", .damagedInTransit)]),
            ("arrived late", [Row("Die Lieferung dauerte drei Wochen, das Geschenk kam zu spät, also zurückgeschickt.", .arrivedLate),
                              Row("Nie angekommen, Geld zurück nach zwei Wochen.", .arrivedLate)]),
            ("wrong item", [Row("Falscher Artikel geliefert, Rücksendung beantragt.", .wrongItem),
                            Row("Statt Schwarz kam Blau, habe ich umgetauscht.", .wrongItem)]),
            ("counterfeit", [Row("Eindeutig eine Fälschung, sofort zurückgeschickt.", .counterfeit),
                             Row("Kein Original, das Logo ist schief. Retoure.", .counterfeit)]),
            ("changed mind", [Row("Doch nicht gebraucht, originalverpackt zurückgeschickt.", .changedMind),
                              Row("Woanders günstiger gefunden, daher retourniert.", .changedMind)]),
            ("other", [Row("Zurückgeschickt.", .other),
                       Row("Rücksendung war problemlos, das Geld kam nach drei Tagen.", .other)]),
            ("negation", [Row("Musste nichts zurückschicken, alles bestens.", nil),
                          Row("Ich habe es nicht zurückgeschickt, weil es trotzdem gut ist.", nil),
                          Row("Ich schicke es nicht zurück, die Qualität ist okay.", nil),
                          Row("Zum Glück keine Rücksendung nötig.", nil)]),
            ("question", [Row("Kann ich den Artikel zurückschicken, wenn er nicht passt?", nil),
                          Row("Wie funktioniert die Rücksendung?", nil)]),
            ("policy or other sense", [Row("Ich komme gerne zurück zu diesem Händler.", nil),
                                       Row("Kostenlose Rücksendung ist ein Pluspunkt.", nil),
                                       Row("Das Rückgaberecht beträgt 30 Tage.", nil),
                                       Row("Zurück zur Übersicht.", nil),
                                       Row("Ersatzteile sind leicht zu bekommen.", nil)]),
        ]),
        ("zh", [
            ("size/fit", [Row("尺码偏小，穿不上，已经退货了。", .sizeFit),
                          Row("衣服太紧了，申请换货换大一码。", .sizeFit),
                          Row("码数不准，只能退了。", .sizeFit)]),
            ("defective", [Row("用了三天就坏了，申请退款。", .defective),
                           Row("质量很差，用了一天果断退货。", .defective),
                           Row("开不了机，质量问题，退货处理中。", .defective),
                           Row("充不进电，联系客服换货。", .defective)]),
            ("not as described", [Row("实物与图片差距太大，色差严重，退了。", .notAsDescribed),
                                  Row("和描述不符，要求退款。", .notAsDescribed)]),
            ("damaged in transit", [Row("快递压坏了，外包装破损，已申请退货。", .damagedInTransit),
                                    Row("收到就坏了，屏幕碎了，退款中。", .damagedInTransit)]),
            ("arrived late", [Row("物流太慢，等了半个月，直接退款了。", .arrivedLate),
                              Row("一直没发货，申请退款。", .arrivedLate)]),
            ("wrong item", [Row("发错货了，不是我拍的那款，已经退了。", .wrongItem),
                            Row("卖家寄错型号，换货了。", .wrongItem)]),
            ("counterfeit", [Row("明显是假货，申请退款。", .counterfeit),
                             Row("不是正品，已经退货。", .counterfeit)]),
            ("changed mind", [Row("拍错了颜色，七天无理由退货了。", .changedMind),
                              Row("买完就降价了，申请退款。", .changedMind)]),
            ("other", [Row("退货了。", .other),
                       Row("客服态度很差，最后还是退款了。", .other)]),
            ("negation", [Row("没有退货，凑合用吧。", nil),
                          Row("质量还行，懒得退了。", nil),
                          Row("完全没必要退换，挺好的。", nil),
                          Row("本来想退货的，后来发现是自己不会用。", nil)]),
            ("question", [Row("可以退货吗？", nil),
                          Row("请问怎么申请换货？", nil),
                          Row("尺码不合适的话能退款吗", nil)]),
            ("policy or other sense", [Row("支持七天无理由退货，很放心。", nil),
                                       Row("洗了一次就退色了。", nil),
                                       Row("吃了药烧退了。", nil),
                                       Row("电池续航减退了不少。", nil),
                                       Row("退出登录后重新进就好了。", nil),
                                       Row("商家承诺不退不换，买前想好。", nil),
                                       Row("以旧换新买的，很划算。", nil),
                                       Row("刚买就降价了，客服说不能退差价。", nil)]),
        ]),
        ("ja", [
            ("size/fit", [Row("サイズが小さすぎて着られず、返品しました。", .sizeFit),
                          Row("思ったより大きかったので交換してもらいました。", .sizeFit),
                          Row("きつくて履けなかったため返品。", .sizeFit)]),
            ("defective", [Row("初期不良で電源が入らず、返品しました。", .defective),
                           Row("一週間で壊れたので返金してもらいました。", .defective),
                           Row("不具合があり交換対応していただきました。", .defective)]),
            ("not as described", [Row("写真と色が違うので返品します。", .notAsDescribed),
                                  Row("商品説明と違うため返品しました。", .notAsDescribed)]),
            ("damaged in transit", [Row("箱が潰れていて本体に傷があり、返品しました。", .damagedInTransit),
                                    Row("配送中に破損したようで、交換をお願いしました。", .damagedInTransit)]),
            ("arrived late", [Row("届くまで三週間かかり、イベントに間に合わなかったので返品。", .arrivedLate),
                              Row("発送が遅すぎるのでキャンセルして返金してもらいました。", .arrivedLate)]),
            ("wrong item", [Row("違う商品が届いたので返送しました。", .wrongItem),
                            Row("注文したものと違う色が届きました。交換してもらいます。", .wrongItem)]),
            ("counterfeit", [Row("明らかに偽物でした。返金を申請中です。", .counterfeit),
                             Row("正規品ではないようなので返品しました。", .counterfeit)]),
            ("changed mind", [Row("気が変わったので未開封のまま返品しました。", .changedMind),
                              Row("間違えて注文してしまい、返品させていただきました。", .changedMind)]),
            ("other", [Row("返品しました。", .other),
                       Row("ショップの対応が悪く、結局返品。", .other)]),
            ("negation", [Row("返品する必要はありませんでした。", nil),
                          Row("結局返品はしませんでした。", nil),
                          Row("返品せずに使っています。", nil),
                          Row("返品しようかと思いましたが、そのまま使っています。", nil)]),
            ("question", [Row("返品できますか？", nil),
                          Row("サイズ交換は可能でしょうか。", nil),
                          Row("どうやって返品すればいいですか", nil)]),
            ("policy or other sense", [Row("セール品のため返品不可です。", nil),
                                       Row("返品・交換はお受けできませんのでご了承ください。", nil),
                                       Row("全額返金保証付きなので安心して買えました。", nil),
                                       Row("電池交換が簡単です。", nil),
                                       Row("交換レンズとして使っています。", nil)]),
        ]),
    ]

    func testReturnSentencesByLanguageAndClass() {
        var counts: [String] = []
        for (language, classes) in Self.tables {
            var n = 0
            for (name, rows) in classes {
                for row in rows {
                    let got = ReturnDetector.detect(body: row.text)
                    XCTAssertEqual(got?.reason, row.want, "\(language) \(name): \(row.text) -> cue \(got?.cue ?? "-"), reason cue \(got?.reasonCue ?? "-")",
                                   line: row.line)
                    if let m = got { XCTAssertEqual(m.language, language, row.text, line: row.line) }
                }
                n += rows.count
            }
            counts.append("\(language) \(n)")
        }
        let total = Self.tables.reduce(0) { $0 + $1.classes.reduce(0) { $0 + $1.1.count } }
        print("return detector sentences: \(total) (\(counts.joined(separator: ", ")))")
        XCTAssertGreaterThanOrEqual(total, 100)
    }

    func testTitleIsASentenceOfItsOwn() {
        XCTAssertEqual(ReturnDetector.detect(title: "Returned it", body: "Way too small, it runs two sizes small.")?.reason, .sizeFit)
        XCTAssertEqual(ReturnDetector.detect(title: "返品しました", body: "サイズが小さすぎて着られません。")?.reason, .sizeFit)
        XCTAssertNil(ReturnDetector.detect(title: "Love it", body: "Fits perfectly, true to size."))
    }

    func testQuoteIsTheSentenceWithTheReturn() {
        let m = ReturnDetector.detect(body: "Nice colour. Stopped working after a week, so I sent it back. Never again.")
        XCTAssertEqual(m?.quote, "Stopped working after a week, so I sent it back.")
        XCTAssertEqual(m?.cue, "sent it back")
        // The reason told in another sentence is quoted with the return: the merchant reads why.
        let titled = ReturnDetector.detect(title: "Returned it", body: "Nice design. Way too small, it runs two sizes small.")
        XCTAssertEqual(titled?.quote, "Returned it / Way too small, it runs two sizes small.")
        XCTAssertEqual(titled?.reasonCue, "too small")
    }

    /// A hostile 16 KB review is read up to the cap: a return told past it is not seen.
    func testLongTextIsReadUpToTheCap() {
        let filler = String(repeating: "lorem ipsum ", count: 1_400)
        XCTAssertEqual(ReturnDetector.detect(body: "Broke on day one, returned it. " + filler)?.reason, .defective)
        XCTAssertNil(ReturnDetector.detect(body: filler + "Broke on day one, returned it."))
        XCTAssertNil(ReturnDetector.detect(body: String(repeating: "退", count: 16_000)))
        XCTAssertNil(ReturnDetector.detect(body: ""))
    }
}
