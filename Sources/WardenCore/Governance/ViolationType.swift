import Foundation

/// A kind of violation (违规类型) and every consequence the rulebook attaches to it.
///
/// Recording a violation applies the rulebook version in force at the violation's instant: the
/// points (in one ledger), the deposit deduction, the immediate sanctions and the sales clearing
/// declared here, then whatever node the new points total crosses. Points count from the instant
/// the violation is recorded.
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

/// How much of the deposit a violation takes (扣除保证金), and to whom it goes.
public enum DepositDeduction: Hashable, Sendable, Codable {
    /// A fixed amount.
    case fixed(amount: Money)
    /// A share of the required deposit, in percent.
    case shareOfRequired(percent: Int)
    /// Everything held (扣光).
    case all
    /// Liquidated damages of the higher of a fixed sum and the deposit held: JD's 违约金 =
    /// max(¥100,000, deposit).
    case greaterOfFixedAndDeposit(amount: Money)
    /// Compensation paid to each buyer the violation harmed: `percent` of what the buyer paid,
    /// at least `minimum` and at most `maximum` per buyer; when the buyer's complaint was upheld
    /// the platform takes the same again (Pinduoduo's 延迟发货).
    case perBuyer(percent: Int, minimum: Money, maximum: Money, platformMatchesUpheldComplaint: Bool)
    /// The actual loss the report states, paid to the buyers (TikTok Shop's 空包 compensation).
    case reportedLoss

    /// What the violation takes, part by part; a part the balance cannot cover is owed, not lost.
    public func parts(required: Money, balance: Money, report: ViolationReport) -> [DeductionPart] {
        switch self {
        case .fixed(let amount):
            return [DeductionPart(amount: amount, payee: .platform, basis: "fixed \(amount)")]
        case .shareOfRequired(let percent):
            let amount = Money(cents: required.cents * Int64(percent) / 100)
            return [DeductionPart(amount: amount, payee: .platform, basis: "\(percent)% of required \(required)")]
        case .all:
            return [DeductionPart(amount: balance, payee: .platform, basis: "all held")]
        case .greaterOfFixedAndDeposit(let amount):
            return [DeductionPart(amount: max(amount, balance), payee: .platform, basis: "max(\(amount), deposit \(balance))")]
        case .perBuyer(let percent, let minimum, let maximum, let platformMatches):
            var paidByBuyer: [String: Money] = [:]
            for payment in report.buyers ?? [] { paidByBuyer[payment.buyer, default: .zero] += payment.paid }
            let compensation = paidByBuyer.values.reduce(Money.zero) { total, paid in
                total + min(maximum, max(minimum, Money(cents: paid.cents * Int64(percent) / 100)))
            }
            let basis = "\(percent)% per buyer within \(minimum)–\(maximum), \(paidByBuyer.count) buyers"
            var parts = [DeductionPart(amount: compensation, payee: .consumers, basis: basis)]
            if platformMatches && report.complaintUpheld == true {
                parts.append(DeductionPart(amount: compensation, payee: .platform, basis: "upheld complaint: the same again to the platform"))
            }
            return parts
        case .reportedLoss:
            let loss = report.loss ?? .zero
            return [DeductionPart(amount: loss, payee: .consumers, basis: "actual loss \(loss)")]
        }
    }

    /// Whether the deduction needs the report to name its buyers or loss.
    var needs: (buyers: Bool, loss: Bool) {
        switch self {
        case .perBuyer: (true, false)
        case .reportedLoss: (false, true)
        default: (false, false)
        }
    }
}

/// One amount a deduction takes, for one payee, with how it was computed.
public struct DeductionPart: Hashable, Sendable {
    public var amount: Money
    public var payee: DeductionPayee
    /// How the amount was computed, for the merchant to read: `20% of required ¥2000.00`.
    public var basis: String
}

/// Where deducted deposit money goes.
public enum DeductionPayee: String, Hashable, Sendable, Codable {
    /// The platform keeps it (扣除, 违约金).
    case platform
    /// It compensates the buyers (赔付).
    case consumers
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
