/// Brazilian Portuguese review words, written the way PortugueseAnalyzer.normalized leaves them:
/// lowercase, accents folded ("péssimo" -> "pessimo", "não" -> "nao"), letter runs shortened
/// ("muiiito" -> "muito"). Valences on VADER's -4...4 scale; written by hand from general marketplace
/// vocabulary (delivery, packaging, fit, defects), not from the rows of any data set.
extension Lexicons {
    static let portuguese = WordRules(
        lexicon: [
            // praise
            "otimo": 2.5, "otima": 2.5, "otimos": 2.5, "otimas": 2.5, "bom": 1.9, "boa": 1.9, "bons": 1.9, "boas": 1.9, "excelente": 3.0,
            "excelentes": 3.0, "perfeito": 2.8, "perfeita": 2.8, "perfeitos": 2.8, "perfeitamente": 2.5, "maravilhoso": 3.0, "maravilhosa": 3.0,
            "maravilha": 2.8, "fantastico": 3.0, "incrivel": 2.5, "sensacional": 3.0, "impecavel": 2.8, "excepcional": 3.0, "show": 1.8, "top": 2.0,
            "adorei": 2.8, "amei": 2.8, "adoramos": 2.8, "amou": 2.5, "adorou": 2.5, "gostei": 2.0, "gostou": 2.0, "gostamos": 2.0, "recomendo": 2.2,
            "recomendamos": 2.2, "recomendaria": 2.0, "recomendado": 2.0, "satisfeito": 2.0, "satisfeita": 2.0, "satisfeitos": 2.0, "satisfacao": 2.0,
            "feliz": 2.0, "contente": 2.0, "apaixonada": 2.5, "apaixonado": 2.5, "encantada": 2.5, "encantado": 2.5, "lindo": 2.2, "linda": 2.2,
            "lindos": 2.2, "lindas": 2.2, "bonito": 1.8, "bonita": 1.8, "bonitos": 1.8, "bonitas": 1.8, "bela": 1.5, "belo": 1.5, "legal": 1.5,
            "beleza": 1.2, "parabens": 2.2, "obrigado": 1.0, "obrigada": 1.0, "agradeco": 1.2, "grata": 1.2, "grato": 1.2, "confiavel": 1.8,
            "confianca": 1.2, "seguro": 0.8, "segura": 0.8, "honesto": 1.8, "honesta": 1.8, "atencioso": 1.8, "atenciosa": 1.8, "educado": 1.2,
            "eficiente": 1.8, "eficiencia": 1.8, "rapido": 1.2, "rapida": 1.2, "rapidos": 1.2, "rapidez": 1.5, "agil": 1.2, "agilidade": 1.2,
            "pontual": 1.5, "certinho": 1.5, "certinha": 1.5, "correto": 1.0, "correta": 1.0, "intacto": 1.2, "intacta": 1.2, "conforme": 0.6,
            "confortavel": 1.5, "macio": 1.0, "macia": 1.0, "cheiroso": 1.5, "cheirosa": 1.5, "resistente": 1.2, "pratico": 1.0, "pratica": 1.0,
            "util": 1.0, "ideal": 1.5, "barato": 0.8, "barata": 0.8, "economico": 1.0, "funciona": 0.8, "funcionando": 0.6, "aprovado": 1.8,
            "aprovei": 1.8, "aprovada": 1.8, "superou": 2.0, "surpreendeu": 1.5, "vale": 0.5, "sucesso": 1.5, "valeu": 1.5, "tranquilo": 1.0,
            "tranquila": 1.0, "bem": 0.6, "qualidade": 0.4, "elogios": 1.5, "caprichado": 1.5, "caprichada": 1.5, "original": 0.8, "brinde": 1.0,
            // complaints
            "ruim": -2.2, "ruin": -2.2, "ruins": -2.2, "pessimo": -3.0, "pessima": -3.0, "pessimos": -3.0, "horrivel": -3.0, "horriveis": -3.0,
            "terrivel": -3.0, "decepcionado": -2.5, "decepcionada": -2.5, "decepcao": -2.5, "decepcionante": -2.5, "insatisfeito": -2.5,
            "insatisfeita": -2.5, "lamentavel": -2.5, "absurdo": -2.2, "descaso": -2.5, "desrespeito": -2.5, "enganosa": -2.5, "enganado": -2.5,
            "enganada": -2.5, "golpe": -3.0, "fraude": -3.0, "falsificado": -2.5, "pirata": -2.2, "pior": -2.5, "piores": -2.5, "lixo": -3.0,
            "demorou": -1.5, "demora": -1.5, "demorando": -1.8, "demorado": -1.5, "demorada": -1.5, "lenta": -1.5, "lento": -1.5, "atraso": -1.8,
            "atrasado": -1.8, "atrasada": -1.8, "atrasou": -1.8, "atrasaram": -1.8, "aguardando": -1.2, "esperando": -1.0, "caro": -1.2, "cara": -0.6,
            "amassado": -1.8, "amassada": -1.8, "riscado": -1.8, "riscada": -1.8, "arranhado": -1.8, "arranhada": -1.8, "rasgado": -2.0,
            "rasgada": -2.0, "quebrado": -2.5, "quebrada": -2.5, "quebrou": -2.5, "quebrados": -2.5, "danificado": -2.2, "danificada": -2.2,
            "avariado": -2.2, "estragado": -2.2, "estragou": -2.2, "manchado": -1.8, "manchada": -1.8, "furado": -2.0, "vazando": -2.0,
            "defeito": -2.5, "defeitos": -2.5, "defeituoso": -2.5, "defeituosa": -2.5, "problema": -1.5, "problemas": -1.5, "errado": -2.0,
            "errada": -2.0, "errados": -2.0, "faltando": -1.8, "faltou": -1.8, "falta": -1.0, "diferente": -1.2, "fraco": -1.5, "fraca": -1.5,
            "fragil": -1.2, "frageis": -1.2, "inferior": -1.8, "mal": -1.5, "pequeno": -0.3, "infelizmente": -1.5, "pena": -0.8, "reclamar": -1.0,
            "reclamacao": -1.5, "devolver": -1.5, "devolvi": -2.0, "devolucao": -1.8, "devolvido": -1.8, "reembolso": -1.5, "estorno": -1.5,
            "cancelar": -1.5, "cancelado": -1.5, "cancelei": -1.8, "cancelamento": -1.5, "prejuizo": -2.2, "inadequada": -1.8, "inadequado": -1.8,
            "desconfortavel": -1.8, "duvidosa": -1.2, "pessimamente": -3.0, "extraviado": -2.2, "extraviou": -2.2, "nunca": -0.5, "transtorno": -2.0,
            "dor de cabeca": -2.2,
            // phrases (not negated again)
            "nao recomendo": -2.5, "nao recomendaria": -2.5, "nao gostei": -2.2, "nao gostou": -2.2, "nao compro mais": -2.5,
            "nunca mais": -2.5, "nao compraria": -2.2, "nao comprem": -2.8, "parou de funcionar": -2.5, "deixa a desejar": -2.2,
            "deixou a desejar": -2.2, "deixa muito a desejar": -2.8, "dinheiro de volta": -2.0, "veio errado": -2.2, "veio outro": -2.0,
            "veio faltando": -2.0, "nao funciona": -2.2, "nao funcionou": -2.2, "nao funcionam": -2.2, "caro demais": -1.8,
            "muito pequeno": -1.5, "muito pequena": -1.5, "qualidade ruim": -2.5, "baixa qualidade": -2.2, "mal acabado": -2.2,
            "dentro do prazo": 1.2, "antes do prazo": 1.8, "no prazo": 1.0, "bem embalado": 1.5, "bem embalada": 1.5, "vale a pena": 2.0,
            "custo beneficio": 1.5, "custo-beneficio": 1.5, "nota 10": 2.5, "nota dez": 2.5, "nota mil": 2.5, "nada a reclamar": 2.0,
            "sem problemas": 1.2, "tudo certo": 1.8, "tudo ok": 1.5, "tudo perfeito": 2.8, "como anunciado": 1.2, "conforme anunciado": 1.2,
            "conforme descrito": 1.2, "de acordo": 0.8, "a nao ser": -0.5, "a desejar": -2.0, "nao entregue": -2.2, "nem chegou": -2.2,
        ],
        negators: ["nao", "nunca", "nem", "sem", "jamais", "nada", "nenhum", "nenhuma"],
        boosters: ["muito": 0.3, "muita": 0.3, "mt": 0.3, "mto": 0.3, "bem": 0.2, "super": 0.4, "extremamente": 0.4, "bastante": 0.2,
                   "tao": 0.3, "totalmente": 0.3, "completamente": 0.3, "realmente": 0.3, "pouco": -0.3, "meio": -0.3],
        contrasts: ["mas", "porem", "contudo", "entretanto", "todavia"],
        // Neutral alone, a complaint when negated: "ainda não recebi", "não veio", "não coube".
        negatedOnly: ["recebi": -2.0, "recebido": -1.8, "recebeu": -1.8, "recebemos": -2.0, "chegou": -2.0, "chegaram": -2.0,
                      "veio": -1.5, "vieram": -1.5, "entregue": -2.0, "entregaram": -2.0, "entregou": -2.0, "funcionou": -2.0, "serve": -1.8,
                      "serviu": -1.8, "cabe": -1.5, "coube": -1.5, "confere": -1.8, "corresponde": -1.8, "condiz": -1.8, "responderam": -1.5,
                      "respondem": -1.5, "responde": -1.5, "liga": -1.8, "ligou": -1.8, "compraria": -2.0, "compro": -1.5, "gostei": -2.2,
                      "recomendo": -2.5, "recomendaria": -2.5, "funciona": -2.2, "esperava": -1.5, "reclamar": 1.5, "problema": 1.0,
                      "problemas": 1.0, "defeito": 1.0, "atraso": 0.8])
}
