/// Review texts from templates per language, each about an aspect (shipping, quality, size,
/// price/value, service, packaging), positive, negative or mixed: something real for sentiment to find.
/// Some negative reviews tell of a return with a known reason (a return title over an aspect's
/// complaint, or a whole return story), and some positive ones say there was no need to return:
/// the truth return detection is checked against.
enum DemoReviews {
    struct Phrases {
        let positive: [(aspect: String, text: String)]
        let negative: [(aspect: String, text: String)]
        let mixed: [String]
        let goodTitles: [String]
        let badTitles: [String]
        let mixedTitles: [String]
        let authors: [String]
        /// Return stories, one per reason (`ReturnReason` raw values), told in 1-2 star reviews.
        var returns: [(reason: String, text: String)] = []
        /// Sentences a happy buyer adds that name a return without making one.
        var noReturn: [String] = []
    }

    /// The bad title that says "sent it back" (en "Returned it"); its reason is the complaint's aspect.
    static let returnTitles: Set<String> = ["Returned it", "Zurückgeschickt", "Devolvi", "返品しました"]
    static let aspectReturnReason = ["size": "size_fit", "quality": "defective", "shipping": "arrived_late", "packaging": "damaged_in_transit",
                                     "price": "other", "service": "other"]

    static let phrases: [String: Phrases] = [
        "en": Phrases(
            positive: [("quality", "The build quality is excellent and it works great."), ("shipping", "Fast shipping, it arrived in two days."),
                       ("price", "Great value for the price."), ("size", "Fits perfectly, true to size."),
                       ("service", "Customer service was very helpful."), ("packaging", "Nicely packaged, nothing was damaged.")],
            negative: [("shipping", "Shipping took three weeks, very disappointed."), ("quality", "Stopped working after a week, poor quality."),
                       ("size", "Way too small, it runs two sizes small."), ("price", "Overpriced for what you get."),
                       ("service", "Customer service never answered my emails."), ("packaging", "The box arrived crushed and the item was scratched.")],
            mixed: ["Good quality but shipping was slow.", "Works fine, but the price is too high for me.", "Nice design, although the size runs a bit large."],
            goodTitles: ["Love it", "Excellent", "Great purchase", "Highly recommend"], badTitles: ["Disappointed", "Would not recommend", "Returned it"],
            mixedTitles: ["OK overall", "Decent"], authors: ["Emily R.", "Jason K.", "Maria G.", "Tom B.", "Priya S.", "Chris W."],
            returns: [("size_fit", "Ordered my usual size but it was far too tight, so I sent it back. Disappointed."),
                      ("defective", "It broke after three days, terrible quality. I returned it for a refund."),
                      ("not_as_described", "Nothing like the photos, cheap and disappointing. Returned it."),
                      ("damaged_in_transit", "Arrived damaged, the case was dented. Very disappointed, sent it back."),
                      ("arrived_late", "It arrived two weeks late, after the birthday. Disappointed, so I returned it."),
                      ("wrong_item", "They sent the wrong model, annoying. I returned it the same day."),
                      ("counterfeit", "Obviously a fake, poor quality. Sent it back, avoid this seller."),
                      ("changed_mind", "Found it cheaper elsewhere, overpriced here. Returned it unopened."),
                      ("other", "The seller was rude and slow, terrible experience. Returned it.")],
            noReturn: ["No need to return it, very happy.", "Thought I might have to return it, but it works perfectly."]),
        "de": Phrases(
            positive: [("quality", "Sehr gute Qualität, funktioniert einwandfrei."), ("shipping", "Schnelle Lieferung, nach zwei Tagen da."),
                       ("price", "Preis-Leistung ist top."), ("size", "Passt perfekt, Größe stimmt."),
                       ("service", "Der Kundenservice war sehr freundlich."), ("packaging", "Gut verpackt, alles unbeschädigt.")],
            negative: [("shipping", "Die Lieferung dauerte drei Wochen, sehr enttäuscht."), ("quality", "Nach einer Woche kaputt, schlechte Qualität."),
                       ("size", "Viel zu klein, fällt zwei Nummern kleiner aus."), ("price", "Zu teuer für das, was man bekommt."),
                       ("service", "Der Kundenservice hat nie geantwortet."), ("packaging", "Der Karton war zerdrückt und das Gerät zerkratzt.")],
            mixed: ["Gute Qualität, aber die Lieferung war langsam.", "Funktioniert gut, aber der Preis ist zu hoch."],
            goodTitles: ["Super", "Sehr zufrieden", "Klare Kaufempfehlung"], badTitles: ["Enttäuscht", "Nicht empfehlenswert", "Zurückgeschickt"],
            mixedTitles: ["Ganz okay"], authors: ["Lena M.", "Jonas K.", "Sabine W.", "Felix H.", "Anna S."],
            returns: [("size_fit", "Viel zu eng geschnitten, passt nicht. Leider zurückgeschickt."),
                      ("defective", "Nach drei Tagen defekt, schlechte Qualität. Zurückgeschickt."),
                      ("not_as_described", "Sieht ganz anders aus als auf dem Bild, sehr enttäuscht. Geht zurück."),
                      ("damaged_in_transit", "Leider beschädigt angekommen, sehr ärgerlich. Rücksendung beantragt."),
                      ("arrived_late", "Kam zwei Wochen zu spät, sehr enttäuscht. Zurückgeschickt."),
                      ("wrong_item", "Falscher Artikel geliefert, sehr ärgerlich. Habe ihn zurückgeschickt."),
                      ("counterfeit", "Eindeutig eine Fälschung, schlechte Verarbeitung. Sofort retourniert."),
                      ("changed_mind", "Woanders günstiger gefunden, hier zu teuer. Enttäuscht zurückgeschickt."),
                      ("other", "Der Händler war unfreundlich, schlechter Service. Zurückgeschickt.")],
            noReturn: ["Musste nichts zurückschicken, alles bestens."]),
        "zh": Phrases(
            positive: [("quality", "质量很好，做工精细，非常满意。"), ("shipping", "物流很快，两天就到了。"), ("price", "性价比高，物超所值。"),
                       ("size", "尺码很合适，穿着舒服。"), ("service", "客服态度很好，回复及时。"), ("packaging", "包装很严实，没有破损。")],
            negative: [("shipping", "物流太慢了，等了三个星期。"), ("quality", "质量一般，用了一周就坏了。"), ("size", "尺码偏小，穿不上，很失望。"),
                       ("price", "太贵了，不值这个价。"), ("service", "客服不理人，再也不买了。"), ("packaging", "包装破损，东西有划痕。")],
            mixed: ["质量不错，但是物流太慢。", "东西还行，不过价格有点贵。"],
            goodTitles: ["好评", "非常满意", "推荐购买"], badTitles: ["差评", "很失望", "不推荐"], mixedTitles: ["一般"],
            authors: ["小王", "李**", "张先生", "陈女士", "刘**"],
            returns: [("size_fit", "尺码偏小，穿不上，很失望，已经退货了。"),
                      ("defective", "用了三天就坏了，质量太差，申请退款。"),
                      ("not_as_described", "和描述不符，很失望，退了。"),
                      ("damaged_in_transit", "快递压坏了，外包装破损，差评，已申请退货。"),
                      ("arrived_late", "物流太慢，等了半个月，很失望，退款了。"),
                      ("wrong_item", "发错货了，不是我拍的那款，差评，已经退了。"),
                      ("counterfeit", "明显是假货，做工很差，申请退款。"),
                      ("changed_mind", "买完就降价了，很不爽，申请退款。"),
                      ("other", "客服态度很差，很失望，最后还是退款了。")],
            noReturn: ["没有退货的必要，很满意。"]),
        "pt": Phrases(
            positive: [("quality", "Ótima qualidade, funciona perfeitamente."), ("shipping", "Entrega rápida, chegou em dois dias."),
                       ("price", "Excelente custo-benefício."), ("size", "O tamanho ficou perfeito."),
                       ("service", "O atendimento foi muito atencioso."), ("packaging", "Muito bem embalado, chegou intacto.")],
            negative: [("shipping", "A entrega demorou três semanas, muito decepcionado."), ("quality", "Parou de funcionar em uma semana, qualidade ruim."),
                       ("size", "Muito pequeno, veste dois números menor."), ("price", "Caro demais pelo que oferece."),
                       ("service", "O atendimento nunca respondeu."), ("packaging", "A caixa chegou amassada e o produto riscado.")],
            mixed: ["Boa qualidade, mas a entrega foi lenta.", "Funciona bem, porém o preço é alto."],
            goodTitles: ["Adorei", "Excelente", "Recomendo"], badTitles: ["Decepcionado", "Não recomendo", "Devolvi"], mixedTitles: ["Razoável"],
            authors: ["Ana P.", "João S.", "Carla M.", "Pedro L.", "Beatriz R."],
            returns: [("size_fit", "Ficou muito apertado, não serviu. Pedi a troca, decepcionada."),
                      ("defective", "Parou de funcionar em três dias, péssimo. Já solicitei a devolução."),
                      ("not_as_described", "Produto diferente da foto, muito ruim. Vou devolver."),
                      ("damaged_in_transit", "Chegou quebrado, péssimo. Pedi o reembolso."),
                      ("arrived_late", "Demorou mais de um mês para chegar, péssimo. Pedi a devolução."),
                      ("wrong_item", "Recebi outro modelo, péssimo. Vou devolver."),
                      ("counterfeit", "Produto falsificado, péssimo. Pedi reembolso."),
                      ("changed_mind", "Me arrependi da compra, produto ruim, devolvi."),
                      ("other", "O vendedor foi muito grosseiro, péssimo. Devolvi.")],
            noReturn: ["Não precisei devolver, veio tudo certo."]),
        "ja": Phrases(
            positive: [("quality", "品質がとても良く、問題なく使えています。"), ("shipping", "発送が早く、二日で届きました。"), ("price", "コスパが良いです。"),
                       ("size", "サイズはぴったりでした。"), ("service", "サポートの対応が丁寧でした。"), ("packaging", "梱包が丁寧で、傷もありませんでした。")],
            negative: [("shipping", "届くまで三週間かかり、がっかりです。"), ("quality", "一週間で壊れました。品質が悪いです。"),
                       ("size", "サイズが小さすぎて着られません。"), ("price", "この値段は高すぎます。"),
                       ("service", "問い合わせに返事がありません。"), ("packaging", "箱が潰れていて、本体に傷がありました。")],
            mixed: ["品質は良いですが、配送が遅かったです。", "使いやすいけど、値段が高いです。"],
            goodTitles: ["満足です", "おすすめ", "最高"], badTitles: ["残念", "おすすめしません", "返品しました"], mixedTitles: ["まあまあ"],
            authors: ["たけし", "ゆみ", "佐藤", "鈴木", "はなこ"],
            returns: [("size_fit", "サイズが小さすぎて着られず、残念ですが返品しました。"),
                      ("defective", "一週間で壊れました。最悪です。返品しました。"),
                      ("not_as_described", "写真と色が違うので、がっかりして返品しました。"),
                      ("damaged_in_transit", "箱が潰れていて本体に傷があり、残念ですが返品しました。"),
                      ("arrived_late", "届くまで三週間かかり、残念ですが返品しました。"),
                      ("wrong_item", "違う商品が届いたので返送しました。残念です。"),
                      ("counterfeit", "明らかに偽物でした。最悪です。返金してもらいました。"),
                      ("changed_mind", "他店で安く売っていたので返品しました。残念です。"),
                      ("other", "ショップの対応が悪く、残念ですが返品しました。")],
            noReturn: ["返品する必要もなく、とても満足です。"]),
    ]

    static func reviews(shop: DemoShopID, product p: DemoProduct, upTo day: Int) -> [DemoReview] {
        let lang = shop.language
        let ph = phrases[lang]!
        let s = shop.hashValueStable
        var out: [DemoReview] = []
        var index = 0
        func add(day d: Int, forcedNegativeAspect: String? = nil) {
            index += 1
            let roll = Mix.pick(100, p.id, s, index, 71)
            let kind = forcedNegativeAspect != nil ? 2 : (roll < 62 ? 0 : roll < 77 ? 1 : 2)
            var stars: Int, title: String, body: String, returnReason: String?
            switch kind {
            case 0:
                stars = 4 + Mix.pick(2, p.id, s, index, 72)
                let candidates = ph.positive.filter { p.hasSizes || $0.aspect != "size" }
                let a = candidates[Mix.pick(candidates.count, p.id, s, index, 73)]
                let b = candidates[Mix.pick(candidates.count, p.id, s, index, 74)]
                body = a.text + (a.text == b.text ? "" : " " + b.text)
                title = ph.goodTitles[Mix.pick(ph.goodTitles.count, p.id, s, index, 75)]
                if Mix.pick(100, p.id, s, index, 86) < 12 { body += " " + ph.noReturn[Mix.pick(ph.noReturn.count, p.id, s, index, 87)] }
            case 1:
                stars = 3
                body = ph.mixed[Mix.pick(ph.mixed.count, p.id, s, index, 76)]
                title = ph.mixedTitles[Mix.pick(ph.mixedTitles.count, p.id, s, index, 77)]
            default:
                stars = 1 + Mix.pick(2, p.id, s, index, 78)
                let candidates = ph.negative.filter { forcedNegativeAspect == nil ? (p.hasSizes || $0.aspect != "size") : $0.aspect == forcedNegativeAspect }
                let complaint = candidates[Mix.pick(candidates.count, p.id, s, index, 79)]
                body = complaint.text
                title = ph.badTitles[Mix.pick(ph.badTitles.count, p.id, s, index, 80)]
                if Self.returnTitles.contains(title) { returnReason = aspectReturnReason[complaint.aspect] }
                // A third of the other unhappy buyers tell a return story (the bursts stay about their aspect).
                if forcedNegativeAspect == nil, Mix.pick(100, p.id, s, index, 88) < 35 {
                    let stories = ph.returns.filter { p.hasSizes || $0.reason != "size_fit" }
                    let story = stories[Mix.pick(stories.count, p.id, s, index, 89)]
                    body = story.text
                    returnReason = story.reason
                }
            }
            out.append(DemoReview(id: "\(shop.rawValue.uppercased())R\(p.id)-\(index)", stars: stars, day: d,
                                  author: ph.authors[Mix.pick(ph.authors.count, p.id, s, index, 81)], title: title, body: body,
                                  helpful: Mix.pick(30, p.id, s, index, 82), verified: Mix.pick(5, p.id, s, index, 83) != 0, returnReason: returnReason))
        }
        // History before day 0.
        let past = 2 + Mix.pick(10, p.id, s, 84)
        for k in 0..<past { add(day: -60 + k * (55 / past)) }
        guard day >= 0 else { return out }
        for d in 0...day {
            if Mix.pick(3, p.id, s, d, 85) == 0 { add(day: d) }
            if DemoWorld.hasComplaintBurst(p), (12...15).contains(d) {
                for _ in 0..<3 { add(day: d, forcedNegativeAspect: p.hasSizes ? "size" : "shipping") }
            }
        }
        return out.sorted { ($0.day, $0.id) > ($1.day, $1.id) }
    }
}
