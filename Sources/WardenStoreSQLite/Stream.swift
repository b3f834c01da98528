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
            let (first, last) = try db.cachedStatement(
                sql: "SELECT first_version, last_version FROM commits WHERE stream_kind = ? AND stream_id = ? AND idempotency_key = ?"
            ).firstRow(arguments: [kind.rawValue, id, key], { row in (row["first_version"] as Int, row["last_version"] as Int) })
        else { return nil }
        return try events(db, from: first, through: last)
    }

    /// Appends `events` after checking the stream is at `expectedVersion`.
    func append<E: Sendable>(
        _ db: Database, expectedVersion: Int, events: [(event: E, type: String, payload: String)], at instant: Date,
        metadata: EventMetadata
    ) throws -> [RecordedEvent<E>] {
        let current =
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT MAX(version) FROM events WHERE stream_kind = ? AND stream_id = ?"), arguments: [kind.rawValue, id])
            ?? 0
        guard current == expectedVersion else {
            throw StoreError.versionConflict(stream: "\(kind.rawValue):\(id)", expected: expectedVersion, actual: current)
        }
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
            try db.cachedStatement(
                sql: """
                    INSERT INTO events (stream_kind, stream_id, version, type, payload, recorded_at, principal, role,
                        idempotency_key, reason, rule_version, request_id)
                    VALUES \(rows)
                    """
            ).execute(arguments: StatementArguments(arguments))
            let first = db.lastInsertedRowID - Int64(chunk.count) + 1
            for (position, (offset, entry)) in zip(first..., zip(chunk.indices, chunk)) {
                recorded.append(
                    RecordedEvent(
                        position: position, version: expectedVersion + offset + 1, recordedAt: instant.wholeMilliseconds, metadata: metadata,
                        event: entry.event))
            }
        }
        try db.cachedStatement(
            sql: "INSERT INTO commits (stream_kind, stream_id, idempotency_key, first_version, last_version) VALUES (?, ?, ?, ?, ?)"
        ).execute(
            arguments: [kind.rawValue, id, metadata.idempotencyKey, expectedVersion + 1, expectedVersion + events.count])
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
