import Foundation
import WardenCore

/// Writes a value's `Encodable` form as JSON straight into bytes, with object keys sorted.
///
/// The output is byte for byte what Foundation's `JSONEncoder` writes with `outputFormatting`
/// `[.sortedKeys, .withoutEscapingSlashes]` and its default strategies: keys in the order of
/// their UTF-8 bytes, dates through `Date`'s own encoding (seconds since 2001 as a number), data
/// in Base64, a URL as its absolute string, a `Decimal` as its description, a non-finite number
/// refused. It exists because `JSONEncoder` first builds a tree of boxed values and dictionaries
/// and then writes it, which made it the largest share of recording a violation (decision 0027).
/// This one writes each value where it belongs as it is encoded; an object whose keys arrive out
/// of order is reordered once, when it closes, by moving byte ranges.
///
/// - Important: Stored events and snapshots are compared as text (equal values store equal text,
///   in SQLite and PostgreSQL alike), so any change here must keep `SortedJSONEncoderTests`'s
///   byte equality with `JSONEncoder`.
public enum SortedJSONEncoder {
    /// The JSON of `value`, as UTF-8 bytes.
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let writer = JSONByteWriter()
        defer { writer.tearDown() }
        try writer.writeTopLevel(value)
        return writer.bytes
    }
}

/// One key of an open object: where its `"key":value` begins in the writer's bytes.
struct JSONObjectEntry {
    var key: String
    /// The key's first eight UTF-8 bytes, big-endian, zero-padded: comparing two of these
    /// orders most keys without looking at the strings.
    var prefix: UInt64
    var start: Int
    /// A container opened with `nestedContainer` or `superEncoder`, written on its own and
    /// spliced in after the key when the object closes.
    var deferred: JSONByteEncoder?

    /// Whether this key sorts before `other`'s by UTF-8 bytes, as `JSONEncoder` sorts.
    func precedes(_ other: JSONObjectEntry) -> Bool {
        if prefix != other.prefix { return prefix < other.prefix }
        return key.utf8.lexicographicallyPrecedes(other.key.utf8)
    }

    /// Whether the two keys are the same string (so that the later value replaces the earlier).
    func hasSameKey(as other: JSONObjectEntry) -> Bool {
        prefix == other.prefix && key == other.key
    }

    static func prefix(of utf8: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var prefix: UInt64 = 0
        for index in 0..<8 {
            prefix <<= 8
            if index < utf8.count { prefix |= UInt64(utf8[index]) }
        }
        return prefix
    }
}

/// The bytes being written and the bookkeeping of the objects still open.
///
/// Its properties opt out of run-time exclusivity checks, which took a quarter of the encoding
/// time: they are only touched by the one encoding that owns the writer, never re-entrantly.
final class JSONByteWriter {
    @exclusivity(unchecked) var bytes: [UInt8] = []
    /// The entries of every open object, innermost object's last.
    @exclusivity(unchecked) var entries: [JSONObjectEntry] = []
    /// Where an object's entries are put in order before they are copied back.
    @exclusivity(unchecked) private var scratch: [UInt8] = []
    /// Encoders reused for the values at each depth.
    @exclusivity(unchecked) private var encoders: [JSONByteEncoder] = []

    init() {
        bytes.reserveCapacity(512)
    }

    /// Breaks the reference cycle between the writer and its encoders.
    func tearDown() {
        encoders.removeAll()
        entries.removeAll()
    }

    func writeTopLevel<T: Encodable>(_ value: T) throws {
        if try writeKnown(value, depth: 0) { return }
        let encoder = encoder(at: 0, parent: nil, key: nil)
        try value.encode(to: encoder)
        guard encoder.hasValue else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        try encoder.close()
    }

    /// Writes `value` as the next value of `parent`'s container.
    func write<T: Encodable>(_ value: T, in parent: JSONByteEncoder, key: (any CodingKey)?) throws {
        if try writeKnown(value, depth: parent.depth + 1) { return }
        let encoder = encoder(at: parent.depth + 1, parent: parent, key: key)
        try value.encode(to: encoder)
        try encoder.close()
    }

    /// Writes the types `JSONEncoder` writes itself rather than through their `Encodable` form,
    /// the plain values a container's generic method may receive, and the shop and the shop
    /// events written by hand (`SortedJSONEncoder+Shop.swift`, `+ShopEvents.swift`); false for
    /// anything else. `depth` is the first
    /// depth whose encoder no encoding in progress uses.
    func writeKnown<T: Encodable>(_ value: T, depth: Int) throws -> Bool {
        if T.self == String.self, let string = value as? String {
            write(string)
        } else if T.self == Date.self, let date = value as? Date {
            try write(date.timeIntervalSinceReferenceDate)
        } else if T.self == Int.self, let integer = value as? Int {
            write(integer: integer)
        } else if T.self == Int64.self, let integer = value as? Int64 {
            write(integer: integer)
        } else if T.self == Bool.self, let bool = value as? Bool {
            write(bool)
        } else if T.self == Double.self, let double = value as? Double {
            try write(double)
        } else if T.self == Data.self, let data = value as? Data {
            write(data.base64EncodedString())
        } else if T.self == URL.self, let url = value as? URL {
            write(url.absoluteString)
        } else if T.self == Decimal.self, let decimal = value as? Decimal {
            bytes.append(contentsOf: decimal.description.utf8)
        } else if T.self == ShopEvent.self, let event = value as? ShopEvent {
            return try writeByHand(event, depth: depth)
        } else if T.self == Shop.self, let shop = value as? Shop {
            try write(shop, depth: depth)
        } else {
            return false
        }
        return true
    }

    func encoder(at depth: Int, parent: JSONByteEncoder?, key: (any CodingKey)?) -> JSONByteEncoder {
        if depth < encoders.count {
            let encoder = encoders[depth]
            encoder.reset(parent: parent, key: key)
            return encoder
        }
        let encoder = JSONByteEncoder(writer: self, depth: depth, parent: parent, key: key)
        encoders.append(encoder)
        return encoder
    }

    // MARK: - Objects

    /// Closes the object whose `{` is at `start` and whose entries begin at `base`: puts its
    /// entries in key order, keeps the last of equal keys, splices in deferred containers.
    func closeObject(start: Int, base: Int, hasDeferred: Bool) throws {
        let top = entries.count
        defer { entries.removeSubrange(base..<top) }
        if !hasDeferred && isStrictlyOrdered(base..<top) {
            bytes.append(UInt8(ascii: "}"))
            return
        }
        var order = Array(base..<top)
        // Stable: of equal keys the one written last comes last, and is the one kept.
        order.sort { left, right in
            let (a, b) = (entries[left], entries[right])
            if a.hasSameKey(as: b) { return left < right }
            return a.precedes(b)
        }
        scratch.removeAll(keepingCapacity: true)
        for (rank, index) in order.enumerated() {
            if rank + 1 < order.count && entries[order[rank + 1]].hasSameKey(as: entries[index]) { continue }
            if !scratch.isEmpty { scratch.append(UInt8(ascii: ",")) }
            // The entry runs to the comma before the next entry, or to the end.
            let end = index + 1 < top ? entries[index + 1].start - 1 : bytes.count
            scratch.append(contentsOf: bytes[entries[index].start..<end])
            if let deferred = entries[index].deferred { scratch.append(contentsOf: try deferred.closedBytes()) }
        }
        bytes.removeSubrange((start + 1)...)
        bytes.append(contentsOf: scratch)
        bytes.append(UInt8(ascii: "}"))
    }

    private func isStrictlyOrdered(_ range: Range<Int>) -> Bool {
        var index = range.lowerBound + 1
        while index < range.upperBound {
            let (previous, next) = (entries[index - 1], entries[index])
            if previous.hasSameKey(as: next) || !previous.precedes(next) { return false }
            index += 1
        }
        return true
    }

    /// Closes the array whose `[` is at `start`: splices in the deferred containers recorded
    /// from `base` on, each at the position it was opened at.
    func closeArray(base: Int, hasDeferred: Bool) throws {
        if hasDeferred {
            let top = entries.count
            defer { entries.removeSubrange(base..<top) }
            // From the last, so that the earlier positions stay where they were.
            for index in (base..<top).reversed() {
                if let deferred = entries[index].deferred {
                    bytes.insert(contentsOf: try deferred.closedBytes(), at: entries[index].start)
                }
            }
        }
        bytes.append(UInt8(ascii: "]"))
    }

    // MARK: - Scalars

    func write(_ bool: Bool) {
        if bool {
            bytes.append(contentsOf: [UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "u"), UInt8(ascii: "e")])
        } else {
            bytes.append(contentsOf: [UInt8(ascii: "f"), UInt8(ascii: "a"), UInt8(ascii: "l"), UInt8(ascii: "s"), UInt8(ascii: "e")])
        }
    }

    func writeNull() {
        bytes.append(contentsOf: [UInt8(ascii: "n"), UInt8(ascii: "u"), UInt8(ascii: "l"), UInt8(ascii: "l")])
    }

    /// An integer in decimal, without going through `description`.
    func write<T: FixedWidthInteger>(integer value: T) {
        guard T.bitWidth <= 64 else {
            bytes.append(contentsOf: value.description.utf8)
            return
        }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = UInt64(truncatingIfNeeded: value.magnitude)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var index = digits.count
            repeat {
                index -= 1
                digits[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[index...]))
        }
    }

    /// A number as `JSONEncoder` writes it: the shortest text that reads back to the same value,
    /// without a trailing `.0`.
    func write<T: BinaryFloatingPoint & CustomStringConvertible>(_ number: T) throws {
        guard number.isFinite else {
            throw EncodingError.invalidValue(
                number, .init(codingPath: [], debugDescription: "Unable to encode \(T.self).\(number) directly in JSON."))
        }
        let text = number.description
        let utf8 = text.utf8
        if utf8.count > 2 && text.hasSuffix(".0") {
            bytes.append(contentsOf: utf8.dropLast(2))
        } else {
            bytes.append(contentsOf: utf8)
        }
    }

    /// A string in quotes, escaped as `JSONEncoder` escapes it: `"` and `\`, control characters
    /// (the short forms where JSON has one, else `\u00xx` in lower case), nothing else.
    func write(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in write(quoted: utf8) }
    }

    func write(quoted utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var mark = 0
        for index in utf8.indices {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if mark < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark..<index])) }
            mark = index + 1
            bytes.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
            case 0x08: bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(UInt8(ascii: "f"))
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            default:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
        }
        if mark < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark...])) }
        bytes.append(UInt8(ascii: "\""))
    }
}
