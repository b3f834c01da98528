import Foundation
import GRDB
import WardenCore
import WardenStore

/// The kinds of stream the log holds.
enum StreamKind: String {
    case shop
    case principal
    case policy
    case listing
}

/// One aggregate's stream in the `events` table: versioned appends and idempotent commits.
struct Stream {
    let kind: StreamKind
    let id: String

    /// The events of the earlier commit with `key`, if there was one.
    func committedEvents<E: Decodable & Sendable>(_ db: Database, key: String) throws -> [RecordedEvent<E>]? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT first_version, last_version FROM commits WHERE stream_kind = ? AND stream_id = ? AND idempotency_key = ?"),
                arguments: [kind.rawValue, id, key])
        else { return nil }
        return try events(db, from: row["first_version"], through: row["last_version"])
    }

    /// Appends `events` after checking the stream is at `expectedVersion`.
    func append<E: Sendable>(
        _ db: Database, expectedVersion: Int, events: [(event: E, type: String, payload: String)], at instant: Date,
        metadata: EventMetadata
    ) throws -> [RecordedEvent<E>] {
        let current = try version(db)
        guard current == expectedVersion else {
            throw StoreError.versionConflict(stream: "\(kind.rawValue):\(id)", expected: expectedVersion, actual: current)
        }
        let recorded = try insert(db, after: expectedVersion, events: events, at: instant, metadata: metadata)
        guard try recordCommit(db, key: metadata.idempotencyKey, first: expectedVersion + 1, last: expectedVersion + events.count) else {
            throw StoreError.database("commit key \(metadata.idempotencyKey) of \(kind.rawValue):\(id) recorded twice")
        }
        return recorded
    }

    /// The stream's version: how many events it holds.
    func version(_ db: Database) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT MAX(version) FROM events WHERE stream_kind = ? AND stream_id = ?"), arguments: [kind.rawValue, id])
            ?? 0
    }

    /// Records that a commit with `key` appended versions `first...last`; false, writing
    /// nothing, when the stream already has a commit with that key.
    ///
    /// The `commits` primary key decides, so the check costs no read of its own.
    func recordCommit(_ db: Database, key: String, first: Int, last: Int) throws -> Bool {
        do {
            try db.cachedStatement(
                sql: "INSERT INTO commits (stream_kind, stream_id, idempotency_key, first_version, last_version) VALUES (?, ?, ?, ?, ?)"
            ).execute(arguments: [kind.rawValue, id, key, first, last])
            return true
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            return false
        }
    }

    /// Writes `events` as versions `expectedVersion + 1...`, checking nothing but the unique
    /// `(stream_kind, stream_id, version)` key: a version already taken is a version conflict.
    func insert<E: Sendable>(
        _ db: Database, after expectedVersion: Int, events: [(event: E, type: String, payload: String)], at instant: Date,
        metadata: EventMetadata
    ) throws -> [RecordedEvent<E>] {
        // One statement per hundred of the commit's events (a commit rarely has ten): SQLite gives
        // the rows of one statement consecutive positions.
        var recorded: [RecordedEvent<E>] = []
        recorded.reserveCapacity(events.count)
        for chunkStart in stride(from: 0, to: events.count, by: 100) {
            let chunk = events[chunkStart..<min(events.count, chunkStart + 100)]
            var arguments: [(any DatabaseValueConvertible)?] = []
            arguments.reserveCapacity(chunk.count * 12)
            for (offset, entry) in zip(chunk.indices, chunk) {
                arguments += [
                    kind.rawValue, id, expectedVersion + offset + 1, entry.type, entry.payload, instant.millisecondsSince1970,
                    metadata.principal.rawValue, metadata.role.rawValue, metadata.idempotencyKey, metadata.reason, metadata.ruleVersion,
                    metadata.requestID,
                ]
            }
            let rows = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")
            do {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO events (stream_kind, stream_id, version, type, payload, recorded_at, principal, role,
                            idempotency_key, reason, rule_version, request_id)
                        VALUES \(rows)
                        """
                ).execute(arguments: StatementArguments(arguments))
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError.versionConflict(stream: "\(kind.rawValue):\(id)", expected: expectedVersion, actual: try version(db))
            }
            let first = db.lastInsertedRowID - Int64(chunk.count) + 1
            for (position, (offset, entry)) in zip(first..., zip(chunk.indices, chunk)) {
                recorded.append(
                    RecordedEvent(
                        position: position, version: expectedVersion + offset + 1, recordedAt: instant.wholeMilliseconds, metadata: metadata,
                        event: entry.event))
            }
        }
        return recorded
    }

    /// The stream's events with versions in `first...last`, in order.
    func events<E: Decodable & Sendable>(_ db: Database, from first: Int, through last: Int) throws -> [RecordedEvent<E>] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM events WHERE stream_kind = ? AND stream_id = ? AND version BETWEEN ? AND ? ORDER BY version"),
            arguments: [kind.rawValue, id, first, last])
        return try rows.map(Stream.recorded)
    }

    /// Decodes one `events` row.
    static func recorded<E: Decodable & Sendable>(_ row: Row) throws -> RecordedEvent<E> {
        let roleName: String = row["role"]
        // A role the code does not know means a damaged log: say so, as the PostgreSQL store does,
        // rather than reading it as the system actor.
        guard let role = Role(rawValue: roleName) else {
            throw StoreError.corrupt("event \(row["position"] as Int64) has unknown role \(roleName)")
        }
        let metadata = EventMetadata(
            principal: PrincipalID(rawValue: row["principal"]), role: role,
            idempotencyKey: row["idempotency_key"], reason: row["reason"], ruleVersion: row["rule_version"],
            requestID: row["request_id"])
        let payload: String = row["payload"]
        return RecordedEvent(
            position: row["position"], version: row["version"], recordedAt: Date(millisecondsSince1970: row["recorded_at"]),
            metadata: metadata, event: try JSONCoding.decode(E.self, from: payload))
    }
}
