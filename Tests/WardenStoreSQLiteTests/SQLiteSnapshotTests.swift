import Foundation
import Testing
import WardenCore
import WardenStore
import WardenStoreSQLite
import WardenStoreTesting

/// The shop snapshot (decision 0023): commits store the shop's state only every
/// `SQLiteStore.snapshotInterval` events, and a reader with a cold cache folds the rest.
@Suite struct SQLiteSnapshotTests {
    @Test func aColdReaderFoldsTheEventsAfterTheSnapshot() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-sqlite-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("warden.sqlite").path
        let writer = try SQLiteStore(path: path)
        try await writer.migrate()
        let id = ShopID(rawValue: "shop_snap")
        let draft = try StoreFixtures.draftCommit(id, name: "快照店")
        _ = try await writer.append(draft)
        var shop = draft.resulting
        let opening = StoreFixtures.commit(StoreFixtures.openingEvents(), to: shop, key: "open")
        _ = try await writer.append(opening)
        shop = opening.resulting
        // Enough one-event commits to pass two snapshots and stop between them.
        let payments = SQLiteStore.snapshotInterval * 2 + 5
        for number in 1...payments {
            let commit = StoreFixtures.commit(
                [.depositPaid(DepositPaid(amount: .yuan(10), reference: "top-\(number)"))], to: shop, key: "pay-\(number)")
            guard case .appended = try await writer.append(commit) else {
                Issue.record("payment \(number) was not appended")
                return
            }
            shop = commit.resulting
            // Another process reading at every step: between snapshots too.
            if number.isMultiple(of: 7) || number == payments {
                let reader = try SQLiteStore(path: path)
                #expect(try await reader.shop(id) == shop, "read after payment \(number)")
            }
        }
        #expect(shop.version % SQLiteStore.snapshotInterval != 0, "the last commit must leave the snapshot behind")
        let reader = try SQLiteStore(path: path)
        #expect(try await reader.shop(id) == shop)
        #expect(try await SQLiteStore(path: path).shops(ids: [id, ShopID(rawValue: "shop_none")]) == [id: shop])
        #expect(try await SQLiteStore(path: path).shops(ShopQuery()) == [shop])
        #expect(try await SQLiteStore(path: path).allShops() == [shop])
        #expect(shop.deposit.balance == .yuan(Int64(2_000 + 10 * payments)))
        let keys = [ShopCommitKey(shop: id, idempotencyKey: "pay-3"), ShopCommitKey(shop: id, idempotencyKey: "pay-none")]
        #expect(try await reader.committedKeys(keys) == [keys[0]])
    }
    @Test func aBatchWritesEachShopRowOnceAndAColdReaderAgrees() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-sqlite-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("warden.sqlite").path
        let writer = try SQLiteStore(path: path)
        try await writer.migrate()
        let id = ShopID(rawValue: "shop_batch_snap")
        let draft = try StoreFixtures.draftCommit(id, name: "批量快照店")
        var commits = [draft, StoreFixtures.commit(StoreFixtures.openingEvents(), to: draft.resulting, key: "open")]
        // Past a snapshot and stopping between two, all in one batch.
        for number in 1...(SQLiteStore.snapshotInterval + 5) {
            let shop = commits[commits.count - 1].resulting
            commits.append(
                StoreFixtures.commit([.depositPaid(DepositPaid(amount: .yuan(1), reference: "b-\(number)"))], to: shop, key: "pay-\(number)"))
        }
        let outcomes = try await writer.append(batch: commits)
        #expect(outcomes.allSatisfy { if case .appended = $0 { true } else { false } })
        let shop = commits[commits.count - 1].resulting
        #expect(shop.version % SQLiteStore.snapshotInterval != 0)
        let positions = outcomes.flatMap { outcome -> [Int64] in if case .appended(let recorded) = outcome { recorded.map(\.position) } else { [] } }
        #expect(positions == Array(1...Int64(shop.version)))
        let reader = try SQLiteStore(path: path)
        #expect(try await reader.shop(id) == shop)
        #expect(try await reader.history(of: id).map(\.event) == commits.flatMap(\.events))
    }
}
