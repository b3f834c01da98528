import Foundation
import Hummingbird
import NIOCore
import WardenCore
import WardenStore

/// `POST /api/v1/admin/replay`: backtest a candidate rulebook, sent as the YAML body, on the
/// recorded history; live state is not touched. Admins only.
struct PolicyBacktestRoutes<Store: WardenStore>: Sendable {
    let backtest: PolicyBacktest<Store>
    let clock: any WardenClock

    struct ReportView: Codable, Sendable {
        struct Summary: Codable, Sendable {
            var status: ShopStatus
            var points: [String: Int]
            var balanceCents: Int64
            var owedCents: Int64
            var clearedSales: Int
            var activeSanctions: Int
        }
        struct Difference: Codable, Sendable {
            var shopId: String
            var name: String
            var live: Summary
            var candidate: Summary
        }
        var version: String
        var eventsRead: Int
        var shopsReplayed: Int
        var differences: [Difference]
        var statusChanges: [String: Int]
        var balanceChangeCents: Int64
    }

    func add(to group: RouterGroup<WardenRequestContext>) {
        group.post("admin/replay") { request, context in
            guard try context.requirePrincipal().role == .admin else { throw Problem.forbidden("Only admins backtest rulebooks.") }
            var request = request
            let body = try await JSONBody.collect(&request, context: context)
            let rulebook: Rulebook
            do {
                rulebook = try Rulebook.load(yaml: String(buffer: body), file: "candidate.yaml")
            } catch let error as PolicyFileError {
                throw Problem(
                    .unprocessableContent, code: "invalid-rulebook", title: "规则文件无效 / Invalid rulebook", detail: error.description,
                    errors: [
                        FieldViolation(field: error.key, rule: "policy-file", message: "line \(error.line.map(String.init) ?? "?"): \(error.message)")
                    ])
            }
            var since: Date?
            if let text = request.uri.queryParameters["since"] {
                guard let date = try? Date(String(text), strategy: .iso8601) else { throw Problem.badRequest("since: expected an ISO 8601 instant") }
                since = date
            }
            let report: PolicyBacktest<Store>.Report
            do {
                report = try await backtest.run(rulebook: rulebook, since: since, at: clock.now)
            } catch let error as StoreError {
                throw ServiceError.store(error).problem
            }
            func summary(_ value: PolicyBacktest<Store>.Summary) -> ReportView.Summary {
                ReportView.Summary(
                    status: value.status, points: value.points, balanceCents: value.balance.cents, owedCents: value.owed.cents,
                    clearedSales: value.clearedSales, activeSanctions: value.activeSanctions)
            }
            return try JSONBody.response(
                ReportView(
                    version: rulebook.version, eventsRead: report.eventsRead, shopsReplayed: report.shopsReplayed,
                    differences: report.differences.map {
                        ReportView.Difference(shopId: $0.shop.rawValue, name: $0.name, live: summary($0.live), candidate: summary($0.candidate))
                    },
                    statusChanges: Dictionary(uniqueKeysWithValues: report.statusChanges.map { ($0.key.rawValue, $0.value) }),
                    balanceChangeCents: report.balanceChange.cents))
        }
    }
}
