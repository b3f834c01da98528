public import Foundation
public import WardenCore

/// Who caused a commit, why, and under which rule: recorded on every event it appends.
public struct EventMetadata: Hashable, Sendable, Codable {
    /// The acting principal.
    public var principal: PrincipalID
    /// The role the principal acted in.
    public var role: Role
    /// The client's idempotency key, unique per stream: a retry with it is applied once.
    public var idempotencyKey: String
    /// A free-text reason, when the command carried one.
    public var reason: String?
    /// The rulebook version in force when the decision was taken.
    public var ruleVersion: String?
    /// The HTTP request id, to tie a log line to its event.
    public var requestID: String?

    public init(
        principal: PrincipalID, role: Role, idempotencyKey: String, reason: String? = nil,
        ruleVersion: String? = nil, requestID: String? = nil
    ) {
        self.principal = principal
        self.role = role
        self.idempotencyKey = idempotencyKey
        self.reason = reason
        self.ruleVersion = ruleVersion
        self.requestID = requestID
    }
}

/// An event as the log holds it: its place, its stream, its time and its metadata.
public struct RecordedEvent<Event: Sendable>: Sendable {
    /// The global position in the log: unique and increasing in append order within a stream.
    ///
    /// - Important: On PostgreSQL, positions of concurrent appends to different streams may
    ///   commit out of order, so a reader tailing the log must not treat a position as a cursor
    ///   past which nothing older can appear.
    public var position: Int64
    /// The stream's version after this event (1 for a stream's first event).
    public var version: Int
    public var recordedAt: Date
    public var metadata: EventMetadata
    public var event: Event

    public init(position: Int64, version: Int, recordedAt: Date, metadata: EventMetadata, event: Event) {
        self.position = position
        self.version = version
        self.recordedAt = recordedAt
        self.metadata = metadata
        self.event = event
    }
}

extension RecordedEvent: Equatable where Event: Equatable {}

/// One entry of the whole log, of any stream: what `warden rebuild` folds.
public enum LogEntry: Sendable {
    case shop(ShopID, RecordedEvent<ShopEvent>)
    case principal(PrincipalID, RecordedEvent<PrincipalEvent>)
    case policy(RecordedEvent<PolicyEvent>)
    case listing(ListingID, RecordedEvent<ListingEvent>)

    public var position: Int64 {
        switch self {
        case .shop(_, let recorded): recorded.position
        case .principal(_, let recorded): recorded.position
        case .policy(let recorded): recorded.position
        case .listing(_, let recorded): recorded.position
        }
    }
}

extension Date {
    /// The instant as whole milliseconds since 1970, the precision the stores keep.
    public var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    /// The instant at `milliseconds` since 1970.
    public init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// The same instant cut to the millisecond, so that a value survives a store round trip.
    public var wholeMilliseconds: Date { Date(millisecondsSince1970: millisecondsSince1970) }
}
