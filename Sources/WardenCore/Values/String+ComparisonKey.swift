import Foundation

extension String {
    /// The key two names or ID numbers are compared by: NFKC, one letter case (upper with
    /// `uppercased`, else lower), no white space.
    ///
    /// `Shop.nameClaim` and `SubjectInfo.subjectKey` run on every commit, and shop names and ID
    /// numbers are almost always made of ASCII and the CJK Unified Ideographs of the basic block
    /// (U+4E00–U+9FFF). Those have no decomposition, none of them composes with a neighbour
    /// from that set, the ideographs have no case and are not white space, and ASCII's case and
    /// white space are plain: such a string is keyed byte by byte. Foundation's normaliser, then
    /// the standard library's case mapping and `Character.isWhitespace` (grapheme breaking and
    /// Unicode properties for every character), were each about a twentieth of a batched
    /// violation through the SQLite store. Any other string takes that general path.
    func comparisonKey(uppercased: Bool) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                // ASCII's white space: tab, line feed, vertical tab, form feed, carriage return, space.
                if value == 0x20 || (0x09...0x0D).contains(value) { continue }
                var byte = UInt8(truncatingIfNeeded: value)
                if uppercased, (0x61...0x7A).contains(byte) { byte -= 0x20 }
                if !uppercased, (0x41...0x5A).contains(byte) { byte += 0x20 }
                bytes.append(byte)
            } else if (0x4E00...0x9FFF).contains(value) {
                bytes.append(contentsOf: String(scalar).utf8)
            } else {
                let form = precomposedStringWithCompatibilityMapping
                return (uppercased ? form.uppercased() : form.lowercased()).filter { !$0.isWhitespace }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
