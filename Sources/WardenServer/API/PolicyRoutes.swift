import Hummingbird
import WardenCore

/// Read-only policy routes: the category table and the rulebook in force.
struct PolicyRoutes: Sendable {
    let rulebook: Rulebook
    let categories: CategoryTable

    func add(to group: RouterGroup<WardenRequestContext>) {
        group.get("categories") { _, _ in try JSONBody.response(categories) }
        group.get("rulebook") { _, _ in try JSONBody.response(rulebook) }
    }
}
