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

    /// Every `*.yml` job in a folder (not the aspect or repricing rule files), sorted by name.
    public static func loadJobs(directory: String) throws -> [Job] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }
            .filter { !["aspects.yml", "repricing.yml"].contains($0) }
            .sorted()
        return try files.map { try Job.load(path: (directory as NSString).appendingPathComponent($0)) }
    }
}
