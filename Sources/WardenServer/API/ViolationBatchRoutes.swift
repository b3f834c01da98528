import Foundation
import Hummingbird
import WardenCore
import WardenStore

/// `POST /api/v1/violations/batch`: many violations, from screening or fraud detection, in one
/// request. Each is decided and recorded as if sent alone; the answer says, item by item, what
/// became of it. Sending a batch again records nothing twice.
struct ViolationBatchRoutes<Store: WardenStore>: Sendable {
    let service: ShopService<Store>
    /// The most items one request may carry.
    static var maxItems: Int { 1_000 }

    struct Body: Codable, Sendable {
        struct Item: Codable, Sendable {
            var shopId: String
            var violation: ViolationReport
        }
        var items: [Item]
    }

    struct Answer: Codable, Sendable {
        struct Result: Codable, Sendable {
            var shopId: String
            var violationId: String
            /// `recorded`, `duplicate` or `refused`.
            var outcome: String
            var version: Int?
            var problem: Problem?
        }
        var recorded: Int
        var duplicates: Int
        var refused: Int
        var results: [Result]
    }

    func add(to group: RouterGroup<WardenRequestContext>) {
        group.post("violations/batch") { request, context in
            let actor = try context.requirePrincipal().actor
            guard actor.isStaff || actor.role == .system else {
                throw Problem.forbidden("Only reviewers, admins and the marketplace's systems record violations.")
            }
            let body = try await JSONBody.decode(Body.self, from: request, context: context)
            guard (1...Self.maxItems).contains(body.items.count) else {
                throw Problem.badRequest(
                    "Send 1–\(Self.maxItems) items.",
                    errors: [FieldViolation(field: "items", rule: "size", message: "每批1–\(Self.maxItems)条 / 1–\(Self.maxItems) items per batch")])
            }
            let items = body.items.map { ShopService<Store>.BatchItem(shop: ShopID(rawValue: $0.shopId), report: $0.violation) }
            let results: [ShopService<Store>.BatchResult]
            do throws(ServiceError) { results = try await service.recordViolations(items, by: actor) } catch { throw error.problem }
            var answer = Answer(recorded: 0, duplicates: 0, refused: 0, results: [])
            for (item, result) in zip(body.items, results) {
                var line = Answer.Result(shopId: item.shopId, violationId: item.violation.id, outcome: "", version: nil, problem: nil)
                switch result {
                case .recorded(let version):
                    line.outcome = "recorded"
                    line.version = version
                    answer.recorded += 1
                case .duplicate:
                    line.outcome = "duplicate"
                    answer.duplicates += 1
                case .refused(let error):
                    line.outcome = "refused"
                    line.problem = error.problem
                    answer.refused += 1
                }
                answer.results.append(line)
            }
            return try JSONBody.response(answer)
        }
    }
}
