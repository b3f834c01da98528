import Foundation
import GRDB
import Testing

@testable import WardenStoreSQLite

/// The durability a store is opened with is the one its writer commits with.
@Suite struct SQLiteDurabilityTests {
    @Test(arguments: [(SQLiteDurability.processCrash, 1), (.powerLoss, 2)])
    func writerCommitsWithTheChosenSynchronousLevel(_ durability: SQLiteDurability, level: Int) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-sqlite-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("warden.sqlite").path, durability: durability)
        try await store.migrate()
        // SQLite's levels: 1 is NORMAL, 2 is FULL.
        let synchronous = try await store.pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(synchronous == level)
        let journal = try await store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }
}
