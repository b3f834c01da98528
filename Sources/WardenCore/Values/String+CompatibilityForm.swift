import Foundation

extension String {
    /// The string in Unicode normalisation form KC, without running the normaliser when no
    /// character of it could change.
    ///
    /// ASCII and the CJK Unified Ideographs of the basic block (U+4E00–U+9FFF) have no
    /// decomposition, and none of them composes with a neighbour from that set, so a string made
    /// only of them is its own NFKC form. Shop names and ID numbers almost always are, and
    /// `Shop.nameClaim` and `SubjectInfo.subjectKey` run on every commit: Foundation's
    /// normaliser was about a twentieth of a batched violation through the SQLite store.
    var compatibilityForm: String {
        for scalar in unicodeScalars where !scalar.isASCII && !(0x4E00...0x9FFF).contains(scalar.value) {
            return precomposedStringWithCompatibilityMapping
        }
        return self
    }
}
