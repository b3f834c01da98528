/// Whether two neighbouring sound tokens can be the first two syllables of some entry, in one
/// bit look-up.
///
/// A token offers a set of syllables (a character its readings, a Latin initial every syllable
/// it begins). Only the syllables that begin an entry matter for the first token, and only
/// those that are an entry's second syllable for the second; few distinct such sets occur, so
/// each gets a small number, its class, and the answer for every pair of classes is computed
/// once. Screening asks this for most characters of every title, where it compared every
/// reading of one character with every reading of the next.
struct SyllablePairClasses: Sendable {
    /// The first-syllable class (low 16 bits) and second-syllable class (high 16 bits) of each
    /// basic-plane character, 0 for none: one load gives both.
    private let ofCharacter: [UInt32]
    /// The same for a whole syllable written in letters, by syllable id.
    private let firstOfSyllable: [UInt16]
    private let secondOfSyllable: [UInt16]
    /// The same for a Latin initial, by prefix class (``SoundTables/prefixClassCount``).
    private let firstOfPrefix: [UInt16]
    private let secondOfPrefix: [UInt16]
    /// Bit `first * secondClassCount + second`: some entry begins with a syllable of class
    /// `first` followed by one of class `second`.
    private let pairs: BitSet
    private let secondClassCount: Int

    /// The classes for entries whose first two syllables are `entryPairs`.
    init(entryPairs: [(first: Int16, second: Int16)], sounds: SoundTables) {
        let firstSyllables = Set(entryPairs.map(\.first))
        let secondSyllables = Set(entryPairs.map(\.second))
        // Class 0 is the empty set in both numberings.
        var firstClasses: [[Int16]: UInt16] = [[]: 0]
        var secondClasses: [[Int16]: UInt16] = [[]: 0]
        func number(_ syllables: [Int16], keeping kept: Set<Int16>, in classes: inout [[Int16]: UInt16]) -> UInt16 {
            let set = Array(Set(syllables.filter(kept.contains))).sorted()
            if let known = classes[set] { return known }
            let next = UInt16(classes.count)
            classes[set] = next
            return next
        }
        var ofCharacter = [UInt32](repeating: 0, count: 0x10000)
        for code in 0..<0x10000 {
            let readings = sounds.readings(of: UInt32(code))
            guard !readings.isEmpty else { continue }
            let syllables = readings.map { sounds.reading($0) }
            let first = number(syllables, keeping: firstSyllables, in: &firstClasses)
            let second = number(syllables, keeping: secondSyllables, in: &secondClasses)
            ofCharacter[code] = UInt32(first) | UInt32(second) << 16
        }
        let syllableIDs = (0..<sounds.syllables.count).map { Int16($0) }
        let firstOfSyllable = syllableIDs.map { number([$0], keeping: firstSyllables, in: &firstClasses) }
        let secondOfSyllable = syllableIDs.map { number([$0], keeping: secondSyllables, in: &secondClasses) }
        let prefixSyllables = (0..<SoundTables.prefixClassCount).map { prefix in
            syllableIDs.filter { sounds.accepts(prefix: Int32(prefix), $0) }
        }
        let firstOfPrefix = prefixSyllables.map { number($0, keeping: firstSyllables, in: &firstClasses) }
        let secondOfPrefix = prefixSyllables.map { number($0, keeping: secondSyllables, in: &secondClasses) }
        // A class pair holds when one of its syllable pairs begins an entry: each first class's
        // followers and each second class's syllables as bit rows over the syllables.
        let words = (sounds.syllables.count + 63) / 64
        var followers = [[UInt64]](repeating: [UInt64](repeating: 0, count: words), count: sounds.syllables.count)
        for (first, second) in entryPairs { followers[Int(first)][Int(second) / 64] |= 1 << UInt64(Int(second) % 64) }
        var secondRows = [[UInt64]](repeating: [], count: secondClasses.count)
        for (set, second) in secondClasses {
            var row = [UInt64](repeating: 0, count: words)
            for syllable in set { row[Int(syllable) / 64] |= 1 << UInt64(Int(syllable) % 64) }
            secondRows[Int(second)] = row
        }
        var pairs = BitSet(capacity: firstClasses.count * secondClasses.count)
        for (set, first) in firstClasses where !set.isEmpty {
            var reach = [UInt64](repeating: 0, count: words)
            for syllable in set { for word in 0..<words { reach[word] |= followers[Int(syllable)][word] } }
            for (second, row) in secondRows.enumerated() where (0..<words).contains(where: { reach[$0] & row[$0] != 0 }) {
                pairs.insert(Int(first) * secondClasses.count + second)
            }
        }
        // Class 0 pairs with no class, which the sound prefilter relies on when it looks a pair
        // up without testing either class for 0 (``PinyinMatcher/mayMatch(_:)``): with no
        // character before, it reads class 0 and must find nothing.
        precondition(
            (0..<secondClasses.count).allSatisfy { !pairs.contains($0) }
                && (0..<firstClasses.count).allSatisfy { !pairs.contains($0 * secondClasses.count) },
            "class 0 pairs with a class")
        self.ofCharacter = ofCharacter
        self.firstOfSyllable = firstOfSyllable
        self.secondOfSyllable = secondOfSyllable
        self.firstOfPrefix = firstOfPrefix
        self.secondOfPrefix = secondOfPrefix
        self.pairs = pairs
        secondClassCount = secondClasses.count
    }

    /// The first-syllable and second-syllable classes of the character `code` (0 beyond the
    /// basic plane, where no character has readings).
    @inline(__always) func classes(character code: UInt32) -> (first: UInt16, second: UInt16) {
        guard code < 0x10000 else { return (0, 0) }
        let both = ofCharacter[Int(code)]
        return (UInt16(truncatingIfNeeded: both), UInt16(truncatingIfNeeded: both >> 16))
    }

    /// Calls `body` with both classes of every basic-plane character, as ``classes(character:)``
    /// packs them, for a loop over characters to read without a check each.
    @inline(__always) func withCharacterClasses<Result>(_ body: (UnsafeBufferPointer<UInt32>) -> Result) -> Result {
        ofCharacter.withUnsafeBufferPointer(body)
    }

    /// Numbers for the pairs of classes the basic plane's Han characters have, for their units
    /// to carry (``UnitTraits/pairClasses``): each such character's number (0 for the empty pair
    /// and for every other character), and each number's pair as ``classes(character:)`` packs
    /// it, in the order the characters first have them.
    func numberedHanClasses() -> (numbers: [UInt16], pairs: [UInt32]) {
        var pairs: [UInt32] = [0]
        var numberOfPair: [UInt32: UInt16] = [0: 0]
        var numbers = [UInt16](repeating: 0, count: 0x10000)
        for code in 0..<0x10000 {
            guard let scalar = Unicode.Scalar(UInt32(code)), Normalizer.isHan(scalar) else { continue }
            let both = ofCharacter[code]
            if let known = numberOfPair[both] {
                numbers[code] = known
            } else {
                let next = UInt16(truncatingIfNeeded: pairs.count)
                numberOfPair[both] = next
                pairs.append(both)
                numbers[code] = next
            }
        }
        return (numbers, pairs)
    }

    @inline(__always) func first(syllable id: Int32) -> UInt16 { firstOfSyllable[Int(id)] }
    @inline(__always) func second(syllable id: Int32) -> UInt16 { secondOfSyllable[Int(id)] }
    @inline(__always) func first(prefix: Int32) -> UInt16 { firstOfPrefix[Int(prefix)] }
    @inline(__always) func second(prefix: Int32) -> UInt16 { secondOfPrefix[Int(prefix)] }

    /// Whether a token of first-syllable class `first` followed by one of second-syllable class
    /// `second` can begin some entry.
    @inline(__always) func pair(_ first: UInt16, _ second: UInt16) -> Bool {
        // Read unchecked: every class is below its numbering's count (the tables hold no other),
        // so the bit lies within the set, made for every pair of classes.
        let member = Int(first) &* secondClassCount &+ Int(second)
        return pairs.words.withUnsafeBufferPointer { $0[member &>> 6] & (1 &<< UInt64(member & 63)) != 0 }
    }
}
