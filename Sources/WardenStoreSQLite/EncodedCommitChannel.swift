import Foundation
import WardenStore

/// Hands a batch's commits, encoded, from the thread that decides them to the writer that
/// writes them, in order, and then what the decide step returned.
///
/// The deciding side never waits: it encodes each commit as it is handed over and buffers it.
/// The writer waits for a few commits at a time, so that it is not woken for every one.
final class EncodedCommitChannel<Plan: Sendable>: @unchecked Sendable {
    // @unchecked: every stored property below `condition` is read and written under its lock.

    /// What the writer receives: encoded commits, or the end of the batch with its plan.
    enum Received {
        case commits([EncodedShopCommit])
        case finished(Plan)
    }

    /// How many commits the writer waits for before it is woken, unless the batch ends first.
    static var wakeEvery: Int { 16 }

    private let snapshotInterval: Int
    private let condition = NSCondition()
    private var buffered: [EncodedShopCommit] = []
    private var plan: Plan?
    private var failure: StoreError?

    /// A channel for commits that store a snapshot every `snapshotInterval` events.
    init(snapshotEvery snapshotInterval: Int) {
        self.snapshotInterval = snapshotInterval
    }

    /// Encodes `commit` and buffers it for the writer; once an encoding has failed, the batch
    /// fails and later commits are dropped.
    func send(_ commit: ShopCommit) {
        let encoded: EncodedShopCommit
        do {
            encoded = try EncodedShopCommit(commit, snapshotEvery: snapshotInterval)
        } catch {
            condition.withLock {
                if failure == nil { failure = error }
                condition.signal()
            }
            return
        }
        condition.withLock {
            guard failure == nil else { return }
            buffered.append(encoded)
            if buffered.count >= Self.wakeEvery { condition.signal() }
        }
    }

    /// Ends the batch with what the decide step returned.
    func finish(_ plan: Plan) {
        condition.withLock {
            self.plan = plan
            condition.signal()
        }
    }

    /// Waits for the commits handed over since the last call, or the end of the batch once
    /// every commit was received. Throws the failure that ended the batch early.
    func receive() throws(StoreError) -> Received {
        let (commits, ended, failed): ([EncodedShopCommit], Plan?, StoreError?) = condition.withLock {
            while self.failure == nil && self.plan == nil && self.buffered.count < Self.wakeEvery { condition.wait() }
            defer { self.buffered.removeAll(keepingCapacity: true) }
            return (self.buffered, self.plan, self.failure)
        }
        if let failed { throw failed }
        if !commits.isEmpty { return .commits(commits) }
        // The loop above ended with no failure and too few commits: the batch has ended.
        guard let ended else { return .commits([]) }
        return .finished(ended)
    }
}
