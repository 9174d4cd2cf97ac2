// Generated from Jobs/aspects.yml by `make aspects` - do not edit; a test checks they match.

extension AspectLexicon {
    static let builtInYAML = #"""
# Aspects a review can talk about, with the words that name them per language.
# A Latin-script word matches any word that starts with it ("deliver" matches "delivered");
# a phrase matches as written; Chinese and Japanese terms match anywhere in the clause.
# Each mention takes the sentiment of the clause it sits in. Checked by `pricewatch jobs check`.
aspects:
  shipping:
    en: [shipping, shipped, deliver, arrived, arrival, courier, postage, "took three weeks", transit]
    de: [lieferung, versand, geliefert, zustellung, angekommen, "nach zwei tagen"]
    pt: [entrega, frete, envio, correios, transportadora]
    es: [envío, envio, entrega, llegó, llego, transporte]
    zh: [物流, 快递, 发货, 送货, 配送, 到货, 运输]
    ja: [発送, 配送, 届, 到着, 配達]
  quality:
    en: [quality, build, durab, sturdy, flimsy, broke, broken, "stopped working", defect, material, craftsmanship, "works great", "fell apart"]
    de: [qualität, verarbeitung, kaputt, defekt, funktioniert, material, stabil]
    pt: [qualidade, funciona, quebr, defeito, material, acabamento, "parou de funcionar"]
    es: [calidad, funciona, roto, defect, material, acabado]
    zh: [质量, 做工, 品质, 材质, 坏了, 耐用, 用料]
    ja: [品質, 壊れ, 作り, 素材, 耐久]
  size:
    en: [size, sizes, fit, fits, small, large, tight, loose, "too big"]
    de: [größe, passt, klein, groß, nummer, eng]
    pt: [tamanho, veste, pequeno, grande, apertado, número]
    es: [talla, tamaño, pequeño, grande, ajusta, queda]
    zh: [尺码, 尺寸, 大小, 偏小, 偏大, 穿不上, 合身]
    ja: [サイズ, 小さ, 大き, 着られ]
  price:
    en: [price, value, overpriced, expensive, cheap, "worth the money", money, cost]
    de: [preis, teuer, günstig, billig, geld, preis-leistung]
    pt: [preço, preco, caro, barato, custo-benefício, custo, valor]
    es: [precio, caro, barato, valor, dinero]
    zh: [价格, 性价比, 贵, 便宜, 价钱, 物超所值, 值这个价]
    ja: [値段, 価格, コスパ, 高すぎ, 安い]
  service:
    en: [customer service, support, seller, service, refund, answered, replied, representative]
    de: [kundenservice, service, verkäufer, support, geantwortet, erstattung]
    pt: [atendimento, vendedor, suporte, respondeu, reembolso]
    es: [atención, servicio, vendedor, soporte, respondió, reembolso]
    zh: [客服, 服务, 卖家, 售后, 商家, 态度]
    ja: [サポート, 対応, 問い合わせ, 返事, 店舗]
  packaging:
    en: [packag, box, packed, wrapping, crushed]
    de: [verpackung, verpackt, karton, zerdrückt]
    pt: [embalagem, embalado, caixa, amassad]
    es: [embalaje, empaque, caja, embalado]
    zh: [包装, 盒子, 纸箱, 破损]
    ja: [梱包, 箱, 包装]
  authenticity:
    en: [fake, counterfeit, genuine, authentic, original, knockoff, replica]
    de: [fälschung, original, echt, gefälscht]
    pt: [falsificado, original, réplica, pirata, autêntico]
    es: [falso, falsificado, original, réplica, auténtico]
    zh: [正品, 假货, 假的, 山寨, 仿冒, 高仿]
    ja: [偽物, 本物, 正規品, 純正]
"""#
}
