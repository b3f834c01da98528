public import Foundation

/// A kind of violation (违规类型) and every consequence the rulebook attaches to it.
///
/// Recording a violation applies the rulebook in force (today: the one the process loaded; stored
/// versions with effective-from instants are still to come): the points (in one ledger), the
/// deposit deduction, the immediate sanctions and the sales clearing declared here, then whatever
/// node the new points total crosses. Everything counts from the instant the violation is recorded.
public struct ViolationType: Hashable, Sendable, Codable {
    /// A stable code: `fake-transaction`, `consumer-harm`.
    public var code: String
    public var zh: String
    public var en: String
    /// The ledger the points go to; `nil` when the violation carries no points.
    public var ledger: String?
    /// Points per occurrence when no tier applies.
    public var points: Int
    /// Points by occurrence and count (Taobao's 虚假交易 tiers); the first matching tier wins.
    public var pointsTiers: [PointsTier]?
    public var deposit: DepositDeduction?
    /// Sanctions imposed at once, whatever the points total.
    public var sanctions: [SanctionSpec]
    public var salesClearing: SalesClearing?
    /// Calendar days after notice within which the merchant may appeal (申诉).
    public var appealWindowDays: Int
    /// Where the numbers come from, or that they were chosen: published with the rulebook to admins.
    public var source: String

    /// The points one occurrence costs: the first tier matching the occurrence number (1 for the
    /// shop's first violation of this type) and the count of offending items, else `points`.
    public func points(occurrence: Int, count: Int, deliberate: Bool) -> Int {
        guard let tiers = pointsTiers else { return points }
        let match = tiers.first { tier in
            (tier.deliberate == nil || tier.deliberate == deliberate)
                && occurrence >= (tier.fromOccurrence ?? 1) && occurrence <= (tier.toOccurrence ?? .max)
                && count >= (tier.minCount ?? 0) && count <= (tier.maxCount ?? .max)
        }
        return match?.points ?? points
    }
}

/// One row of a tiered points table.
public struct PointsTier: Hashable, Sendable, Codable {
    public var fromOccurrence: Int?
    public var toOccurrence: Int?
    /// Offending items (fake orders) at least…
    public var minCount: Int?
    /// …and at most.
    public var maxCount: Int?
    /// When set, the tier applies only to violations flagged (or not) as deliberate evasion.
    public var deliberate: Bool?
    public var points: Int
}

/// How much of the deposit a violation takes (扣除保证金).
public enum DepositDeduction: Hashable, Sendable, Codable {
    /// A fixed amount.
    case fixed(amount: Money)
    /// A share of the required deposit, in percent.
    case shareOfRequired(percent: Int)
    /// Everything held (扣光).
    case all

    /// The amount to deduct from a shop that must hold `required` and holds `balance`; what the
    /// balance cannot cover is owed, not lost.
    public func amount(required: Money, balance: Money) -> Money {
        switch self {
        case .fixed(let amount): amount
        case .shareOfRequired(let percent): Money(cents: required.cents * Int64(percent) / 100)
        case .all: balance
        }
    }
}

/// Which sales a violation clears (销量清零).
public struct SalesClearing: Hashable, Sendable, Codable {
    public enum Scope: String, Hashable, Sendable, Codable {
        /// The offending orders only.
        case orders
        /// Every sale of the offending product.
        case product
        /// Every sale of the shop.
        case shop
    }

    public var scope: Scope
    /// Only sales in this many days before the violation; all of them when `nil`.
    public var windowDays: Int?
}
