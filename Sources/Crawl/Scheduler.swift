import Foundation
import Store

/// Decides which jobs `run --due` runs: those whose schedule fired since their last completed run.
///
///     let due = try Scheduler(store: store).dueJobs(jobs, now: Date())
public struct Scheduler {
    let store: any PriceStoring

    public init(store: any PriceStoring) { self.store = store }

    public struct Decision: Sendable {
        public var job: Job
        public var due: Bool
        public var lastRun: Date?
        /// When it fires next (after the last run, or now for a job never run).
        public var nextFire: Date?
    }

    public func decisions(_ jobs: [Job], now: Date) throws -> [Decision] {
        try jobs.map { job in
            let last = try store.lastCompletedRun(job: job.name)?.startedAt
            return Decision(job: job, due: job.schedule.isDue(lastRun: last, now: now), lastRun: last,
                            nextFire: job.schedule.nextFire(after: last ?? now))
        }
    }

    public func dueJobs(_ jobs: [Job], now: Date) throws -> [Job] {
        try decisions(jobs, now: now).filter(\.due).map(\.job)
    }

    /// Every `*.yml` job in a folder (not the aspect or repricing rule files), sorted by name;
    /// the first invalid file's error is thrown.
    public static func loadJobs(directory: String) throws -> [Job] {
        let loaded = try loadValidJobs(directory: directory)
        if let first = loaded.broken.first { throw first.error }
        return loaded.jobs
    }

    /// A job file that did not load, and why (file:line:key).
    public struct BrokenJobFile: Sendable {
        public var path: String
        /// The file name without its extension: the job's name unless the file says otherwise.
        public var name: String
        public var error: any Error
    }

    /// Every job file in a folder, the valid ones loaded and the invalid ones with their errors,
    /// so one broken file does not stop cron from running the others. Throws only when the
    /// folder cannot be read.
    ///
    ///     let (jobs, broken) = try Scheduler.loadValidJobs(directory: "Jobs")
    public static func loadValidJobs(directory: String) throws -> (jobs: [Job], broken: [BrokenJobFile]) {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }
            .filter { !["aspects.yml", "repricing.yml"].contains($0) }
            .sorted()
        var jobs: [Job] = [], broken: [BrokenJobFile] = []
        for f in files {
            let path = (directory as NSString).appendingPathComponent(f)
            do { jobs.append(try Job.load(path: path)) } catch {
                broken.append(BrokenJobFile(path: path, name: (f as NSString).deletingPathExtension, error: error))
            }
        }
        return (jobs, broken)
    }
}
