import Foundation

/// Watches the case in progress from its own thread: past the time budget or the memory cap it
/// writes the input and a replay command, and ends the process with exit 1. Each input is written
/// before it runs, so a crash (which no thread survives) leaves it behind too.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private let caseBudget: Double
    private let budgetPerMiB: Double
    private let maxRSSBytes: Int
    private let outDir: String
    private let seed: UInt64
    private var current: (kind: FuzzKind, index: UInt64, started: Date, cpuStart: Double, budget: Double)?
    private var slowest: (kind: FuzzKind, index: UInt64, seconds: Double)?

    init(caseBudget: Double, budgetPerMiB: Double, maxRSSBytes: Int, outDir: String, seed: UInt64) {
        self.caseBudget = caseBudget
        self.budgetPerMiB = budgetPerMiB
        self.maxRSSBytes = maxRSSBytes
        self.outDir = outDir
        self.seed = seed
    }

    func start() {
        let thread = Thread { [self] in
            while true {
                usleep(50_000)
                check()
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    func begin(kind: FuzzKind, case index: UInt64, input: String) {
        // Written before the run: after a crash this file is the reproducer.
        try? Data(input.utf8).write(to: URL(fileURLWithPath: "\(outDir)/current-input"))
        try? Data(replay(kind, index).utf8).write(to: URL(fileURLWithPath: "\(outDir)/current-replay"))
        // An HTML case runs seven extractions (six selector sets and the automatic one), each
        // bounded by the page's extraction work cap (HTMLLimits, 50M units: about a CPU second
        // in a debug build) rather than by the page's size.
        let base = kind == .html ? caseBudget * 8 : caseBudget
        let budget = base + budgetPerMiB * Double(input.utf8.count) / 1_048_576
        lock.lock(); current = (kind, index, Date(), Watchdog.cpuSeconds(), budget); lock.unlock()
    }

    func end() {
        lock.lock()
        if let c = current {
            let s = Watchdog.cpuSeconds() - c.cpuStart
            if s > (slowest?.seconds ?? -1) { slowest = (c.kind, c.index, s) }
        }
        current = nil
        lock.unlock()
    }

    var slowestDescription: String {
        lock.lock(); defer { lock.unlock() }
        guard let s = slowest else { return "none" }
        return String(format: "%.3f CPU s (%@ case %llu)", s.seconds, s.kind.rawValue, s.index)
    }

    private func check() {
        lock.lock()
        let c = current
        lock.unlock()
        let rss = Watchdog.currentRSSBytes()
        if rss > maxRSSBytes {
            fail("memory: \(rss / 1_048_576) MB resident, cap \(maxRSSBytes / 1_048_576) MB", c.map { ($0.kind, $0.index) })
        }
        guard let c else { return }
        // CPU time, not wall time: a busy machine (a build beside the fuzzer) must not make a
        // linear case look slow. A case that blocks without using CPU is caught by the wall limit.
        if Watchdog.cpuSeconds() - c.cpuStart > c.budget {
            fail(String(format: "hang: one %@ input used more than its budget of %.1f CPU seconds", c.kind.rawValue, c.budget), (c.kind, c.index))
        }
        if Date().timeIntervalSince(c.started) > max(60, 10 * c.budget) {
            fail(String(format: "hang: one %@ input has run %.0f s of wall time", c.kind.rawValue, Date().timeIntervalSince(c.started)), (c.kind, c.index))
        }
    }

    private func fail(_ problem: String, _ at: (FuzzKind, UInt64)?) -> Never {
        var message = "fuzz: FAILED: \(problem)\n"
        if let (kind, index) = at {
            let keep = "\(outDir)/failure-\(kind.rawValue)-\(seed)-\(index).txt"
            try? FileManager.default.removeItem(atPath: keep)
            try? FileManager.default.copyItem(atPath: "\(outDir)/current-input", toPath: keep)
            message += "fuzz: input kept in \(keep)\nfuzz: replay with: \(replay(kind, index))\n"
        }
        FileHandle.standardError.write(Data(message.utf8))
        _exit(1)
    }

    private func replay(_ kind: FuzzKind, _ index: UInt64) -> String {
        "pricewatch-fuzz --seed \(seed) --case \(index) --kind \(kind.rawValue)"
    }

    /// CPU seconds the process has used (the watchdog's polling adds microseconds).
    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// VmRSS from /proc/self/status, in bytes (0 where /proc is missing).
    static func currentRSSBytes() -> Int { statusField("VmRSS:") }
    /// VmHWM: the peak resident size so far.
    static func peakRSSBytes() -> Int { statusField("VmHWM:") }

    private static func statusField(_ name: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return 0 }
        let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return kb * 1024
    }
}
