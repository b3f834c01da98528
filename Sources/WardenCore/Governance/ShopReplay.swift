public import Foundation

/// One commit of a shop's history as the replay sees it: its events, instant and actor.
public struct ReplayCommit: Sendable {
    public var events: [ShopEvent]
    public var at: Date
    public var actor: Actor

    public init(events: [ShopEvent], at: Date, actor: Actor) {
        self.events = events
        self.at = at
        self.actor = actor
    }
}

/// Replays a shop's history with its violations decided under another rulebook.
///
/// Every commit that recorded a violation (from `since` on) is decided again under `rulebook`,
/// from the report it recorded, at its instant, on the replayed state; every other commit is
/// folded as recorded, except what no longer fits the replayed state (a suspension lift for a
/// shop that is no longer suspended, anything after a replayed expulsion). Suspensions the
/// candidate imposes lift at their end, as the job would. Replaying under the rulebook that
/// decided the live history gives the live state exactly.
public enum ShopReplay {
    public static func replay(
        _ id: ShopID, commits: [ReplayCommit], rulebook: Rulebook, categories: CategoryTable, since: Date? = nil, asOf: Date? = nil
    ) -> Shop? {
        var shop: Shop?
        for commit in commits {
            guard var current = shop else {
                guard let first = commit.events.first, var started = Shop.start(id: id, with: first, at: commit.at) else { continue }
                for event in commit.events.dropFirst() { started.evolve(event, at: commit.at) }
                shop = started
                continue
            }
            let isLift = commit.events.contains { if case .suspensionLifted = $0 { true } else { false } }
            if !isLift, current.status == .suspended, let until = current.suspendedUntil, until <= commit.at {
                current.evolve(.suspensionLifted(SuspensionLifted(automatic: true)), at: until)
            }
            if case .violationRecorded(let recorded) = commit.events.first, since.map({ commit.at >= $0 }) ?? true {
                let context = ShopDecisionContext(now: commit.at, actor: commit.actor, rulebook: rulebook, categories: categories)
                if let events = try? current.decide(.recordViolation(recorded.report), in: context) {
                    for event in events { current.evolve(event, at: commit.at) }
                }
            } else if !current.status.isFinal || isMoneyOnly(commit) {
                for event in commit.events where fits(event, current, at: commit.at) { current.evolve(event, at: commit.at) }
            }
            shop = current
        }
        // A suspension whose end passed by `asOf` has lifted, as the job would have lifted it.
        if var current = shop, let asOf, current.status == .suspended, let until = current.suspendedUntil, until <= asOf {
            current.evolve(.suspensionLifted(SuspensionLifted(automatic: true)), at: until)
            shop = current
        }
        return shop
    }

    /// Whether the event still applies to the replayed shop.
    static func fits(_ event: ShopEvent, _ shop: Shop, at instant: Date) -> Bool {
        switch event {
        case .suspensionLifted(let lifted):
            // An automatic lift recorded for the live suspension must not end a longer one the candidate imposed.
            shop.status == .suspended && (!lifted.automatic || (shop.suspendedUntil ?? .distantPast) <= instant)
        case .depositRefunded(let movement), .depositForfeited(let movement): movement.amount <= shop.deposit.balance
        default: true
        }
    }

    /// Refunds and forfeits still settle a shop that has left.
    static func isMoneyOnly(_ commit: ReplayCommit) -> Bool {
        commit.events.allSatisfy { event in
            switch event {
            case .depositRefunded, .depositForfeited: true
            default: false
            }
        }
    }
}
