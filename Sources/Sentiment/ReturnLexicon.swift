/// The words one language tells of a return with, and the words that scope them: the act
/// ("sent it back", "退货"), what cancels it in its clause (a negation, a question, policy text),
/// other senses of the same words, and the cues of each reason.
///
/// Latin lexicons are written folded (lowercase, no accents: "devolucao", "zuruckgeschickt") as
/// word sequences: `*` ends a word prefix, `|` separates alternatives of one word, `~` lets up to
/// four words stand between two parts of a German separable verb ("schicke es zurück"):
///
///     "return* it|them"   "schick*|send* ~ zuruck"   "troc* a|o pilha*|bateria*"
///
/// CJK lexicons are plain character strings.
struct ReturnLexicon: Sendable {
    /// en, zh, ja, pt or de.
    let language: String
    /// Word sequences (Latin) or character strings (CJK).
    let words: Bool
    /// The return, refund or exchange itself.
    let acts: [String]
    /// Act forms that tell of a return already made (a question about it is still a return):
    /// Latin words in or just before the act; CJK strings just after the act.
    let past: [String]
    /// CJK strings just before the act that make it past ("已经").
    var pastBefore: [String] = []
    /// Words that cancel the act shortly before it in its clause ("no need to", "没有").
    let negators: [String]
    /// Words that cancel the act right after it in its clause (Japanese "返品しなかった", "返品不可";
    /// German "schicke es nicht zurück" is covered by the act's own gap).
    var negatorsAfter: [String] = []
    /// Words that keep a negated act: the buyer wanted to return and was stopped ("can't return",
    /// "不给退款", "não consigo devolver").
    let blocked: [String]
    /// Words before the act in its clause that make it a question without a question mark, or a
    /// statement of policy ("支持七天无理由退货"): either way no return made, unless the act is past.
    let questions: [String]
    /// CJK sentence endings that ask ("吗", "ますか").
    var questionEnds: [String] = []
    /// Phrases that hold an act's words in another sense or as policy text: an act overlapping
    /// one of them is no return ("return policy", "em troca", "退色").
    let otherSenses: [String]
    /// Words that start a new clause (Latin: "but", "because"; CJK: "但是").
    let clauseWords: [String]
    /// Reason cues; the one nearest the act gives the review's reason.
    let reasons: [(ReturnReason, [String])]
}
