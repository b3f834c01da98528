import Foundation
import WardenCore
import WardenStore

/// A label in both of the UI's languages.
struct Label: Codable, Sendable, Equatable {
    var zh: String
    var en: String
}

/// A shop as the API shows it: its state with Chinese labels and money in cents.
struct ShopView: Codable, Sendable {
    struct Deposit: Codable, Sendable {
        var requiredCents: Int64
        var balanceCents: Int64
        var shortfallCents: Int64
        var paidInCents: Int64
        var refundedCents: Int64
        var forfeitedCents: Int64
        var basisCategory: String?
        var display: String
    }

    var id: String
    var owner: String
    var name: String
    var status: ShopStatus
    var statusLabel: Label
    var shopType: ShopType
    var subjectType: SubjectType
    var mainCategory: String
    var version: Int
    var createdAt: Date
    var updatedAt: Date
    var submittedAt: Date?
    var rejectionReasons: [String]
    var contractSignedAt: Date?
    var openedAt: Date?
    var enabledChannels: [Channel]
    var deposit: Deposit
    var restrictedRights: [ShopRight]
    var suspendedUntil: Date?
    var closedAt: Date?
    var reopenAllowedFrom: Date?
    var refundDueAt: Date?
    var expelledAt: Date?
    var subjectBarred: Bool
    var application: ShopApplication

    init(_ shop: Shop) {
        id = shop.id.rawValue
        owner = shop.owner.rawValue
        name = shop.name
        status = shop.status
        statusLabel = Label(zh: shop.status.chineseName, en: shop.status.rawValue)
        shopType = shop.application.shopType
        subjectType = shop.application.subject.type
        mainCategory = shop.application.mainCategory
        version = shop.version
        createdAt = shop.createdAt
        updatedAt = shop.updatedAt
        submittedAt = shop.submittedAt
        rejectionReasons = shop.rejectionReasons
        contractSignedAt = shop.contractSignedAt
        openedAt = shop.openedAt
        enabledChannels = shop.enabledChannels
        let account = shop.deposit
        deposit = Deposit(
            requiredCents: account.required.cents, balanceCents: account.balance.cents, shortfallCents: account.shortfall.cents,
            paidInCents: account.paidIn.cents, refundedCents: account.refunded.cents, forfeitedCents: account.forfeited.cents,
            basisCategory: account.basisCategory, display: "\(account.balance) / \(account.required)")
        restrictedRights = shop.restrictedRights
        suspendedUntil = shop.suspendedUntil
        closedAt = shop.closedAt
        reopenAllowedFrom = shop.reopenAllowedFrom
        refundDueAt = shop.refundDueAt
        expelledAt = shop.expelledAt
        subjectBarred = shop.subjectBarred
        application = shop.application
    }
}

/// One history entry as the API shows it.
struct RecordedEventView<Event: Codable & Sendable & EventTypeNamed>: Codable, Sendable {
    var position: Int64
    var version: Int
    var type: String
    var recordedAt: Date
    var principal: String
    var role: Role
    var reason: String?
    var idempotencyKey: String
    var ruleVersion: String?
    var event: Event

    init(_ recorded: RecordedEvent<Event>) {
        position = recorded.position
        version = recorded.version
        type = recorded.event.typeName
        recordedAt = recorded.recordedAt
        principal = recorded.metadata.principal.rawValue
        role = recorded.metadata.role
        reason = recorded.metadata.reason
        idempotencyKey = recorded.metadata.idempotencyKey
        ruleVersion = recorded.metadata.ruleVersion
        event = recorded.event
    }
}

/// A shop event as the history and command answers show it.
typealias HistoryEntryView = RecordedEventView<ShopEvent>

/// Events that name their stored type (`violationRecorded`, `listingScreened`).
protocol EventTypeNamed {
    var typeName: String { get }
}

extension ShopEvent: EventTypeNamed {}
extension ListingEvent: EventTypeNamed {}

/// The answer to a shop command: the shop afterwards and the events the command recorded.
struct CommandResultView: Codable, Sendable {
    var shop: ShopView
    var events: [HistoryEntryView]
    var replayed: Bool
}
