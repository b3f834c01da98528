import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WardenCore
import WardenServer
import WardenStore

/// Backtesting: replaying the recorded violations under a rulebook, on both stores.
@Suite struct BacktestTests {
    @Test(arguments: StoreKind.available)
    func replayingUnderTheLiveRulebookChangesNothingAndACandidateShowsItsEffect(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        let (harmed, misplaced) = try await world.application.test(.live) { client in
            let harmed = try await client.openShop(name: "损害店", subjectKey: "92330106MA2H0XY017").shop.id
            let misplaced = try await client.openShop(name: "错放店", subjectKey: "91440300MA5DC6QX1K").shop.id
            _ = try await client.openShop(name: "守规店", subjectKey: "91110000MA01ABCD2Q")
            for index in 1...2 {
                let response = try await client.call(
                    .post, "/api/v1/shops/\(harmed)/violations", token: TestWorld.reviewerToken,
                    json: #"{"id":"h\#(index)","type":"consumer-harm","evidence":[]}"#)
                #expect(response.status == .ok)
                world.clock.advance(by: 3_600)
            }
            // Suspended by a reviewer; the job lifts it in the live history.
            let until = world.clock.now.addingTimeInterval(86_400)
            _ = try await client.call(
                .post, "/api/v1/shops/\(harmed)/suspend", token: TestWorld.reviewerToken,
                json: #"{"until":"\#(Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(until))","reason":"测试"}"#)
            world.clock.set(until)
            _ = try await waitFor(timeout: .seconds(10)) {
                let shop = try await client.call(.get, "/api/v1/shops/\(harmed)", token: TestWorld.reviewerToken).decode(ShopResult.Shop.self)
                return shop.status == "open" ? true : nil
            }
            let expelled = try await client.call(
                .post, "/api/v1/shops/\(misplaced)/violations", token: TestWorld.reviewerToken,
                json: #"{"id":"m1","type":"wrong-category","evidence":["二手车"]}"#)
            #expect(try expelled.decode(ShopResult.self).shop.status == "expelled")
            return (harmed, misplaced)
        }
        let backtest = PolicyBacktest(store: world.store, categories: world.dependencies.categories)
        let now = world.clock.now

        let same = try await backtest.run(rulebooks: try await world.dependencies.rulebooks.registry(), at: now)
        #expect(same.shopsReplayed == 3)
        #expect(same.differences.isEmpty, "\(same.differences)")

        // A stricter candidate: consumer harm costs 12 points; wrong category is only 6 points.
        var candidate = world.dependencies.rulebooks.seed
        candidate.version = "candidate"
        let harm = try #require(candidate.violations.firstIndex { $0.code == "consumer-harm" })
        candidate.violations[harm].points = 12
        let wrong = try #require(candidate.violations.firstIndex { $0.code == "wrong-category" })
        candidate.violations[wrong].ledger = "points"
        candidate.violations[wrong].points = 6
        candidate.violations[wrong].deposit = nil
        candidate.violations[wrong].sanctions = []
        let stricter = try await backtest.run(rulebook: candidate, at: now)
        let byShop = Dictionary(stricter.differences.map { ($0.shop.rawValue, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byShop[harmed]?.live.points["points"] == 8)
        #expect(byShop[harmed]?.candidate.points["points"] == 24)
        #expect(byShop[misplaced]?.live.status == .expelled)
        #expect(byShop[misplaced]?.candidate.status == .open)
        #expect(byShop[misplaced]?.candidate.balance == .yuan(2_000))
        #expect(stricter.differences.count == 2)
        #expect(stricter.statusChanges == [.open: 1])

        // Live state is untouched, and re-deciding only later violations changes nothing here.
        #expect(try await ProjectionRebuilder(store: world.store).rebuild(write: false).isIdentical)
        #expect(try await backtest.run(rulebook: candidate, since: now.addingTimeInterval(1), at: now).differences.isEmpty)

        // The same over HTTP, for admins only; a broken rulebook is a 422 naming its line and key.
        try await world.application.test(.live) { client in
            let yaml = try String(contentsOfFile: "rulebooks/tiktok-shop-ph.yaml", encoding: .utf8)
            let byReviewer = try await client.call(.post, "/api/v1/admin/replay", token: TestWorld.reviewerToken, json: yaml)
            #expect(byReviewer.status == .forbidden)
            let replayed = try await client.call(.post, "/api/v1/admin/replay", token: TestWorld.adminToken, json: yaml)
            #expect(replayed.status == .ok, "\(replayed.text)")
            #expect(replayed.text.contains(#""version":"example-tiktok-shop-ph-2025""#))
            #expect(replayed.text.contains(#""shopsReplayed":3"#))
            let broken = try await client.call(
                .post, "/api/v1/admin/replay", token: TestWorld.adminToken, json: yaml.replacingOccurrences(of: "points: 48", with: "points: many"))
            #expect(broken.status == .unprocessableContent)
            #expect(broken.problem?.type == "/problems/invalid-rulebook")
            #expect(broken.problem?.errors?.first?.field.hasPrefix("violations[0].points") == true)
        }
    }
}
