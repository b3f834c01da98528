import Foundation

/// How a character of a title was changed before matching: the disguise it undid.
public struct Techniques: OptionSet, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// A full-width or compatibility form folded (ＡＢ → ab, ① → 1).
    public static let width = Techniques(rawValue: 1 << 0)
    /// An upper-case letter folded.
    public static let caseFolded = Techniques(rawValue: 1 << 1)
    /// A traditional or variant character simplified (槍 → 枪).
    public static let traditional = Techniques(rawValue: 1 << 2)
    /// A Latin, Greek, Cyrillic or digit look-alike read as the ASCII character it imitates.
    public static let lookalike = Techniques(rawValue: 1 << 3)
    /// Spaces, punctuation, emoji or invisible characters removed before this character.
    public static let separated = Techniques(rawValue: 1 << 4)
    /// A run of the same letter or character collapsed into this one (digits never collapse, and
    /// letters only when nothing separates them).
    public static let repeated = Techniques(rawValue: 1 << 5)
    /// Two characters written side by side read as the one they make (木仓 → 枪).
    public static let split = Techniques(rawValue: 1 << 6)
}

/// One character of normalised text, and the span of the original it stands for.
///
/// Sixteen bytes: the offsets are kept as 32-bit integers (a text of more than 2³¹ Unicode
/// scalars is not a listing), so that a title's units fit a few cache lines. Two of them hold
/// the character's ``UnitTraits``, which are no part of the unit's value (equality and hashing
/// leave them out).
public struct NormalizedUnit: Hashable, Sendable {
    public var scalar: Unicode.Scalar
    private var startOffset: Int32
    private var endOffset: Int32
    public var techniques: Techniques
    /// The character's ``UnitTraits`` as the normaliser that wrote the unit knows them (none for
    /// a unit made otherwise).
    var traits: UInt16 = 0

    /// The first original Unicode scalar offset it covers.
    public var start: Int {
        get { Int(startOffset) }
        set { startOffset = Int32(truncatingIfNeeded: newValue) }
    }

    /// One past the last original Unicode scalar offset it covers.
    public var end: Int {
        get { Int(endOffset) }
        set { endOffset = Int32(truncatingIfNeeded: newValue) }
    }

    public init(scalar: Unicode.Scalar, start: Int, end: Int, techniques: Techniques = []) {
        self.scalar = scalar
        self.startOffset = Int32(truncatingIfNeeded: start)
        self.endOffset = Int32(truncatingIfNeeded: end)
        self.techniques = techniques
    }

    /// A unit with its character's ``UnitTraits``, as the normaliser writes it.
    @inline(__always) init(scalar: Unicode.Scalar, start: Int, end: Int, techniques: Techniques, traits: UInt16) {
        self.scalar = scalar
        self.startOffset = Int32(truncatingIfNeeded: start)
        self.endOffset = Int32(truncatingIfNeeded: end)
        self.techniques = techniques
        self.traits = traits
    }

    public static func == (left: NormalizedUnit, right: NormalizedUnit) -> Bool {
        left.scalar == right.scalar && left.startOffset == right.startOffset && left.endOffset == right.endOffset
            && left.techniques == right.techniques
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(scalar)
        hasher.combine(startOffset)
        hasher.combine(endOffset)
        hasher.combine(techniques)
    }

    /// Whether the unit is a CJK unified ideograph.
    public var isHan: Bool { Normalizer.isHan(scalar) }
}

/// What screening's loops over a field's units ask of each unit's character, looked up once, by
/// the normaliser, and kept in the unit (``NormalizedUnit/traits``): each loop then reads the
/// unit it already reads instead of a table of its own, and a character touches one table
/// entry, not one in each of four tables.
///
/// The normaliser's own table (``Normalizer/init(tables:)``) holds ``unchanged``; the screener
/// adds the rest (``Normalizer/withScreeningTraits(_:)``). A character beyond the basic plane
/// gets ``beyondBasicPlane``: every "may" trait, so that each loop takes its general path.
enum UnitTraits {
    /// The character folds to itself (the normaliser's table only; kept in the unit too, unused).
    static let unchanged: UInt16 = 1 << 15
    /// The character leaves the root of the screener's terms-and-brand-names automaton.
    static let mayStartTerm: UInt16 = 1 << 14
    /// The character is the first half of a composition making a character some term holds.
    static let compositionStart: UInt16 = 1 << 13
    /// The character is the second half of such a composition.
    static let compositionEnd: UInt16 = 1 << 12
    /// The character is a CJK unified ideograph (``Normalizer/isHan(_:)``): the normaliser's table.
    static let han: UInt16 = 1 << 11
    /// For a Han character, the number of its two syllable-pair classes
    /// (``PinyinMatcher/pairClassTraits()``), 0 for none.
    static let pairClasses: UInt16 = 0x7FF
    /// The traits of every unit whose character lies beyond the basic multilingual plane.
    static let beyondBasicPlane: UInt16 = mayStartTerm | compositionStart | compositionEnd
}

/// A normalised text as screening's hot path passes it: units lent for one call (see
/// ``Normalizer/withNormalized(_:_:)``), never kept.
typealias NormalizedText = UnsafeBufferPointer<NormalizedUnit>

/// Turns a title into the characters matching works on, keeping each one's original span:
/// compatibility and width folding, case folding, traditional and variant forms simplified,
/// look-alikes read as ASCII, separators and invisible characters dropped, repeats collapsed;
/// and, as a second reading, side-by-side components composed into the character they make.
public struct Normalizer: Sendable {
    public let tables: CharacterTables
    /// ``CharacterTables/simplified`` and ``CharacterTables/asciiLookalike`` for the basic
    /// multilingual plane as flat arrays indexed by code point (0: none): one load per character
    /// instead of a hashed look-up.
    private let simplifiedBMP: [UInt32]
    private let lookalikeBMP: [UInt32]
    /// Which BMP characters are the first half of some composition (木 of 木仓): only those pairs are looked up.
    private let firstHalves: BitSet
    /// Which BMP characters ``isSeparator(_:)`` drops, as bits: the general category is looked
    /// up once here instead of once per character of every title.
    private let separators: BitSet
    /// What each BMP code point folds to when it folds alone, everything precomputed, in two
    /// levels so that the part every character reads stays small (128 KB, the CJK block 40 KB
    /// of it): `foldCodes[c]` is ``unchanged``, ``dropped`` (a separator), ``general`` (a
    /// compatibility form, folded by ``fold(_:)``), or `k` for `foldedValues[k - firstValue]`:
    /// the scalar in the low 21 bits and the ``Techniques`` that took in bits 21–27.
    private let foldCodes: [UInt16]
    /// Each BMP code point's ``UnitTraits`` (128 KB): ``UnitTraits/unchanged`` when its code is
    /// ``unchanged``, which most characters of a title are, looked up here and in no fold table;
    /// and what the screener added (``withScreeningTraits(_:)``), which the unit keeps.
    private var traits: [UInt16]
    private let foldedValues: [UInt32]
    /// The most units one byte of UTF-8 can become: a compatibility form may fold to several
    /// characters (㎯ is six), all others to one at most. Sizes the buffer a text is normalised into.
    private let maximumUnitsPerByte: Int
    private static let unchanged: UInt16 = 0
    private static let dropped: UInt16 = 1
    private static let general: UInt16 = 2
    private static let firstValue: UInt16 = 3

    public init(tables: CharacterTables) {
        self.tables = tables
        var simplified = [UInt32](repeating: 0, count: 0x10000)
        for (key, value) in tables.simplified where key < 0x10000 { simplified[Int(key)] = value.value }
        var lookalike = [UInt32](repeating: 0, count: 0x10000)
        for (key, value) in tables.asciiLookalike where key < 0x10000 { lookalike[Int(key)] = value.value }
        var halves = BitSet.basicPlane
        for key in tables.composition.keys {
            // Halves beyond the BMP are always looked up (`mayStartComposition`).
            let first = key >> 32
            if first < 0x10000 { halves.insert(Int(first)) }
        }
        var separators = BitSet.basicPlane
        for value in 0..<UInt32(0x10000) {
            if let scalar = Unicode.Scalar(value), Self.isSeparator(scalar) { separators.insert(Int(value)) }
        }
        simplifiedBMP = simplified
        lookalikeBMP = lookalike
        firstHalves = halves
        self.separators = separators
        var foldCodes = [UInt16](repeating: Self.dropped, count: 0x10000)
        var foldedValues: [UInt32] = []
        for value in 0..<UInt32(0x10000) {
            guard let original = Unicode.Scalar(value) else { continue }
            guard Self.foldsAlone(original) else {
                foldCodes[Int(value)] = Self.general
                continue
            }
            let (scalar, folded) = Self.foldSimple(original)
            // Folding alone keeps a character in the BMP, whose separators are known by now.
            guard !separators.contains(Int(scalar.value)) else { continue }
            var result = scalar
            var techniques = folded
            if simplified[Int(scalar.value)] != 0, let form = Unicode.Scalar(simplified[Int(scalar.value)]) {
                result = form
                techniques.insert(.traditional)
            }
            if result.value >= 0x80, result.value < 0x10000, lookalike[Int(result.value)] != 0,
                let ascii = Unicode.Scalar(lookalike[Int(result.value)])
            {
                result = ascii
                techniques.insert(.lookalike)
            } else if result.value >= 0x10000, let ascii = tables.asciiLookalike[result.value] {
                result = ascii
                techniques.insert(.lookalike)
            }
            if result == original && techniques.isEmpty {
                foldCodes[Int(value)] = Self.unchanged
            } else {
                foldCodes[Int(value)] = Self.firstValue + UInt16(foldedValues.count)
                foldedValues.append(result.value | UInt32(techniques.rawValue) << 21)
            }
        }
        self.foldCodes = foldCodes
        traits = foldCodes.enumerated().map { value, code in
            (code == Self.unchanged ? UnitTraits.unchanged : 0) | (Unicode.Scalar(UInt32(value)).map(Self.isHan) ?? false ? UnitTraits.han : 0)
        }
        self.foldedValues = foldedValues
        var widest = 1
        for range in Self.compatibilityRanges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let bytes = String(scalar).utf8.count
                widest = max(widest, (Self.fold(scalar).count + bytes - 1) / bytes)
            }
        }
        maximumUnitsPerByte = widest
    }

    /// This normaliser with `screening` (one ``UnitTraits`` value a BMP code point, without
    /// ``UnitTraits/unchanged``) added to each character's traits, for its units to carry.
    func withScreeningTraits(_ screening: [UInt16]) -> Normalizer {
        precondition(screening.count == 0x10000, "screening traits are one a BMP code point")
        var copy = self
        for (value, added) in screening.enumerated() { copy.traits[value] |= added & ~UnitTraits.unchanged }
        return copy
    }

    /// The ``UnitTraits`` of a unit of `value`, a valid scalar, off the hot path.
    @inline(__always) private func unitTraits(_ value: UInt32) -> UInt16 {
        value < 0x10000 ? traits[Int(value)] : UnitTraits.beyondBasicPlane
    }

    @inline(__always) private func simplifiedForm(_ value: UInt32) -> Unicode.Scalar? {
        if value < 0x10000 {
            let found = simplifiedBMP[Int(value)]
            return found == 0 ? nil : Unicode.Scalar(found)
        }
        return tables.simplified[value]
    }

    @inline(__always) private func lookalikeForm(_ value: UInt32) -> Unicode.Scalar? {
        if value < 0x10000 {
            let found = lookalikeBMP[Int(value)]
            return found == 0 ? nil : Unicode.Scalar(found)
        }
        return tables.asciiLookalike[value]
    }

    @inline(__always) private func dropsAsSeparator(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        guard value < 0x10000 else { return Self.isSeparator(scalar) }
        return separators.contains(Int(value))
    }

    @inline(__always) private func mayStartComposition(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        guard value < 0x10000 else { return true }
        return firstHalves.contains(Int(value))
    }

    /// The normalised characters of `text`.
    public func normalize(_ text: String) -> [NormalizedUnit] {
        withNormalized(text) { Array($0) }
    }

    /// Calls `body` with the normalised characters of `text`, in memory that lives for the call
    /// only: screening normalises every field of every listing, and an array each would cost
    /// more than the normalising.
    func withNormalized<Result>(_ text: String, _ body: (NormalizedText) -> Result) -> Result {
        // Borrowed through a span, as in ``normalize(_:into:)``.
        if #available(macOS 26, *), text.isContiguousUTF8 {
            return text.utf8.span.withUnsafeBufferPointer { withNormalized(utf8: $0, body) }
        }
        if let result = text.utf8.withContiguousStorageIfAvailable({ withNormalized(utf8: $0, body) }) { return result }
        // A bridged or otherwise non-contiguous string: its bytes copied once.
        return Array(text.utf8).withUnsafeBufferPointer { withNormalized(utf8: $0, body) }
    }

    /// Normalises `text` into `units`, memory the caller lends (``stackUnits`` of the stack for a
    /// title): how many units it wrote, or nil when they do not fit, and the caller goes on with
    /// ``withNormalized(_:_:)``. For the hot path, which then needs no closure around its work.
    func normalize(_ text: String, into units: UnsafeMutableBufferPointer<NormalizedUnit>) -> Int? {
        // The bytes borrowed through a span: `withContiguousStorageIfAvailable` retained and
        // released the string around the call (two atomic operations and about 40 instructions
        // a title).
        if #available(macOS 26, *), text.isContiguousUTF8 {
            return text.utf8.span.withUnsafeBufferPointer { normalize(utf8: $0, into: units) }
        }
        if let count = text.utf8.withContiguousStorageIfAvailable({ normalize(utf8: $0, into: units) }) { return count }
        // A bridged or otherwise non-contiguous string: its bytes copied once.
        return Array(text.utf8).withUnsafeBufferPointer { normalize(utf8: $0, into: units) }
    }

    /// As ``withNormalized(_:_:)`` for valid UTF-8 `bytes` (a `String`'s). A title's units fit
    /// on the stack; a longer text is normalised again into room for the most it can become. It
    /// fails closed: a text is never screened as shorter than it is.
    private func withNormalized<Result>(utf8 bytes: UnsafeBufferPointer<UInt8>, _ body: (NormalizedText) -> Result) -> Result {
        let onStack = withUnsafeTemporaryAllocation(of: NormalizedUnit.self, capacity: Self.stackUnits) { units -> Result? in
            guard let count = normalize(utf8: bytes, into: units) else { return nil }
            return body(NormalizedText(rebasing: units[..<count]))
        }
        if let onStack { return onStack }
        // `malloc` rather than `allocate(capacity:)`, which takes glibc's slower aligned path.
        let capacity = bytes.count * maximumUnitsPerByte
        guard let memory = malloc(capacity * MemoryLayout<NormalizedUnit>.stride) else {
            preconditionFailure("no memory to normalise a text of \(bytes.count) bytes")
        }
        defer { free(memory) }
        let units = UnsafeMutableBufferPointer(start: memory.bindMemory(to: NormalizedUnit.self, capacity: capacity), count: capacity)
        guard let count = normalize(utf8: bytes, into: units) else {
            preconditionFailure("a text of \(bytes.count) bytes became more than \(capacity) units: maximumUnitsPerByte is wrong")
        }
        return body(NormalizedText(rebasing: units[..<count]))
    }

    /// How many units normalising tries on the stack: 1 KB, which `withUnsafeTemporaryAllocation`
    /// always places there (64 units, a title's worth).
    static let stackUnits = 1024 / MemoryLayout<NormalizedUnit>.stride

    /// Decodes `bytes` and writes their units to `units`; how many, or nil when they do not fit.
    /// (The standard library's scalar view costs several times more per character on this path.)
    private func normalize(utf8 bytes: UnsafeBufferPointer<UInt8>, into units: UnsafeMutableBufferPointer<NormalizedUnit>) -> Int? {
        traits.withUnsafeBufferPointer { normalize(utf8: bytes, into: units, traits: $0) }
    }

    /// ``normalize(utf8:into:)`` with ``traits`` lent, to be read unchecked (a BMP code point
    /// lies within them).
    ///
    /// Most characters of a title fold through the precomputed tables to one unit that repeats
    /// nothing, or are dropped separators: a loop of their own writes them with the writer's
    /// state in local variables, which stay in registers. A character that may repeat the unit
    /// before it, that takes the general path or that finds no room goes through
    /// ``take(_:into:)``, the writer's state written back first.
    private func normalize(
        utf8 bytes: UnsafeBufferPointer<UInt8>, into units: UnsafeMutableBufferPointer<NormalizedUnit>, traits: UnsafeBufferPointer<UInt16>
    ) -> Int? {
        var writer = UnitWriter(units: units)
        var index = 0
        while index < bytes.count {
            var count = writer.count
            var offset = writer.offset
            var last = writer.lastScalar
            // `Techniques.separated`'s bit while a separator is pending after some unit (with
            // no unit yet, a separator marks nothing, and no unit can be repeated).
            var separated: UInt16 = writer.separated && count > 0 ? Techniques.separated.rawValue : 0
            // The bytes read and the units written through pointers, whose bounds the loop checks.
            if let bytesStart = bytes.baseAddress, let unitsStart = units.baseAddress {
                var byte = bytesStart + index
                let bytesEnd = bytesStart + bytes.count
                var unit = unitsStart + count
                let unitsEnd = unitsStart + units.count
                while byte < bytesEnd, unit < unitsEnd {
                    let (value, next) = Self.decode(byte)
                    guard value < 0x10000 else { break }
                    var unitTraits = traits[Int(value)]
                    if unitTraits & UnitTraits.unchanged != 0 {
                        // A character that folds to itself, most of a title's, written as below
                        // in a path of its own that reads no fold table and keeps no techniques.
                        guard value != last else { break }
                        unit.initialize(
                            to: NormalizedUnit(
                                scalar: unsafeBitCast(value, to: Unicode.Scalar.self), start: offset, end: offset &+ 1,
                                techniques: Techniques(rawValue: separated), traits: unitTraits))
                        separated = 0
                        unit += 1
                        last = value
                        offset &+= 1
                        byte = next
                        continue
                    }
                    let code = foldCodes[Int(value)]
                    if code == Self.dropped {
                        if unit > unitsStart { separated = Techniques.separated.rawValue }
                        offset &+= 1
                        byte = next
                        continue
                    }
                    guard code >= Self.firstValue else { break }
                    let folded = foldedValues[Int(code &- Self.firstValue)]
                    let scalar = folded & 0x1F_FFFF
                    let techniques = UInt16(truncatingIfNeeded: folded >> 21) & 0x7F
                    unitTraits = scalar < 0x10000 ? traits[Int(scalar)] : UnitTraits.beyondBasicPlane
                    // A possible repeat: `UnitWriter.append` decides.
                    guard scalar != last else { break }
                    // As `UnitWriter.append` writes a unit that repeats nothing. The scalar is
                    // valid (decoded from valid UTF-8, or from the fold table), made without the
                    // failable initialiser's check.
                    unit.initialize(
                        to: NormalizedUnit(
                            scalar: unsafeBitCast(scalar, to: Unicode.Scalar.self), start: offset, end: offset &+ 1,
                            techniques: Techniques(rawValue: techniques | separated), traits: unitTraits))
                    separated = 0
                    unit += 1
                    last = scalar
                    offset &+= 1
                    byte = next
                }
                index = byte - bytesStart
                count = unit - unitsStart
            }
            // No unit of the character at `offset` is written yet: `lastEnd <= offset` holds.
            (writer.count, writer.offset, writer.lastScalar, writer.lastEnd) = (count, offset, last, offset)
            // (Before the first unit the writer's own flag is kept, though it marks nothing.)
            writer.separated = separated != 0 || (count == 0 && writer.separated)
            guard index < bytes.count else { break }
            let (value, next) = Self.decode(bytes, at: index)
            index = next
            take(value, into: &writer)
            writer.offset += 1
        }
        // (A text that overflows is decoded to its end regardless: a check per character would
        // cost every title more than the rare long text saves.)
        return writer.overflowed ? nil : writer.count
    }

    /// The scalar of valid UTF-8 that starts at `byte`, and the byte after it.
    @inline(__always) private static func decode(_ byte: UnsafePointer<UInt8>) -> (value: UInt32, next: UnsafePointer<UInt8>) {
        let lead = UInt32(byte[0])
        // Three bytes first: most characters of a title are CJK.
        if lead &- 0xE0 < 0x10 { return ((lead & 0x0F) << 12 | UInt32(byte[1] & 0x3F) << 6 | UInt32(byte[2] & 0x3F), byte + 3) }
        if lead < 0x80 { return (lead, byte + 1) }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(byte[1] & 0x3F), byte + 2) }
        let value = (lead & 0x07) << 18 | UInt32(byte[1] & 0x3F) << 12 | UInt32(byte[2] & 0x3F) << 6 | UInt32(byte[3] & 0x3F)
        return (value, byte + 4)
    }

    /// The scalar of valid UTF-8 `bytes` that starts at `index`, and the index after it.
    @inline(__always) private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, next: Int) {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (lead, index &+ 1) }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(bytes[index &+ 1] & 0x3F), index &+ 2) }
        if lead < 0xF0 {
            return ((lead & 0x0F) << 12 | UInt32(bytes[index &+ 1] & 0x3F) << 6 | UInt32(bytes[index &+ 2] & 0x3F), index &+ 3)
        }
        let value =
            (lead & 0x07) << 18 | UInt32(bytes[index &+ 1] & 0x3F) << 12 | UInt32(bytes[index &+ 2] & 0x3F) << 6 | UInt32(bytes[index &+ 3] & 0x3F)
        return (value, index &+ 4)
    }

    /// Folds one character of the original text, `value` a valid scalar, into `writer`.
    @inline(__always) private func take(_ value: UInt32, into writer: inout UnitWriter) {
        // Most characters fold to one scalar, precomputed: only compatibility forms and
        // characters beyond the BMP take the general path.
        if value < 0x10000 {
            let unitTraits = traits[Int(value)]
            if unitTraits & UnitTraits.unchanged != 0 {
                // A valid scalar (decoded from valid UTF-8, and folding to itself): the failable
                // initialiser's check would be spent on most characters of every title.
                writer.append(unsafeBitCast(value, to: Unicode.Scalar.self), [], traits: unitTraits)
                return
            }
            let code = foldCodes[Int(value)]
            if code == Self.dropped {
                writer.separated = true
                return
            }
            if code >= Self.firstValue {
                let folded = foldedValues[Int(code - Self.firstValue)]
                // The table holds valid scalars only.
                writer.append(
                    unsafeBitCast(folded & 0x1F_FFFF, to: Unicode.Scalar.self), Techniques(rawValue: UInt16(truncatingIfNeeded: folded >> 21) & 0x7F),
                    traits: self.unitTraits(folded & 0x1F_FFFF))
                return
            }
        }
        guard let original = Unicode.Scalar(value) else { return }
        if Self.foldsAlone(original) {
            let (scalar, folded) = Self.foldSimple(original)
            consume(scalar, folded, into: &writer)
        } else {
            for (scalar, folded) in Self.fold(original) { consume(scalar, folded, into: &writer) }
        }
    }

    /// Folds one scalar of the general path into `writer`.
    @inline(never) private func consume(_ scalar: Unicode.Scalar, _ folded: Techniques, into writer: inout UnitWriter) {
        var techniques = folded
        if dropsAsSeparator(scalar) {
            writer.separated = true
            return
        }
        var value = scalar
        if let simplified = simplifiedForm(value.value) {
            value = simplified
            techniques.insert(.traditional)
        }
        if value.value >= 0x80, let ascii = lookalikeForm(value.value) {
            value = ascii
            techniques.insert(.lookalike)
        }
        writer.append(value, techniques, traits: unitTraits(value.value))
    }

    /// The units of a text as normalising writes them, one original character at a time.
    private struct UnitWriter {
        let units: UnsafeMutableBufferPointer<NormalizedUnit>
        /// How many units are written.
        var count = 0
        /// Whether a unit found no room (the rest are dropped).
        var overflowed = false
        /// Whether a separator was dropped since the last unit.
        var separated = false
        /// The original character being folded.
        var offset = 0
        /// The last unit's scalar and end, mirrored so that the check for a repeat reads no memory.
        var lastScalar: UInt32 = .max
        var lastEnd = 0

        init(units: UnsafeMutableBufferPointer<NormalizedUnit>) {
            self.units = units
        }

        /// Adds a character that stays, with its ``UnitTraits``, or lengthens the last one it repeats.
        @inline(__always) mutating func append(_ value: Unicode.Scalar, _ folded: Techniques, traits: UInt16) {
            var techniques = folded
            let code = value.value
            // Repeated letters and characters collapse (枪枪枪, ｑｑｉａｎｇ); digits do not, so 1:1 stays 11.
            // Latin letters collapse only when written together: pinyin doubles a letter across
            // syllables (qiang guan, dan gong gang).
            if code == lastScalar, lastEnd <= offset, !(0x30...0x39).contains(code), !((0x61...0x7A).contains(code) && separated) {
                lastEnd = offset + 1
                units[count - 1].end = lastEnd
                units[count - 1].techniques.formUnion(techniques.union(.repeated))
                separated = false
                return
            }
            if separated && count > 0 { techniques.insert(.separated) }
            separated = false
            guard count < units.count else {
                overflowed = true
                return
            }
            units.initializeElement(
                at: count, to: NormalizedUnit(scalar: value, start: offset, end: offset + 1, techniques: techniques, traits: traits))
            count += 1
            lastScalar = code
            lastEnd = offset + 1
        }
    }

    /// The second reading of `units`: each pair of adjacent Han characters that are the two
    /// halves of another character (木仓, 火乍, 弓长) replaced by it. `nil` when no pair composes.
    public func composed(_ units: [NormalizedUnit]) -> [NormalizedUnit]? {
        units.withUnsafeBufferPointer { composed($0) }
    }

    /// As ``composed(_:)-([NormalizedUnit])`` for units lent by ``withNormalized(_:_:)``.
    func composed(_ units: NormalizedText) -> [NormalizedUnit]? {
        var result: [NormalizedUnit] = []
        var changed = false
        var index = 0
        while index < units.count {
            let unit = units[index]
            if index + 1 < units.count, unit.isHan, mayStartComposition(unit.scalar), units[index + 1].isHan,
                let whole = tables.composition[CharacterTables.pairKey(unit.scalar, units[index + 1].scalar)]
            {
                let next = units[index + 1]
                result.append(
                    NormalizedUnit(
                        scalar: whole, start: unit.start, end: next.end, techniques: unit.techniques.union(next.techniques).union(.split)))
                changed = true
                index += 2
            } else {
                result.append(unit)
                index += 1
            }
        }
        return changed ? result : nil
    }

    /// The compatibility forms folded through Unicode's compatibility mapping: circled and
    /// parenthesised letters and digits, letter-like and mathematical alphanumerics, enclosed CJK.
    static let compatibilityRanges: [ClosedRange<UInt32>] = [0x2100...0x24FF, 0x3200...0x33FF, 0x1D400...0x1D7FF, 0x1F100...0x1F1FF]

    /// Whether `scalar` folds to exactly one scalar without the compatibility mapping.
    /// (The same ranges size the units a text can become: ``maximumUnitsPerByte``.)
    @inline(__always) static func foldsAlone(_ scalar: Unicode.Scalar) -> Bool {
        !compatibilityRanges.contains { $0.contains(scalar.value) }
    }

    /// What a scalar for which ``foldsAlone(_:)`` holds folds to: case, full width, the ideographic space.
    @inline(__always) static func foldSimple(_ scalar: Unicode.Scalar) -> (Unicode.Scalar, Techniques) {
        var value = scalar.value
        var techniques: Techniques = []
        if (0xFF01...0xFF5E).contains(value) {
            value -= 0xFEE0
            techniques.insert(.width)
        } else if value == 0x3000 {
            return (" ", .width)
        }
        if (0x41...0x5A).contains(value) {
            value += 0x20
            techniques.insert(.caseFolded)
        }
        return (Unicode.Scalar(value) ?? scalar, techniques)
    }

    /// The scalars `scalar` folds to, with what folding it took.
    private static func fold(_ scalar: Unicode.Scalar) -> [(Unicode.Scalar, Techniques)] {
        let value = scalar.value
        if value < 0x80 {
            if (0x41...0x5A).contains(value), let lower = Unicode.Scalar(value + 0x20) { return [(lower, .caseFolded)] }
            return [(scalar, [])]
        }
        // Full-width ASCII (！ to ～) and the ideographic space.
        if (0xFF01...0xFF5E).contains(value), let narrow = Unicode.Scalar(value - 0xFEE0) {
            return fold(narrow).map { ($0.0, $0.1.union(.width)) }
        }
        if value == 0x3000 { return [(" ", .width)] }
        // Compatibility forms: circled and parenthesised letters and digits, letter-like and
        // mathematical alphanumerics, enclosed CJK.
        if !Self.foldsAlone(scalar) {
            let folded = String(scalar).precomposedStringWithCompatibilityMapping.unicodeScalars
            if folded.count > 0, !(folded.count == 1 && folded.first == scalar) {
                return folded.flatMap { fold($0) }.map { ($0.0, $0.1.union(.width)) }
            }
        }
        return [(scalar, [])]
    }

    /// Whether `scalar` is dropped before matching: white space, punctuation, symbols (emoji
    /// among them), controls, invisible formatting characters and combining marks.
    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            let isLetterOrDigit = (0x30...0x39).contains(value) || (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value)
            return !isLetterOrDigit
        }
        if isHan(scalar) { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber, .letterNumber, .otherNumber:
            return false
        default:
            return true
        }
    }

    /// Whether `scalar` is a CJK unified ideograph (the basic block and extension A).
    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) || (0xF900...0xFAFF).contains(value)
    }
}
