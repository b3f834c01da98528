/// Finds brand names in a listing's text for counterfeit signals (售假): Chinese names,
/// English names as whole Latin words, and pinyin with or without spaces, all through
/// ``Normalizer`` (case, width, spacing, traditional forms).
///
/// A name that is an everyday word (``BrandDictionary/Brand/ambiguous``) counts only next to a
/// context word, or only in the brand field; exception phrases and benign words (a compatible
/// accessory) drop a mention. Each brand is reported once per field, at its first mention.
public struct BrandMatcher: Sendable {
    public let dictionary: BrandDictionary
    private let normalizer: Normalizer
    private let names: AhoCorasick
    /// The name patterns `names` matches, normalised, each at its index.
    let namePatterns: [[Unicode.Scalar]]
    private let owners: [Owner]
    /// Every brand's exception, context and benign phrases, in one automaton.
    private let phrases: Phrases
    /// Each brand's finding category (`brand:<code>`) and name, made once rather than for
    /// every finding.
    private let findingCategories: [String]
    private let findingTerms: [String]

    /// Which brand a name pattern belongs to and how it is matched.
    private struct Owner: Sendable {
        var brand: Int
        var latin: Bool
        var ambiguous: Bool
        var pinyin: Bool
        /// What normalising the name itself took (the space in Louis Vuitton, the double c and
        /// the capital of Gucci): not a disguise when the text has it too.
        var own: Techniques
    }

    /// The phrases around brand names, of every kind and brand, found in one pass.
    private struct Phrases: Sendable {
        enum Kind: Sendable {
            /// Covers a mention and drops it.
            case exception
            /// Lets an ambiguous name count.
            case context
            /// Drops every mention of its brand in the text (a compatible accessory).
            case benign
        }

        var matcher: AhoCorasick
        var owners: [(brand: Int, kind: Kind)]

        init(_ phrases: [(brand: Int, kind: Kind, phrase: [Unicode.Scalar])]) {
            matcher = AhoCorasick(patterns: phrases.map(\.phrase))
            owners = phrases.map { ($0.brand, $0.kind) }
        }

        /// The phrases in `units`, as the matcher's occurrences (a few at most, so a list, not a
        /// table); ``owners`` says whose and of which kind each pattern is.
        func find(in units: NormalizedText) -> [(pattern: Int, units: Range<Int>)] { matcher.occurrences(in: units) }
    }

    public init(dictionary: BrandDictionary, normalizer: Normalizer) {
        self.dictionary = dictionary
        self.normalizer = normalizer
        var patterns: [[Unicode.Scalar]] = []
        var owners: [Owner] = []
        var phrases: [(brand: Int, kind: Phrases.Kind, phrase: [Unicode.Scalar])] = []
        for (index, brand) in dictionary.brands.enumerated() {
            let ambiguous = Set((brand.ambiguous ?? []).map { normalizer.normalize($0).map(\.scalar) })
            let forms = brand.zh.map { ($0, false) } + (brand.en ?? []).map { ($0, false) } + (brand.pinyin ?? []).map { ($0, true) }
            for (name, pinyin) in forms {
                let units = normalizer.normalize(name)
                let scalars = units.map(\.scalar)
                guard !scalars.isEmpty else { continue }
                let own = units.reduce(Techniques()) { $0.union($1.techniques) }.intersection([.separated, .repeated, .caseFolded])
                patterns.append(scalars)
                owners.append(
                    Owner(
                        brand: index, latin: scalars.contains { Self.isLatinLetter($0) }, ambiguous: ambiguous.contains(scalars), pinyin: pinyin,
                        own: own))
            }
            phrases += (brand.exceptions ?? []).map { (index, .exception, normalizer.normalize($0).map(\.scalar)) }
            phrases += (brand.context ?? []).map { (index, .context, normalizer.normalize($0).map(\.scalar)) }
            phrases += (brand.benign ?? []).map { (index, .benign, normalizer.normalize($0).map(\.scalar)) }
        }
        self.names = AhoCorasick(patterns: patterns)
        self.namePatterns = patterns
        self.owners = owners
        self.phrases = Phrases(phrases)
        findingCategories = dictionary.brands.map { "brand:\($0.code)" }
        findingTerms = dictionary.brands.map(\.mainName)
    }

    /// The brands `text` names, one finding each, for the listing field `field`. In the brand
    /// field (`isBrandField`) every name counts, everyday words too, and benign words do not
    /// apply: a seller who fills it in claims the brand.
    public func findings(in text: String, field: String, isBrandField: Bool = false) -> [ScreeningFinding] {
        normalizer.withNormalized(text) { findings(in: $0, field: field, isBrandField: isBrandField) }
    }

    /// As ``findings(in:field:isBrandField:)`` for a text already normalised.
    func findings(in units: NormalizedText, field: String, isBrandField: Bool) -> [ScreeningFinding] {
        names.occurrences(in: units).withUnsafeBufferPointer { findings(in: units, mentions: $0, field: field, isBrandField: isBrandField) }
    }

    /// As ``findings(in:field:isBrandField:)`` for a text already normalised whose name
    /// patterns' occurrences (``namePatterns``) are already found.
    func findings(
        in units: NormalizedText, mentions: OccurrenceList, field: String, isBrandField: Bool
    ) -> [ScreeningFinding] {
        // Most texts name no brand: the phrases around a mention are looked for only when there is one.
        guard !mentions.isEmpty else { return [] }
        // In the brand field only exceptions apply: a seller who fills it in claims the brand.
        let found = phrases.find(in: units)
        func has(_ kind: Phrases.Kind, of brand: Int, covering range: Range<Int>? = nil) -> Bool {
            found.contains { phrase in
                let owner = phrases.owners[phrase.pattern]
                guard owner.brand == brand, owner.kind == kind else { return false }
                guard let range else { return true }
                return phrase.units.lowerBound <= range.lowerBound && phrase.units.upperBound >= range.upperBound
            }
        }
        // The first mention of each brand; at one place an English or Chinese name beats pinyin.
        var first: [(brand: Int, range: Range<Int>, owner: Owner)] = []
        for (pattern, range) in mentions {
            let owner = owners[pattern]
            if owner.latin && !Self.standsAlone(range, in: units) { continue }
            if has(.exception, of: owner.brand, covering: range) { continue }
            if !isBrandField && has(.benign, of: owner.brand) { continue }
            if owner.ambiguous && !isBrandField && !has(.context, of: owner.brand) { continue }
            if let earlier = first.firstIndex(where: { $0.brand == owner.brand }) {
                let better =
                    range.lowerBound < first[earlier].range.lowerBound
                    || (range.lowerBound == first[earlier].range.lowerBound && first[earlier].owner.pinyin && !owner.pinyin)
                if better { first[earlier] = (owner.brand, range, owner) }
                continue
            }
            first.append((owner.brand, range, owner))
        }
        // Sorted in place (the same algorithm as `sorted`), not into a copy.
        first.sort { $0.range.lowerBound < $1.range.lowerBound }
        return first.map { brand, range, owner in
            let techniques = units[range].reduce(units[range.lowerBound].techniques.subtracting(.separated)) { $0.union($1.techniques) }
            let all = Screener.names(techniques.subtracting(owner.own), readBy: owner.pinyin ? .pinyin : nil)
            return ScreeningFinding(
                violation: "counterfeit", category: findingCategories[brand], term: findingTerms[brand],
                span: [units[range.lowerBound].start, units[range.upperBound - 1].end], technique: all.first ?? "exact", techniques: all,
                decision: .review, field: field)
        }
    }

    /// Whether a Latin name at `range` is a word of its own: no Latin letter runs on into it
    /// from either side (lv in lvl, coach in coaches do not count), but for one letter that
    /// begins a Chinese word after it (UniqloT恤).
    private static func standsAlone(_ range: Range<Int>, in units: NormalizedText) -> Bool {
        if range.lowerBound > 0, isLatinLetter(units[range.lowerBound - 1].scalar), !units[range.lowerBound].techniques.contains(.separated) {
            return false
        }
        let next = range.upperBound
        if next < units.count, isLatinLetter(units[next].scalar), !units[next].techniques.contains(.separated) {
            // One letter that begins a Chinese word (T恤, V领, U盘) leaves the name whole: UniqloT恤.
            let lone = next + 1 < units.count && units[next + 1].isHan && !units[next + 1].techniques.contains(.separated)
            return lone
        }
        return true
    }

    private static func isLatinLetter(_ scalar: Unicode.Scalar) -> Bool { (0x61...0x7A).contains(scalar.value) }
}
