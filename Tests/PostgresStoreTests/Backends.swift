import Foundation
import XCTest
import PostgresStore
import Store

/// The backends a contract test runs against: SQLite always; PostgreSQL when this build has the
/// Postgres trait and PRICEWATCH_TEST_POSTGRES names a server (`make test-postgres` does both).
enum Backends {
    static var postgresServer: String? { ProcessInfo.processInfo.environment["PRICEWATCH_TEST_POSTGRES"] }

    /// A fresh, empty PostgreSQL database, or a skip that says why there is none.
    static func freshPostgresURL() throws -> String {
        guard StoreLocation.postgresAvailable else {
            throw XCTSkip("PostgreSQL backend not built (run `make test-postgres`, which builds with --traits Postgres)")
        }
        guard let server = postgresServer else {
            throw XCTSkip("PRICEWATCH_TEST_POSTGRES is not set (run `make test-postgres`, which starts a server)")
        }
        return try createDatabase(server: server)
    }

    static func createDatabase(server: String) throws -> String {
        let name = "pw_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        #if Postgres
        return try PostgresStore.createDatabase(serverURL: server, name: String(name))
        #else
        throw XCTSkip("PostgreSQL backend not built")
        #endif
    }

    static func sqlite() throws -> (store: any PriceStoring, cleanup: () -> Void) {
        let dir = NSTemporaryDirectory() + "pw-contract-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return (try StoreLocation.open(dir + "/pw.sqlite"), { try? FileManager.default.removeItem(atPath: dir) })
    }

    static func postgres() throws -> any PriceStoring {
        try StoreLocation.open(try freshPostgresURL())
    }
}
