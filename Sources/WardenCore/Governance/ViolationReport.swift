public import Foundation

/// A violation as a reviewer, screening or fraud detection reports it against a shop.
public struct ViolationReport: Hashable, Sendable, Codable {
    /// A caller-chosen id, unique within the shop; the violation's key in appeals and history.
    public var id: String
    /// The violation type's code in the rulebook: `consumer-harm`.
    public var type: String
    /// When it happened; the recording instant when omitted.
    public var occurredAt: Date?
    /// References to the evidence (case ids, order ids, file ids).
    public var evidence: [String]
    /// Offending items (fake orders) for tiered points; 1 when omitted.
    public var count: Int?
    /// Flagged as deliberate evasion of supervision (故意规避监管).
    public var deliberate: Bool?
    /// The offending orders, for sales clearing by order.
    public var orders: [String]?
    /// The offending product (listing id), for takedown and clearing by product.
    public var product: String?
    public var note: String?
    /// What each harmed buyer paid, for per-buyer compensation (Pinduoduo's 延迟发货).
    public var buyers: [BuyerPayment]?
    /// Whether a buyer's complaint was upheld, which doubles some compensations.
    public var complaintUpheld: Bool?
    /// The buyers' actual loss, for deductions of the actual loss (TikTok Shop's 空包).
    public var loss: Money?

    public init(
        id: String, type: String, occurredAt: Date? = nil, evidence: [String] = [], count: Int? = nil, deliberate: Bool? = nil,
        orders: [String]? = nil, product: String? = nil, note: String? = nil, buyers: [BuyerPayment]? = nil,
        complaintUpheld: Bool? = nil, loss: Money? = nil
    ) {
        self.id = id
        self.type = type
        self.occurredAt = occurredAt
        self.evidence = evidence
        self.count = count
        self.deliberate = deliberate
        self.orders = orders
        self.product = product
        self.note = note
        self.buyers = buyers
        self.complaintUpheld = complaintUpheld
        self.loss = loss
    }

    enum CodingKeys: String, CodingKey {
        case id, type, occurredAt, evidence, count, deliberate, orders, product, note, buyers, complaintUpheld
        case loss = "lossCents"
    }
}

/// What one buyer paid for the orders a violation concerns.
public struct BuyerPayment: Hashable, Sendable, Codable {
    public var buyer: String
    public var paid: Money

    public init(buyer: String, paid: Money) {
        self.buyer = buyer
        self.paid = paid
    }

    enum CodingKeys: String, CodingKey {
        case buyer
        case paid = "paidCents"
    }
}

/// A violation was recorded, with what the rulebook made of it.
public struct ViolationRecorded: Hashable, Sendable, Codable {
    public var report: ViolationReport
    public var ruleVersion: String
    public var occurrence: Int
    public var points: Int
    public var ledger: String?
    public var appealDeadline: Date

    public init(report: ViolationReport, ruleVersion: String, occurrence: Int, points: Int, ledger: String? = nil, appealDeadline: Date) {
        self.report = report
        self.ruleVersion = ruleVersion
        self.occurrence = occurrence
        self.points = points
        self.ledger = ledger
        self.appealDeadline = appealDeadline
    }
}

/// Deposit money taken for a violation (扣除保证金), and what the balance could not cover.
public struct DepositDeducted: Hashable, Sendable, Codable {
    public var violation: String
    /// Taken from the balance.
    public var amount: Money
    /// Added to what the merchant owes, because the balance was short.
    public var owed: Money
    /// Who receives the money: the platform, or the buyers as compensation.
    public var payee: DeductionPayee
    /// How the amount was computed.
    public var basis: String?
    /// The deadline this deduction set for topping the deposit up (补交), when it left it short
    /// and no earlier deadline was pending.
    public var topUpDue: Date?

    public init(
        violation: String, amount: Money, owed: Money, payee: DeductionPayee = .platform, basis: String? = nil, topUpDue: Date? = nil
    ) {
        self.violation = violation
        self.amount = amount
        self.owed = owed
        self.payee = payee
        self.basis = basis
        self.topUpDue = topUpDue
    }

    enum CodingKeys: String, CodingKey {
        case violation, amount, owed, payee, basis, topUpDue
    }

    /// Decodes a deduction; events recorded before payees existed went to the platform.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        violation = try container.decode(String.self, forKey: .violation)
        amount = try container.decode(Money.self, forKey: .amount)
        owed = try container.decode(Money.self, forKey: .owed)
        payee = try container.decodeIfPresent(DeductionPayee.self, forKey: .payee) ?? .platform
        basis = try container.decodeIfPresent(String.self, forKey: .basis)
        topUpDue = try container.decodeIfPresent(Date.self, forKey: .topUpDue)
    }
}

/// The top-up deadline passed with the deposit still short: the rulebook's consequence follows.
public struct TopUpDeadlineMissed: Hashable, Sendable, Codable {
    public var deadline: Date
    /// What was still to pay at the deadline.
    public var shortfall: Money

    public init(deadline: Date, shortfall: Money) {
        self.deadline = deadline
        self.shortfall = shortfall
    }
}

/// A sanction ended before its time: the deposit was topped up, or an appeal was upheld.
public struct SanctionLifted: Hashable, Sendable, Codable {
    public var sanction: String
    public var reason: Reason

    public enum Reason: String, Hashable, Sendable, Codable {
        /// The deposit shortfall was paid.
        case toppedUp
        /// An appeal against its cause was upheld.
        case appealUpheld
    }

    public init(sanction: String, reason: Reason) {
        self.sanction = sanction
        self.reason = reason
    }
}

/// A sanction was imposed, directly by a violation or by a node its points crossed.
public struct SanctionImposed: Hashable, Sendable, Codable {
    public var sanction: ImposedSanction

    public init(sanction: ImposedSanction) {
        self.sanction = sanction
    }
}

/// Sales cleared (销量清零) for a violation: which scope, and which orders when named.
public struct SalesCleared: Hashable, Sendable, Codable {
    public var violation: String
    public var scope: SalesClearing.Scope
    public var orders: [String]
    public var product: String?
    /// Sales on or after this instant are cleared; all of them when `nil`.
    public var since: Date?

    public init(violation: String, scope: SalesClearing.Scope, orders: [String], product: String? = nil, since: Date? = nil) {
        self.violation = violation
        self.scope = scope
        self.orders = orders
        self.product = product
        self.since = since
    }
}
