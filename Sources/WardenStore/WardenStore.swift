public import Foundation
import Synchronization
public import WardenCore

/// Warden's storage: an append-only event log with the projections and jobs it drives.
///
/// `WardenStoreSQLite` (GRDB) and `WardenStorePostgres` (postgres-nio) implement it; the contract
/// suite in `WardenStoreTesting` holds both to the same behaviour. Nothing above
/// this protocol sees an engine type.
///
/// - Important: An append is atomic: events, idempotency record, projection, name claim and
///   jobs are written together or not at all.
public protocol WardenStore: Sendable {
    /// Creates or upgrades the schema; safe to call on every start and from two processes.
    func migrate() async throws(StoreError)

    // MARK: Shops

    /// Appends a shop commit, or reports the earlier commit with the same idempotency key.
    ///
    /// - Throws: ``StoreError/versionConflict(stream:expected:actual:)`` when the stream moved
    ///   on; ``StoreError/claimTaken(scope:key:holder:)`` when the name is held elsewhere or a
    ///   unique fact (scope `deposit-payment`) was recorded before.
    func append(_ commit: ShopCommit) async throws(StoreError) -> AppendOutcome<ShopEvent>

    /// Appends several shop commits in one transaction, each checked on its own: every commit is
    /// applied or refused on its own (a refused one writes nothing), and the batch costs one
    /// durable write. A database error fails the whole batch and writes nothing. Outcomes come in the order of `commits`. Commits of one shop are taken to be
    /// chained (each decided on the one before): once one of a shop's is not appended, its later
    /// ones are refused with a version conflict and write nothing.
    func append(batch commits: [ShopCommit]) async throws(StoreError) -> [BatchAppendOutcome]

    /// Reads what a batch is decided on (for each of `keys`, whether it was committed and its
    /// shop as stored), lets `decide` make the batch's commits from it, handing each to the sink
    /// in order, and appends them as ``append(batch:)`` does; answers what `decide` returned and
    /// the commits' outcomes, in the order they were handed over.
    ///
    /// A store that can, reads, decides and appends in one write transaction: nothing can commit
    /// between the read and the append, so it need not check again what `decide` was given (a
    /// commit's key, version and projection row); it may read the next items while `decide`
    /// decides the first, and write a commit while `decide` makes the next. Others read, decide
    /// and append with every check, which is what the default does. `decide` runs once and
    /// blocks only on ``BatchReads/item(_:)``.
    func append<Plan: Sendable>(
        batchReading keys: [ShopCommitKey], decide: @escaping @Sendable (BatchReads, BatchCommitSink) -> Plan
    ) async throws(StoreError) -> (plan: Plan, outcomes: [BatchAppendOutcome])

    /// The events an earlier commit with `idempotencyKey` appended to the shop, if any.
    func committedEvents(shop: ShopID, idempotencyKey: String) async throws(StoreError) -> [RecordedEvent<ShopEvent>]?

    /// The shop's projection.
    func shop(_ id: ShopID) async throws(StoreError) -> Shop?

    /// The projections of those of `ids` that exist: one read for a batch.
    func shops(ids: [ShopID]) async throws(StoreError) -> [ShopID: Shop]

    /// Which of `keys` the log already holds a commit for: one read for a batch.
    func committedKeys(_ keys: [ShopCommitKey]) async throws(StoreError) -> Set<ShopCommitKey>

    /// Shops matching `query`, ordered by id.
    func shops(_ query: ShopQuery) async throws(StoreError) -> [Shop]

    /// The shop's whole history, oldest first.
    func history(of shop: ShopID) async throws(StoreError) -> [RecordedEvent<ShopEvent>]

    // MARK: Principals

    /// Appends a principal commit, or reports the earlier one with the same idempotency key.
    func append(_ commit: PrincipalCommit) async throws(StoreError) -> AppendOutcome<PrincipalEvent>

    /// The account whose token hashes to `tokenHash`.
    func principal(tokenHash: String) async throws(StoreError) -> Principal?

    /// The account with `id`.
    func principal(_ id: PrincipalID) async throws(StoreError) -> Principal?

    // MARK: Listings

    /// Appends a listing commit, or reports the earlier one with the same idempotency key.
    func append(_ commit: ListingCommit) async throws(StoreError) -> AppendOutcome<ListingEvent>

    /// The listing's projection.
    func listing(_ id: ListingID) async throws(StoreError) -> Listing?

    /// Listings matching `query`, ordered by id.
    func listings(_ query: ListingQuery) async throws(StoreError) -> [Listing]

    /// The listing's whole history, oldest first.
    func history(of listing: ListingID) async throws(StoreError) -> [RecordedEvent<ListingEvent>]

    // MARK: Rulebooks

    /// Appends to the rulebook registry's stream, or reports the earlier commit with the same key.
    func append(_ commit: PolicyCommit) async throws(StoreError) -> AppendOutcome<PolicyEvent>

    /// The rulebook registry's events with versions above `version`, oldest first.
    func policyEvents(after version: Int) async throws(StoreError) -> [RecordedEvent<PolicyEvent>]

    /// How many events the rulebook registry's stream holds: a cheap check for a newer registry.
    func policyStreamVersion() async throws(StoreError) -> Int

    // MARK: Jobs

    /// Claims up to `limit` jobs due at `now` that no live lease holds, for `lease` seconds.
    ///
    /// Two workers never hold the same job at once; a job whose worker died is claimed again
    /// once its lease runs out.
    func claimDueJobs(now: Date, worker: String, lease: TimeInterval, limit: Int) async throws(StoreError) -> [ClaimedJob]

    /// Marks a claimed job done.
    func completeJob(_ id: String, worker: String, at: Date) async throws(StoreError)

    /// Gives a claimed job back to be retried from `retryAt`, recording the error.
    func failJob(_ id: String, worker: String, error: String, retryAt: Date) async throws(StoreError)

    // MARK: The log and rebuilding

    /// Up to `limit` log entries after `position`, in order.
    func log(after position: Int64, limit: Int) async throws(StoreError) -> [LogEntry]

    /// Every shop projection, ordered by id.
    func allShops() async throws(StoreError) -> [Shop]

    /// Every principal projection, ordered by id.
    func allPrincipals() async throws(StoreError) -> [Principal]

    /// Every listing projection, ordered by id.
    func allListings() async throws(StoreError) -> [Listing]

    /// Replaces every projection (shops, name claims, principals, listings) with the given ones
    /// in one transaction; the log is untouched.
    func replaceProjections(shops: [Shop], principals: [Principal], listings: [Listing]) async throws(StoreError)
}

/// A shop and an idempotency key: what makes a shop commit unique.
public struct ShopCommitKey: Sendable, Hashable {
    public var shop: ShopID
    public var idempotencyKey: String

    public init(shop: ShopID, idempotencyKey: String) {
        self.shop = shop
        self.idempotencyKey = idempotencyKey
    }
}

/// Where a batch's decide step hands over its commits, in order: a store may encode and write
/// each while the step decides the next.
public struct BatchCommitSink: Sendable {
    private let take: @Sendable (ShopCommit) -> Void

    public init(_ take: @escaping @Sendable (ShopCommit) -> Void) {
        self.take = take
    }

    /// Hands over the batch's next commit.
    public func append(_ commit: ShopCommit) {
        take(commit)
    }
}

extension WardenStore {
    /// Reads with ``committedKeys(_:)`` and ``shops(ids:)``, decides, and appends with
    /// ``append(batch:)`` and all its checks: another writer may commit in between.
    public func append<Plan: Sendable>(
        batchReading keys: [ShopCommitKey], decide: @escaping @Sendable (BatchReads, BatchCommitSink) -> Plan
    ) async throws(StoreError) -> (plan: Plan, outcomes: [BatchAppendOutcome]) {
        let committed = try await committedKeys(keys)
        let shops = try await shops(ids: keys.map(\.shop))
        let reads = BatchReads(keys.map { BatchItemRead(isCommitted: committed.contains($0), shop: shops[$0.shop]) })
        let commits = Mutex<[ShopCommit]>([])
        let plan = decide(reads, BatchCommitSink { commit in commits.withLock { $0.append(commit) } })
        let decided = commits.withLock { $0 }
        guard !decided.isEmpty else { return (plan, []) }
        return (plan, try await append(batch: decided))
    }

    /// One read per shop; a store that can do better overrides it.
    public func shops(ids: [ShopID]) async throws(StoreError) -> [ShopID: Shop] {
        var found: [ShopID: Shop] = [:]
        for id in Set(ids) {
            if let shop = try await shop(id) { found[id] = shop }
        }
        return found
    }

    /// One read per key; a store that can do better overrides it.
    public func committedKeys(_ keys: [ShopCommitKey]) async throws(StoreError) -> Set<ShopCommitKey> {
        var found: Set<ShopCommitKey> = []
        for key in Set(keys) where try await committedEvents(shop: key.shop, idempotencyKey: key.idempotencyKey) != nil {
            found.insert(key)
        }
        return found
    }
}
