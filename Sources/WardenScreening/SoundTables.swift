/// The sound channel's tables in the shape it reads them: pinyin syllables as small integers,
/// every character's readings as a slice of one flat array, the syllables as a letter trie for
/// cutting Latin runs, and the everyday words as packed integers.
///
/// ``CharacterTables`` keeps readings as strings keyed by code point, which is the right shape
/// to load and test; matching a title against them hashed a string per look-up. Here a
/// character's readings are two array loads and a syllable comparison is an integer one.
struct SoundTables: Sendable {
    /// The toneless syllables, each at its id.
    let syllables: [String]
    /// Which prefix a Latin initial stands for: the 26 letters, then zh, ch and sh.
    static let prefixClassCount = 29
    /// A trie of the syllables over the letters a–z: node `n`'s child for letter `l` is
    /// `trie[n * 26 + l]` (0: none; the root is node 0).
    private let trie: [Int32]
    /// The syllable spelled at each trie node, or -1.
    private let syllableAtNode: [Int16]
    /// The trie again for cutting Latin runs (``withTrieSteps(_:)``): a missing child leads to a dead node
    /// whose every child is itself, so that a walk needs no test for having fallen off.
    private let segmentTrie: [UInt32]
    /// The readings of a basic-multilingual-plane character `c`, most common first:
    /// `readingIDs[readingStart[c]..<readingStart[c + 1]]` (16-bit offsets: 128 KB, the CJK
    /// block 40 KB of it, read for many characters of every title).
    private let readingStart: [UInt16]
    private let readingIDs: [Int16]
    /// Whether syllable `s` begins with prefix class `p`'s letters: `prefixAccepts[p * syllables.count + s]`.
    private let prefixAccepts: [Bool]
    /// The everyday words (``CharacterTables/words`` and the two-character words of
    /// ``CharacterTables/phraseReadings``), each packed sixteen bits a character by ``wordKey(_:)``.
    private let wordKeys: Set<UInt64>

    init(tables: CharacterTables) {
        var inventory: Set<String> = []
        for readings in tables.readings.values { inventory.formUnion(readings) }
        let syllables = inventory.filter { !$0.isEmpty && $0.utf8.allSatisfy { (0x61...0x7A).contains($0) } }.sorted()
        var ids: [String: Int16] = [:]
        for (id, syllable) in syllables.enumerated() { ids[syllable] = Int16(id) }
        var trie = [Int32](repeating: 0, count: 26)
        var syllableAtNode: [Int16] = [-1]
        for (id, syllable) in syllables.enumerated() {
            var node = 0
            for byte in syllable.utf8 {
                let slot = node * 26 + Int(byte - 0x61)
                if trie[slot] == 0 {
                    trie[slot] = Int32(syllableAtNode.count)
                    syllableAtNode.append(-1)
                    trie += repeatElement(0, count: 26)
                }
                node = Int(trie[slot])
            }
            syllableAtNode[node] = Int16(id)
        }
        segmentTrie = Self.segmentTrie(trie, syllableAtNode)
        var readingStart = [UInt16](repeating: 0, count: 0x10001)
        var readingIDs: [Int16] = []
        for code in 0..<0x10000 {
            readingStart[code] = UInt16(clamping: readingIDs.count)
            // The tables hold some 14,000 readings; past 65,535 the rest would be dropped.
            guard readingIDs.count < Int(UInt16.max) else { continue }
            for reading in tables.readings[UInt32(code)] ?? [] {
                if let id = ids[reading], readingIDs.count < Int(UInt16.max) { readingIDs.append(id) }
            }
        }
        readingStart[0x10000] = UInt16(clamping: readingIDs.count)
        var prefixAccepts = [Bool](repeating: false, count: Self.prefixClassCount * syllables.count)
        for prefix in 0..<Self.prefixClassCount {
            let letters = Self.prefixLetters(prefix)
            for (id, syllable) in syllables.enumerated() where syllable.hasPrefix(letters) {
                prefixAccepts[prefix * syllables.count + id] = true
            }
        }
        var wordKeys: Set<UInt64> = []
        for word in tables.words { if let key = Self.wordKey(word.unicodeScalars) { wordKeys.insert(key) } }
        for word in tables.phraseReadings.keys { if let key = Self.wordKey(word.unicodeScalars) { wordKeys.insert(key) } }
        self.syllables = syllables
        self.trie = trie
        self.syllableAtNode = syllableAtNode
        self.readingStart = readingStart
        self.readingIDs = readingIDs
        self.prefixAccepts = prefixAccepts
        self.wordKeys = wordKeys
    }

    /// The id of `syllable`, if it is one.
    func id(of syllable: String) -> Int16? {
        var node = 0
        for byte in syllable.utf8 {
            guard (0x61...0x7A).contains(byte) else { return nil }
            node = Int(trie[node * 26 + Int(byte - 0x61)])
            if node == 0 { return nil }
        }
        let id = syllableAtNode[node]
        return id < 0 ? nil : id
    }

    /// The syllable trie as ``TrieSteps`` reads it: entry `n * 26 + l` holds node `n`'s
    /// child for letter `l` in its high 16 bits and the syllable spelled there (or -1) in its low
    /// 16 bits; a missing child is the dead node after the others, which spells nothing and
    /// leads to itself.
    private static func segmentTrie(_ trie: [Int32], _ syllableAtNode: [Int16]) -> [UInt32] {
        let dead = syllableAtNode.count
        precondition(dead < 0x10000, "the syllable trie has more nodes than 16 bits number")
        let spelled = syllableAtNode + [-1]
        func entry(_ child: Int) -> UInt32 { UInt32(child) << 16 | UInt32(UInt16(bitPattern: spelled[child])) }
        return trie.map { $0 == 0 ? entry(dead) : entry(Int($0)) } + [UInt32](repeating: entry(dead), count: 26)
    }

    /// Calls `body` with the trie for cutting Latin runs, to be walked without a check a step.
    @inline(__always) func withTrieSteps<Result>(_ body: (TrieSteps) -> Result) -> Result {
        segmentTrie.withUnsafeBufferPointer { entries in
            // Every entry's child is a node of the table (the dead node included), so a walk from
            // the root by letters 0–25 stays within it.
            guard let base = entries.baseAddress else { preconditionFailure("the syllable trie is empty") }
            return body(TrieSteps(entries: base))
        }
    }

    /// The syllable trie lent for one walk, read unchecked: a node and a letter (0–25) always
    /// index an entry.
    struct TrieSteps {
        let entries: UnsafePointer<UInt32>

        /// The entry for node `node`'s child by `letter`: the child in the high 16 bits, the
        /// syllable it spells (or -1) in the low (the root is node 0).
        @inline(__always) func step(_ node: UInt32, _ letter: UInt8) -> UInt32 {
            entries[Int(node &* 26 &+ UInt32(letter))]
        }
    }

    /// Where the readings of the BMP character `code` lie in ``reading(_:)``'s index space.
    @inline(__always) func readings(of code: UInt32) -> Range<Int32> {
        guard code < 0x10000 else { return 0..<0 }
        return Int32(readingStart[Int(code)])..<Int32(readingStart[Int(code) + 1])
    }

    /// The reading at `index` of the flat readings array.
    @inline(__always) func reading(_ index: Int32) -> Int16 { readingIDs[Int(index)] }

    /// The first reading of `scalar`, or nil when it has none.
    func firstReading(of scalar: Unicode.Scalar) -> Int16? {
        let range = readings(of: scalar.value)
        return range.isEmpty ? nil : reading(range.lowerBound)
    }

    /// Whether syllable `id` begins with prefix class `prefix`'s letters.
    @inline(__always) func accepts(prefix: Int32, _ id: Int16) -> Bool {
        prefixAccepts[Int(prefix) * syllables.count + Int(id)]
    }

    /// Whether the characters packed in `key` spell an everyday word.
    @inline(__always) func isWord(_ key: UInt64) -> Bool { wordKeys.contains(key) }

    /// A word of two to four basic-plane characters packed sixteen bits each, first character
    /// highest; nil for any other.
    static func wordKey(_ scalars: some Collection<Unicode.Scalar>) -> UInt64? {
        guard (2...4).contains(scalars.count) else { return nil }
        var key: UInt64 = 0
        for scalar in scalars {
            guard scalar.value < 0x10000 else { return nil }
            key = key << 16 | UInt64(scalar.value)
        }
        return key
    }

    /// The letters of prefix class `prefix`.
    static func prefixLetters(_ prefix: Int) -> String {
        switch prefix {
        case 26: "zh"
        case 27: "ch"
        case 28: "sh"
        default: String(UnicodeScalar(UInt8(0x61 + prefix)))
        }
    }
}
