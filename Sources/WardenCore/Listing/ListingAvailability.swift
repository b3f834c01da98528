public import Foundation

/// Whether a listing is on sale now, and if not, why: its own status, its shop's status, or a
/// takedown (商品下架, 下架全部商品) the rulebook imposed on the shop since the revision was written.
///
/// Computed on read from the listing and its shop, so a sanction recorded on the shop's stream
/// needs no event on the listing's: a revision written after the takedown is on sale again once
/// screening passes it.
public struct ListingAvailability: Hashable, Sendable, Codable {
    public var onSale: Bool
    /// Why it is not on sale, Chinese first and English second.
    public var reason: String?
    /// The violation whose takedown took it off sale.
    public var violation: String?

    public init(onSale: Bool, reason: String?, violation: String? = nil) {
        self.onSale = onSale
        self.reason = reason
        self.violation = violation
    }

    /// The listing's availability in `shop` at `instant`.
    public static func of(_ listing: Listing, in shop: Shop?, at instant: Date) -> ListingAvailability {
        guard listing.status == .live else {
            return ListingAvailability(onSale: false, reason: "商品\(listing.status.chineseName) / the listing is \(listing.status.rawValue)")
        }
        guard let shop else { return ListingAvailability(onSale: false, reason: "店铺不存在 / the shop does not exist") }
        guard shop.status == .open || shop.status == .restricted else {
            return ListingAvailability(onSale: false, reason: "店铺\(shop.status.chineseName) / the shop is \(shop.status.rawValue)")
        }
        let products = Dictionary(shop.governance.violations.map { ($0.id, $0.product) }, uniquingKeysWith: { first, _ in first })
        for sanction in shop.governance.sanctions where !sanction.lifted && sanction.since >= listing.revisedAt && sanction.since <= instant {
            switch sanction.kind {
            case .takedownAll:
                return ListingAvailability(
                    onSale: false, reason: "全店商品已下架 / every listing of the shop was taken down", violation: sanction.violation)
            case .takedown where products[sanction.violation] == listing.id.rawValue:
                return ListingAvailability(onSale: false, reason: "商品已下架 / the listing was taken down", violation: sanction.violation)
            default:
                continue
            }
        }
        return ListingAvailability(onSale: true, reason: nil)
    }
}
