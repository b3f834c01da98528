import Foundation
import Hummingbird
import Logging
import WardenCore
import WardenStore

/// Authenticates `Authorization: Bearer <token>` against the principals projection.
///
/// Every route behind it requires a principal: a missing, unknown or disabled token is a 401
/// problem before any handler runs.
struct BearerAuthMiddleware<Store: WardenStore>: RouterMiddleware {
    typealias Context = WardenRequestContext
    let store: Store

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw Problem.unauthenticated("Send 'Authorization: Bearer <token>'.")
        }
        let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard let principal = try await store.principal(tokenHash: BearerToken.hash(token)), !principal.disabled else {
            throw Problem.unauthenticated("The token is not valid.")
        }
        var context = context
        context.principal = principal
        context.logger[metadataKey: "principal"] = "\(principal.id)"
        return try await next(request, context)
    }
}
