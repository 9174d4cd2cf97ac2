import Foundation

/// Files under ../shared/data next to the package root; absent on a plain clone.
enum SharedData {
    static func url(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // FieldParsersTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
            .appendingPathComponent("../shared/data/\(name)")
            .standardizedFileURL
    }

    static func exists(_ name: String) -> Bool {
        let present = FileManager.default.fileExists(atPath: url(name).path)
        if !present { print("SKIP: \(url(name).path) is absent; shared-data tests do not run") }
        return present
    }
}
