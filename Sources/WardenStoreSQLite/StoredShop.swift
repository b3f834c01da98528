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
}
