/// Occurrences as screening's hot path passes them, each a pattern and the units it covers: lent
/// for one call (stack memory, or an array's), never kept.
typealias OccurrenceList = UnsafeBufferPointer<(pattern: Int, units: Range<Int>)>

/// A multi-pattern matcher over sequences of Unicode scalars (Aho–Corasick): every occurrence of
/// every pattern in one pass over the text, whatever the number of patterns.
public struct AhoCorasick: Sendable {
    /// The patterns that end at each node, their failure chain's included (see ``Node``).
    private var outputPatterns: [Int32] = []
    /// Each pattern's length in scalars.
    public private(set) var lengths: [Int] = []
    /// The root's goto function for the basic multilingual plane, compact: `rootEdges` has a
    /// bit for each code point that leaves the root, and the target state of the `k`th of them is
    /// `rootTargets[k]`, `k` being `rootRank[word]` plus the bits below it in its word. The
    /// tables stay in cache (10 KB and the targets) where a row indexed by code point would not.
    private var rootEdges = BitSet.basicPlane
    private var rootRank: [UInt16] = []
    private var rootTargets: [Int32] = []
    /// Each node's edges, failure and outputs in one 24-byte record, so that a step off the root
    /// reads one cache line where it read four arrays; the edges themselves are scalar and
    /// target side by side (`edges[node.edgeStart..<node.edgeEnd]`).
    ///
    /// Transitions (root targets, edge targets, failures) lead to *states*: a node's index times
    /// two, plus one when some pattern ends there, so that the common step, to a node that ends
    /// nothing, reads no record. The root is state 0 (no pattern is empty, so none ends there).
    private var nodes: [Node] = []
    private var edges: [Edge] = []

    private struct Node {
        var edgeStart: Int32
        var edgeEnd: Int32
        /// The state of the longest proper suffix that is also a prefix.
        var failure: Int32
        /// The patterns ending here: `outputPatterns[outputStart..<outputEnd]`.
        var outputStart: Int32
        var outputEnd: Int32
        /// Bit `s & 31` for each edge's scalar `s`: a character whose bit is clear leaves by no
        /// edge, and the step goes to the failure without the loop over the edges, whose varying
        /// length mispredicted (most characters after a term's first continue nothing).
        var edgeBits: UInt32
    }

    private struct Edge {
        var scalar: UInt32
        /// The state the edge leads to.
        var target: Int32
    }

    /// A matcher for `patterns`; a pattern's index in the array identifies its matches.
    public init(patterns: [[Unicode.Scalar]]) {
        // Goto transitions while building, keyed by `node << 32 | scalar`; scanning uses the flat tables below.
        var transitions: [UInt64: Int32] = [:]
        // The node a failed transition falls back to, by node.
        var failure: [Int32] = [0]
        var outputs: [[Int32]] = [[]]
        for pattern in patterns {
            var node: Int32 = 0
            for scalar in pattern {
                let key = Self.key(node, scalar)
                if let next = transitions[key] {
                    node = next
                } else {
                    let next = Int32(failure.count)
                    failure.append(0)
                    outputs.append([])
                    transitions[key] = next
                    node = next
                }
            }
            if !pattern.isEmpty { outputs[Int(node)].append(Int32(lengths.count)) }
            lengths.append(pattern.count)
        }
        // Breadth first: a node's failure is the longest proper suffix that is also a prefix.
        var children: [Int32: [(Unicode.Scalar, Int32)]] = [:]
        for (key, child) in transitions {
            guard let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: key)) else { continue }
            children[Int32(key >> 32), default: []].append((scalar, child))
        }
        var queue: [Int32] = (children[0] ?? []).map(\.1)
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for (scalar, child) in children[node] ?? [] {
                queue.append(child)
                var fallback = failure[Int(node)]
                while fallback != 0 && transitions[Self.key(fallback, scalar)] == nil { fallback = failure[Int(fallback)] }
                let target = node == 0 ? 0 : (transitions[Self.key(fallback, scalar)] ?? 0)
                failure[Int(child)] = target == child ? 0 : target
                outputs[Int(child)] += outputs[Int(failure[Int(child)])]
            }
        }
        // Flat goto tables for scanning: a dense row for the root, short edge lists below it.
        var rootNext = [Int32](repeating: 0, count: 0x10000)
        var edges = [[(UInt32, Int32)]](repeating: [], count: failure.count)
        for (key, child) in transitions {
            let node = Int(key >> 32)
            let scalar = UInt32(truncatingIfNeeded: key)
            if node == 0 && scalar < 0x10000 {
                rootNext[Int(scalar)] = child
                rootEdges.insert(Int(scalar))
            } else {
                edges[node].append((scalar, child))
            }
        }
        // Scanning works on states: a node's index times two, plus one when patterns end there,
        // so that the common step, to a node that ends nothing, reads no output record.
        let state = { (node: Int32) -> Int32 in node << 1 | (outputs[Int(node)].isEmpty ? 0 : 1) }
        rootRank = []
        for word in rootEdges.words {
            rootRank.append(UInt16(rootTargets.count))
            var bits = word
            while bits != 0 {
                let offset = bits.trailingZeroBitCount
                rootTargets.append(state(rootNext[(rootRank.count - 1) * 64 + offset]))
                bits &= bits - 1
            }
        }
        var outputStart: [Int32] = [0]
        for list in outputs {
            outputPatterns += list
            outputStart.append(Int32(outputPatterns.count))
        }
        for (node, list) in edges.enumerated() {
            let start = Int32(self.edges.count)
            self.edges += list.map { Edge(scalar: $0.0, target: state($0.1)) }
            nodes.append(
                Node(
                    edgeStart: start, edgeEnd: Int32(self.edges.count), failure: state(failure[node]), outputStart: outputStart[node],
                    outputEnd: outputStart[node + 1], edgeBits: list.reduce(0) { $0 | Self.edgeBit($1.0) }))
        }
    }

    /// Whether the root has an edge for the BMP character `value`.
    func leavesRoot(_ value: Int) -> Bool { rootEdges.contains(value) }

    /// The goto function: where state `node` goes on `scalar`, if anywhere.
    @inline(__always) private func next(_ node: Int32, _ scalar: UInt32) -> Int32? {
        if node == 0 && scalar < 0x10000 {
            let word = rootEdges.words[Int(scalar / 64)]
            let bit = UInt64(1) << UInt64(scalar % 64)
            guard word & bit != 0 else { return nil }
            return rootTargets[Int(rootRank[Int(scalar / 64)]) + (word & (bit - 1)).nonzeroBitCount]
        }
        let record = nodes[Int(node >> 1)]
        var edge = Int(record.edgeStart)
        while edge < Int(record.edgeEnd) {
            if edges[edge].scalar == scalar { return edges[edge].target }
            edge += 1
        }
        return nil
    }

    /// Where the automaton goes from state `node` on `value`, following failure links; the root for a
    /// character that starts nothing there (most characters: one bit test).
    @inline(__always) private func advance(_ node: Int32, _ value: UInt32) -> Int32 {
        if node == 0 && value < 0x10000 && !rootEdges.contains(Int(value)) { return 0 }
        var node = node
        while true {
            if let target = next(node, value) { return target }
            if node == 0 { return 0 }
            node = nodes[Int(node >> 1)].failure
        }
    }

    /// Calls `found(pattern, end)` for every occurrence, `end` being one past the last matched
    /// position of `text`.
    public func scan(_ text: some Collection<Unicode.Scalar>, _ found: (_ pattern: Int, _ end: Int) -> Void) {
        var node: Int32 = 0
        var position = 0
        for scalar in text {
            position += 1
            node = advance(node, scalar.value)
            guard node & 1 != 0 else { continue }
            let record = nodes[Int(node >> 1)]
            for slot in record.outputStart..<record.outputEnd { found(Int(outputPatterns[Int(slot)]), position) }
        }
    }

    /// Every occurrence in normalised `units`, in the order ``scan(_:_:)`` finds them: the
    /// pattern and the units it covers. (Empty, and so not allocated, for most texts.)
    func occurrences(in units: NormalizedText) -> [(pattern: Int, units: Range<Int>)] {
        var found: [(pattern: Int, units: Range<Int>)] = []
        forEachOccurrence(in: units) { found.append(($0, $1)) }
        return found
    }

    /// Calls `body` with each occurrence in normalised `units`, as ``occurrences(in:)`` lists
    /// them: for a caller that sorts or filters them as they come, with no list in between.
    @inline(__always) func forEachOccurrence(in units: NormalizedText, _ body: (_ pattern: Int, _ units: Range<Int>) -> Void) {
        guard let first = firstMatch(in: units) else { return }
        forEachOccurrence(in: units, from: first, body)
    }

    /// Where the first occurrence in `units` ends: its last position and the automaton's state
    /// there, for ``forEachOccurrence(in:from:_:)``; nil when no pattern occurs (most texts), so
    /// that a caller makes no list for them.
    @inline(__always) func firstMatch(in units: NormalizedText) -> (position: Int, state: Int32)? {
        firstMatch(
            in: units,
            { unit, tables in
                let value = unit.scalar.value
                return value >= 0x10000 || tables.rootWords[Int(value &>> 6)] & (1 &<< UInt64(value & 63)) != 0
            }, hint: { _ in true })
    }

    /// As ``firstMatch(in:)`` for units whose ``NormalizedUnit/traits`` hold `trait` wherever
    /// their character may leave the root (a BMP character the root has an edge for, any
    /// character beyond the BMP): the loop that skips the others reads the units alone.
    @inline(__always) func firstMatch(in units: NormalizedText, markedBy trait: UInt16) -> (position: Int, state: Int32)? {
        firstMatch(in: units, { unit, _ in unit.traits & trait != 0 }, hint: { $0.traits & trait != 0 })
    }

    /// ``firstMatch(in:)`` with `mayLeaveRoot` telling the characters that may leave the root
    /// (all that do, and maybe others) from those that do not, and `hint` doing so from the unit
    /// alone (or true) for a step that falls back to the root.
    @inline(__always) private func firstMatch(
        in units: NormalizedText, _ mayLeaveRoot: (NormalizedUnit, Tables) -> Bool, hint: (NormalizedUnit) -> Bool
    ) -> (position: Int, state: Int32)? {
        withTables { tables in
            // At the root, most characters start nothing: they are skipped in a loop of their
            // own, one bit each; one that starts something is taken straight to its target.
            var node: Int32 = 0
            var position = 0
            while true {
                if node == 0 {
                    while position < units.count, !mayLeaveRoot(units[position], tables) { position &+= 1 }
                    guard position < units.count else { return nil }
                }
                guard position < units.count else { return nil }
                let unit = units[position]
                node = tables.advance(node, unit.scalar.value, self, mayLeaveRoot: hint(unit))
                if node & 1 != 0 { return (position, node) }
                position &+= 1
            }
        }
    }

    /// As ``forEachOccurrence(in:_:)`` from the first occurrence's end, `first` as
    /// ``firstMatch(in:)`` found it: the scan goes on from there.
    @inline(__always) func forEachOccurrence(
        in units: NormalizedText, from first: (position: Int, state: Int32), _ body: (_ pattern: Int, _ units: Range<Int>) -> Void
    ) {
        forEachOccurrence(in: units, from: first, hint: { _ in true }, body)
    }

    /// As ``forEachOccurrence(in:from:_:)`` for units marked as ``firstMatch(in:markedBy:)``
    /// reads them: a step that falls back to the root reads the root's tables only for a unit
    /// marked.
    @inline(__always) func forEachOccurrence(
        in units: NormalizedText, from first: (position: Int, state: Int32), markedBy trait: UInt16,
        _ body: (_ pattern: Int, _ units: Range<Int>) -> Void
    ) {
        forEachOccurrence(in: units, from: first, hint: { $0.traits & trait != 0 }, body)
    }

    /// ``forEachOccurrence(in:from:_:)`` with `hint` telling, from a unit alone, whether its
    /// character may leave the root (or true).
    @inline(__always) private func forEachOccurrence(
        in units: NormalizedText, from first: (position: Int, state: Int32), hint: (NormalizedUnit) -> Bool,
        _ body: (_ pattern: Int, _ units: Range<Int>) -> Void
    ) {
        withTables { tables in
            var node = first.state
            var position = first.position
            while true {
                if node & 1 != 0 {
                    let record = tables.nodes[Int(node >> 1)]
                    for slot in record.outputStart..<record.outputEnd {
                        let pattern = Int(outputPatterns[Int(slot)])
                        body(pattern, (position + 1 - lengths[pattern])..<(position + 1))
                    }
                }
                position += 1
                guard position < units.count else { return }
                let unit = units[position]
                node = tables.advance(node, unit.scalar.value, self, mayLeaveRoot: hint(unit))
            }
        }
    }

    /// The tables a scan steps through, lent unchecked for one scan: every index a step makes
    /// lies within them (a BMP code point's word within the root's bit set, its rank and target
    /// within theirs, a state's node, its edges, its failure's node).
    private struct Tables {
        let rootWords: UnsafeBufferPointer<UInt64>
        let ranks: UnsafeBufferPointer<UInt16>
        let targets: UnsafeBufferPointer<Int32>
        let nodes: UnsafeBufferPointer<Node>
        let edges: UnsafeBufferPointer<Edge>

        /// ``AhoCorasick/advance(_:_:)`` on the lent tables (`matcher`'s, for a character
        /// beyond the BMP at the root, which takes the general path); at the root, false
        /// `mayLeaveRoot` says the character leaves it for nowhere, without the root's tables.
        @inline(__always) func advance(_ state: Int32, _ value: UInt32, _ matcher: AhoCorasick, mayLeaveRoot: Bool) -> Int32 {
            var node = state
            while true {
                if node == 0 {
                    guard mayLeaveRoot else { return 0 }
                    guard value < 0x10000 else { return matcher.advance(0, value) }
                    let word = rootWords[Int(value &>> 6)]
                    let bit = 1 &<< UInt64(value & 63)
                    guard word & bit != 0 else { return 0 }
                    return targets[Int(ranks[Int(value &>> 6)]) &+ (word & (bit &- 1)).nonzeroBitCount]
                }
                let record = nodes[Int(node >> 1)]
                if record.edgeBits & AhoCorasick.edgeBit(value) != 0 {
                    var edge = Int(record.edgeStart)
                    while edge < Int(record.edgeEnd) {
                        if edges[edge].scalar == value { return edges[edge].target }
                        edge &+= 1
                    }
                }
                node = record.failure
            }
        }
    }

    /// Calls `body` with the scan's ``Tables``.
    @inline(__always) private func withTables<Result>(_ body: (Tables) -> Result) -> Result {
        rootEdges.words.withUnsafeBufferPointer { rootWords in
            rootRank.withUnsafeBufferPointer { ranks in
                rootTargets.withUnsafeBufferPointer { targets in
                    nodes.withUnsafeBufferPointer { nodes in
                        edges.withUnsafeBufferPointer { edges in
                            body(Tables(rootWords: rootWords, ranks: ranks, targets: targets, nodes: nodes, edges: edges))
                        }
                    }
                }
            }
        }
    }

    /// A scalar's bit in ``Node/edgeBits``.
    @inline(__always) fileprivate static func edgeBit(_ scalar: UInt32) -> UInt32 { 1 &<< (scalar & 31) }

    @inline(__always) private static func key(_ node: Int32, _ scalar: Unicode.Scalar) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 32 | UInt64(scalar.value)
    }
}
