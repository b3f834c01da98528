import Foundation
import Testing
import WardenCore
import WardenStore
import WardenStorePostgres
import WardenStoreTesting

/// The store contract, run against a real PostgreSQL server, each case in a fresh database.
@Suite(.enabled(if: PostgresTestDatabase.enabled, "needs scripts/with-postgres.sh"))
struct PostgresContractTests {
    @Test(arguments: StoreContract.cases)
    func contract(_ contract: StoreContract) async throws {
        try await PostgresTestDatabase.withFresh { url in
            let store = try PostgresStore(url: url, logger: PostgresTestDatabase.logger)
            try await store.withRunning { store in
                try await store.migrate()
                try await contract.run(store)
            }
        }
    }
}
