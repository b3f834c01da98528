public import Hummingbird
public import WardenCore

/// The per-request context: Hummingbird's core storage plus the authenticated principal.
public struct WardenRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``BearerAuthMiddleware`` once the token is checked.
    public var principal: Principal?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.principal = nil
    }

    /// Request bodies larger than this are refused with 413 before they are read further.
    public var maxUploadSize: Int { 256 * 1024 }

    /// The authenticated principal, or a 401 problem.
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw Problem.unauthenticated("Send 'Authorization: Bearer <token>'.") }
        return principal
    }
}
