public import Foundation

/// A shop's deposit (保证金) as the event log has moved it, in exact cents.
///
/// Every movement is an event; the balance is their sum and never negative, because a command
/// that would take more than the balance is refused before any event is written.
public struct DepositAccount: Hashable, Sendable, Codable {
    /// What the category table requires: the highest over the shop's categories.
    public var required: Money
    /// The category whose schedule set `required`.
    public var basisCategory: String?
    /// What the platform holds for the shop now.
    public var balance: Money
    /// Everything ever paid in.
    public var paidIn: Money
    /// Everything refunded to the merchant.
    public var refunded: Money
    /// Everything kept by the platform on expulsion.
    public var forfeited: Money
    /// Everything taken for violations, including owed amounts later paid.
    public var deducted: Money
    /// What deductions took beyond the balance: the merchant owes it, and payments settle it first.
    public var owed: Money
    /// When the merchant must have topped up (补交) a deposit a deduction left short.
    public var topUpDueAt: Date?

    public init() {
        self.required = .zero
        self.basisCategory = nil
        self.balance = .zero
        self.paidIn = .zero
        self.refunded = .zero
        self.forfeited = .zero
        self.deducted = .zero
        self.owed = .zero
    }

    /// How much is still to pay before the requirement is met, owed amounts included.
    public var shortfall: Money { max(.zero, required - balance) + owed }

    /// Whether money in equals money held plus money out: the ledger's invariant.
    public var balances: Bool { paidIn == balance + refunded + forfeited + deducted && balance >= .zero && owed >= .zero }
}
