import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WardenCore
import WardenServer

/// Background jobs run by the application's own job runner, driven by a clock the test moves.
@Suite struct JobsHTTPTests {
    @Test("a suspension lifts by itself when its end passes, and the history shows it", arguments: StoreKind.available)
    func suspensionLiftsByTheJob(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            let id = try await client.openShop().shop.id
            let until = TestWorld.start.addingTimeInterval(3 * 86_400)
            let suspend = try await client.call(
                .post, "/api/v1/shops/\(id)/suspend", token: TestWorld.reviewerToken,
                json: #"{"until":"\#(until.formatted(.iso8601))","reason":"售假嫌疑 / suspected counterfeit"}"#)
            #expect(try suspend.decode(ShopResult.self).shop.status == "suspended")

            // Nothing happens before the end, however long the runner polls.
            world.clock.advance(by: 3 * 86_400 - 1)
            try await Task.sleep(for: .milliseconds(200))
            #expect(
                try await client.call(.get, "/api/v1/shops/\(id)", token: TestWorld.merchantAToken).decode(ShopResult.Shop.self).status == "suspended"
            )

            world.clock.advance(by: 1)
            let status = try await waitFor(timeout: .seconds(10)) {
                let shop = try await client.call(.get, "/api/v1/shops/\(id)", token: TestWorld.merchantAToken).decode(ShopResult.Shop.self)
                return shop.status == "open" ? shop.status : nil
            }
            #expect(status == "open")
            let history = try await client.call(.get, "/api/v1/shops/\(id)/history", token: TestWorld.merchantAToken).decode(History.self)
            let lifted = try #require(history.events.last)
            #expect(lifted.type == "suspensionLifted")
            #expect(lifted.principal == "system")
            #expect(lifted.role == "system")
            #expect(lifted.idempotencyKey.hasPrefix("job:liftSuspension:"))
        }
    }

    @Test("the deposit is refunded after the holding period that follows a voluntary exit", arguments: StoreKind.available)
    func refundAfterExit(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            let id = try await client.openShop().shop.id
            let closed = try await client.call(.post, "/api/v1/shops/\(id)/close", token: TestWorld.merchantAToken)
            #expect(try closed.decode(ShopResult.self).shop.status == "closed")
            world.clock.advance(by: 30 * 86_400)
            let refunded = try await waitFor(timeout: .seconds(10)) {
                let shop = try await client.call(.get, "/api/v1/shops/\(id)", token: TestWorld.merchantAToken).decode(ShopResult.Shop.self)
                return shop.deposit.refundedCents > 0 ? shop.deposit : nil
            }
            #expect(refunded?.refundedCents == 200_000)
            #expect(refunded?.balanceCents == 0)
            // Once: more polling changes nothing.
            try await Task.sleep(for: .milliseconds(200))
            let history = try await client.call(.get, "/api/v1/shops/\(id)/history", token: TestWorld.merchantAToken).decode(History.self)
            #expect(history.events.filter { $0.type == "depositRefunded" }.count == 1)
        }
    }
}

/// Polls `probe` until it returns a value or `timeout` passes.
func waitFor<T: Sendable>(timeout: Duration, _ probe: () async throws -> T?) async throws -> T? {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if let value = try await probe() { return value }
        try await Task.sleep(for: .milliseconds(25))
    }
    return nil
}
