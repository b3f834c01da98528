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
    /// The listing field the span is in (`title`, `description`, an attribute's key).
    public var field: String?
    /// For a misplaced listing: the category the goods belong in.
    public var belongsIn: String?
}

/// A listing as screening reads it.
public struct ScreenedListing: Sendable, Codable {
    public var title: String
    public var description: String?
    /// The category the merchant listed it under.
    public var category: String?
    public var brand: String?
    /// Product facts (`productName`, `manufacturerName`, `manufacturerAddress`, …); checked for
    /// 三无 only when given.
    public var attributes: [String: String]?

    public init(
        title: String, description: String? = nil, category: String? = nil, brand: String? = nil, attributes: [String: String]? = nil
    ) {
        self.title = title
        self.description = description
        self.category = category
        self.brand = brand
        self.attributes = attributes
    }
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
    /// The brands whose mentions are counterfeit signals.
    public let brands: BrandMatcher
    private let entries: [Entry]
    private let terms: AhoCorasick
    private let sounds: PinyinMatcher
    private let exceptions: AhoCorasick
    private let categoryTerms: AhoCorasick
    /// The rule and term of each category pattern.
    private let categoryOwners: [(rule: ScreeningDictionary.CategoryRule, term: String)]
    /// The entry each exception phrase belongs to.
    private let exceptionOwners: [Int]

    private struct Entry: Sendable {
        var category: ScreeningDictionary.TermCategory
        var term: String
    }

    /// A screener for `dictionary`'s terms and, when given, `brands`' names.
    public init(dictionary: ScreeningDictionary, tables: CharacterTables, brands: BrandDictionary = BrandDictionary()) {
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
        self.brands = BrandMatcher(dictionary: brands, normalizer: normalizer)
        self.entries = entries
        self.terms = AhoCorasick(patterns: patterns)
        self.sounds = PinyinMatcher(terms: patterns, tables: tables)
        self.exceptions = AhoCorasick(patterns: exceptionPatterns)
        self.exceptionOwners = owners
        var categoryPatterns: [[Unicode.Scalar]] = []
        var categoryOwners: [(rule: ScreeningDictionary.CategoryRule, term: String)] = []
        for rule in dictionary.categoryRules ?? [] {
            for term in rule.terms {
                categoryPatterns.append(normalizer.normalize(term).map(\.scalar))
                categoryOwners.append((rule, term))
            }
        }
        self.categoryTerms = AhoCorasick(patterns: categoryPatterns)
        self.categoryOwners = categoryOwners
    }

    /// Screens a whole listing: its title and description, where it is listed (错放类目), when
    /// attributes are given its product facts (三无), and every brand it names (售假), as a shop
    /// authorised for none.
    public func screen(listing: ScreenedListing) -> ScreeningResult {
        screen(listing: listing, authorisedBrands: [])
    }

    /// The findings of a listing's goods, place and facts: all but brands.
    func goodsFindings(_ listing: ScreenedListing) -> [ScreeningFinding] {
        var findings: [ScreeningFinding] = []
        for (field, text) in [("title", listing.title), ("description", listing.description ?? "")] where !text.isEmpty {
            findings += screen(text).findings.map { finding in
                var finding = finding
                finding.field = field
                return finding
            }
            if let category = listing.category {
                findings += misplaced(text, listedUnder: category).map { finding in
                    var finding = finding
                    finding.field = field
                    return finding
                }
            }
        }
        if let attributes = listing.attributes { findings += ProductFacts.findings(attributes) }
        return findings
    }

    /// 错放类目: terms in `text` that belong in a category other than `category`.
    public func misplaced(_ text: String, listedUnder category: String) -> [ScreeningFinding] {
        let units = normalizer.normalize(text)
        var found: [ScreeningFinding] = []
        categoryTerms.scan(units.map(\.scalar)) { pattern, end in
            let owner = categoryOwners[pattern]
            guard owner.rule.belongsIn != category else { return }
            let start = end - categoryTerms.lengths[pattern]
            let names = Self.names(units[(start + 1)..<end].reduce(units[start].techniques.subtracting(.separated)) { $0.union($1.techniques) })
            let finding = ScreeningFinding(
                violation: "wrong-category", category: owner.rule.code, term: owner.term, span: [units[start].start, units[end - 1].end],
                technique: names.first ?? "exact", techniques: names, decision: .reject, belongsIn: owner.rule.belongsIn)
            if !found.contains(where: { $0.span == finding.span }) { found.append(finding) }
        }
        return found
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
        // Every benign phrase, whichever term it belongs to.
        var benign: [Range<Int>] = []
        exceptions.scan(scalars) { pattern, end in
            let range = (end - exceptions.lengths[pattern])..<end
            // An exception is a phrase written as one: 银行卡 包邮 is not 银行卡包.
            guard !units[(range.lowerBound + 1)..<range.upperBound].contains(where: { $0.techniques.contains(.separated) }) else { return }
            covered[exceptionOwners[pattern], default: []].append(range)
            benign.append(range)
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
            // A separator inside the match that starts a benign phrase reaching past it is a word
            // boundary: 羊毛卷 烟花烫 is not 卷烟.
            if benign.contains(where: {
                start < $0.lowerBound && $0.lowerBound < end && $0.upperBound > end && units[$0.lowerBound].techniques.contains(.separated)
            }) {
                continue
            }
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
