import Foundation

/// The `Encoder` handed to one value's `encode(to:)`: it writes into its writer's bytes as the
/// value's containers are filled.
///
/// One encoder per depth is reused for value after value. A container opened with
/// `nestedContainer`, `nestedUnkeyedContainer` or `superEncoder` may be filled in any order with
/// its parent's, so it gets an encoder and bytes of its own, spliced in when the parent closes.
final class JSONByteEncoder: Encoder {
    let writer: JSONByteWriter
    let depth: Int
    // Unchecked for the reason the writer's properties are (see `JSONByteWriter`).
    @exclusivity(unchecked) private(set) var parent: JSONByteEncoder?
    @exclusivity(unchecked) private(set) var key: (any CodingKey)?

    enum State {
        case empty
        case single
        /// An object whose `{` is at `start` and whose entries begin at `base` in the writer.
        case object(start: Int, base: Int)
        /// An array of `count` elements so far, whose deferred containers begin at `base`.
        case array(count: Int, base: Int)
    }
    @exclusivity(unchecked) private(set) var state = State.empty
    /// Whether a container of this one was deferred (see the type's comment).
    @exclusivity(unchecked) private var hasDeferred = false

    init(writer: JSONByteWriter, depth: Int, parent: JSONByteEncoder?, key: (any CodingKey)?) {
        self.writer = writer
        self.depth = depth
        self.parent = parent
        self.key = key
    }

    func reset(parent: JSONByteEncoder?, key: (any CodingKey)?) {
        self.parent = parent
        self.key = key
        state = .empty
        hasDeferred = false
    }

    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var node: JSONByteEncoder? = self
        while let current = node {
            if let key = current.key { path.append(key) }
            node = current.parent
        }
        return path.reversed()
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    var hasValue: Bool {
        if case .empty = state { return false }
        return true
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        switch state {
        case .empty:
            writer.bytes.append(UInt8(ascii: "{"))
            state = .object(start: writer.bytes.count - 1, base: writer.entries.count)
        case .object: break
        case .single, .array: preconditionFailure("Attempt to push a keyed container where a value was already encoded.")
        }
        return KeyedEncodingContainer(JSONObjectContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        switch state {
        case .empty:
            writer.bytes.append(UInt8(ascii: "["))
            state = .array(count: 0, base: writer.entries.count)
        case .array: break
        case .single, .object: preconditionFailure("Attempt to push an unkeyed container where a value was already encoded.")
        }
        return JSONArrayContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONValueContainer(encoder: self)
    }

    /// Writes what ends the value: `}` or `]` (after ordering or splicing), or `{}` for a value
    /// that encoded nothing, as `JSONEncoder` writes it.
    func close() throws {
        switch state {
        case .empty: writer.bytes.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")])
        case .single: break
        case .object(let start, let base): try writer.closeObject(start: start, base: base, hasDeferred: hasDeferred)
        case .array(_, let base): try writer.closeArray(base: base, hasDeferred: hasDeferred)
        }
    }

    /// The bytes of a deferred container's encoder, closed.
    func closedBytes() throws -> [UInt8] {
        defer { writer.tearDown() }
        try close()
        return writer.bytes
    }

    // MARK: - What the containers call

    /// Starts the single value; a second one is a programming error, as in `JSONEncoder`.
    func beginValue() {
        guard case .empty = state else { preconditionFailure("Attempt to encode a value through a single value container twice.") }
        state = .single
    }

    /// Writes `"key":` as the next entry of this encoder's object.
    func beginEntry(_ key: String) {
        guard case .object(_, let base) = state else { preconditionFailure("No keyed container is open.") }
        if writer.entries.count > base { writer.bytes.append(UInt8(ascii: ",")) }
        var utf8Key = key
        utf8Key.withUTF8 { utf8 in
            writer.entries.append(JSONObjectEntry(key: key, prefix: JSONObjectEntry.prefix(of: utf8), start: writer.bytes.count))
            writer.write(quoted: utf8)
        }
        writer.bytes.append(UInt8(ascii: ":"))
    }

    /// Starts the next element of this encoder's array; answers its index.
    func beginElement() -> Int {
        guard case .array(let count, let base) = state else { preconditionFailure("No unkeyed container is open.") }
        if count > 0 { writer.bytes.append(UInt8(ascii: ",")) }
        state = .array(count: count + 1, base: base)
        return count
    }

    var elementCount: Int {
        if case .array(let count, _) = state { return count }
        return 0
    }

    /// An encoder with bytes of its own for a container opened beside this one's; it becomes
    /// the value of the entry or element just begun.
    func deferred(key: any CodingKey) -> JSONByteEncoder {
        let encoder = JSONByteEncoder(writer: JSONByteWriter(), depth: 0, parent: self, key: key)
        hasDeferred = true
        if case .object = state {
            writer.entries[writer.entries.count - 1].deferred = encoder
        } else {
            writer.entries.append(JSONObjectEntry(key: "", prefix: 0, start: writer.bytes.count, deferred: encoder))
        }
        return encoder
    }
}

/// A coding key for an array element or a superclass: what `codingPath` shows.
struct JSONIndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}

// MARK: - Containers

struct JSONObjectContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: JSONByteEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }

    private func begin(_ key: Key) -> JSONByteWriter {
        encoder.beginEntry(key.stringValue)
        return encoder.writer
    }

    mutating func encodeNil(forKey key: Key) throws { begin(key).writeNull() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { begin(key).write(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { begin(key).write(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try begin(key).write(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try begin(key).write(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { begin(key).write(integer: value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { begin(key).write(integer: value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { begin(key).write(integer: value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { begin(key).write(integer: value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { begin(key).write(integer: value) }
    mutating func encode(_ value: Int128, forKey key: Key) throws { begin(key).write(integer: value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { begin(key).write(integer: value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { begin(key).write(integer: value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { begin(key).write(integer: value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { begin(key).write(integer: value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { begin(key).write(integer: value) }
    mutating func encode(_ value: UInt128, forKey key: Key) throws { begin(key).write(integer: value) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try begin(key).write(value, in: encoder, key: key)
    }

    // Optional properties, the most common kind in events, skip the protocol's generic default
    // implementation (a metadata lookup for `Optional<T>` on every call).
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { if let value { begin(key).write(value) } }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { if let value { begin(key).write(value) } }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { if let value { try begin(key).write(value) } }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { if let value { begin(key).write(integer: value) } }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { if let value { begin(key).write(integer: value) } }

    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try begin(key).write(value, in: encoder, key: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        encoder.beginEntry(key.stringValue)
        return encoder.deferred(key: key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.beginEntry(key.stringValue)
        return encoder.deferred(key: key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        encoder.beginEntry("super")
        return encoder.deferred(key: JSONIndexKey(stringValue: "super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        encoder.beginEntry(key.stringValue)
        return encoder.deferred(key: key)
    }
}

struct JSONArrayContainer: UnkeyedEncodingContainer {
    let encoder: JSONByteEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.elementCount }

    private func begin() -> JSONByteWriter {
        _ = encoder.beginElement()
        return encoder.writer
    }

    mutating func encodeNil() throws { begin().writeNull() }
    mutating func encode(_ value: Bool) throws { begin().write(value) }
    mutating func encode(_ value: String) throws { begin().write(value) }
    mutating func encode(_ value: Double) throws { try begin().write(value) }
    mutating func encode(_ value: Float) throws { try begin().write(value) }
    mutating func encode(_ value: Int) throws { begin().write(integer: value) }
    mutating func encode(_ value: Int8) throws { begin().write(integer: value) }
    mutating func encode(_ value: Int16) throws { begin().write(integer: value) }
    mutating func encode(_ value: Int32) throws { begin().write(integer: value) }
    mutating func encode(_ value: Int64) throws { begin().write(integer: value) }
    mutating func encode(_ value: Int128) throws { begin().write(integer: value) }
    mutating func encode(_ value: UInt) throws { begin().write(integer: value) }
    mutating func encode(_ value: UInt8) throws { begin().write(integer: value) }
    mutating func encode(_ value: UInt16) throws { begin().write(integer: value) }
    mutating func encode(_ value: UInt32) throws { begin().write(integer: value) }
    mutating func encode(_ value: UInt64) throws { begin().write(integer: value) }
    mutating func encode(_ value: UInt128) throws { begin().write(integer: value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let index = encoder.beginElement()
        try encoder.writer.write(value, in: encoder, key: JSONIndexKey(intValue: index))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let index = encoder.beginElement()
        return encoder.deferred(key: JSONIndexKey(intValue: index)).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let index = encoder.beginElement()
        return encoder.deferred(key: JSONIndexKey(intValue: index)).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let index = encoder.beginElement()
        return encoder.deferred(key: JSONIndexKey(intValue: index))
    }
}

struct JSONValueContainer: SingleValueEncodingContainer {
    let encoder: JSONByteEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }

    private func begin() -> JSONByteWriter {
        encoder.beginValue()
        return encoder.writer
    }

    mutating func encodeNil() throws { begin().writeNull() }
    mutating func encode(_ value: Bool) throws { begin().write(value) }
    mutating func encode(_ value: String) throws { begin().write(value) }
    mutating func encode(_ value: Double) throws { try begin().write(value) }
    mutating func encode(_ value: Float) throws { try begin().write(value) }
    mutating func encode(_ value: Int) throws { begin().write(integer: value) }
    mutating func encode(_ value: Int8) throws { begin().write(integer: value) }
    mutating func encode(_ value: Int16) throws { begin().write(integer: value) }
    mutating func encode(_ value: Int32) throws { begin().write(integer: value) }
    mutating func encode(_ value: Int64) throws { begin().write(integer: value) }
    mutating func encode(_ value: Int128) throws { begin().write(integer: value) }
    mutating func encode(_ value: UInt) throws { begin().write(integer: value) }
    mutating func encode(_ value: UInt8) throws { begin().write(integer: value) }
    mutating func encode(_ value: UInt16) throws { begin().write(integer: value) }
    mutating func encode(_ value: UInt32) throws { begin().write(integer: value) }
    mutating func encode(_ value: UInt64) throws { begin().write(integer: value) }
    mutating func encode(_ value: UInt128) throws { begin().write(integer: value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try begin().write(value, in: encoder, key: nil)
    }
}
