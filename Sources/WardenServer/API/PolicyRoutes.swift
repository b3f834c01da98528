import Foundation
import Hummingbird
import WardenCore
import WardenStore

/// Read-only policy routes: the category table and the rulebook in force.
struct PolicyRoutes<Store: WardenStore>: Sendable {
    let rulebooks: RulebookService<Store>
    let categories: CategoryTable

    func add(to group: RouterGroup<WardenRequestContext>) {
        group.get("categories") { _, _ in try JSONBody.response(categories) }
        group.get("rulebook") { _, _ in
            let rulebook: Rulebook
            do throws(ServiceError) { rulebook = try await rulebooks.rulebook(at: rulebooks.clock.now) } catch { throw error.problem }
            return try JSONBody.response(rulebook)
        }
    }
}
