import GRDB
import WardenCore
import WardenStore

/// A `shops` row: the shop's version, and a snapshot of its state taken at `stateVersion`.
///
/// Commits store a snapshot only every ``SQLiteStore/snapshotInterval`` events (decision 0023),
/// so reading a shop folds the events recorded after its snapshot onto it.
struct StoredShop: Sendable {
    var version: Int
    var state: String
    var stateVersion: Int

    init(_ row: Row) {
        version = row["version"]
        state = row["state"]
        stateVersion = row["state_version"]
    }

    /// The shop at `version`: the snapshot with the later events folded on.
    func materialized(id: String, in db: Database) throws -> Shop {
        var shop = try JSONCoding.decode(Shop.self, from: state)
        guard stateVersion < version else { return shop }
        let later: [RecordedEvent<ShopEvent>] = try Stream(kind: .shop, id: id).events(db, from: stateVersion + 1, through: version)
        guard later.count == version - stateVersion else {
            throw StoreError.corrupt("shop \(id) is at version \(version) but the log holds \(later.count) of its events after \(stateVersion)")
        }
        for recorded in later { shop.evolve(recorded.event, at: recorded.recordedAt) }
        return shop
    }

    /// Writes `shop`'s row, for one commit or the last of a batch's commits to it: with
    /// `snapshot` (its JSON, taken at `version`) the whole row, created if new; without, only the
    /// columns queries read, which move with every commit while the state waits for the next
    /// snapshot.
    static func write(_ shop: Shop, snapshot: (state: String, version: Int)?, in db: Database) throws {
        if let snapshot {
            try db.cachedStatement(
                sql: """
                    INSERT INTO shops (id, owner, status, subject_key, version, state, state_version) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, status = excluded.status,
                        subject_key = excluded.subject_key, version = excluded.version, state = excluded.state,
                        state_version = excluded.state_version
                    """
            ).execute(
                arguments: [
                    shop.id.rawValue, shop.owner.rawValue, shop.status.rawValue, shop.subjectKey, shop.version, snapshot.state, snapshot.version,
                ])
        } else {
            try db.cachedStatement(sql: "UPDATE shops SET owner = ?, status = ?, subject_key = ?, version = ? WHERE id = ?").execute(
                arguments: [shop.owner.rawValue, shop.status.rawValue, shop.subjectKey, shop.version, shop.id.rawValue])
            guard db.changesCount == 1 else { throw StoreError.corrupt("shop \(shop.id) has events but no projection row") }
        }
    }
}
