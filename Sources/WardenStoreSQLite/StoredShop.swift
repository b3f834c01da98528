import GRDB
import WardenCore
import WardenStore

/// A `shops` row with its stream's version: a snapshot of the shop's state taken at
/// `stateVersion`, and the version of the stream's last event.
///
/// Commits store a snapshot only every ``SQLiteStore/snapshotInterval`` events (decision 0023),
/// so reading a shop folds the events recorded after its snapshot onto it. The row holds no
/// version of its own (decision 0028): reads select ``versionColumn`` beside its columns.
struct StoredShop: Sendable {
    /// The stream's version as a column of a query on `shops`: the last version in the events
    /// index, one seek.
    static let versionColumn = "(SELECT MAX(version) FROM events WHERE stream_kind = 'shop' AND stream_id = shops.id) AS version"

    var version: Int
    var state: String
    var stateVersion: Int

    /// Reads a row selected with ``versionColumn`` (0 when the stream has no events).
    init(_ row: Row) {
        version = (row["version"] as Int?) ?? 0
        state = row["state"]
        stateVersion = row["state_version"]
    }

    /// The shop at `version`: the snapshot with the later events folded on.
    func materialized(id: String, in db: Database) throws -> Shop {
        guard stateVersion <= version else {
            throw StoreError.corrupt("shop \(id) has a snapshot at version \(stateVersion) but its log ends at \(version)")
        }
        var shop = try JSONCoding.decode(Shop.self, from: state)
        guard stateVersion < version else { return shop }
        let later: [RecordedEvent<ShopEvent>] = try Stream(kind: .shop, id: id).events(db, from: stateVersion + 1, through: version)
        guard later.count == version - stateVersion else {
            throw StoreError.corrupt("shop \(id) is at version \(version) but the log holds \(later.count) of its events after \(stateVersion)")
        }
        for recorded in later { shop.evolve(recorded.event, at: recorded.recordedAt) }
        return shop
    }

    /// The columns of a `shops` row that queries read, which a commit may change.
    struct Columns: Equatable {
        var owner: String
        var status: String
        var subjectKey: String

        init(owner: String, status: String, subjectKey: String) {
            self.owner = owner
            self.status = status
            self.subjectKey = subjectKey
        }

        init(_ shop: Shop) {
            self.init(owner: shop.owner.rawValue, status: shop.status.rawValue, subjectKey: shop.subjectKey)
        }
    }

    /// Writes `shop`'s row for the last of a batch's commits to it, knowing the queried columns
    /// the row held before the batch (`stored`): when none of them changed and no snapshot is
    /// taken, the row stays as it is and nothing is written.
    static func write(_ shop: Shop, snapshot: (state: String, version: Int)?, over stored: Columns?, in db: Database) throws {
        if snapshot == nil, let stored, stored == Columns(shop) { return }
        try write(shop, snapshot: snapshot, in: db)
    }

    /// Writes `shop`'s row, for one commit or the last of a batch's commits to it: with
    /// `snapshot` (its JSON, taken at `version`) the whole row, created if new; without, only the
    /// columns queries read, while the state waits for the next snapshot.
    static func write(_ shop: Shop, snapshot: (state: String, version: Int)?, in db: Database) throws {
        if let snapshot {
            try db.cachedStatement(
                sql: """
                    INSERT INTO shops (id, owner, status, subject_key, state, state_version) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, status = excluded.status,
                        subject_key = excluded.subject_key, state = excluded.state, state_version = excluded.state_version
                    """
            ).execute(
                arguments: [shop.id.rawValue, shop.owner.rawValue, shop.status.rawValue, shop.subjectKey, snapshot.state, snapshot.version])
        } else {
            try db.cachedStatement(sql: "UPDATE shops SET owner = ?, status = ?, subject_key = ? WHERE id = ?").execute(
                arguments: [shop.owner.rawValue, shop.status.rawValue, shop.subjectKey, shop.id.rawValue])
            guard db.changesCount == 1 else { throw StoreError.corrupt("shop \(shop.id) has events but no projection row") }
        }
    }
}
