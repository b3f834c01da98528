import GRDB

extension Database {
    /// Runs `body` in a savepoint whose statements are prepared once per connection.
    ///
    /// GRDB's `inSavepoint` compiles `SAVEPOINT`, `RELEASE` and `ROLLBACK TO` again on every
    /// call; a batch append opens one savepoint per commit, and those compilations were a
    /// measurable share of it. The body's changes stay when it returns `.commit` and are undone
    /// when it returns `.rollback` or throws (the error is then rethrown).
    ///
    /// Outside a transaction it is GRDB's `inSavepoint`, which opens an immediate transaction
    /// rather than letting a savepoint open a deferred one.
    func inCachedSavepoint(_ body: () throws -> TransactionCompletion) throws {
        guard isInsideTransaction else { return try inSavepoint(body) }
        try cachedStatement(sql: "SAVEPOINT warden_item").execute()
        let completion: TransactionCompletion
        do {
            completion = try body()
        } catch {
            // The body's error is the one to report; a failed rollback (the engine may have
            // rolled the whole transaction back already) then surfaces when the transaction ends.
            try? rollBackSavepoint()
            throw error
        }
        switch completion {
        case .commit: try cachedStatement(sql: "RELEASE SAVEPOINT warden_item").execute()
        case .rollback: try rollBackSavepoint()
        }
    }

    /// Undoes the savepoint's changes and leaves it.
    private func rollBackSavepoint() throws {
        try cachedStatement(sql: "ROLLBACK TO SAVEPOINT warden_item").execute()
        try cachedStatement(sql: "RELEASE SAVEPOINT warden_item").execute()
    }
}
