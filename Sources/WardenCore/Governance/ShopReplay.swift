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

/// Replays a shop's history with its violations decided under other rulebooks.
///
/// Every commit that recorded a violation (from `since` on) is decided again under the version
/// of `rulebooks` in force at the violation's instant, from the report it recorded, at its
/// instant, on the replayed state; so are deposit payments (which lift what a top-up deadline
/// imposed) and top-up deadline enforcements. Every other commit is folded as recorded, except
/// what no longer fits the replayed state (a suspension lift for a shop that is no longer
/// suspended, anything after a replayed expulsion). Suspensions the replay imposes lift at their
/// end, and top-up deadlines it sets are enforced when they pass, as the jobs would. Replaying
/// under the registry that decided the live history gives the live state exactly.
public enum ShopReplay {
    /// Replays under one rulebook for every violation.
    public static func replay(
        _ id: ShopID, commits: [ReplayCommit], rulebook: Rulebook, categories: CategoryTable, since: Date? = nil, asOf: Date? = nil
    ) -> Shop? {
        replay(id, commits: commits, rulebooks: RulebookRegistry(single: rulebook), categories: categories, since: since, asOf: asOf)
    }

    /// Replays under the versions of `rulebooks`, each for the violations that occurred while it was in force.
    public static func replay(
        _ id: ShopID, commits: [ReplayCommit], rulebooks: RulebookRegistry, categories: CategoryTable, since: Date? = nil,
        asOf: Date? = nil
    ) -> Shop? {
        var shop: Shop?
        for commit in commits {
            guard var current = shop else {
                guard let first = commit.events.first, var started = Shop.start(id: id, with: first, at: commit.at) else { continue }
                for event in commit.events.dropFirst() { started.evolve(event, at: commit.at) }
                shop = started
                continue
            }
            let first = commit.events.first
            let replayed = since.map { commit.at >= $0 } ?? true
            catchUp(&current, before: commit, rulebooks: rulebooks, categories: categories)
            let redecided: ShopCommand?
            switch first {
            case .violationRecorded(let recorded) where replayed: redecided = .recordViolation(recorded.report)
            case .depositPaid(let paid) where replayed: redecided = .payDeposit(amount: paid.amount, reference: paid.reference)
            case .topUpDeadlineMissed where replayed: redecided = .enforceTopUpDeadline
            default: redecided = nil
            }
            if let command = redecided {
                let instant: Date
                if case .recordViolation(let report) = command { instant = report.occurredAt ?? commit.at } else { instant = commit.at }
                if let rulebook = rulebooks.inForce(at: instant) {
                    let context = ShopDecisionContext(now: commit.at, actor: commit.actor, rulebook: rulebook, categories: categories)
                    if let events = try? current.decide(command, in: context) {
                        for event in events { current.evolve(event, at: commit.at) }
                    }
                }
                // What shadows thought of it stays on the record.
                for case .shadowDecided(let shadow) in commit.events { current.evolve(.shadowDecided(shadow), at: commit.at) }
            } else if !current.status.isFinal || isMoneyOnly(commit) {
                for event in commit.events where fits(event, current, at: commit.at) { current.evolve(event, at: commit.at) }
            }
            shop = current
        }
        // What fell due by `asOf` has happened, as the jobs would have made it happen.
        if var current = shop, let asOf {
            catchUp(&current, before: ReplayCommit(events: [], at: asOf, actor: .system), rulebooks: rulebooks, categories: categories)
            shop = current
        }
        return shop
    }

    /// Applies what the jobs would have done before `commit`: a suspension that ended lifts, a
    /// top-up deadline that passed is enforced. Skipped when the commit is that very job.
    static func catchUp(_ shop: inout Shop, before commit: ReplayCommit, rulebooks: RulebookRegistry, categories: CategoryTable) {
        let first = commit.events.first
        let isLift = commit.events.contains { if case .suspensionLifted = $0 { true } else { false } }
        let isEnforcement = if case .topUpDeadlineMissed = first { true } else { false }
        var due: [(instant: Date, command: ShopCommand)] = []
        if !isLift, shop.status == .suspended, let until = shop.suspendedUntil, until <= commit.at {
            due.append((until, .liftSuspension(automatic: true)))
        }
        if !isEnforcement, let deadline = shop.deposit.topUpDueAt, deadline <= commit.at {
            due.append((deadline, .enforceTopUpDeadline))
        }
        for (instant, command) in due.sorted(by: { $0.instant < $1.instant }) {
            guard let rulebook = rulebooks.inForce(at: instant) else { continue }
            let context = ShopDecisionContext(now: instant, actor: .system, rulebook: rulebook, categories: categories)
            guard let events = try? shop.decide(command, in: context) else { continue }
            for event in events { shop.evolve(event, at: instant) }
        }
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
