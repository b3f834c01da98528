/// Finds terms written by sound: in pinyin (fang zhen qiang), in pinyin initials (fzq), mixed
/// with characters (仿真qiang), or with other characters of the same sound (仿真抢, 同音字).
///
/// The text becomes a row of sound tokens: each character offers all its readings, each run of
/// Latin letters is cut into whole syllables where it can be and initials where it cannot. A
/// term of two or more syllables matches where each token accepts the term's syllable in turn.
/// Single-syllable terms are left to the character channel: one sound shared with thousands of
/// everyday characters says nothing.
///
/// Syllables are small integers (``SoundTables``) and the entries live in flat arrays, so
/// screening a title compares integers, with its tokens in a temporary buffer.
public struct PinyinMatcher: Sendable {
    /// How a term was read by sound; its ``name`` is the finding's technique.
    enum SoundTechnique: UInt8, Sendable {
        case pinyin, initials, mixed, homophone

        var name: String {
            switch self {
            case .pinyin: "pinyin"
            case .initials: "initials"
            case .mixed: "mixed"
            case .homophone: "homophone"
            }
        }
    }

    /// A position of the text, as sounds.
    struct Token {
        enum Kind: UInt8 {
            /// A character: accepts any of its readings.
            case han
            /// A whole syllable written in letters.
            case syllable
            /// A one-letter syllable (a, e, o, …): read as a syllable or as an initial.
            case letter
            /// An initial written alone (q for qiang; zh, ch, sh).
            case initial
        }

        var kind: Kind
        /// Its ``SyllablePairClasses`` as a window's first token and as its second, looked up
        /// once here: ``PinyinMatcher/mayStartPair(_:_:)`` reads each token in both roles.
        var firstClass: UInt16
        var secondClass: UInt16
        /// For `han`, where its readings begin in the flat readings; for `syllable`, the
        /// syllable; for `letter` and `initial`, the prefix class.
        var value: Int32
        /// For `han`, how many readings it has.
        var count: Int32
        /// The character, for `han`; 0 otherwise.
        var character: UInt32
        /// The units it covers.
        var firstUnit: Int32
        var endUnit: Int32
        /// Which Latin run it belongs to (-1 for a character), for initials that must cover a run whole.
        var run: Int32
    }

    let sounds: SoundTables
    /// Each entry's term index, and its syllables and characters at
    /// `entrySyllables[entryStart[e]..<entryStart[e + 1]]` (the characters at the same indices).
    private let entryTerm: [Int32]
    private let entryStart: [Int32]
    private let entrySyllables: [Int16]
    private let entryCharacters: [UInt32]
    /// Entries by their first syllable: `firstEntries[firstStart[s]..<firstStart[s + 1]]`.
    private let firstStart: [Int32]
    private let firstEntries: [Int32]
    /// Entries by the prefix class their first syllable begins with (what a Latin initial may start).
    private let prefixStart: [Int32]
    private let prefixEntries: [Int32]
    /// The first two syllables of every entry, as a prefilter: a window can only match where its
    /// first two tokens accept such a pair.
    private let pairClasses: SyllablePairClasses
    /// The pairs of classes by the number a Han unit carries (``UnitTraits/pairClasses``),
    /// ``UnitTraits/pairClasses`` + 1 of them (the numbers unused are 0), so that a unit's
    /// number, whatever it is, reads within them; empty when the characters have more pairs
    /// than the traits can number, and the prefilter reads ``pairClasses`` by character instead.
    private let pairClassesByNumber: [UInt32]
    /// Entries of three or more syllables by their initials (zhc for 紫河车 zi he che), and the
    /// lengths and first letters (as bits) of those initials, checked before the look-up.
    private let byInitials: [[UInt8]: [Int32]]
    private let initialsFirstLetters: BitSet
    /// The same look-up on integers for initials of up to 12 letters (5 bits a letter, see
    /// ``packedInitials(_:count:)``): the keys sorted, the entries at the same index, and the
    /// lengths as bits. A Latin run is checked against it in the prefilter and again in the
    /// tokens, where hashing an array of letters each time cost some 300 instructions a title.
    private let packedInitialsKeys: [UInt64]
    private let packedInitialsEntries: [[Int32]]
    private let initialsLengthBits: UInt64
    /// The most syllables an entry has.
    private let longestEntry: Int

    /// A matcher for `terms` (normalised scalars), each identified by its index.
    init(terms: [[Unicode.Scalar]], tables: CharacterTables) {
        let sounds = SoundTables(tables: tables)
        self.sounds = sounds
        var entries: [(term: Int, syllables: [Int16], characters: [Unicode.Scalar])] = []
        for (index, term) in terms.enumerated() where term.count >= 2 && term.allSatisfy(Normalizer.isHan) {
            var reading = term.map { sounds.firstReading(of: $0) }
            // Two-character words read as words: 弹簧 is tan huang.
            for offset in 0..<(term.count - 1) {
                var pair = ""
                pair.unicodeScalars.append(contentsOf: term[offset...(offset + 1)])
                if let phrase = tables.phraseReadings[pair], phrase.count == 2, let first = sounds.id(of: phrase[0]),
                    let second = sounds.id(of: phrase[1])
                {
                    reading[offset] = first
                    reading[offset + 1] = second
                }
            }
            let syllables = reading.compactMap { $0 }
            guard syllables.count == term.count else { continue }
            entries.append((index, syllables, term))
        }
        entryTerm = entries.map { Int32($0.term) }
        var entryStart: [Int32] = [0]
        for entry in entries { entryStart.append(entryStart[entryStart.count - 1] + Int32(entry.syllables.count)) }
        self.entryStart = entryStart
        entrySyllables = entries.flatMap(\.syllables)
        entryCharacters = entries.flatMap { $0.characters.map(\.value) }
        let firstGroups = (0..<sounds.syllables.count).map { syllable in
            entries.indices.filter { entries[$0].syllables[0] == Int16(syllable) }.map(Int32.init)
        }
        (firstStart, firstEntries) = Self.flatten(firstGroups)
        let prefixGroups = (0..<SoundTables.prefixClassCount).map { prefix in
            entries.indices.filter { sounds.accepts(prefix: Int32(prefix), entries[$0].syllables[0]) }.map(Int32.init)
        }
        (prefixStart, prefixEntries) = Self.flatten(prefixGroups)
        pairClasses = SyllablePairClasses(entryPairs: entries.map { ($0.syllables[0], $0.syllables[1]) }, sounds: sounds)
        let numberedPairs = pairClasses.numberedHanClasses().pairs
        let room = Int(UnitTraits.pairClasses) + 1
        pairClassesByNumber = numberedPairs.count <= room ? numberedPairs + [UInt32](repeating: 0, count: room - numberedPairs.count) : []
        var byInitials: [[UInt8]: [Int32]] = [:]
        for (position, entry) in entries.enumerated() where entry.syllables.count >= 3 {
            let initials = entry.syllables.compactMap { sounds.syllables[Int($0)].utf8.first.map { $0 - 0x61 } }
            byInitials[initials, default: []].append(Int32(position))
        }
        self.byInitials = byInitials
        var lengthBits: UInt64 = 0
        for initials in byInitials.keys where initials.count < 64 { lengthBits |= 1 << UInt64(initials.count) }
        initialsLengthBits = lengthBits
        let packed = byInitials.filter { $0.key.count <= Self.packedInitialsLimit }.map { (Self.pack($0.key), $0.value) }.sorted { $0.0 < $1.0 }
        packedInitialsKeys = packed.map(\.0)
        packedInitialsEntries = packed.map(\.1)
        var firstLetters = BitSet(capacity: 26)
        for initials in byInitials.keys { if let first = initials.first { firstLetters.insert(Int(first)) } }
        initialsFirstLetters = firstLetters
        longestEntry = entries.map(\.syllables.count).max() ?? 0
    }

    private static func flatten(_ groups: [[Int32]]) -> (start: [Int32], items: [Int32]) {
        var start: [Int32] = [0]
        var items: [Int32] = []
        for group in groups {
            items += group
            start.append(Int32(items.count))
        }
        return (start, items)
    }

    /// What the units of a text screened by sound carry for the prefilter, by BMP character
    /// (``UnitTraits/pairClasses``; ``Normalizer/withScreeningTraits(_:)``): the number of a Han
    /// character's pair of classes, or nothing when they cannot all be numbered.
    func pairClassTraits() -> [UInt16] {
        guard !pairClassesByNumber.isEmpty else { return [UInt16](repeating: 0, count: 0x10000) }
        return pairClasses.numberedHanClasses().numbers
    }

    /// Every term match by sound in `units`, which the screener's normaliser wrote (their
    /// ``UnitTraits`` are read): the term's index, the unit range, and the technique; nil when
    /// the prefilter rules every match out (most texts), so that no list is made. `prefiltered`:
    /// ``mayMatch(_:)`` already holds for `units`.
    func matches(in units: NormalizedText, prefiltered: Bool = false) -> [(term: Int, units: Range<Int>, technique: SoundTechnique)]? {
        guard prefiltered || mayMatch(units) else { return nil }
        // A token is a character or at least one letter, and a Latin unit holds `end - start`
        // letters when collapsed repeats count again: bounded this closely, the tokens and
        // letters of most titles fit in the 1 KB `withUnsafeTemporaryAllocation` always keeps on
        // the stack.
        var letterCount = 0
        var hanCount = 0
        for unit in units {
            if Self.isHan(unit) {
                hanCount += 1
            } else if Self.isLatinLetter(unit.scalar) {
                letterCount += unit.techniques.contains(.repeated) ? max(1, unit.end - unit.start) : 1
            }
        }
        return withUnsafeTemporaryAllocation(of: Token.self, capacity: hanCount + letterCount) { tokenSpace in
            withUnsafeTemporaryAllocation(of: LetterSlot.self, capacity: letterCount + 1) { letterSpace in
                var found: [(term: Int, units: Range<Int>, technique: SoundTechnique)] = []
                let count = tokenize(units, into: tokenSpace, letters: letterSpace, runInitials: &found)
                matchWindows(UnsafeBufferPointer(rebasing: tokenSpace[..<count]), units, &found)
                return found
            }
        }
    }

    /// Adds every window of `tokens` that spells an entry by sound to `found`.
    private func matchWindows(
        _ tokens: UnsafeBufferPointer<Token>, _ units: NormalizedText, _ found: inout [(term: Int, units: Range<Int>, technique: SoundTechnique)]
    ) {
        for start in tokens.indices.dropLast() where mayStartPair(tokens[start], tokens[start + 1]) {
            let token = tokens[start]
            switch token.kind {
            case .han:
                for index in token.value..<(token.value + token.count) {
                    let syllable = Int(sounds.reading(index))
                    for slot in firstStart[syllable]..<firstStart[syllable + 1] {
                        match(entry: Int(firstEntries[Int(slot)]), at: start, tokens, units, &found)
                    }
                }
            case .syllable:
                let syllable = Int(token.value)
                for slot in firstStart[syllable]..<firstStart[syllable + 1] {
                    match(entry: Int(firstEntries[Int(slot)]), at: start, tokens, units, &found)
                }
            case .letter, .initial:
                let prefix = Int(token.value)
                for slot in prefixStart[prefix]..<prefixStart[prefix + 1] {
                    match(entry: Int(prefixEntries[Int(slot)]), at: start, tokens, units, &found)
                }
            }
        }
    }

    /// Adds `entry`'s match at token `start` to `found`, if the tokens there spell it by sound.
    private func match(
        entry: Int, at start: Int, _ tokens: UnsafeBufferPointer<Token>, _ units: NormalizedText,
        _ found: inout [(term: Int, units: Range<Int>, technique: SoundTechnique)]
    ) {
        let first = Int(entryStart[entry])
        let length = Int(entryStart[entry + 1]) - first
        guard start + length <= tokens.count else { return }
        var latin = false
        var han = false
        var homophone = false
        var kept = false
        var initial = false
        for offset in 0..<length {
            let token = tokens[start + offset]
            guard accepts(token, entrySyllables[first + offset]) else { return }
            if token.kind == .han {
                han = true
                if token.character == entryCharacters[first + offset] { kept = true } else { homophone = true }
            } else {
                latin = true
                if token.kind == .initial { initial = true }
            }
        }
        // Written plainly: the character channel already reported it.
        guard latin || homophone else { return }
        let window = start..<(start + length)
        if homophone && !latin {
            // Same sounds alone, with none of the term's characters kept, are everyday speech
            // (谷 可水洗 is not 古柯, 板 整袋 not 办证).
            guard kept else { return }
            // Characters that spell an everyday word of the same sound (强制 for 枪支) are that word.
            guard !spellsWord(tokens, window: window, term: first) else { return }
        }
        // Initials stand alone: the whole term in initials, two letters at least, making up
        // whole Latin runs; else every stray letter next to a character (4L 官方, 128G 防摔) would match something.
        if initial {
            guard !han, coversWholeRuns(tokens, window: window) else { return }
        }
        let technique: SoundTechnique = initial ? .initials : latin && han ? .mixed : latin ? .pinyin : .homophone
        let unitRange = Int(tokens[window.lowerBound].firstUnit)..<Int(tokens[window.upperBound - 1].endUnit)
        let term = Int(entryTerm[entry])
        if found.contains(where: { $0.term == term && $0.units == unitRange }) { return }
        found.append((term, unitRange, technique))
    }

    /// Whether `units` may hold a match, decided without building tokens: only where two
    /// adjacent tokens can begin an entry (``mayStartPair(_:_:)``). Where both are characters,
    /// the window read from there must also be an entry with one character changed and one
    /// kept, which ``match(entry:at:_:_:_:)`` then checks against everyday words; unless a Latin
    /// run follows within an entry's length, which the tokens decide. Latin runs are cut as
    /// ``tokenize(_:into:letters:runInitials:)`` cuts them, and one that spells a term's initials
    /// whole goes to the tokens too. Most titles, with letters or without, are done here.
    /// Inlined: called out of line from the screener, the whole matcher (232 bytes) was copied
    /// to the stack for every title.
    @inline(__always) func mayMatch(_ units: NormalizedText) -> Bool {
        var scan = PrefilterScan()
        // Until the first Latin letter every token is a character: those are read in a loop of
        // their own, which decides most titles.
        let decided: Bool?
        if pairClassesByNumber.isEmpty {
            decided = pairClasses.withCharacterClasses { classes in
                // Read unchecked: a Han character is in the BMP.
                charactersMayMatch(units, &scan) { classes[Int($0.scalar.value)] }
            }
        } else {
            // The classes read from the unit's number, which lies within them.
            decided = pairClassesByNumber.withUnsafeBufferPointer { byNumber in
                charactersMayMatch(units, &scan) { byNumber[Int($0.traits & UnitTraits.pairClasses)] }
            }
        }
        if let decided { return decided }
        return lettersMayMatch(units, &scan)
    }

    /// ``mayMatch(_:)`` from the first Latin letter on, which `scan` is at. Letters need room
    /// to be cut in, on the stack: kept out of ``mayMatch(_:)`` so that titles without letters
    /// do not set it up.
    @inline(never) private func lettersMayMatch(_ units: NormalizedText, _ scan: inout PrefilterScan) -> Bool {
        withUnsafeTemporaryAllocation(of: LetterSlot.self, capacity: Self.runRoom + 1) { letters in
            lettersMayMatch(units, &scan, letters: letters)
        }
    }

    /// ``mayMatch(_:)`` up to the first Latin letter, every Han unit's classes, packed as
    /// ``SyllablePairClasses/classes(character:)`` packs them, given by `classes` (from the
    /// unit's traits or its character), and the scan's state in locals: whether a window may
    /// begin, or nil at a Latin letter, `scan` left there for the rest.
    @inline(__always) private func charactersMayMatch(
        _ units: NormalizedText, _ scan: inout PrefilterScan, classes: (NormalizedUnit) -> UInt32
    ) -> Bool? {
        var index = scan.index
        var previous = scan.previous
        var previousFirst = scan.previousFirst
        var tokenCount = scan.tokenCount
        var lastCharacterPair = scan.lastCharacterPair
        defer {
            (scan.index, scan.previous, scan.previousFirst) = (index, previous, previousFirst)
            (scan.tokenCount, scan.lastCharacterPair) = (tokenCount, lastCharacterPair)
        }
        while index < units.count {
            let unit = units[index]
            if unit.traits & UnitTraits.han != 0 {
                // As `characterMayStart`, with no token of letters before.
                let both = classes(unit)
                let second = UInt16(truncatingIfNeeded: both >> 16)
                // Class 0 (no syllable of interest, or no character before) pairs with no class:
                // the pair is looked up without testing for it, which was a branch on every
                // character and mispredicted often.
                if pairClasses.pair(previousFirst, second) {
                    if windowReadsChanged(from: previous, units) { return true }
                    lastCharacterPair = tokenCount - 1
                }
                previous = index
                previousFirst = UInt16(truncatingIfNeeded: both)
                tokenCount += 1
            } else if unit.scalar.value &- 0x61 < 26 {
                return nil
            }
            index += 1
        }
        return false
    }

    /// Where ``mayMatch(_:)`` is in a text: the token before, as a window's first.
    private struct PrefilterScan {
        var index = 0
        /// The unit of the character before, when the token before is a character.
        var previous = -1
        var previousFirst: UInt16 = 0
        var previousIsLetters = false
        /// An initial stands only among letters (``match(entry:at:_:_:_:)``): no window holds it
        /// and a character.
        var previousIsInitial = false
        var tokenCount = 0
        /// The token that starts the last pair of characters that may begin an entry.
        var lastCharacterPair = Int.min / 2
    }

    /// ``mayMatch(_:)`` at the character `unit`: whether a window may begin at the token before it.
    @inline(__always) private func characterMayStart(_ unit: NormalizedUnit, _ units: NormalizedText, _ scan: inout PrefilterScan) -> Bool {
        let classes = pairClasses.classes(character: unit.scalar.value)
        // Class 0 pairs with nothing (as in `charactersMayMatch`): the pair is looked up first,
        // with no test for class 0 on either side, which mispredicted often.
        if pairClasses.pair(scan.previousFirst, classes.second) && !scan.previousIsInitial {
            if scan.previousIsLetters || windowReadsChanged(from: scan.previous, units) { return true }
            scan.lastCharacterPair = scan.tokenCount - 1
        }
        scan.previous = scan.index
        scan.previousFirst = classes.first
        scan.previousIsLetters = false
        scan.previousIsInitial = false
        scan.tokenCount += 1
        scan.index += 1
        return false
    }

    /// ``mayMatch(_:)`` from the first Latin letter on, its runs cut in `letters`.
    private func lettersMayMatch(_ units: NormalizedText, _ scan: inout PrefilterScan, letters: UnsafeMutableBufferPointer<LetterSlot>) -> Bool {
        while scan.index < units.count {
            let unit = units[scan.index]
            if Self.isHan(unit) {
                if characterMayStart(unit, units, &scan) { return true }
            } else if Self.isLatinLetter(unit.scalar) {
                guard scan.tokenCount - scan.lastCharacterPair >= longestEntry,
                    let (end, letterCount) = readRun(units, from: scan.index, into: letters),
                    runSpellsInitials(letters, count: letterCount) == nil
                else { return true }
                segment(UnsafeMutableBufferPointer(rebasing: letters[..<(letterCount + 1)]), count: letterCount)
                var position = 0
                while position < letterCount {
                    let token = latinToken(letters, at: position, run: 0)
                    let isInitial = token.kind == .initial
                    if pairClasses.pair(scan.previousFirst, token.secondClass) && !(isInitial && !scan.previousIsLetters) {
                        return true
                    }
                    scan.previousFirst = token.firstClass
                    scan.previousIsInitial = isInitial
                    scan.previousIsLetters = true
                    scan.tokenCount += 1
                    position += Int(letters[position].length)
                }
                scan.index = end
            } else {
                scan.index += 1
            }
        }
        return false
    }

    /// How many letters of one Latin run ``mayMatch(_:)`` cuts in its own room on the stack; a
    /// longer run goes to the tokens.
    private static let runRoom = 48

    /// Whether an entry whose first syllable is a reading of the character at unit `start` is
    /// read from there with one of its characters changed and one kept (``readsChanged(entry:characters:)``).
    private func windowReadsChanged(from start: Int, _ units: NormalizedText) -> Bool {
        // The window's characters, found once for every entry tried: the one at `start` and the
        // Han characters after it (other units skipped, as tokenising skips them), as many as
        // the longest entry has.
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: max(longestEntry, 1)) { room in
            var count = 0
            var position = start
            while count < room.count && position < units.count {
                if count == 0 || Self.isHan(units[position]) {
                    room[count] = units[position].scalar.value
                    count += 1
                }
                position += 1
            }
            let characters = UnsafeBufferPointer(rebasing: room[..<count])
            for reading in sounds.readings(of: characters[0]) {
                let syllable = Int(sounds.reading(reading))
                for slot in firstStart[syllable]..<firstStart[syllable + 1]
                where readsChanged(entry: Int(firstEntries[Int(slot)]), characters: characters) {
                    return true
                }
            }
            return false
        }
    }

    /// Whether `characters`, the first a character one of whose readings is `entry`'s first
    /// syllable, read as `entry`'s syllables, with one of its characters kept and one changed.
    private func readsChanged(entry: Int, characters: UnsafeBufferPointer<UInt32>) -> Bool {
        let first = Int(entryStart[entry])
        let length = Int(entryStart[entry + 1]) - first
        guard length <= characters.count else { return false }
        // The first syllable is one of the first character's readings: how the entry was chosen.
        var kept = characters[0] == entryCharacters[first]
        var changed = !kept
        for offset in 1..<max(length, 1) {
            let character = characters[offset]
            var accepted = false
            for index in sounds.readings(of: character) where sounds.reading(index) == entrySyllables[first + offset] {
                accepted = true
                break
            }
            guard accepted else { return false }
            if character == entryCharacters[first + offset] { kept = true } else { changed = true }
        }
        return kept && changed
    }

    /// Whether two adjacent tokens accept the first two syllables of some entry.
    @inline(__always) private func mayStartPair(_ first: Token, _ second: Token) -> Bool {
        first.firstClass != 0 && pairClasses.pair(first.firstClass, second.secondClass)
    }

    /// Whether every Latin run the window touches lies inside it whole.
    private func coversWholeRuns(_ tokens: UnsafeBufferPointer<Token>, window: Range<Int>) -> Bool {
        // A run's tokens are consecutive: the window holds a run whole unless the run goes on
        // past either end.
        if window.lowerBound > 0, tokens[window.lowerBound - 1].run == tokens[window.lowerBound].run { return false }
        if window.upperBound < tokens.count, tokens[window.upperBound].run == tokens[window.upperBound - 1].run { return false }
        return true
    }

    /// Whether `token` may be read as syllable `syllable`.
    @inline(__always) private func accepts(_ token: Token, _ syllable: Int16) -> Bool {
        switch token.kind {
        case .han:
            for index in token.value..<(token.value + token.count) where sounds.reading(index) == syllable { return true }
            return false
        case .syllable:
            return token.value == Int32(syllable)
        // z stands for zh as often as for z: an initial is any prefix of the syllable's initial;
        // a lone letter that happens to be a syllable too (m, n) may still be an initial (mhj: 麻黄碱).
        case .letter, .initial:
            return sounds.accepts(prefix: token.value, syllable)
        }
    }

    /// One letter of a Latin run and the place the segmentation keeps for it.
    ///
    /// Sixteen bytes, the widest field first: the prefilter's room for a run (``runRoom`` and
    /// one) must stay within the 1 KB `withUnsafeTemporaryAllocation` keeps on the stack.
    private struct LetterSlot {
        /// The cost of cutting the letters from here on, (initials, pieces) as one integer
        /// (``segmentCost(initials:pieces:)``), and the piece taken here.
        var cost: Int64
        /// The unit it was written in.
        var unit: Int32
        var syllable: Int16
        /// The letter, 0–25.
        var letter: UInt8
        var length: Int8

        init(letter: UInt8, unit: Int32, cost: Int64, length: Int8, syllable: Int16) {
            (self.cost, self.unit, self.syllable, self.letter, self.length) = (cost, unit, syllable, letter, length)
        }
    }

    /// Writes the text's sound tokens to `tokens` and returns how many there are; adds to
    /// `runInitials` the terms whose initials a whole Latin run spells. `letters` is room for a
    /// run's letters.
    private func tokenize(
        _ units: NormalizedText, into tokens: UnsafeMutableBufferPointer<Token>, letters: UnsafeMutableBufferPointer<LetterSlot>,
        runInitials: inout [(term: Int, units: Range<Int>, technique: SoundTechnique)]
    ) -> Int {
        var count = 0
        var index = 0
        var runNumber: Int32 = 0
        while index < units.count {
            let unit = units[index]
            if Self.isHan(unit) {
                let readings = sounds.readings(of: unit.scalar.value)
                let classes = pairClasses.classes(character: unit.scalar.value)
                tokens[count] = Token(
                    kind: .han, firstClass: classes.first, secondClass: classes.second, value: readings.lowerBound, count: Int32(readings.count),
                    character: unit.scalar.value, firstUnit: Int32(index),
                    endUnit: Int32(index + 1), run: -1)
                count += 1
                index += 1
                continue
            }
            guard Self.isLatinLetter(unit.scalar) else {
                index += 1
                continue
            }
            // `letters` holds every letter of the text and one slot more.
            guard let (end, letterCount) = readRun(units, from: index, into: letters) else {
                preconditionFailure("a Latin run outgrew the letters counted for its text")
            }
            if let candidates = runSpellsInitials(letters, count: letterCount) {
                for candidate in candidates { runInitials.append((Int(entryTerm[Int(candidate)]), index..<end, .initials)) }
            }
            segment(UnsafeMutableBufferPointer(rebasing: letters[..<(letterCount + 1)]), count: letterCount)
            var position = 0
            while position < letterCount {
                tokens[count] = latinToken(letters, at: position, run: runNumber)
                count += 1
                position += Int(letters[position].length)
            }
            runNumber += 1
            index = end
        }
        return count
    }

    /// Reads the run of Latin letters that starts at unit `start` into `letters`, one slot a
    /// letter: the run ends where the original had a separator too (fang zhen qiang), and letters
    /// that normalisation collapsed count again as written (qiangguan is qiang guan). Returns the
    /// unit after the run and how many letters it holds; nil when they and the slot
    /// ``segment(_:count:)`` needs after them do not fit.
    private func readRun(
        _ units: NormalizedText, from start: Int, into letters: UnsafeMutableBufferPointer<LetterSlot>
    ) -> (end: Int, letterCount: Int)? {
        // One loop finds the run's end and writes its letters. Every letter indexes the
        // segmentation trie unchecked (``SoundTables/TrieSteps``), so the first unit must be
        // one: the loop checks the others.
        precondition(Self.isLatinLetter(units[start].scalar), "a Latin run starts with a letter a-z")
        var end = start
        var letterCount = 0
        repeat {
            let unit = units[end]
            let repeats = unit.techniques.contains(.repeated) ? max(1, unit.end - unit.start) : 1
            guard letterCount + repeats < letters.count else { return nil }
            let letter = UInt8(truncatingIfNeeded: unit.scalar.value &- 0x61)
            for _ in 0..<repeats {
                letters[letterCount] = LetterSlot(letter: letter, unit: Int32(truncatingIfNeeded: end), cost: 0, length: 1, syllable: -1)
                letterCount &+= 1
            }
            end &+= 1
        } while end < units.count && Self.isLatinLetter(units[end].scalar) && !units[end].techniques.contains(.separated)
        return (end, letterCount)
    }

    /// The entries whose initials a whole Latin run of `count` letters spells letter for letter
    /// (zhc, lat, sjjt), however its letters would be cut into syllables; nil for none.
    private func runSpellsInitials(_ letters: UnsafeMutableBufferPointer<LetterSlot>, count: Int) -> [Int32]? {
        guard count >= 3, count < 64, initialsLengthBits & (1 << UInt64(count)) != 0, initialsFirstLetters.contains(Int(letters[0].letter)) else {
            return nil
        }
        guard count <= Self.packedInitialsLimit else { return byInitials[letters[..<count].map(\.letter)] }
        var key: UInt64 = 0
        for position in 0..<count { key = key << 5 | UInt64(letters[position].letter + 1) }
        // Binary search among the few dozen keys, its steps set by their number alone (the
        // comparison picks a base, with no branch to mispredict).
        let low = packedInitialsKeys.withUnsafeBufferPointer { keys in
            var base = 0
            var size = keys.count
            while size > 1 {
                let half = size &>> 1
                base = keys[base &+ half] < key ? base &+ half : base
                size &-= half
            }
            return size == 1 && keys[base] < key ? base &+ 1 : base
        }
        return low < packedInitialsKeys.count && packedInitialsKeys[low] == key ? packedInitialsEntries[low] : nil
    }

    /// The most letters of initials ``pack(_:)`` packs into 64 bits.
    private static let packedInitialsLimit = 12

    /// Initials (letters 0–25) as one integer, each letter plus one in 5 bits, the first
    /// highest: distinct initials of up to ``packedInitialsLimit`` letters give distinct keys.
    private static func pack(_ initials: [UInt8]) -> UInt64 {
        initials.reduce(0) { $0 << 5 | UInt64($1 + 1) }
    }

    /// The token of the piece of a segmented run that starts at letter `position`.
    @inline(__always) private func latinToken(_ letters: UnsafeMutableBufferPointer<LetterSlot>, at position: Int, run: Int32) -> Token {
        let length = Int(letters[position].length)
        let syllable = letters[position].syllable
        let kind: Token.Kind
        let value: Int32
        if syllable >= 0 {
            kind = length == 1 ? .letter : .syllable
            value = length == 1 ? Int32(letters[position].letter) : Int32(syllable)
        } else {
            kind = .initial
            value = length == 2 ? Self.digraphClass(letters[position].letter) : Int32(letters[position].letter)
        }
        let isSyllable = kind == .syllable
        return Token(
            kind: kind, firstClass: isSyllable ? pairClasses.first(syllable: value) : pairClasses.first(prefix: value),
            secondClass: isSyllable ? pairClasses.second(syllable: value) : pairClasses.second(prefix: value), value: value, count: 0,
            character: 0, firstUnit: letters[position].unit, endUnit: letters[position + length - 1].unit + 1, run: run)
    }

    /// Cuts the first `count` letters (0–25) of `letters` into pinyin syllables, and initials
    /// where no syllable fits: as few initials as possible, then as few pieces (qiang, not qi a
    /// ng). Leaves in each slot where a piece starts its length and its syllable (-1 for an
    /// initial); `letters` holds one slot more than `count`.
    private func segment(_ letters: UnsafeMutableBufferPointer<LetterSlot>, count: Int) {
        precondition(count >= 0 && letters.count > count, "segment: no slot after the letters")
        guard let slots = letters.baseAddress else { return }
        // Costs compare as (initials, pieces) tuples did, in one comparison: fewer initials
        // first, then fewer pieces. Each start's best is kept in locals and written once; the
        // slots are read through a pointer, every index below `count` + 1.
        let (initial, piece) = (Self.segmentCost(initials: 1, pieces: 0), Self.segmentCost(initials: 0, pieces: 1))
        slots[count].cost = 0
        sounds.withTrieSteps { trie in
            var start = count &- 1
            while start >= 0 {
                // One letter: the syllable it spells (a, e, o, …), else an initial.
                let first = slots[start].letter
                var entry = trie.step(0, first)
                var syllable = Int16(truncatingIfNeeded: entry)
                var rest = slots[start &+ 1].cost
                var best = syllable >= 0 ? rest &+ piece : rest &+ initial &+ piece
                var bestLength: Int8 = 1
                var bestSyllable = syllable
                let limit = min(6, count &- start)
                if limit >= 2 {
                    // Two letters: a syllable, or the initials zh, ch and sh.
                    let second = slots[start &+ 1].letter
                    entry = trie.step(entry &>> 16, second)
                    syllable = Int16(truncatingIfNeeded: entry)
                    rest = slots[start &+ 2].cost
                    if syllable >= 0 && rest &+ piece < best { (best, bestLength, bestSyllable) = (rest &+ piece, 2, syllable) }
                    if Self.isDigraph(first, second) && rest &+ initial &+ piece < best {
                        (best, bestLength, bestSyllable) = (rest &+ initial &+ piece, 2, -1)
                    }
                    // Longer: syllables only. A walk that left the trie stays on its dead node,
                    // which spells nothing, so the loop runs to its limit without a test.
                    var length = 3
                    while length <= limit {
                        entry = trie.step(entry &>> 16, slots[start &+ length &- 1].letter)
                        syllable = Int16(truncatingIfNeeded: entry)
                        rest = slots[start &+ length].cost
                        if syllable >= 0 && rest &+ piece < best {
                            (best, bestLength, bestSyllable) = (rest &+ piece, Int8(truncatingIfNeeded: length), syllable)
                        }
                        length &+= 1
                    }
                }
                (slots[start].cost, slots[start].length, slots[start].syllable) = (best, bestLength, bestSyllable)
                start &-= 1
            }
        }
    }

    /// A segmentation's cost, (initials, pieces) as one integer that orders as the pair does
    /// (both are below 2³¹).
    @inline(__always) private static func segmentCost(initials: Int32, pieces: Int32) -> Int64 {
        Int64(initials) << 32 | Int64(pieces)
    }

    /// Whether two letters (0–25) are zh, ch or sh, the initials written with two letters.
    @inline(__always) private static func isDigraph(_ first: UInt8, _ second: UInt8) -> Bool {
        second == 7 && (first == 25 || first == 2 || first == 18)
    }

    /// The prefix class of the digraph zh, ch or sh that starts with `first`.
    @inline(__always) private static func digraphClass(_ first: UInt8) -> Int32 {
        first == 25 ? 26 : first == 2 ? 27 : 28
    }

    /// Whether a character that replaced one of the term's belongs to a known everyday word
    /// (`words.tsv`, `phrases.tsv`) of two to four characters in the text: then it is that word
    /// (枪 智能 is not 枪支, 孕妇可用 is not 复刻), not a disguise. Words the term itself spells
    /// (弹簧 in 弹簧导) say nothing, as they hold no replaced character. For a term of three or more
    /// characters, whose other characters are written exactly, only a word reaching outside the
    /// match or spelling all of it (电子眼) counts: 制导 inside 管制导具 is the disguise itself.
    /// `term` is where the entry's characters begin in `entryCharacters`.
    private func spellsWord(_ tokens: UnsafeBufferPointer<Token>, window: Range<Int>, term: Int) -> Bool {
        guard window.count >= 2 else { return false }
        for (offset, position) in window.enumerated() where tokens[position].character != entryCharacters[term + offset] {
            for length in 2...4 {
                for first in max(0, position - length + 1)...position where first + length <= tokens.count {
                    let span = first..<(first + length)
                    if window.count > 2 && window.lowerBound <= span.lowerBound && span.upperBound <= window.upperBound && span != window { continue }
                    var key: UInt64 = 0
                    var whole = true
                    for token in tokens[span] {
                        guard token.kind == .han, token.character < 0x10000 else {
                            whole = false
                            break
                        }
                        key = key << 16 | UInt64(token.character)
                    }
                    if whole && sounds.isWord(key) { return true }
                }
            }
        }
        return false
    }

    private static func isLatinLetter(_ scalar: Unicode.Scalar) -> Bool { (0x61...0x7A).contains(scalar.value) }

    /// Whether a unit the screener's normaliser wrote is a Han character, from its traits (one
    /// test, where ``NormalizedUnit/isHan`` compares the scalar with three ranges). Every unit
    /// the sound channel reads is such a unit (as ``mayMatch(_:)`` already relies on). A unit
    /// made otherwise (by ``NormalizedUnit``'s initialiser, or a composed reading) has no
    /// traits and would read as not Han: screen such units by sound only after giving them
    /// their traits.
    @inline(__always) private static func isHan(_ unit: NormalizedUnit) -> Bool { unit.traits & UnitTraits.han != 0 }
}
