import Foundation
import Yams

extension Rulebook {
    /// Parses and validates a rulebook file; errors name the file, line and key.
    public static func load(yaml: String, file: String) throws(PolicyFileError) -> Rulebook {
        try PolicyFile.load(Rulebook.self, yaml: yaml, file: file) { rulebook in
            var problems: [(key: String, message: String)] = []
            if rulebook.version.isEmpty { problems.append(("version", "the version must not be empty")) }
            if rulebook.naming.maxLength < 1 { problems.append(("naming.maxLength", "must be at least 1")) }
            if rulebook.naming.phoneDigitRun < 5 { problems.append(("naming.phoneDigitRun", "must be at least 5")) }
            if rulebook.renames.ordinaryPerHalfYear < 0 { problems.append(("renames.ordinaryPerHalfYear", "must not be negative")) }
            if rulebook.reentry.voluntaryExitCooldownMonths < 0 {
                problems.append(("reentry.voluntaryExitCooldownMonths", "must not be negative"))
            }
            if rulebook.deposit.refundHoldingDays < 0 { problems.append(("deposit.refundHoldingDays", "must not be negative")) }
            if rulebook.deposit.topUpDeadlineDays < 1 { problems.append(("deposit.topUpDeadlineDays", "must be at least 1")) }
            for (index, sanction) in rulebook.deposit.missedTopUp.enumerated() where sanction.kind == .suspend && (sanction.days ?? 0) < 1 {
                problems.append(("deposit.missedTopUp[\(index)].days", "a suspension needs days ≥ 1"))
            }
            if rulebook.appeals.maxPerDecision < 1 { problems.append(("appeals.maxPerDecision", "must be at least 1")) }
            if let days = rulebook.appeals.laterAppealWindowDays, days < 1 {
                problems.append(("appeals.laterAppealWindowDays", "must be at least 1"))
            }
            if rulebook.appeals.maxStatementLength < 1 { problems.append(("appeals.maxStatementLength", "must be at least 1")) }
            if rulebook.appeals.maxAttachments < 0 { problems.append(("appeals.maxAttachments", "must not be negative")) }
            problems += governanceProblems(rulebook)
            return problems
        }
    }

    /// The default rulebook shipped in the package's resources.
    public static func bundledDefault() throws(PolicyFileError) -> Rulebook {
        try load(yaml: try bundledDefaultText(), file: "Resources/rulebook.yaml")
    }

    /// The rulebook as a YAML file that loads back to an equal rulebook; for a rulebook built in
    /// code, whose original text there is none of.
    public func yamlText() throws(PolicyFileError) -> String {
        do { return try YAMLEncoder().encode(self) } catch {
            throw PolicyFileError(file: version, line: nil, key: "", message: "cannot encode the rulebook: \(error)")
        }
    }

    /// The text of the default rulebook, as the registry stores it when it seeds itself.
    public static func bundledDefaultText() throws(PolicyFileError) -> String {
        try bundledText("rulebook.yaml")
    }
}

/// The problems in a rulebook's ledgers and violation types, as `(key, message)`.
func governanceProblems(_ rulebook: Rulebook) -> [(key: String, message: String)] {
    var problems: [(key: String, message: String)] = []
    var ledgerCodes: Set<String> = []
    for (index, ledger) in rulebook.ledgers.enumerated() {
        if !ledgerCodes.insert(ledger.code).inserted { problems.append(("ledgers[\(index)].code", "'\(ledger.code)' appears twice")) }
        let thresholds = ledger.nodes.map(\.at)
        if thresholds != thresholds.sorted() || Set(thresholds).count != thresholds.count {
            problems.append(("ledgers[\(index)].nodes", "node thresholds must be distinct and ascending"))
        }
        if let step = ledger.repeatEvery, step < 1 { problems.append(("ledgers[\(index)].repeatEvery", "must be at least 1")) }
        if case .rolling(let days, _) = ledger.expiry, days < 1 { problems.append(("ledgers[\(index)].expiry", "days must be at least 1")) }
    }
    let timed: Set<SanctionKind> = [.restrictRights, .searchDemotion, .withholdPayouts, .suspend]
    for (index, ledger) in rulebook.ledgers.enumerated() {
        for (nodeIndex, node) in ledger.nodes.enumerated() {
            for (sanctionIndex, sanction) in node.sanctions.enumerated() where timed.contains(sanction.kind) && (sanction.days ?? 0) < 1 {
                problems.append(
                    ("ledgers[\(index)].nodes[\(nodeIndex)].sanctions[\(sanctionIndex)].days", "a \(sanction.kind.rawValue) sanction needs days ≥ 1"))
            }
        }
    }
    for (index, violation) in rulebook.violations.enumerated() {
        for (sanctionIndex, sanction) in violation.sanctions.enumerated() where timed.contains(sanction.kind) && (sanction.days ?? 0) < 1 {
            problems.append(("violations[\(index)].sanctions[\(sanctionIndex)].days", "a \(sanction.kind.rawValue) sanction needs days ≥ 1"))
        }
    }
    var violationCodes: Set<String> = []
    for (index, ledger) in rulebook.ledgers.enumerated() {
        for (nodeIndex, node) in ledger.nodes.enumerated() {
            problems += deductionProblems(node.deposit, key: "ledgers[\(index)].nodes[\(nodeIndex)].deposit")
            if case .perBuyer = node.deposit { problems.append(("ledgers[\(index)].nodes[\(nodeIndex)].deposit", "a node cannot compensate buyers")) }
            if case .reportedLoss = node.deposit {
                problems.append(("ledgers[\(index)].nodes[\(nodeIndex)].deposit", "a node cannot take a reported loss"))
            }
        }
    }
    for (index, violation) in rulebook.violations.enumerated() {
        let key = "violations[\(index)]"
        if !violationCodes.insert(violation.code).inserted { problems.append(("\(key).code", "'\(violation.code)' appears twice")) }
        if let ledger = violation.ledger, !ledgerCodes.contains(ledger) {
            problems.append(("\(key).ledger", "no ledger '\(ledger)' is declared"))
        }
        if violation.points < 0 || (violation.pointsTiers ?? []).contains(where: { $0.points < 0 }) {
            problems.append(("\(key).points", "points must not be negative"))
        }
        if violation.ledger == nil && (violation.points > 0 || violation.pointsTiers != nil) {
            problems.append(("\(key).ledger", "a violation with points must name its ledger"))
        }
        problems += deductionProblems(violation.deposit, key: "\(key).deposit")
        if violation.appealWindowDays < 1 { problems.append(("\(key).appealWindowDays", "must be at least 1")) }
        if violation.source.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(("\(key).source", "say where the numbers come from, or that they were chosen"))
        }
    }
    return problems
}

/// The problems in one deposit deduction, keyed at `key`.
func deductionProblems(_ deduction: DepositDeduction?, key: String) -> [(key: String, message: String)] {
    switch deduction {
    case .shareOfRequired(let percent):
        return (0...100).contains(percent) ? [] : [(key, "a share must be 0–100 percent")]
    case .fixed(let amount), .greaterOfFixedAndDeposit(let amount):
        return amount < .zero ? [(key, "must not be negative")] : []
    case .perBuyer(let percent, let minimum, let maximum, _):
        var problems: [(key: String, message: String)] = []
        if !(0...100).contains(percent) { problems.append((key, "a share must be 0–100 percent")) }
        if minimum < .zero || maximum < minimum { problems.append((key, "need 0 ≤ minimum ≤ maximum")) }
        return problems
    case .all, .reportedLoss, nil:
        return []
    }
}

extension CategoryTable {
    /// Parses and validates a category table; errors name the file, line and key.
    public static func load(yaml: String, file: String) throws(PolicyFileError) -> CategoryTable {
        try PolicyFile.load(CategoryTable.self, yaml: yaml, file: file) { table in
            var problems: [(key: String, message: String)] = []
            var seen: Set<String> = []
            if table.categories.isEmpty { problems.append(("categories", "at least one category is required")) }
            for (index, category) in table.categories.enumerated() {
                if category.code.isEmpty { problems.append(("categories[\(index)].code", "must not be empty")) }
                if !seen.insert(category.code).inserted {
                    problems.append(("categories[\(index)].code", "'\(category.code)' appears twice"))
                }
                let schedule = category.deposit
                let amounts: [(String, Money?)] = [
                    ("individual", schedule.individual), ("enterprise", schedule.enterprise),
                    ("specialty", schedule.specialty), ("exclusive", schedule.exclusive), ("flagship", schedule.flagship),
                ]
                for case (let key, let amount?) in amounts where amount < .zero {
                    problems.append(("categories[\(index)].deposit.\(key)", "a deposit must not be negative"))
                }
            }
            return problems
        }
    }

    /// The default category table shipped in the package's resources.
    public static func bundledDefault() throws(PolicyFileError) -> CategoryTable {
        try load(yaml: try bundledText("categories.yaml"), file: "Resources/categories.yaml")
    }
}

/// The text of a resource file shipped with WardenCore.
func bundledText(_ name: String) throws(PolicyFileError) -> String {
    guard let url = Bundle.module.url(forResource: name, withExtension: nil),
        let text = try? String(contentsOf: url, encoding: .utf8)
    else { throw PolicyFileError(file: name, line: nil, key: "", message: "the bundled resource is missing") }
    return text
}
