import ArgumentParser
import Crawl
import Dispatch
import Foundation
import Logging
import Store

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run jobs now, or (with --due) the ones whose schedule has come: what cron calls.",
        discussion: """
        Cron: */5 * * * * cd /srv/pricewatch && ./pricewatch run --due --log-format json >> pricewatch.log 2>&1

        --due runs each job in --jobs-dir whose schedule fired since its last completed run (a job that \
        never ran is due at once); schedules are read in each job's time zone. A job never runs twice \
        at once: a second invocation exits 3, and a lease left by a crashed run is taken over once its \
        process is gone. SIGINT/SIGTERM stop cleanly: what was extracted is committed, the run is marked \
        interrupted, and `run JOB --resume` continues its frontier. Logs go to stderr (--log-format json \
        for log shippers); a progress bar shows only on a terminal; one summary line ends every run.

        Exit codes: 0 ok, 1 finished with alarms (see `pricewatch health`; also a site of which not one \
        page could be fetched), 2 configuration error, 3 another run holds the lease, 4 interrupted, \
        5 storage error (also a damaged database: the file's structure is checked before the crawl, \
        about 5 s per GB). An invalid job file is reported (file:line:key) and the valid jobs still run; \
        the exit code is then 2. When several jobs end differently, the most severe code wins: \
        5, then 2, 4, 3, 1, 0.

        With --db postgres://... the run goes to the shared frontier instead: the job's start URLs \
        are enqueued (exit 3 if its previous run still has work) and `pricewatch worker` processes on \
        any number of hosts crawl them; --wait waits here until the workers finish the run.
        """)

    @Argument(help: "Job names (file names in --jobs without .yml). None with --due: all due jobs.") var jobs: [String] = []
    @Flag(help: "Run only the jobs whose schedule has come since their last completed run.") var due = false
    @Flag(help: "List what would run, and when each job fires next; run nothing.") var dryRun = false
    @Flag(help: "Continue the job's last interrupted or incomplete run from its stored frontier.") var resume = false
    @Option(help: "Folder of job files.") var jobsDir = "Jobs"
    @Option(name: .customLong("var"), help: "A value for ${NAME} in start URLs, NAME=VALUE (repeatable).") var variables: [String] = []
    @Option(help: "Replay cache directory (responses stored and served from there).") var cache: String?
    @Flag(help: "PostgreSQL only: wait until the workers have finished the enqueued runs.") var wait = false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if jobs.isEmpty && !due { throw ValidationError("name the jobs to run, or pass --due") }
        for v in variables where !v.contains("=") { throw ValidationError("--var takes NAME=VALUE, got '\(v)'") }
    }

    func run() async throws {
        let logger = logging.bootstrap()
        // One broken job file must not stop cron from running the others: it is reported (file:line:key)
        // and the exit code says so (2, unless something worse happened), the valid jobs still run.
        let all: [Job], broken: [Scheduler.BrokenJobFile]
        do { (all, broken) = try Scheduler.loadValidJobs(directory: requireJobsFolder(jobsDir)) } catch {
            try fail(error, status: .configuration)
        }
        for b in broken { FileHandle.standardError.write(Data(StderrLogHandler.errorLine("\(b.error)", status: ExitStatus.configuration.rawValue).utf8)) }
        let loadStatuses: [ExitStatus] = broken.isEmpty ? [] : [.configuration]
        var selected = all
        if !jobs.isEmpty {
            let unknown = jobs.filter { name in !all.contains { $0.name == name } && !broken.contains { $0.name == name } }
            if !unknown.isEmpty { try fail("no job named \(unknown.joined(separator: ", ")) in \(jobsDir) (have: \(all.map(\.name).joined(separator: ", ")))", status: .configuration) }
            selected = all.filter { jobs.contains($0.name) }
        }
        let store = try database.open()
        if due {
            let decisions: [Scheduler.Decision]
            do { decisions = try Scheduler(store: store).decisions(selected, now: Date()) } catch { try fail(error, status: .storage) }
            if dryRun {
                let f = ISO8601DateFormatter()
                for d in decisions {
                    print("\(d.due ? "due " : "wait") \(d.job.name)  schedule \(d.job.schedule) (\(d.job.timeZone.identifier))  last \(d.lastRun.map(f.string) ?? "never")  next \(d.nextFire.map(f.string) ?? "never")")
                }
                try exitWithWorst(of: loadStatuses)
                return
            }
            selected = decisions.filter(\.due).map(\.job)
            if selected.isEmpty {
                logger.info("no job is due")
                try exitWithWorst(of: loadStatuses)
                return
            }
        } else if dryRun {
            for j in selected { print("would run \(j.name) (\(j.sites.count) site(s), \(j.sites.flatMap(\.start).count) start URL(s))") }
            try exitWithWorst(of: loadStatuses)
            return
        }

        var vars: [String: String] = [:]
        for v in variables { let kv = v.split(separator: "=", maxSplits: 1); vars[String(kv[0])] = kv.count > 1 ? String(kv[1]) : "" }
        if let shared = store as? any SharedFrontier {
            try await enqueue(selected, into: shared, variables: vars, logger: logger, statuses: loadStatuses)
            return
        }
        try refuseDamaged(store)
        let runner = CrawlRunner(store: store, lockDirectory: database.lockDirectory ?? database.path + ".locks", logger: logger)
        let signals = SignalTrap { runner.requestStop() }
        defer { signals.cancel() }
        var statuses = loadStatuses
        for job in selected {
            if runner.isStopRequested { statuses.append(.interrupted); break }
            var options = CrawlRunner.RunOptions()
            options.resume = resume
            options.variables = vars
            options.cacheDirectory = cache
            let bar = ProgressLine(job: job.name)
            options.onProgress = { bar.update($0) }
            do {
                let outcome = try await runner.run(job, options: options)
                bar.finish()
                for a in outcome.alarms { logger.warning("alarm", metadata: ["job": "\(job.name)", "site": "\(a.site)", "alarm": "\(a.kind.rawValue)", "detail": "\(a.message)"]) }
                summary(outcome.summary, job: job.name, status: outcome.status, logger: logger)
                statuses.append(outcome.status)
            } catch let e as CrawlRunner.RunError {
                bar.finish()
                if e.exitStatus == .leaseHeld {
                    // Expected under cron when a run outlasts the interval: not an error.
                    logger.notice("run skipped", metadata: ["job": "\(job.name)", "reason": "\(e)"])
                } else {
                    logger.error("run failed", metadata: ["job": "\(job.name)", "error": "\(e)"])
                }
                if StderrLogHandler.activeFormat != .json { print("run \(job.name): \(e.exitStatus.meaning): \(e)") }
                statuses.append(e.exitStatus)
            }
        }
        try exitWithWorst(of: statuses)
    }

    /// A damaged file is not written to: SQLite only notices damage on the pages a statement
    /// touches, so a crawl could succeed (exit 0) on a file `db check` calls damaged, and add to it.
    func refuseDamaged(_ store: any PriceStoring) throws {
        guard let sqlite = store as? PriceStore else { return }
        var problems: [String]
        do { problems = try sqlite.quickCheckProblems() } catch StoreError.corrupt(_, let found) { problems = found } catch { try fail(error, status: .storage) }
        guard let first = problems.first else { return }
        try fail("\(database.shown) is damaged (\(first)\(problems.count > 1 ? ", and more" : "")); nothing was crawled. "
                 + "`pricewatch db check` lists the problems; restore a backup (`pricewatch db backup` makes one)", status: .storage)
    }

    /// The most severe status decides the process's code (see `ExitStatus.worst`).
    func exitWithWorst(of statuses: [ExitStatus]) throws {
        let worst = ExitStatus.worst(statuses)
        if worst != .ok { throw ExitCode(worst.rawValue) }
    }
}

extension RunCommand {
    /// PostgreSQL: each job's start URLs go to the shared frontier for the workers.
    func enqueue(_ jobs: [Job], into frontier: any SharedFrontier, variables: [String: String], logger: Logger, statuses initial: [ExitStatus]) async throws {
        var statuses = initial
        var started: [(job: String, run: Int64)] = []
        for job in jobs {
            var options = CrawlRunner.RunOptions()
            options.variables = variables
            do {
                let run = try CrawlRunner.enqueue(job, frontier: frontier, options: options)
                print("run \(run) \(job.name): enqueued for the workers (\(database.shown))")
                started.append((job.name, run))
            } catch let e as CrawlRunner.RunError {
                print("run \(job.name): \(e.exitStatus.meaning): \(e)")
                statuses.append(e.exitStatus)
            }
        }
        if wait {
            for (job, run) in started {
                while true {
                    guard let r = try frontier.runs(job: job, limit: 20).first(where: { $0.id == run }) else { break }
                    if r.status != .running {
                        print("run \(run) \(job): \(r.status.rawValue) \(r.statsJSON ?? "")")
                        statuses.append(r.status == .ok ? .ok : r.status == .alarms ? .alarms : .interrupted)
                        break
                    }
                    try await Task.sleep(nanoseconds: 500_000_000)
                }
            }
        }
        let worst = ExitStatus.worst(statuses)
        if worst != .ok { throw ExitCode(worst.rawValue) }
    }
}

/// SIGINT and SIGTERM call `handler` once instead of killing the process.
final class SignalTrap: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []

    init(_ handler: @escaping @Sendable () -> Void) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler {
                FileHandle.standardError.write(Data("\npricewatch: stopping (signal \(sig)); committing what was extracted\n".utf8))
                handler()
            }
            s.resume()
            sources.append(s)
        }
    }

    func cancel() { sources.forEach { $0.cancel() } }
}

/// A live progress line, only when stderr is a terminal; at most ten redraws a second.
final class ProgressLine: @unchecked Sendable {
    let job: String
    let enabled = isatty(2) == 1
    private let lock = NSLock()
    private var last = 0.0
    private var drawn = false

    init(job: String) { self.job = job }

    func update(_ p: RunProgress) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        guard p.elapsed - last >= 0.1 else { return }
        last = p.elapsed
        let rate = p.elapsed > 0 ? Double(p.done) / p.elapsed : 0
        let eta = rate > 0 ? Double(p.queued) / rate : 0
        let line = String(format: "\r%@: %d done, %d queued, %d items, %d errors, %.0f pages/s, ETA %.0fs   ", job, p.done, p.queued, p.items, p.errors, rate, eta)
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

extension RunCommand {
    /// The one-line summary of a finished run: on stdout for people, or with `--log-format json` a
    /// JSON log line like every other line (a cron log of `>> file 2>&1` stays JSON throughout).
    func summary(_ text: String, job: String, status: ExitStatus, logger: Logger) {
        if StderrLogHandler.activeFormat == .json {
            logger.info("run finished", metadata: ["job": "\(job)", "status": "\(status.rawValue)", "summary": "\(text)"])
        } else {
            print(text)
        }
    }
}
