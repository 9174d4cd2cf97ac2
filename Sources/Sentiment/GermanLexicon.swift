/// German review words (Amazon.de / Otto style), lowercase; valences on VADER's -4...4 scale,
/// written by hand. German puts "nicht" after the verb ("passt nicht", "gefällt mir nicht"), so a
/// negator just after a word negates it too (`negatesBackward`).
extension Lexicons {
    static let german = WordRules(
        lexicon: [
            // praise
            "gut": 1.9, "gute": 1.9, "guter": 1.9, "gutes": 1.9, "guten": 1.9, "super": 2.5, "toll": 2.5, "tolle": 2.5, "toller": 2.5, "tolles": 2.5,
            "top": 2.2, "perfekt": 2.8, "perfekte": 2.8, "einwandfrei": 2.5, "zufrieden": 2.0, "schnell": 1.2, "schnelle": 1.2, "schneller": 1.2,
            "freundlich": 1.8, "empfehlenswert": 2.2, "empfehlen": 1.8, "kaufempfehlung": 2.5, "prima": 2.2, "klasse": 2.2, "hervorragend": 3.0,
            "hervorragende": 3.0, "ausgezeichnet": 3.0, "passt": 1.2, "unbeschädigt": 1.2, "verpackt": 0.5, "wunderbar": 2.8, "wunderschön": 2.8,
            "schön": 2.0, "schöne": 2.0, "schönes": 2.0, "schoen": 2.0, "begeistert": 2.8, "spitze": 2.8, "genial": 2.8, "sauber": 1.2,
            "stabil": 1.5, "robust": 1.5, "hochwertig": 2.0, "hochwertige": 2.0, "bequem": 1.5, "praktisch": 1.5, "zuverlässig": 1.8,
            "pünktlich": 1.5, "problemlos": 1.8, "gerne": 1.2, "gern": 1.0, "danke": 1.0, "empfehle": 1.8, "gefällt": 1.8, "liebe": 1.8,
            "günstig": 1.0, "preiswert": 1.5, "angenehm": 1.5, "weich": 1.0, "funktioniert": 0.8, "lohnt": 1.5, "überzeugt": 2.0, "klappt": 1.0,
            "okay": 0.4, "ok": 0.4, "solide": 1.2, "preis-leistung": 0.8, "bestens": 2.5, "fantastisch": 3.0, "zügig": 1.2,
            // complaints
            "schlecht": -2.2, "schlechte": -2.2, "schlechter": -2.2, "schlechtes": -2.2, "enttäuscht": -2.5, "enttäuschend": -2.5,
            "enttäuschung": -2.5, "kaputt": -2.5, "defekt": -2.5, "defekte": -2.5, "langsam": -1.5, "teuer": -1.2, "zerkratzt": -1.8,
            "zerdrückt": -1.8, "beschädigt": -2.0, "beschädigte": -2.0, "zurückgeschickt": -2.0, "zurückgesendet": -2.0, "retour": -1.8,
            "retourniert": -2.0, "rücksendung": -1.8, "mangelhaft": -2.5, "billig": -1.0, "leider": -1.5, "ärgerlich": -2.0, "schrott": -3.0,
            "katastrophe": -3.0, "katastrophal": -3.0, "furchtbar": -2.8, "schrecklich": -2.8, "miserabel": -3.0, "unbrauchbar": -2.8,
            "fehlerhaft": -2.2, "falsch": -1.8, "falsche": -1.8, "falschen": -1.8, "fehlt": -1.8, "fehlten": -1.8, "gebrochen": -2.2,
            "zerbrochen": -2.5, "gerissen": -2.0, "verbogen": -1.8, "undicht": -2.0, "wackelig": -1.5, "dünn": -0.8, "klein": -0.2, "groß": -0.1,
            "verspätet": -1.8, "verspätung": -1.8, "unfreundlich": -2.0, "ärger": -2.0, "reklamation": -1.8, "reklamiert": -1.8, "finger weg": -3.0,
            "geldverschwendung": -3.0, "fake": -2.5, "gefälscht": -2.5, "stinkt": -2.2, "riecht": -0.8, "gestank": -2.2, "nervig": -1.8,
            "umständlich": -1.5, "schade": -1.8, "nie wieder": -2.8, "nicht mehr": -0.5, "minderwertig": -2.5, "lieblos": -1.8,
            // phrases (not negated again)
            "zu klein": -1.5, "zu groß": -1.5, "zu eng": -1.5, "zu weit": -1.2, "zu kurz": -1.2, "zu lang": -1.0, "zu teuer": -1.8,
            "viel zu": -0.5, "nicht empfehlenswert": -2.5, "nicht zu empfehlen": -2.5, "kein problem": 1.2, "keine probleme": 1.5,
            "ohne probleme": 1.5, "nicht schlecht": 1.2, "gar nicht": -0.8, "geht so": -0.5, "nach einer woche": -0.3,
            "wie beschrieben": 1.2, "wie abgebildet": 1.2, "würde ich nicht": -1.2,
        ],
        negators: ["nicht", "kein", "keine", "keinen", "keinem", "keiner", "nie", "niemals", "ohne", "kaum", "nichts"],
        boosters: ["sehr": 0.3, "wirklich": 0.3, "absolut": 0.3, "total": 0.3, "äußerst": 0.4, "extrem": 0.4, "super": 0.3, "echt": 0.2,
                   "besonders": 0.3, "richtig": 0.2, "etwas": -0.3, "ziemlich": 0.1, "viel": 0.2, "eher": -0.3, "relativ": -0.2, "bisschen": -0.3],
        contrasts: ["aber", "jedoch", "allerdings", "trotzdem", "obwohl"],
        // Neutral alone, a complaint when negated: "funktioniert nicht", "wurde nicht geliefert".
        negatedOnly: ["passt": -1.8, "funktioniert": -2.2, "funktionierte": -2.2, "geliefert": -2.0, "angekommen": -2.0, "gefällt": -1.8,
                      "hält": -1.8, "geht": -1.5, "schließt": -1.5, "lädt": -1.5, "empfehlen": -2.5, "empfehlenswert": -2.5, "kaufen": -1.5,
                      "bestellen": -1.5, "zufrieden": -2.0, "problem": 1.2, "probleme": 1.2, "beanstanden": 1.8, "meckern": 1.5, "mängel": 1.2],
        negatesBackward: true)
}
