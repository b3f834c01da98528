import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WardenCore
import WardenServer

/// The onboarding path and its refusals, over real loopback HTTP against a real SQLite file.
@Suite struct OnboardingHTTPTests {
    @Test(arguments: StoreKind.available) func theWholeOnboardingPath(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            let created = try await client.call(.post, "/api/v1/shops", token: TestWorld.merchantAToken, body: Applications.ordinary())
            #expect(created.status == .created)
            let shop = try created.decode(ShopResult.self).shop
            #expect(shop.status == "applying")
            #expect(created.headers[.location] == "/api/v1/shops/\(shop.id)")
            let id = shop.id

            let submitted = try await client.call(.post, "/api/v1/shops/\(id)/submit", token: TestWorld.merchantAToken)
            #expect(try submitted.decode(ShopResult.self).shop.status == "underReview")

            let queue = try await client.call(.get, "/api/v1/shops?status=underReview", token: TestWorld.reviewerToken)
            #expect(try queue.decode(ShopList.self).shops.map(\.id) == [id])

            let approved = try await client.call(.post, "/api/v1/shops/\(id)/approve", token: TestWorld.reviewerToken, json: #"{"note":"齐全"}"#)
            let afterApproval = try approved.decode(ShopResult.self).shop
            #expect(afterApproval.status == "awaitingContract")
            #expect(afterApproval.deposit.requiredCents == 200_000)

            let signed = try await client.call(
                .post, "/api/v1/shops/\(id)/contract", token: TestWorld.merchantAToken, json: #"{"contractVersion":"2026.1"}"#)
            #expect(try signed.decode(ShopResult.self).shop.status == "awaitingDeposit")

            // Money arrives from the marketplace's payment system, never on the merchant's word.
            let selfPaid = try await client.call(
                .post, "/api/v1/shops/\(id)/deposit/payments", token: TestWorld.merchantAToken, json: #"{"amountCents":50000,"reference":"p1"}"#)
            #expect(selfPaid.status == .forbidden)
            let part = try await client.call(
                .post, "/api/v1/shops/\(id)/deposit/payments", token: TestWorld.adminToken, json: #"{"amountCents":50000,"reference":"p1"}"#)
            #expect(try part.decode(ShopResult.self).shop.status == "awaitingDeposit")
            // The marketplace's payment system may record the rest.
            let rest = try await client.call(
                .post, "/api/v1/shops/\(id)/deposit/payments", token: TestWorld.systemToken, json: #"{"amountCents":150000,"reference":"p2"}"#)
            let open = try rest.decode(ShopResult.self)
            #expect(open.shop.status == "open")
            #expect(open.shop.enabledChannels == ["douyin", "toutiao"])
            #expect(open.shop.deposit.balanceCents == 200_000)
            #expect(open.events.map(\.type) == ["depositPaid", "shopOpened"])

            let history = try await client.call(.get, "/api/v1/shops/\(id)/history", token: TestWorld.merchantAToken).decode(History.self)
            #expect(
                history.events.map(\.type) == [
                    "applicationDrafted", "applicationSubmitted", "applicationApproved", "contractSigned", "depositPaid", "depositPaid",
                    "shopOpened",
                ])
            #expect(history.events.map(\.version) == Array(1...7))
            #expect(
                history.events.map(\.principal) == [
                    "usr_merchant_a", "usr_merchant_a", "usr_reviewer", "usr_merchant_a", "usr_admin", "usr_system", "usr_system",
                ])
            #expect(history.events.allSatisfy { $0.ruleVersion == "douyin-default-2026.1" })
            #expect(history.events[2].reason == "齐全")
        }
    }

    @Test(arguments: StoreKind.available) func aRejectedApplicationIsFixedAndResubmitted(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            let id = try await client.call(.post, "/api/v1/shops", token: TestWorld.merchantAToken, body: Applications.ordinary())
                .decode(ShopResult.self).shop.id
            _ = try await client.call(.post, "/api/v1/shops/\(id)/submit", token: TestWorld.merchantAToken)
            let rejected = try await client.call(
                .post, "/api/v1/shops/\(id)/reject", token: TestWorld.reviewerToken, json: #"{"reasons":["营业执照不清晰"]}"#)
            #expect(try rejected.decode(ShopResult.self).shop.status == "rejected")
            let fixed = try await client.call(
                .put, "/api/v1/shops/\(id)/application", token: TestWorld.merchantAToken, body: Applications.ordinary(name: "小王女装店"))
            #expect(try fixed.decode(ShopResult.self).shop.name == "小王女装店")
            let again = try await client.call(.post, "/api/v1/shops/\(id)/submit", token: TestWorld.merchantAToken)
            #expect(try again.decode(ShopResult.self).shop.status == "underReview")
        }
    }

    @Test(arguments: StoreKind.available) func refusalsAreProblemsAndChangeNothing(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            // A banned word in an ordinary shop's name: the draft saves, the submit names the field.
            let id = try await client.call(
                .post, "/api/v1/shops", token: TestWorld.merchantAToken, body: Applications.ordinary(name: "小王旗舰店")
            ).decode(ShopResult.self).shop.id
            let refused = try await client.call(.post, "/api/v1/shops/\(id)/submit", token: TestWorld.merchantAToken)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.contentType?.hasPrefix("application/problem+json") == true)
            let problem = try #require(refused.problem)
            #expect(problem.type == "/problems/validation-failed")
            #expect(problem.errors?.map(\.field) == ["shopName"])
            #expect(problem.errors?.first?.rule == "banned-word")

            // Illegal transition: approve before submit.
            let early = try await client.call(.post, "/api/v1/shops/\(id)/approve", token: TestWorld.reviewerToken, json: "{}")
            #expect(early.status == .conflict)
            #expect(early.problem?.type == "/problems/illegal-transition")

            // A merchant may not approve.
            _ = try await client.call(
                .put, "/api/v1/shops/\(id)/application", token: TestWorld.merchantAToken, body: Applications.ordinary(name: "小王服装店"))
            _ = try await client.call(.post, "/api/v1/shops/\(id)/submit", token: TestWorld.merchantAToken)
            let selfApproved = try await client.call(.post, "/api/v1/shops/\(id)/approve", token: TestWorld.merchantAToken, json: "{}")
            #expect(selfApproved.status == .forbidden)
            #expect(selfApproved.problem?.type == "/problems/forbidden")

            let before = try await client.call(.get, "/api/v1/shops/\(id)/history", token: TestWorld.merchantAToken).decode(History.self)
            #expect(before.events.count == 3)

            // Malformed JSON, a wrong type, an unknown enum value, a missing field, an oversized body.
            let malformed = try await client.call(.post, "/api/v1/shops/\(id)/reject", token: TestWorld.reviewerToken, json: #"{"reasons": ["#)
            #expect(malformed.status == .badRequest)
            #expect(malformed.problem?.type == "/problems/malformed-request")
            let wrongType = try await client.call(.post, "/api/v1/shops/\(id)/reject", token: TestWorld.reviewerToken, json: #"{"reasons": 5}"#)
            #expect(wrongType.status == .unprocessableContent)
            #expect(wrongType.problem?.errors?.first?.field == "reasons")
            let unknownEnum = try await client.call(
                .post, "/api/v1/shops", token: TestWorld.merchantAToken,
                json: try String(decoding: JSONEncoder().encode(Applications.ordinary(name: "新店")), as: UTF8.self)
                    .replacingOccurrences(of: #""shopType":"ordinary""#, with: #""shopType":"megastore""#))
            #expect(unknownEnum.status == .unprocessableContent)
            #expect(unknownEnum.problem?.errors?.first?.field == "shopType")
            let missing = try await client.call(.post, "/api/v1/shops/\(id)/contract", token: TestWorld.reviewerToken, json: "{}")
            #expect(missing.status == .unprocessableContent)
            #expect(missing.problem?.errors?.first?.field == "contractVersion")
            let huge = try await client.call(
                .post, "/api/v1/shops/\(id)/reject", token: TestWorld.reviewerToken,
                json: #"{"reasons":[""# + String(repeating: "长", count: 200_000) + #""]}"#)
            #expect(huge.status == .contentTooLarge)
            #expect(huge.problem?.type == "/problems/payload-too-large")
            let negative = try await client.call(
                .post, "/api/v1/shops/\(id)/deposit/payments", token: TestWorld.systemToken, json: #"{"amountCents":-1,"reference":"x"}"#)
            #expect(negative.status == .conflict || negative.status == .unprocessableContent)
            let reserved = try await client.call(.post, "/api/v1/shops/\(id)/submit", token: TestWorld.merchantAToken, idempotencyKey: "job:x")
            #expect(reserved.status == .badRequest)
            let oversized = try await client.call(
                .post, "/api/v1/shops", token: TestWorld.merchantAToken, body: Applications.ordinary(name: String(repeating: "大", count: 5_000)))
            #expect(oversized.status == .unprocessableContent)
            #expect(oversized.problem?.errors?.first?.rule == "too-long")

            let after = try await client.call(.get, "/api/v1/shops/\(id)/history", token: TestWorld.merchantAToken).decode(History.self)
            #expect(after.events.count == before.events.count)

            // Authentication.
            #expect(try await client.call(.get, "/api/v1/shops", token: nil).status == .unauthorized)
            let badToken = try await client.call(.get, "/api/v1/shops", token: "wdn_nope")
            #expect(badToken.status == .unauthorized)
            #expect(badToken.problem?.type == "/problems/unauthenticated")
            // Unknown routes are problems too.
            let unknown = try await client.call(.get, "/api/v1/nothing-here", token: TestWorld.adminToken)
            #expect(unknown.status == .notFound)
            #expect(unknown.contentType?.hasPrefix("application/problem+json") == true)
        }
    }

    @Test(arguments: StoreKind.available) func theFirstApplicantKeepsTheName(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            let first = try await client.call(.post, "/api/v1/shops", token: TestWorld.merchantAToken, body: Applications.ordinary(name: "同名店"))
            #expect(first.status == .created)
            let second = try await client.call(
                .post, "/api/v1/shops", token: TestWorld.merchantBToken,
                body: Applications.ordinary(name: "同名店", subjectKey: "91440300MA5DC6QX1K"))
            #expect(second.status == .conflict)
            #expect(second.problem?.type == "/problems/name-taken")
            #expect(second.problem?.errors?.first?.field == "shopName")
            #expect(try await client.call(.get, "/api/v1/shops", token: TestWorld.merchantBToken).decode(ShopList.self).shops.isEmpty)
        }
    }

    @Test(arguments: StoreKind.available) func idempotentRetriesAreRecordedOnce(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            let body = Applications.ordinary()
            let first = try await client.call(.post, "/api/v1/shops", token: TestWorld.merchantAToken, body: body, idempotencyKey: "create-1")
            let retry = try await client.call(.post, "/api/v1/shops", token: TestWorld.merchantAToken, body: body, idempotencyKey: "create-1")
            #expect(first.status == .created)
            #expect(retry.status == .ok)
            #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let id = try first.decode(ShopResult.self).shop.id
            #expect(try retry.decode(ShopResult.self).shop.id == id)
            #expect(try await client.call(.get, "/api/v1/shops", token: TestWorld.merchantAToken).decode(ShopList.self).shops.count == 1)

            _ = try await client.call(.post, "/api/v1/shops/\(id)/submit", token: TestWorld.merchantAToken)
            _ = try await client.call(.post, "/api/v1/shops/\(id)/approve", token: TestWorld.reviewerToken, json: "{}")
            _ = try await client.call(.post, "/api/v1/shops/\(id)/contract", token: TestWorld.merchantAToken, json: #"{"contractVersion":"1"}"#)
            let payment = #"{"amountCents":100000,"reference":"bank-77"}"#
            let paid = try await client.call(
                .post, "/api/v1/shops/\(id)/deposit/payments", token: TestWorld.systemToken, json: payment, idempotencyKey: "pay-77")
            let again = try await client.call(
                .post, "/api/v1/shops/\(id)/deposit/payments", token: TestWorld.systemToken, json: payment, idempotencyKey: "pay-77")
            #expect(paid.status == .ok)
            #expect(again.status == .ok)
            #expect(try again.decode(ShopResult.self).replayed)
            #expect(try again.decode(ShopResult.self).shop.deposit.balanceCents == 100_000)
            // After the shop moved on, a retry still answers as the first attempt did.
            let rest = try await client.call(
                .post, "/api/v1/shops/\(id)/deposit/payments", token: TestWorld.systemToken, json: #"{"amountCents":100000,"reference":"bank-79"}"#,
                idempotencyKey: "pay-79")
            #expect(try rest.decode(ShopResult.self).shop.status == "open")
            let late = try await client.call(
                .post, "/api/v1/shops/\(id)/deposit/payments", token: TestWorld.systemToken, json: payment, idempotencyKey: "pay-77")
            #expect(try late.decode(ShopResult.self).shop.status == "awaitingDeposit")
            #expect(try late.decode(ShopResult.self).shop.deposit.balanceCents == 100_000)
            // The same payment under a new key is caught by its reference.
            let sameReference = try await client.call(
                .post, "/api/v1/shops/\(id)/deposit/payments", token: TestWorld.systemToken, json: payment, idempotencyKey: "pay-78")
            #expect(sameReference.status == .conflict)
            #expect(sameReference.problem?.type == "/problems/duplicate-payment")
            let history = try await client.call(.get, "/api/v1/shops/\(id)/history", token: TestWorld.merchantAToken).decode(History.self)
            #expect(history.events.filter { $0.type == "depositPaid" }.count == 2)  // bank-77 once, bank-79 once
        }
    }

    @Test("an expelled subject is barred for good; a closed one waits 6 months", arguments: StoreKind.available)
    func reentry(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            let expelled = try await client.openShop(name: "甲店", subjectKey: "92330106MA2H0XY017")
            let expel = try await client.call(
                .post, "/api/v1/shops/\(expelled.shop.id)/expel", token: TestWorld.adminToken, json: #"{"reason":"资质造假"}"#)
            let afterExpel = try expel.decode(ShopResult.self).shop
            #expect(afterExpel.status == "expelled")
            #expect(afterExpel.deposit.balanceCents == 0)
            #expect(afterExpel.deposit.forfeitedCents == 200_000)
            world.clock.advance(by: 5 * 365 * 86_400)
            let comeback = try await client.call(
                .post, "/api/v1/shops", token: TestWorld.merchantBToken, body: Applications.ordinary(name: "乙店", subjectKey: "92330106MA2H0XY017"))
            #expect(comeback.status == .forbidden)
            #expect(comeback.problem?.type == "/problems/subject-barred")

            let closed = try await client.openShop(name: "丙店", subjectKey: "91440300MA5DC6QX1K")
            let close = try await client.call(.post, "/api/v1/shops/\(closed.shop.id)/close", token: TestWorld.merchantAToken)
            let reopenFrom = try #require(try close.decode(ShopResult.self).shop.reopenAllowedFrom)
            let tooSoon = try await client.call(
                .post, "/api/v1/shops", token: TestWorld.merchantAToken, body: Applications.ordinary(name: "丁店", subjectKey: "91440300MA5DC6QX1K"))
            #expect(tooSoon.status == .forbidden)
            #expect(tooSoon.problem?.type == "/problems/subject-cooling-down")
            world.clock.set(reopenFrom)
            let later = try await client.call(
                .post, "/api/v1/shops", token: TestWorld.merchantAToken, body: Applications.ordinary(name: "丁店", subjectKey: "91440300MA5DC6QX1K"))
            #expect(later.status == .created)
            // The closed shop's name is free again.
            let reuse = try await client.call(
                .post, "/api/v1/shops", token: TestWorld.merchantBToken, body: Applications.ordinary(name: "丙店", subjectKey: "91110000MA01ABCD2Q"))
            #expect(reuse.status == .created)
        }
    }

    @Test(arguments: StoreKind.available) func healthMetricsAndOpenAPIAreServed(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            let health = try await client.call(.get, "/health", token: nil)
            #expect(health.status == .ok)
            #expect(health.text.contains(#""status":"ok""#))
            _ = try await client.call(.get, "/api/v1/shops", token: TestWorld.reviewerToken)
            let metrics = try await client.call(.get, "/metrics", token: nil)
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains(#"warden_http_requests_total{method="GET",route="/api/v1/shops",status="200"} 1"#))
            #expect(metrics.text.contains("# HELP warden_http_requests_total HTTP requests answered"))
            #expect(metrics.text.contains("# HELP warden_http_request_duration_seconds Time to answer"))
            let openapi = try await client.call(.get, "/openapi.json", token: nil)
            #expect(openapi.status == .ok)
            #expect(openapi.text.contains("\"openapi\""))
        }
    }
}

/// Small conveniences of the API that clients rely on.
@Suite struct ConveniencesHTTPTests {
    @Test(arguments: StoreKind.available) func optionalListsMayBeLeftOutAndApproveNeedsNoBody(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            let json = """
                {"subject":{"type":"individual","name":"李四","idNumber":"11010519491231002X","legalRepresentative":"李四",
                "phone":"13900139000","address":"北京市西城区金融大街1号","bankAccount":"6222020200112233445"},
                "shopType":"ordinary","shopName":"李四杂货店","mainCategory":"home","channels":["douyin"]}
                """
            let created = try await client.call(.post, "/api/v1/shops", token: TestWorld.merchantAToken, json: json)
            #expect(created.status == .created, "\(created.text)")
            let id = try created.decode(ShopResult.self).shop.id
            _ = try await client.call(.post, "/api/v1/shops/\(id)/submit", token: TestWorld.merchantAToken)
            let approved = try await client.call(.post, "/api/v1/shops/\(id)/approve", token: TestWorld.reviewerToken)
            #expect(approved.status == .ok, "\(approved.text)")
            // The bearer scheme is case-insensitive, and a 401 says how to authenticate.
            let lower = try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "bearer \(TestWorld.adminToken)"])
            #expect(lower.status == .ok)
            let anonymous = try await client.call(.get, "/api/v1/me", token: nil)
            #expect(anonymous.headers[.wwwAuthenticate] == #"Bearer realm="warden""#)
        }
    }

    @Test(arguments: StoreKind.available) func anApplicationMayBeWithdrawnWithoutACooldown(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            let id = try await client.call(.post, "/api/v1/shops", token: TestWorld.merchantAToken, body: Applications.ordinary(name: "撤回店"))
                .decode(ShopResult.self).shop.id
            let withdrawn = try await client.call(.post, "/api/v1/shops/\(id)/close", token: TestWorld.merchantAToken)
            #expect(try withdrawn.decode(ShopResult.self).shop.status == "closed")
            // Same subject, same name, right away: no cooldown and the name is free.
            let again = try await client.call(.post, "/api/v1/shops", token: TestWorld.merchantAToken, body: Applications.ordinary(name: "撤回店"))
            #expect(again.status == .created, "\(again.text)")
        }
    }
}
