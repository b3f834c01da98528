/// One thing screening found in a text: which term of which category, where in the original
/// text, and the disguise normalisation undid to expose it.
public struct ScreeningFinding: Hashable, Sendable, Codable {
    /// The rulebook violation type the finding records.
    public var violation: String
    /// The dictionary category's code.
    public var category: String
    public var term: String
    /// The matched span of the original text, in Unicode scalar offsets, end exclusive.
    public var span: [Int]
    /// The main technique (`exact` when the text was written plainly).
    public var technique: String
    /// Every normalisation the match went through.
    public var techniques: [String]
    public var decision: ScreeningDecision
}

/// What screening made of a text: the heaviest decision of its findings.
public struct ScreeningResult: Hashable, Sendable, Codable {
    public var decision: ScreeningDecision
    public var findings: [ScreeningFinding]
}

/// Screens texts against a dictionary, through every normalisation of ``Normalizer``.
///
/// Terms and their exception phrases are normalised like the text, so that a disguised text
/// meets the term in one form. A match is dropped when one of its term's exception phrases
/// covers it (水枪 covers 枪).
public struct Screener: Sendable {
    public let normalizer: Normalizer
    public let dictionary: ScreeningDictionary
    private let entries: [Entry]
    private let terms: AhoCorasick
    private let sounds: PinyinMatcher
    private let exceptions: AhoCorasick
    /// The entry each exception phrase belongs to.
    private let exceptionOwners: [Int]

    private struct Entry: Sendable {
        var category: ScreeningDictionary.TermCategory
        var term: String
    }

    public init(dictionary: ScreeningDictionary, tables: CharacterTables) {
        let normalizer = Normalizer(tables: tables)
        var entries: [Entry] = []
        var patterns: [[Unicode.Scalar]] = []
        var exceptionPatterns: [[Unicode.Scalar]] = []
        var owners: [Int] = []
        for category in dictionary.categories {
            for term in category.terms {
                let index = entries.count
                entries.append(Entry(category: category, term: term.term))
                patterns.append(normalizer.normalize(term.term).map(\.scalar))
                for phrase in term.exceptions ?? [] {
                    exceptionPatterns.append(normalizer.normalize(phrase).map(\.scalar))
                    owners.append(index)
                }
            }
        }
        self.normalizer = normalizer
        self.dictionary = dictionary
        self.entries = entries
        self.terms = AhoCorasick(patterns: patterns)
        self.sounds = PinyinMatcher(terms: patterns, tables: tables)
        self.exceptions = AhoCorasick(patterns: exceptionPatterns)
        self.exceptionOwners = owners
    }

    /// Screens `text`.
    public func screen(_ text: String) -> ScreeningResult {
        let plain = normalizer.normalize(text)
        var findings = findings(in: plain, bySound: true)
        if let composed = normalizer.composed(plain) {
            // The composed reading only adds what a composition exposed.
            for finding in self.findings(in: composed, bySound: false) where finding.techniques.contains("split") && !findings.contains(finding) {
                findings.append(finding)
            }
        }
        findings.sort { ($0.span[0], $0.span[1], $0.term) < ($1.span[0], $1.span[1], $1.term) }
        return ScreeningResult(decision: findings.map(\.decision).max() ?? .pass, findings: findings)
    }

    private func findings(in units: [NormalizedUnit], bySound: Bool) -> [ScreeningFinding] {
        let scalars = units.map(\.scalar)
        // Where each entry's exception phrases lie, as unit ranges.
        var covered: [Int: [Range<Int>]] = [:]
        exceptions.scan(scalars) { pattern, end in
            covered[exceptionOwners[pattern], default: []].append((end - exceptions.lengths[pattern])..<end)
        }
        var matches: [(term: Int, units: Range<Int>, technique: String?)] = []
        terms.scan(scalars) { pattern, end in matches.append((pattern, (end - terms.lengths[pattern])..<end, nil)) }
        if bySound {
            matches += sounds.matches(in: units).map { ($0.term, $0.units, Optional($0.technique)) }
        }
        var found: [ScreeningFinding] = []
        for match in matches {
            let (start, end) = (match.units.lowerBound, match.units.upperBound)
            if let ranges = covered[match.term], ranges.contains(where: { $0.lowerBound <= start && $0.upperBound >= end }) { continue }
            let entry = entries[match.term]
            // A separator before the first unit lies outside the match.
            let first = units[start].techniques.subtracting(.separated)
            let names = (match.technique.map { [$0] } ?? []) + Self.names(units[(start + 1)..<end].reduce(first) { $0.union($1.techniques) })
            let finding = ScreeningFinding(
                violation: entry.category.violation, category: entry.category.code, term: entry.term,
                span: [units[start].start, units[end - 1].end], technique: names.first ?? "exact", techniques: names,
                decision: entry.category.decision)
            if !found.contains(where: { $0.term == finding.term && $0.span == finding.span }) { found.append(finding) }
        }
        // A shorter term inside a longer one of the same category says nothing new.
        return found.filter { finding in
            !found.contains { other in
                other != finding && other.category == finding.category && other.span[0] <= finding.span[0] && other.span[1] >= finding.span[1]
                    && other.span[1] - other.span[0] > finding.span[1] - finding.span[0]
            }
        }
    }

    /// The techniques' names, the most telling first.
    static func names(_ techniques: Techniques) -> [String] {
        let order: [(Techniques, String)] = [
            (.split, "split"), (.traditional, "traditional"), (.lookalike, "lookalike"), (.separated, "separated"),
            (.repeated, "repeated"), (.width, "width"), (.caseFolded, "case"),
        ]
        return order.filter { techniques.contains($0.0) }.map(\.1)
    }
}
