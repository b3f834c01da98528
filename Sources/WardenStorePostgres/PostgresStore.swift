public import Foundation
public import Logging
import PostgresNIO
public import ServiceLifecycle
public import WardenCore
public import WardenStore

/// The scale-out store: PostgreSQL through postgres-nio's pooled `PostgresClient`.
///
/// Several Warden processes may share one database. Appends are transactions whose version check
/// is backed by the unique `(stream, version)` constraint, so two writers deciding on the same
/// version cannot both land: the loser gets ``StoreError/versionConflict(stream:expected:actual:)``
/// and re-decides. Jobs are claimed with `FOR UPDATE SKIP LOCKED`.
///
/// - Important: The client's pool only works while ``run()`` runs: add the store to the
///   application's services, or use ``withRunning(_:)`` around a command.
public struct PostgresStore: WardenStore, Service {
    let client: PostgresClient
    let logger: Logger
    /// Decoded shop projections by id and version: see ``VersionedCache``.
    let shopCache = VersionedCache<String, Shop>(capacity: 50_000)
    let principalCache = VersionedCache<String, Principal>(capacity: 10_000)

    /// A store for the database at `url` (`postgres://user[:password]@host[:port]/database`).
    public init(url: String, logger: Logger, maximumConnections: Int = 20) throws(StoreError) {
        var configuration: PostgresClient.Configuration
        do {
            configuration = try PostgresClient.Configuration(url: url)
        } catch {
            throw .database(error.description)
        }
        configuration.options.maximumConnections = maximumConnections
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    /// Runs the connection pool until cancelled.
    public func run() async throws {
        await client.run()
    }

    /// Runs `body` with the pool running, and stops the pool afterwards.
    public func withRunning<T: Sendable>(_ body: (PostgresStore) async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(self)
        }
    }

    public func migrate() async throws(StoreError) {
        try await perform { try await PostgresSchema.migrate(client, logger: logger) }
    }

    // MARK: - Shops

    public func append(_ commit: ShopCommit) async throws(StoreError) -> AppendOutcome<ShopEvent> {
        let encoded = try EncodedShopCommit(commit)
        let logger = self.logger
        let outcome: AppendOutcome<ShopEvent> = try await transaction { connection in
            try await Self.append(encoded, on: connection, logger: logger)
        }
        if case .appended = outcome {
            shopCache.store(commit.resulting, for: commit.shop.rawValue, version: commit.resulting.version)
        }
        return outcome
    }

    public func append(batch commits: [ShopCommit]) async throws(StoreError) -> [BatchAppendOutcome] {
        let encoded = try commits.map { commit throws(StoreError) in try EncodedShopCommit(commit) }
        let logger = self.logger
        let outcomes: [BatchAppendOutcome] = try await transaction { connection in
            var outcomes: [BatchAppendOutcome] = []
            // A commit decided on an earlier commit of the batch that did not go in would land on
            // a state the log does not hold: once a shop's commit is not appended, its later ones are refused.
            var stopped: Set<ShopID> = []
            for commit in encoded {
                guard !stopped.contains(commit.commit.shop) else {
                    outcomes.append(
                        .refused(.versionConflict(stream: "shop:\(commit.commit.shop)", expected: commit.commit.expectedVersion, actual: -1)))
                    continue
                }
                // Each commit in its own savepoint: a refused one leaves no trace, the others stand.
                try await connection.query("SAVEPOINT batch_commit", logger: logger)
                do {
                    let outcome = try await Self.append(commit, on: connection, logger: logger)
                    try await connection.query("RELEASE SAVEPOINT batch_commit", logger: logger)
                    if case .duplicate = outcome { stopped.insert(commit.commit.shop) }
                    outcomes.append(BatchAppendOutcome(outcome))
                } catch {
                    try await connection.query("ROLLBACK TO SAVEPOINT batch_commit", logger: logger)
                    stopped.insert(commit.commit.shop)
                    outcomes.append(.refused(Self.translate(error)))
                }
            }
            return outcomes
        }
        for (commit, outcome) in zip(commits, outcomes) {
            if case .appended = outcome { shopCache.store(commit.resulting, for: commit.shop.rawValue, version: commit.resulting.version) }
        }
        return outcomes
    }

    /// Writes one shop commit inside the caller's transaction.
    private static func append(_ encoded: EncodedShopCommit, on connection: PostgresConnection, logger: Logger) async throws
        -> AppendOutcome<ShopEvent>
    {
        let commit = encoded.commit
        let stream = PostgresStream(kind: "shop", id: commit.shop.rawValue)
        if let earlier: [RecordedEvent<ShopEvent>] = try await stream.committedEvents(
            connection, key: commit.metadata.idempotencyKey, logger: logger)
        {
            return .duplicate(earlier)
        }
        let recorded: [RecordedEvent<ShopEvent>] = try await stream.append(
            connection, expectedVersion: commit.expectedVersion,
            events: zip(commit.events, encoded.payloads).map { ($0, $1.0, $1.1) }, at: commit.recordedAt, metadata: commit.metadata,
            logger: logger)
        let shop = commit.resulting
        // This store snapshots the projection on every commit.
        let state = try encoded.snapshot ?? JSONCoding.encode(shop)
        try await connection.query(
            """
            INSERT INTO shops (id, owner, status, subject_key, version, state)
            VALUES (\(shop.id.rawValue), \(shop.owner.rawValue), \(shop.status.rawValue), \(shop.subjectKey), \(shop.version), \(state))
            ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, status = excluded.status,
                subject_key = excluded.subject_key, version = excluded.version, state = excluded.state
            """, logger: logger)
        try await Self.moveNameClaim(connection, shop: shop.id, from: commit.previousNameClaim, to: shop.nameClaim, logger: logger)
        for fact in commit.uniqueFacts {
            var inserted = false
            for try await _ in try await connection.query(
                """
                INSERT INTO unique_facts (scope, key, stream_id) VALUES (\(fact.scope), \(fact.key), \(shop.id.rawValue))
                ON CONFLICT DO NOTHING RETURNING scope
                """, logger: logger
            ).decode(String.self) {
                inserted = true
            }
            if !inserted {
                var holder = shop.id.rawValue
                for try await stream in try await connection.query(
                    "SELECT stream_id FROM unique_facts WHERE scope = \(fact.scope) AND key = \(fact.key)", logger: logger
                ).decode(String.self) {
                    holder = stream
                }
                throw StoreError.claimTaken(scope: fact.scope, key: fact.key, holder: holder)
            }
        }
        for action in commit.dueActions {
            try await connection.query(
                """
                INSERT INTO jobs (id, kind, shop_id, due_at)
                VALUES (\(action.id), \(action.kind.rawValue), \(action.shop.rawValue), \(action.dueAt.millisecondsSince1970))
                ON CONFLICT (id) DO NOTHING
                """, logger: logger)
        }
        return .appended(recorded)
    }

    public func committedEvents(shop: ShopID, idempotencyKey: String) async throws(StoreError) -> [RecordedEvent<ShopEvent>]? {
        let logger = self.logger
        return try await perform {
            try await client.withConnection { connection in
                try await PostgresStream(kind: "shop", id: shop.rawValue).committedEvents(connection, key: idempotencyKey, logger: logger)
            }
        }
    }

    public func shop(_ id: ShopID) async throws(StoreError) -> Shop? {
        let row: (Int, String)? = try await perform {
            for try await row in try await client.query("SELECT version, state FROM shops WHERE id = \(id.rawValue)", logger: logger)
                .decode((Int, String).self)
            {
                return row
            }
            return nil
        }
        guard let (version, state) = row else { return nil }
        return try shopCache.value(for: id.rawValue, version: version) { () throws(StoreError) in try JSONCoding.decode(Shop.self, from: state) }
    }

    public func shops(_ query: ShopQuery) async throws(StoreError) -> [Shop] {
        var sql = PostgresQuery(unsafeSQL: "SELECT state FROM shops WHERE TRUE")
        var conditions: [String] = []
        var bindings = PostgresBindings()
        func bind(_ column: String, _ operation: String, _ value: String) {
            bindings.append(value)
            conditions.append(" AND \(column) \(operation) $\(bindings.count)")
        }
        if let owner = query.owner { bind("owner", "=", owner.rawValue) }
        if let status = query.status { bind("status", "=", status.rawValue) }
        if let subject = query.subjectKey { bind("subject_key", "=", subject) }
        if let after = query.after { bind("id", ">", after.rawValue) }
        bindings.append(max(0, query.limit))
        sql = PostgresQuery(
            unsafeSQL: "SELECT state FROM shops WHERE TRUE\(conditions.joined()) ORDER BY id LIMIT $\(bindings.count)", binds: bindings)
        return try await states(sql, as: Shop.self)
    }

    public func history(of shop: ShopID) async throws(StoreError) -> [RecordedEvent<ShopEvent>] {
        let logger = self.logger
        return try await perform {
            try await client.withConnection { connection in
                try await PostgresStream(kind: "shop", id: shop.rawValue).events(connection, from: 1, through: Int(Int32.max), logger: logger)
            }
        }
    }

    // MARK: - Principals

    public func append(_ commit: PrincipalCommit) async throws(StoreError) -> AppendOutcome<PrincipalEvent> {
        let payloads = try commit.events.map { event throws(StoreError) in (event.typeName, try JSONCoding.encode(event)) }
        let state = try JSONCoding.encode(commit.resulting)
        let stream = PostgresStream(kind: "principal", id: commit.principal.rawValue)
        let logger = self.logger
        return try await transaction { connection in
            if let earlier: [RecordedEvent<PrincipalEvent>] = try await stream.committedEvents(
                connection, key: commit.metadata.idempotencyKey, logger: logger)
            {
                return .duplicate(earlier)
            }
            let recorded: [RecordedEvent<PrincipalEvent>] = try await stream.append(
                connection, expectedVersion: commit.expectedVersion,
                events: zip(commit.events, payloads).map { ($0, $1.0, $1.1) }, at: commit.recordedAt, metadata: commit.metadata,
                logger: logger)
            let principal = commit.resulting
            let version = commit.expectedVersion + commit.events.count
            try await connection.query(
                """
                INSERT INTO principals (id, token_hash, version, state)
                VALUES (\(principal.id.rawValue), \(principal.tokenHash), \(version), \(state))
                ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, version = excluded.version, state = excluded.state
                """, logger: logger)
            return .appended(recorded)
        }
    }

    // MARK: - Listings

    public func append(_ commit: ListingCommit) async throws(StoreError) -> AppendOutcome<ListingEvent> {
        let payloads = try commit.events.map { event throws(StoreError) in (event.typeName, try JSONCoding.encode(event)) }
        let state = try JSONCoding.encode(commit.resulting)
        let stream = PostgresStream(kind: "listing", id: commit.listing.rawValue)
        let logger = self.logger
        return try await transaction { connection in
            if let earlier: [RecordedEvent<ListingEvent>] = try await stream.committedEvents(
                connection, key: commit.metadata.idempotencyKey, logger: logger)
            {
                return .duplicate(earlier)
            }
            let recorded: [RecordedEvent<ListingEvent>] = try await stream.append(
                connection, expectedVersion: commit.expectedVersion,
                events: zip(commit.events, payloads).map { ($0, $1.0, $1.1) }, at: commit.recordedAt, metadata: commit.metadata,
                logger: logger)
            try await Self.upsert(commit.resulting, state: state, on: connection, logger: logger)
            return .appended(recorded)
        }
    }

    public func listing(_ id: ListingID) async throws(StoreError) -> Listing? {
        try await states("SELECT state FROM listings WHERE id = \(id.rawValue)", as: Listing.self).first
    }

    public func listings(_ query: ListingQuery) async throws(StoreError) -> [Listing] {
        var conditions: [String] = []
        var bindings = PostgresBindings()
        func bind(_ column: String, _ operation: String, _ value: String) {
            bindings.append(value)
            conditions.append(" AND \(column) \(operation) $\(bindings.count)")
        }
        if let shop = query.shop { bind("shop_id", "=", shop.rawValue) }
        if let status = query.status { bind("status", "=", status.rawValue) }
        if let after = query.after { bind("id", ">", after.rawValue) }
        bindings.append(max(0, query.limit))
        let sql = PostgresQuery(
            unsafeSQL: "SELECT state FROM listings WHERE TRUE\(conditions.joined()) ORDER BY id LIMIT $\(bindings.count)", binds: bindings)
        return try await states(sql, as: Listing.self)
    }

    public func history(of listing: ListingID) async throws(StoreError) -> [RecordedEvent<ListingEvent>] {
        let logger = self.logger
        return try await perform {
            try await client.withConnection { connection in
                try await PostgresStream(kind: "listing", id: listing.rawValue).events(
                    connection, from: 1, through: Int(Int32.max), logger: logger)
            }
        }
    }

    public func allListings() async throws(StoreError) -> [Listing] {
        try await states("SELECT state FROM listings ORDER BY id", as: Listing.self)
    }

    static func upsert(_ listing: Listing, state: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO listings (id, shop_id, status, version, state)
            VALUES (\(listing.id.rawValue), \(listing.shop.rawValue), \(listing.status.rawValue), \(listing.version), \(state))
            ON CONFLICT (id) DO UPDATE SET shop_id = excluded.shop_id, status = excluded.status, version = excluded.version,
                state = excluded.state
            """, logger: logger)
    }

    // MARK: - Rulebooks

    public func append(_ commit: PolicyCommit) async throws(StoreError) -> AppendOutcome<PolicyEvent> {
        let payloads = try commit.events.map { event throws(StoreError) in (event.typeName, try JSONCoding.encode(event)) }
        let stream = PostgresStream(kind: "policy", id: PolicyCommit.streamID)
        let logger = self.logger
        return try await transaction { connection in
            if let earlier: [RecordedEvent<PolicyEvent>] = try await stream.committedEvents(
                connection, key: commit.metadata.idempotencyKey, logger: logger)
            {
                return .duplicate(earlier)
            }
            return .appended(
                try await stream.append(
                    connection, expectedVersion: commit.expectedVersion,
                    events: zip(commit.events, payloads).map { ($0, $1.0, $1.1) }, at: commit.recordedAt, metadata: commit.metadata,
                    logger: logger))
        }
    }

    public func policyEvents(after version: Int) async throws(StoreError) -> [RecordedEvent<PolicyEvent>] {
        let logger = self.logger
        return try await perform {
            try await client.withConnection { connection in
                try await PostgresStream(kind: "policy", id: PolicyCommit.streamID).events(
                    connection, from: version + 1, through: Int(Int32.max), logger: logger)
            }
        }
    }

    public func policyStreamVersion() async throws(StoreError) -> Int {
        try await perform {
            for try await version in try await client.query(
                "SELECT COALESCE(MAX(version), 0) FROM events WHERE stream_kind = 'policy' AND stream_id = \(PolicyCommit.streamID)",
                logger: logger
            ).decode(Int.self) {
                return version
            }
            return 0
        }
    }

    public func principal(tokenHash: String) async throws(StoreError) -> Principal? {
        let row: (String, Int, String)? = try await perform {
            for try await row in try await client.query(
                "SELECT id, version, state FROM principals WHERE token_hash = \(tokenHash)", logger: logger
            ).decode((String, Int, String).self) {
                return row
            }
            return nil
        }
        guard let (id, version, state) = row else { return nil }
        return try principalCache.value(for: id, version: version) { () throws(StoreError) in
            try JSONCoding.decode(Principal.self, from: state)
        }
    }

    public func principal(_ id: PrincipalID) async throws(StoreError) -> Principal? {
        try await states("SELECT state FROM principals WHERE id = \(id.rawValue)", as: Principal.self).first
    }

    // MARK: - Jobs

    public func claimDueJobs(now: Date, worker: String, lease: TimeInterval, limit: Int) async throws(StoreError) -> [ClaimedJob] {
        let nowMilliseconds = now.millisecondsSince1970
        let leaseEnd = now.addingTimeInterval(lease).millisecondsSince1970
        let rows: [(String, String, String, Int64, Int)] = try await perform {
            var claimed: [(String, String, String, Int64, Int)] = []
            let sequence = try await client.query(
                """
                UPDATE jobs SET locked_by = \(worker), locked_until = \(leaseEnd), attempts = attempts + 1
                WHERE id IN (
                    SELECT id FROM jobs
                    WHERE completed_at IS NULL AND due_at <= \(nowMilliseconds)
                        AND (locked_until IS NULL OR locked_until < \(nowMilliseconds))
                    ORDER BY due_at, id LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED)
                RETURNING id, kind, shop_id, due_at, attempts
                """, logger: logger)
            for try await row in sequence.decode((String, String, String, Int64, Int).self) { claimed.append(row) }
            return claimed
        }
        return try rows.sorted { ($0.3, $0.0) < ($1.3, $1.0) }.map { (id, kind, shop, due, attempts) throws(StoreError) in
            guard let kind = DueAction.Kind(rawValue: kind) else { throw .corrupt("job \(id) has unknown kind \(kind)") }
            return ClaimedJob(
                id: id, action: DueAction(kind: kind, shop: ShopID(rawValue: shop), dueAt: Date(millisecondsSince1970: due)), attempts: attempts)
        }
    }

    public func completeJob(_ id: String, worker: String, at instant: Date) async throws(StoreError) {
        _ = try await perform {
            try await client.query(
                "UPDATE jobs SET completed_at = \(instant.millisecondsSince1970), locked_until = NULL WHERE id = \(id) AND locked_by = \(worker)",
                logger: logger)
        }
    }

    public func failJob(_ id: String, worker: String, error: String, retryAt: Date) async throws(StoreError) {
        _ = try await perform {
            try await client.query(
                "UPDATE jobs SET locked_until = \(retryAt.millisecondsSince1970), last_error = \(error) WHERE id = \(id) AND locked_by = \(worker)",
                logger: logger)
        }
    }

    // MARK: - The log and rebuilding

    public func log(after position: Int64, limit: Int) async throws(StoreError) -> [LogEntry] {
        let logger = self.logger
        return try await perform {
            try await client.withConnection { connection in
                let rows = try await connection.query(
                    "SELECT \(unescaped: PostgresStream.columns) FROM events WHERE position > \(position) ORDER BY position LIMIT \(limit)",
                    logger: logger)
                var entries: [LogEntry] = []
                for try await row in rows {
                    let columns = try row.decode(PostgresStream.Row.self)
                    switch columns.1 {
                    case "shop": entries.append(.shop(ShopID(rawValue: columns.2), try PostgresStream.recorded(columns)))
                    case "principal": entries.append(.principal(PrincipalID(rawValue: columns.2), try PostgresStream.recorded(columns)))
                    case "policy": entries.append(.policy(try PostgresStream.recorded(columns)))
                    case "listing": entries.append(.listing(ListingID(rawValue: columns.2), try PostgresStream.recorded(columns)))
                    default: throw StoreError.corrupt("unknown stream kind \(columns.1)")
                    }
                }
                return entries
            }
        }
    }

    public func allShops() async throws(StoreError) -> [Shop] {
        try await states("SELECT state FROM shops ORDER BY id", as: Shop.self)
    }

    public func allPrincipals() async throws(StoreError) -> [Principal] {
        try await states("SELECT state FROM principals ORDER BY id", as: Principal.self)
    }

    public func replaceProjections(shops: [Shop], principals: [Principal], listings: [Listing]) async throws(StoreError) {
        let shopRows = try shops.map { shop throws(StoreError) in (shop, try JSONCoding.encode(shop)) }
        let listingRows = try listings.map { listing throws(StoreError) in (listing, try JSONCoding.encode(listing)) }
        let principalRows = try principals.map { principal throws(StoreError) in (principal, try JSONCoding.encode(principal)) }
        let logger = self.logger
        defer {
            shopCache.removeAll()
            principalCache.removeAll()
        }
        try await transaction { connection in
            try await connection.query("DELETE FROM shops", logger: logger)
            try await connection.query("DELETE FROM name_claims", logger: logger)
            try await connection.query("DELETE FROM principals", logger: logger)
            try await connection.query("DELETE FROM listings", logger: logger)
            for (listing, state) in listingRows { try await Self.upsert(listing, state: state, on: connection, logger: logger) }
            for (shop, state) in shopRows {
                try await connection.query(
                    """
                    INSERT INTO shops (id, owner, status, subject_key, version, state)
                    VALUES (\(shop.id.rawValue), \(shop.owner.rawValue), \(shop.status.rawValue), \(shop.subjectKey), \(shop.version), \(state))
                    """, logger: logger)
                try await Self.moveNameClaim(connection, shop: shop.id, from: nil, to: shop.nameClaim, logger: logger)
            }
            for (principal, state) in principalRows {
                try await connection.query(
                    """
                    INSERT INTO principals (id, token_hash, version, state)
                    SELECT \(principal.id.rawValue), \(principal.tokenHash), COALESCE(MAX(version), 0), \(state)
                    FROM events WHERE stream_kind = 'principal' AND stream_id = \(principal.id.rawValue)
                    """, logger: logger)
            }
        }
    }

    // MARK: - Helpers

    static func moveNameClaim(_ connection: PostgresConnection, shop: ShopID, from previous: String?, to next: String?, logger: Logger) async throws {
        if let previous, previous != next {
            try await connection.query("DELETE FROM name_claims WHERE name_key = \(previous) AND shop_id = \(shop.rawValue)", logger: logger)
        }
        guard let next else { return }
        try await connection.query(
            "INSERT INTO name_claims (name_key, shop_id) VALUES (\(next), \(shop.rawValue)) ON CONFLICT (name_key) DO NOTHING", logger: logger)
        for try await holder in try await connection.query("SELECT shop_id FROM name_claims WHERE name_key = \(next)", logger: logger)
            .decode(String.self)
        where holder != shop.rawValue {
            throw StoreError.claimTaken(scope: "shop-name", key: next, holder: holder)
        }
    }

    private func states<T: Decodable>(_ query: PostgresQuery, as type: T.Type) async throws(StoreError) -> [T] {
        let texts: [String] = try await perform {
            var texts: [String] = []
            for try await text in try await client.query(query, logger: logger).decode(String.self) { texts.append(text) }
            return texts
        }
        return try texts.map { text throws(StoreError) in try JSONCoding.decode(T.self, from: text) }
    }

    private func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        try await perform { try await client.withTransaction(logger: logger) { connection in try await body(connection) } }
    }

    private func perform<T>(_ body: () async throws -> T) async throws(StoreError) -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch let error as PostgresTransactionError {
            throw Self.translate(error.closureError ?? error.commitError ?? error.beginError ?? error)
        } catch {
            throw Self.translate(error)
        }
    }

    /// The store error a database error stands for: a lost race on a stream is a version conflict.
    static func translate(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? PSQLError else { return .database(String(describing: error)) }
        let state = error.serverInfo?[.sqlState]
        let constraint = error.serverInfo?[.constraintName]
        switch (state, constraint) {
        case ("23505", "events_stream_version"), ("23505", "commits_key"), ("40001", _), ("40P01", _):
            return .versionConflict(stream: "concurrent writer", expected: -1, actual: -1)
        default:
            return .database(String(reflecting: error))
        }
    }
}
