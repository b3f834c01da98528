public import Foundation

/// A field of a request that broke a rule, with the reason in words a merchant can act on.
public struct FieldViolation: Hashable, Sendable, Codable {
    /// The path of the field, as in the request body: `subject.idNumber`, `shopName`.
    public var field: String
    /// A stable machine-readable rule name: `check-digit`, `banned-word`.
    public var rule: String
    /// What is wrong, in Chinese first and English second.
    public var message: String

    public init(field: String, rule: String, message: String) {
        self.field = field
        self.rule = rule
        self.message = message
    }
}

/// Every way a command can be refused by the domain; nothing changes when one is thrown.
public enum DomainError: Error, Equatable, Sendable {
    /// The input breaks one or more rules; each field is named.
    case invalid([FieldViolation])
    /// The command is not allowed in the shop's current state.
    case illegalTransition(command: String, status: ShopStatus)
    /// The principal's role may not issue this command.
    case forbidden(command: String)
    /// The subject was expelled (清退) and is barred from onboarding for good.
    case subjectBarred(subjectKey: String, since: Date)
    /// The subject closed a shop voluntarily and may apply again only from `until`.
    case subjectCoolingDown(subjectKey: String, until: Date)
    /// Another shop already holds this name; the first applicant wins.
    case nameTaken(String)
    /// A deposit payment with this reference was already recorded.
    case duplicatePayment(reference: String)
    /// The shop does not exist.
    case shopNotFound(ShopID)
    /// The listing does not exist (or belongs to another merchant).
    case listingNotFound(ListingID)
    /// The command is not allowed in the listing's current state.
    case listingIllegalTransition(command: String, status: ListingStatus)
    /// A sanction or an admin's restriction has taken this right from the shop.
    case rightRestricted(ShopRight)

    /// A stable slug for the error kind, used as the last segment of the problem `type` URI.
    public var code: String {
        switch self {
        case .invalid: "validation-failed"
        case .illegalTransition: "illegal-transition"
        case .forbidden: "forbidden"
        case .subjectBarred: "subject-barred"
        case .subjectCoolingDown: "subject-cooling-down"
        case .nameTaken: "name-taken"
        case .duplicatePayment: "duplicate-payment"
        case .shopNotFound, .listingNotFound: "not-found"
        case .listingIllegalTransition: "illegal-transition"
        case .rightRestricted: "right-restricted"
        }
    }

    /// A one-line explanation, Chinese first and English second.
    public var message: String {
        switch self {
        case .invalid(let violations):
            "申请信息有误 / The request breaks \(violations.count) rule(s)"
        case .illegalTransition(let command, let status):
            "店铺当前状态（\(status.chineseName)）不允许此操作 / '\(command)' is not allowed while the shop is \(status.rawValue)"
        case .forbidden(let command):
            "无权执行此操作 / Your role may not '\(command)'"
        case .subjectBarred(let key, _):
            "该主体已被清退，永久限制入驻 / Subject \(key) was expelled and is barred for good"
        case .subjectCoolingDown(let key, let until):
            "主动退店冷静期内不得再次入驻 / Subject \(key) may apply again from \(until.formatted(.iso8601))"
        case .nameTaken(let name):
            "店铺名称已被占用 / The shop name '\(name)' is already taken"
        case .duplicatePayment(let reference):
            "该笔保证金已入账 / Deposit payment '\(reference)' was already recorded"
        case .shopNotFound(let id):
            "店铺不存在 / Shop \(id) not found"
        case .listingNotFound(let id):
            "商品不存在 / Listing \(id) not found"
        case .listingIllegalTransition(let command, let status):
            "商品当前状态（\(status.chineseName)）不允许此操作 / '\(command)' is not allowed while the listing is \(status.rawValue)"
        case .rightRestricted(let right):
            "店铺的「\(right.chineseName)」权限已被限制 / The shop's right to \(right.rawValue) is restricted"
        }
    }
}
