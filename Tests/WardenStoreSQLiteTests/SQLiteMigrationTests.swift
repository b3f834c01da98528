import Foundation
import GRDB
import Testing
import WardenCore
import WardenStore

@testable import WardenStoreSQLite

/// Migrations that move rows keep every one of them.
@Suite struct SQLiteMigrationTests {
    @Test func commitsAndJobsMoveIntoTheirKeysWithEveryRow() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-sqlite-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("warden.sqlite").path
        // A database as the release before v7 left it, with rows in both tables.
        let before = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(before, upTo: "v6-shop-version-from-events")
        let commits: [[String?]] = [["shop", "shop_a", "k1", "1", "3"], ["principal", "usr_a", "k2", "1", "1"]]
        let jobs: [[String?]] = [
            ["j1", "liftSuspension", "shop_a", "100", "worker-1", "200", "2", nil, "boom"],
            ["j2", "enforceTopUpDeadline", "shop_b", "50", nil, nil, "0", "60", nil],
        ]
        try await before.write { db in
            for row in commits { try db.execute(sql: "INSERT INTO commits VALUES (?, ?, ?, ?, ?)", arguments: StatementArguments(row)) }
            for row in jobs {
                try db.execute(
                    sql: """
                        INSERT INTO jobs (id, kind, shop_id, due_at, locked_by, locked_until, attempts, completed_at, last_error)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: StatementArguments(row))
            }
        }
        try before.close()

        let store = try SQLiteStore(path: path)
        try await store.migrate()
        #expect(
            try await store.committedKeys([ShopCommitKey(shop: ShopID(rawValue: "shop_a"), idempotencyKey: "k1")])
                == [ShopCommitKey(shop: ShopID(rawValue: "shop_a"), idempotencyKey: "k1")])

        let after = try DatabaseQueue(path: path)
        defer { try? after.close() }
        try await after.read { db in
            let keptCommits = try Row.fetchAll(
                db,
                sql: """
                    SELECT stream_kind, stream_id, idempotency_key, CAST(first_version AS TEXT), CAST(last_version AS TEXT)
                    FROM commits ORDER BY stream_kind DESC
                    """
            ).map { row in
                (0..<5).map { row[$0] as String? }
            }
            #expect(keptCommits == commits)
            let keptJobs = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, kind, shop_id, CAST(due_at AS TEXT), locked_by, CAST(locked_until AS TEXT), CAST(attempts AS TEXT),
                        CAST(completed_at AS TEXT), last_error
                    FROM jobs ORDER BY id
                    """
            ).map { row in (0..<9).map { row[$0] as String? } }
            #expect(keptJobs == jobs)
            for table in ["commits", "jobs"] {
                let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table])
                #expect(sql?.hasSuffix("WITHOUT ROWID") == true, "\(table): \(sql ?? "missing")")
            }
            #expect(try String.fetchOne(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'jobs_due'") == "jobs_due")
        }
    }
}
