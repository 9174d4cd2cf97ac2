// `make fuzz`: generated hostile robots.txt, YAML, HTML, price texts and CSV fed to the entry points
// the CLI and the crawl call, for a bounded time. It fails (exit 1) on a crash, on one input that
// runs past its time budget, or on memory past its cap, and leaves the input behind to replay:
//
//     pricewatch-fuzz --seconds 60                 # a new seed each run, printed first
//     pricewatch-fuzz --seed 42 --case 1234 --kind html   # replay one case exactly
//
// Inputs are at most 256 KiB; a case's time budget grows with its size (see `caseBudget`), so a
// case that needs seconds is super-linear, which is the bug class sought.
import Foundation

struct FuzzOptions {
    var seconds = 60.0
    var seed = UInt64(UInt32(truncatingIfNeeded: Int(Date().timeIntervalSince1970 * 1000)))
    var onlyCase: UInt64?
    /// A saved input (a kept failure, or a file of one's own) run once instead of generated ones.
    var inputFile: String?
    var kinds = FuzzKind.allCases
    /// One input's budget in seconds of wall time (the watchdog's, not a test assertion): a base
    /// plus a share per MiB of input. Linear work stays under a fifth of it even in a debug build
    /// (the slowest kind, selector YAML, takes about 3 s per MiB there), and a quadratic path on
    /// a 256 KiB input passes it by far (the catalog header case took 6 s, an AutoExtractor case
    /// over 10 s).
    var caseBudget = 1.0
    var budgetPerMiB = 16.0
    /// Resident memory past which the process counts as unbounded.
    var maxRSSBytes = 1_536 * 1_048_576
    var outDir = ".build/fuzz"
    var repoRoot = FileManager.default.currentDirectoryPath

    static func parse(_ args: [String]) -> FuzzOptions {
        var o = FuzzOptions()
        var i = 0
        func value() -> String {
            i += 1
            guard i < args.count else { usage("\(args[i - 1]) needs a value") }
            return args[i]
        }
        while i < args.count {
            switch args[i] {
            case "--seconds": o.seconds = Double(value()) ?? { usage("--seconds takes a number") }()
            case "--seed": o.seed = UInt64(value()) ?? { usage("--seed takes a non-negative integer") }()
            case "--case": o.onlyCase = UInt64(value()) ?? { usage("--case takes a non-negative integer") }()
            case "--kind":
                let names = value().split(separator: ",").map(String.init)
                o.kinds = names.map { n in FuzzKind(rawValue: n) ?? { usage("unknown kind '\(n)'") }() }
            case "--input": o.inputFile = value()
            case "--case-budget": o.caseBudget = Double(value()) ?? { usage("--case-budget takes seconds") }()
            case "--budget-per-mib": o.budgetPerMiB = Double(value()) ?? { usage("--budget-per-mib takes seconds") }()
            case "--max-rss-mb": o.maxRSSBytes = (Int(value()) ?? { usage("--max-rss-mb takes an integer") }()) * 1_048_576
            case "--out": o.outDir = value()
            case "--help", "-h": usage(nil)
            default: usage("unknown argument '\(args[i])'")
            }
            i += 1
        }
        return o
    }
}

func usage(_ problem: String?) -> Never {
    if let problem { FileHandle.standardError.write(Data("pricewatch-fuzz: \(problem)\n".utf8)) }
    print("usage: pricewatch-fuzz [--seconds N] [--seed S] [--case I] [--kind \(FuzzKind.allCases.map(\.rawValue).joined(separator: ","))]")
    print("                       [--case-budget SECONDS] [--budget-per-mib SECONDS] [--max-rss-mb MB] [--out DIR]")
    print("       pricewatch-fuzz --input FILE --kind KIND     # run one saved input")
    exit(problem == nil ? 0 : 2)
}

let options = FuzzOptions.parse(Array(CommandLine.arguments.dropFirst()))
try? FileManager.default.createDirectory(atPath: options.outDir, withIntermediateDirectories: true)
let targets = FuzzTargets(repoRoot: options.repoRoot)
let watchdog = Watchdog(caseBudget: options.caseBudget, budgetPerMiB: options.budgetPerMiB, maxRSSBytes: options.maxRSSBytes, outDir: options.outDir, seed: options.seed)
watchdog.start()

if let file = options.inputFile {
    guard options.kinds.count == 1, let data = FileManager.default.contents(atPath: file) else { usage("--input needs a readable FILE and one --kind") }
    let input = String(decoding: data, as: UTF8.self)
    watchdog.begin(kind: options.kinds[0], case: 0, input: input)
    targets.run(options.kinds[0], input)
    watchdog.end()
    print("fuzz: \(file) as \(options.kinds[0].rawValue): done in \(watchdog.slowestDescription), peak RSS \(Watchdog.peakRSSBytes() / 1_048_576) MB")
    exit(0)
}

print("fuzz: seed \(options.seed), \(options.seconds) s, kinds \(options.kinds.map(\.rawValue).joined(separator: ","))")
let started = Date()
var counts: [FuzzKind: Int] = [:]
var index: UInt64 = options.onlyCase ?? 0
repeat {
    let kind = options.kinds[Int(index % UInt64(options.kinds.count))]
    var generator = HostileText(seed: options.seed, case: index)
    let input = generator.text(for: kind)
    watchdog.begin(kind: kind, case: index, input: input)
    targets.run(kind, input)
    watchdog.end()
    counts[kind, default: 0] += 1
    index += 1
} while options.onlyCase == nil && Date().timeIntervalSince(started) < options.seconds

let total = counts.values.reduce(0, +)
let perKind = FuzzKind.allCases.compactMap { k in counts[k].map { "\(k.rawValue) \($0)" } }.joined(separator: ", ")
print("fuzz: \(total) cases (\(perKind)) in \(String(format: "%.0f", Date().timeIntervalSince(started))) s, "
      + "slowest \(watchdog.slowestDescription), peak RSS \(Watchdog.peakRSSBytes() / 1_048_576) MB")
