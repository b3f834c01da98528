import GRDB

extension Statement {
    /// What `read` makes of the first row the statement returns, or `nil` when it returns none.
    ///
    /// GRDB's `Row.fetchOne` copies the row, column names included, so that it can outlive the
    /// statement; the hot lookups of an append only read a column or two, so they read them in
    /// place. `read` must not keep the row.
    func firstRow<T>(arguments: StatementArguments, _ read: (Row) throws -> T) throws -> T? {
        let cursor = try Row.fetchCursor(self, arguments: arguments)
        return try withExtendedLifetime(cursor) { try cursor.next().map(read) }
    }
}
