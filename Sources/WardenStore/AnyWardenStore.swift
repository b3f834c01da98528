public import Foundation
public import WardenCore

/// A store of a kind chosen at run time, for code that is generic over ``WardenStore`` but must
/// pick SQLite or PostgreSQL from configuration (tests parameterised over both, tools).
public struct AnyWardenStore: WardenStore {
    /// The store this one forwards to.
    public let base: any WardenStore

    public init(_ base: any WardenStore) {
        self.base = base
    }

    public func migrate() async throws(StoreError) { try await base.migrate() }

    public func append(_ commit: ShopCommit) async throws(StoreError) -> AppendOutcome<ShopEvent> { try await base.append(commit) }

    public func append(batch commits: [ShopCommit]) async throws(StoreError) -> [BatchAppendOutcome] {
        try await base.append(batch: commits)
    }

    public func append<Plan: Sendable>(
        batchReading keys: [ShopCommitKey], decide: @escaping @Sendable (BatchReads, BatchCommitSink) -> Plan
    ) async throws(StoreError) -> (plan: Plan, outcomes: [BatchAppendOutcome]) {
        try await base.append(batchReading: keys, decide: decide)
    }

    public func committedEvents(shop: ShopID, idempotencyKey: String) async throws(StoreError) -> [RecordedEvent<ShopEvent>]? {
        try await base.committedEvents(shop: shop, idempotencyKey: idempotencyKey)
    }

    public func shop(_ id: ShopID) async throws(StoreError) -> Shop? { try await base.shop(id) }

    public func shops(_ query: ShopQuery) async throws(StoreError) -> [Shop] { try await base.shops(query) }

    public func shops(ids: [ShopID]) async throws(StoreError) -> [ShopID: Shop] { try await base.shops(ids: ids) }

    public func committedKeys(_ keys: [ShopCommitKey]) async throws(StoreError) -> Set<ShopCommitKey> {
        try await base.committedKeys(keys)
    }

    public func history(of shop: ShopID) async throws(StoreError) -> [RecordedEvent<ShopEvent>] { try await base.history(of: shop) }

    public func append(_ commit: PrincipalCommit) async throws(StoreError) -> AppendOutcome<PrincipalEvent> { try await base.append(commit) }

    public func principal(tokenHash: String) async throws(StoreError) -> Principal? { try await base.principal(tokenHash: tokenHash) }

    public func principal(_ id: PrincipalID) async throws(StoreError) -> Principal? { try await base.principal(id) }

    public func append(_ commit: ListingCommit) async throws(StoreError) -> AppendOutcome<ListingEvent> { try await base.append(commit) }

    public func listing(_ id: ListingID) async throws(StoreError) -> Listing? { try await base.listing(id) }

    public func listings(_ query: ListingQuery) async throws(StoreError) -> [Listing] { try await base.listings(query) }

    public func history(of listing: ListingID) async throws(StoreError) -> [RecordedEvent<ListingEvent>] {
        try await base.history(of: listing)
    }

    public func append(_ commit: PolicyCommit) async throws(StoreError) -> AppendOutcome<PolicyEvent> { try await base.append(commit) }

    public func policyEvents(after version: Int) async throws(StoreError) -> [RecordedEvent<PolicyEvent>] {
        try await base.policyEvents(after: version)
    }

    public func policyStreamVersion() async throws(StoreError) -> Int { try await base.policyStreamVersion() }

    public func claimDueJobs(now: Date, worker: String, lease: TimeInterval, limit: Int) async throws(StoreError) -> [ClaimedJob] {
        try await base.claimDueJobs(now: now, worker: worker, lease: lease, limit: limit)
    }

    public func completeJob(_ id: String, worker: String, at: Date) async throws(StoreError) {
        try await base.completeJob(id, worker: worker, at: at)
    }

    public func failJob(_ id: String, worker: String, error: String, retryAt: Date) async throws(StoreError) {
        try await base.failJob(id, worker: worker, error: error, retryAt: retryAt)
    }

    public func log(after position: Int64, limit: Int) async throws(StoreError) -> [LogEntry] { try await base.log(after: position, limit: limit) }

    public func allShops() async throws(StoreError) -> [Shop] { try await base.allShops() }

    public func allPrincipals() async throws(StoreError) -> [Principal] { try await base.allPrincipals() }

    public func allListings() async throws(StoreError) -> [Listing] { try await base.allListings() }

    public func replaceProjections(shops: [Shop], principals: [Principal], listings: [Listing]) async throws(StoreError) {
        try await base.replaceProjections(shops: shops, principals: principals, listings: listings)
    }
}
