import Foundation
import WardenCore
import WardenStore

/// A listing as the API shows it: its current revision, where it stands (in Chinese and as a
/// code), what screening found and what reviewers decided.
struct ListingView: Codable, Sendable {
    var id: String
    var shopId: String
    var version: Int
    var revision: Int
    var status: ListingStatus
    var statusName: String
    var content: ListingContent
    var screening: ListingScreened?
    var reviews: [ListingReviewed]
    /// Whether it is on sale now (its status, its shop's, takedowns since its revision).
    var availability: ListingAvailability
    var createdAt: Date
    var updatedAt: Date

    init(_ listing: Listing, availability: ListingAvailability) {
        id = listing.id.rawValue
        shopId = listing.shop.rawValue
        version = listing.version
        revision = listing.revision
        status = listing.status
        statusName = listing.status.chineseName
        content = listing.content
        screening = listing.screening
        reviews = listing.reviews
        self.availability = availability
        createdAt = listing.createdAt
        updatedAt = listing.updatedAt
    }
}

/// What a listing command answers: the listing after it, and the events it recorded.
struct ListingResultView: Codable, Sendable {
    var listing: ListingView
    var events: [ListingHistoryEntryView]
    var replayed: Bool
}

/// `GET /listings`, `GET /shops/{id}/listings`
struct ListingListView: Codable, Sendable {
    var listings: [ListingView]
    /// Pass as `after` to fetch the next page; absent on the last page.
    var next: String?
}

/// One recorded listing event with who did it and under which rule version.
typealias ListingHistoryEntryView = RecordedEventView<ListingEvent>

/// `GET /listings/{id}/history`
struct ListingHistoryView: Codable, Sendable {
    var listingId: String
    var events: [ListingHistoryEntryView]
}

/// The body of `POST /shops/{id}/listings` and `PUT /listings/{id}`.
struct ListingBody: Codable, Sendable {
    var title: String
    var description: String?
    var category: String
    var brand: String?
    var attributes: [String: String]?
    var priceCents: Int64
    var images: [String]?

    var content: ListingContent {
        ListingContent(
            title: title, description: description, category: category, brand: brand, attributes: attributes ?? [:], priceCents: priceCents,
            images: images ?? [])
    }
}

/// The body of `POST /listings/{id}/review`.
struct ListingReviewBody: Codable, Sendable {
    var verdict: ListingReviewed.Verdict
    var note: String?
}
