import Logging
import PostgresNIO

/// The PostgreSQL schema, as named migrations that are frozen once landed.
///
/// `migrate` takes a transaction-scoped advisory lock first, so two Warden processes starting
/// at once apply each migration once: the second waits, then finds it recorded.
enum PostgresSchema {
    /// An arbitrary constant identifying Warden's migration lock.
    static let migrationLock: Int64 = 7_262_001

    static let migrations: [(name: String, statements: [String])] = [
        (
            "v1-event-log",
            [
                """
                CREATE TABLE events (
                    position BIGSERIAL PRIMARY KEY,
                    stream_kind TEXT NOT NULL,
                    stream_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    recorded_at BIGINT NOT NULL,
                    principal TEXT NOT NULL,
                    role TEXT NOT NULL,
                    idempotency_key TEXT NOT NULL,
                    reason TEXT,
                    rule_version TEXT,
                    request_id TEXT,
                    CONSTRAINT events_stream_version UNIQUE (stream_kind, stream_id, version)
                )
                """,
                """
                CREATE TABLE commits (
                    stream_kind TEXT NOT NULL,
                    stream_id TEXT NOT NULL,
                    idempotency_key TEXT NOT NULL,
                    first_version INTEGER NOT NULL,
                    last_version INTEGER NOT NULL,
                    CONSTRAINT commits_key PRIMARY KEY (stream_kind, stream_id, idempotency_key)
                )
                """,
                """
                CREATE TABLE shops (
                    id TEXT PRIMARY KEY,
                    owner TEXT NOT NULL,
                    status TEXT NOT NULL,
                    subject_key TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    state TEXT NOT NULL
                )
                """,
                "CREATE INDEX shops_owner ON shops (owner, id)",
                "CREATE INDEX shops_status ON shops (status, id)",
                "CREATE INDEX shops_subject ON shops (subject_key)",
                "CREATE TABLE name_claims (name_key TEXT PRIMARY KEY, shop_id TEXT NOT NULL)",
                """
                CREATE TABLE principals (
                    id TEXT PRIMARY KEY,
                    token_hash TEXT NOT NULL UNIQUE,
                    version INTEGER NOT NULL,
                    state TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE jobs (
                    id TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    shop_id TEXT NOT NULL,
                    due_at BIGINT NOT NULL,
                    locked_by TEXT,
                    locked_until BIGINT,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    completed_at BIGINT,
                    last_error TEXT
                )
                """,
                "CREATE INDEX jobs_due ON jobs (due_at) WHERE completed_at IS NULL",
            ]
        ),
        (
            "v2-unique-facts",
            [
                "CREATE TABLE unique_facts (scope TEXT NOT NULL, key TEXT NOT NULL, stream_id TEXT NOT NULL, PRIMARY KEY (scope, key))"
            ]
        ),
        (
            "v3-unique-facts-backfill",
            [
                // Payments recorded before unique_facts existed count as recorded.
                """
                INSERT INTO unique_facts (scope, key, stream_id)
                SELECT 'deposit-payment', stream_id || ':' || (payload::json -> 'data' ->> 'reference'), stream_id
                FROM events WHERE stream_kind = 'shop' AND type = 'depositPaid'
                ON CONFLICT DO NOTHING
                """
            ]
        ),
        (
            "v4-listings",
            [
                """
                CREATE TABLE listings (
                    id TEXT PRIMARY KEY,
                    shop_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    state TEXT NOT NULL
                )
                """,
                "CREATE INDEX listings_shop ON listings (shop_id, id)",
                "CREATE INDEX listings_status ON listings (status, id)",
            ]
        ),
    ]

    /// Applies every migration not yet recorded, under the advisory lock.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                logger: logger)
            var applied: Set<String> = []
            for try await name in try await connection.query("SELECT name FROM schema_migrations", logger: logger).decode(String.self) {
                applied.insert(name)
            }
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO schema_migrations (name) VALUES (\(migration.name))", logger: logger)
                logger.info("applied migration", metadata: ["migration": "\(migration.name)"])
            }
        }
    }
}
