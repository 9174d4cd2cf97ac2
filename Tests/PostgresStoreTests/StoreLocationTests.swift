import XCTest
import PostgresStore
import Store

/// Opening by location (no PostgreSQL server needed: the SQLite side).
final class StoreLocationTests: XCTestCase {
    func testReadingCommandsNeverCreateADatabaseFromAMistypedPath() throws {
        let path = NSTemporaryDirectory() + "pw-missing-\(UUID().uuidString).sqlite"
        XCTAssertThrowsError(try StoreLocation.open(path, existing: true)) { error in
            XCTAssertTrue("\(error)".contains("no such file"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "nothing was created")
        _ = try StoreLocation.open(path)   // writing commands create it
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        XCTAssertNoThrow(try StoreLocation.open(path, existing: true).runs(job: nil))
    }
}
