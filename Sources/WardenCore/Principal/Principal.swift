import Foundation

/// What a principal may do in Warden.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// A merchant (商家): sees and acts on its own shops only.
    case merchant
    /// A reviewer (审核员/小二): decides applications and governance cases.
    case reviewer
    /// A governance admin (规则运营): everything a reviewer does, plus issuing accounts.
    case admin
    /// One of the marketplace's own systems: sends payments and other events.
    case system

    /// The name users read.
    public var chineseName: String {
        switch self {
        case .merchant: "商家"
        case .reviewer: "审核员"
        case .admin: "规则运营"
        case .system: "平台系统"
        }
    }
}

/// Who is acting: the identity and role every command and event records.
public struct Actor: Hashable, Sendable, Codable {
    public var id: PrincipalID
    public var role: Role

    public init(id: PrincipalID, role: Role) {
        self.id = id
        self.role = role
    }

    /// The background job runner.
    public static let system = Actor(id: .system, role: .system)

    /// Whether this actor may decide governance matters (review, restrict, suspend, expel).
    public var isStaff: Bool { role == .reviewer || role == .admin }
}

/// An account that can call Warden, as the access projection holds it.
public struct Principal: Hashable, Sendable, Codable {
    public var id: PrincipalID
    public var role: Role
    public var name: String
    /// The SHA-256 of the bearer token, hex-encoded; the token itself is never stored.
    public var tokenHash: String
    public var disabled: Bool

    public init(id: PrincipalID, role: Role, name: String, tokenHash: String, disabled: Bool = false) {
        self.id = id
        self.role = role
        self.name = name
        self.tokenHash = tokenHash
        self.disabled = disabled
    }

    public var actor: Actor { Actor(id: id, role: role) }
}

/// What happens to an account; principals are event-sourced like shops.
public enum PrincipalEvent: Hashable, Sendable, Codable {
    case created(role: Role, name: String, tokenHash: String)
    case tokenRotated(tokenHash: String)
    case disabled

    /// The event's stable type name, as stored in the log.
    public var typeName: String {
        switch self {
        case .created: "principalCreated"
        case .tokenRotated: "principalTokenRotated"
        case .disabled: "principalDisabled"
        }
    }
}

extension Principal {
    /// Folds one event into the account; `created` starts it.
    public static func evolve(_ principal: Principal?, id: PrincipalID, with event: PrincipalEvent) -> Principal? {
        switch event {
        case .created(let role, let name, let tokenHash):
            return Principal(id: id, role: role, name: name, tokenHash: tokenHash)
        case .tokenRotated(let tokenHash):
            guard var principal else { return nil }
            principal.tokenHash = tokenHash
            return principal
        case .disabled:
            guard var principal else { return nil }
            principal.disabled = true
            return principal
        }
    }
}
