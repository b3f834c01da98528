public import Foundation

extension Listing {
    /// Decides a merchant's new listing in `shop`: the ``ListingEvent/listingCreated(_:)`` event.
    ///
    /// The shop must be open and hold the right to publish listings (发布商品), which a sanction
    /// can take away; the content must be well formed. Screening comes after, from the service.
    public static func create(_ content: ListingContent, in shop: Shop, by actor: Actor, at now: Date) throws(DomainError) -> ListingEvent {
        try checkMayList(in: shop, by: actor, at: now, command: "createListing")
        let violations = content.violations()
        guard violations.isEmpty else { throw .invalid(violations) }
        return .listingCreated(ListingCreated(shop: shop.id, owner: shop.owner, content: content))
    }

    /// Decides a revision: the ``ListingEvent/listingRevised(_:)`` event, screened again after.
    public func revise(_ content: ListingContent, in shop: Shop, by actor: Actor, at now: Date) throws(DomainError) -> ListingEvent {
        try Self.checkMayList(in: shop, by: actor, at: now, command: "reviseListing")
        let violations = content.violations()
        guard violations.isEmpty else { throw .invalid(violations) }
        return .listingRevised(content)
    }

    /// Checks a reviewer's verdict may be given: by a reviewer or admin, on a listing in review.
    public func checkReview(by actor: Actor) throws(DomainError) {
        guard actor.role == .reviewer || actor.role == .admin else { throw .forbidden(command: "reviewListing") }
        guard status == .underReview else { throw .listingIllegalTransition(command: "reviewListing", status: status) }
    }

    /// A merchant lists in its own shops only (another's shop is not found, as everywhere);
    /// an admin may list for a shop; reviewers and systems do not write listings.
    static func checkMayList(in shop: Shop, by actor: Actor, at now: Date, command: String) throws(DomainError) {
        switch actor.role {
        case .merchant: guard shop.owner == actor.id else { throw .shopNotFound(shop.id) }
        case .admin: break
        case .reviewer, .system: throw .forbidden(command: command)
        }
        guard shop.status == .open else { throw .illegalTransition(command: command, status: shop.status) }
        if shop.restrictedRights.contains(.publishListings) || shop.governance.restrictedRights(at: now).contains(.publishListings) {
            throw .rightRestricted(.publishListings)
        }
    }
}
