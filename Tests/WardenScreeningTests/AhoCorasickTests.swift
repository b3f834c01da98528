import Testing
import WardenScreening

/// The multi-pattern matcher finds every occurrence, overlapping ones included, and agrees with
/// a naive search on random texts.
@Suite struct AhoCorasickTests {
    func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }

    @Test func findsOverlappingPatterns() {
        let matcher = AhoCorasick(patterns: ["he", "she", "his", "hers"].map(scalars))
        var found: [String] = []
        matcher.scan(scalars("ushers")) { pattern, end in found.append("\(pattern)@\(end)") }
        #expect(found.sorted() == ["0@4", "1@4", "3@6"])
    }

    @Test func agreesWithANaiveSearch() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("枪支弹药刀ab".unicodeScalars)
        for _ in 0..<200 {
            let patterns = (0..<6).map { _ in (0..<Int.random(in: 1...3, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! } }
            let text = (0..<40).map { _ in alphabet.randomElement(using: &generator)! }
            var fast: [String] = []
            AhoCorasick(patterns: patterns).scan(text) { pattern, end in fast.append("\(pattern)@\(end)") }
            var naive: [String] = []
            for (index, pattern) in patterns.enumerated() {
                for end in pattern.count...text.count where Array(text[(end - pattern.count)..<end]) == pattern {
                    naive.append("\(index)@\(end)")
                }
            }
            #expect(fast.sorted() == naive.sorted())
        }
    }
}
