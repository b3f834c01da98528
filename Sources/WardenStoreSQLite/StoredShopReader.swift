import GRDB
import WardenCore
import WardenStore

/// Reads shops and commit keys one by one inside a transaction, decoding a shop only when the
/// cache does not hold the version its stream is at.
///
/// The version alone tells whether the cache holds the shop: the row's state is read only for
/// the shops it does not. Its statements are taken from the connection's cache once, when it is
/// made, not once an item.
struct StoredShopReader {
    private let db: Database
    private let cache: VersionedCache<String, Shop>
    private let keys: Statement
    private let versions: Statement
    private let keysAndVersions: Statement
    private let rows: Statement

    init(_ db: Database, cache: VersionedCache<String, Shop>) throws {
        self.db = db
        self.cache = cache
        keys = try db.cachedStatement(sql: "SELECT 1 FROM commits WHERE stream_kind = 'shop' AND stream_id = ? AND idempotency_key = ?")
        versions = try db.cachedStatement(sql: "SELECT \(StoredShop.versionColumn) FROM shops WHERE id = ?")
        keysAndVersions = try db.cachedStatement(
            sql: """
                SELECT EXISTS (SELECT 1 FROM commits WHERE stream_kind = 'shop' AND stream_id = shops.id AND idempotency_key = ?),
                    \(StoredShop.versionColumn)
                FROM shops WHERE id = ?
                """)
        rows = try db.cachedStatement(sql: "SELECT \(StoredShop.versionColumn), state, state_version FROM shops WHERE id = ?")
    }

    /// Whether the log holds a commit with `key`.
    func isCommitted(_ key: ShopCommitKey) throws -> Bool {
        var bindings = RawBindings(keys)
        bindings.bind(key.shop.rawValue)
        bindings.bind(key.idempotencyKey)
        return try bindings.firstRow({ _ in true }) != nil
    }

    /// The shop with `id` as stored, or `nil` when there is none; caches what it decodes.
    func shop(_ id: ShopID) throws -> Shop? {
        var bindings = RawBindings(versions)
        bindings.bind(id.rawValue)
        guard let version = try bindings.firstRow({ row in (row[0] as Int?) ?? 0 }) else { return nil }
        return try shop(id, at: version)
    }

    /// Whether the log holds a commit with `key`, and `key`'s shop as stored (`nil` when there is
    /// none), in one statement while the shop has a row.
    func shop(committing key: ShopCommitKey) throws -> (isCommitted: Bool, shop: Shop?) {
        var bindings = RawBindings(keysAndVersions)
        bindings.bind(key.idempotencyKey)
        bindings.bind(key.shop.rawValue)
        guard let (committed, version) = try bindings.firstRow({ row in ((row[0] as Bool?) ?? false, (row[1] as Int?) ?? 0) }) else {
            return (try isCommitted(key), nil)
        }
        return (committed, try shop(key.shop, at: version))
    }

    /// The shop with `id`, whose stream is at `version`: cached, or read and decoded.
    private func shop(_ id: ShopID, at version: Int) throws -> Shop? {
        if let cached = cache.value(for: id.rawValue, version: version) { return cached }
        guard let row = try Row.fetchOne(rows, arguments: [id.rawValue]).map(StoredShop.init) else { return nil }
        let shop = try row.materialized(id: id.rawValue, in: db)
        cache.store(shop, for: id.rawValue, version: row.version)
        return shop
    }
}
