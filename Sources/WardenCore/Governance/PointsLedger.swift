public import Foundation

/// A shop's violation points across its ledgers, and the node penalties they triggered.
///
/// A value folded from events: ``assess(_:in:policy:at:)`` decides what new points do (without
/// changing anything) and ``record(_:)`` folds the decision in. Totals are always "as of" an
/// instant, because points expire with time.
public struct PointsLedger: Hashable, Sendable, Codable {
    /// Every point entry ever issued, expired or not.
    public private(set) var entries: [PointEntry]
    /// The node penalty currently running in each ledger, by ledger code.
    public private(set) var runningNodes: [String: RunningNode]
    /// Ledgers whose total reached their freeze threshold: their points no longer expire.
    public var frozenLedgers: Set<String> { Set(frozenSince.keys) }
    /// When each frozen ledger froze: points still counting then count for good.
    public private(set) var frozenSince: [String: Date]

    public init() {
        self.entries = []
        self.runningNodes = [:]
        self.frozenSince = [:]
    }

    /// The points of `ledger` that count at `instant`.
    public func total(_ ledger: String, at instant: Date) -> Int {
        let frozen = frozenSince[ledger].flatMap { $0 <= instant ? $0 : nil }
        var total = 0
        for entry in entries where entry.ledger == ledger && !entry.reversed && entry.issuedAt <= instant {
            let counts = frozen.map { entry.expiresAt > $0 || entry.issuedAt >= $0 } ?? (entry.expiresAt > instant)
            if counts { total += entry.points }
        }
        return total
    }

    /// The node penalty running in `ledger` at `instant`, if any.
    public func runningNode(_ ledger: String, at instant: Date) -> RunningNode? {
        guard let node = runningNodes[ledger] else { return nil }
        if let until = node.until, until <= instant { return nil }
        return node
    }

    /// Decides what `points` more in `ledger` at `instant` do: the entry, the nodes crossed, and
    /// the node penalty to execute under the heaviest-only rule.
    public func assess(_ points: Int, in ledger: String, policy: LedgerPolicy, at instant: Date, violation: String) -> PointsAssessment {
        let before = total(ledger, at: instant)
        let after = before + points
        let entry = PointEntry(
            violation: violation, ledger: ledger, points: points, issuedAt: instant,
            expiresAt: policy.expiry.expiry(ofPointIssuedAt: instant))
        let crossed = policy.nodesCrossed(from: before, to: after)
        // Several nodes crossed at once: only the heaviest executes.
        var execute = crossed.max { ($0.severity, $0.at) < ($1.severity, $1.at) }
        var superseded: RunningNode?
        if let candidate = execute, let running = runningNode(ledger, at: instant) {
            // A node of the same ledger is still running: keep only the heavier of the two.
            if candidate.severity > running.severity {
                superseded = running
            } else {
                execute = nil
            }
        }
        let freezes = policy.expiry.freezeAt.map { after >= $0 && !frozenLedgers.contains(ledger) } ?? false
        return PointsAssessment(
            entry: entry, totalBefore: before, totalAfter: after, crossed: crossed, executed: execute,
            executedUntil: execute.flatMap { node in node.durationDays.map { ShanghaiCalendar.adding(days: $0, to: instant) } },
            superseded: superseded, freezes: freezes)
    }

    /// Folds an assessment in.
    public mutating func record(_ assessment: PointsAssessment) {
        entries.append(assessment.entry)
        if let node = assessment.executed, node.isPermanent || assessment.executedUntil != nil {
            runningNodes[assessment.entry.ledger] = RunningNode(
                at: node.at, severity: node.severity, since: assessment.entry.issuedAt, until: assessment.executedUntil)
        }
        if assessment.freezes, frozenSince[assessment.entry.ledger] == nil {
            frozenSince[assessment.entry.ledger] = assessment.entry.issuedAt
        }
    }

    /// Cancels the points a violation issued (an upheld appeal); returns how many were cancelled.
    @discardableResult
    public mutating func reverse(violation: String) -> Int {
        var cancelled = 0
        for index in entries.indices where entries[index].violation == violation && !entries[index].reversed {
            entries[index].reversed = true
            cancelled += entries[index].points
        }
        return cancelled
    }
}

/// Points issued for one violation in one ledger.
public struct PointEntry: Hashable, Sendable, Codable {
    /// The violation that issued them.
    public var violation: String
    public var ledger: String
    public var points: Int
    public var issuedAt: Date
    /// When they stop counting (unless the ledger is frozen).
    public var expiresAt: Date
    /// Cancelled by an upheld appeal.
    public var reversed: Bool = false
}

/// A node penalty in force.
public struct RunningNode: Hashable, Sendable, Codable {
    public var at: Int
    public var severity: Int
    public var since: Date
    /// When it ends; `nil` when permanent.
    public var until: Date?
}

/// What new points do, decided before anything changes.
public struct PointsAssessment: Hashable, Sendable, Codable {
    public var entry: PointEntry
    public var totalBefore: Int
    public var totalAfter: Int
    /// Every node the new total crossed, in order.
    public var crossed: [PointNode]
    /// The one node penalty to execute, if any (heaviest only, and heavier than a running one).
    public var executed: PointNode?
    public var executedUntil: Date?
    /// The running node penalty the executed one replaces.
    public var superseded: RunningNode?
    /// Whether this assessment freezes the ledger's expiry.
    public var freezes: Bool
}
