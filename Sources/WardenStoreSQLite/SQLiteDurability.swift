/// What a commit to the SQLite store survives once `append` has returned (decision 0034).
///
/// Every commit is atomic either way: after any crash the file holds each transaction whole or
/// not at all. The choice is only how recent a commit an operating-system crash or a power cut
/// may take back.
public enum SQLiteDurability: String, Sendable, CaseIterable {
    /// The process may be killed at any instant and nothing acknowledged is lost; an
    /// operating-system crash or power cut may take back the commits since the WAL was last
    /// synced, by a checkpoint (SQLite's `synchronous = NORMAL` in WAL mode). The default: no
    /// `fsync` per commit.
    case processCrash = "process"
    /// Nothing acknowledged is lost to a power cut either: every commit waits for `fsync`
    /// (`synchronous = FULL`).
    case powerLoss = "power"

    /// The value of SQLite's `synchronous` pragma.
    var synchronous: String {
        switch self {
        case .processCrash: "NORMAL"
        case .powerLoss: "FULL"
        }
    }
}
