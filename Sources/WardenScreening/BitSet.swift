/// A fixed set of small non-negative integers (code points, syllable pairs) kept as bits: a
/// look-up is one load and a mask, the shape every per-character table on screening's hot path
/// takes so that it stays in cache.
struct BitSet: Sendable {
    /// The bits, 64 members a word: member `m` is bit `m % 64` of word `m / 64`.
    private(set) var words: [UInt64]

    /// An empty set with room for the members `0..<capacity`.
    init(capacity: Int) {
        words = [UInt64](repeating: 0, count: (capacity + 63) / 64)
    }

    /// An empty set of the basic multilingual plane's code points.
    static var basicPlane: BitSet { BitSet(capacity: 0x10000) }

    /// Adds `member`, which must lie below the capacity.
    mutating func insert(_ member: Int) {
        words[member &>> 6] |= 1 &<< UInt64(member & 63)
    }

    /// Whether `member`, which must lie below the capacity, is in the set.
    @inline(__always) func contains(_ member: Int) -> Bool {
        words[member &>> 6] & (1 &<< UInt64(member & 63)) != 0
    }
}
