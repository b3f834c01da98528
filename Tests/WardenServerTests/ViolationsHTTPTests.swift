import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WardenCore
import WardenServer

/// Recording violations and reading a shop's standing over HTTP, on both stores.
@Suite struct ViolationsHTTPTests {
    struct Standing: Decodable {
        struct Ledger: Decodable {
            var code: String
            var total: Int
            var runningNode: Int?
        }
        struct Deposit: Decodable {
            var balanceCents: Int64
            var owedCents: Int64
            var deductedCents: Int64
        }
        struct Sanction: Decodable {
            struct Cause: Decodable {
                var violation: String
                var type: String
                var ruleVersion: String
                var node: Int?
            }
            var kind: String
            var until: Date?
            var rights: [String]
            var cause: Cause
        }
        struct Violation: Decodable {
            var id: String
            var points: Int
            var deductedCents: Int64
        }
        var ledgers: [Ledger]
        var deposit: Deposit
        var restrictedRights: [String]
        var activeSanctions: [Sanction]
        var violations: [Violation]
    }

    @Test(arguments: StoreKind.available)
    func violationsAndStanding(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            let id = try await client.openShop().shop.id
            // Merchants cannot record violations, not even against themselves.
            let bySelf = try await client.call(
                .post, "/api/v1/shops/\(id)/violations", token: TestWorld.merchantAToken, json: #"{"id":"v0","type":"consumer-harm","evidence":[]}"#)
            #expect(bySelf.status == .forbidden)
            let unknown = try await client.call(
                .post, "/api/v1/shops/\(id)/violations", token: TestWorld.reviewerToken, json: #"{"id":"v0","type":"jaywalking","evidence":[]}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.problem?.errors?.first?.field == "type")

            for index in 1...3 {
                let recorded = try await client.call(
                    .post, "/api/v1/shops/\(id)/violations", token: index == 3 ? TestWorld.systemToken : TestWorld.reviewerToken,
                    json: #"{"id":"v\#(index)","type":"consumer-harm","evidence":["complaint-\#(index)"]}"#, idempotencyKey: "violation-\(index)")
                #expect(recorded.status == .ok, "\(recorded.text)")
            }
            // The same report retried is recorded once.
            let retry = try await client.call(
                .post, "/api/v1/shops/\(id)/violations", token: TestWorld.reviewerToken,
                json: #"{"id":"v1","type":"consumer-harm","evidence":["complaint-1"]}"#, idempotencyKey: "violation-1")
            #expect(retry.status == .ok)
            #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")

            let standing = try await client.call(.get, "/api/v1/shops/\(id)/standing", token: TestWorld.merchantAToken).decode(Standing.self)
            #expect(standing.ledgers.map(\.total) == [12])
            #expect(standing.ledgers.first?.runningNode == 12)
            #expect(standing.deposit.balanceCents == 200_000 - 3 * 30_000)
            #expect(standing.deposit.deductedCents == 90_000)
            #expect(standing.violations.map(\.id) == ["v1", "v2", "v3"])
            #expect(standing.restrictedRights == ["joinCampaigns"])
            let nodeSanction = try #require(standing.activeSanctions.first { $0.kind == "restrictRights" })
            #expect(nodeSanction.cause.violation == "v3")
            #expect(nodeSanction.cause.type == "consumer-harm")
            #expect(nodeSanction.cause.node == 12)
            #expect(nodeSanction.cause.ruleVersion == "douyin-default-2026.1")

            // A week later the node's restriction has run out by itself.
            world.clock.advance(by: 7 * 86_400)
            let later = try await client.call(.get, "/api/v1/shops/\(id)/standing", token: TestWorld.reviewerToken).decode(Standing.self)
            #expect(later.restrictedRights.isEmpty)
            #expect(later.activeSanctions.filter { $0.kind == "restrictRights" }.isEmpty)

            // Expulsion by violation: the history names each consequence.
            let expel = try await client.call(
                .post, "/api/v1/shops/\(id)/violations", token: TestWorld.reviewerToken,
                json: #"{"id":"v9","type":"forged-qualification","evidence":["licence-check"]}"#)
            #expect(try expel.decode(ShopResult.self).shop.status == "expelled")
            let history = try await client.call(.get, "/api/v1/shops/\(id)/history", token: TestWorld.merchantAToken).decode(History.self)
            #expect(
                Array(history.events.map(\.type).suffix(5)) == [
                    "violationRecorded", "pointsAssessed", "depositDeducted", "sanctionImposed", "shopExpelled",
                ] || Array(history.events.map(\.type).suffix(4)) == ["violationRecorded", "depositDeducted", "sanctionImposed", "shopExpelled"])
        }
        let report = try await ProjectionRebuilder(store: world.store).rebuild(write: false)
        #expect(report.isIdentical, "\(report.mismatched)")
    }
}

/// Many violations in one request, on both stores.
@Suite struct ViolationBatchHTTPTests {
    struct Answer: Decodable {
        struct Result: Decodable {
            var shopId: String
            var violationId: String
            var outcome: String
            var version: Int?
            var problem: Problem?
        }
        var recorded: Int
        var duplicates: Int
        var refused: Int
        var results: [Result]
    }

    @Test(arguments: StoreKind.available)
    func aBatchRecordsEachViolationOnceAndReportsEachRefusal(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            let first = try await client.openShop(name: "批量甲店", subjectKey: "92330106MA2H0XY017").shop.id
            let second = try await client.openShop(name: "批量乙店", subjectKey: "91440300MA5DC6QX1K").shop.id
            let body = """
                {"items": [
                  {"shopId": "\(first)", "violation": {"id": "b1", "type": "consumer-harm", "evidence": ["s-1"]}},
                  {"shopId": "\(first)", "violation": {"id": "b2", "type": "consumer-harm", "evidence": ["s-2"]}},
                  {"shopId": "\(first)", "violation": {"id": "b3", "type": "no-such-type", "evidence": []}},
                  {"shopId": "\(second)", "violation": {"id": "b1", "type": "wrong-category", "evidence": ["二手车"]}},
                  {"shopId": "shop_missing", "violation": {"id": "b1", "type": "consumer-harm", "evidence": []}}
                ]}
                """
            #expect(try await client.call(.post, "/api/v1/violations/batch", token: TestWorld.merchantAToken, json: body).status == .forbidden)
            let sent = try await client.call(.post, "/api/v1/violations/batch", token: TestWorld.systemToken, json: body)
            #expect(sent.status == .ok, "\(sent.text)")
            let answer = try sent.decode(Answer.self)
            #expect(answer.results.map(\.outcome) == ["recorded", "recorded", "refused", "recorded", "refused"])
            #expect(answer.results[2].problem?.errors?.first?.field == "type")
            #expect(answer.results[4].problem?.type == "/problems/not-found")
            #expect((answer.recorded, answer.duplicates, answer.refused) == (3, 0, 2))

            // The second violation was decided on the shop the first left: 8 points.
            let standing = try await client.call(.get, "/api/v1/shops/\(first)/standing", token: TestWorld.reviewerToken)
            #expect(standing.text.contains(#""total":8"#), "\(standing.text)")
            let expelled = try await client.call(.get, "/api/v1/shops/\(second)", token: TestWorld.reviewerToken).decode(ShopResult.Shop.self)
            #expect(expelled.status == "expelled")

            // Sent again: nothing is recorded twice.
            let again = try await client.call(.post, "/api/v1/violations/batch", token: TestWorld.systemToken, json: body).decode(Answer.self)
            #expect(again.results.map(\.outcome) == ["duplicate", "duplicate", "refused", "duplicate", "refused"])
            let history = try await client.call(.get, "/api/v1/shops/\(first)/history", token: TestWorld.reviewerToken).decode(History.self)
            #expect(history.events.filter { $0.type == "violationRecorded" }.count == 2)

            let empty = try await client.call(.post, "/api/v1/violations/batch", token: TestWorld.systemToken, json: #"{"items":[]}"#)
            #expect(empty.status == .badRequest)
        }
    }
}
