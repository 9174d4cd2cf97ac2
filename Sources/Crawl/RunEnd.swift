import Foundation
import Store

/// How a stored run stands, as `health` shows it: its status and, when it did not finish, why.
/// A row still `running` whose job lock nobody holds has ended: with the reason its process kept
/// beside the lock when the database could not take it (`JobLock.recordFailure`), else as
/// `incomplete` (killed, crashed, restarted) - what the job's next run records it as.
///
///     RunEnd(run, lockDirectory: "pricewatch.sqlite.locks").description   // "failed: pw.sqlite: database or disk is full"
public struct RunEnd: Sendable, Equatable, CustomStringConvertible {
    public var status: String
    public var reason: String?

    /// `lockDirectory`: where the job locks of the database live; nil when there are none
    /// (PostgreSQL's workers hold leases instead), and the stored status is all there is.
    public init(_ r: RunRecord, lockDirectory: String?) {
        let resume = "`pricewatch run \(r.job) --resume` continues it"
        switch r.status {
        case .running:
            guard let lockDirectory else { status = "running"; reason = nil; return }
            if let holder = JobLock.holder(job: r.job, directory: lockDirectory) {
                status = "running"
                reason = "\(holder)"
            } else if let note = JobLock.failureNote(job: r.job, directory: lockDirectory), note.run == r.id {
                status = "failed"
                reason = note.reason
            } else {
                self = RunEnd(status: "incomplete", reason: RunEnd.vanished(resume))
            }
        case .incomplete:
            status = "incomplete"
            reason = RunEnd.vanished(resume)
        case .interrupted:
            status = "interrupted"
            reason = "stopped by SIGINT/SIGTERM after committing what it had; \(resume)"
        case .failed:
            status = "failed"
            reason = r.statsJSON.flatMap(RunStatsJSON.decode)?.error
        case .ok, .alarms:
            status = r.status.rawValue
            reason = nil
        }
    }

    init(status: String, reason: String?) {
        self.status = status
        self.reason = reason
    }

    static func vanished(_ resume: String) -> String {
        "its process ended before the run did (killed, crashed or the machine restarted); \(resume)"
    }

    /// Failed, or gone without finishing: `health` exits 1 for these as for alarms.
    public var needsAttention: Bool { status == "failed" || status == "incomplete" }

    public var description: String { reason.map { "\(status): \($0)" } ?? status }
}
