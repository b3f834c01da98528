import Hummingbird
import WardenCore
import WardenStore

/// Account routes: who am I, and (admins) issuing accounts with tokens.
struct AccessRoutes<Store: WardenStore>: Sendable {
    let access: AccessService<Store>

    struct PrincipalView: Codable, Sendable {
        var id: String
        var role: Role
        var roleLabel: Label
        var name: String
        /// Present only in the answer that creates the account: it is never shown again.
        var token: String?

        init(_ principal: Principal, token: String? = nil) {
            id = principal.id.rawValue
            role = principal.role
            roleLabel = Label(zh: principal.role.chineseName, en: principal.role.rawValue)
            name = principal.name
            self.token = token
        }
    }

    func add(to group: RouterGroup<WardenRequestContext>) {
        group.get("me") { _, context in
            try JSONBody.response(PrincipalView(try context.requirePrincipal()))
        }
        group.post("principals") { request, context in
            let caller = try context.requirePrincipal()
            guard caller.role == .admin else { throw Problem.forbidden("Only admins issue accounts.") }
            let body = try await JSONBody.decode(CreatePrincipalBody.self, from: request, context: context)
            let issued: AccessService<Store>.IssuedAccount
            do {
                issued = try await access.createAccount(role: body.role, name: body.name, by: caller.actor)
            } catch let error as ServiceError {
                throw error.problem
            }
            return try JSONBody.response(PrincipalView(issued.principal, token: issued.token), status: .created)
        }
    }
}
