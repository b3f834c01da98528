public import Foundation

/// Work the clock will make due: a suspension to lift, a deposit to refund, a top-up deadline.
///
/// Events schedule these; the store keeps them as jobs that background workers claim once the
/// instant passes. A due action is identified by what it does and when, so scheduling it twice
/// keeps one job.
public struct DueAction: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case liftSuspension
        case refundDeposit
        case topUpDeadline
    }

    public var kind: Kind
    public var shop: ShopID
    public var dueAt: Date

    public init(kind: Kind, shop: ShopID, dueAt: Date) {
        self.kind = kind
        self.shop = shop
        self.dueAt = dueAt
    }

    /// A stable identity: kind, shop and due instant.
    public var id: String { "\(kind.rawValue):\(shop.rawValue):\(Int64(dueAt.timeIntervalSince1970 * 1000))" }

    /// The command the job runner issues as the system actor.
    public var command: ShopCommand {
        switch kind {
        case .liftSuspension: .liftSuspension(automatic: true)
        case .refundDeposit: .refundDeposit
        case .topUpDeadline: .enforceTopUpDeadline
        }
    }

    /// The actions `events` schedule for `shop`.
    public static func scheduled(by events: [ShopEvent], for shop: ShopID) -> [DueAction] {
        events.compactMap { event in
            switch event {
            case .shopSuspended(let suspended): DueAction(kind: .liftSuspension, shop: shop, dueAt: suspended.until)
            case .shopClosed(let closed): DueAction(kind: .refundDeposit, shop: shop, dueAt: closed.refundDueAt)
            case .depositDeducted(let deducted): deducted.topUpDue.map { DueAction(kind: .topUpDeadline, shop: shop, dueAt: $0) }
            default: nil
            }
        }
    }
}
