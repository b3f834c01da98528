public import Foundation
import Synchronization
public import WardenCore
public import WardenStore

/// The rulebook registry as the log holds it: which version governs when, and the admin
/// commands that publish, promote and retire versions.
///
/// The registry is folded from its stream and cached by the stream's version; every read asks
/// the store for that version (one indexed query), so a version published through another
/// process is seen by the next decision here. An empty registry seeds itself with the
/// configured rulebook the first time it is read.
public struct RulebookService<Store: WardenStore>: Sendable {
    public let store: Store
    public let clock: any WardenClock
    /// The rulebook the registry starts with when the log holds none, and its file text.
    public let seed: Rulebook
    let seedText: String
    private let cache: Cache

    final class Cache: Sendable {
        let registry = Mutex(RulebookRegistry())
    }

    public init(store: Store, clock: any WardenClock, seed: Rulebook, seedText: String) {
        self.store = store
        self.clock = clock
        self.seed = seed
        self.seedText = seedText
        self.cache = Cache()
    }

    /// The registry as the log holds it now.
    public func registry() async throws(ServiceError) -> RulebookRegistry {
        do {
            let stored = try await store.policyStreamVersion()
            if stored == 0 { return try await seedRegistry() }
            let cached = cache.registry.withLock { $0 }
            guard cached.streamVersion != stored else { return cached }
            var registry = cached.streamVersion < stored ? cached : RulebookRegistry()
            for recorded in try await store.policyEvents(after: registry.streamVersion) {
                do { try registry.apply(recorded.event, at: recorded.recordedAt) } catch {
                    throw StoreError.corrupt("rulebook event \(recorded.version) no longer parses: \(error)")
                }
            }
            let folded = registry
            cache.registry.withLock { current in if current.streamVersion < folded.streamVersion { current = folded } }
            return folded
        } catch let error as ServiceError {
            throw error
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .store(.database("\(error)"))
        }
    }

    /// The version governing `instant`.
    public func rulebook(at instant: Date) async throws(ServiceError) -> Rulebook {
        try await registry().inForce(at: instant) ?? seed
    }

    /// What a registry command did.
    public struct Outcome: Sendable {
        public var registry: RulebookRegistry
        /// False when nothing new was written: the same file published again, or a retry of a
        /// command already recorded under the same idempotency key.
        public var recorded: Bool
    }

    /// Publishes, promotes or retires a version as `actor`. A retry with the idempotency key of
    /// a recorded command answers with the registry as it is and writes nothing.
    public func execute(_ command: PolicyCommand, by actor: Actor, idempotencyKey: String?) async throws(ServiceError) -> Outcome {
        guard actor.role == .admin else { throw .domain(.forbidden(command: "rulebook")) }
        let key = idempotencyKey ?? "auto:\(randomToken(bytes: 12))"
        for attempt in 0..<8 {
            if attempt > 0 { await ShopService<Store>.backOff(attempt) }
            let registry = try await self.registry()
            if idempotencyKey != nil, try await isRecorded(key) { return Outcome(registry: registry, recorded: false) }
            let now = clock.now.wholeMilliseconds
            let events: [PolicyEvent]
            do { events = try registry.decide(command, now: now) } catch { throw .policy(error) }
            guard !events.isEmpty else { return Outcome(registry: registry, recorded: false) }
            let commit = PolicyCommit(
                expectedVersion: registry.streamVersion, events: events, recordedAt: now,
                metadata: EventMetadata(principal: actor.id, role: actor.role, idempotencyKey: key))
            let outcome: AppendOutcome<PolicyEvent>
            do {
                outcome = try await store.append(commit)
            } catch .versionConflict {
                continue
            } catch {
                throw .store(error)
            }
            if case .duplicate = outcome { return Outcome(registry: try await self.registry(), recorded: false) }
            return Outcome(registry: try await self.registry(), recorded: true)
        }
        throw .conflict("the rulebook registry kept changing; try again")
    }

    /// Whether a registry command with `key` is already recorded.
    private func isRecorded(_ key: String) async throws(ServiceError) -> Bool {
        do { return try await store.policyEvents(after: 0).contains { $0.metadata.idempotencyKey == key } } catch { throw .store(error) }
    }

    /// Stores the seed rulebook as the first live version, once, whichever process gets there first.
    private func seedRegistry() async throws -> RulebookRegistry {
        let event = PolicyEvent.published(RulebookPublished(version: seed.version, effectiveFrom: seed.effectiveFrom, shadow: false, text: seedText))
        let commit = PolicyCommit(
            expectedVersion: 0, events: [event], recordedAt: clock.now.wholeMilliseconds,
            metadata: EventMetadata(principal: Actor.system.id, role: .system, idempotencyKey: "seed", reason: "the configured rulebook"))
        do {
            _ = try await store.append(commit)
        } catch .versionConflict {
            // Another process seeded it first.
        }
        return try await registry()
    }
}
