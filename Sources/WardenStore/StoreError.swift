/// Why a store refused or failed an operation.
///
/// The first cases are expected outcomes the callers handle (retry, 409); `.database` wraps
/// anything the engine reported, with its message for the log.
public enum StoreError: Error, Equatable, Sendable {
    /// Another writer appended to the stream first; reload and decide again.
    case versionConflict(stream: String, expected: Int, actual: Int)
    /// A unique claim (a shop name) is held by another aggregate.
    case claimTaken(scope: String, key: String, holder: String)
    /// A stored value could not be decoded; the log or a projection is damaged.
    case corrupt(String)
    /// The database engine failed.
    case database(String)
}
