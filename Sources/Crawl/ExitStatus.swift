/// What `pricewatch run` tells cron through its exit code.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Every job ran and its health checks passed.
    case ok = 0
    /// Runs finished, but a health check raised an alarm (coverage drop, blocked, errors).
    case alarms = 1
    /// A job or selector file is invalid, or the command line is.
    case configuration = 2
    /// Another run of the job holds the lease; nothing was done.
    case leaseHeld = 3
    /// SIGINT/SIGTERM stopped the run; what was extracted is committed, `--resume` continues.
    case interrupted = 4
    /// The database could not be opened, migrated or written.
    case storage = 5

    public var meaning: String {
        switch self {
        case .ok: return "ok"
        case .alarms: return "finished with alarms"
        case .configuration: return "configuration error"
        case .leaseHeld: return "another run holds the lease"
        case .interrupted: return "interrupted"
        case .storage: return "storage error"
        }
    }

    /// The worst of several outcomes decides the process's code.
    public static func worst(_ statuses: [ExitStatus]) -> ExitStatus {
        let order: [ExitStatus] = [.ok, .alarms, .leaseHeld, .interrupted, .configuration, .storage]
        return statuses.max { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! } ?? .ok
    }
}
