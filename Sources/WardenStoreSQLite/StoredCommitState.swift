import GRDB

/// What a batch commit's checks read about its shop, in one statement: whether its idempotency
/// key was committed, the stream's version, the shop row's queried columns, and who holds the
/// name the commit claims.
///
/// Three lookups through GRDB (each binding `StatementArguments` and stepping a statement of
/// its own) were a sixth of a batched violation; SQLite answers the four subqueries of one
/// statement for a fraction of that.
struct StoredCommitState {
    /// The versions of the earlier commit with the same key, if there was one.
    var committed: (first: Int, last: Int)?
    /// The stream's last version, 0 for a stream with no events.
    var version: Int
    /// The `shops` row's queried columns, `nil` when the shop has no row.
    var columns: StoredShop.Columns?
    /// The shop holding `nameKey`, if any.
    var nameHolder: String?

    static func read(_ db: Database, shop id: String, key: String, nameKey: String?) throws -> StoredCommitState {
        var bindings = RawBindings(
            try db.cachedStatement(
                sql: """
                    SELECT
                        (SELECT first_version FROM commits WHERE stream_kind = 'shop' AND stream_id = ?1 AND idempotency_key = ?2),
                        (SELECT last_version FROM commits WHERE stream_kind = 'shop' AND stream_id = ?1 AND idempotency_key = ?2),
                        (SELECT MAX(version) FROM events WHERE stream_kind = 'shop' AND stream_id = ?1),
                        shops.owner, shops.status, shops.subject_key,
                        (SELECT shop_id FROM name_claims WHERE name_key = ?3)
                    FROM (SELECT 1) LEFT JOIN shops ON shops.id = ?1
                    """))
        bindings.bind(id)
        bindings.bind(key)
        bindings.bind(nameKey)
        let state = try bindings.firstRow { row in
            let first: Int? = row[0]
            let last: Int? = row[1]
            let owner: String? = row[3]
            return StoredCommitState(
                committed: first.flatMap { first in last.map { (first, $0) } }, version: (row[2] as Int?) ?? 0,
                columns: owner.map { StoredShop.Columns(owner: $0, status: row[4], subjectKey: row[5]) }, nameHolder: row[6])
        }
        // The statement selects from a one-row table: it always answers one row.
        guard let state else { preconditionFailure("the commit state lookup returned no row") }
        return state
    }
}
