import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WardenCore
import WardenServer
import WardenStore
import WardenStoreSQLite

/// The projections are a function of the log: rebuilding them gives the same values.
@Suite struct RebuildTests {
    @Test(arguments: StoreKind.available) func rebuildingReproducesEveryProjection(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        let seeded = try await DemoMarketplace(shops: world.dependencies.shopService).seed()
        #expect(seeded.count == 6)
        try await world.application.test(.live) { client in
            let open = try await client.openShop(name: "重建店")
            _ = try await client.call(.post, "/api/v1/shops/\(open.shop.id)/rename", token: TestWorld.merchantAToken, json: #"{"name":"重建二店"}"#)
            _ = try await client.call(
                .post, "/api/v1/shops/\(open.shop.id)/restrict", token: TestWorld.reviewerToken,
                json: #"{"rights":["withdrawFunds","publishListings"],"reason":"x"}"#)
            _ = try await client.call(.post, "/api/v1/shops/\(open.shop.id)/close", token: TestWorld.reviewerToken)
            _ = try await client.call(.post, "/api/v1/shops/\(open.shop.id)/expel", token: TestWorld.adminToken, json: #"{"reason":"x"}"#)
        }
        let rebuilder = ProjectionRebuilder(store: world.store)
        let report = try await rebuilder.rebuild(write: false)
        #expect(report.isIdentical, "mismatched: \(report.mismatched)")
        #expect(report.shops == 5)
        #expect(report.principals == 5 + 6)

        // A damaged projection is found, and a rebuild with writing repairs it.
        var shops = try await world.store.allShops()
        let before = shops
        shops[0].status = .open
        shops[0].deposit.balance = .yuan(999_999)
        try await world.store.replaceProjections(
            shops: shops, principals: try await world.store.allPrincipals(), listings: try await world.store.allListings())
        let damaged = try await rebuilder.rebuild(write: true)
        #expect(damaged.mismatched == [before[0].id.rawValue])
        #expect(try await world.store.allShops() == before)
        #expect(try await rebuilder.rebuild(write: false).isIdentical)
    }
}
