import Foundation

/// A fact that may be recorded only once across the whole log, such as one deposit payment.
///
/// The domain names these facts; the store enforces them with a unique index inside the append
/// transaction. That keeps "a payment counts once" true across processes without the projection
/// carrying every reference it has ever seen.
public struct UniqueFact: Hashable, Sendable, Codable {
    /// What kind of fact: `deposit-payment`.
    public var scope: String
    /// The fact's identity within the scope.
    public var key: String

    public init(scope: String, key: String) {
        self.scope = scope
        self.key = key
    }

    /// The scope of deposit payments: a payment reference counts once per shop.
    public static let depositPayment = "deposit-payment"

    /// The unique facts `events` assert for `shop`.
    public static func asserted(by events: [ShopEvent], for shop: ShopID) -> [UniqueFact] {
        events.compactMap { event in
            guard case .depositPaid(let paid) = event else { return nil }
            return UniqueFact(scope: depositPayment, key: "\(shop.rawValue):\(paid.reference)")
        }
    }
}
