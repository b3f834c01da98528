public import Foundation
import GRDB
public import WardenCore
public import WardenStore

/// The embedded store: one SQLite file in WAL mode, through GRDB.
///
/// A `DatabasePool` serialises writers and lets readers run beside them; every append is one
/// write transaction, so the version check, the idempotency record, the events, the projection,
/// the name claim and the jobs land together or not at all. Several processes may open the same
/// file: SQLite's lock serialises their writers, and `busyMode` makes a writer wait its turn.
public struct SQLiteStore: WardenStore {
    let pool: DatabasePool
    /// A connection of its own for the checkpoint after a batch, so that copying the batch's
    /// pages back into the database file runs beside the next write transaction instead of
    /// ahead of it on the pool's writer queue (decision 0029).
    let checkpointer: DatabaseQueue
    /// Where a batch's decide step runs while the writer writes what it decided
    /// (``append(batchReading:decide:)``): a queue of its own, which always has a thread,
    /// since the writer waits for it inside its transaction.
    let decider = DispatchQueue(label: "warden.batch-decide")
    /// Decoded projections by id and version: see ``VersionedCache``.
    let shopCache = VersionedCache<String, Shop>(capacity: 50_000)
    let principalCache = VersionedCache<String, Principal>(capacity: 10_000)
    /// A shop's stored state is a snapshot taken at least every this many events; the events
    /// after it are folded on read (decision 0023).
    public static let snapshotInterval = 32

    /// Opens (creating if needed) the database file at `path`.
    ///
    /// - Parameters:
    ///   - busyTimeout: how long a writer waits for another process's write lock.
    ///   - durability: what a commit survives (decision 0034).
    public init(path: String, busyTimeout: TimeInterval = 10, durability: SQLiteDurability = .processCrash) throws(StoreError) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            // 16 MiB of page cache (SQLite's default is 2 MiB): a batch of commits then writes its
            // pages to the WAL once, at commit, instead of spilling them while it runs.
            try db.execute(sql: "PRAGMA cache_size = -16384")
            // The writer keeps its temporary files in memory. When a batch append opened a
            // savepoint per commit, SQLite copied every page a savepoint changed into a
            // sub-journal that, past 64 KiB, lived in a temporary file: each batched violation
            // wrote about 44 KB there through pwrite (a fifth of its time). The batch no longer
            // uses savepoints; the setting stays for the statement journals of its multi-row
            // INSERTs (not measured again since). Readers keep SQLite's default.
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
            }
        }
        configuration.label = "warden"
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets `synchronous = NORMAL` on the writer when it turns WAL on, after
            // `prepareDatabase`; a stricter setting goes on afterwards, outside a transaction.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(durability.synchronous)") }
            var checkpointing = Configuration()
            checkpointing.label = "warden-checkpoint"
            checkpointer = try DatabaseQueue(path: path, configuration: checkpointing)
        } catch {
            throw .database("cannot open SQLite database at \(path): \(error)")
        }
    }

    public func migrate() async throws(StoreError) {
        try await perform { try SQLiteSchema.migrator.migrate(pool) }
    }

    // MARK: - Shops

    public func append(_ commit: ShopCommit) async throws(StoreError) -> AppendOutcome<ShopEvent> {
        let encoded = try EncodedShopCommit(commit, snapshotEvery: Self.snapshotInterval)
        let outcome: AppendOutcome<ShopEvent> = try await write { db in try Self.append(encoded, in: db) }
        if case .appended = outcome {
            // What was just stored decodes to this very value (rebuild equality), so the next read skips decoding.
            shopCache.store(commit.resulting, for: commit.shop.rawValue, version: commit.resulting.version)
        }
        return outcome
    }

    public func append(batch commits: [ShopCommit]) async throws(StoreError) -> [BatchAppendOutcome] {
        let encoded = try commits.map { commit throws(StoreError) in try EncodedShopCommit(commit, snapshotEvery: Self.snapshotInterval) }
        let outcomes = try await writeBatch { db in
            var writer = ShopBatchWriter(db)
            let decisions = try encoded.map { try writer.add($0) }
            return writer.outcomes(decisions, recorded: try writer.finish())
        }
        finishBatch(commits, outcomes)
        return outcomes
    }

    /// Reads, decides and appends in one write transaction: the batch's commits are checked
    /// only for what `decide` was not given (a name that moves, a unique fact), since nothing
    /// else can commit between the reads and the writes (decision 0030). `decide` runs on
    /// ``decider`` as the reads come in (decision 0031) and hands its commits over as it makes
    /// them; the writer writes them while it decides the next.
    public func append<Plan: Sendable>(
        batchReading keys: [ShopCommitKey], decide: @escaping @Sendable (BatchReads, BatchCommitSink) -> Plan
    ) async throws(StoreError) -> (plan: Plan, outcomes: [BatchAppendOutcome]) {
        let cache = shopCache
        let decider = decider
        let (plan, commits, outcomes) = try await writeBatch { db in
            let reads = BatchReads(count: keys.count)
            let channel = EncodedCommitChannel<Plan>(snapshotEvery: Self.snapshotInterval)
            decider.async { channel.finish(decide(reads, BatchCommitSink { channel.send($0) })) }
            var writer = ShopBatchWriter(db)
            do {
                try Self.read(keys, into: reads, noting: &writer, in: db, cache: cache)
            } catch {
                reads.end()
                throw error
            }
            var commits: [ShopCommit] = []
            var decisions: [ShopBatchWriter.Decision] = []
            while true {
                switch try channel.receive() {
                case .commits(let received):
                    for encoded in received {
                        commits.append(encoded.commit)
                        decisions.append(try writer.add(encoded))
                    }
                    try writer.flush()
                case .finished(let plan):
                    return (plan, commits, writer.outcomes(decisions, recorded: try writer.finish()))
                }
            }
        }
        finishBatch(commits, outcomes)
        return (plan, outcomes)
    }

    /// How many items' reads a batch hands to its decide step at a time.
    static let readsHandedOverEvery = 16

    /// Reads, item by item, whether each of `keys` was committed and its shop, handing them to
    /// `reads` a few at a time and noting them in `writer`, whose checks they answer.
    private static func read(
        _ keys: [ShopCommitKey], into reads: BatchReads, noting writer: inout ShopBatchWriter, in db: Database,
        cache: VersionedCache<String, Shop>
    ) throws {
        let reader = try StoredShopReader(db, cache: cache)
        var shops: [ShopID: Shop?] = [:]
        var read: [BatchItemRead] = []
        read.reserveCapacity(readsHandedOverEvery)
        for key in keys {
            let isCommitted: Bool
            let shop: Shop?
            if let known = shops[key.shop] {
                (isCommitted, shop) = (try reader.isCommitted(key), known)
            } else {
                // A shop's first item: its key and its version in one statement.
                (isCommitted, shop) = try reader.shop(committing: key)
                shops[key.shop] = .some(shop)
            }
            writer.noteRead(key, isCommitted: isCommitted, shop: shop)
            read.append(BatchItemRead(isCommitted: isCommitted, shop: shop))
            if read.count == readsHandedOverEvery {
                reads.add(read)
                read.removeAll(keepingCapacity: true)
            }
        }
        reads.add(read)
    }

    /// After a batch's transaction: caches the shops it wrote and copies its pages back.
    private func finishBatch(_ commits: [ShopCommit], _ outcomes: [BatchAppendOutcome]) {
        shopCache.store(
            zip(commits, outcomes).lazy.compactMap { commit, outcome in
                guard case .appended = outcome else { return nil }
                return (commit.shop.rawValue, commit.resulting.version, commit.resulting)
            })
        // A batch writes hundreds of pages to the WAL. Copying them back into the database file
        // (syncing both files) now, on a connection of its own beside the next batch, spares a
        // later commit doing it on its own path (decision 0029). A passive checkpoint takes no
        // writer's lock and that fails changes nothing; the next one copies what is left.
        checkpointer.asyncWriteWithoutTransaction { db in _ = try? db.checkpoint(.passive) }
    }

    /// Writes one shop commit inside the caller's transaction.
    private static func append(_ encoded: EncodedShopCommit, in db: Database) throws -> AppendOutcome<ShopEvent> {
        let commit = encoded.commit
        let stream = Stream(kind: .shop, id: commit.shop.rawValue)
        if let earlier: [RecordedEvent<ShopEvent>] = try stream.committedEvents(db, key: commit.metadata.idempotencyKey) {
            return .duplicate(earlier)
        }
        let recorded: [RecordedEvent<ShopEvent>] = try stream.append(
            db, expectedVersion: commit.expectedVersion, events: zip(commit.events, encoded.payloads).map { ($0, $1.0, $1.1) },
            at: commit.recordedAt, metadata: commit.metadata)
        let shop = commit.resulting
        try StoredShop.write(shop, snapshot: encoded.snapshot.map { ($0, shop.version) }, in: db)
        try moveNameClaim(db, shop: shop.id, from: commit.previousNameClaim, to: shop.nameClaim)
        for fact in commit.uniqueFacts {
            if let holder = try String.fetchOne(
                db.cachedStatement(sql: "SELECT stream_id FROM unique_facts WHERE scope = ? AND key = ?"), arguments: [fact.scope, fact.key])
            {
                throw StoreError.claimTaken(scope: fact.scope, key: fact.key, holder: holder)
            }
            try db.execute(
                sql: "INSERT INTO unique_facts (scope, key, stream_id) VALUES (?, ?, ?)", arguments: [fact.scope, fact.key, shop.id.rawValue])
        }
        for action in commit.dueActions {
            try db.cachedStatement(sql: "INSERT INTO jobs (id, kind, shop_id, due_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING").execute(
                arguments: [action.id, action.kind.rawValue, action.shop.rawValue, action.dueAt.millisecondsSince1970])
        }
        return .appended(recorded)
    }

    public func committedEvents(shop: ShopID, idempotencyKey: String) async throws(StoreError) -> [RecordedEvent<ShopEvent>]? {
        try await read { db in
            try Stream(kind: .shop, id: shop.rawValue).committedEvents(db, key: idempotencyKey)
        }
    }

    public func shop(_ id: ShopID) async throws(StoreError) -> Shop? {
        let row = try await readOneStatement { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(StoredShop.versionColumn), state, state_version FROM shops WHERE id = ?"), arguments: [id.rawValue]
            )
            .map(StoredShop.init)
        }
        guard let row else { return nil }
        if let cached = shopCache.value(for: id.rawValue, version: row.version) { return cached }
        let shop =
            row.stateVersion == row.version
            ? try JSONCoding.decode(Shop.self, from: row.state) : try await read { db in try row.materialized(id: id.rawValue, in: db) }
        shopCache.store(shop, for: id.rawValue, version: row.version)
        return shop
    }

    public func shops(ids: [ShopID]) async throws(StoreError) -> [ShopID: Shop] {
        let cache = shopCache
        return try await read { db in try Self.shops(ids: ids, in: db, cache: cache) }
    }

    /// The shops of `ids` that exist, decoded only when `cache` does not hold their version.
    private static func shops(ids: [ShopID], in db: Database, cache: VersionedCache<String, Shop>) throws -> [ShopID: Shop] {
        let reader = try StoredShopReader(db, cache: cache)
        var found: [ShopID: Shop] = [:]
        for id in Set(ids) {
            if let shop = try reader.shop(id) { found[id] = shop }
        }
        return found
    }

    public func committedKeys(_ keys: [ShopCommitKey]) async throws(StoreError) -> Set<ShopCommitKey> {
        let cache = shopCache
        return try await read { db in try Self.committedKeys(keys, in: db, cache: cache) }
    }

    private static func committedKeys(_ keys: [ShopCommitKey], in db: Database, cache: VersionedCache<String, Shop>) throws -> Set<ShopCommitKey> {
        let reader = try StoredShopReader(db, cache: cache)
        var found: Set<ShopCommitKey> = []
        for key in keys where try reader.isCommitted(key) { found.insert(key) }
        return found
    }

    public func shops(_ query: ShopQuery) async throws(StoreError) -> [Shop] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let owner = query.owner {
            conditions.append("owner = ?")
            arguments += [owner.rawValue]
        }
        if let status = query.status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        if let subject = query.subjectKey {
            conditions.append("subject_key = ?")
            arguments += [subject]
        }
        if let after = query.after {
            conditions.append("id > ?")
            arguments += [after.rawValue]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [max(0, query.limit)]
        let sql = "SELECT id, \(StoredShop.versionColumn), state, state_version FROM shops \(filter) ORDER BY id LIMIT ?"
        return try await read { [arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in try StoredShop(row).materialized(id: row["id"], in: db) }
        }
    }

    public func history(of shop: ShopID) async throws(StoreError) -> [RecordedEvent<ShopEvent>] {
        try await read { db in
            try Stream(kind: .shop, id: shop.rawValue).events(db, from: 1, through: Int.max)
        }
    }

    // MARK: - Principals

    public func append(_ commit: PrincipalCommit) async throws(StoreError) -> AppendOutcome<PrincipalEvent> {
        let payloads = try commit.events.map { event throws(StoreError) in (event.typeName, try JSONCoding.encode(event)) }
        let state = try JSONCoding.encode(commit.resulting)
        return try await write { db in
            let stream = Stream(kind: .principal, id: commit.principal.rawValue)
            if let earlier: [RecordedEvent<PrincipalEvent>] = try stream.committedEvents(db, key: commit.metadata.idempotencyKey) {
                return .duplicate(earlier)
            }
            let recorded: [RecordedEvent<PrincipalEvent>] = try stream.append(
                db, expectedVersion: commit.expectedVersion, events: zip(commit.events, payloads).map { ($0, $1.0, $1.1) },
                at: commit.recordedAt, metadata: commit.metadata)
            let principal = commit.resulting
            try db.cachedStatement(
                sql: """
                    INSERT INTO principals (id, token_hash, version, state) VALUES (?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, version = excluded.version,
                        state = excluded.state
                    """
            ).execute(
                arguments: [principal.id.rawValue, principal.tokenHash, commit.expectedVersion + commit.events.count, state])
            return .appended(recorded)
        }
    }

    // MARK: - Listings

    public func append(_ commit: ListingCommit) async throws(StoreError) -> AppendOutcome<ListingEvent> {
        let payloads = try commit.events.map { event throws(StoreError) in (event.typeName, try JSONCoding.encode(event)) }
        let state = try JSONCoding.encode(commit.resulting)
        return try await write { db in
            let stream = Stream(kind: .listing, id: commit.listing.rawValue)
            if let earlier: [RecordedEvent<ListingEvent>] = try stream.committedEvents(db, key: commit.metadata.idempotencyKey) {
                return .duplicate(earlier)
            }
            let recorded: [RecordedEvent<ListingEvent>] = try stream.append(
                db, expectedVersion: commit.expectedVersion, events: zip(commit.events, payloads).map { ($0, $1.0, $1.1) },
                at: commit.recordedAt, metadata: commit.metadata)
            let listing = commit.resulting
            try Self.upsert(listing, state: state, in: db)
            return .appended(recorded)
        }
    }

    public func listing(_ id: ListingID) async throws(StoreError) -> Listing? {
        let state = try await readOneStatement { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT state FROM listings WHERE id = ?"), arguments: [id.rawValue])
        }
        return try state.map { text throws(StoreError) in try JSONCoding.decode(Listing.self, from: text) }
    }

    public func listings(_ query: ListingQuery) async throws(StoreError) -> [Listing] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let shop = query.shop {
            conditions.append("shop_id = ?")
            arguments += [shop.rawValue]
        }
        if let status = query.status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        if let after = query.after {
            conditions.append("id > ?")
            arguments += [after.rawValue]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [max(0, query.limit)]
        let sql = "SELECT state FROM listings \(filter) ORDER BY id LIMIT ?"
        let states = try await read { [arguments] db in try String.fetchAll(db, sql: sql, arguments: arguments) }
        return try states.map { text throws(StoreError) in try JSONCoding.decode(Listing.self, from: text) }
    }

    public func history(of listing: ListingID) async throws(StoreError) -> [RecordedEvent<ListingEvent>] {
        try await read { db in try Stream(kind: .listing, id: listing.rawValue).events(db, from: 1, through: Int.max) }
    }

    public func allListings() async throws(StoreError) -> [Listing] {
        let states = try await read { db in try String.fetchAll(db, sql: "SELECT state FROM listings ORDER BY id") }
        return try states.map { text throws(StoreError) in try JSONCoding.decode(Listing.self, from: text) }
    }

    private static func upsert(_ listing: Listing, state: String, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO listings (id, shop_id, status, version, state) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET shop_id = excluded.shop_id, status = excluded.status, version = excluded.version,
                    state = excluded.state
                """
        ).execute(arguments: [listing.id.rawValue, listing.shop.rawValue, listing.status.rawValue, listing.version, state])
    }

    // MARK: - Rulebooks

    public func append(_ commit: PolicyCommit) async throws(StoreError) -> AppendOutcome<PolicyEvent> {
        let payloads = try commit.events.map { event throws(StoreError) in (event.typeName, try JSONCoding.encode(event)) }
        return try await write { db in
            let stream = Stream(kind: .policy, id: PolicyCommit.streamID)
            if let earlier: [RecordedEvent<PolicyEvent>] = try stream.committedEvents(db, key: commit.metadata.idempotencyKey) {
                return .duplicate(earlier)
            }
            return .appended(
                try stream.append(
                    db, expectedVersion: commit.expectedVersion, events: zip(commit.events, payloads).map { ($0, $1.0, $1.1) },
                    at: commit.recordedAt, metadata: commit.metadata))
        }
    }

    public func policyEvents(after version: Int) async throws(StoreError) -> [RecordedEvent<PolicyEvent>] {
        try await read { db in try Stream(kind: .policy, id: PolicyCommit.streamID).events(db, from: version + 1, through: Int.max) }
    }

    public func policyStreamVersion() async throws(StoreError) -> Int {
        try await readOneStatement { db in
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT MAX(version) FROM events WHERE stream_kind = ? AND stream_id = ?"),
                arguments: [StreamKind.policy.rawValue, PolicyCommit.streamID]) ?? 0
        }
    }

    public func principal(tokenHash: String) async throws(StoreError) -> Principal? {
        let row = try await readOneStatement { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT id, version, state FROM principals WHERE token_hash = ?"), arguments: [tokenHash])
                .map {
                    (id: $0["id"] as String, version: $0["version"] as Int, state: $0["state"] as String)
                }
        }
        guard let row else { return nil }
        return try principalCache.value(for: row.id, version: row.version) { () throws(StoreError) in
            try JSONCoding.decode(Principal.self, from: row.state)
        }
    }

    public func principal(_ id: PrincipalID) async throws(StoreError) -> Principal? {
        let state = try await read { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT state FROM principals WHERE id = ?"), arguments: [id.rawValue])
        }
        return try state.map { text throws(StoreError) in try JSONCoding.decode(Principal.self, from: text) }
    }

    // MARK: - Jobs

    public func claimDueJobs(now: Date, worker: String, lease: TimeInterval, limit: Int) async throws(StoreError) -> [ClaimedJob] {
        let nowMilliseconds = now.millisecondsSince1970
        let leaseEnd = now.addingTimeInterval(lease).millisecondsSince1970
        return try await write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, kind, shop_id, due_at, attempts FROM jobs
                    WHERE completed_at IS NULL AND due_at <= ? AND (locked_until IS NULL OR locked_until < ?)
                    ORDER BY due_at, id LIMIT ?
                    """,
                arguments: [nowMilliseconds, nowMilliseconds, limit])
            var claimed: [ClaimedJob] = []
            for row in rows {
                let id: String = row["id"]
                try db.cachedStatement(sql: "UPDATE jobs SET locked_by = ?, locked_until = ?, attempts = attempts + 1 WHERE id = ?").execute(
                    arguments: [worker, leaseEnd, id])
                guard let kind = DueAction.Kind(rawValue: row["kind"]) else {
                    throw StoreError.corrupt("job \(id) has unknown kind \(String(describing: row["kind"]))")
                }
                let action = DueAction(
                    kind: kind, shop: ShopID(rawValue: row["shop_id"]), dueAt: Date(millisecondsSince1970: row["due_at"]))
                claimed.append(ClaimedJob(id: id, action: action, attempts: row["attempts"] + 1))
            }
            return claimed
        }
    }

    public func completeJob(_ id: String, worker: String, at instant: Date) async throws(StoreError) {
        try await write { db in
            try db.cachedStatement(sql: "UPDATE jobs SET completed_at = ?, locked_until = NULL WHERE id = ? AND locked_by = ?").execute(
                arguments: [instant.millisecondsSince1970, id, worker])
        }
    }

    public func failJob(_ id: String, worker: String, error: String, retryAt: Date) async throws(StoreError) {
        try await write { db in
            try db.cachedStatement(sql: "UPDATE jobs SET locked_until = ?, last_error = ? WHERE id = ? AND locked_by = ?").execute(
                arguments: [retryAt.millisecondsSince1970, error, id, worker])
        }
    }

    // MARK: - The log and rebuilding

    public func log(after position: Int64, limit: Int) async throws(StoreError) -> [LogEntry] {
        try await read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?", arguments: [position, limit])
            return try rows.map { row in
                let id: String = row["stream_id"]
                switch row["stream_kind"] as String {
                case StreamKind.shop.rawValue: return .shop(ShopID(rawValue: id), try Stream.recorded(row))
                case StreamKind.principal.rawValue: return .principal(PrincipalID(rawValue: id), try Stream.recorded(row))
                case StreamKind.policy.rawValue: return .policy(try Stream.recorded(row))
                case StreamKind.listing.rawValue: return .listing(ListingID(rawValue: id), try Stream.recorded(row))
                case let other: throw StoreError.corrupt("unknown stream kind \(other)")
                }
            }
        }
    }

    public func allShops() async throws(StoreError) -> [Shop] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT id, \(StoredShop.versionColumn), state, state_version FROM shops ORDER BY id").map { row in
                try StoredShop(row).materialized(id: row["id"], in: db)
            }
        }
    }

    public func allPrincipals() async throws(StoreError) -> [Principal] {
        let states = try await read { db in try String.fetchAll(db, sql: "SELECT state FROM principals ORDER BY id") }
        return try states.map { text throws(StoreError) in try JSONCoding.decode(Principal.self, from: text) }
    }

    public func replaceProjections(shops: [Shop], principals: [Principal], listings: [Listing]) async throws(StoreError) {
        let shopRows = try shops.map { shop throws(StoreError) in (shop, try JSONCoding.encode(shop)) }
        let listingRows = try listings.map { listing throws(StoreError) in (listing, try JSONCoding.encode(listing)) }
        let principalRows = try principals.map { principal throws(StoreError) in (principal, try JSONCoding.encode(principal)) }
        defer {
            shopCache.removeAll()
            principalCache.removeAll()
        }
        try await write { db in
            try db.execute(sql: "DELETE FROM shops; DELETE FROM name_claims; DELETE FROM principals; DELETE FROM listings;")
            for (listing, state) in listingRows { try Self.upsert(listing, state: state, in: db) }
            for (shop, state) in shopRows {
                try db.cachedStatement(
                    sql: "INSERT INTO shops (id, owner, status, subject_key, state, state_version) VALUES (?, ?, ?, ?, ?, ?)"
                ).execute(arguments: [shop.id.rawValue, shop.owner.rawValue, shop.status.rawValue, shop.subjectKey, state, shop.version])
                try Self.moveNameClaim(db, shop: shop.id, from: nil, to: shop.nameClaim)
            }
            for (principal, state) in principalRows {
                let version =
                    try Int.fetchOne(
                        db, sql: "SELECT MAX(version) FROM events WHERE stream_kind = 'principal' AND stream_id = ?",
                        arguments: [principal.id.rawValue]) ?? 0
                try db.cachedStatement(sql: "INSERT INTO principals (id, token_hash, version, state) VALUES (?, ?, ?, ?)").execute(
                    arguments: [principal.id.rawValue, principal.tokenHash, version, state])
            }
        }
    }

    // MARK: - Helpers

    private static func moveNameClaim(_ db: Database, shop: ShopID, from previous: String?, to next: String?) throws {
        if let previous, previous != next {
            try db.cachedStatement(sql: "DELETE FROM name_claims WHERE name_key = ? AND shop_id = ?").execute(arguments: [previous, shop.rawValue])
        }
        guard let next else { return }
        if let holder = try String.fetchOne(db.cachedStatement(sql: "SELECT shop_id FROM name_claims WHERE name_key = ?"), arguments: [next]) {
            guard holder == shop.rawValue else { throw StoreError.claimTaken(scope: "shop-name", key: next, holder: holder) }
            return
        }
        try db.cachedStatement(sql: "INSERT INTO name_claims (name_key, shop_id) VALUES (?, ?)").execute(arguments: [next, shop.rawValue])
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        try await perform { try await pool.write(body) }
    }

    /// Runs `body` in a write transaction whose commit does not checkpoint the WAL, for a batch,
    /// which ``finishBatch(_:_:)`` checkpoints on a connection of its own right after.
    ///
    /// SQLite checkpoints inside the commit that takes the WAL past `wal_autocheckpoint` pages
    /// (1,000). A batch writes about 450 pages, and the checkpoint of the batch before it is
    /// still running when it starts, so the WAL cannot restart: every other batch crossed the
    /// threshold and paid a 10–17 ms checkpoint in its own commit (decision 0029, amended in
    /// session 9). Single appends keep the automatic checkpoint.
    private func writeBatch<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        try await perform {
            try await pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
                defer { try? db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.walAutocheckpointPages)") }
                var result: T?
                try db.inTransaction {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw StoreError.database("a batch transaction ended without a result") }
                return result
            }
        }
    }

    /// SQLite's default `wal_autocheckpoint`, which single appends keep.
    static let walAutocheckpointPages = 1_000

    /// Runs a read on the calling thread.
    ///
    /// Reads in WAL mode never wait for a writer and take microseconds, so running them in place
    /// is cheaper than GRDB's async hop to a reader queue and back, which dominated the read
    /// route's profile (two thread wake-ups per query).
    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        try await perform { try pool.read(body) }
    }

    /// Runs a read made of one SELECT without wrapping it in a transaction: a single statement
    /// already sees one consistent snapshot, and BEGIN/COMMIT tripled the cost of the hottest reads.
    private func readOneStatement<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        try await perform { try pool.unsafeRead(body) }
    }

    private func perform<T>(_ body: () async throws -> T) async throws(StoreError) -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(String(describing: error))
        }
    }
}
