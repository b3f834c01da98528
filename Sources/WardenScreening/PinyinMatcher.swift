/// Finds terms written by sound: in pinyin (fang zhen qiang), in pinyin initials (fzq), mixed
/// with characters (仿真qiang), or with other characters of the same sound (仿真抢, 同音字).
///
/// The text becomes a row of sound tokens: each character offers all its readings, each run of
/// Latin letters is cut into whole syllables where it can be and initials where it cannot. A
/// term of two or more syllables matches where each token accepts the term's syllable in turn.
/// Single-syllable terms are left to the character channel: one sound shared with thousands of
/// everyday characters says nothing.
public struct PinyinMatcher: Sendable {
    /// A position of the text, as sounds.
    struct Token {
        /// The readings it may have; empty for an initial.
        var syllables: [String]
        /// The initial written alone (q for qiang), when the token is one.
        var initial: String?
        /// Whether it was written in Latin letters.
        var latin: Bool
        /// The character it was written as, for a Han token.
        var character: Unicode.Scalar?
        var start: Int
        var end: Int
        /// Which Latin run it belongs to, for initials that must cover a run whole.
        var run: Int?
    }

    struct Entry {
        var index: Int
        var syllables: [String]
        var characters: [Unicode.Scalar]
    }

    let tables: CharacterTables
    let syllables: Set<String>
    let entries: [Entry]
    /// Entries by their first syllable.
    let byFirst: [String: [Int]]
    /// Entries of three or more syllables by their initials (zhc for 紫河车 zi he che).
    let byInitials: [String: [Int]]
    /// Entries by every prefix of their first syllable (q, qi, qia, …): what a Latin initial may start.
    let byFirstPrefix: [String: [Int]]
    /// Every character of every entry: a text with none of them and no Latin letter matches nothing by sound.
    let termCharacters: Set<UInt32>

    /// A matcher for `terms` (normalised scalars), each identified by its index.
    init(terms: [[Unicode.Scalar]], tables: CharacterTables) {
        self.tables = tables
        var inventory: Set<String> = []
        for readings in tables.readings.values { inventory.formUnion(readings) }
        syllables = inventory
        var entries: [Entry] = []
        var byFirst: [String: [Int]] = [:]
        for (index, term) in terms.enumerated() where term.count >= 2 && term.allSatisfy(Normalizer.isHan) {
            var reading = term.map { tables.readings[$0.value]?.first ?? "" }
            // Two-character words read as words: 弹簧 is tan huang.
            for offset in 0..<(term.count - 1) {
                var pair = ""
                pair.unicodeScalars.append(contentsOf: term[offset...(offset + 1)])
                if let phrase = tables.phraseReadings[pair], phrase.count == 2 {
                    reading[offset] = phrase[0]
                    reading[offset + 1] = phrase[1]
                }
            }
            guard !reading.contains("") else { continue }
            byFirst[reading[0], default: []].append(entries.count)
            entries.append(Entry(index: index, syllables: reading, characters: term))
        }
        self.entries = entries
        self.byFirst = byFirst
        var byInitials: [String: [Int]] = [:]
        for (position, entry) in entries.enumerated() where entry.syllables.count >= 3 {
            byInitials[String(entry.syllables.compactMap(\.first)), default: []].append(position)
        }
        self.byInitials = byInitials
        var byFirstPrefix: [String: [Int]] = [:]
        for (syllable, candidates) in byFirst {
            for length in 1...max(1, syllable.count) { byFirstPrefix[String(syllable.prefix(length)), default: []] += candidates }
        }
        self.byFirstPrefix = byFirstPrefix
        self.termCharacters = Set(entries.flatMap { $0.characters.map(\.value) })
    }

    /// Every term match by sound in `units`: the term's index, the unit range, and the technique.
    func matches(in units: [NormalizedUnit]) -> [(term: Int, units: Range<Int>, technique: String)] {
        // Without Latin letters a match must keep one of its term's characters (below): a text
        // holding none of them is done without tokenising.
        guard units.contains(where: { Self.isLatinLetter($0.scalar) || termCharacters.contains($0.scalar.value) }) else { return [] }
        let (tokens, unitOf, runs) = tokenize(units)
        var found: [(term: Int, units: Range<Int>, technique: String)] = []
        // A whole Latin run that spells a term's initials letter for letter (zhc, lat, sjjt), however
        // its letters would be cut into syllables.
        for run in runs where run.letters.count >= 3 {
            for candidate in byInitials[run.letters] ?? [] { found.append((entries[candidate].index, run.units, "initials")) }
        }
        for start in tokens.indices {
            let candidates: [Int]
            let token = tokens[start]
            if let initial = token.initial ?? (token.latin && token.syllables.first?.count == 1 ? token.syllables.first : nil) {
                candidates = byFirstPrefix[initial] ?? []
            } else {
                candidates = tokens[start].syllables.flatMap { byFirst[$0] ?? [] }
            }
            for candidate in candidates {
                let entry = entries[candidate]
                guard start + entry.syllables.count <= tokens.count else { continue }
                let window = tokens[start..<(start + entry.syllables.count)]
                guard zip(window, entry.syllables).allSatisfy({ Self.accepts($0, $1) }) else { continue }
                let latin = window.contains { $0.latin }
                let homophone = zip(window, entry.characters).contains { token, character in !token.latin && token.character != character }
                // Written plainly: the character channel already reported it.
                guard latin || homophone else { continue }
                // Same sounds alone, with none of the term's characters kept, are everyday speech
                // (谷 可水洗 is not 古柯, 板 整袋 not 办证).
                if homophone && !latin && !zip(window, entry.characters).contains(where: { $0.character == $1 }) { continue }
                // Characters that spell an everyday word of the same sound (强制 for 枪支) are that word.
                if homophone && !latin && spellsWord(tokens, window: start..<(start + entry.syllables.count), term: entry.characters) { continue }
                // Initials stand alone: the whole term in initials, two letters at least, making up
                // whole Latin runs; else every stray letter next to a character (4L 官方, 128G 防摔) would match something.
                if window.contains(where: { $0.initial != nil }) {
                    guard window.allSatisfy({ $0.latin }) else { continue }
                    let runs = Set(window.compactMap(\.run))
                    let wholeRuns = runs.allSatisfy { run in tokens.filter { $0.run == run }.count == window.filter { $0.run == run }.count }
                    guard wholeRuns else { continue }
                }
                let technique =
                    window.contains { $0.initial != nil }
                    ? "initials" : latin && window.contains { !$0.latin } ? "mixed" : latin ? "pinyin" : "homophone"
                let first = unitOf[start].lowerBound
                let last = unitOf[start + entry.syllables.count - 1].upperBound
                if found.contains(where: { $0.term == entry.index && $0.units == first..<last }) { continue }
                found.append((entry.index, first..<last, technique))
            }
        }
        return found
    }

    /// The text as sound tokens, with the unit range each token covers, and its Latin runs with
    /// their letters.
    private func tokenize(_ units: [NormalizedUnit]) -> ([Token], [Range<Int>], [(letters: String, units: Range<Int>)]) {
        var tokens: [Token] = []
        var unitOf: [Range<Int>] = []
        var runs: [(letters: String, units: Range<Int>)] = []
        var index = 0
        var runNumber = 0
        while index < units.count {
            let unit = units[index]
            if unit.isHan {
                tokens.append(
                    Token(
                        syllables: tables.readings[unit.scalar.value] ?? [], initial: nil, latin: false, character: unit.scalar, start: unit.start,
                        end: unit.end))
                unitOf.append(index..<(index + 1))
                index += 1
                continue
            }
            guard Self.isLatinLetter(unit.scalar) else {
                index += 1
                continue
            }
            // A run of letters, cut where the original had a separator too (fang zhen qiang).
            var end = index + 1
            while end < units.count, Self.isLatinLetter(units[end].scalar), !units[end].techniques.contains(.separated) { end += 1 }
            // Letters that normalisation collapsed count again as written: qiangguan is qiang guan.
            var letters: [Character] = []
            var unitOfLetter: [Int] = []
            for position in index..<end {
                let count = units[position].techniques.contains(.repeated) ? max(1, units[position].end - units[position].start) : 1
                letters += repeatElement(Character(units[position].scalar), count: count)
                unitOfLetter += repeatElement(position, count: count)
            }
            runs.append((String(letters), index..<end))
            for piece in segment(letters) {
                let range = unitOfLetter[piece.range.lowerBound]..<(unitOfLetter[piece.range.upperBound - 1] + 1)
                tokens.append(
                    Token(
                        syllables: piece.syllable.map { [$0] } ?? [], initial: piece.syllable == nil ? String(letters[piece.range]) : nil,
                        latin: true,
                        character: nil, start: units[range.lowerBound].start, end: units[range.upperBound - 1].end, run: runNumber))
                unitOf.append(range)
            }
            runNumber += 1
            index = end
        }
        return (tokens, unitOf, runs)
    }

    /// Cuts letters into pinyin syllables, and initials where no syllable fits: as few initials
    /// as possible, then as few pieces (qiang, not qi a ng).
    private func segment(_ letters: [Character]) -> [(range: Range<Int>, syllable: String?)] {
        let count = letters.count
        // cost[i]: (initials, pieces) to cut letters[i...]; choice[i]: the piece taken at i.
        let unreachable = (Int.max / 2, Int.max / 2)
        var cost = [(initials: Int, pieces: Int)](repeating: unreachable, count: count + 1)
        var choice = [(length: Int, syllable: Bool)](repeating: (1, false), count: count + 1)
        cost[count] = (0, 0)
        for start in stride(from: count - 1, through: 0, by: -1) {
            for length in 1...min(6, count - start) {
                let rest = cost[start + length]
                let piece = String(letters[start..<(start + length)])
                if syllables.contains(piece), (rest.initials, rest.pieces + 1) < cost[start] {
                    cost[start] = (rest.initials, rest.pieces + 1)
                    choice[start] = (length, true)
                }
                if length == 1 || (length == 2 && ["zh", "ch", "sh"].contains(piece)), (rest.initials + 1, rest.pieces + 1) < cost[start] {
                    cost[start] = (rest.initials + 1, rest.pieces + 1)
                    choice[start] = (length, false)
                }
            }
        }
        var pieces: [(range: Range<Int>, syllable: String?)] = []
        var position = 0
        while position < count {
            let (length, isSyllable) = choice[position]
            pieces.append((position..<(position + length), isSyllable ? String(letters[position..<(position + length)]) : nil))
            position += length
        }
        return pieces
    }

    /// Whether a character that replaced one of the term's belongs to a known everyday word
    /// (`words.tsv`, `phrases.tsv`) of two to four characters in the text: then it is that word
    /// (枪 智能 is not 枪支, 孕妇可用 is not 复刻), not a disguise. Words the term itself spells
    /// (弹簧 in 弹簧导) say nothing, as they hold no replaced character. For a term of three or more
    /// characters, whose other characters are written exactly, only a word reaching outside the
    /// match or spelling all of it (电子眼) counts: 制导 inside 管制导具 is the disguise itself.
    private func spellsWord(_ tokens: [Token], window: Range<Int>, term: [Unicode.Scalar]) -> Bool {
        guard window.count >= 2, window.count == term.count else { return false }
        for (offset, position) in window.enumerated() where tokens[position].character != term[offset] {
            for length in 2...4 {
                for first in max(0, position - length + 1)...position where first + length <= tokens.count {
                    let span = first..<(first + length)
                    if window.count > 2 && window.lowerBound <= span.lowerBound && span.upperBound <= window.upperBound && span != window { continue }
                    let characters = tokens[span].compactMap(\.character)
                    guard characters.count == length else { continue }
                    var word = ""
                    word.unicodeScalars.append(contentsOf: characters)
                    if tables.words.contains(word) || tables.phraseReadings[word] != nil { return true }
                }
            }
        }
        return false
    }

    /// Whether a token may be read as `syllable`.
    private static func accepts(_ token: Token, _ syllable: String) -> Bool {
        // z stands for zh as often as for z: an initial is any prefix of the syllable's initial.
        if let initial = token.initial { return syllable.hasPrefix(initial) }
        // A lone letter that happens to be a syllable too (m, n) may still be an initial (mhj: 麻黄碱).
        if token.latin, token.syllables.count == 1, let only = token.syllables.first, only.count == 1, syllable.hasPrefix(only) { return true }
        return token.syllables.contains(syllable)
    }

    private static func isLatinLetter(_ scalar: Unicode.Scalar) -> Bool { (0x61...0x7A).contains(scalar.value) }
}
