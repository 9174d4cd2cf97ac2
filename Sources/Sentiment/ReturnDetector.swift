/// Finds the return, refund or exchange a review tells of, in English, Chinese, Japanese,
/// Portuguese or German, and classifies why: the reason cue nearest the return words.
///
///     ReturnDetector.detect(title: "Returned it", body: "Way too small, it runs two sizes small.")?.reason   // .sizeFit
///     ReturnDetector.detect(body: "尺码偏小，穿不上，已经退货了。")?.reason                                   // .sizeFit
///     ReturnDetector.detect(body: "No need to return it, works great.")                                    // nil
///     ReturnDetector.detect(body: "Can I return it if it doesn't fit?")                                    // nil
///
/// A return is cancelled by a negation shortly before it in its clause ("não precisei devolver",
/// "没有退货"), by a question about a return not yet made ("可以退货吗?"), and when its words are
/// policy text or another sense ("return policy", "返品不可", "troca de pulseira", "退色").
/// Rules only: the lexicons (`ReturnLexicons`) and a clause scope. Time is linear in the text,
/// which is read up to `maxScalars`.
public enum ReturnDetector {
    /// Text past this is not read: a hostile page can make a 16 KB "review"; a buyer's return
    /// story is told well before.
    public static let maxScalars = 4_000

    public static func detect(title: String? = nil, body: String, language: String? = nil) -> ReturnMention? {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(min(maxScalars, body.utf8.count + (title?.utf8.count ?? 0) + 1))
        // The title is a sentence of its own: "Returned it" / "Too small".
        for part in [title ?? "", body] where !part.isEmpty {
            if !scalars.isEmpty { scalars.append("\n") }
            for u in part.unicodeScalars {
                if scalars.count == maxScalars { break }
                scalars.append(u)
            }
        }
        // One reading per script, shared by its lexicons (each adds its own clause words).
        var latin: ReturnText?, cjk: ReturnText?
        for lexicon in lexicons(for: scalars, language: language) {
            if lexicon.words && latin == nil { latin = ReturnText(scalars, words: true) }
            if !lexicon.words && cjk == nil { cjk = ReturnText(scalars, words: false) }
            if let m = lexicon.detect(lexicon.words ? latin! : cjk!) { return m }
        }
        return nil
    }

    static let compiled: [String: CompiledReturnLexicon] = {
        var d: [String: CompiledReturnLexicon] = [:]
        for l in ReturnLexicons.all { d[l.language] = CompiledReturnLexicon(l) }
        return d
    }()

    /// The lexicons to try, the given language first: a misdetected language (short Portuguese
    /// reviews taken for English, kanji-only Japanese for Chinese) still finds its return words.
    static func lexicons(for scalars: [Unicode.Scalar], language: String?) -> [CompiledReturnLexicon] {
        var han = false, kana = false, latin = false
        for u in scalars {
            switch u.value {
            case 0x3040...0x30FF: kana = true
            case 0x4E00...0x9FFF: han = true
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F: latin = true
            default: break
            }
        }
        var order: [String] = []
        if kana { order += ["ja", "zh"] } else if han { order += ["zh", "ja"] }
        if latin {
            // Each lexicon's return words are its own language's, so the order only matters for
            // the rare text holding two languages' cues: no language detection is needed.
            order += ["en", "pt", "de"]
        }
        if let given = language.map({ String($0.prefix(2)).lowercased() }), let i = order.firstIndex(of: given) {
            order.insert(order.remove(at: i), at: 0)
        }
        return order.compactMap { compiled[$0] }
    }
}

/// A lexicon made ready to match: patterns indexed by their first character.
struct CompiledReturnLexicon: Sendable {
    let language: String
    let words: Bool
    let acts, past, pastBefore, negators, negatorsAfter, blocked, questions, questionEnds, otherSenses: PatternSet
    let clauseWords: PatternSet
    let reasons: PatternSet
    let reasonOf: [ReturnReason]

    init(_ l: ReturnLexicon) {
        language = l.language
        words = l.words
        let make = { (list: [String]) in PatternSet(list, words: l.words) }
        acts = make(l.acts); past = make(l.past); pastBefore = make(l.pastBefore); negators = make(l.negators)
        negatorsAfter = make(l.negatorsAfter); blocked = make(l.blocked); questions = make(l.questions)
        questionEnds = make(l.questionEnds); otherSenses = make(l.otherSenses); clauseWords = make(l.clauseWords)
        reasons = make(l.reasons.flatMap(\.1))
        reasonOf = l.reasons.flatMap { r in r.1.map { _ in r.0 } }
    }

    /// Negations and the words that keep them from cancelling look this far before the act.
    static let window = 5

    func detect(_ text: ReturnText) -> ReturnMention? {
        let n = text.count
        let found = acts.spans(in: text)
        guard n > 0, !found.isEmpty else { return nil }
        var scoped = text
        scoped.scope(by: clauseWords)
        let doc = scoped
        let senses = otherSenses.spans(in: doc)
        for act in found {
            if senses.contains(where: { $0.start < act.end && act.start < $0.end }) { continue }
            let clause = doc.clause[act.start]
            let w = Self.window
            func inClause(_ s: PatternSet.Span) -> Bool { doc.clause[s.start] == clause && doc.clause[max(s.start, s.end - 1)] == clause }
            // Before: starts in the window and ends by the act; inside the act (a separable verb's gap); right after.
            let before = { (set: PatternSet) in set.spans(in: doc, from: max(0, act.start - w), to: act.start).contains { inClause($0) && $0.end <= act.end } }
            let after = { (set: PatternSet) in set.spans(in: doc, from: act.end, to: min(n, act.end + 1)).contains(where: inClause) }
            let inside = act.end - act.start > 1 && words && negators.spans(in: doc, from: act.start + 1, to: act.end - 1).contains(where: inClause)
            let isPast = (words ? past.spans(in: doc, from: max(0, act.start - 2), to: act.end).contains { inClause($0) && $0.end <= act.end } : after(past))
                || pastBefore.spans(in: doc, from: max(0, act.start - 3), to: act.start).contains { inClause($0) && $0.end <= act.start }
            let negations = negators.spans(in: doc, from: max(0, act.start - w), to: act.start).filter { inClause($0) && $0.end <= act.start }
            let negated = (!negations.isEmpty || inside || after(negatorsAfter)) && !before(blocked) && !after(blocked)
            // Chinese: "没用几天就退货了" is a return (了), "懒得退了" is not (the negation touches the verb).
            let adjacent = negations.contains { $0.end == act.start }
            if negated && !(language == "zh" && isPast && !adjacent) { continue }
            let asked = doc.isQuestion(sentenceOf: act.start, ends: questionEnds)
                || questions.spans(in: doc, from: doc.clauseStart(act.start), to: act.start).contains { inClause($0) }
            if asked && !isPast { continue }
            let (reason, cue) = nearestReason(to: act, in: doc)
            return ReturnMention(reason: reason, cue: doc.text(act), reasonCue: cue.map { doc.text($0) },
                                 quote: doc.quote(around: [act] + (cue.map { [$0] } ?? [])), language: language)
        }
        return nil
    }

    /// The reason cue nearest the act anywhere in the review; a cue inside a longer one
    /// ("broken" in "arrived broken") gives way to it; ties go to the earlier reason.
    func nearestReason(to act: PatternSet.Span, in doc: ReturnText) -> (ReturnReason, PatternSet.Span?) {
        var best: (distance: Int, reason: ReturnReason, span: PatternSet.Span)?
        // Spans come by start, longer first: one inside an earlier, longer one ends by the farthest end so far.
        var reach = (start: -1, end: -1)
        for s in reasons.spans(in: doc) {
            let inside = reach.end >= s.end && (reach.start, reach.end) != (s.start, s.end)
            if s.end > reach.end { reach = (s.start, s.end) }
            if inside { continue }
            let d = s.end <= act.start ? act.start - s.end : s.start >= act.end ? s.start - act.end : 0
            let r = reasonOf[s.pattern]
            if best == nil || d < best!.distance || (d == best!.distance && r < best!.reason) { best = (d, r, s) }
        }
        guard let b = best else { return (.other, nil) }
        return (b.reason, b.span)
    }
}
