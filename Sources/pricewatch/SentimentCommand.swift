import ArgumentParser
import Config
import Crawl
import Foundation
import Sentiment

/// `pricewatch sentiment`: scores a text, or `id<TAB>text` lines on stdin.
struct SentimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentiment",
        abstract: "Score review text: sentiment in [-1, 1], label, language and aspects as JSON.",
        discussion: """
        Batch mode (--tsv) reads id<TAB>text lines on stdin and writes id<TAB>score<TAB>label lines, in \
        order, one per input; a malformed line gives id<TAB>error<TAB>reason on its line.
        """)

    @Argument(help: "The text to score (omit with --tsv).") var text: String?
    @Flag(help: "Read id<TAB>text lines on stdin, write id<TAB>score<TAB>label lines.") var tsv = false
    @Option(help: "Language code (en, de, pt, es, zh, ja) instead of detecting it.") var language: String?
    @Option(help: "Aspect lexicon (default Jobs/aspects.yml when present, else the built-in one).") var aspects: String?
    @Option(help: "The review's star rating (1-5), stored beside the text score.") var rating: Double?
    @Flag(help: .hidden) var features = false

    func validate() throws {
        if tsv && text != nil { throw ValidationError("give either TEXT or --tsv, not both") }
        if !tsv && text == nil { throw ValidationError("missing TEXT (or use --tsv)") }
        if let text, text.allSatisfy({ $0.isWhitespace }) { throw ValidationError("TEXT is empty: there is nothing to score") }
        if let rating, !(1...5).contains(rating) { throw ValidationError("--rating is a star rating from 1 to 5, got \(rating)") }
    }

    func run() throws {
        let analyzer = SentimentAnalyzer(aspects: try Self.loadAspects(aspects))
        if let text {
            let r = analyzer.analyze(body: text, rating: rating, language: language)
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try enc.encode(r) + Data("\n".utf8))
            return
        }
        var out = Data()
        out.reserveCapacity(1 << 16)
        var lineNumber = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            let row = features ? SentimentAnalyzer.featureRow(line, language: language) : analyzer.tsvRow(line, lineNumber: lineNumber, language: language)
            out.append(contentsOf: Array(row.utf8))
            out.append(0x0A)
            if out.count >= 1 << 16 {
                FileHandle.standardOutput.write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(out)
    }

    static func loadAspects(_ path: String?) throws -> AspectLexicon {
        let p = path ?? "Jobs/aspects.yml"
        guard path != nil || FileManager.default.fileExists(atPath: p) else { return .builtIn }
        do { return try AspectLexicon.load(path: p) } catch {
            printErr("\(error)")
            throw ExitCode(ExitStatus.configuration.rawValue)
        }
    }
}
