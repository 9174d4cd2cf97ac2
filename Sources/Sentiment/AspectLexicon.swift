import Config
import Foundation

/// Which words name which aspect, per language (`Jobs/aspects.yml`).
public struct AspectLexicon: Sendable, Equatable {
    /// aspect -> language -> terms, lowercased.
    public let terms: [String: [String: [String]]]
    /// The aspects in file order.
    public let order: [String]

    public static let languages: Set<String> = ["en", "de", "pt", "es", "zh", "ja"]

    public init(terms: [String: [String: [String]]], order: [String]) {
        self.terms = terms
        self.order = order
    }

    /// Loads and validates an aspects file; errors name the file, line and key.
    public static func load(path: String) throws -> AspectLexicon {
        try parse(yaml: ConfigNode.readFile(path), file: path)
    }

    public static func parse(yaml: String, file: String) throws -> AspectLexicon {
        let root = try ConfigNode.load(yaml: yaml, file: file)
        let top = try root.mapping(allowed: ["aspects"])
        guard let aspectsNode = top["aspects"] else { throw root.error("missing key 'aspects'") }
        guard case .mapping(let m) = aspectsNode.node else { throw aspectsNode.error("expected a mapping of aspect names") }
        var terms: [String: [String: [String]]] = [:]
        var order: [String] = []
        for (k, v) in m {
            guard let aspect = k.string else { throw aspectsNode.error("aspect names must be strings") }
            let node = aspectsNode.child(v, aspect)
            var perLanguage: [String: [String]] = [:]
            for (lang, list) in try node.mapping(allowed: languages) {
                let words = try list.stringList().map { $0.lowercased() }.filter { !$0.isEmpty }
                if words.isEmpty { throw list.error("no terms") }
                perLanguage[lang] = words
            }
            if perLanguage.isEmpty { throw node.error("no languages") }
            terms[aspect] = perLanguage
            order.append(aspect)
        }
        return AspectLexicon(terms: terms, order: order)
    }

    /// The aspects a clause mentions: (aspect, the term found), each aspect once, in file order.
    public func find(in clause: some StringProtocol, language: String) -> [(aspect: String, term: String)] {
        let lower = clause.lowercased()
        let cjk = language == "zh" || language == "ja"
        let words = cjk ? [] : lower.split(whereSeparator: { !($0.isLetter || $0 == "-") })
        let padded = " " + words.joined(separator: " ") + " "
        var out: [(String, String)] = []
        for aspect in order {
            guard let list = terms[aspect]?[language] ?? (cjk ? nil : terms[aspect]?["en"]) else { continue }
            for term in list {
                let hit: Bool
                if cjk { hit = lower.contains(term) }
                else if term.contains(" ") { hit = padded.contains(" " + term + " ") || padded.contains(" " + term) }
                else { hit = words.contains { $0.hasPrefix(term) } }
                if hit { out.append((aspect, term)); break }
            }
        }
        return out
    }

    /// The lexicon shipped as `Jobs/aspects.yml`, compiled in so the analyzer works anywhere.
    public static let builtIn: AspectLexicon = {
        do { return try parse(yaml: builtInYAML, file: "<built-in aspects>") } catch { fatalError("built-in aspects: \(error)") }
    }()
}
