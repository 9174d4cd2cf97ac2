import ArgumentParser
import Crawl
import Foundation
import Store

/// Why a command stopped: one line for stderr and the documented exit status. Commands throw it
/// (through `fail`), so their `defer`s run; `Pricewatch.main` prints it once and exits.
///
///     guard FileManager.default.fileExists(atPath: dir) else { try fail("\(dir): no such folder", status: .configuration) }
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var status: ExitStatus
    var description: String { message }
}

extension CommandFailure {
    /// Any error that reached the CLI edge, rendered: store errors get the status their case
    /// means, Foundation file errors a line naming the path and the problem. nil for
    /// ArgumentParser's own errors (usage, `--help`, `ExitCode`), which `main` hands back to it.
    init?(_ error: Error, otherwise status: ExitStatus? = nil) {
        switch error {
        case let e as CommandFailure:
            self = e
        case is ExitCode, is CleanExit, is ValidationError:
            return nil
        case let e as StoreError:
            self.init(message: Self.text(of: e), status: Self.status(of: e))
        default:
            if let line = FileProblem.describe(error) {
                self.init(message: line, status: status ?? .configuration)
            } else if let status {
                self.init(message: "\(error)", status: status)
            } else {
                return nil
            }
        }
    }

    /// The exit status a store error means: the caller's mistake (2) or the database's (5).
    static func status(of e: StoreError) -> ExitStatus {
        switch e {
        case .invalidInput, .notFound, .conflict, .unsupported, .postgresNotBuilt: return .configuration
        case .newerDatabase, .cannotOpen, .notADatabase, .needsWriteAccess, .corrupt, .io, .sqlite: return .storage
        }
    }

    /// The store's words plus the command that helps, which only the CLI knows.
    static func text(of e: StoreError) -> String {
        switch e {
        case .needsWriteAccess: return "\(e); open it once with write access (e.g. `pricewatch db check`)"
        case .postgresNotBuilt: return "\(e); build it with `make build-postgres` (swift build --traits Postgres)"
        default: return "\(e)"
        }
    }
}

/// Throws the failure; `Pricewatch.main` prints it (`pricewatch: MESSAGE`, or a JSON line) and exits `status`.
func fail(_ message: String, status: ExitStatus) throws -> Never {
    throw CommandFailure(message: message, status: status)
}

/// Rethrows what a library call threw as a failure: a `CommandFailure` or `ExitCode` passes through
/// unchanged, a store error gets its own status, a file error names its path; anything else `status`.
func fail(_ error: Error, status: ExitStatus) throws -> Never {
    if let e = error as? ExitCode { throw e }
    throw CommandFailure(error, otherwise: status) ?? CommandFailure(message: "\(error)", status: status)
}

/// Foundation's file errors (`Error Domain=NSCocoaErrorDomain Code=260 ...`) as one line: the path and the problem.
enum FileProblem {
    static func describe(_ error: Error) -> String? {
        let ns = error as NSError
        guard ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain else { return nil }
        let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        return "\(path ?? "a file"): \(problem(ns, path: path))"
    }

    /// The problem in words, checked against the file system where the error code is vague.
    static func problem(_ ns: NSError, path: String?) -> String {
        if let path {
            let parent = (path as NSString).deletingLastPathComponent
            var isDir: ObjCBool = false
            if !parent.isEmpty, !FileManager.default.fileExists(atPath: parent, isDirectory: &isDir) { return "no such folder \(parent)" }
            if !parent.isEmpty, !isDir.boolValue { return "\(parent) is a file, not a folder" }
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue { return "is a folder" }
        }
        let posix = ns.domain == NSPOSIXErrorDomain ? ns.code : (ns.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? $0.code : nil }
        if let posix { return String(cString: strerror(Int32(posix))).lowercased() }
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file"
        case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "no space left on the device"
        case .fileWriteVolumeReadOnly: return "read-only file system"
        case .fileWriteFileExists: return "exists already"
        case .fileWriteInvalidFileName: return "not a valid file name"
        case .fileReadCorruptFile, .fileReadInapplicableStringEncoding: return "unreadable (not text in the expected encoding)"
        default: return ns.localizedDescription
        }
    }
}
