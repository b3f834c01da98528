import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WardenCore
import WardenServer

/// A merchant can never read or change another merchant's shop: every shop route, tried by
/// merchant B on merchant A's shop, answers 404 and writes nothing.
@Suite struct AuthorizationHTTPTests {
    /// Every shop route with a body that would be valid for its owner or for staff.
    static let shopRoutes: [(HTTPRequest.Method, String, String?)] = [
        (.get, "", nil),
        (.get, "/history", nil),
        (.put, "/application", nil),
        (.post, "/submit", nil),
        (.post, "/approve", "{}"),
        (.post, "/reject", #"{"reasons":["x"]}"#),
        (.post, "/contract", #"{"contractVersion":"1"}"#),
        (.post, "/deposit/payments", #"{"amountCents":100,"reference":"intruder"}"#),
        (.post, "/rename", #"{"name":"抢来的店"}"#),
        (.post, "/restrict", #"{"rights":["joinCampaigns"],"reason":"x"}"#),
        (.post, "/restriction/lift", nil),
        (.post, "/suspend", #"{"until":"2030-01-01T00:00:00Z","reason":"x"}"#),
        (.post, "/suspension/lift", nil),
        (.post, "/close", nil),
        (.post, "/expel", #"{"reason":"x"}"#),
        (.post, "/violations", #"{"id":"v1","type":"consumer-harm","evidence":[]}"#),
        (.get, "/standing", nil),
    ]

    @Test(arguments: StoreKind.available) func anotherMerchantsShopDoesNotExistForYou(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            let shop = try await client.openShop()
            let id = shop.shop.id
            let application = String(decoding: try JSONEncoder().encode(Applications.ordinary(name: "抢来的店")), as: UTF8.self)
            for (method, suffix, body) in Self.shopRoutes {
                let json = suffix == "/application" ? application : body
                let response = try await client.call(method, "/api/v1/shops/\(id)\(suffix)", token: TestWorld.merchantBToken, json: json)
                #expect(response.status == .notFound, "\(method) \(suffix): \(response.status) \(response.text)")
                #expect(response.problem?.type == "/problems/not-found", "\(method) \(suffix)")
            }
            let list = try await client.call(.get, "/api/v1/shops", token: TestWorld.merchantBToken).decode(ShopList.self)
            #expect(list.shops.isEmpty)
            let history = try await client.call(.get, "/api/v1/shops/\(id)/history", token: TestWorld.merchantAToken).decode(History.self)
            #expect(history.events.count == shop.shop.version)
            #expect(history.events.allSatisfy { $0.principal != TestWorld.merchantB.rawValue })
        }
    }

    @Test(arguments: StoreKind.available) func staffAndOwnersSeeWhatTheirRoleAllows(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            let id = try await client.openShop().shop.id
            for token in [TestWorld.merchantAToken, TestWorld.reviewerToken, TestWorld.adminToken, TestWorld.systemToken] {
                #expect(try await client.call(.get, "/api/v1/shops/\(id)", token: token).status == .ok)
            }
            // Owner-only commands are forbidden to staff; staff-only commands to the owner.
            let staffClose = try await client.call(.post, "/api/v1/shops/\(id)/close", token: TestWorld.reviewerToken)
            #expect(staffClose.status == .forbidden)
            let ownerSuspend = try await client.call(
                .post, "/api/v1/shops/\(id)/suspend", token: TestWorld.merchantAToken, json: #"{"until":"2030-01-01T00:00:00Z","reason":"x"}"#)
            #expect(ownerSuspend.status == .forbidden)
            let systemExpel = try await client.call(.post, "/api/v1/shops/\(id)/expel", token: TestWorld.systemToken, json: #"{"reason":"x"}"#)
            #expect(systemExpel.status == .forbidden)
            // Only admins issue accounts.
            let byReviewer = try await client.call(
                .post, "/api/v1/principals", token: TestWorld.reviewerToken, json: #"{"role":"admin","name":"sneaky"}"#)
            #expect(byReviewer.status == .forbidden)
            let issued = try await client.call(
                .post, "/api/v1/principals", token: TestWorld.adminToken, json: #"{"role":"merchant","name":"新商家"}"#)
            #expect(issued.status == .created)
            struct Issued: Decodable {
                var id: String
                var token: String
            }
            let account = try issued.decode(Issued.self)
            let me = try await client.call(.get, "/api/v1/me", token: account.token)
            #expect(me.status == .ok)
            #expect(me.text.contains(account.id))
            #expect(try await client.call(.get, "/api/v1/shops", token: account.token).decode(ShopList.self).shops.isEmpty)
        }
    }
}
