import Foundation
import Testing
import WardenStore
import WardenStoreSQLite
import WardenStoreTesting

/// The store contract, run against a real SQLite file in a fresh temporary directory per case.
@Suite struct SQLiteContractTests {
    @Test(arguments: StoreContract.cases)
    func contract(_ contract: StoreContract) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-sqlite-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("warden.sqlite").path)
        try await store.migrate()
        try await contract.run(store)
    }
}
