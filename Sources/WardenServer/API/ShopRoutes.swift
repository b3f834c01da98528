import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import WardenCore
import WardenStore

/// The shop routes: onboarding, lifecycle commands, deposit payments and history.
///
/// Merchants reach only their own shops: another merchant's shop answers 404, as if it did not
/// exist. Every write accepts an `Idempotency-Key` header; a retry with the same key is applied
/// once and answered with `Idempotent-Replayed: true`.
struct ShopRoutes<Store: WardenStore>: Sendable {
    let service: ShopService<Store>
    let logger: Logger
    /// Encoded `ShopView` bodies by shop id and version: a shop's view never changes without its
    /// version changing, so the hot read route skips re-encoding.
    let views = VersionedCache<String, ByteBuffer>(capacity: 20_000)

    func add(to group: RouterGroup<WardenRequestContext>) {
        group.post("shops", use: create)
        group.get("shops", use: list)
        group.get("shops/:id", use: show)
        group.get("shops/:id/history", use: history)
        group.put("shops/:id/application") { request, context in
            let application = try await JSONBody.decode(ShopApplication.self, from: request, context: context)
            return try await run(.updateApplication(application), request, context)
        }
        group.post("shops/:id/submit") { request, context in try await run(.submit, request, context) }
        group.post("shops/:id/approve") { request, context in
            let body = try await JSONBody.decode(ApproveBody.self, from: request, context: context, orIfEmpty: ApproveBody(note: nil))
            return try await run(.approve(note: body.note), request, context)
        }
        group.post("shops/:id/reject") { request, context in
            let body = try await JSONBody.decode(RejectBody.self, from: request, context: context)
            return try await run(.reject(reasons: body.reasons), request, context)
        }
        group.post("shops/:id/contract") { request, context in
            let body = try await JSONBody.decode(ContractBody.self, from: request, context: context)
            return try await run(.signContract(contractVersion: body.contractVersion), request, context)
        }
        group.post("shops/:id/deposit/payments") { request, context in
            let body = try await JSONBody.decode(DepositPaymentBody.self, from: request, context: context)
            return try await run(.payDeposit(amount: Money(cents: body.amountCents), reference: body.reference), request, context)
        }
        group.post("shops/:id/rename") { request, context in
            let body = try await JSONBody.decode(RenameBody.self, from: request, context: context)
            return try await run(.rename(to: body.name), request, context)
        }
        group.post("shops/:id/restrict") { request, context in
            let body = try await JSONBody.decode(RestrictBody.self, from: request, context: context)
            return try await run(.restrict(rights: body.rights, reason: body.reason), request, context)
        }
        group.post("shops/:id/restriction/lift") { request, context in try await run(.liftRestriction, request, context) }
        group.post("shops/:id/suspend") { request, context in
            let body = try await JSONBody.decode(SuspendBody.self, from: request, context: context)
            return try await run(.suspend(until: body.until, reason: body.reason), request, context)
        }
        group.post("shops/:id/suspension/lift") { request, context in
            try await run(.liftSuspension(automatic: false), request, context)
        }
        group.post("shops/:id/close") { request, context in try await run(.close, request, context) }
        group.post("shops/:id/violations") { request, context in
            let report = try await JSONBody.decode(ViolationReport.self, from: request, context: context)
            return try await run(.recordViolation(report), request, context)
        }
        group.get("shops/:id/standing", use: standing)
        group.post("shops/:id/expel") { request, context in
            let body = try await JSONBody.decode(ExpelBody.self, from: request, context: context)
            return try await run(.expel(reason: body.reason), request, context)
        }
    }

    // MARK: - Handlers

    @Sendable func create(_ request: Request, context: WardenRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal().actor
        let application = try await JSONBody.decode(ShopApplication.self, from: request, context: context)
        let key = try request.idempotencyKey()
        let outcome = try await perform {
            try await service.draft(application, by: actor, idempotencyKey: key, requestID: context.id)
        }
        var headers: HTTPFields = [.location: "/api/v1/shops/\(outcome.shop.id)"]
        if outcome.replayed { headers[replayedHeader] = "true" }
        return try JSONBody.response(result(outcome), status: outcome.replayed ? .ok : .created, headers: headers)
    }

    @Sendable func list(_ request: Request, context: WardenRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal().actor
        var query = ShopQuery(limit: 100)
        query.status = try request.statusParameter(ShopStatus.self)
        query.limit = try request.limitParameter()
        if let after = request.uri.queryParameters["after"] { query.after = ShopID(rawValue: String(after)) }
        let shops = try await perform { try await service.shops(query, for: actor) }
        return try JSONBody.response(ShopListView(shops: shops.map(ShopView.init), next: shops.count == query.limit ? shops.last?.id.rawValue : nil))
    }

    @Sendable func show(_ request: Request, context: WardenRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal().actor
        let id = try shopID(context)
        let shop = try await perform { try await service.shop(id, for: actor) }
        let body = try views.value(for: shop.id.rawValue, version: shop.version) { try JSONBody.encode(ShopView(shop)) }
        return JSONBody.response(body: body)
    }

    @Sendable func standing(_ request: Request, context: WardenRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal().actor
        let id = try shopID(context)
        let shop = try await perform { try await service.shop(id, for: actor) }
        let rulebooks = try await perform { try await service.rulebooks.registry() }
        return try JSONBody.response(StandingView(shop, rulebooks: rulebooks, at: service.clock.now))
    }

    @Sendable func history(_ request: Request, context: WardenRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal().actor
        let id = try shopID(context)
        let events = try await perform { try await service.history(of: id, for: actor) }
        return try JSONBody.response(HistoryView(shopId: id.rawValue, events: events.map(HistoryEntryView.init)))
    }

    func run(_ command: ShopCommand, _ request: Request, _ context: WardenRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal().actor
        let id = try shopID(context)
        let key = try request.idempotencyKey()
        let outcome = try await perform {
            try await service.execute(command, on: id, by: actor, idempotencyKey: key, requestID: context.id)
        }
        var headers: HTTPFields = [:]
        if outcome.replayed { headers[replayedHeader] = "true" }
        return try JSONBody.response(result(outcome), headers: headers)
    }

    // MARK: - Helpers

    private var replayedHeader: HTTPField.Name { HTTPField.Name("Idempotent-Replayed") ?? .contentLocation }

    private func result(_ outcome: ShopService<Store>.Outcome) -> CommandResultView {
        CommandResultView(shop: ShopView(outcome.shop), events: outcome.events.map(HistoryEntryView.init), replayed: outcome.replayed)
    }

    private func shopID(_ context: WardenRequestContext) throws -> ShopID {
        ShopID(rawValue: try context.parameters.require("id"))
    }

    private func perform<T>(_ body: () async throws -> T) async throws -> T {
        try await logger.answering(body)
    }
}

/// `GET /shops`
struct ShopListView: Codable, Sendable {
    var shops: [ShopView]
    /// Pass as `after` to fetch the next page; absent on the last page.
    var next: String?
}

/// `GET /shops/{id}/history`
struct HistoryView: Codable, Sendable {
    var shopId: String
    var events: [HistoryEntryView]
}
