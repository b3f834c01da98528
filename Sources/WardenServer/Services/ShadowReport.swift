import Foundation
public import WardenCore
public import WardenStore

/// What a shadow rulebook version would have done, next to what the live versions did, for every
/// violation it saw: read from the `shadowDecided` events recorded beside each live decision.
public struct ShadowReport: Sendable {
    /// The consequences of a set of decisions, summed.
    public struct Outcome: Sendable, Equatable {
        public var points = 0
        public var deducted = Money.zero
        public var owed = Money.zero
        public var sanctions: [SanctionKind: Int] = [:]
        public var suspensions = 0
        public var expulsions = 0
        /// Violations the version would have refused.
        public var refusals = 0

        /// Adds the consequences `events` record.
        mutating func add(_ events: [ShopEvent]) {
            for event in events {
                switch event {
                case .pointsAssessed(let assessment): points += assessment.entry.points
                case .depositDeducted(let deduction):
                    deducted += deduction.amount
                    owed += deduction.owed
                case .sanctionImposed(let imposed): sanctions[imposed.sanction.kind, default: 0] += 1
                case .shopSuspended: suspensions += 1
                case .shopExpelled: expulsions += 1
                default: break
                }
            }
        }

        static func + (left: Outcome, right: Outcome) -> Outcome {
            var sum = left
            sum.points += right.points
            sum.deducted += right.deducted
            sum.owed += right.owed
            sum.sanctions.merge(right.sanctions, uniquingKeysWith: +)
            sum.suspensions += right.suspensions
            sum.expulsions += right.expulsions
            sum.refusals += right.refusals
            return sum
        }
    }

    /// One shop the shadow would have treated differently.
    public struct ShopLine: Sendable {
        public var shop: ShopID
        public var violations: Int
        public var live: Outcome
        public var shadow: Outcome
    }

    public var version: String
    public var violationsSeen: Int
    /// Violations whose shadow outcome differs from the live one.
    public var differing: Int
    public var live: Outcome
    public var shadow: Outcome
    /// Shops with at least one differing violation, most differing first.
    public var shops: [ShopLine]

    /// Reads the whole log for `version`'s shadow decisions.
    public static func build<Store: WardenStore>(
        version: String, store: Store, pageSize: Int = 5_000, progress: (Int) -> Void = { _ in }
    ) async throws(StoreError) -> ShadowReport {
        var report = ShadowReport(version: version, violationsSeen: 0, differing: 0, live: Outcome(), shadow: Outcome(), shops: [])
        var byShop: [ShopID: ShopLine] = [:]
        var differingByShop: [ShopID: Int] = [:]
        var position: Int64 = 0
        var read = 0
        // A shop's events of one commit follow one another with one key (other streams' events
        // may come between them); the commit ends when the shop's key changes.
        var pending: [ShopID: (key: String, events: [ShopEvent])] = [:]
        func settle(_ shop: ShopID) {
            guard let open = pending.removeValue(forKey: shop) else { return }
            let commit = (shop: shop, key: open.key, events: open.events)
            let shadows = commit.events.compactMap { event -> ShadowDecided? in
                if case .shadowDecided(let decided) = event, decided.version == version { return decided }
                return nil
            }
            guard let decided = shadows.first else { return }
            var live = Outcome()
            live.add(commit.events.filter { if case .shadowDecided = $0 { false } else { true } })
            var shadow = Outcome()
            shadow.add(decided.events)
            if decided.refusal != nil { shadow.refusals += 1 }
            report.violationsSeen += 1
            report.live = report.live + live
            report.shadow = report.shadow + shadow
            var line = byShop[commit.shop] ?? ShopLine(shop: commit.shop, violations: 0, live: Outcome(), shadow: Outcome())
            line.violations += 1
            line.live = line.live + live
            line.shadow = line.shadow + shadow
            byShop[commit.shop] = line
            if live != shadow {
                report.differing += 1
                differingByShop[commit.shop, default: 0] += 1
            }
        }
        while true {
            let page = try await store.log(after: position, limit: pageSize)
            guard let last = page.last else { break }
            for case .shop(let id, let recorded) in page {
                let key = recorded.metadata.idempotencyKey
                if pending[id]?.key == key {
                    pending[id]?.events.append(recorded.event)
                } else {
                    settle(id)
                    pending[id] = (key, [recorded.event])
                }
            }
            read += page.count
            position = last.position
            progress(read)
        }
        for shop in Array(pending.keys) { settle(shop) }
        report.shops = differingByShop.sorted { ($0.value, $1.key.rawValue) > ($1.value, $0.key.rawValue) }.compactMap { byShop[$0.key] }
        return report
    }
}
