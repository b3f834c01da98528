import Foundation

/// What screening decided about a listing revision.
public enum ListingDecision: String, Hashable, Sendable, Codable, Comparable {
    /// Nothing found: the listing goes live.
    case pass
    /// A reviewer decides: the listing waits in the review queue (待审核).
    case review
    /// The listing may not be sold: it is refused and its violations are recorded.
    case reject

    public static func < (left: ListingDecision, right: ListingDecision) -> Bool {
        left.rank < right.rank
    }

    private var rank: Int {
        switch self {
        case .pass: 0
        case .review: 1
        case .reject: 2
        }
    }
}

/// One thing screening found in a listing, named so that a merchant and a reviewer can both act
/// on it: the violation type and the rule that governs it, the term and its dictionary category,
/// where it is in which field of the original text, and the disguise normalisation undid.
public struct ListingFinding: Hashable, Sendable, Codable {
    /// The rulebook's violation type (`prohibited-goods`, `wrong-category`, `three-no-product`,
    /// `counterfeit`, `information-cheating`).
    public var violation: String
    /// The rule: the violation type's key in the rulebook version in force, `CODE@VERSION`.
    public var rule: String
    /// The dictionary category (`firearms`, `brand:nike`, `three-no`, `used-cars`, …).
    public var category: String
    public var term: String
    /// The field the span is in: `title`, `description`, `brand` or `attributes.<key>`.
    public var field: String?
    /// The span in the field's original text, in Unicode scalar offsets, end exclusive.
    public var span: [Int]
    /// The main normalisation that exposed the term (`exact` when written plainly).
    public var technique: String
    public var techniques: [String]
    public var decision: ListingDecision
    /// For 错放类目: the category the goods belong in.
    public var belongsIn: String?

    public init(
        violation: String, rule: String, category: String, term: String, field: String?, span: [Int], technique: String,
        techniques: [String], decision: ListingDecision, belongsIn: String? = nil
    ) {
        self.violation = violation
        self.rule = rule
        self.category = category
        self.term = term
        self.field = field
        self.span = span
        self.technique = technique
        self.techniques = techniques
        self.decision = decision
        self.belongsIn = belongsIn
    }
}

/// A revision was screened: the decision, the findings, and the violations recorded for it.
public struct ListingScreened: Hashable, Sendable, Codable {
    /// The revision screened.
    public var revision: Int
    public var decision: ListingDecision
    public var findings: [ListingFinding]
    /// The screening dictionary's version.
    public var dictionaryVersion: String
    /// The rulebook version in force when it was screened.
    public var ruleVersion: String
    /// The ids of the violations recorded against the shop for this revision (on reject).
    public var violations: [String]

    public init(
        revision: Int, decision: ListingDecision, findings: [ListingFinding], dictionaryVersion: String, ruleVersion: String,
        violations: [String]
    ) {
        self.revision = revision
        self.decision = decision
        self.findings = findings
        self.dictionaryVersion = dictionaryVersion
        self.ruleVersion = ruleVersion
        self.violations = violations
    }
}

/// A reviewer's decision on a revision screening sent to review.
public struct ListingReviewed: Hashable, Sendable, Codable {
    public enum Verdict: String, Hashable, Sendable, Codable {
        /// The findings are benign here: the listing goes live.
        case approve
        /// The findings stand: the listing is refused and its violations are recorded.
        case reject
    }

    public var revision: Int
    public var verdict: Verdict
    public var reviewer: PrincipalID
    public var note: String?
    /// The ids of the violations recorded against the shop (on reject).
    public var violations: [String]

    public init(revision: Int, verdict: Verdict, reviewer: PrincipalID, note: String?, violations: [String]) {
        self.revision = revision
        self.verdict = verdict
        self.reviewer = reviewer
        self.note = note
        self.violations = violations
    }
}
