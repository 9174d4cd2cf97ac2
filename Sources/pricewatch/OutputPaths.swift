import Foundation

/// Where commands write files: refused before any work when the place cannot take them, and
/// written so that a reader never sees half of a folder.
enum OutputPaths {
    /// Fails (2) with the path and the problem unless `path` can be created or replaced: its folder
    /// exists (or can be made, with `createFolder`) and it is not itself a folder.
    /// With `folder`, `path` is a folder to write (a file there is the mistake).
    static func checkWritable(_ path: String, option: String, createFolder: Bool = false, folder: Bool = false) throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue != folder {
            try fail("\(option) \(path): is a \(folder ? "file" : "folder"), not a \(folder ? "folder" : "file")", status: .configuration)
        }
        var parent = (path as NSString).deletingLastPathComponent
        if parent.isEmpty { parent = "." }
        // The nearest folder that exists decides: a file in the way, or no permission to write there.
        var existing = parent
        while !fm.fileExists(atPath: existing, isDirectory: &isDir) {
            guard createFolder else { try fail("\(option) \(path): no such folder \(parent)", status: .configuration) }
            let up = (existing as NSString).deletingLastPathComponent
            existing = up.isEmpty ? "." : up
        }
        if !isDir.boolValue { try fail("\(option) \(path): \(existing) is a file, not a folder", status: .configuration) }
        if !fm.isWritableFile(atPath: existing) { try fail("\(option) \(path): permission denied (cannot write in \(existing))", status: .configuration) }
    }

    /// Writes a whole folder at once: `body` fills a temporary sibling, which then replaces
    /// `folder` (the old one is removed only after the new one is in place). A failure leaves the
    /// old folder as it was and no temporary folder behind.
    ///
    ///     try OutputPaths.replaceFolder(URL(fileURLWithPath: "reports/2026-11-29")) { tmp in try writer.write(to: tmp) }
    static func replaceFolder<T>(_ folder: URL, _ body: (URL) throws -> T) throws -> T {
        let fm = FileManager.default
        let parent = folder.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let tag = UUID().uuidString.prefix(8)
        let fresh = parent.appendingPathComponent(".\(folder.lastPathComponent).new-\(tag)")
        let old = parent.appendingPathComponent(".\(folder.lastPathComponent).old-\(tag)")
        defer { try? fm.removeItem(at: fresh) }
        try fm.createDirectory(at: fresh, withIntermediateDirectories: true)
        let result = try body(fresh)
        let hadOld = fm.fileExists(atPath: folder.path)
        if hadOld { try fm.moveItem(at: folder, to: old) }
        do { try fm.moveItem(at: fresh, to: folder) } catch {
            if hadOld { try? fm.moveItem(at: old, to: folder) }
            throw error
        }
        if hadOld { try? fm.removeItem(at: old) }
        return result
    }
}
