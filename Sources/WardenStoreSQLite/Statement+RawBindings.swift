import GRDB
import GRDBSQLite

/// Values bound one by one onto a prepared statement's SQLite handle, then run through GRDB.
///
/// GRDB binds from `StatementArguments`, an array of existential values each converted to a
/// `DatabaseValue` and then bound; for the batch append's multi-row statements that conversion
/// was a tenth of a violation's time. Here each value goes straight to `sqlite3_bind_*` (text is
/// copied by SQLite, so nothing needs to outlive the call), and the statement still runs through
/// GRDB's `execute()` or fetch methods, which keep their transaction bookkeeping.
///
/// - Important: Bind every parameter of the statement, in order; ``execute()`` checks the count.
struct RawBindings {
    let statement: Statement
    private(set) var index: CInt = 0

    /// Clears `statement`'s bindings and marks it, for GRDB, as having its arguments bound.
    init(_ statement: Statement) {
        statement.setUncheckedArguments([])
        self.statement = statement
    }

    mutating func bind(_ text: String) {
        index += 1
        var text = text
        let code = text.withUTF8 { utf8 in
            sqlite3_bind_text(statement.sqliteStatement, index, utf8.baseAddress, CInt(utf8.count), rawBindingsTransient)
        }
        precondition(code == SQLITE_OK, "sqlite3_bind_text: \(code)")
    }

    mutating func bind(_ text: String?) {
        if let text { bind(text) } else { bindNull() }
    }

    mutating func bind(_ integer: Int64) {
        index += 1
        let code = sqlite3_bind_int64(statement.sqliteStatement, index, integer)
        precondition(code == SQLITE_OK, "sqlite3_bind_int64: \(code)")
    }

    mutating func bind(_ integer: Int) {
        bind(Int64(integer))
    }

    mutating func bindNull() {
        index += 1
        let code = sqlite3_bind_null(statement.sqliteStatement, index)
        precondition(code == SQLITE_OK, "sqlite3_bind_null: \(code)")
    }

    /// Whether every parameter of the statement has a value.
    var isComplete: Bool { index == sqlite3_bind_parameter_count(statement.sqliteStatement) }

    /// Runs the statement with the values bound.
    func execute() throws {
        precondition(isComplete, "bound \(index) of \(sqlite3_bind_parameter_count(statement.sqliteStatement)) parameters: \(statement.sql)")
        try statement.execute()
    }
}

/// SQLite's `SQLITE_TRANSIENT`: copy the value before the bind call returns.
private let rawBindingsTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

extension RawBindings {
    /// What `read` makes of the first row the statement returns, or `nil` when it returns none;
    /// `read` reads the row in place and must not keep it.
    func firstRow<T>(_ read: (Row) throws -> T) throws -> T? {
        precondition(isComplete, "bound \(index) of \(sqlite3_bind_parameter_count(statement.sqliteStatement)) parameters: \(statement.sql)")
        let cursor = try Row.fetchCursor(statement)
        return try withExtendedLifetime(cursor) { try cursor.next().map(read) }
    }
}
