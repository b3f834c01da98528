import GRDB

/// The SQLite schema, as named migrations that are frozen once landed.
///
/// Migrations never import app types: they speak SQL only, so an old migration means today
/// what it meant the day it shipped.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-event-log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE events (
                        position INTEGER PRIMARY KEY AUTOINCREMENT,
                        stream_kind TEXT NOT NULL,
                        stream_id TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        type TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        recorded_at INTEGER NOT NULL,
                        principal TEXT NOT NULL,
                        role TEXT NOT NULL,
                        idempotency_key TEXT NOT NULL,
                        reason TEXT,
                        rule_version TEXT,
                        request_id TEXT,
                        UNIQUE (stream_kind, stream_id, version)
                    );
                    CREATE TABLE commits (
                        stream_kind TEXT NOT NULL,
                        stream_id TEXT NOT NULL,
                        idempotency_key TEXT NOT NULL,
                        first_version INTEGER NOT NULL,
                        last_version INTEGER NOT NULL,
                        PRIMARY KEY (stream_kind, stream_id, idempotency_key)
                    );
                    CREATE TABLE shops (
                        id TEXT PRIMARY KEY,
                        owner TEXT NOT NULL,
                        status TEXT NOT NULL,
                        subject_key TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        state TEXT NOT NULL
                    );
                    CREATE INDEX shops_owner ON shops (owner, id);
                    CREATE INDEX shops_status ON shops (status, id);
                    CREATE INDEX shops_subject ON shops (subject_key);
                    CREATE TABLE name_claims (
                        name_key TEXT PRIMARY KEY,
                        shop_id TEXT NOT NULL
                    );
                    CREATE TABLE principals (
                        id TEXT PRIMARY KEY,
                        token_hash TEXT NOT NULL UNIQUE,
                        version INTEGER NOT NULL,
                        state TEXT NOT NULL
                    );
                    CREATE TABLE jobs (
                        id TEXT PRIMARY KEY,
                        kind TEXT NOT NULL,
                        shop_id TEXT NOT NULL,
                        due_at INTEGER NOT NULL,
                        locked_by TEXT,
                        locked_until INTEGER,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        completed_at INTEGER,
                        last_error TEXT
                    );
                    CREATE INDEX jobs_due ON jobs (completed_at, due_at);
                    """)
        }
        migrator.registerMigration("v2-unique-facts") { db in
            try db.execute(
                sql: "CREATE TABLE unique_facts (scope TEXT NOT NULL, key TEXT NOT NULL, stream_id TEXT NOT NULL, PRIMARY KEY (scope, key))")
        }
        migrator.registerMigration("v3-unique-facts-backfill") { db in
            // Payments recorded before unique_facts existed count as recorded.
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO unique_facts (scope, key, stream_id)
                    SELECT 'deposit-payment', stream_id || ':' || json_extract(payload, '$.data.reference'), stream_id
                    FROM events WHERE stream_kind = 'shop' AND type = 'depositPaid'
                    """)
        }
        migrator.registerMigration("v4-shop-snapshots") { db in
            // The stored state is a snapshot taken at state_version; the events after it are
            // folded on read (decision 0023).
            try db.execute(
                sql: """
                    ALTER TABLE shops ADD COLUMN state_version INTEGER NOT NULL DEFAULT 0;
                    UPDATE shops SET state_version = version;
                    """)
        }
        migrator.registerMigration("v5-listings") { db in
            try db.execute(
                sql: """
                    CREATE TABLE listings (
                        id TEXT PRIMARY KEY,
                        shop_id TEXT NOT NULL,
                        status TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        state TEXT NOT NULL
                    );
                    CREATE INDEX listings_shop ON listings (shop_id, id);
                    CREATE INDEX listings_status ON listings (status, id);
                    """)
        }
        migrator.registerMigration("v6-shop-version-from-events") { db in
            // A shop's version is its stream's last event version, read from the events index;
            // the row changes only when a queried column changes or a snapshot is taken (decision 0028).
            try db.execute(sql: "ALTER TABLE shops DROP COLUMN version")
        }
        migrator.registerMigration("v7-commits-and-jobs-without-rowid") { db in
            // Tables looked up only by their primary key keep their rows in it: one B-tree to
            // write a row into instead of a rowid table and an index (decision 0033).
            try db.execute(
                sql: """
                    CREATE TABLE commits_keyed (
                        stream_kind TEXT NOT NULL,
                        stream_id TEXT NOT NULL,
                        idempotency_key TEXT NOT NULL,
                        first_version INTEGER NOT NULL,
                        last_version INTEGER NOT NULL,
                        PRIMARY KEY (stream_kind, stream_id, idempotency_key)
                    ) WITHOUT ROWID;
                    INSERT INTO commits_keyed (stream_kind, stream_id, idempotency_key, first_version, last_version)
                        SELECT stream_kind, stream_id, idempotency_key, first_version, last_version FROM commits;
                    DROP TABLE commits;
                    ALTER TABLE commits_keyed RENAME TO commits;
                    CREATE TABLE jobs_keyed (
                        id TEXT PRIMARY KEY,
                        kind TEXT NOT NULL,
                        shop_id TEXT NOT NULL,
                        due_at INTEGER NOT NULL,
                        locked_by TEXT,
                        locked_until INTEGER,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        completed_at INTEGER,
                        last_error TEXT
                    ) WITHOUT ROWID;
                    INSERT INTO jobs_keyed (id, kind, shop_id, due_at, locked_by, locked_until, attempts, completed_at, last_error)
                        SELECT id, kind, shop_id, due_at, locked_by, locked_until, attempts, completed_at, last_error FROM jobs;
                    DROP TABLE jobs;
                    ALTER TABLE jobs_keyed RENAME TO jobs;
                    CREATE INDEX jobs_due ON jobs (completed_at, due_at);
                    """)
        }
        return migrator
    }
}
