import Foundation
public import WardenCore
public import WardenStore

/// Runs shop commands: load, decide, append, retrying when another writer got there first.
///
/// This is where the pure domain meets the store. A command is decided on the shop's current
/// projection with the clock's time and the rulebook version in force (for a violation, the one in
/// force when it occurred); the events and the projection they produce, with what each shadow
/// version would have done, are appended in one commit guarded by the version the decision saw.
///
/// - Important: Idempotency keys make retries safe: a command sent again with the key of a
///   commit already recorded returns that commit's events and writes nothing.
public struct ShopService<Store: WardenStore>: Sendable {
    public let store: Store
    public let clock: any WardenClock
    /// The rulebook registry: which version governs when, and the shadows watching.
    public let rulebooks: RulebookService<Store>
    public let categories: CategoryTable
    /// How often a command is re-decided after a version conflict before giving up with 409.
    public var maxAttempts = 8
    /// Serialises this process's commands on one shop; see ``KeyedLock``.
    let locks: KeyedLock<ShopID>

    public init(
        store: Store, clock: any WardenClock, rulebooks: RulebookService<Store>, categories: CategoryTable,
        locks: KeyedLock<ShopID> = KeyedLock()
    ) {
        self.store = store
        self.clock = clock
        self.rulebooks = rulebooks
        self.categories = categories
        self.locks = locks
    }

    /// A service whose registry seeds itself with `rulebook` when the log holds none.
    public init(
        store: Store, clock: any WardenClock, rulebook: Rulebook, rulebookText: String? = nil, categories: CategoryTable,
        locks: KeyedLock<ShopID> = KeyedLock()
    ) throws(PolicyFileError) {
        let text: String
        if let rulebookText { text = rulebookText } else { text = try rulebook.yamlText() }
        self.init(
            store: store, clock: clock, rulebooks: RulebookService(store: store, clock: clock, seed: rulebook, seedText: text),
            categories: categories, locks: locks)
    }

    /// What a command did: the shop afterwards and the events recorded for it.
    public struct Outcome: Sendable {
        public var shop: Shop
        public var events: [RecordedEvent<ShopEvent>]
        /// True when the idempotency key matched an earlier commit and nothing new was written.
        public var replayed: Bool
    }

    // MARK: - Reading

    /// The shop if `actor` may see it: merchants see their own shops only.
    public func shop(_ id: ShopID, for actor: Actor) async throws(ServiceError) -> Shop {
        let found: Shop?
        do { found = try await store.shop(id) } catch { throw .store(error) }
        guard let shop = found, Self.mayView(shop, actor) else { throw .domain(.shopNotFound(id)) }
        return shop
    }

    /// Shops `actor` may see that match `query`; a merchant's query is narrowed to its own.
    public func shops(_ query: ShopQuery, for actor: Actor) async throws(ServiceError) -> [Shop] {
        var query = query
        if actor.role == .merchant { query.owner = actor.id }
        do { return try await store.shops(query) } catch { throw .store(error) }
    }

    /// The shop's history, if `actor` may see the shop. What shadow rulebooks would have done is
    /// the platform's own deliberation: merchants do not see it.
    public func history(of id: ShopID, for actor: Actor) async throws(ServiceError) -> [RecordedEvent<ShopEvent>] {
        _ = try await shop(id, for: actor)
        let history: [RecordedEvent<ShopEvent>]
        do { history = try await store.history(of: id) } catch { throw .store(error) }
        guard actor.role == .merchant else { return history }
        return history.filter { if case .shadowDecided = $0.event { false } else { true } }
    }

    static func mayView(_ shop: Shop, _ actor: Actor) -> Bool {
        actor.role != .merchant || shop.owner == actor.id
    }

    // MARK: - Writing

    /// Starts a shop with a merchant's draft application.
    ///
    /// With an idempotency key the shop's identity is derived from the merchant and the key, so
    /// a retried create finds the shop the first attempt made.
    public func draft(
        _ application: ShopApplication, by actor: Actor, idempotencyKey: String?, requestID: String? = nil
    ) async throws(ServiceError) -> Outcome {
        let id = idempotencyKey.map { ShopID(rawValue: "shop_" + BearerToken.derivedID(actor.id.rawValue, $0)) } ?? .random()
        let key = idempotencyKey ?? "create:\(id)"
        if let replay = try await replay(id, key: key) { return replay }
        let now = clock.now.wholeMilliseconds
        let rulebook = try await rulebooks.rulebook(at: now)
        var context = ShopDecisionContext(now: now, actor: actor, rulebook: rulebook, categories: categories)
        context.subjectStanding = try await standing(of: application.subject.subjectKey, excluding: id, at: now)
        let event: ShopEvent
        do { event = try Shop.draft(application, in: context) } catch { throw .domain(error) }
        guard let shop = Shop.start(id: id, with: event, at: now) else { throw .domain(.shopNotFound(id)) }
        let commit = ShopCommit(
            shop: id, expectedVersion: 0, events: [event], recordedAt: now,
            metadata: metadata(actor, key: key, rulebook: rulebook, requestID: requestID), resulting: shop, previousNameClaim: nil,
            dueActions: [])
        switch try await append(commit) {
        case .appended(let recorded): return Outcome(shop: shop, events: recorded, replayed: false)
        case .duplicate: return try await replay(id, key: key) ?? Outcome(shop: shop, events: [], replayed: true)
        case .conflict:
            // Another process created it first: with the same key, that was this very request.
            if let replay = try await replay(id, key: key) { return replay }
            throw .conflict("shop \(id) already exists")
        }
    }

    /// Decides and records `command` on shop `id` for `actor`.
    public func execute(
        _ command: ShopCommand, on id: ShopID, by actor: Actor, idempotencyKey: String?, requestID: String? = nil
    ) async throws(ServiceError) -> Outcome {
        try await locks.withLock(id) { () async throws(ServiceError) -> Outcome in
            try await executeHoldingLock(command, on: id, by: actor, idempotencyKey: idempotencyKey, requestID: requestID)
        }
    }

    private func executeHoldingLock(
        _ command: ShopCommand, on id: ShopID, by actor: Actor, idempotencyKey: String?, requestID: String?
    ) async throws(ServiceError) -> Outcome {
        let key = idempotencyKey ?? "auto:\(randomToken(bytes: 12))"
        let command = Self.canonical(command)
        for attempt in 0..<maxAttempts {
            if attempt > 0 { await Self.backOff(attempt) }
            // Checked on every attempt: after a conflict, the winner may have been this very
            // request arriving through another process.
            if idempotencyKey != nil, let replay = try await replay(id, key: key, actor: actor) { return replay }
            let shop = try await self.shop(id, for: actor)
            let now = clock.now.wholeMilliseconds
            let registry = try await rulebooks.registry()
            // A violation is judged by the rules in force when it occurred.
            var instant = now
            if case .recordViolation(let report) = command, let occurredAt = report.occurredAt { instant = occurredAt }
            let rulebook = registry.inForce(at: instant) ?? rulebooks.seed
            var context = ShopDecisionContext(now: now, actor: actor, rulebook: rulebook, categories: categories)
            switch command {
            case .submit, .approve:
                context.subjectStanding = try await standing(of: shop.subjectKey, excluding: id, at: now)
            default:
                break
            }
            var events: [ShopEvent]
            do { events = try shop.decide(command, in: context) } catch { throw .domain(error) }
            if case .recordViolation(let report) = command, !registry.shadows.isEmpty {
                events += try await shadowDecisions(report, on: shop, shadows: registry.shadows, actor: actor, at: now)
            }
            var next = shop
            for event in events { next.evolve(event, at: now) }
            let commit = ShopCommit(
                shop: id, expectedVersion: shop.version, events: events, recordedAt: now,
                metadata: metadata(actor, key: key, reason: Self.reason(of: command), rulebook: rulebook, requestID: requestID),
                resulting: next,
                previousNameClaim: shop.nameClaim, dueActions: DueAction.scheduled(by: events, for: id))
            switch try await append(commit) {
            case .appended(let recorded): return Outcome(shop: next, events: recorded, replayed: false)
            case .duplicate:
                if let replay = try await replay(id, key: key, actor: actor) { return replay }
            case .conflict: continue
            }
        }
        throw .conflict("shop \(id) kept changing; try again")
    }

    // MARK: - Helpers

    private enum AppendResult {
        case appended([RecordedEvent<ShopEvent>])
        case duplicate
        case conflict
    }

    /// Appends, translating the store's refusals into what the service does next.
    private func append(_ commit: ShopCommit) async throws(ServiceError) -> AppendResult {
        do {
            switch try await store.append(commit) {
            case .appended(let recorded): return .appended(recorded)
            case .duplicate: return .duplicate
            }
        } catch {
            switch error {
            case .versionConflict: return .conflict
            case .claimTaken(let scope, let key, _) where scope == UniqueFact.depositPayment:
                throw .domain(.duplicatePayment(reference: String(key.dropFirst(commit.shop.rawValue.count + 1))))
            case .claimTaken: throw .domain(.nameTaken(commit.resulting.name))
            default: throw .store(error)
            }
        }
    }

    private func replay(_ id: ShopID, key: String, actor: Actor? = nil) async throws(ServiceError) -> Outcome? {
        do {
            guard let earlier = try await store.committedEvents(shop: id, idempotencyKey: key), let shop = try await store.shop(id) else {
                return nil
            }
            if let actor, !Self.mayView(shop, actor) { throw ServiceError.domain(.shopNotFound(id)) }
            // Answer as the first attempt did: the shop as that commit left it, not as it is now.
            guard let last = earlier.last?.version, last < shop.version else {
                return Outcome(shop: shop, events: earlier, replayed: true)
            }
            let history = try await store.history(of: id).prefix { $0.version <= last }
            let then = Shop.fold(id: id, history.map { (event: $0.event, at: $0.recordedAt) }) ?? shop
            return Outcome(shop: then, events: earlier, replayed: true)
        } catch let error as ServiceError {
            throw error
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .store(.database("\(error)"))
        }
    }

    private func standing(of subjectKey: String, excluding id: ShopID, at now: Date) async throws(ServiceError) -> SubjectStanding {
        do {
            let others = try await store.shops(ShopQuery(subjectKey: subjectKey, limit: 10_000)).filter { $0.id != id }
            return SubjectStanding.of(others, at: now)
        } catch {
            throw .store(error)
        }
    }

    /// What each shadow version would have done with `report`, each on its own view of the shop:
    /// the history replayed with the shadow deciding every violation since it started watching.
    private func shadowDecisions(
        _ report: ViolationReport, on shop: Shop, shadows: [RulebookRegistry.Version], actor: Actor, at now: Date
    ) async throws(ServiceError) -> [ShopEvent] {
        let history: [RecordedEvent<ShopEvent>]
        do { history = try await store.history(of: shop.id) } catch { throw .store(error) }
        let commits = ReplayCommit.grouped(history)
        return shadows.map { shadow in
            let view =
                ShopReplay.replay(
                    shop.id, commits: commits, rulebook: shadow.rulebook, categories: categories, since: shadow.watchingSince, asOf: now)
                ?? shop
            let context = ShopDecisionContext(now: now, actor: actor, rulebook: shadow.rulebook, categories: categories)
            do throws(DomainError) {
                let events = try view.decide(.recordViolation(report), in: context)
                return .shadowDecided(ShadowDecided(version: shadow.rulebook.version, violation: report.id, events: events))
            } catch {
                return .shadowDecided(ShadowDecided(version: shadow.rulebook.version, violation: report.id, events: [], refusal: error.code))
            }
        }
    }

    func metadata(_ actor: Actor, key: String, reason: String? = nil, rulebook: Rulebook, requestID: String?) -> EventMetadata {
        EventMetadata(
            principal: actor.id, role: actor.role, idempotencyKey: key, reason: reason, ruleVersion: rulebook.version,
            requestID: requestID)
    }

    /// Waits a random few milliseconds, growing with `attempt`, so that writers who collided on
    /// a stream do not collide again in lockstep.
    static func backOff(_ attempt: Int) async {
        let ceiling = min(100, 2 << min(attempt, 6))
        try? await Task.sleep(for: .milliseconds(Int.random(in: 1...ceiling)))
    }

    /// The command with its instants cut to the millisecond the store keeps, so that a job due
    /// at a stored instant is never a fraction of a millisecond early.
    static func canonical(_ command: ShopCommand) -> ShopCommand {
        guard case .suspend(let until, let reason) = command else { return command }
        return .suspend(until: until.wholeMilliseconds, reason: reason)
    }

    static func reason(of command: ShopCommand) -> String? {
        switch command {
        case .reject(let reasons): reasons.joined(separator: "; ")
        case .restrict(_, let reason), .suspend(_, let reason), .expel(let reason): reason
        case .recordViolation(let report): "\(report.type): \(report.note ?? report.id)"
        case .approve(let note): note
        default: nil
        }
    }
}

// MARK: - Batches

extension ShopService {
    /// One violation of a batch: the shop it is against and the report.
    public struct BatchItem: Sendable {
        public var shop: ShopID
        public var report: ViolationReport

        public init(shop: ShopID, report: ViolationReport) {
            self.shop = shop
            self.report = report
        }
    }

    /// What became of one item of a batch.
    public enum BatchResult: Sendable {
        /// Recorded; the shop's version afterwards.
        case recorded(version: Int)
        /// Recorded before (the same violation id on the same shop): nothing new was written.
        case duplicate
        /// Refused by the rules; nothing was written for it.
        case refused(ServiceError)
    }

    /// Records many violations (from screening or fraud detection, say) with the same rules as
    /// ``execute(_:on:by:idempotencyKey:requestID:)``, in as few store transactions as possible:
    /// each violation is still its own commit, keyed `violation:<id>` so that a batch sent again
    /// records nothing twice. Items of one shop are decided in order, each on the shop as the
    /// ones before left it. A commit that loses a race with another writer, and every item while
    /// shadow versions watch, goes through the one-by-one path instead.
    public func recordViolations(_ items: [BatchItem], by actor: Actor) async throws(ServiceError) -> [BatchResult] {
        let registry = try await rulebooks.registry()
        let now = clock.now.wholeMilliseconds
        var results = [BatchResult?](repeating: nil, count: items.count)
        var oneByOne: [Int] = []
        if registry.shadows.isEmpty {
            // The store reads every item's key and shop for the batch, not one each per command,
            // and hands them to the decisions; SQLite does all of it in one transaction.
            let keys = items.map { ShopCommitKey(shop: $0.shop, idempotencyKey: Self.batchKey($0.report)) }
            let decided: (plan: BatchPlan, outcomes: [BatchAppendOutcome])
            do {
                decided = try await store.append(batchReading: keys) { reads, commits in
                    decide(items, keys: keys, on: reads, into: commits, registry: registry, by: actor, at: now)
                }
            } catch { throw .store(error) }
            results = decided.plan.results
            for (entry, outcome) in zip(decided.plan.pending, decided.outcomes) {
                switch outcome {
                case .appended: results[entry.index] = .recorded(version: entry.version)
                case .duplicate: results[entry.index] = .duplicate
                case .refused: oneByOne.append(entry.index)
                }
            }
        } else {
            // While shadows watch, every item goes one by one, so that each is shadow-decided.
            oneByOne = Array(items.indices)
        }
        // What the batch could not settle goes one by one, in the items' order.
        for index in oneByOne.sorted() {
            let item = items[index]
            do {
                let outcome = try await execute(
                    .recordViolation(item.report), on: item.shop, by: actor, idempotencyKey: Self.batchKey(item.report))
                results[index] = outcome.replayed ? .duplicate : .recorded(version: outcome.shop.version)
            } catch {
                results[index] = .refused(error)
            }
        }
        return results.map { $0 ?? .refused(.conflict("not decided")) }
    }

    /// What deciding a batch settled: the items' results so far, and for each commit to append
    /// the item it is for and the shop's version after it.
    struct BatchPlan: Sendable {
        var results: [BatchResult?]
        var pending: [(index: Int, version: Int)]
    }

    /// Decides each item of a batch on `reads`, handing each commit to `commits` as it is made:
    /// items of one shop in order, each on the shop as the ones before left it. A key sent
    /// before, in an earlier batch or earlier in this one, is a duplicate; a refusal by the rules
    /// writes nothing. Stops at an item the store did not read (it failed the batch).
    func decide(
        _ items: [BatchItem], keys: [ShopCommitKey], on reads: BatchReads, into commits: BatchCommitSink, registry: RulebookRegistry,
        by actor: Actor, at now: Date
    ) -> BatchPlan {
        var plan = BatchPlan(results: Array(repeating: nil, count: items.count), pending: [])
        // The shops this batch has committed to, as it left them.
        var shops: [ShopID: Shop] = [:]
        var pendingKeys: Set<ShopCommitKey> = []
        // The rulebook in force and the decision context, made once for the items reported
        // without an instant of their own (most of them) rather than once an item.
        let live = registry.live
        let contextNow = ShopDecisionContext(
            now: now, actor: actor, rulebook: RulebookRegistry.inForce(at: now, among: live) ?? rulebooks.seed, categories: categories)
        for (index, item) in items.enumerated() {
            guard let read = reads.item(index) else { break }
            let key = keys[index]
            if read.isCommitted || pendingKeys.contains(key) {
                plan.results[index] = .duplicate
                continue
            }
            guard let shop = shops[item.shop] ?? read.shop, Self.mayView(shop, actor) else {
                plan.results[index] = .refused(.domain(.shopNotFound(item.shop)))
                continue
            }
            var context = contextNow
            if let occurredAt = item.report.occurredAt {
                context.rulebook = RulebookRegistry.inForce(at: occurredAt, among: live) ?? rulebooks.seed
            }
            let events: [ShopEvent]
            do { events = try shop.decide(.recordViolation(item.report), in: context) } catch {
                plan.results[index] = .refused(.domain(error))
                continue
            }
            var next = shop
            for event in events { next.evolve(event, at: now) }
            commits.append(
                ShopCommit(
                    shop: item.shop, expectedVersion: shop.version, events: events, recordedAt: now,
                    metadata: metadata(
                        actor, key: key.idempotencyKey, reason: Self.reason(of: .recordViolation(item.report)), rulebook: context.rulebook,
                        requestID: nil),
                    resulting: next, previousNameClaim: shop.nameClaim, dueActions: DueAction.scheduled(by: events, for: item.shop)))
            plan.pending.append((index, next.version))
            shops[item.shop] = next
            pendingKeys.insert(key)
        }
        return plan
    }

    /// The idempotency key of a violation recorded in a batch.
    static func batchKey(_ report: ViolationReport) -> String { "violation:\(report.id)" }
}
