import Synchronization

/// A bounded in-memory cache of values that are immutable at a given version.
///
/// A projection row never changes without its version changing, so a value cached under
/// `(key, version)` is exactly what decoding that row again would give. The store still reads the
/// row's version from the database on every call, which keeps several processes sharing one
/// database correct: the cache only saves the decoding, never the read.
public final class VersionedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        var version: Int
        var value: Value
    }

    private let entries: Mutex<[Key: Entry]>
    private let capacity: Int

    /// Creates a cache holding at most `capacity` keys; when full, it starts afresh.
    public init(capacity: Int) {
        self.entries = Mutex([:])
        self.capacity = capacity
    }

    /// The value cached for `key` at exactly `version`.
    public func value(for key: Key, version: Int) -> Value? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.version == version else { return nil }
            return entry.value
        }
    }

    /// Caches `value` for `key` at `version`, unless a newer version is already cached.
    public func store(_ value: Value, for key: Key, version: Int) {
        entries.withLock { entries in
            if let existing = entries[key], existing.version > version { return }
            if entries.count >= capacity && entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(version: version, value: value)
        }
    }

    /// Caches each of `values` as ``store(_:for:version:)`` does, under one lock: a batch's
    /// hundreds of projections without a lock each.
    public func store(_ values: some Sequence<(key: Key, version: Int, value: Value)>) {
        entries.withLock { entries in
            for (key, version, value) in values {
                if let existing = entries[key], existing.version > version { continue }
                if entries.count >= capacity && entries[key] == nil { entries.removeAll(keepingCapacity: true) }
                entries[key] = Entry(version: version, value: value)
            }
        }
    }

    /// Forgets everything, for when rows were rewritten without a version change (a rebuild).
    public func removeAll() {
        entries.withLock { $0.removeAll() }
    }

    /// Returns the cached value at `version`, or decodes, caches and returns a new one.
    public func value<Failure: Error>(for key: Key, version: Int, decode: () throws(Failure) -> Value) throws(Failure) -> Value {
        if let cached = value(for: key, version: version) { return cached }
        let value = try decode()
        store(value, for: key, version: version)
        return value
    }
}
