import ArgumentParser
import Crawl
import Foundation
import Logging
import Store

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Crawl from the shared PostgreSQL frontier, alongside any number of other workers.",
        discussion: """
        pricewatch run --db postgres://... JOB enqueues a run; every worker claims due URLs with leases \
        (FOR UPDATE SKIP LOCKED), fetches and extracts them with the job's selectors, and stores each \
        page in one transaction. Per-host concurrency and delay (the job's per_host_concurrency and \
        per_host_delay) are permits in the database, so they hold across all workers. A worker killed \
        mid-run loses only its leases: after --lease seconds another worker takes those URLs again. \
        SIGINT/SIGTERM finish the pages in flight and give the rest back.

        Example: pricewatch worker --db postgres://pw@db.internal/pricewatch --concurrency 32 --jobs-dir Jobs
        """)

    @Option(help: "Folder of job files (a run's job is loaded from here by name).") var jobsDir = "Jobs"
    @Option(help: "Pages in flight in this worker.") var concurrency = 16
    @Option(help: "Seconds a claimed URL stays this worker's before others may take it.") var lease: Double = 120
    @Option(help: "Name in leases and the fetch log (default host:pid).") var name: String?
    @Option(help: "Pages stored per transaction at most (a quarter of --concurrency is used below that; 1 = each page on its own).") var batch = 32
    @Flag(help: "Exit when no run has work left (default: keep waiting for new runs).") var untilIdle = false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
        guard lease >= 1 else { throw ValidationError("--lease must be at least 1 second") }
    }

    func run() async throws {
        let logger = logging.bootstrap()
        let store = try database.open()
        guard let frontier = store as? any SharedFrontier else {
            try fail("workers share a PostgreSQL frontier: pass --db postgres://... (or PRICEWATCH_DB); \(database.shown) is a SQLite file, crawled by `pricewatch run`", status: .configuration)
        }
        var options = CrawlWorker.Options()
        options.concurrency = concurrency
        options.lease = lease
        options.untilIdle = untilIdle
        options.completeBatch = max(1, batch)
        if let name { options.name = name }
        let dir = jobsDir
        let worker = CrawlWorker(frontier: frontier, options: options, logger: logger) { jobName in
            let jobs = try Scheduler.loadJobs(directory: dir)
            guard let job = jobs.first(where: { $0.name == jobName }) else {
                throw CrawlRunner.RunError.configuration("no job named \(jobName) in \(dir)")
            }
            return job
        }
        let signals = SignalTrap { worker.requestStop() }
        defer { signals.cancel() }
        logger.info("worker started", metadata: ["name": "\(options.name)", "db": "\(database.shown)", "concurrency": "\(concurrency)"])
        do {
            let s = try await worker.run()
            print("worker \(options.name): pages=\(s.pages) stored=\(s.stored) lost-leases=\(s.lost) errors=\(s.errors) runs-finished=\(s.runsFinished.map(String.init).joined(separator: ","))")
            if s.errors > 0 { throw ExitCode(ExitStatus.storage.rawValue) }
        } catch let e as ExitCode { throw e } catch {
            try fail(error, status: .storage)
        }
    }
}
