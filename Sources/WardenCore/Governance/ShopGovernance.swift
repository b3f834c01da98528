public import Foundation

/// A shop's governance record: its violations, points and the sanctions they caused.
///
/// Part of the shop projection, folded from the shop's events like the rest of it. Sanctions
/// with an end instant are active until then, so "is this sanction still running" is a question
/// asked with an instant, and needs no event when the instant passes.
public struct ShopGovernance: Hashable, Sendable, Codable {
    public var points: PointsLedger
    public var violations: [ViolationRecord]
    public var sanctions: [ImposedSanction]
    /// Sales cleared (销量清零), for the sales counters to exclude.
    public var clearedSales: [SalesCleared]

    public init() {
        self.points = PointsLedger()
        self.violations = []
        self.sanctions = []
        self.clearedSales = []
    }

    /// The sanctions in force at `instant`.
    public func activeSanctions(at instant: Date) -> [ImposedSanction] {
        sanctions.filter { $0.isActive(at: instant) }
    }

    /// The rights active sanctions remove at `instant`.
    public func restrictedRights(at instant: Date) -> [ShopRight] {
        let removed = Set(activeSanctions(at: instant).filter { $0.kind == .restrictRights }.flatMap(\.rights))
        return ShopRight.allCases.filter(removed.contains)
    }

    /// How many earlier violations of `type` count against the shop (not reversed).
    public func occurrences(of type: String) -> Int {
        var count = 0
        for violation in violations where violation.type == type && !violation.reversed { count += 1 }
        return count
    }
}

/// A violation as the shop's record keeps it: what, when, under which rule, and what it cost.
public struct ViolationRecord: Hashable, Sendable, Codable {
    public var id: String
    public var type: String
    public var occurredAt: Date
    public var recordedAt: Date
    /// The rulebook version whose rules were applied.
    public var ruleVersion: String
    /// 1 for the shop's first violation of this type.
    public var occurrence: Int
    public var points: Int
    public var ledger: String?
    public var evidence: [String]
    public var count: Int
    public var deliberate: Bool
    /// Money taken from the deposit, and added to what is owed, by this violation.
    public var deducted: Money
    public var owed: Money
    /// The last instant the merchant may appeal (申诉).
    public var appealDeadline: Date
    /// Reversed by an upheld appeal.
    public var reversed: Bool
    /// The offending product (a listing id), when the report named one: its takedown takes it off sale.
    public var product: String? = nil
}

/// A sanction imposed on the shop, with its cause.
public struct ImposedSanction: Hashable, Sendable, Codable {
    public var id: String
    public var kind: SanctionKind
    /// The violation that caused it directly, or whose points crossed the node.
    public var violation: String
    /// The ledger and node threshold, when a node caused it.
    public var ledger: String?
    public var node: Int?
    public var since: Date
    /// When it ends by itself; `nil` for instant (warning, takedown) or permanent sanctions.
    public var until: Date?
    public var rights: [ShopRight]
    /// Lifted early (an upheld appeal, a heavier node superseding it, a top-up).
    public var lifted: Bool
    /// The rule that imposed it, as a key into the rulebook: `violations[consumer-harm].sanctions[0]`,
    /// `ledgers[points].nodes[24]`, `deposit.missedTopUp[0]`.
    public var rule: String?
    /// The rulebook version the rule belongs to.
    public var ruleVersion: String?
    /// Runs until the deposit shortfall is paid rather than for a number of days.
    public var untilToppedUp: Bool?

    /// Whether the sanction is in force at `instant`.
    public func isActive(at instant: Date) -> Bool {
        guard !lifted, since <= instant else { return false }
        if let until { return instant < until }
        return kind.isPermanent || untilToppedUp == true
    }
}

extension SanctionKind {
    /// Whether the sanction never ends by itself.
    public var isPermanent: Bool { self == .expel || self == .sealAccount }
}
