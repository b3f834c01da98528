import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WardenCore
import WardenServer
import WardenStore

/// The rulebook registry over HTTP, on both stores: versions with effective-from instants,
/// violations judged by the version in force when they occurred, shadows and promotion, and
/// top-up deadlines enforced by the job.
@Suite struct RulebookRegistryHTTPTests {
    struct Version: Decodable {
        var version: String
        var state: String
        var effectiveFrom: Date
        var inForce: Bool
    }

    struct Detail: Decodable {
        var summary: Version
        var text: String
    }

    struct Outcome: Decodable {
        var points: Int
        var deductedCents: Int64
    }

    struct ShadowReportView: Decodable {
        var violationsSeen: Int
        var differing: Int
        var live: Outcome
        var shadow: Outcome
    }

    struct Standing: Decodable {
        struct Ledger: Decodable {
            var code: String
            var total: Int
        }
        struct Sanction: Decodable {
            struct Cause: Decodable {
                var ruleVersion: String
                var rule: String?
            }
            var id: String
            var kind: String
            var until: Date?
            var rights: [String]
            var cause: Cause
        }
        struct Deposit: Decodable {
            var balanceCents: Int64
            var shortfallCents: Int64
            var topUpDueAt: Date?
            var rightsLostWhileShort: [String]
        }
        var ledgers: [Ledger]
        var activeSanctions: [Sanction]
        var deposit: Deposit
        var violations: [ViolationLine]

        struct ViolationLine: Decodable {
            var id: String
            var points: Int
            var ruleVersion: String
        }
    }

    /// The default rulebook relabelled, with consumer harm costing `points`.
    static func variant(_ version: String, points: Int) throws -> String {
        let text = try Rulebook.bundledDefaultText()
        let relabelled = text.replacingOccurrences(of: #"version: "douyin-default-2026.1""#, with: #"version: "\#(version)""#)
        let changed = relabelled.replacingOccurrences(
            of: "    points: 4\n    deposit: {fixed: {amount: 30000}}", with: "    points: \(points)\n    deposit: {fixed: {amount: 30000}}")
        try #require(changed != relabelled && relabelled != text)
        return changed
    }

    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    @Test(arguments: StoreKind.available)
    func versionsGovernTheirOwnTimeAndShadowsOnlyWatch(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            let shop = try await client.openShop().shop.id
            func violation(_ id: String, occurredAt: Date? = nil) async throws -> JSONResponse {
                let occurred = occurredAt.map { #","occurredAt":"\#(Self.iso($0))""# } ?? ""
                return try await client.call(
                    .post, "/api/v1/shops/\(shop)/violations", token: TestWorld.reviewerToken,
                    json: #"{"id":"\#(id)","type":"consumer-harm","evidence":["case-\#(id)"]\#(occurred)}"#)
            }
            func standing() async throws -> Standing {
                try await client.call(.get, "/api/v1/shops/\(shop)/standing", token: TestWorld.reviewerToken).decode(Standing.self)
            }

            // The registry seeded itself with the configured rulebook.
            let listed = try await client.call(.get, "/api/v1/rulebooks", token: TestWorld.reviewerToken)
            #expect(listed.status == .ok, "\(listed.text)")
            #expect(try listed.decode([Version].self).map(\.version) == ["douyin-default-2026.1"])
            #expect(try await client.call(.get, "/api/v1/rulebooks", token: TestWorld.merchantAToken).status == .forbidden)

            // Only admins publish; a bad file names its line and key and stores nothing; no version starts in the past.
            let v2 = try Self.variant("douyin-2026.3", points: 6)
            let start = world.clock.now.addingTimeInterval(86_400)
            let path = "/api/v1/rulebooks?effectiveFrom=\(Self.iso(start))"
            #expect(try await client.call(.post, path, token: TestWorld.reviewerToken, json: v2).status == .forbidden)
            let broken = try await client.call(
                .post, path, token: TestWorld.adminToken, json: v2.replacingOccurrences(of: "maxLength: 30", with: "maxLength: lots"))
            #expect(broken.status == .unprocessableContent)
            #expect(broken.problem?.type == "/problems/invalid-rulebook")
            #expect(broken.problem?.errors?.first?.field == "naming.maxLength")
            #expect(broken.problem?.errors?.first?.rule.hasPrefix("line ") == true)
            let early = try await client.call(
                .post, "/api/v1/rulebooks?effectiveFrom=\(Self.iso(world.clock.now.addingTimeInterval(-60)))", token: TestWorld.adminToken, json: v2)
            #expect(early.status == .unprocessableContent)
            #expect(early.problem?.type == "/problems/effective-too-early")
            let published = try await client.call(.post, path, token: TestWorld.adminToken, json: v2)
            #expect(published.status == .created, "\(published.text)")
            #expect(try published.decode(Detail.self).summary.state == "live")
            #expect(try published.decode(Detail.self).text == v2)
            // Publishing the same file again changes nothing; another file under the same label is refused.
            #expect(try await client.call(.post, path, token: TestWorld.adminToken, json: v2).status == .ok)
            let clash = try await client.call(.post, path, token: TestWorld.adminToken, json: try Self.variant("douyin-2026.3", points: 7))
            #expect(clash.status == .conflict)

            // Before the new version starts, the old one governs.
            #expect(try await violation("h1").status == .ok)
            world.clock.advance(by: 2 * 86_400)
            // Occurred before the new version started: still the old rules, though recorded after.
            #expect(try await violation("h2", occurredAt: start.addingTimeInterval(-3_600)).status == .ok)
            let h3 = try await violation("h3")
            #expect(h3.status == .ok)
            #expect(try h3.decode(ShopResult.self).events.first?.ruleVersion == "douyin-2026.3")
            var now = try await standing()
            #expect(now.violations.map(\.points) == [4, 4, 6])
            #expect(now.violations.map(\.ruleVersion) == ["douyin-default-2026.1", "douyin-default-2026.1", "douyin-2026.3"])
            #expect(now.ledgers.first { $0.code == "points" }?.total == 14)
            let current = try await client.call(.get, "/api/v1/rulebook", token: TestWorld.merchantAToken)
            #expect(current.text.contains(#""version":"douyin-2026.3""#))

            // A shadow sees each new violation and changes nothing.
            let v3 = try Self.variant("douyin-2026.9-shadow", points: 12)
            let shadowWithStart = try await client.call(
                .post, "/api/v1/rulebooks?shadow=true&effectiveFrom=\(Self.iso(start))", token: TestWorld.adminToken, json: v3)
            #expect(shadowWithStart.status == .badRequest)
            let shadow = try await client.call(.post, "/api/v1/rulebooks?shadow=true", token: TestWorld.adminToken, json: v3)
            #expect(shadow.status == .created, "\(shadow.text)")
            #expect(try shadow.decode(Detail.self).summary.state == "shadow")
            #expect(try await violation("h4").status == .ok)
            now = try await standing()
            #expect(now.violations.map(\.points) == [4, 4, 6, 6])
            #expect(now.ledgers.first { $0.code == "points" }?.total == 20)
            let report = try await client.call(.get, "/api/v1/rulebooks/douyin-2026.9-shadow/shadow-report", token: TestWorld.reviewerToken)
            #expect(report.status == .ok, "\(report.text)")
            let seen = try report.decode(ShadowReportView.self)
            #expect(seen.violationsSeen == 1)
            #expect(seen.differing == 1)
            #expect(seen.live.points == 6)
            #expect(seen.shadow.points == 12)

            // Promoted, it governs from a second later: decisions in flight finish under the old version.
            let promoted = try await client.call(
                .post, "/api/v1/rulebooks/douyin-2026.9-shadow/promote", token: TestWorld.adminToken, json: "{}", idempotencyKey: "promote-v3")
            #expect(promoted.status == .ok, "\(promoted.text)")
            #expect(try promoted.decode(Detail.self).summary.state == "live")
            #expect(try promoted.decode(Detail.self).summary.effectiveFrom == world.clock.now.wholeMilliseconds.addingTimeInterval(1))
            // A retry with the same key answers as before; a new promotion of a live version is refused.
            let retried = try await client.call(
                .post, "/api/v1/rulebooks/douyin-2026.9-shadow/promote", token: TestWorld.adminToken, json: "{}", idempotencyKey: "promote-v3")
            #expect(retried.status == .ok, "\(retried.text)")
            #expect(try await client.call(.post, "/api/v1/rulebooks/douyin-2026.9-shadow/promote", token: TestWorld.adminToken).status == .conflict)
            // Merchants do not see what shadows thought.
            let merchantHistory = try await client.call(.get, "/api/v1/shops/\(shop)/history", token: TestWorld.merchantAToken)
            #expect(merchantHistory.status == .ok)
            #expect(!merchantHistory.text.contains("shadowDecided"))
            #expect(try await client.call(.get, "/api/v1/shops/\(shop)/history", token: TestWorld.reviewerToken).text.contains("shadowDecided"))
            world.clock.advance(by: 1)
            #expect(try await violation("h5").status == .ok)
            #expect(try await standing().violations.last?.points == 12)
            let versions = try await client.call(.get, "/api/v1/rulebooks", token: TestWorld.adminToken).decode([Version].self)
            #expect(versions.map(\.state) == ["live", "live", "live"])
            #expect(versions.filter(\.inForce).map(\.version) == ["douyin-2026.9-shadow"])
        }

        // Replaying the log under the stored versions reproduces the live state exactly.
        let registry = try await world.dependencies.rulebooks.registry()
        let replay = try await PolicyBacktest(store: world.store, categories: world.dependencies.categories).run(
            rulebooks: registry, at: world.clock.now)
        #expect(replay.shopsReplayed == 1)
        #expect(replay.differences.isEmpty, "\(replay.differences)")
    }

    @Test(arguments: StoreKind.available)
    func aMissedTopUpDeadlineRestrictsTheShopUntilPaid(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind, jobPollInterval: .milliseconds(20))
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            let shop = try await client.openShop().shop.id
            func standing() async throws -> Standing {
                try await client.call(.get, "/api/v1/shops/\(shop)/standing", token: TestWorld.merchantAToken).decode(Standing.self)
            }
            let recorded = try await client.call(
                .post, "/api/v1/shops/\(shop)/violations", token: TestWorld.reviewerToken, json: #"{"id":"h1","type":"consumer-harm","evidence":[]}"#)
            #expect(recorded.status == .ok)
            let short = try await standing()
            #expect(short.deposit.shortfallCents == 30_000)
            #expect(short.deposit.rightsLostWhileShort == ["withdrawFunds"])
            let due = try #require(short.deposit.topUpDueAt)
            #expect(due == world.clock.now.addingTimeInterval(30 * 86_400))

            world.clock.set(due)
            let restricted = try await waitFor(timeout: .seconds(10)) {
                let now = try await standing()
                return now.activeSanctions.isEmpty ? nil : now
            }
            let sanction = try #require(restricted?.activeSanctions.first)
            #expect(sanction.kind == "restrictRights")
            #expect(sanction.until == nil)
            #expect(sanction.cause.rule == "deposit.missedTopUp[0]")
            #expect(sanction.cause.ruleVersion == "douyin-default-2026.1")
            #expect(Set(sanction.rights) == ["publishListings", "liveSelling", "joinCampaigns"])

            let paid = try await client.call(
                .post, "/api/v1/shops/\(shop)/deposit/payments", token: TestWorld.systemToken, json: #"{"amountCents":30000,"reference":"top-up-1"}"#)
            #expect(paid.status == .ok, "\(paid.text)")
            let after = try await standing()
            #expect(after.activeSanctions.isEmpty)
            #expect(after.deposit.shortfallCents == 0)
            #expect(after.deposit.topUpDueAt == nil)
        }
    }
}
