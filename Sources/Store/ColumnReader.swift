import GRDB
import GRDBSQLite

/// Reads columns of the current row of a stepped statement with SQLite's own calls. For the wide,
/// many-row reads (observations): GRDB's typed row subscripts look up generic metadata on every
/// call, which made decoding 2,000 latest observations cost four times the query itself.
///
///     try ColumnReader.forEachRow(db, sql: "SELECT id, url FROM listings", arguments: []) { c in
///         print(c.int64(0)!, c.text(1)!)
///     }
struct ColumnReader {
    let statement: SQLiteStatement

    func isNull(_ i: Int32) -> Bool { sqlite3_column_type(statement, i) == SQLITE_NULL }
    func int64(_ i: Int32) -> Int64? { isNull(i) ? nil : sqlite3_column_int64(statement, i) }
    func bool(_ i: Int32) -> Bool? { isNull(i) ? nil : sqlite3_column_int64(statement, i) != 0 }
    func text(_ i: Int32) -> String? {
        guard let p = sqlite3_column_text(statement, i) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(statement, i))), as: UTF8.self)
    }

    /// Runs `sql` (values bound as arguments, checked by GRDB) and calls `body` for each row.
    static func forEachRow(_ db: Database, sql: String, arguments: StatementArguments, _ body: (ColumnReader) throws -> Void) throws {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let st = statement.sqliteStatement
        defer { sqlite3_reset(st) }
        while true {
            switch sqlite3_step(st) {
            case SQLITE_ROW:
                try body(ColumnReader(statement: st))
            case SQLITE_DONE:
                return
            default:
                throw DatabaseError(resultCode: ResultCode(rawValue: sqlite3_extended_errcode(db.sqliteConnection)),
                                    message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
            }
        }
    }
}
