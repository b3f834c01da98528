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
    private let exceptions: PhraseSet
    private let contexts: PhraseSet
    private let benign: PhraseSet

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

    /// Phrases per brand, found in one pass.
    private struct PhraseSet: Sendable {
        var matcher: AhoCorasick
        var owners: [Int]

        init(_ phrases: [(brand: Int, phrase: [Unicode.Scalar])]) {
            matcher = AhoCorasick(patterns: phrases.map(\.phrase))
            owners = phrases.map(\.brand)
        }

        /// The phrases in `units`: whose brand, and where (a few at most, so a list, not a table).
        func find(in units: NormalizedText) -> [(brand: Int, units: Range<Int>)] {
            matcher.occurrences(in: units).map { (owners[$0.pattern], $0.units) }
        }
    }

    public init(dictionary: BrandDictionary, normalizer: Normalizer) {
        self.dictionary = dictionary
        self.normalizer = normalizer
        var patterns: [[Unicode.Scalar]] = []
        var owners: [Owner] = []
        var exceptions: [(Int, [Unicode.Scalar])] = []
        var contexts: [(Int, [Unicode.Scalar])] = []
        var benign: [(Int, [Unicode.Scalar])] = []
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
            exceptions += (brand.exceptions ?? []).map { (index, normalizer.normalize($0).map(\.scalar)) }
            contexts += (brand.context ?? []).map { (index, normalizer.normalize($0).map(\.scalar)) }
            benign += (brand.benign ?? []).map { (index, normalizer.normalize($0).map(\.scalar)) }
        }
        self.names = AhoCorasick(patterns: patterns)
        self.namePatterns = patterns
        self.owners = owners
        self.exceptions = PhraseSet(exceptions)
        self.contexts = PhraseSet(contexts)
        self.benign = PhraseSet(benign)
    }

    /// The brands `text` names, one finding each, for the listing field `field`. In the brand
    /// field (`isBrandField`) every name counts, everyday words too, and benign words do not
    /// apply: a seller who fills it in claims the brand.
    public func findings(in text: String, field: String, isBrandField: Bool = false) -> [ScreeningFinding] {
        normalizer.withNormalized(text) { findings(in: $0, field: field, isBrandField: isBrandField) }
    }

    /// As ``findings(in:field:isBrandField:)`` for a text already normalised.
    func findings(in units: NormalizedText, field: String, isBrandField: Bool) -> [ScreeningFinding] {
        findings(in: units, mentions: names.occurrences(in: units), field: field, isBrandField: isBrandField)
    }

    /// As ``findings(in:field:isBrandField:)`` for a text already normalised whose name
    /// patterns' occurrences (``namePatterns``) are already found.
    func findings(
        in units: NormalizedText, mentions: [(pattern: Int, units: Range<Int>)], field: String, isBrandField: Bool
    ) -> [ScreeningFinding] {
        // Most texts name no brand: the phrases around a mention are looked for only when there is one.
        guard !mentions.isEmpty else { return [] }
        let covered = exceptions.find(in: units)
        let withContext = isBrandField ? [] : contexts.find(in: units)
        let benignIn = isBrandField ? [] : benign.find(in: units)
        // The first mention of each brand; at one place an English or Chinese name beats pinyin.
        var first: [(brand: Int, range: Range<Int>, owner: Owner)] = []
        for (pattern, range) in mentions {
            let owner = owners[pattern]
            if owner.latin && !Self.standsAlone(range, in: units) { continue }
            if covered.contains(where: {
                $0.brand == owner.brand && $0.units.lowerBound <= range.lowerBound && $0.units.upperBound >= range.upperBound
            }) {
                continue
            }
            if benignIn.contains(where: { $0.brand == owner.brand }) { continue }
            if owner.ambiguous && !isBrandField && !withContext.contains(where: { $0.brand == owner.brand }) { continue }
            if let earlier = first.firstIndex(where: { $0.brand == owner.brand }) {
                let better =
                    range.lowerBound < first[earlier].range.lowerBound
                    || (range.lowerBound == first[earlier].range.lowerBound && first[earlier].owner.pinyin && !owner.pinyin)
                if better { first[earlier] = (owner.brand, range, owner) }
                continue
            }
            first.append((owner.brand, range, owner))
        }
        return first.sorted { $0.range.lowerBound < $1.range.lowerBound }.map { brand, range, owner in
            let techniques = Screener.names(
                units[range].reduce(units[range.lowerBound].techniques.subtracting(.separated)) { $0.union($1.techniques) }.subtracting(
                    owner.own))
            let all = owner.pinyin ? ["pinyin"] + techniques : techniques
            let code = dictionary.brands[brand].code
            return ScreeningFinding(
                violation: "counterfeit", category: "brand:\(code)", term: dictionary.brands[brand].mainName,
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
