import Foundation
import Testing
import WardenCore
import WardenStore
import WardenStorePostgres
import WardenStoreTesting

/// Several stores on one database, as several Warden processes would be: each has its own pool.
@Suite(.enabled(if: PostgresTestDatabase.enabled, "needs scripts/with-postgres.sh"))
struct PostgresConcurrencyTests {
    func stores(_ url: String, count: Int) throws -> [PostgresStore] {
        try (0..<count).map { _ in try PostgresStore(url: url, logger: PostgresTestDatabase.logger, maximumConnections: 8) }
    }

    @Test func twoProcessesMigratingAtOnceApplyEachMigrationOnce() async throws {
        try await PostgresTestDatabase.withFresh { url in
            let (first, second) = try {
                let pair = try stores(url, count: 2)
                return (pair[0], pair[1])
            }()
            try await first.withRunning { first in
                try await second.withRunning { second in
                    async let a: Void = first.migrate()
                    async let b: Void = second.migrate()
                    _ = try await (a, b)
                    _ = try await first.append(try StoreFixtures.draftCommit(ShopID(rawValue: "shop_m"), name: "迁移店"))
                    #expect(try await second.shop(ShopID(rawValue: "shop_m")) != nil)
                }
            }
        }
    }

    @Test func concurrentAppendsToOneStreamNeverLoseAnUpdate() async throws {
        try await PostgresTestDatabase.withFresh { url in
            let pair = try stores(url, count: 2)
            try await pair[0].withRunning { first in
                try await pair[1].withRunning { second in
                    try await first.migrate()
                    let id = ShopID(rawValue: "shop_race")
                    _ = try await first.append(try StoreFixtures.draftCommit(id, name: "竞争店"))
                    let shop = try #require(try await first.shop(id))
                    _ = try await first.append(StoreFixtures.commit(StoreFixtures.openingEvents(), to: shop, key: "open"))
                    // 40 writers, each reading then appending a payment with its own reference, retrying on conflict.
                    let applied = try await withThrowingTaskGroup(of: Int.self) { group in
                        for writer in 0..<40 {
                            let store: PostgresStore = writer.isMultiple(of: 2) ? first : second
                            group.addTask {
                                var conflicts = 0
                                while true {
                                    let current = try #require(try await store.shop(id))
                                    let event = ShopEvent.depositPaid(DepositPaid(amount: .yuan(1), reference: "w\(writer)"))
                                    do {
                                        _ = try await store.append(StoreFixtures.commit([event], to: current, key: "pay-\(writer)"))
                                        return conflicts
                                    } catch let error as StoreError {
                                        guard case .versionConflict = error else { throw error }
                                        conflicts += 1
                                    }
                                }
                            }
                        }
                        var conflicts = 0
                        for try await count in group { conflicts += count }
                        return conflicts
                    }
                    let final = try #require(try await second.shop(id))
                    #expect(final.deposit.balance == .yuan(2_000 + 40))
                    #expect(final.deposit.paidIn == .yuan(2_000 + 40))
                    #expect(try await first.history(of: id).map(\.version) == Array(1...(6 + 40)))
                    #expect(applied >= 0)
                }
            }
        }
    }

    @Test func jobsAreClaimedByOneProcessAndTakenOverWhenItDies() async throws {
        try await PostgresTestDatabase.withFresh { url in
            let pair = try stores(url, count: 2)
            try await pair[0].withRunning { first in
                try await first.migrate()
                let until = StoreFixtures.now.addingTimeInterval(60)
                for index in 0..<30 {
                    let id = ShopID(rawValue: "shop_j\(index)")
                    _ = try await first.append(try StoreFixtures.draftCommit(id, name: "任务店\(index)"))
                    var shop = try #require(try await first.shop(id))
                    _ = try await first.append(StoreFixtures.commit(StoreFixtures.openingEvents(), to: shop, key: "open"))
                    shop = try #require(try await first.shop(id))
                    _ = try await first.append(
                        StoreFixtures.commit([.shopSuspended(ShopSuspended(until: until, reason: "t"))], to: shop, key: "suspend"))
                }
                // Two processes claim at once: every job goes to exactly one of them.
                let claims = try await pair[1].withRunning { second in
                    async let a = first.claimDueJobs(now: until, worker: "process-a", lease: 30, limit: 20)
                    async let b = second.claimDueJobs(now: until, worker: "process-b", lease: 30, limit: 20)
                    return try await (a, b)
                }
                let ids = claims.0.map(\.id) + claims.1.map(\.id)
                #expect(ids.count == 30)
                #expect(Set(ids).count == 30)
                // Process B stopped (its pool is gone) without completing: after the lease, A takes its jobs.
                for job in claims.0 { try await first.completeJob(job.id, worker: "process-a", at: until) }
                #expect(try await first.claimDueJobs(now: until.addingTimeInterval(10), worker: "process-a", lease: 30, limit: 50).isEmpty)
                let takenOver = try await first.claimDueJobs(now: until.addingTimeInterval(31), worker: "process-a", lease: 30, limit: 50)
                #expect(Set(takenOver.map(\.id)) == Set(claims.1.map(\.id)))
            }
        }
    }
}
