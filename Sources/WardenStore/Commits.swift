public import Foundation
public import WardenCore

/// Events to append to one shop's stream in one transaction, with the projection they produce.
///
/// The store checks `expectedVersion`, records the idempotency key, writes the events, replaces
/// the shop projection, moves the name claim and schedules due actions, all or nothing.
public struct ShopCommit: Sendable {
    public var shop: ShopID
    /// The stream's version the decision was taken on (0 for a new shop).
    public var expectedVersion: Int
    public var events: [ShopEvent]
    /// When the events happened, in whole milliseconds.
    public var recordedAt: Date
    public var metadata: EventMetadata
    /// The shop after the events: the projection to store.
    public var resulting: Shop
    /// The name key the shop held before, released unless it is also `resulting.nameClaim`.
    public var previousNameClaim: String?
    public var dueActions: [DueAction]
    /// Facts the events assert that must be unique across the log (a payment reference).
    public var uniqueFacts: [UniqueFact]

    public init(
        shop: ShopID, expectedVersion: Int, events: [ShopEvent], recordedAt: Date, metadata: EventMetadata,
        resulting: Shop, previousNameClaim: String?, dueActions: [DueAction], uniqueFacts: [UniqueFact]? = nil
    ) {
        self.shop = shop
        self.expectedVersion = expectedVersion
        self.events = events
        self.recordedAt = recordedAt
        self.metadata = metadata
        self.resulting = resulting
        self.previousNameClaim = previousNameClaim
        self.dueActions = dueActions
        self.uniqueFacts = uniqueFacts ?? UniqueFact.asserted(by: events, for: shop)
    }
}

/// A shop commit with its events and projection already encoded, ready for either store.
public struct EncodedShopCommit: Sendable {
    public let commit: ShopCommit
    /// Each event's type name and JSON payload.
    public let payloads: [(String, String)]
    /// The resulting projection's JSON, when this commit stores a snapshot of it.
    public let snapshot: String?

    /// Encodes `commit`; with `snapshotEvery`, the projection only when the commit takes a
    /// snapshot (see ``takesSnapshot(from:to:every:)``), otherwise always.
    public init(_ commit: ShopCommit, snapshotEvery interval: Int? = nil) throws(StoreError) {
        self.commit = commit
        self.payloads = try commit.events.map { event throws(StoreError) in (event.typeName, try JSONCoding.encode(event)) }
        if let interval, !Self.takesSnapshot(from: commit.expectedVersion, to: commit.resulting.version, every: interval) {
            self.snapshot = nil
        } else {
            self.snapshot = try JSONCoding.encode(commit.resulting)
        }
    }

    /// Whether a commit taking a stream from `expected` to `resulting` stores a snapshot of the
    /// projection: when it creates the stream or reaches a multiple of `interval`, so that a
    /// stored snapshot is never more than `interval - 1` events behind and the choice needs no read.
    public static func takesSnapshot(from expected: Int, to resulting: Int, every interval: Int) -> Bool {
        expected == 0 || interval <= 1 || expected / interval != resulting / interval
    }
}

/// What one commit of a batch append did.
public enum BatchAppendOutcome: Sendable {
    case appended([RecordedEvent<ShopEvent>])
    /// A commit with the same idempotency key was already recorded; nothing new was written.
    case duplicate([RecordedEvent<ShopEvent>])
    /// The commit was refused (a version conflict, a taken name or fact) and wrote nothing.
    case refused(StoreError)

    public init(_ outcome: AppendOutcome<ShopEvent>) {
        switch outcome {
        case .appended(let recorded): self = .appended(recorded)
        case .duplicate(let recorded): self = .duplicate(recorded)
        }
    }
}

/// Events to append to one principal's stream, with the account they produce.
public struct PrincipalCommit: Sendable {
    public var principal: PrincipalID
    public var expectedVersion: Int
    public var events: [PrincipalEvent]
    public var recordedAt: Date
    public var metadata: EventMetadata
    public var resulting: Principal

    public init(
        principal: PrincipalID, expectedVersion: Int, events: [PrincipalEvent], recordedAt: Date,
        metadata: EventMetadata, resulting: Principal
    ) {
        self.principal = principal
        self.expectedVersion = expectedVersion
        self.events = events
        self.recordedAt = recordedAt
        self.metadata = metadata
        self.resulting = resulting
    }
}

/// Events to append to one listing's stream, with the listing they produce.
public struct ListingCommit: Sendable {
    public var listing: ListingID
    public var expectedVersion: Int
    public var events: [ListingEvent]
    public var recordedAt: Date
    public var metadata: EventMetadata
    public var resulting: Listing

    public init(
        listing: ListingID, expectedVersion: Int, events: [ListingEvent], recordedAt: Date, metadata: EventMetadata, resulting: Listing
    ) {
        self.listing = listing
        self.expectedVersion = expectedVersion
        self.events = events
        self.recordedAt = recordedAt
        self.metadata = metadata
        self.resulting = resulting
    }
}

/// Which listings a query returns.
public struct ListingQuery: Sendable, Hashable {
    public var shop: ShopID?
    public var status: ListingStatus?
    public var limit: Int
    /// Return listings whose id sorts after this one (keyset paging).
    public var after: ListingID?

    public init(shop: ShopID? = nil, status: ListingStatus? = nil, limit: Int = 100, after: ListingID? = nil) {
        self.shop = shop
        self.status = status
        self.limit = limit
        self.after = after
    }
}

/// Events to append to the rulebook registry's one stream.
public struct PolicyCommit: Sendable {
    public var expectedVersion: Int
    public var events: [PolicyEvent]
    public var recordedAt: Date
    public var metadata: EventMetadata

    public init(expectedVersion: Int, events: [PolicyEvent], recordedAt: Date, metadata: EventMetadata) {
        self.expectedVersion = expectedVersion
        self.events = events
        self.recordedAt = recordedAt
        self.metadata = metadata
    }

    /// The id of the registry's stream in the log.
    public static let streamID = "rulebooks"
}

/// What an append did.
public enum AppendOutcome<Event: Sendable>: Sendable {
    /// The events were appended, with their positions.
    case appended([RecordedEvent<Event>])
    /// A commit with the same idempotency key was already recorded; these are its events,
    /// and nothing new was written.
    case duplicate([RecordedEvent<Event>])
}

/// A due action claimed by one worker for a lease.
public struct ClaimedJob: Sendable, Hashable {
    public var id: String
    public var action: DueAction
    public var attempts: Int

    public init(id: String, action: DueAction, attempts: Int) {
        self.id = id
        self.action = action
        self.attempts = attempts
    }
}

/// Which shops a listing returns.
public struct ShopQuery: Sendable, Hashable {
    public var owner: PrincipalID?
    public var status: ShopStatus?
    public var subjectKey: String?
    public var limit: Int
    /// Return shops whose id sorts after this one (keyset paging).
    public var after: ShopID?

    public init(
        owner: PrincipalID? = nil, status: ShopStatus? = nil, subjectKey: String? = nil, limit: Int = 100,
        after: ShopID? = nil
    ) {
        self.owner = owner
        self.status = status
        self.subjectKey = subjectKey
        self.limit = limit
        self.after = after
    }
}
