public import Foundation
public import WardenCore

/// `GET /shops/{id}/standing`: points by ledger, deposit, the sanctions in force and the chain
/// behind each, violation → rule (version, type) → consequence.
struct StandingView: Codable, Sendable {
    struct Ledger: Codable, Sendable {
        var code: String
        var label: Label
        var total: Int
        var frozen: Bool
        var runningNode: Int?
        var runningNodeUntil: Date?
    }

    struct Deposit: Codable, Sendable {
        var requiredCents: Int64
        var balanceCents: Int64
        var owedCents: Int64
        var shortfallCents: Int64
        var deductedCents: Int64
        /// When the shortfall must be topped up (补交) by.
        var topUpDueAt: Date?
        /// Rights lost while the deposit is short.
        var rightsLostWhileShort: [ShopRight]
    }

    struct Cause: Codable, Sendable {
        var violation: String
        var type: String
        var typeLabel: Label
        var ruleVersion: String
        /// The rule's key in that version: `ledgers[points].nodes[24]`, `deposit.missedTopUp[0]`.
        var rule: String?
        var ledger: String?
        var node: Int?
    }

    struct Sanction: Codable, Sendable {
        var id: String
        var kind: SanctionKind
        var kindLabel: Label
        var since: Date
        var until: Date?
        var rights: [ShopRight]
        var cause: Cause
    }

    struct Violation: Codable, Sendable {
        var id: String
        var type: String
        var typeLabel: Label
        var occurredAt: Date
        var recordedAt: Date
        var ruleVersion: String
        var occurrence: Int
        var points: Int
        var deductedCents: Int64
        var owedCents: Int64
        var appealDeadline: Date
        var reversed: Bool
    }

    var shopId: String
    var at: Date
    var status: ShopStatus
    var statusLabel: Label
    var ledgers: [Ledger]
    var deposit: Deposit
    var restrictedRights: [ShopRight]
    var activeSanctions: [Sanction]
    var violations: [Violation]

    init(_ shop: Shop, rulebooks: RulebookRegistry, at instant: Date) {
        let governance = shop.governance
        let current = rulebooks.inForce(at: instant)
        // Types and ledgers of earlier versions keep their names.
        let known = [current].compactMap { $0 } + rulebooks.versions.map(\.rulebook).reversed()
        func label(_ type: String) -> Label {
            known.lazy.compactMap { $0.violation(type) }.first.map { Label(zh: $0.zh, en: $0.en) } ?? Label(zh: type, en: type)
        }
        let records = Dictionary(governance.violations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        shopId = shop.id.rawValue
        at = instant
        status = shop.status
        statusLabel = Label(zh: shop.status.chineseName, en: shop.status.rawValue)
        let currentLedgers = current?.ledgers.map(\.code) ?? []
        let codes = currentLedgers + Set(governance.points.entries.map(\.ledger)).subtracting(currentLedgers).sorted()
        ledgers = codes.map { code in
            let policy = known.lazy.compactMap { $0.ledger(code) }.first
            let running = governance.points.runningNode(code, at: instant)
            return Ledger(
                code: code, label: Label(zh: policy?.zh ?? code, en: policy?.en ?? code), total: governance.points.total(code, at: instant),
                frozen: governance.points.frozenLedgers.contains(code), runningNode: running?.at, runningNodeUntil: running?.until)
        }
        let account = shop.deposit
        deposit = Deposit(
            requiredCents: account.required.cents, balanceCents: account.balance.cents, owedCents: account.owed.cents,
            shortfallCents: account.shortfall.cents, deductedCents: account.deducted.cents, topUpDueAt: account.topUpDueAt,
            rightsLostWhileShort: account.shortfall > .zero && shop.openedAt != nil && !shop.status.isFinal
                ? current?.deposit.rightsLostWhileShort ?? [] : [])
        restrictedRights = ShopRight.allCases.filter { Set(shop.restrictedRights + governance.restrictedRights(at: instant)).contains($0) }
        activeSanctions = governance.activeSanctions(at: instant).map { sanction in
            let record = records[sanction.violation]
            return Sanction(
                id: sanction.id, kind: sanction.kind, kindLabel: Label(zh: sanction.kind.chineseName, en: sanction.kind.rawValue),
                since: sanction.since, until: sanction.until, rights: sanction.rights,
                cause: Cause(
                    violation: sanction.violation, type: record?.type ?? "", typeLabel: label(record?.type ?? ""),
                    ruleVersion: sanction.ruleVersion ?? record?.ruleVersion ?? "", rule: sanction.rule, ledger: sanction.ledger,
                    node: sanction.node))
        }
        violations = governance.violations.map { record in
            Violation(
                id: record.id, type: record.type, typeLabel: label(record.type), occurredAt: record.occurredAt, recordedAt: record.recordedAt,
                ruleVersion: record.ruleVersion, occurrence: record.occurrence, points: record.points, deductedCents: record.deducted.cents,
                owedCents: record.owed.cents, appealDeadline: record.appealDeadline, reversed: record.reversed)
        }
    }
}

/// A shop's standing as the API's `GET /shops/{id}/standing` answers it, for tools outside HTTP.
public enum StandingDocument {
    /// The standing of `shop` at `instant` as JSON, with the names of the rules of `rulebooks`.
    public static func json(for shop: Shop, rulebooks: RulebookRegistry, at instant: Date) throws -> String {
        String(decoding: try JSONBody.encoder.encode(StandingView(shop, rulebooks: rulebooks, at: instant)), as: UTF8.self)
    }
}
