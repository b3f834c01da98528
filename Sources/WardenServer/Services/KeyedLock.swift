import Synchronization

/// An asynchronous lock per key: callers with the same key take turns, others run freely.
///
/// ShopService serialises the commands one process runs on one shop, so that they wait their
/// turn instead of racing to the store and retrying on version conflicts. It is only an
/// optimisation: correctness across processes still rests on the store's version check.
public final class KeyedLock<Key: Hashable & Sendable>: Sendable {
    /// For each held key, the callers waiting for it, in arrival order.
    private let waiters = Mutex<[Key: [CheckedContinuation<Void, Never>]]>([:])

    public init() {}

    /// Runs `body` while holding the lock for `key`.
    public func withLock<T, Failure: Error>(_ key: Key, _ body: () async throws(Failure) -> T) async throws(Failure) -> T {
        await acquire(key)
        defer { release(key) }
        return try await body()
    }

    private func acquire(_ key: Key) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquired = waiters.withLock { waiters in
                if waiters[key] == nil {
                    waiters[key] = []
                    return true
                }
                waiters[key, default: []].append(continuation)
                return false
            }
            if acquired { continuation.resume() }
        }
    }

    private func release(_ key: Key) {
        let next = waiters.withLock { waiters -> CheckedContinuation<Void, Never>? in
            guard var queue = waiters[key], !queue.isEmpty else {
                waiters[key] = nil
                return nil
            }
            let next = queue.removeFirst()
            waiters[key] = queue
            return next
        }
        next?.resume()
    }
}
