import Foundation
import Logging
import PostgresNIO
import Testing
import WardenStorePostgres

/// Fresh databases on the throwaway cluster that `scripts/with-postgres.sh` starts.
///
/// The cluster's URL comes from `WARDEN_TEST_POSTGRES_URL`. Without it the PostgreSQL tests are
/// disabled, unless `WARDEN_REQUIRE_POSTGRES` is set (as `scripts/test.sh` and CI do), in which
/// case they fail rather than pass unseen.
enum PostgresTestDatabase {
    static let url = ProcessInfo.processInfo.environment["WARDEN_TEST_POSTGRES_URL"]
    static var enabled: Bool { url != nil || ProcessInfo.processInfo.environment["WARDEN_REQUIRE_POSTGRES"] != nil }

    static var logger: Logger {
        var logger = Logger(label: "warden.test.postgres")
        logger.logLevel = .error
        return logger
    }

    /// Creates a new empty database, runs `body` with its URL, and drops it.
    static func withFresh<T: Sendable>(_ body: (String) async throws -> T) async throws -> T {
        let admin = try #require(url, "WARDEN_TEST_POSTGRES_URL is not set: run the tests through scripts/with-postgres.sh")
        let name = "warden_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        try await execute("CREATE DATABASE \(name)", on: admin)
        let databaseURL = admin.replacingOccurrences(of: #"/[^/]*$"#, with: "/\(name)", options: .regularExpression)
        do {
            let result = try await body(databaseURL)
            try await execute("DROP DATABASE \(name) WITH (FORCE)", on: admin)
            return result
        } catch {
            try? await execute("DROP DATABASE \(name) WITH (FORCE)", on: admin)
            throw error
        }
    }

    static func execute(_ sql: String, on url: String) async throws {
        let client = PostgresClient(configuration: try PostgresClient.Configuration(url: url), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        }
    }
}
