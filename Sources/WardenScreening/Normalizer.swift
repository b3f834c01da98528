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
public struct NormalizedUnit: Hashable, Sendable {
    public var scalar: Unicode.Scalar
    /// The first original Unicode scalar offset it covers.
    public var start: Int
    /// One past the last original Unicode scalar offset it covers.
    public var end: Int
    public var techniques: Techniques

    public init(scalar: Unicode.Scalar, start: Int, end: Int, techniques: Techniques = []) {
        self.scalar = scalar
        self.start = start
        self.end = end
        self.techniques = techniques
    }

    /// Whether the unit is a CJK unified ideograph.
    public var isHan: Bool { Normalizer.isHan(scalar) }
}

/// Turns a title into the characters matching works on, keeping each one's original span:
/// compatibility and width folding, case folding, traditional and variant forms simplified,
/// look-alikes read as ASCII, separators and invisible characters dropped, repeats collapsed;
/// and, as a second reading, side-by-side components composed into the character they make.
public struct Normalizer: Sendable {
    public let tables: CharacterTables

    public init(tables: CharacterTables) {
        self.tables = tables
    }

    /// The normalised characters of `text`.
    public func normalize(_ text: String) -> [NormalizedUnit] {
        var units: [NormalizedUnit] = []
        units.reserveCapacity(text.utf8.count / 2)
        var separated = false
        var offset = 0
        for original in text.unicodeScalars {
            defer { offset += 1 }
            for (scalar, folded) in fold(original) {
                var techniques = folded
                if Self.isSeparator(scalar) {
                    separated = true
                    continue
                }
                var value = scalar
                if let simplified = tables.simplified[value.value] {
                    value = simplified
                    techniques.insert(.traditional)
                }
                if value.value >= 0x80, let ascii = tables.asciiLookalike[value.value] {
                    value = ascii
                    techniques.insert(.lookalike)
                }
                // Repeated letters and characters collapse (枪枪枪, ｑｑｉａｎｇ); digits do not, so 1:1 stays 11.
                // Latin letters collapse only when written together: pinyin doubles a letter across
                // syllables (qiang guan, dan gong gang).
                let latin = (0x61...0x7A).contains(value.value)
                if let last = units.last, last.scalar == value, last.end <= offset, !(0x30...0x39).contains(value.value), !(latin && separated) {
                    units[units.count - 1].end = offset + 1
                    units[units.count - 1].techniques.formUnion(techniques.union(.repeated))
                    separated = false
                    continue
                }
                if separated && !units.isEmpty { techniques.insert(.separated) }
                separated = false
                units.append(NormalizedUnit(scalar: value, start: offset, end: offset + 1, techniques: techniques))
            }
        }
        return units
    }

    /// The second reading of `units`: each pair of adjacent Han characters that are the two
    /// halves of another character (木仓, 火乍, 弓长) replaced by it. `nil` when no pair composes.
    public func composed(_ units: [NormalizedUnit]) -> [NormalizedUnit]? {
        var result: [NormalizedUnit] = []
        var changed = false
        var index = 0
        while index < units.count {
            let unit = units[index]
            if index + 1 < units.count, unit.isHan, units[index + 1].isHan,
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

    /// The scalars `scalar` folds to, with what folding it took.
    private func fold(_ scalar: Unicode.Scalar) -> [(Unicode.Scalar, Techniques)] {
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
        if (0x2100...0x24FF).contains(value) || (0x3200...0x33FF).contains(value) || (0x1D400...0x1D7FF).contains(value)
            || (0x1F100...0x1F1FF).contains(value)
        {
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
