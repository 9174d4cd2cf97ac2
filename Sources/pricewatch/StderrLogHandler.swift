import Foundation
import Logging
import Model

/// swift-log handler writing to stderr: human lines by default, JSON lines with `--log-format json`.
struct StderrLogHandler: LogHandler {
    enum Format: String, CaseIterable { case human, json }

    let label: String
    let format: Format
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    static let lock = NSLock()

    func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { $1 } }
        let now = Date()
        let line: String
        switch format {
        case .human:
            let meta = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            line = "\(StderrLogHandler.timestamp(now)) \(event.level.rawValue.uppercased()) \(event.message)\(meta)\n"
        case .json:
            var object: [String: String] = ["ts": StderrLogHandler.timestamp(now), "level": event.level.rawValue, "msg": "\(event.message)", "logger": label]
            for (k, v) in all { object[k] = "\(v)" }
            line = JSONLine.of(object)
        }
        StderrLogHandler.lock.lock()
        FileHandle.standardError.write(Data(line.utf8))
        StderrLogHandler.lock.unlock()
    }

    static func timestamp(_ d: Date) -> String { UTCDay.timestamp(d) }

    private static let once = NSLock()
    nonisolated(unsafe) private static var done = false
    /// The format chosen at bootstrap (nil before): `fail` writes its last line in it.
    nonisolated(unsafe) static var activeFormat: Format?

    /// A final error line in the chosen log format: plain `pricewatch: message`, or a JSON object
    /// with the exit status, so a JSON log stays JSON to its last line.
    static func errorLine(_ message: String, status: Int32) -> String {
        guard activeFormat == .json else { return "pricewatch: \(message)\n" }
        return JSONLine.of(["ts": timestamp(Date()), "level": "error", "msg": message, "logger": "pricewatch", "exit": "\(status)"])
    }

    /// Installs the handler once per process (swift-log allows one bootstrap).
    static func bootstrapOnce(format: Format, level: Logger.Level) {
        once.lock()
        defer { once.unlock() }
        guard !done else { return }
        done = true
        activeFormat = format
        LoggingSystem.bootstrap { label in
            var h = StderrLogHandler(label: label, format: format)
            h.logLevel = level
            return h
        }
    }
}
