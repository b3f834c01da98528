import Foundation
import Hummingbird
import NIOCore
import WardenCore
import WardenStore

/// The rulebook registry over HTTP: every stored version, publishing a new one (live from its
/// effective-from instant, or in shadow), promoting or retiring a shadow, and a shadow's report.
/// Reading is for staff; changing is for admins.
struct RulebookRoutes<Store: WardenStore>: Sendable {
    let rulebooks: RulebookService<Store>

    /// One version as the list shows it.
    struct VersionView: Codable, Sendable {
        var version: String
        var state: RulebookRegistry.Version.State
        var effectiveFrom: Date
        var publishedAt: Date
        var watchingSince: Date?
        var watchingUntil: Date?
        /// Whether it governs now.
        var inForce: Bool
        var violationTypes: Int
        var ledgers: [String]

        init(_ version: RulebookRegistry.Version, inForce: Bool) {
            self.version = version.rulebook.version
            self.state = version.state
            self.effectiveFrom = version.rulebook.effectiveFrom
            self.publishedAt = version.publishedAt
            self.watchingSince = version.watchingSince
            self.watchingUntil = version.watchingUntil
            self.inForce = inForce
            self.violationTypes = version.rulebook.violations.count
            self.ledgers = version.rulebook.ledgers.map(\.code)
        }
    }

    struct DetailView: Codable, Sendable {
        var summary: VersionView
        var rulebook: Rulebook
        /// The file as published.
        var text: String
    }

    struct PromoteBody: Codable, Sendable {
        var effectiveFrom: Date?
    }

    struct OutcomeView: Codable, Sendable {
        var points: Int
        var deductedCents: Int64
        var owedCents: Int64
        var sanctions: [String: Int]
        var suspensions: Int
        var expulsions: Int
        var refusals: Int

        init(_ outcome: ShadowReport.Outcome) {
            points = outcome.points
            deductedCents = outcome.deducted.cents
            owedCents = outcome.owed.cents
            sanctions = Dictionary(uniqueKeysWithValues: outcome.sanctions.map { ($0.key.rawValue, $0.value) })
            suspensions = outcome.suspensions
            expulsions = outcome.expulsions
            refusals = outcome.refusals
        }
    }

    struct ShadowReportView: Codable, Sendable {
        struct Shop: Codable, Sendable {
            var shopId: String
            var violations: Int
            var live: OutcomeView
            var shadow: OutcomeView
        }
        var version: String
        var state: RulebookRegistry.Version.State
        var watchingSince: Date?
        var violationsSeen: Int
        var differing: Int
        var live: OutcomeView
        var shadow: OutcomeView
        var shops: [Shop]
    }

    func add(to group: RouterGroup<WardenRequestContext>) {
        group.get("rulebooks") { _, context in
            try requireStaff(context)
            let registry = try await registry()
            let current = registry.inForce(at: rulebooks.clock.now)?.version
            return try JSONBody.response(registry.versions.map { VersionView($0, inForce: $0.rulebook.version == current) })
        }
        group.post("rulebooks") { request, context in
            let actor = try requireAdmin(context)
            var request = request
            let body = try await JSONBody.collect(&request, context: context)
            guard body.readableBytes > 0 else { throw Problem.badRequest("Send the rulebook YAML file as the body.") }
            let query = request.uri.queryParameters
            let shadow = query["shadow"].map { $0 == "true" || $0 == "1" } ?? false
            let effectiveFrom = try query["effectiveFrom"].map { text in try instant(String(text), field: "effectiveFrom") }
            if shadow && effectiveFrom != nil {
                throw Problem.badRequest(
                    "A shadow watches from the moment it is published; give effectiveFrom when promoting it.",
                    errors: [FieldViolation(field: "effectiveFrom", rule: "not-with-shadow", message: "影子版本自发布起生效 / not with shadow=true")])
            }
            let outcome = try await perform {
                try await rulebooks.execute(
                    .publish(text: String(buffer: body), shadow: shadow, effectiveFrom: effectiveFrom), by: actor,
                    idempotencyKey: try request.idempotencyKey())
            }
            // The file parsed, or the command would have been refused.
            let version = (try? Rulebook.load(yaml: String(buffer: body), file: "rulebook").version) ?? ""
            return try detail(version, in: outcome.registry, status: outcome.recorded ? .created : .ok)
        }
        group.get("rulebooks/:version") { _, context in
            try requireStaff(context)
            return try detail(try versionParameter(context), in: try await registry())
        }
        group.post("rulebooks/:version/promote") { request, context in
            let actor = try requireAdmin(context)
            var request = request
            let body = try await JSONBody.collect(&request, context: context)
            let effectiveFrom = body.readableBytes > 0 ? try JSONBody.decode(PromoteBody.self, from: body).effectiveFrom : nil
            let version = try versionParameter(context)
            let outcome = try await perform {
                try await rulebooks.execute(
                    .promote(version: version, effectiveFrom: effectiveFrom), by: actor, idempotencyKey: try request.idempotencyKey())
            }
            return try detail(version, in: outcome.registry)
        }
        group.post("rulebooks/:version/retire") { request, context in
            let actor = try requireAdmin(context)
            let version = try versionParameter(context)
            let outcome = try await perform {
                try await rulebooks.execute(.retire(version: version), by: actor, idempotencyKey: try request.idempotencyKey())
            }
            return try detail(version, in: outcome.registry)
        }
        group.get("rulebooks/:version/shadow-report") { _, context in
            try requireStaff(context)
            let label = try versionParameter(context)
            guard let version = try await registry().version(label) else { throw Problem(PolicyError.unknownVersion(label)) }
            let report: ShadowReport
            do throws(StoreError) { report = try await ShadowReport.build(version: label, store: rulebooks.store) } catch {
                throw ServiceError.store(error).problem
            }
            return try JSONBody.response(
                ShadowReportView(
                    version: label, state: version.state, watchingSince: version.watchingSince, violationsSeen: report.violationsSeen,
                    differing: report.differing, live: OutcomeView(report.live), shadow: OutcomeView(report.shadow),
                    shops: report.shops.prefix(100).map {
                        ShadowReportView.Shop(
                            shopId: $0.shop.rawValue, violations: $0.violations, live: OutcomeView($0.live), shadow: OutcomeView($0.shadow))
                    }))
        }
    }

    private func detail(_ label: String, in registry: RulebookRegistry, status: HTTPResponse.Status = .ok) throws -> Response {
        guard let version = registry.version(label) else { throw Problem(PolicyError.unknownVersion(label)) }
        let current = registry.inForce(at: rulebooks.clock.now)?.version
        var response = try JSONBody.response(
            DetailView(summary: VersionView(version, inForce: label == current), rulebook: version.rulebook, text: version.text))
        response.status = status
        return response
    }

    private func registry() async throws -> RulebookRegistry {
        try await perform { try await rulebooks.registry() }
    }

    private func perform<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ServiceError {
            throw error.problem
        }
    }

    private func versionParameter(_ context: WardenRequestContext) throws -> String {
        guard let version = context.parameters.get("version"), !version.isEmpty else { throw Problem.badRequest("Name a rulebook version.") }
        return version
    }

    private func instant(_ text: String, field: String) throws -> Date {
        guard let date = try? Date(text, strategy: .iso8601) else {
            throw Problem.badRequest(
                "\(field): expected an ISO 8601 instant such as 2027-01-01T00:00:00+08:00",
                errors: [FieldViolation(field: field, rule: "format", message: "须为ISO 8601时间 / expected an ISO 8601 instant")])
        }
        return date
    }

    @discardableResult
    private func requireStaff(_ context: WardenRequestContext) throws -> Actor {
        let actor = try context.requirePrincipal().actor
        guard actor.isStaff else { throw Problem.forbidden("Only reviewers and admins read the rulebook registry.") }
        return actor
    }

    private func requireAdmin(_ context: WardenRequestContext) throws -> Actor {
        let actor = try context.requirePrincipal().actor
        guard actor.role == .admin else { throw Problem.forbidden("Only admins change the rulebook registry.") }
        return actor
    }
}
