import Foundation
import Logging
import PostgresNIO
import WardenCore
import WardenStore

/// One aggregate's stream in the `events` table: versioned appends and idempotent commits.
struct PostgresStream {
    let kind: String
    let id: String

    static let columns =
        "position, stream_kind, stream_id, version, payload, recorded_at, principal, role, idempotency_key, reason, rule_version, request_id"
    typealias Row = (Int64, String, String, Int, String, Int64, String, String, String, String?, String?, String?)

    func committedEvents<E: Decodable & Sendable>(_ connection: PostgresConnection, key: String, logger: Logger) async throws -> [RecordedEvent<E>]? {
        let rows = try await connection.query(
            """
            SELECT first_version, last_version FROM commits
            WHERE stream_kind = \(kind) AND stream_id = \(id) AND idempotency_key = \(key)
            """, logger: logger)
        for try await (first, last) in rows.decode((Int, Int).self) {
            return try await events(connection, from: first, through: last, logger: logger)
        }
        return nil
    }

    func append<E: Sendable>(
        _ connection: PostgresConnection, expectedVersion: Int, events: [(event: E, type: String, payload: String)], at instant: Date,
        metadata: EventMetadata, logger: Logger
    ) async throws -> [RecordedEvent<E>] {
        var current = 0
        for try await version in try await connection.query(
            "SELECT COALESCE(MAX(version), 0) FROM events WHERE stream_kind = \(kind) AND stream_id = \(id)", logger: logger
        ).decode(Int.self) {
            current = version
        }
        guard current == expectedVersion else {
            throw StoreError.versionConflict(stream: "\(kind):\(id)", expected: expectedVersion, actual: current)
        }
        var recorded: [RecordedEvent<E>] = []
        for (offset, entry) in events.enumerated() {
            let version = expectedVersion + offset + 1
            let rows = try await connection.query(
                """
                INSERT INTO events (stream_kind, stream_id, version, type, payload, recorded_at, principal, role,
                    idempotency_key, reason, rule_version, request_id)
                VALUES (\(kind), \(id), \(version), \(entry.type), \(entry.payload), \(instant.millisecondsSince1970),
                    \(metadata.principal.rawValue), \(metadata.role.rawValue), \(metadata.idempotencyKey), \(metadata.reason),
                    \(metadata.ruleVersion), \(metadata.requestID))
                RETURNING position
                """, logger: logger)
            for try await position in rows.decode(Int64.self) {
                recorded.append(
                    RecordedEvent(position: position, version: version, recordedAt: instant.wholeMilliseconds, metadata: metadata, event: entry.event)
                )
            }
        }
        try await connection.query(
            """
            INSERT INTO commits (stream_kind, stream_id, idempotency_key, first_version, last_version)
            VALUES (\(kind), \(id), \(metadata.idempotencyKey), \(expectedVersion + 1), \(expectedVersion + events.count))
            """, logger: logger)
        return recorded
    }

    func events<E: Decodable & Sendable>(_ connection: PostgresConnection, from first: Int, through last: Int, logger: Logger) async throws
        -> [RecordedEvent<E>]
    {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns) FROM events
            WHERE stream_kind = \(kind) AND stream_id = \(id) AND version BETWEEN \(first) AND \(last) ORDER BY version
            """, logger: logger)
        var events: [RecordedEvent<E>] = []
        for try await row in rows.decode(Row.self) { events.append(try Self.recorded(row)) }
        return events
    }

    static func recorded<E: Decodable & Sendable>(_ row: Row) throws -> RecordedEvent<E> {
        let (position, _, _, version, payload, recordedAt, principal, role, key, reason, ruleVersion, requestID) = row
        guard let role = Role(rawValue: role) else { throw StoreError.corrupt("event \(position) has unknown role \(role)") }
        let metadata = EventMetadata(
            principal: PrincipalID(rawValue: principal), role: role, idempotencyKey: key, reason: reason, ruleVersion: ruleVersion,
            requestID: requestID)
        return RecordedEvent(
            position: position, version: version, recordedAt: Date(millisecondsSince1970: recordedAt), metadata: metadata,
            event: try JSONCoding.decode(E.self, from: payload))
    }
}
