import Foundation
public import WardenCore

/// What one item of a batch is decided on.
public struct BatchItemRead: Sendable, Hashable {
    /// Whether the log already holds a commit with the item's key.
    public var isCommitted: Bool
    /// The item's shop as stored, or `nil` when there is no such shop.
    public var shop: Shop?

    public init(isCommitted: Bool, shop: Shop?) {
        self.isCommitted = isCommitted
        self.shop = shop
    }
}

/// What a batch is decided on, item by item in the order of its keys.
///
/// A store may make the reads while the batch is decided: asking for an item the store has not
/// read yet waits until it has, so deciding starts with the first items read rather than after
/// the last (decision 0031).
public final class BatchReads: @unchecked Sendable {
    // @unchecked: `reads` and `ended` are only touched under `condition`'s lock.

    /// How many items the batch has.
    public let count: Int
    private let condition = NSCondition()
    private var reads: [BatchItemRead] = []
    private var ended = false

    /// Reads still to be made for `count` items, which the store adds in order with ``add(_:)``.
    public init(count: Int) {
        self.count = count
        reads.reserveCapacity(count)
    }

    /// Reads already made, one per item.
    public init(_ reads: [BatchItemRead]) {
        self.count = reads.count
        self.reads = reads
        self.ended = true
    }

    /// Adds the next items' reads, in order, and wakes a decide step waiting for them.
    public func add(_ next: some Sequence<BatchItemRead>) {
        condition.withLock {
            reads.append(contentsOf: next)
            if reads.count >= count { ended = true }
            condition.broadcast()
        }
    }

    /// Ends the reads before every item was read (the store failed): the items not read yet
    /// answer `nil`, so that a decide step waiting for one returns.
    public func end() {
        condition.withLock {
            ended = true
            condition.broadcast()
        }
    }

    /// The reads for item `index`, once the store has made them; `nil` when the reads ended
    /// before it.
    public func item(_ index: Int) -> BatchItemRead? {
        condition.withLock {
            while reads.count <= index && !ended { condition.wait() }
            return index < reads.count ? reads[index] : nil
        }
    }
}
