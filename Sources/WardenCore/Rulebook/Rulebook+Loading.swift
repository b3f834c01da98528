public import Foundation

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
            return problems
        }
    }

    /// The default rulebook shipped in the package's resources.
    public static func bundledDefault() throws(PolicyFileError) -> Rulebook {
        try load(yaml: try bundledText("rulebook.yaml"), file: "Resources/rulebook.yaml")
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
