import Foundation
public import WardenCore
public import WardenStore

/// Creates and looks up accounts; every change is an event on the principal's stream.
public struct AccessService<Store: WardenStore>: Sendable {
    let store: Store
    let clock: any WardenClock

    public init(store: Store, clock: any WardenClock) {
        self.store = store
        self.clock = clock
    }

    /// An account just created, with the token that is shown only this once.
    public struct IssuedAccount: Sendable {
        public var principal: Principal
        public var token: String
    }

    /// Creates an account with a fresh token.
    ///
    /// - Parameters:
    ///   - id: a chosen identity (demo data uses fixed ones); random when `nil`.
    ///   - token: a chosen token (demo data); generated when `nil`.
    public func createAccount(
        role: Role, name: String, by actor: Actor, id: PrincipalID? = nil, token: String? = nil
    ) async throws(ServiceError) -> IssuedAccount {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 100 else {
            throw .domain(.invalid([FieldViolation(field: "name", rule: "length", message: "名称为1–100个字 / the name must be 1–100 characters")]))
        }
        let token = token ?? BearerToken.generate()
        let id = id ?? PrincipalID.random()
        let event = PrincipalEvent.created(role: role, name: trimmed, tokenHash: BearerToken.hash(token))
        guard let principal = Principal.evolve(nil, id: id, with: event) else {
            throw .domain(.invalid([]))
        }
        let commit = PrincipalCommit(
            principal: id, expectedVersion: 0, events: [event], recordedAt: clock.now.wholeMilliseconds,
            metadata: EventMetadata(principal: actor.id, role: actor.role, idempotencyKey: "create:\(id)"),
            resulting: principal)
        do {
            _ = try await store.append(commit)
        } catch .versionConflict {
            throw .conflict("principal \(id) already exists")
        } catch {
            throw .store(error)
        }
        return IssuedAccount(principal: principal, token: token)
    }
}
