public import Foundation
public import WardenCore
public import WardenStore

/// Backtests a candidate rulebook on the recorded history without touching live state.
///
/// `warden replay --policy FILE` reads the whole log, replays every shop with its violations
/// decided under the candidate (``ShopReplay``), and reports the shops whose status, points,
/// deposit or cleared sales would differ from the live projections, with totals.
public struct PolicyBacktest<Store: WardenStore>: Sendable {
    let store: Store
    let categories: CategoryTable
    /// Log entries read per page.
    public var pageSize = 5_000

    public init(store: Store, categories: CategoryTable) {
        self.store = store
        self.categories = categories
    }

    /// One shop that would fare differently.
    public struct Difference: Sendable, Equatable {
        public var shop: ShopID
        public var name: String
        public var live: Summary
        public var candidate: Summary
    }

    /// The figures a difference compares.
    public struct Summary: Sendable, Equatable, CustomStringConvertible {
        public var status: ShopStatus
        public var points: [String: Int]
        public var balance: Money
        public var owed: Money
        public var clearedSales: Int
        public var activeSanctions: Int

        init(_ shop: Shop, at instant: Date) {
            status = shop.status
            points = Dictionary(
                Set(shop.governance.points.entries.map(\.ledger)).map { ($0, shop.governance.points.total($0, at: instant)) },
                uniquingKeysWith: { first, _ in first })
            balance = shop.deposit.balance
            owed = shop.deposit.owed
            clearedSales = shop.governance.clearedSales.count
            activeSanctions = shop.governance.activeSanctions(at: instant).count
        }

        public var description: String {
            let points = self.points.keys.sorted().map { "\($0) \(self.points[$0] ?? 0)" }.joined(separator: ", ")
            return
                "\(status.rawValue) · points [\(points)] · deposit \(balance) owed \(owed) · sales cleared \(clearedSales) · sanctions \(activeSanctions)"
        }
    }

    /// What a replay found.
    public struct Report: Sendable {
        public var eventsRead: Int
        public var shopsReplayed: Int
        public var differences: [Difference]

        /// Shops whose status would change, by candidate status.
        public var statusChanges: [ShopStatus: Int] {
            differences.filter { $0.live.status != $0.candidate.status }.reduce(into: [:]) { $0[$1.candidate.status, default: 0] += 1 }
        }

        /// The change in deposit balances summed over all shops.
        public var balanceChange: Money {
            differences.reduce(.zero) { $0 + ($1.candidate.balance - $1.live.balance) }
        }
    }

    /// Replays the log under `rulebook` and compares with the live projections as of `instant`.
    public func run(
        rulebook: Rulebook, since: Date? = nil, at instant: Date, progress: (Int) -> Void = { _ in }
    ) async throws(StoreError) -> Report {
        try await run(rulebooks: RulebookRegistry(single: rulebook), since: since, at: instant, progress: progress)
    }

    /// Replays the log under the versions of `rulebooks`, each deciding the violations that
    /// occurred while it was in force; under the registry the log holds, nothing may differ.
    public func run(
        rulebooks: RulebookRegistry, since: Date? = nil, at instant: Date, progress: (Int) -> Void = { _ in }
    ) async throws(StoreError) -> Report {
        var commits: [ShopID: [ReplayCommit]] = [:]
        var lastKey: [ShopID: String] = [:]
        var position: Int64 = 0
        var read = 0
        while true {
            let page = try await store.log(after: position, limit: pageSize)
            guard let last = page.last else { break }
            for case .shop(let id, let recorded) in page {
                let key = recorded.metadata.idempotencyKey
                if lastKey[id] == key, var list = commits[id], !list.isEmpty {
                    list[list.count - 1].events.append(recorded.event)
                    commits[id] = list
                } else {
                    let actor = Actor(id: recorded.metadata.principal, role: recorded.metadata.role)
                    commits[id, default: []].append(ReplayCommit(events: [recorded.event], at: recorded.recordedAt, actor: actor))
                }
                lastKey[id] = key
            }
            read += page.count
            position = last.position
            progress(read)
        }
        var differences: [Difference] = []
        for (id, history) in commits.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            guard let live = try await store.shop(id),
                let candidate = ShopReplay.replay(
                    id, commits: history, rulebooks: rulebooks, categories: categories, since: since, asOf: instant)
            else { continue }
            let before = Summary(live, at: instant)
            let after = Summary(candidate, at: instant)
            if before != after { differences.append(Difference(shop: id, name: live.name, live: before, candidate: after)) }
        }
        return Report(eventsRead: read, shopsReplayed: commits.count, differences: differences)
    }
}

extension ReplayCommit {
    /// A stream's recorded events grouped back into the commits that appended them (events of
    /// one commit share its idempotency key and follow one another).
    static func grouped(_ history: [RecordedEvent<ShopEvent>]) -> [ReplayCommit] {
        var commits: [ReplayCommit] = []
        var lastKey: String?
        for recorded in history {
            let key = recorded.metadata.idempotencyKey
            if key == lastKey, !commits.isEmpty {
                commits[commits.count - 1].events.append(recorded.event)
            } else {
                commits.append(
                    ReplayCommit(
                        events: [recorded.event], at: recorded.recordedAt, actor: Actor(id: recorded.metadata.principal, role: recorded.metadata.role)
                    ))
            }
            lastKey = key
        }
        return commits
    }
}
