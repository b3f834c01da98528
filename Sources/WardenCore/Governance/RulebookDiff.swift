import Foundation

/// What changes between two rulebook versions, in words an admin can review before adopting one.
///
/// `warden policy diff OLD NEW` prints this: violation types added, removed or changed (points,
/// tiers, ledger, deduction, sanctions, sales clearing, appeal window), ledgers and their nodes and
/// expiry, and the deposit, appeal and re-entry settings.
public struct RulebookDiff: Hashable, Sendable {
    /// One difference: where, what it was, what it becomes.
    public struct Change: Hashable, Sendable, CustomStringConvertible {
        public var path: String
        public var old: String
        public var new: String

        public var description: String {
            switch (old.isEmpty, new.isEmpty) {
            case (true, _): "+ \(path): \(new)"
            case (_, true): "- \(path): \(old)"
            default: "~ \(path): \(old) → \(new)"
            }
        }
    }

    public var changes: [Change]

    /// The differences from `old` to `new`.
    public init(from old: Rulebook, to new: Rulebook) {
        var changes: [Change] = []
        func compare(_ path: String, _ before: String, _ after: String) {
            if before != after { changes.append(Change(path: path, old: before, new: after)) }
        }
        compare("version", old.version, new.version)
        compare("effectiveFrom", old.effectiveFrom.formatted(.iso8601), new.effectiveFrom.formatted(.iso8601))
        compare("deposit", Self.describe(old.deposit), Self.describe(new.deposit))
        compare("reentry", Self.describe(old.reentry), Self.describe(new.reentry))
        compare("renames", Self.describe(old.renames), Self.describe(new.renames))
        compare("naming", Self.describe(old.naming), Self.describe(new.naming))
        compare("appeals", Self.describe(old.appeals), Self.describe(new.appeals))

        let oldLedgers = Dictionary(old.ledgers.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let newLedgers = Dictionary(new.ledgers.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        for code in Set(oldLedgers.keys).union(newLedgers.keys).sorted() {
            let before = oldLedgers[code]
            let after = newLedgers[code]
            compare("ledgers.\(code).expiry", before.map { Self.describe($0.expiry) } ?? "", after.map { Self.describe($0.expiry) } ?? "")
            compare("ledgers.\(code).repeatEvery", before?.repeatEvery.map(String.init) ?? "", after?.repeatEvery.map(String.init) ?? "")
            let thresholds = Set((before?.nodes ?? []).map(\.at)).union((after?.nodes ?? []).map(\.at)).sorted()
            for threshold in thresholds {
                compare(
                    "ledgers.\(code).nodes[at \(threshold)]",
                    before?.nodes.first { $0.at == threshold }.map(Self.describe) ?? "",
                    after?.nodes.first { $0.at == threshold }.map(Self.describe) ?? "")
            }
        }

        let oldTypes = Dictionary(old.violations.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let newTypes = Dictionary(new.violations.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        for code in Set(oldTypes.keys).union(newTypes.keys).sorted() {
            guard let before = oldTypes[code], let after = newTypes[code] else {
                compare("violations.\(code)", oldTypes[code].map(Self.describe) ?? "", newTypes[code].map(Self.describe) ?? "")
                continue
            }
            compare("violations.\(code).ledger", before.ledger ?? "none", after.ledger ?? "none")
            compare("violations.\(code).points", String(before.points), String(after.points))
            compare("violations.\(code).pointsTiers", Self.describe(before.pointsTiers ?? []), Self.describe(after.pointsTiers ?? []))
            compare("violations.\(code).deposit", before.deposit.map(Self.describe) ?? "none", after.deposit.map(Self.describe) ?? "none")
            compare(
                "violations.\(code).sanctions", before.sanctions.map(Self.describe).joined(separator: ", "),
                after.sanctions.map(Self.describe).joined(separator: ", "))
            compare(
                "violations.\(code).salesClearing", before.salesClearing.map(Self.describe) ?? "none",
                after.salesClearing.map(Self.describe) ?? "none")
            compare("violations.\(code).appealWindowDays", String(before.appealWindowDays), String(after.appealWindowDays))
        }
        self.changes = changes
    }

    // MARK: - Describing values

    static func describe(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
    }

    static func describe(_ expiry: PointExpiry) -> String {
        switch expiry {
        case .calendarYear: "calendar year (Asia/Shanghai)"
        case .rolling(let days, let freezeAt): "\(days) days rolling" + (freezeAt.map { ", frozen at \($0)" } ?? "")
        }
    }

    static func describe(_ node: PointNode) -> String {
        node.sanctions.map(describe).joined(separator: ", ") + (node.severity == node.at ? "" : " (severity \(node.severity))")
            + (node.deposit.map { " + deposit " + describe($0) } ?? "")
    }

    static func describe(_ sanction: SanctionSpec) -> String {
        var text = sanction.kind.rawValue
        if let rights = sanction.rights { text += "[\(rights.map(\.rawValue).joined(separator: ","))]" }
        if let days = sanction.days { text += " \(days)d" }
        return text
    }

    static func describe(_ deduction: DepositDeduction) -> String {
        switch deduction {
        case .fixed(let amount): "\(amount)"
        case .shareOfRequired(let percent): "\(percent)% of required"
        case .all: "all (扣光)"
        case .greaterOfFixedAndDeposit(let amount): "max(\(amount), deposit) (违约金)"
        case .perBuyer(let percent, let minimum, let maximum, let matches):
            "\(percent)% per buyer, \(minimum)–\(maximum)" + (matches ? ", the same again to the platform when upheld" : "")
        case .reportedLoss: "the actual loss, to the buyers"
        }
    }

    static func describe(_ clearing: SalesClearing) -> String {
        clearing.scope.rawValue + (clearing.windowDays.map { " within \($0)d" } ?? "")
    }

    static func describe(_ type: ViolationType) -> String {
        "\(type.zh) \(type.points) points" + (type.ledger.map { " in \($0)" } ?? "")
    }
}
