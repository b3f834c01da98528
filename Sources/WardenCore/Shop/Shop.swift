public import Foundation

/// A shop's current state: the projection of its events, rebuilt identically from the log.
///
/// Its stored properties sit in one copy-on-write box: a shop is copied several times on its
/// way from the store through a decision to the log (the cache, the batch's reads, the commit,
/// the writer), and a copy of a box is one reference count where a copy of the fields was some
/// forty (decision 0032). Its `Codable` form is that of the fields, unchanged.
public struct Shop: Hashable, Sendable, Codable, CustomReflectable {
    private var storage: Storage

    /// The fields, stored and encoded as the shop's own properties were before they moved into
    /// the box.
    private struct Fields: Hashable, Codable {
        let id: ShopID
        var owner: PrincipalID
        var version: Int
        var status: ShopStatus
        var application: ShopApplication
        var createdAt: Date
        var updatedAt: Date
        var submittedAt: Date?
        var rejectionReasons: [String]
        var contractSignedAt: Date?
        var openedAt: Date?
        var enabledChannels: [Channel]
        var deposit: DepositAccount
        var restrictedRights: [ShopRight]
        var suspendedUntil: Date?
        var statusBeforeSuspension: ShopStatus?
        var closedAt: Date?
        var reopenAllowedFrom: Date?
        var refundDueAt: Date?
        var expelledAt: Date?
        var subjectBarred: Bool
        var renames: [RenameRecord]
        var governance: ShopGovernance
    }

    /// The box holding the fields; shared between copies until one of them changes.
    private final class Storage: @unchecked Sendable {
        // @unchecked: `fields` changes only through `makeUnique()`, on a box no other copy holds.
        // That same rule makes the runtime's exclusivity check on every access redundant; it
        // was the box's largest cost in the in-memory benchmark.
        @exclusivity(unchecked) var fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }

    private init(_ fields: Fields) {
        storage = Storage(fields)
    }

    /// Gives this copy a box of its own before it changes a field.
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
    }

    public init(from decoder: any Decoder) throws {
        self.init(try Fields(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try storage.fields.encode(to: encoder)
    }

    public static func == (lhs: Shop, rhs: Shop) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    public func hash(into hasher: inout Hasher) {
        storage.fields.hash(into: &hasher)
    }

    /// The fields, as a struct's stored properties would show: printed shops and test failures
    /// read as before the box.
    public var customMirror: Mirror {
        Mirror(self, children: Mirror(reflecting: storage.fields).children, displayStyle: .struct)
    }

    public var id: ShopID { storage.fields.id }

    /// The merchant principal the shop belongs to.
    public var owner: PrincipalID {
        _read { yield storage.fields.owner }
        _modify {
            makeUnique()
            yield &storage.fields.owner
        }
    }

    /// How many events the shop has; the expected version for the next append.
    public var version: Int {
        _read { yield storage.fields.version }
        _modify {
            makeUnique()
            yield &storage.fields.version
        }
    }

    public var status: ShopStatus {
        _read { yield storage.fields.status }
        _modify {
            makeUnique()
            yield &storage.fields.status
        }
    }

    public var application: ShopApplication {
        _read { yield storage.fields.application }
        _modify {
            makeUnique()
            yield &storage.fields.application
        }
    }

    public var createdAt: Date {
        _read { yield storage.fields.createdAt }
        _modify {
            makeUnique()
            yield &storage.fields.createdAt
        }
    }

    public var updatedAt: Date {
        _read { yield storage.fields.updatedAt }
        _modify {
            makeUnique()
            yield &storage.fields.updatedAt
        }
    }

    public var submittedAt: Date? {
        _read { yield storage.fields.submittedAt }
        _modify {
            makeUnique()
            yield &storage.fields.submittedAt
        }
    }

    public var rejectionReasons: [String] {
        _read { yield storage.fields.rejectionReasons }
        _modify {
            makeUnique()
            yield &storage.fields.rejectionReasons
        }
    }

    public var contractSignedAt: Date? {
        _read { yield storage.fields.contractSignedAt }
        _modify {
            makeUnique()
            yield &storage.fields.contractSignedAt
        }
    }

    public var openedAt: Date? {
        _read { yield storage.fields.openedAt }
        _modify {
            makeUnique()
            yield &storage.fields.openedAt
        }
    }

    public var enabledChannels: [Channel] {
        _read { yield storage.fields.enabledChannels }
        _modify {
            makeUnique()
            yield &storage.fields.enabledChannels
        }
    }

    public var deposit: DepositAccount {
        _read { yield storage.fields.deposit }
        _modify {
            makeUnique()
            yield &storage.fields.deposit
        }
    }

    public var restrictedRights: [ShopRight] {
        _read { yield storage.fields.restrictedRights }
        _modify {
            makeUnique()
            yield &storage.fields.restrictedRights
        }
    }

    public var suspendedUntil: Date? {
        _read { yield storage.fields.suspendedUntil }
        _modify {
            makeUnique()
            yield &storage.fields.suspendedUntil
        }
    }

    /// The status a suspension returns to when it lifts.
    public var statusBeforeSuspension: ShopStatus? {
        _read { yield storage.fields.statusBeforeSuspension }
        _modify {
            makeUnique()
            yield &storage.fields.statusBeforeSuspension
        }
    }

    public var closedAt: Date? {
        _read { yield storage.fields.closedAt }
        _modify {
            makeUnique()
            yield &storage.fields.closedAt
        }
    }

    public var reopenAllowedFrom: Date? {
        _read { yield storage.fields.reopenAllowedFrom }
        _modify {
            makeUnique()
            yield &storage.fields.reopenAllowedFrom
        }
    }

    public var refundDueAt: Date? {
        _read { yield storage.fields.refundDueAt }
        _modify {
            makeUnique()
            yield &storage.fields.refundDueAt
        }
    }

    public var expelledAt: Date? {
        _read { yield storage.fields.expelledAt }
        _modify {
            makeUnique()
            yield &storage.fields.expelledAt
        }
    }

    public var subjectBarred: Bool {
        _read { yield storage.fields.subjectBarred }
        _modify {
            makeUnique()
            yield &storage.fields.subjectBarred
        }
    }

    public var renames: [RenameRecord] {
        _read { yield storage.fields.renames }
        _modify {
            makeUnique()
            yield &storage.fields.renames
        }
    }

    /// Violations, points, sanctions and cleared sales.
    public var governance: ShopGovernance {
        _read { yield storage.fields.governance }
        _modify {
            makeUnique()
            yield &storage.fields.governance
        }
    }

    /// The shop's current name.
    public var name: String { application.shopName }

    /// The subject's key (ID number or credit code), used to link shops of one subject.
    public var subjectKey: String { application.subject.subjectKey }

    /// The key under which the shop holds its name, or `nil` once it has left and freed it.
    public var nameClaim: String? {
        let key = Shop.nameKey(name)
        return status.isFinal || key.isEmpty ? nil : key
    }

    /// The normal form two names are compared in: NFKC, lower case, no white space.
    public static func nameKey(_ name: String) -> String {
        name.comparisonKey(uppercased: false)
    }
}

/// One change of name, kept for the per-half-year limit.
public struct RenameRecord: Hashable, Sendable, Codable {
    public var at: Date
    public var from: String
    public var to: String
}

// MARK: - Folding events

extension Shop {
    /// Starts a shop from its first event, which must be ``ShopEvent/applicationDrafted(_:)``.
    public static func start(id: ShopID, with event: ShopEvent, at instant: Date) -> Shop? {
        guard case .applicationDrafted(let drafted) = event else { return nil }
        return Shop(
            Fields(
                id: id, owner: drafted.owner, version: 1, status: .applying, application: drafted.application,
                createdAt: instant, updatedAt: instant, submittedAt: nil, rejectionReasons: [],
                contractSignedAt: nil, openedAt: nil, enabledChannels: [], deposit: DepositAccount(),
                restrictedRights: [], suspendedUntil: nil, statusBeforeSuspension: nil, closedAt: nil,
                reopenAllowedFrom: nil, refundDueAt: nil, expelledAt: nil, subjectBarred: false, renames: [], governance: ShopGovernance()))
    }

    /// Folds a whole history, in order; `nil` when the history does not start a shop.
    public static func fold(id: ShopID, _ history: some Sequence<(event: ShopEvent, at: Date)>) -> Shop? {
        var shop: Shop?
        for (event, instant) in history {
            if var current = shop {
                current.evolve(event, at: instant)
                shop = current
            } else {
                shop = start(id: id, with: event, at: instant)
            }
        }
        return shop
    }

    /// Applies one event that happened at `instant`. Events are facts: this never refuses one.
    public mutating func evolve(_ event: ShopEvent, at instant: Date) {
        version += 1
        updatedAt = instant
        switch event {
        case .applicationDrafted(let drafted):
            owner = drafted.owner
            application = drafted.application
        case .applicationUpdated(let updated):
            application = updated
        case .applicationSubmitted:
            status = .underReview
            submittedAt = instant
            rejectionReasons = []
        case .applicationApproved(let approved):
            status = .awaitingContract
            deposit.required = approved.requiredDeposit
            deposit.basisCategory = approved.depositBasis
        case .applicationRejected(let rejected):
            status = .rejected
            rejectionReasons = rejected.reasons
        case .contractSigned:
            status = .awaitingDeposit
            contractSignedAt = instant
        case .depositPaid(let paid):
            // A payment settles what is owed first; the rest tops up the balance.
            let settled = min(deposit.owed, paid.amount)
            deposit.owed -= settled
            deposit.deducted += settled
            deposit.balance += paid.amount - settled
            deposit.paidIn += paid.amount
            if deposit.shortfall == .zero { deposit.topUpDueAt = nil }
        case .shopOpened(let opened):
            status = .open
            openedAt = instant
            enabledChannels = opened.channels
        case .shopRenamed(let renamed):
            application.shopName = renamed.to
            renames.append(RenameRecord(at: instant, from: renamed.from, to: renamed.to))
        case .shopRestricted(let restricted):
            restrictedRights = ShopRight.allCases.filter { restrictedRights.contains($0) || restricted.rights.contains($0) }
            if status == .suspended { statusBeforeSuspension = .restricted } else { status = .restricted }
        case .restrictionLifted:
            restrictedRights = []
            if status == .suspended { statusBeforeSuspension = .open } else { status = .open }
        case .shopSuspended(let suspended):
            if status != .suspended { statusBeforeSuspension = status }
            status = .suspended
            suspendedUntil = suspended.until
        case .suspensionLifted:
            status = statusBeforeSuspension ?? .open
            statusBeforeSuspension = nil
            suspendedUntil = nil
        case .shopClosed(let closed):
            status = .closed
            closedAt = instant
            reopenAllowedFrom = closed.reopenAllowedFrom
            refundDueAt = closed.refundDueAt
            suspendedUntil = nil
        case .depositRefunded(let movement):
            deposit.balance -= movement.amount
            deposit.refunded += movement.amount
        case .shopExpelled(let expelled):
            status = .expelled
            expelledAt = instant
            subjectBarred = expelled.subjectBarred
            suspendedUntil = nil
            statusBeforeSuspension = nil
        case .depositForfeited(let movement):
            deposit.balance -= movement.amount
            deposit.forfeited += movement.amount
        case .violationRecorded(let recorded):
            governance.violations.append(
                ViolationRecord(
                    id: recorded.report.id, type: recorded.report.type, occurredAt: recorded.report.occurredAt ?? instant,
                    recordedAt: instant, ruleVersion: recorded.ruleVersion, occurrence: recorded.occurrence, points: recorded.points,
                    ledger: recorded.ledger, evidence: recorded.report.evidence, count: recorded.report.count ?? 1,
                    deliberate: recorded.report.deliberate ?? false, deducted: .zero, owed: .zero, appealDeadline: recorded.appealDeadline,
                    reversed: false, product: recorded.report.product))
        case .pointsAssessed(let assessment):
            governance.points.record(assessment)
            if let superseded = assessment.superseded {
                for index in governance.sanctions.indices
                where governance.sanctions[index].ledger == assessment.entry.ledger && governance.sanctions[index].node == superseded.at {
                    governance.sanctions[index].lifted = true
                }
            }
        case .depositDeducted(let deducted):
            deposit.balance -= deducted.amount
            deposit.deducted += deducted.amount
            deposit.owed += deducted.owed
            if let due = deducted.topUpDue { deposit.topUpDueAt = due }
            if let index = governance.violations.lastIndex(where: { $0.id == deducted.violation }) {
                governance.violations[index].deducted += deducted.amount
                governance.violations[index].owed += deducted.owed
            }
        case .sanctionImposed(let imposed):
            governance.sanctions.append(imposed.sanction)
        case .salesCleared(let cleared):
            governance.clearedSales.append(cleared)
        case .topUpDeadlineMissed:
            deposit.topUpDueAt = nil
        case .shadowDecided:
            // A shadow's opinion: recorded for the shadow report, no effect on the shop.
            break
        case .sanctionLifted(let lifted):
            for index in governance.sanctions.indices where governance.sanctions[index].id == lifted.sanction {
                governance.sanctions[index].lifted = true
            }
        }
    }
}
