import Foundation

/// The category taxonomy (类目) with the base deposit each main category requires.
public struct CategoryTable: Hashable, Sendable, Codable {
    /// The version label of the table.
    public var version: String
    public var categories: [Category]

    public init(version: String, categories: [Category]) {
        self.version = version
        self.categories = categories
    }

    /// The category with `code`, if the table has one.
    public func category(_ code: String) -> Category? {
        categories.first { $0.code == code }
    }

    /// The deposit a shop must hold: the highest over all its categories, not the sum.
    ///
    /// Returns `nil` when a category is unknown.
    public func requiredDeposit(
        categories codes: [String], subject: SubjectType, shopType: ShopType
    ) -> (amount: Money, basis: String)? {
        var best: (amount: Money, basis: String)?
        for code in codes {
            guard let category = category(code) else { return nil }
            let amount = category.deposit.amount(subject: subject, shopType: shopType)
            if let current = best, current.amount >= amount { continue }
            best = (amount, code)
        }
        return best
    }
}

/// One category a shop can sell in.
public struct Category: Hashable, Sendable, Codable {
    public var code: String
    /// The name merchants read (服饰内衣).
    public var zh: String
    public var en: String
    public var deposit: DepositSchedule
}

/// The base deposit of one category by subject and shop type, in cents.
public struct DepositSchedule: Hashable, Sendable, Codable {
    /// For 个人 and 个体工商户 subjects.
    public var individual: Money
    /// For 企业 subjects.
    public var enterprise: Money
    /// Overrides for branded shop types, which are always enterprise.
    public var specialty: Money?
    public var exclusive: Money?
    public var flagship: Money?

    /// The amount this schedule asks of a subject and shop type.
    public func amount(subject: SubjectType, shopType: ShopType) -> Money {
        let base = subject == .enterprise ? enterprise : individual
        let override: Money? =
            switch shopType {
            case .ordinary: nil
            case .specialty: specialty
            case .exclusive: exclusive
            case .flagship: flagship
            }
        return max(base, override ?? base)
    }
}
