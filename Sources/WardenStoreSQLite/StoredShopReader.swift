import GRDB
import WardenCore
import WardenStore

/// Reads shops one by one inside a transaction, decoding a shop only when the cache does not
/// hold the version its stream is at.
///
/// The version alone tells whether the cache holds the shop: the row's state is read only for
/// the shops it does not.
struct StoredShopReader {
    private let db: Database
    private let cache: VersionedCache<String, Shop>
    private let versions: Statement
    private let rows: Statement

    init(_ db: Database, cache: VersionedCache<String, Shop>) throws {
        self.db = db
        self.cache = cache
        versions = try db.cachedStatement(sql: "SELECT \(StoredShop.versionColumn) FROM shops WHERE id = ?")
        rows = try db.cachedStatement(sql: "SELECT \(StoredShop.versionColumn), state, state_version FROM shops WHERE id = ?")
    }

    /// The shop with `id` as stored, or `nil` when there is none; caches what it decodes.
    func shop(_ id: ShopID) throws -> Shop? {
        var bindings = RawBindings(versions)
        bindings.bind(id.rawValue)
        guard let version = try bindings.firstRow({ row in (row[0] as Int?) ?? 0 }) else { return nil }
        if let cached = cache.value(for: id.rawValue, version: version) { return cached }
        guard let row = try Row.fetchOne(rows, arguments: [id.rawValue]).map(StoredShop.init) else { return nil }
        let shop = try row.materialized(id: id.rawValue, in: db)
        cache.store(shop, for: id.rawValue, version: row.version)
        return shop
    }
}
