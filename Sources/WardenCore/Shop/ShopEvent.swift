public import Foundation

/// Something that happened to a shop; the shop's state is the fold of these, in order.
///
/// Events are facts: once appended they are never edited. Each encodes as
/// `{"type": "...", "data": {...}}` so that the log reads well and survives new cases.
public enum ShopEvent: Hashable, Sendable {
    case applicationDrafted(ApplicationDrafted)
    case applicationUpdated(ShopApplication)
    case applicationSubmitted
    case applicationApproved(ApplicationApproved)
    case applicationRejected(ApplicationRejected)
    case contractSigned(ContractSigned)
    case depositPaid(DepositPaid)
    case shopOpened(ShopOpened)
    case shopRenamed(ShopRenamed)
    case shopRestricted(ShopRestricted)
    case restrictionLifted
    case shopSuspended(ShopSuspended)
    case suspensionLifted(SuspensionLifted)
    case shopClosed(ShopClosed)
    case depositRefunded(DepositMovement)
    case shopExpelled(ShopExpelled)
    case depositForfeited(DepositMovement)
    case violationRecorded(ViolationRecorded)
    case pointsAssessed(PointsAssessment)
    case depositDeducted(DepositDeducted)
    case sanctionImposed(SanctionImposed)
    case salesCleared(SalesCleared)
    case topUpDeadlineMissed(TopUpDeadlineMissed)
    case sanctionLifted(SanctionLifted)
    case shadowDecided(ShadowDecided)
}

/// A merchant started an application.
public struct ApplicationDrafted: Hashable, Sendable, Codable {
    public var owner: PrincipalID
    public var application: ShopApplication
    public init(owner: PrincipalID, application: ShopApplication) {
        self.owner = owner
        self.application = application
    }
}

/// A reviewer approved an application; the deposit requirement is fixed here.
public struct ApplicationApproved: Hashable, Sendable, Codable {
    public var requiredDeposit: Money
    public var depositBasis: String
    public var note: String?
    public init(requiredDeposit: Money, depositBasis: String, note: String? = nil) {
        self.requiredDeposit = requiredDeposit
        self.depositBasis = depositBasis
        self.note = note
    }
}

/// A reviewer rejected an application with reasons; the merchant may change it and resubmit.
public struct ApplicationRejected: Hashable, Sendable, Codable {
    public var reasons: [String]
    public init(reasons: [String]) {
        self.reasons = reasons
    }
}

/// The merchant signed the platform contract (签约).
public struct ContractSigned: Hashable, Sendable, Codable {
    public var contractVersion: String
    public init(contractVersion: String) {
        self.contractVersion = contractVersion
    }
}

/// Money paid into the deposit (缴纳保证金).
public struct DepositPaid: Hashable, Sendable, Codable {
    public var amount: Money
    /// The payment system's reference, unique per shop.
    public var reference: String
    public init(amount: Money, reference: String) {
        self.amount = amount
        self.reference = reference
    }
}

/// The shop opened and its display channels were enabled.
public struct ShopOpened: Hashable, Sendable, Codable {
    public var channels: [Channel]
    public init(channels: [Channel]) {
        self.channels = channels
    }
}

/// The shop changed its name.
public struct ShopRenamed: Hashable, Sendable, Codable {
    public var from: String
    public var to: String
    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }
}

/// Rights were taken away (限制经营).
public struct ShopRestricted: Hashable, Sendable, Codable {
    public var rights: [ShopRight]
    public var reason: String
    public init(rights: [ShopRight], reason: String) {
        self.rights = rights
        self.reason = reason
    }
}

/// The shop was suspended until an instant (短期封禁); it lifts by itself then.
public struct ShopSuspended: Hashable, Sendable, Codable {
    public var until: Date
    public var reason: String
    public init(until: Date, reason: String) {
        self.until = until
        self.reason = reason
    }
}

/// A suspension ended, by the clock or by a reviewer.
public struct SuspensionLifted: Hashable, Sendable, Codable {
    /// True when the background job lifted it because its end instant passed.
    public var automatic: Bool
    public init(automatic: Bool) {
        self.automatic = automatic
    }
}

/// The merchant closed the shop (主动退店).
public struct ShopClosed: Hashable, Sendable, Codable {
    /// When the subject may open a shop again.
    public var reopenAllowedFrom: Date
    /// When the remaining deposit is refunded.
    public var refundDueAt: Date
    public init(reopenAllowedFrom: Date, refundDueAt: Date) {
        self.reopenAllowedFrom = reopenAllowedFrom
        self.refundDueAt = refundDueAt
    }
}

/// The shop was expelled (清退).
public struct ShopExpelled: Hashable, Sendable, Codable {
    public var reason: String
    /// Whether the subject is barred from onboarding for good.
    public var subjectBarred: Bool
    public init(reason: String, subjectBarred: Bool) {
        self.reason = reason
        self.subjectBarred = subjectBarred
    }
}

/// Deposit money leaving the shop's account: refunded to the merchant or kept by the platform.
public struct DepositMovement: Hashable, Sendable, Codable {
    public var amount: Money
    public init(amount: Money) {
        self.amount = amount
    }
}

/// What a shadow rulebook version would have done with a violation the live version decided.
///
/// Recorded in the same commit as the live decision, so a shadow never misses a violation; it
/// changes nothing in the shop: the fold only counts it.
public struct ShadowDecided: Hashable, Sendable, Codable {
    /// The shadow version.
    public var version: String
    public var violation: String
    /// The events the shadow would have recorded, on its own replayed view of the shop.
    public var events: [ShopEvent]
    /// The refusal's code when the shadow would have refused the violation.
    public var refusal: String?

    public init(version: String, violation: String, events: [ShopEvent], refusal: String? = nil) {
        self.version = version
        self.violation = violation
        self.events = events
        self.refusal = refusal
    }
}

// MARK: - Coding

extension ShopEvent: Codable {
    enum CodingKeys: String, CodingKey {
        case type, data
    }

    /// The event's stable type name, as stored in the log.
    public var typeName: String {
        switch self {
        case .applicationDrafted: "applicationDrafted"
        case .applicationUpdated: "applicationUpdated"
        case .applicationSubmitted: "applicationSubmitted"
        case .applicationApproved: "applicationApproved"
        case .applicationRejected: "applicationRejected"
        case .contractSigned: "contractSigned"
        case .depositPaid: "depositPaid"
        case .shopOpened: "shopOpened"
        case .shopRenamed: "shopRenamed"
        case .shopRestricted: "shopRestricted"
        case .restrictionLifted: "restrictionLifted"
        case .shopSuspended: "shopSuspended"
        case .suspensionLifted: "suspensionLifted"
        case .shopClosed: "shopClosed"
        case .depositRefunded: "depositRefunded"
        case .shopExpelled: "shopExpelled"
        case .depositForfeited: "depositForfeited"
        case .violationRecorded: "violationRecorded"
        case .pointsAssessed: "pointsAssessed"
        case .depositDeducted: "depositDeducted"
        case .sanctionImposed: "sanctionImposed"
        case .salesCleared: "salesCleared"
        case .topUpDeadlineMissed: "topUpDeadlineMissed"
        case .sanctionLifted: "sanctionLifted"
        case .shadowDecided: "shadowDecided"
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        func data<T: Decodable>(_: T.Type) throws -> T { try container.decode(T.self, forKey: .data) }
        switch type {
        case "applicationDrafted": self = .applicationDrafted(try data(ApplicationDrafted.self))
        case "applicationUpdated": self = .applicationUpdated(try data(ShopApplication.self))
        case "applicationSubmitted": self = .applicationSubmitted
        case "applicationApproved": self = .applicationApproved(try data(ApplicationApproved.self))
        case "applicationRejected": self = .applicationRejected(try data(ApplicationRejected.self))
        case "contractSigned": self = .contractSigned(try data(ContractSigned.self))
        case "depositPaid": self = .depositPaid(try data(DepositPaid.self))
        case "shopOpened": self = .shopOpened(try data(ShopOpened.self))
        case "shopRenamed": self = .shopRenamed(try data(ShopRenamed.self))
        case "shopRestricted": self = .shopRestricted(try data(ShopRestricted.self))
        case "restrictionLifted": self = .restrictionLifted
        case "shopSuspended": self = .shopSuspended(try data(ShopSuspended.self))
        case "suspensionLifted": self = .suspensionLifted(try data(SuspensionLifted.self))
        case "shopClosed": self = .shopClosed(try data(ShopClosed.self))
        case "depositRefunded": self = .depositRefunded(try data(DepositMovement.self))
        case "shopExpelled": self = .shopExpelled(try data(ShopExpelled.self))
        case "depositForfeited": self = .depositForfeited(try data(DepositMovement.self))
        case "violationRecorded": self = .violationRecorded(try data(ViolationRecorded.self))
        case "pointsAssessed": self = .pointsAssessed(try data(PointsAssessment.self))
        case "depositDeducted": self = .depositDeducted(try data(DepositDeducted.self))
        case "sanctionImposed": self = .sanctionImposed(try data(SanctionImposed.self))
        case "salesCleared": self = .salesCleared(try data(SalesCleared.self))
        case "topUpDeadlineMissed": self = .topUpDeadlineMissed(try data(TopUpDeadlineMissed.self))
        case "sanctionLifted": self = .sanctionLifted(try data(SanctionLifted.self))
        case "shadowDecided": self = .shadowDecided(try data(ShadowDecided.self))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "unknown shop event type '\(type)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(typeName, forKey: .type)
        switch self {
        case .applicationDrafted(let data): try container.encode(data, forKey: .data)
        case .applicationUpdated(let data): try container.encode(data, forKey: .data)
        case .applicationApproved(let data): try container.encode(data, forKey: .data)
        case .applicationRejected(let data): try container.encode(data, forKey: .data)
        case .contractSigned(let data): try container.encode(data, forKey: .data)
        case .depositPaid(let data): try container.encode(data, forKey: .data)
        case .shopOpened(let data): try container.encode(data, forKey: .data)
        case .shopRenamed(let data): try container.encode(data, forKey: .data)
        case .shopRestricted(let data): try container.encode(data, forKey: .data)
        case .shopSuspended(let data): try container.encode(data, forKey: .data)
        case .suspensionLifted(let data): try container.encode(data, forKey: .data)
        case .shopClosed(let data): try container.encode(data, forKey: .data)
        case .depositRefunded(let data), .depositForfeited(let data): try container.encode(data, forKey: .data)
        case .shopExpelled(let data): try container.encode(data, forKey: .data)
        case .violationRecorded(let data): try container.encode(data, forKey: .data)
        case .pointsAssessed(let data): try container.encode(data, forKey: .data)
        case .depositDeducted(let data): try container.encode(data, forKey: .data)
        case .sanctionImposed(let data): try container.encode(data, forKey: .data)
        case .salesCleared(let data): try container.encode(data, forKey: .data)
        case .topUpDeadlineMissed(let data): try container.encode(data, forKey: .data)
        case .sanctionLifted(let data): try container.encode(data, forKey: .data)
        case .shadowDecided(let data): try container.encode(data, forKey: .data)
        case .applicationSubmitted, .restrictionLifted: break
        }
    }
}
