public import Foundation

/// Where a listing stands.
public enum ListingStatus: String, Hashable, Sendable, Codable {
    /// Written, not screened yet (only between the two events of one commit).
    case screening
    /// 待审核: screening sent it to a reviewer.
    case underReview
    /// 已上架: on sale.
    case live
    /// 已驳回: screening or a reviewer refused it; the merchant may revise it.
    case rejected

    /// The name users read.
    public var chineseName: String {
        switch self {
        case .screening: "筛查中"
        case .underReview: "待审核"
        case .live: "已上架"
        case .rejected: "已驳回"
        }
    }
}

/// A listing (商品) as its events leave it: the current revision, its screening and reviews.
public struct Listing: Hashable, Sendable, Codable {
    public var id: ListingID
    public var shop: ShopID
    public var owner: PrincipalID
    /// The number of events in the listing's stream.
    public var version: Int
    /// 1 for the content it was created with, one more for each revision.
    public var revision: Int
    public var content: ListingContent
    public var status: ListingStatus
    /// The screening of the current revision, once screened.
    public var screening: ListingScreened?
    /// Reviewers' decisions, oldest first, across revisions.
    public var reviews: [ListingReviewed]
    public var createdAt: Date
    public var updatedAt: Date
    /// When the current revision was written: takedowns imposed since then take it off sale.
    public var revisedAt: Date

    /// Starts a listing from its first event, which must be ``ListingEvent/listingCreated(_:)``.
    public static func start(id: ListingID, with event: ListingEvent, at instant: Date) -> Listing? {
        guard case .listingCreated(let created) = event else { return nil }
        return Listing(
            id: id, shop: created.shop, owner: created.owner, version: 1, revision: 1, content: created.content, status: .screening,
            screening: nil, reviews: [], createdAt: instant, updatedAt: instant, revisedAt: instant)
    }

    /// Folds a whole history, in order; `nil` when it does not start a listing.
    public static func fold(id: ListingID, _ history: some Sequence<(event: ListingEvent, at: Date)>) -> Listing? {
        var listing: Listing?
        for (event, instant) in history {
            if var current = listing {
                current.evolve(event, at: instant)
                listing = current
            } else {
                listing = start(id: id, with: event, at: instant)
            }
        }
        return listing
    }

    /// Applies one event that happened at `instant`. Events are facts: this never refuses one.
    public mutating func evolve(_ event: ListingEvent, at instant: Date) {
        version += 1
        updatedAt = instant
        switch event {
        case .listingCreated(let created):
            shop = created.shop
            owner = created.owner
            content = created.content
        case .listingRevised(let content):
            self.content = content
            revision += 1
            revisedAt = instant
            status = .screening
            screening = nil
        case .listingScreened(let screened):
            screening = screened
            status =
                switch screened.decision {
                case .pass: .live
                case .review: .underReview
                case .reject: .rejected
                }
        case .listingReviewed(let reviewed):
            reviews.append(reviewed)
            status = reviewed.verdict == .approve ? .live : .rejected
        }
    }
}
