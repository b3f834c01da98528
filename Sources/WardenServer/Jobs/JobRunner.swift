public import Foundation
public import Logging
public import ServiceLifecycle
public import WardenCore
public import WardenStore

/// Runs due actions (suspensions to lift, deposits to refund) as the system actor.
///
/// Jobs are claimed with a lease, so several Warden processes may run a runner each: a job is
/// held by one worker at a time, and a job whose worker died is claimed again when its lease
/// ends. The command carries the job's id as its idempotency key, so even a job run twice is
/// recorded once.
public struct JobRunner<Store: WardenStore>: Service {
    public let shops: ShopService<Store>
    let logger: Logger
    /// The name this worker claims jobs under.
    public let worker: String
    /// How long to wait between polls when nothing is due.
    public var pollInterval: Duration
    /// How long a claim holds before another worker may take the job.
    public var lease: TimeInterval = 60

    public init(shops: ShopService<Store>, logger: Logger, worker: String = "worker-\(randomToken(bytes: 5))", pollInterval: Duration = .seconds(1)) {
        self.shops = shops
        self.logger = logger
        self.worker = worker
        self.pollInterval = pollInterval
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                _ = try await runDue()
            } catch {
                logger.error("job poll failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: pollInterval)
        }
    }

    /// Claims and runs every job due now; returns how many ran to completion.
    @discardableResult
    public func runDue(limit: Int = 100) async throws(StoreError) -> Int {
        let now = shops.clock.now
        let jobs = try await shops.store.claimDueJobs(now: now, worker: worker, lease: lease, limit: limit)
        var completed = 0
        for job in jobs {
            do {
                _ = try await shops.execute(job.action.command, on: job.action.shop, by: .system, idempotencyKey: "job:\(job.id)")
                logger.info("job done", metadata: ["job": "\(job.id)"])
            } catch .domain(let refusal) {
                // The shop moved on (a longer suspension, an expulsion): the job has nothing left to do.
                logger.info("job obsolete", metadata: ["job": "\(job.id)", "reason": "\(refusal.code)"])
            } catch {
                let backoff = min(300, 5 * Double(1 << min(job.attempts, 6)))
                logger.warning("job failed", metadata: ["job": "\(job.id)", "error": "\(error)"])
                try await shops.store.failJob(job.id, worker: worker, error: "\(error)", retryAt: shops.clock.now.addingTimeInterval(backoff))
                continue
            }
            try await shops.store.completeJob(job.id, worker: worker, at: shops.clock.now)
            completed += 1
        }
        return completed
    }
}
