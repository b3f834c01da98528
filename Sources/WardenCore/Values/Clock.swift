public import Foundation
import Synchronization

/// Where the domain learns the time: passed in, never read from the system inside the core.
///
/// Tests move a ``ManualClock`` to "after the suspension ends" instead of sleeping.
public protocol WardenClock: Sendable {
    /// The current instant.
    var now: Date { get }
}

/// The real wall clock.
public struct SystemClock: WardenClock {
    public init() {}
    public var now: Date { Date() }
}

/// A clock that moves only when told to, for tests and replays.
public final class ManualClock: WardenClock {
    private let instant: Mutex<Date>

    /// Creates a clock standing at `start`.
    public init(_ start: Date) {
        self.instant = Mutex(start)
    }

    public var now: Date { instant.withLock { $0 } }

    /// Moves the clock forward by `interval` seconds.
    public func advance(by interval: TimeInterval) {
        instant.withLock { $0 += interval }
    }

    /// Sets the clock to `date`.
    public func set(_ date: Date) {
        instant.withLock { $0 = date }
    }
}
