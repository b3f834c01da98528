public import Synchronization

/// A bounded in-memory cache of values that are immutable at a given version.
///
/// A projection row never changes without its version changing, so a value cached under
/// `(key, version)` is exactly what decoding that row again would give. The store still reads the
/// row's version from the database on every call, which keeps several processes sharing one
/// database correct: the cache only saves the decoding, never the read.
///
/// The methods are inlinable so that a store's module specialises them for its keys and values:
/// generic, every look-up went through value witnesses, copying a `Shop` field by field (about
/// 2 µs a shop in a batch's reads).
public final class VersionedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    @usableFromInline struct Entry {
        @usableFromInline var version: Int
        @usableFromInline var value: Value

        @inlinable init(version: Int, value: Value) {
            self.version = version
            self.value = value
        }
    }

    @usableFromInline let entries: Mutex<[Key: Entry]>
    @usableFromInline let capacity: Int

    /// Creates a cache holding at most `capacity` keys; when full, it starts afresh.
    public init(capacity: Int) {
        self.entries = Mutex([:])
        self.capacity = capacity
    }

    /// The value cached for `key` at exactly `version`.
    @inlinable public func value(for key: Key, version: Int) -> Value? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.version == version else { return nil }
            return entry.value
        }
    }

    /// Caches `value` for `key` at `version`, unless a newer version is already cached.
    @inlinable public func store(_ value: Value, for key: Key, version: Int) {
        entries.withLock { entries in
            if let existing = entries[key], existing.version > version { return }
            if entries.count >= capacity && entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(version: version, value: value)
        }
    }

    /// Caches each of `values` as ``store(_:for:version:)`` does, under one lock: a batch's
    /// hundreds of projections without a lock each.
    @inlinable public func store(_ values: some Sequence<(key: Key, version: Int, value: Value)>) {
        entries.withLock { entries in
            for (key, version, value) in values {
                if let existing = entries[key], existing.version > version { continue }
                if entries.count >= capacity && entries[key] == nil { entries.removeAll(keepingCapacity: true) }
                entries[key] = Entry(version: version, value: value)
            }
        }
    }

    /// Forgets everything, for when rows were rewritten without a version change (a rebuild).
    @inlinable public func removeAll() {
        entries.withLock { $0.removeAll() }
    }

    /// Returns the cached value at `version`, or decodes, caches and returns a new one.
    @inlinable public func value<Failure: Error>(for key: Key, version: Int, decode: () throws(Failure) -> Value) throws(Failure) -> Value {
        if let cached = value(for: key, version: version) { return cached }
        let value = try decode()
        store(value, for: key, version: version)
        return value
    }
}
