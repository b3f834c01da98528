import Foundation
import HTTPTypes
import Hummingbird
import Logging
import WardenCore
import WardenStore

/// The listing routes: merchants list and revise products, every revision is screened on write,
/// and reviewers work the review queue (待审核).
///
/// A merchant sees only its own shops' listings (another's answers 404). Every write accepts an
/// `Idempotency-Key`; a retry with the same key is applied once and answered with
/// `Idempotent-Replayed: true`.
struct ListingRoutes<Store: WardenStore>: Sendable {
    let service: ListingService<Store>
    let logger: Logger

    func add(to group: RouterGroup<WardenRequestContext>) {
        group.post("shops/:id/listings", use: create)
        group.get("shops/:id/listings") { request, context in
            try await list(request, context, shop: ShopID(rawValue: try context.parameters.require("id")))
        }
        group.get("listings") { request, context in
            let shop = request.uri.queryParameters["shopId"].map { ShopID(rawValue: String($0)) }
            return try await list(request, context, shop: shop)
        }
        group.get("listings/:id", use: show)
        group.put("listings/:id", use: revise)
        group.post("listings/:id/review", use: review)
        group.get("listings/:id/history", use: history)
    }

    @Sendable func create(_ request: Request, context: WardenRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal().actor
        let body = try await JSONBody.decode(ListingBody.self, from: request, context: context)
        let key = try request.idempotencyKey()
        let shop = ShopID(rawValue: try context.parameters.require("id"))
        let outcome = try await perform {
            try await service.create(body.content, in: shop, by: actor, idempotencyKey: key, requestID: context.id)
        }
        var headers: HTTPFields = [.location: "/api/v1/listings/\(outcome.listing.id)"]
        if outcome.replayed { headers[replayedHeader] = "true" }
        return try JSONBody.response(try await result(outcome), status: outcome.replayed ? .ok : .created, headers: headers)
    }

    @Sendable func revise(_ request: Request, context: WardenRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal().actor
        let body = try await JSONBody.decode(ListingBody.self, from: request, context: context)
        let key = try request.idempotencyKey()
        let outcome = try await perform {
            try await service.revise(try listingID(context), content: body.content, by: actor, idempotencyKey: key, requestID: context.id)
        }
        return try await answer(outcome)
    }

    @Sendable func review(_ request: Request, context: WardenRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal().actor
        let body = try await JSONBody.decode(ListingReviewBody.self, from: request, context: context)
        let key = try request.idempotencyKey()
        let outcome = try await perform {
            try await service.review(
                try listingID(context), verdict: body.verdict, note: body.note, by: actor, idempotencyKey: key, requestID: context.id)
        }
        return try await answer(outcome)
    }

    @Sendable func show(_ request: Request, context: WardenRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal().actor
        let listing = try await perform { try await service.listing(try listingID(context), for: actor) }
        return try JSONBody.response(try await view(listing))
    }

    @Sendable func history(_ request: Request, context: WardenRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal().actor
        let id = try listingID(context)
        let events = try await perform { try await service.history(of: id, for: actor) }
        return try JSONBody.response(ListingHistoryView(listingId: id.rawValue, events: events.map(ListingHistoryEntryView.init)))
    }

    func list(_ request: Request, _ context: WardenRequestContext, shop: ShopID?) async throws -> Response {
        let actor = try context.requirePrincipal().actor
        var query = ListingQuery(shop: shop, limit: 100)
        query.status = try request.statusParameter(ListingStatus.self)
        query.limit = try request.limitParameter()
        if let after = request.uri.queryParameters["after"] { query.after = ListingID(rawValue: String(after)) }
        let listings = try await perform { try await service.listings(query, for: actor) }
        let availability = try await perform { try await service.availability(of: listings) }
        let views = listings.map { ListingView($0, availability: availability[$0.id] ?? ListingAvailability(onSale: false, reason: nil)) }
        return try JSONBody.response(ListingListView(listings: views, next: listings.count == query.limit ? listings.last?.id.rawValue : nil))
    }

    // MARK: - Helpers

    private var replayedHeader: HTTPField.Name { HTTPField.Name("Idempotent-Replayed") ?? .contentLocation }

    private func answer(_ outcome: ListingService<Store>.Outcome) async throws -> Response {
        var headers: HTTPFields = [:]
        if outcome.replayed { headers[replayedHeader] = "true" }
        return try JSONBody.response(try await result(outcome), headers: headers)
    }

    private func result(_ outcome: ListingService<Store>.Outcome) async throws -> ListingResultView {
        ListingResultView(
            listing: try await view(outcome.listing), events: outcome.events.map(ListingHistoryEntryView.init), replayed: outcome.replayed)
    }

    private func view(_ listing: Listing) async throws -> ListingView {
        let availability = try await perform { try await service.availability(of: [listing]) }
        return ListingView(listing, availability: availability[listing.id] ?? ListingAvailability(onSale: false, reason: nil))
    }

    private func listingID(_ context: WardenRequestContext) throws -> ListingID {
        ListingID(rawValue: try context.parameters.require("id"))
    }

    private func perform<T>(_ body: () async throws -> T) async throws -> T {
        try await logger.answering(body)
    }
}
