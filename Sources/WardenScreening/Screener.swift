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
///
/// Its fields live in one shared, immutable box: listings are passed and copied by value (an
/// array of them iterated, a service's argument), and a copy is then one reference count where
/// five fields took five, through the type's value witnesses (about 250 instructions a listing
/// copied and destroyed, a sixth of screening a short title). Setting a field makes a new box.
public struct ScreenedListing: Sendable, Codable {
    private var storage: Storage

    /// The fields, never changed once boxed.
    private final class Storage: Sendable {
        let title: String
        let description: String?
        let category: String?
        let brand: String?
        let attributes: [String: String]?

        init(title: String, description: String?, category: String?, brand: String?, attributes: [String: String]?) {
            self.title = title
            self.description = description
            self.category = category
            self.brand = brand
            self.attributes = attributes
        }

        /// A copy with `change` applied to its fields.
        func with(_ change: (inout Fields) -> Void) -> Storage {
            var fields = Fields(title: title, description: description, category: category, brand: brand, attributes: attributes)
            change(&fields)
            return Storage(
                title: fields.title, description: fields.description, category: fields.category, brand: fields.brand,
                attributes: fields.attributes)
        }
    }

    /// The fields as values, for ``Storage/with(_:)``.
    private struct Fields {
        var title: String
        var description: String?
        var category: String?
        var brand: String?
        var attributes: [String: String]?
    }

    public var title: String {
        get { storage.title }
        set { storage = storage.with { $0.title = newValue } }
    }

    public var description: String? {
        get { storage.description }
        set { storage = storage.with { $0.description = newValue } }
    }

    /// The category the merchant listed it under.
    public var category: String? {
        get { storage.category }
        set { storage = storage.with { $0.category = newValue } }
    }

    public var brand: String? {
        get { storage.brand }
        set { storage = storage.with { $0.brand = newValue } }
    }

    /// Product facts (`productName`, `manufacturerName`, `manufacturerAddress`, …); checked for
    /// 三无 only when given.
    public var attributes: [String: String]? {
        get { storage.attributes }
        set { storage = storage.with { $0.attributes = newValue } }
    }

    public init(
        title: String, description: String? = nil, category: String? = nil, brand: String? = nil, attributes: [String: String]? = nil
    ) {
        storage = Storage(title: title, description: description, category: category, brand: brand, attributes: attributes)
    }

    /// Whether the listing is its title alone: no description, category, brand or attributes.
    var isTitleOnly: Bool {
        storage.description == nil && storage.category == nil && storage.brand == nil && storage.attributes == nil
    }

    private enum CodingKeys: String, CodingKey {
        case title, description, category, brand, attributes
    }

    /// Decodes the fields as the synthesised conformance did: `title`, and the others when present.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            title: try container.decode(String.self, forKey: .title),
            description: try container.decodeIfPresent(String.self, forKey: .description),
            category: try container.decodeIfPresent(String.self, forKey: .category),
            brand: try container.decodeIfPresent(String.self, forKey: .brand),
            attributes: try container.decodeIfPresent([String: String].self, forKey: .attributes))
    }

    /// Encodes the fields as the synthesised conformance did, in the same order, absent ones left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encodeIfPresent(category, forKey: .category)
        try container.encodeIfPresent(brand, forKey: .brand)
        try container.encodeIfPresent(attributes, forKey: .attributes)
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
    /// The compiled matchers and tables, shared by every copy: a screener is passed around by
    /// value (services, dependencies) and copying one is a single reference.
    let compiled: Compiled

    /// The normaliser texts and terms go through.
    public var normalizer: Normalizer { compiled.normalizer }
    public var dictionary: ScreeningDictionary { compiled.dictionary }
    /// The brands whose mentions are counterfeit signals.
    public var brands: BrandMatcher { compiled.brands }

    struct Entry: Sendable {
        var category: ScreeningDictionary.TermCategory
        var term: String
    }

    /// What a finding of an entry says of it, taken from its category and term once, so that
    /// making a finding copies three strings, not the entry's whole category.
    struct EntryFinding: Sendable {
        var violation: String
        var category: String
        var term: String
        var decision: ScreeningDecision
    }

    /// A listing field normalised, with the terms and brand names found in it by one scan.
    struct ScannedText {
        /// The field's units, lent by ``withScanned(_:_:)`` for its call only.
        var units: NormalizedText
        /// What the scan found; nil when it found nothing (most fields), so that no list is made
        /// or released for them.
        var found: Occurrences?

        /// The occurrences of one scan, terms and brand names apart, lent with the units.
        struct Occurrences {
            var terms: OccurrenceList
            var brandNames: OccurrenceList
        }

        /// A field the listing leaves out.
        static var absent: ScannedText { ScannedText(units: NormalizedText(start: nil, count: 0), found: nil) }
    }

    /// Calls `body` with `text` normalised and its terms and brand names, found in one pass
    /// (``ScannedText/absent`` when there is no text).
    @inline(__always) func withScanned<Result>(_ text: String?, _ body: (ScannedText) -> Result) -> Result {
        guard let text else { return body(.absent) }
        return compiled.normalizer.withNormalized(text) { withScan($0, body) }
    }

    /// Calls `body` with `units` and the terms and brand names found in them in one pass.
    @inline(__always) func withScan<Result>(_ units: NormalizedText, _ body: (ScannedText) -> Result) -> Result {
        guard let first = firstTermOrBrandName(in: units) else { return body(ScannedText(units: units, found: nil)) }
        return withScan(units, from: first, body)
    }

    /// Where the first term or brand name in `units` ends (``AhoCorasick/firstMatch(in:)``); nil
    /// for none, the common case, for which no occurrence is kept anywhere.
    @inline(__always) func firstTermOrBrandName(in units: NormalizedText) -> (position: Int, state: Int32)? {
        // The units are the compiled normaliser's, marked where their character may start a term.
        compiled.termsAndBrandNames.firstMatch(in: units, markedBy: UnitTraits.mayStartTerm)
    }

    /// How many occurrences a scan keeps on the stack: 1 KB, which `withUnsafeTemporaryAllocation`
    /// always places there (42, more than a title holds).
    static let stackOccurrences = 1024 / MemoryLayout<(pattern: Int, units: Range<Int>)>.stride

    /// As ``withScan(_:_:)`` from the first occurrence, `first` as ``firstTermOrBrandName(in:)``
    /// found it. The occurrences live in stack memory lent for the call, terms from its start
    /// and brand names from its end, instead of two arrays (an allocation, the growth of each,
    /// and their release for every field that holds a term or a name); a text with more than
    /// ``stackOccurrences`` is scanned again into arrays.
    func withScan<Result>(_ units: NormalizedText, from first: (position: Int, state: Int32), _ body: (ScannedText) -> Result) -> Result {
        let termCount = compiled.terms.lengths.count
        return withUnsafeTemporaryAllocation(of: (pattern: Int, units: Range<Int>).self, capacity: Self.stackOccurrences) { space in
            var terms = 0
            // The brand names are written backwards from the end, and turned round after.
            var brandNames = 0
            var overflowed = false
            compiled.termsAndBrandNames.forEachOccurrence(in: units, from: first, markedBy: UnitTraits.mayStartTerm) { pattern, range in
                guard terms + brandNames < space.count else {
                    overflowed = true
                    return
                }
                if pattern < termCount {
                    space.initializeElement(at: terms, to: (pattern, range))
                    terms += 1
                } else {
                    brandNames += 1
                    space.initializeElement(at: space.count - brandNames, to: (pattern - termCount, range))
                }
            }
            guard !overflowed else { return withScanIntoArrays(units, from: first, body) }
            let names = space[(space.count - brandNames)...]
            var turned = UnsafeMutableBufferPointer(rebasing: names)
            turned.reverse()
            return body(
                ScannedText(
                    units: units,
                    found: ScannedText.Occurrences(terms: OccurrenceList(rebasing: space[..<terms]), brandNames: OccurrenceList(rebasing: names)))
            )
        }
    }

    /// ``withScan(_:from:_:)`` for a text with more occurrences than the stack keeps.
    private func withScanIntoArrays<Result>(
        _ units: NormalizedText, from first: (position: Int, state: Int32), _ body: (ScannedText) -> Result
    ) -> Result {
        var terms: [(pattern: Int, units: Range<Int>)] = []
        var brandNames: [(pattern: Int, units: Range<Int>)] = []
        let termCount = compiled.terms.lengths.count
        compiled.termsAndBrandNames.forEachOccurrence(in: units, from: first) { pattern, range in
            if pattern < termCount {
                terms.append((pattern, range))
            } else {
                brandNames.append((pattern - termCount, range))
            }
        }
        return terms.withUnsafeBufferPointer { terms in
            brandNames.withUnsafeBufferPointer { brandNames in
                body(ScannedText(units: units, found: ScannedText.Occurrences(terms: terms, brandNames: brandNames)))
            }
        }
    }

    /// What ``Screener/init(dictionary:tables:brands:)`` builds, once.
    final class Compiled: Sendable {
        let normalizer: Normalizer
        let dictionary: ScreeningDictionary
        let brands: BrandMatcher
        let entries: [Entry]
        /// For each entry, a number shared by the entries written the same (a term in two
        /// categories) and a number shared by the entries of categories with the same code: the
        /// findings compare these instead of copying entries to compare their strings.
        let entryTerms: [Int32]
        let entryCategories: [Int32]
        /// Each entry's ``EntryFinding``.
        let entryFindings: [EntryFinding]
        let terms: AhoCorasick
        /// The terms' patterns, then the brand names' (``BrandMatcher/namePatterns``): a listing
        /// field is scanned once for both.
        let termsAndBrandNames: AhoCorasick
        let sounds: PinyinMatcher
        let exceptions: AhoCorasick
        let categoryTerms: AhoCorasick
        /// The rule and term of each category pattern.
        let categoryOwners: [(rule: ScreeningDictionary.CategoryRule, term: String)]
        /// The entry each exception phrase belongs to.
        let exceptionOwners: [Int]
        /// Every character of every term. The BMP characters that are the first half of a
        /// composition making one of them (木 of 木仓 for 枪), and the second halves, are marked
        /// in the units the normaliser writes (``UnitTraits``).
        let termCharacters: Set<UInt32>

        init(dictionary: ScreeningDictionary, tables: CharacterTables, brands: BrandDictionary) {
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
            self.dictionary = dictionary
            let brandMatcher = BrandMatcher(dictionary: brands, normalizer: normalizer)
            self.brands = brandMatcher
            self.entries = entries
            entryFindings = entries.map {
                EntryFinding(violation: $0.category.violation, category: $0.category.code, term: $0.term, decision: $0.category.decision)
            }
            var termNumbers: [String: Int32] = [:]
            var categoryNumbers: [String: Int32] = [:]
            entryTerms = entries.map { entry in
                if let known = termNumbers[entry.term] { return known }
                termNumbers[entry.term] = Int32(termNumbers.count)
                return Int32(termNumbers.count - 1)
            }
            entryCategories = entries.map { entry in
                if let known = categoryNumbers[entry.category.code] { return known }
                categoryNumbers[entry.category.code] = Int32(categoryNumbers.count)
                return Int32(categoryNumbers.count - 1)
            }
            self.terms = AhoCorasick(patterns: patterns)
            self.termsAndBrandNames = AhoCorasick(patterns: patterns + brandMatcher.namePatterns)
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
            let termCharacters = Set(patterns.joined().map(\.value))
            var starts = BitSet.basicPlane
            var ends = starts
            for (key, whole) in tables.composition where termCharacters.contains(whole.value) {
                let (first, second) = (key >> 32, key & 0xFFFF_FFFF)
                if first < 0x10000 { starts.insert(Int(first)) }
                if second < 0x10000 { ends.insert(Int(second)) }
            }
            self.termCharacters = termCharacters
            // What the units of a listing's fields carry for the scan and the composed-reading check.
            var traits = sounds.pairClassTraits()
            for value in 0..<0x10000 {
                if termsAndBrandNames.leavesRoot(value) { traits[value] |= UnitTraits.mayStartTerm }
                if starts.contains(value) { traits[value] |= UnitTraits.compositionStart }
                if ends.contains(value) { traits[value] |= UnitTraits.compositionEnd }
            }
            self.normalizer = normalizer.withScreeningTraits(traits)
        }
    }

    /// A screener for `dictionary`'s terms and, when given, `brands`' names.
    public init(dictionary: ScreeningDictionary, tables: CharacterTables, brands: BrandDictionary = BrandDictionary()) {
        compiled = Compiled(dictionary: dictionary, tables: tables, brands: brands)
    }

    /// Screens a whole listing: its title and description, where it is listed (错放类目), when
    /// attributes are given its product facts (三无), and every brand it names (售假), as a shop
    /// authorised for none.
    public func screen(listing: ScreenedListing) -> ScreeningResult {
        screen(listing: listing, authorisedBrands: [])
    }

    /// The findings of a listing's goods, place and facts, all but brands, for its title and
    /// description already normalised; nil for none (most listings: no list is made).
    func goodsFindings(
        category: String?, attributes: [String: String]?, title: ScannedText, description: ScannedText
    ) -> [ScreeningFinding]? {
        var findings: [ScreeningFinding]? = nil
        add(title, field: "title", listedUnder: category, to: &findings)
        add(description, field: "description", listedUnder: category, to: &findings)
        if let attributes { Self.append(ProductFacts.findings(attributes), field: nil, to: &findings) }
        return findings
    }

    /// Adds the findings of one field's text, with the field's name, to `findings`.
    private func add(_ text: ScannedText, field: String, listedUnder category: String?, to findings: inout [ScreeningFinding]?) {
        let units = text.units
        guard !units.isEmpty else { return }
        if let found = self.findings(units: units, termOccurrences: text.found?.terms) { Self.append(found, field: field, to: &findings) }
        if let category { Self.append(misplaced(units, listedUnder: category), field: field, to: &findings) }
    }

    /// Adds `found` to `findings`, each with the field's name when given (moved, not copied,
    /// into an empty `findings`, the common case of one field with findings).
    private static func append(_ found: consuming [ScreeningFinding], field: String?, to findings: inout [ScreeningFinding]?) {
        guard !found.isEmpty else { return }
        if let field { for index in found.indices { found[index].field = field } }
        if findings?.isEmpty ?? true { findings = found } else { findings?.append(contentsOf: found) }
    }

    /// Adds one finding to `findings`, making the list for the first.
    static func append(_ finding: ScreeningFinding, to findings: inout [ScreeningFinding]?) {
        if findings == nil { findings = [finding] } else { findings?.append(finding) }
    }

    /// 错放类目: terms in `text` that belong in a category other than `category`.
    public func misplaced(_ text: String, listedUnder category: String) -> [ScreeningFinding] {
        compiled.normalizer.withNormalized(text) { misplaced($0, listedUnder: category) }
    }

    private func misplaced(_ units: NormalizedText, listedUnder category: String) -> [ScreeningFinding] {
        var found: [ScreeningFinding] = []
        for (pattern, range) in compiled.categoryTerms.occurrences(in: units) {
            let owner = compiled.categoryOwners[pattern]
            guard owner.rule.belongsIn != category else { continue }
            let (start, end) = (range.lowerBound, range.upperBound)
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
        compiled.normalizer.withNormalized(text) { units in
            compiled.terms.occurrences(in: units).withUnsafeBufferPointer { Self.result(findings(units: units, termOccurrences: $0)) }
        }
    }

    /// The result of `findings` (nil: none): the heaviest decision among them.
    static func result(_ findings: consuming [ScreeningFinding]?) -> ScreeningResult {
        guard let findings, !findings.isEmpty else { return ScreeningResult(decision: .pass, findings: []) }
        return ScreeningResult(decision: findings.lazy.map(\.decision).max() ?? .pass, findings: findings)
    }

    /// The findings, sorted, of a text already normalised whose term occurrences are already
    /// found (nil: none); nil when there are none. `soundMayMatch`: what the sound channel's
    /// prefilter (``PinyinMatcher/mayMatch(_:)``) said of the text, when it was asked already.
    func findings(units plain: NormalizedText, termOccurrences: OccurrenceList?, soundMayMatch: Bool? = nil) -> [ScreeningFinding]? {
        var findings = findings(in: plain, bySound: soundMayMatch ?? true, termOccurrences: termOccurrences, prefiltered: soundMayMatch != nil)
        if composesTermCharacter(plain), let composed = compiled.normalizer.composed(plain) {
            // The composed reading only adds what a composition exposed.
            composed.withUnsafeBufferPointer { composed in
                let composedFindings = compiled.terms.occurrences(in: composed).withUnsafeBufferPointer {
                    self.findings(in: composed, bySound: false, termOccurrences: $0)
                }
                for finding in composedFindings ?? []
                where finding.techniques.contains("split") && !(findings?.contains(finding) ?? false) {
                    Self.append(finding, to: &findings)
                }
            }
        }
        // Taken out of the optional, so that sorting changes the one copy.
        guard var sorted = findings.take(), !sorted.isEmpty else { return nil }
        sorted.sort { ($0.span[0], $0.span[1], $0.term) < ($1.span[0], $1.span[1], $1.term) }
        return sorted
    }

    /// Whether two adjacent characters of `units` are the halves of a character some term holds:
    /// only then can the composed reading add a finding, so only then is it built.
    func composesTermCharacter(_ units: NormalizedText) -> Bool {
        guard units.count >= 2, let start = units.baseAddress else { return false }
        // The halves are marked in the units (``UnitTraits``; the compiled normaliser's units,
        // every character beyond the BMP marked as both), so the loop reads no table; it steps
        // through the units by pointer, up to the last.
        let last = start + (units.count - 1)
        // First, without a branch but the loop's: whether any unit marked as a first half is
        // followed by one marked as a second half (``UnitTraits/compositionStart`` is the bit
        // above ``UnitTraits/compositionEnd``). Most titles have none.
        var marks: UInt16 = 0
        var previous = start.pointee.traits
        var next = start + 1
        while next <= last {
            let traits = next.pointee.traits
            marks |= previous &>> 1 & traits
            previous = traits
            next += 1
        }
        guard marks & UnitTraits.compositionEnd != 0 else { return false }
        var unit = start
        while unit < last {
            let first = unit.pointee.traits
            unit += 1
            guard first & UnitTraits.compositionStart != 0, unit.pointee.traits & UnitTraits.compositionEnd != 0 else { continue }
            let (left, right) = ((unit - 1).pointee, unit.pointee)
            guard left.isHan, right.isHan, let whole = compiled.normalizer.tables.composition[CharacterTables.pairKey(left.scalar, right.scalar)]
            else { continue }
            if compiled.termCharacters.contains(whole.value) { return true }
        }
        return false
    }

    /// A match that no exception covers, before it becomes a ``ScreeningFinding``: the entry,
    /// the span of the original text, and what exposed it.
    private struct Candidate {
        var entry: Int
        var start: Int
        var end: Int
        /// The sound channel's technique, for a match by sound.
        var technique: PinyinMatcher.SoundTechnique?
        var techniques: Techniques
    }

    /// The findings of `units` (term occurrences already found, nil for none; by sound too when
    /// `bySound`, the sound prefilter already passed when `prefiltered`), unsorted; nil when
    /// nothing matched, so that most texts make no list.
    private func findings(
        in units: NormalizedText, bySound: Bool, termOccurrences: OccurrenceList?, prefiltered: Bool = false
    ) -> [ScreeningFinding]? {
        let soundMatches = bySound ? compiled.sounds.matches(in: units, prefiltered: prefiltered) : nil
        guard !(termOccurrences?.isEmpty ?? true) || !(soundMatches?.isEmpty ?? true) else { return nil }
        // Where each entry's exception phrases lie, as unit ranges; every one of them is benign,
        // whichever term it belongs to. Kept on the stack (1 KB, 42 phrases, more than a title
        // holds), and in an array beyond that.
        typealias Exception = (owner: Int, units: Range<Int>)
        return withUnsafeTemporaryAllocation(of: Exception.self, capacity: 1024 / MemoryLayout<Exception>.stride) { exceptionSpace in
            var exceptionCount = 0
            var moreExceptions: [Exception] = []
            compiled.exceptions.forEachOccurrence(in: units) { pattern, range in
                // An exception is a phrase written as one: 银行卡 包邮 is not 银行卡包.
                guard !units[(range.lowerBound + 1)..<range.upperBound].contains(where: { $0.techniques.contains(.separated) }) else { return }
                let exception = (owner: compiled.exceptionOwners[pattern], units: range)
                if exceptionCount < exceptionSpace.count {
                    exceptionSpace.initializeElement(at: exceptionCount, to: exception)
                    exceptionCount += 1
                } else {
                    moreExceptions.append(exception)
                }
            }
            let exceptions = UnsafeBufferPointer(rebasing: exceptionSpace[..<exceptionCount])
            return findings(in: units, termOccurrences: termOccurrences, soundMatches: soundMatches, exceptions: exceptions, moreExceptions)
        }
    }

    /// ``findings(in:bySound:termOccurrences:prefiltered:)`` once the exception phrases are
    /// found, in `exceptions` and then `moreExceptions`.
    private func findings(
        in units: NormalizedText, termOccurrences: OccurrenceList?,
        soundMatches: [(term: Int, units: Range<Int>, technique: PinyinMatcher.SoundTechnique)]?,
        exceptions: UnsafeBufferPointer<(owner: Int, units: Range<Int>)>, _ moreExceptions: [(owner: Int, units: Range<Int>)]
    ) -> [ScreeningFinding]? {
        // Whether an exception phrase rules out the match of `term` at `start..<end`.
        func excludes(_ exception: (owner: Int, units: Range<Int>), _ term: Int, _ start: Int, _ end: Int) -> Bool {
            if exception.owner == term && exception.units.lowerBound <= start && exception.units.upperBound >= end { return true }
            // A separator inside the match that starts a benign phrase reaching past it is a
            // word boundary: 羊毛卷 烟花烫 is not 卷烟.
            let phrase = exception.units
            return start < phrase.lowerBound && phrase.lowerBound < end && phrase.upperBound > end
                && units[phrase.lowerBound].techniques.contains(.separated)
        }
        // The candidates, at most one an occurrence or a match, live on the stack for the call.
        let capacity = (termOccurrences?.count ?? 0) + (soundMatches?.count ?? 0)
        return withUnsafeTemporaryAllocation(of: Candidate.self, capacity: capacity) { space in
            var count = 0
            func consider(_ term: Int, _ range: Range<Int>, _ technique: PinyinMatcher.SoundTechnique?) {
                let (start, end) = (range.lowerBound, range.upperBound)
                if exceptions.contains(where: { excludes($0, term, start, end) })
                    || moreExceptions.contains(where: { excludes($0, term, start, end) })
                {
                    return
                }
                // A separator before the first unit lies outside the match.
                let first = units[start].techniques.subtracting(.separated)
                let candidate = Candidate(
                    entry: term, start: units[start].start, end: units[end - 1].end, technique: technique,
                    techniques: units[(start + 1)..<end].reduce(first) { $0.union($1.techniques) })
                let written = compiled.entryTerms[term]
                if !space[..<count].contains(where: {
                    $0.start == candidate.start && $0.end == candidate.end && compiled.entryTerms[$0.entry] == written
                }) {
                    space.initializeElement(at: count, to: candidate)
                    count += 1
                }
            }
            if let termOccurrences { for (pattern, range) in termOccurrences { consider(pattern, range, nil) } }
            if let soundMatches { for match in soundMatches { consider(match.term, match.units, match.technique) } }
            let found = UnsafeBufferPointer(rebasing: space[..<count])
            // A shorter term inside a longer one of the same category says nothing new.
            // The list made once, with room for every candidate (grown one finding at a time, a
            // title with two findings allocated it twice).
            var result: [ScreeningFinding] = []
            result.reserveCapacity(found.count)
            for candidate in found {
                let category = compiled.entryCategories[candidate.entry]
                let inLonger = found.contains { other in
                    other.start <= candidate.start && other.end >= candidate.end && other.end - other.start > candidate.end - candidate.start
                        && compiled.entryCategories[other.entry] == category
                }
                guard !inLonger else { continue }
                let entry = compiled.entryFindings[candidate.entry]
                let names = Self.names(candidate.techniques, readBy: candidate.technique)
                result.append(
                    ScreeningFinding(
                        violation: entry.violation, category: entry.category, term: entry.term, span: [candidate.start, candidate.end],
                        technique: names.first ?? "exact", techniques: names, decision: entry.decision))
            }
            return result
        }
    }

    /// The techniques' names, the most telling first.
    static func names(_ techniques: Techniques) -> [String] { names(techniques, readBy: nil) }

    /// The techniques' names after the sound channel's, when the term was read by sound.
    static func names(_ techniques: Techniques, readBy sound: PinyinMatcher.SoundTechnique?) -> [String] {
        let index = Int(techniques.rawValue)
        guard index < 128 else { return (sound.map { [$0.name] } ?? []) + computeNames(techniques) }
        return techniqueNames[Int(sound.map { $0.rawValue + 1 } ?? 0) * 128 + index]
    }

    /// ``names(_:readBy:)`` for every set of the seven techniques, alone and after each sound
    /// technique, computed once: a finding's techniques are then an array shared with every
    /// other finding, not one built for it.
    private static let techniqueNames: [[String]] = [nil, .pinyin, .initials, .mixed, .homophone].flatMap {
        (sound: PinyinMatcher.SoundTechnique?) in
        (0..<128).map { (sound.map { [$0.name] } ?? []) + computeNames(Techniques(rawValue: UInt16($0))) }
    }

    private static func computeNames(_ techniques: Techniques) -> [String] {
        let order: [(Techniques, String)] = [
            (.split, "split"), (.traditional, "traditional"), (.lookalike, "lookalike"), (.separated, "separated"),
            (.repeated, "repeated"), (.width, "width"), (.caseFolded, "case"),
        ]
        return order.filter { techniques.contains($0.0) }.map(\.1)
    }
}
