public import Foundation

/// A shop's current state: the projection of its events, rebuilt identically from the log.
public struct Shop: Hashable, Sendable, Codable {
    public let id: ShopID
    /// The merchant principal the shop belongs to.
    public var owner: PrincipalID
    /// How many events the shop has; the expected version for the next append.
    public var version: Int
    public var status: ShopStatus
    public var application: ShopApplication
    public var createdAt: Date
    public var updatedAt: Date
    public var submittedAt: Date?
    public var rejectionReasons: [String]
    public var contractSignedAt: Date?
    public var openedAt: Date?
    public var enabledChannels: [Channel]
    public var deposit: DepositAccount
    public var restrictedRights: [ShopRight]
    public var suspendedUntil: Date?
    /// The status a suspension returns to when it lifts.
    public var statusBeforeSuspension: ShopStatus?
    public var closedAt: Date?
    public var reopenAllowedFrom: Date?
    public var refundDueAt: Date?
    public var expelledAt: Date?
    public var subjectBarred: Bool
    public var renames: [RenameRecord]
    /// Violations, points, sanctions and cleared sales.
    public var governance: ShopGovernance

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
            id: id, owner: drafted.owner, version: 1, status: .applying, application: drafted.application,
            createdAt: instant, updatedAt: instant, submittedAt: nil, rejectionReasons: [],
            contractSignedAt: nil, openedAt: nil, enabledChannels: [], deposit: DepositAccount(),
            restrictedRights: [], suspendedUntil: nil, statusBeforeSuspension: nil, closedAt: nil,
            reopenAllowedFrom: nil, refundDueAt: nil, expelledAt: nil, subjectBarred: false, renames: [], governance: ShopGovernance())
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
