public import Foundation

/// Something a principal asks of a shop. ``Shop/decide(_:in:)`` turns it into events or refuses it.
public enum ShopCommand: Hashable, Sendable {
    case updateApplication(ShopApplication)
    case submit
    case approve(note: String?)
    case reject(reasons: [String])
    case signContract(contractVersion: String)
    case payDeposit(amount: Money, reference: String)
    case rename(to: String)
    case restrict(rights: [ShopRight], reason: String)
    case liftRestriction
    case suspend(until: Date, reason: String)
    /// Ends a suspension: `automatic` when the job runs after its end instant, else a reviewer.
    case liftSuspension(automatic: Bool)
    case close
    /// Refunds what is left of the deposit once the holding period after exit has passed.
    case refundDeposit
    case expel(reason: String)
    /// Records a violation and applies every consequence the rulebook attaches to it.
    case recordViolation(ViolationReport)
    /// Applies the rulebook's consequence when a top-up (补交) deadline passed with the deposit short.
    case enforceTopUpDeadline

    /// The command's name in errors and audit lines.
    public var name: String {
        switch self {
        case .updateApplication: "updateApplication"
        case .submit: "submit"
        case .approve: "approve"
        case .reject: "reject"
        case .signContract: "signContract"
        case .payDeposit: "payDeposit"
        case .rename: "rename"
        case .restrict: "restrict"
        case .liftRestriction: "liftRestriction"
        case .suspend: "suspend"
        case .liftSuspension: "liftSuspension"
        case .close: "close"
        case .refundDeposit: "refundDeposit"
        case .expel: "expel"
        case .recordViolation: "recordViolation"
        case .enforceTopUpDeadline: "enforceTopUpDeadline"
        }
    }
}

/// Whether a subject may open a shop, from the other shops it has had.
public enum SubjectStanding: Hashable, Sendable {
    case clear
    /// Expelled (清退) with a permanent bar.
    case barred(since: Date)
    /// Closed a shop voluntarily; may apply again from `until`.
    case coolingDown(until: Date)

    /// The standing that a subject's other shops give it at `now`.
    public static func of(_ otherShops: [Shop], at now: Date) -> SubjectStanding {
        if let barred = otherShops.filter({ $0.status == .expelled && $0.subjectBarred }).compactMap(\.expelledAt).min() {
            return .barred(since: barred)
        }
        if let until = otherShops.compactMap(\.reopenAllowedFrom).filter({ $0 > now }).max() {
            return .coolingDown(until: until)
        }
        return .clear
    }
}

/// What a decision may consult besides the shop itself.
public struct ShopDecisionContext: Sendable {
    public var now: Date
    public var actor: Actor
    public var rulebook: Rulebook
    public var categories: CategoryTable
    /// The subject's standing from its other shops; consulted when an application is submitted.
    public var subjectStanding: SubjectStanding

    public init(
        now: Date, actor: Actor, rulebook: Rulebook, categories: CategoryTable,
        subjectStanding: SubjectStanding = .clear
    ) {
        self.now = now
        self.actor = actor
        self.rulebook = rulebook
        self.categories = categories
        self.subjectStanding = subjectStanding
    }
}
