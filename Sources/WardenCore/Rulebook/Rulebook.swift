public import Foundation

/// The governance policy in force: the numbers that code must never hard-code.
///
/// A rulebook is a versioned YAML file (the default ships in `Resources/rulebook.yaml`); every
/// event a rule causes records the rulebook version. Values the public sources do not publish
/// are marked "chosen" in the file.
public struct Rulebook: Hashable, Sendable, Codable {
    /// The version label recorded on every event this rulebook causes.
    public var version: String
    /// The instant from which this version governs.
    public var effectiveFrom: Date
    public var naming: NamingRules
    public var renames: RenameRules
    public var reentry: ReentryRules
    public var deposit: DepositRules
    /// The points ledgers (违规积分) and their nodes.
    public var ledgers: [LedgerPolicy]
    /// The violation types and their consequences.
    public var violations: [ViolationType]
    /// How many appeals a merchant may make against one decision, and when.
    public var appeals: AppealRules

    /// The ledger with `code`.
    public func ledger(_ code: String) -> LedgerPolicy? { ledgers.first { $0.code == code } }

    /// The violation type with `code`.
    public func violation(_ code: String) -> ViolationType? { violations.first { $0.code == code } }
}

/// Shop naming rules (店铺命名规范).
public struct NamingRules: Hashable, Sendable, Codable {
    /// The longest name allowed, in characters.
    public var maxLength: Int
    /// Words an ordinary (普通/企业/个体) shop's name may not contain.
    public var ordinaryBannedWords: [String]
    /// Words that announce contact details (微信, QQ, …) and are banned in every name.
    public var contactWords: [String]
    /// The symbols allowed besides letters, digits and Han characters.
    public var allowedSymbols: String
    /// The shortest run of digits read as a phone number.
    public var phoneDigitRun: Int
    /// The suffix each branded shop type's name must end with.
    public var suffixes: ShopTypeSuffixes
}

/// The name endings of the branded shop types.
public struct ShopTypeSuffixes: Hashable, Sendable, Codable {
    public var specialty: String
    public var exclusive: String
    public var flagship: String
    /// The flagship ending reserved for the trademark owner (官方旗舰店).
    public var officialFlagship: String
}

/// How often a shop may change its name.
public struct RenameRules: Hashable, Sendable, Codable {
    /// Renames an ordinary shop may make in one calendar half-year (Asia/Shanghai).
    public var ordinaryPerHalfYear: Int
    /// Whether branded shops (专营店, 专卖店, 旗舰店) may rename at all.
    public var brandedMayRename: Bool
}

/// When a subject may open a shop again.
public struct ReentryRules: Hashable, Sendable, Codable {
    /// Calendar months after a voluntary exit (主动退店) before the subject may apply again.
    public var voluntaryExitCooldownMonths: Int
    /// Whether expulsion (清退) bars the subject from onboarding for good (永久限制入驻).
    public var expulsionBarsSubject: Bool
}

/// Deposit (保证金) rules that do not depend on the category.
public struct DepositRules: Hashable, Sendable, Codable {
    /// Calendar days after a voluntary exit before the remaining deposit is refunded.
    public var refundHoldingDays: Int
    /// Whether an expelled shop's remaining deposit is refunded; the sources say usually not.
    public var refundOnExpulsion: Bool
    /// Calendar days a merchant has to top up (补交) after a deduction leaves the deposit short.
    public var topUpDeadlineDays: Int
    /// The rights removed from a shop whose deposit is short, until it is topped up.
    public var rightsLostWhileShort: [ShopRight]
    /// What happens when the top-up deadline passes with the deposit still short. A sanction
    /// without `days` runs until the shortfall is paid.
    public var missedTopUp: [SanctionSpec]
}

/// Appeal (申诉) limits beyond each violation type's own window.
public struct AppealRules: Hashable, Sendable, Codable {
    /// Appeals allowed against one decision; the last rejection is final (TikTok Shop: 2).
    public var maxPerDecision: Int
    /// Calendar days after a rejection within which the next appeal may be made (TikTok Shop: 15).
    public var laterAppealWindowDays: Int?
    /// The longest appeal statement, in characters.
    public var maxStatementLength: Int
    /// The most evidence attachments one appeal may carry.
    public var maxAttachments: Int
    /// Working days within which the platform answers an appeal (Douyin: 5), when published.
    public var answerWithinWorkingDays: Int?
}
