import Foundation
import Testing
import WardenCore
public import WardenStore

/// The behaviour every ``WardenStore`` must show, as named cases a test target runs against
/// its own store: `@Test(arguments: StoreContract.cases)`.
///
/// Each case gets a new, migrated, empty store.
public struct StoreContract: Sendable, CustomStringConvertible {
    public let name: String
    public let run: @Sendable (any WardenStore) async throws -> Void

    public var description: String { name }

    public static let cases: [StoreContract] = [
        StoreContract(name: "append then read back", run: appendThenRead),
        StoreContract(name: "stale version is refused and writes nothing", run: staleVersion),
        StoreContract(name: "same idempotency key is applied once", run: idempotentRetry),
        StoreContract(name: "a shop name is held by one shop", run: nameClaims),
        StoreContract(name: "a payment reference is recorded once", run: uniqueFacts),
        StoreContract(name: "leaving frees the name", run: nameReleasedOnClose),
        StoreContract(name: "due jobs are claimed once per lease", run: jobClaims),
        StoreContract(name: "failed jobs wait for their retry instant", run: jobRetry),
        StoreContract(name: "queries filter and page", run: queries),
        StoreContract(name: "log pages in order and projections can be replaced", run: logAndReplace),
        StoreContract(name: "principals by token hash", run: principals),
        StoreContract(name: "migrate twice is harmless", run: migrateTwice),
        StoreContract(name: "the rulebook registry's stream appends once per key and in order", run: policyStream),
        StoreContract(name: "a batch applies or refuses each commit on its own", run: batchAppend),
        StoreContract(name: "a batch's commits see the ones before them", run: batchSeesItself),
        StoreContract(name: "shops by ids and committed keys in one read", run: batchReads),
        StoreContract(name: "a batch decided on its own reads is still checked where they are silent", run: batchDecidedOnReads),
        StoreContract(name: "listings append, replay their key, query and log", run: listings),
    ]

    // MARK: - Cases

    static func appendThenRead(_ store: any WardenStore) async throws {
        let id = ShopID(rawValue: "shop_a")
        let draft = try StoreFixtures.draftCommit(id, name: "甲店")
        guard case .appended(let first) = try await store.append(draft) else {
            Issue.record("expected append")
            return
        }
        #expect(first.map(\.version) == [1])
        let drafted = try #require(try await store.shop(id))
        #expect(drafted == draft.resulting)
        let opening = StoreFixtures.commit(StoreFixtures.openingEvents(), to: drafted, key: "open")
        guard case .appended(let recorded) = try await store.append(opening) else {
            Issue.record("expected append")
            return
        }
        #expect(recorded.map(\.version) == [2, 3, 4, 5, 6])
        #expect(zip(recorded, recorded.dropFirst()).allSatisfy { $0.position < $1.position })
        #expect(recorded.allSatisfy { $0.position > first[0].position })
        let stored = try #require(try await store.shop(id))
        #expect(stored == opening.resulting)
        #expect(stored.status == .open)
        let history = try await store.history(of: id)
        #expect(history.map(\.event) == draft.events + opening.events)
        #expect(history.last?.metadata.ruleVersion == "test")
        #expect(history.allSatisfy { $0.recordedAt == StoreFixtures.now })
    }

    static func staleVersion(_ store: any WardenStore) async throws {
        let id = ShopID(rawValue: "shop_b")
        _ = try await store.append(try StoreFixtures.draftCommit(id, name: "乙店"))
        let shop = try #require(try await store.shop(id))
        _ = try await store.append(StoreFixtures.commit([.applicationSubmitted], to: shop, key: "k1"))
        // Decided on the old version: must be refused.
        let stale = StoreFixtures.commit([.applicationSubmitted], to: shop, key: "k2")
        await #expect(throws: StoreError.versionConflict(stream: "shop:shop_b", expected: 1, actual: 2)) {
            _ = try await store.append(stale)
        }
        #expect(try await store.history(of: id).count == 2)
        #expect(try await store.committedEvents(shop: id, idempotencyKey: "k2") == nil)
    }

    static func idempotentRetry(_ store: any WardenStore) async throws {
        let id = ShopID(rawValue: "shop_c")
        _ = try await store.append(try StoreFixtures.draftCommit(id, name: "丙店"))
        let shop = try #require(try await store.shop(id))
        let pay = StoreFixtures.commit([.applicationSubmitted], to: shop, key: "same-key")
        guard case .appended(let first) = try await store.append(pay) else {
            Issue.record("expected append")
            return
        }
        // The same commit again, even decided on a newer version, is recognised by its key.
        var retry = pay
        retry.expectedVersion = 2
        guard case .duplicate(let again) = try await store.append(retry) else {
            Issue.record("expected duplicate")
            return
        }
        #expect(again.map(\.position) == first.map(\.position))
        #expect(try await store.history(of: id).count == 2)
        #expect(try await store.committedEvents(shop: id, idempotencyKey: "same-key")?.map(\.version) == [2])
    }

    static func nameClaims(_ store: any WardenStore) async throws {
        _ = try await store.append(try StoreFixtures.draftCommit(ShopID(rawValue: "shop_d1"), name: "丁店"))
        // NFKC and case folding: a full-width or spaced copy is the same name.
        let copy = try StoreFixtures.draftCommit(ShopID(rawValue: "shop_d2"), name: "丁 店", owner: PrincipalID(rawValue: "usr_m2"))
        await #expect(throws: StoreError.claimTaken(scope: "shop-name", key: "丁店", holder: "shop_d1")) {
            _ = try await store.append(copy)
        }
        #expect(try await store.shop(ShopID(rawValue: "shop_d2")) == nil)
        #expect(try await store.history(of: ShopID(rawValue: "shop_d2")).isEmpty)
    }

    static func uniqueFacts(_ store: any WardenStore) async throws {
        let id = ShopID(rawValue: "shop_u")
        _ = try await store.append(try StoreFixtures.draftCommit(id, name: "唯一店"))
        var shop = try #require(try await store.shop(id))
        _ = try await store.append(StoreFixtures.commit(StoreFixtures.openingEvents(), to: shop, key: "open"))
        shop = try #require(try await store.shop(id))
        // The same payment reference under a new idempotency key: refused, nothing written.
        let again = StoreFixtures.commit([.depositPaid(DepositPaid(amount: .yuan(5), reference: "pay-1"))], to: shop, key: "again")
        await #expect(throws: StoreError.claimTaken(scope: "deposit-payment", key: "shop_u:pay-1", holder: "shop_u")) {
            _ = try await store.append(again)
        }
        #expect(try await store.shop(id) == shop)
        #expect(try await store.history(of: id).count == shop.version)
        // A new reference is fine.
        let fresh = StoreFixtures.commit([.depositPaid(DepositPaid(amount: .yuan(5), reference: "pay-2"))], to: shop, key: "fresh")
        guard case .appended = try await store.append(fresh) else {
            Issue.record("expected append")
            return
        }
    }

    static func nameReleasedOnClose(_ store: any WardenStore) async throws {
        let id = ShopID(rawValue: "shop_e1")
        _ = try await store.append(try StoreFixtures.draftCommit(id, name: "戊店"))
        var shop = try #require(try await store.shop(id))
        _ = try await store.append(StoreFixtures.commit(StoreFixtures.openingEvents(), to: shop, key: "open"))
        shop = try #require(try await store.shop(id))
        let due = StoreFixtures.now.addingTimeInterval(86_400)
        let close = StoreFixtures.commit([.shopClosed(ShopClosed(reopenAllowedFrom: due, refundDueAt: due))], to: shop, key: "close")
        _ = try await store.append(close)
        let other = try StoreFixtures.draftCommit(ShopID(rawValue: "shop_e2"), name: "戊店", owner: PrincipalID(rawValue: "usr_m2"))
        guard case .appended = try await store.append(other) else {
            Issue.record("expected append")
            return
        }
    }

    static func jobClaims(_ store: any WardenStore) async throws {
        let id = ShopID(rawValue: "shop_f")
        _ = try await store.append(try StoreFixtures.draftCommit(id, name: "己店"))
        var shop = try #require(try await store.shop(id))
        _ = try await store.append(StoreFixtures.commit(StoreFixtures.openingEvents(), to: shop, key: "open"))
        shop = try #require(try await store.shop(id))
        let until = StoreFixtures.now.addingTimeInterval(3_600)
        let suspend = StoreFixtures.commit([.shopSuspended(ShopSuspended(until: until, reason: "test"))], to: shop, key: "suspend")
        _ = try await store.append(suspend)
        #expect(try await store.claimDueJobs(now: StoreFixtures.now, worker: "w1", lease: 60, limit: 10).isEmpty)
        let later = until.addingTimeInterval(1)
        let claimed = try await store.claimDueJobs(now: later, worker: "w1", lease: 60, limit: 10)
        #expect(claimed.map(\.action) == [DueAction(kind: .liftSuspension, shop: id, dueAt: until)])
        #expect(claimed.first?.attempts == 1)
        // Held by w1's lease: nobody else gets it.
        #expect(try await store.claimDueJobs(now: later.addingTimeInterval(30), worker: "w2", lease: 60, limit: 10).isEmpty)
        // w1 died: after the lease, w2 takes it over.
        let takenOver = try await store.claimDueJobs(now: later.addingTimeInterval(61), worker: "w2", lease: 60, limit: 10)
        #expect(takenOver.map(\.id) == claimed.map(\.id))
        #expect(takenOver.first?.attempts == 2)
        // w1 can no longer complete what w2 holds; w2 can.
        try await store.completeJob(claimed[0].id, worker: "w1", at: later)
        #expect(try await store.claimDueJobs(now: later.addingTimeInterval(200), worker: "w3", lease: 60, limit: 10).count == 1)
        try await store.completeJob(claimed[0].id, worker: "w3", at: later)
        #expect(try await store.claimDueJobs(now: later.addingTimeInterval(1_000), worker: "w4", lease: 60, limit: 10).isEmpty)
        // Scheduling the same action again keeps one job.
        _ = try await store.append(StoreFixtures.commit([.suspensionLifted(SuspensionLifted(automatic: true))], to: suspend.resulting, key: "lift"))
        #expect(try await store.claimDueJobs(now: later.addingTimeInterval(2_000), worker: "w5", lease: 60, limit: 10).isEmpty)
    }

    static func jobRetry(_ store: any WardenStore) async throws {
        let id = ShopID(rawValue: "shop_g")
        _ = try await store.append(try StoreFixtures.draftCommit(id, name: "庚店"))
        var shop = try #require(try await store.shop(id))
        _ = try await store.append(StoreFixtures.commit(StoreFixtures.openingEvents(), to: shop, key: "open"))
        shop = try #require(try await store.shop(id))
        let until = StoreFixtures.now.addingTimeInterval(60)
        _ = try await store.append(StoreFixtures.commit([.shopSuspended(ShopSuspended(until: until, reason: "t"))], to: shop, key: "s"))
        let job = try #require(try await store.claimDueJobs(now: until, worker: "w1", lease: 600, limit: 1).first)
        try await store.failJob(job.id, worker: "w1", error: "boom", retryAt: until.addingTimeInterval(30))
        #expect(try await store.claimDueJobs(now: until.addingTimeInterval(29), worker: "w2", lease: 60, limit: 1).isEmpty)
        #expect(try await store.claimDueJobs(now: until.addingTimeInterval(31), worker: "w2", lease: 60, limit: 1).map(\.id) == [job.id])
    }

    static func queries(_ store: any WardenStore) async throws {
        let m1 = PrincipalID(rawValue: "usr_m1")
        let m2 = PrincipalID(rawValue: "usr_m2")
        for index in 0..<5 {
            let owner = index.isMultiple(of: 2) ? m1 : m2
            let subject = index < 3 ? "92330106MA2H0XY017" : "91440300MA5DC6QX1K"
            _ = try await store.append(
                try StoreFixtures.draftCommit(ShopID(rawValue: "shop_q\(index)"), name: "店\(index)", owner: owner, subjectKey: subject))
        }
        let submitted = try #require(try await store.shop(ShopID(rawValue: "shop_q1")))
        _ = try await store.append(StoreFixtures.commit([.applicationSubmitted], to: submitted, key: "submit"))
        #expect(try await store.shops(ShopQuery(owner: m1)).map(\.id.rawValue) == ["shop_q0", "shop_q2", "shop_q4"])
        #expect(try await store.shops(ShopQuery(status: .underReview)).map(\.id.rawValue) == ["shop_q1"])
        #expect(try await store.shops(ShopQuery(subjectKey: "91440300MA5DC6QX1K")).map(\.id.rawValue) == ["shop_q3", "shop_q4"])
        let page1 = try await store.shops(ShopQuery(limit: 2))
        let page2 = try await store.shops(ShopQuery(limit: 2, after: page1.last?.id))
        #expect(page1.map(\.id.rawValue) == ["shop_q0", "shop_q1"])
        #expect(page2.map(\.id.rawValue) == ["shop_q2", "shop_q3"])
    }

    static func logAndReplace(_ store: any WardenStore) async throws {
        for index in 0..<3 {
            _ = try await store.append(try StoreFixtures.draftCommit(ShopID(rawValue: "shop_l\(index)"), name: "录\(index)"))
        }
        let all = try await store.log(after: 0, limit: 100)
        #expect(all.count == 3)
        let rest = try await store.log(after: all[0].position, limit: 1)
        #expect(rest.map(\.position) == [all[1].position])
        let shops = try await store.allShops()
        try await store.replaceProjections(shops: Array(shops.prefix(2)), principals: [], listings: [])
        #expect(try await store.allShops() == Array(shops.prefix(2)))
        // The dropped shop's name claim went with it.
        _ = try await store.append(try StoreFixtures.draftCommit(ShopID(rawValue: "shop_l9"), name: "录2"))
        try await store.replaceProjections(shops: shops, principals: [], listings: [])
        #expect(try await store.allShops().count == 3)
    }

    static func principals(_ store: any WardenStore) async throws {
        let id = PrincipalID(rawValue: "usr_p1")
        let created = PrincipalEvent.created(role: .reviewer, name: "审核员", tokenHash: "hash-1")
        let principal = try #require(Principal.evolve(nil, id: id, with: created))
        _ = try await store.append(
            PrincipalCommit(
                principal: id, expectedVersion: 0, events: [created], recordedAt: StoreFixtures.now,
                metadata: EventMetadata(principal: .system, role: .system, idempotencyKey: "create"), resulting: principal))
        #expect(try await store.principal(tokenHash: "hash-1") == principal)
        #expect(try await store.principal(id) == principal)
        #expect(try await store.principal(tokenHash: "hash-2") == nil)
        let rotated = try #require(Principal.evolve(principal, id: id, with: .tokenRotated(tokenHash: "hash-2")))
        _ = try await store.append(
            PrincipalCommit(
                principal: id, expectedVersion: 1, events: [.tokenRotated(tokenHash: "hash-2")], recordedAt: StoreFixtures.now,
                metadata: EventMetadata(principal: .system, role: .system, idempotencyKey: "rotate"), resulting: rotated))
        #expect(try await store.principal(tokenHash: "hash-1") == nil)
        #expect(try await store.principal(tokenHash: "hash-2")?.id == id)
        #expect(try await store.allPrincipals() == [rotated])
    }

    static func policyStream(_ store: any WardenStore) async throws {
        #expect(try await store.policyStreamVersion() == 0)
        let metadata = EventMetadata(principal: PrincipalID(rawValue: "usr_admin"), role: .admin, idempotencyKey: "publish-1")
        let published = PolicyEvent.published(
            RulebookPublished(version: "v1", effectiveFrom: StoreFixtures.now, shadow: false, text: "version: v1"))
        let commit = PolicyCommit(expectedVersion: 0, events: [published], recordedAt: StoreFixtures.now, metadata: metadata)
        guard case .appended(let first) = try await store.append(commit) else {
            Issue.record("expected append")
            return
        }
        #expect(first.map(\.version) == [1])
        guard case .duplicate(let again) = try await store.append(commit) else {
            Issue.record("a retry with the same key must not append again")
            return
        }
        #expect(again.map(\.event) == [published])
        var stale = commit
        stale.metadata.idempotencyKey = "publish-2"
        await #expect(throws: StoreError.self) { _ = try await store.append(stale) }
        var next = stale
        next.expectedVersion = 1
        next.events = [.retired(RulebookRetired(version: "v1"))]
        _ = try await store.append(next)
        #expect(try await store.policyStreamVersion() == 2)
        #expect(try await store.policyEvents(after: 0).map(\.event) == [published, .retired(RulebookRetired(version: "v1"))])
        #expect(try await store.policyEvents(after: 1).map(\.version) == [2])
        let log = try await store.log(after: 0, limit: 10)
        #expect(log.count == 2)
        #expect(log.allSatisfy { if case .policy = $0 { true } else { false } })
    }

    static func batchAppend(_ store: any WardenStore) async throws {
        let first = ShopID(rawValue: "shop_batch_1")
        let second = ShopID(rawValue: "shop_batch_2")
        _ = try await store.append(try StoreFixtures.draftCommit(first, name: "批量一店"))
        let shop = try #require(try await store.shop(first))
        let submit = StoreFixtures.commit([.applicationSubmitted], to: shop, key: "b-1")
        // Decided on a version the stream has moved past once `submit` is in: refused alone.
        let stale = StoreFixtures.commit([.applicationRejected(ApplicationRejected(reasons: ["x"]))], to: shop, key: "b-2")
        // A name another shop of the batch already holds: refused alone.
        let clash = try StoreFixtures.draftCommit(second, name: "批量一店", key: "b-3")
        let third = ShopID(rawValue: "shop_batch_3")
        let fresh = try StoreFixtures.draftCommit(third, name: "批量二店", key: "b-4")
        let outcomes = try await store.append(batch: [submit, stale, clash, fresh])
        #expect(outcomes.count == 4)
        guard case .appended(let submitted) = outcomes[0], case .refused(let conflict) = outcomes[1], case .refused(let taken) = outcomes[2],
            case .appended = outcomes[3]
        else {
            Issue.record("unexpected outcomes \(outcomes)")
            return
        }
        // The same commit in a later batch is recognised by its key.
        guard case .duplicate(let again) = try await store.append(batch: [submit]).first else {
            Issue.record("expected a duplicate")
            return
        }
        if case .versionConflict = conflict {} else { Issue.record("expected a version conflict, got \(conflict)") }
        if case .claimTaken = taken {} else { Issue.record("expected the name to be taken, got \(taken)") }
        #expect(again.map(\.position) == submitted.map(\.position))
        #expect(try await store.history(of: first).map(\.version) == [1, 2])
        #expect(try await store.shop(first)?.status == .underReview)
        #expect(try await store.shop(second) == nil)
        #expect(try await store.shop(third)?.name == "批量二店")
        #expect(try await store.committedEvents(shop: first, idempotencyKey: "b-2") == nil)
        #expect(try await store.shops(ShopQuery()).count == 2)

        // Chained commits of one shop: once one is refused, the ones decided on it are refused too,
        // even when the stream's version happens to match.
        let opened = try #require(try await store.shop(first))
        let bad = StoreFixtures.commit([.applicationRejected(ApplicationRejected(reasons: ["y"]))], to: shop, key: "b-5")
        let chained = StoreFixtures.commit([.applicationSubmitted], to: opened, key: "b-6")
        let chainedOutcomes = try await store.append(batch: [bad, chained])
        guard case .refused = chainedOutcomes[0], case .refused = chainedOutcomes[1] else {
            Issue.record("a shop's later commits must be refused after an earlier one is: \(chainedOutcomes)")
            return
        }
        #expect(try await store.history(of: first).count == 2)
    }

    static func batchSeesItself(_ store: any WardenStore) async throws {
        let id = ShopID(rawValue: "shop_batch_self")
        let draft = try StoreFixtures.draftCommit(id, name: "批量自见店")
        let opening = StoreFixtures.commit(StoreFixtures.openingEvents(), to: draft.resulting, key: "self-open")
        let paid = StoreFixtures.commit([.depositPaid(DepositPaid(amount: .yuan(5), reference: "self-pay"))], to: opening.resulting, key: "self-pay")
        // The same key again, and the same payment reference under another key: both seen.
        let again = StoreFixtures.commit([.depositPaid(DepositPaid(amount: .yuan(5), reference: "self-pay"))], to: opening.resulting, key: "self-pay")
        let other = ShopID(rawValue: "shop_batch_other")
        let otherDraft = try StoreFixtures.draftCommit(other, name: "批量他店", subjectKey: "92330106MA2H0XY025")
        let otherOpening = StoreFixtures.commit(StoreFixtures.openingEvents(), to: otherDraft.resulting, key: "other-open")
        let outcomes = try await store.append(batch: [draft, opening, paid, again, otherDraft, otherOpening])
        guard outcomes.count == 6, case .appended = outcomes[0], case .appended = outcomes[1], case .appended(let recorded) = outcomes[2],
            case .duplicate(let repeated) = outcomes[3], case .appended = outcomes[4], case .appended = outcomes[5]
        else {
            Issue.record("unexpected outcomes \(outcomes)")
            return
        }
        #expect(repeated.map(\.position) == recorded.map(\.position))
        #expect(repeated.map(\.event) == recorded.map(\.event))
        #expect(try await store.history(of: id).map(\.version) == Array(1...7))
        #expect(try await store.shop(id) == paid.resulting)
        #expect(try await store.shop(other) == otherOpening.resulting)
        // A later commit of one batch asserting a fact an earlier one asserted is refused alone.
        let shop = try #require(try await store.shop(id))
        let first = StoreFixtures.commit([.depositPaid(DepositPaid(amount: .yuan(1), reference: "self-twice"))], to: shop, key: "twice-1")
        let otherShop = try #require(try await store.shop(other))
        let sameReference = StoreFixtures.commit(
            [.depositPaid(DepositPaid(amount: .yuan(1), reference: "self-twice"))], to: otherShop, key: "twice-2")
        let differentShopFact = try await store.append(batch: [first, sameReference])
        guard case .appended = differentShopFact[0], case .appended = differentShopFact[1] else {
            Issue.record("payment references are unique per shop: \(differentShopFact)")
            return
        }
        let after = try #require(try await store.shop(id))
        let repeatReference = StoreFixtures.commit(
            [.depositPaid(DepositPaid(amount: .yuan(1), reference: "self-thrice"))], to: after, key: "thrice-1")
        let repeatAgain = StoreFixtures.commit(
            [.depositPaid(DepositPaid(amount: .yuan(1), reference: "self-thrice"))], to: repeatReference.resulting, key: "thrice-2")
        let repeated2 = try await store.append(batch: [repeatReference, repeatAgain])
        guard case .appended = repeated2[0], case .refused(let taken) = repeated2[1] else {
            Issue.record("a payment reference recorded earlier in the batch must refuse the later one: \(repeated2)")
            return
        }
        if case .claimTaken = taken {} else { Issue.record("expected the reference to be taken, got \(taken)") }
        #expect(try await store.shop(id) == repeatReference.resulting)
    }

    static func batchReads(_ store: any WardenStore) async throws {
        let first = try StoreFixtures.draftCommit(ShopID(rawValue: "shop_r1"), name: "读一店")
        let second = try StoreFixtures.draftCommit(ShopID(rawValue: "shop_r2"), name: "读二店", subjectKey: "92330106MA2H0XY025")
        _ = try await store.append(first)
        _ = try await store.append(second)
        let missing = ShopID(rawValue: "shop_missing")
        let found = try await store.shops(ids: [first.shop, missing, second.shop, first.shop])
        #expect(found == [first.shop: first.resulting, second.shop: second.resulting])
        let keys = [
            ShopCommitKey(shop: first.shop, idempotencyKey: first.metadata.idempotencyKey),
            ShopCommitKey(shop: second.shop, idempotencyKey: first.metadata.idempotencyKey),
            ShopCommitKey(shop: missing, idempotencyKey: "create:shop_missing"),
            ShopCommitKey(shop: second.shop, idempotencyKey: second.metadata.idempotencyKey),
        ]
        #expect(try await store.committedKeys(keys) == [keys[0], keys[3]])
    }

    static func batchDecidedOnReads(_ store: any WardenStore) async throws {
        let first = try StoreFixtures.draftCommit(ShopID(rawValue: "shop_d1"), name: "决一店")
        let second = try StoreFixtures.draftCommit(ShopID(rawValue: "shop_d2"), name: "决二店", subjectKey: "92330106MA2H0XY025")
        let third = try StoreFixtures.draftCommit(ShopID(rawValue: "shop_d3"), name: "决三店", subjectKey: "92330106MA2H0XY033")
        for commit in [first, second, third] { _ = try await store.append(commit) }
        let earlier = StoreFixtures.commit([.applicationSubmitted], to: third.resulting, key: "d-earlier")
        _ = try await store.append(earlier)
        let missing = ShopID(rawValue: "shop_d_missing")
        let keys = [
            ShopCommitKey(shop: first.shop, idempotencyKey: "d-1"), ShopCommitKey(shop: second.shop, idempotencyKey: "d-2"),
            ShopCommitKey(shop: first.shop, idempotencyKey: first.metadata.idempotencyKey), ShopCommitKey(shop: missing, idempotencyKey: "d-m"),
        ]
        let (reads, outcomes) = try await store.append(batchReading: keys) { reads, commits in
            if let shop = reads.item(0)?.shop { commits.append(StoreFixtures.commit([.applicationSubmitted], to: shop, key: "d-1")) }
            // Decided on a version the stream is not at: the reads say which, so it is refused.
            if let shop = reads.item(1)?.shop {
                var stale = StoreFixtures.commit([.applicationSubmitted], to: shop, key: "d-2")
                stale.expectedVersion += 3
                commits.append(stale)
            }
            // A key the reads did not look up, committed before: still found.
            commits.append(StoreFixtures.commit([.applicationSubmitted], to: third.resulting, key: "d-earlier"))
            return (0..<reads.count).map { reads.item($0) }
        }
        #expect(reads.map { $0?.isCommitted } == [false, false, true, false])
        #expect(reads.map { $0?.shop } == [first.resulting, second.resulting, first.resulting, nil])
        #expect(reads.allSatisfy { $0 != nil })
        guard outcomes.count == 3, case .appended(let recorded) = outcomes[0], case .refused(let conflict) = outcomes[1],
            case .duplicate(let replayed) = outcomes[2]
        else {
            Issue.record("unexpected outcomes \(outcomes)")
            return
        }
        #expect(recorded.map(\.version) == [2])
        if case .versionConflict(_, let expected, let actual) = conflict {
            #expect(expected == 4)
            #expect(actual == 1)
        } else {
            Issue.record("expected a version conflict, got \(conflict)")
        }
        #expect(replayed.map(\.version) == [2])
        #expect(try await store.shop(first.shop)?.status == .underReview)
        #expect(try await store.history(of: second.shop).count == 1)
        #expect(try await store.history(of: third.shop).count == 2)
        // Nothing to append: decide's plan comes back with no outcomes.
        let (plan, none) = try await store.append(batchReading: []) { reads, _ in reads.item(0) == nil ? 7 : 8 }
        #expect(plan == 7)
        #expect(none.isEmpty)
    }

    static func listings(_ store: any WardenStore) async throws {
        let shop = ShopID(rawValue: "shop_l")
        let owner = PrincipalID(rawValue: "usr_m1")
        func created(_ id: String, title: String) throws -> ListingCommit {
            let event = ListingEvent.listingCreated(
                ListingCreated(shop: shop, owner: owner, content: ListingContent(title: title, category: "apparel", priceCents: 100)))
            var listing = try #require(Listing.start(id: ListingID(rawValue: id), with: event, at: StoreFixtures.now))
            let screened = ListingEvent.listingScreened(
                ListingScreened(revision: 1, decision: .review, findings: [], dictionaryVersion: "d", ruleVersion: "r", violations: []))
            listing.evolve(screened, at: StoreFixtures.now)
            return ListingCommit(
                listing: listing.id, expectedVersion: 0, events: [event, screened], recordedAt: StoreFixtures.now,
                metadata: EventMetadata(principal: owner, role: .merchant, idempotencyKey: "create:\(id)"), resulting: listing)
        }
        let first = try created("lst_a", title: "短袖")
        guard case .appended(let recorded) = try await store.append(first) else {
            Issue.record("expected append")
            return
        }
        #expect(recorded.map(\.version) == [1, 2])
        #expect(try await store.listing(first.listing) == first.resulting)
        #expect(first.resulting.status == .underReview)
        guard case .duplicate(let earlier) = try await store.append(first) else {
            Issue.record("expected the same key to replay")
            return
        }
        #expect(earlier.map(\.event) == first.events)
        _ = try await store.append(try created("lst_b", title: "长裤"))
        #expect(try await store.listings(ListingQuery(shop: shop)).map(\.id.rawValue) == ["lst_a", "lst_b"])
        #expect(try await store.listings(ListingQuery(shop: shop, limit: 1, after: ListingID(rawValue: "lst_a"))).map(\.id.rawValue) == ["lst_b"])
        #expect(try await store.listings(ListingQuery(status: .live)).isEmpty)
        #expect(try await store.listings(ListingQuery(shop: ShopID(rawValue: "shop_other"))).isEmpty)
        #expect(try await store.history(of: first.listing).map(\.event) == first.events)
        let log = try await store.log(after: 0, limit: 10)
        #expect(log.count == 4)
        #expect(
            log.allSatisfy { entry in
                if case .listing = entry { return true }
                return false
            })
        #expect(try await store.allListings().count == 2)
        try await store.replaceProjections(shops: [], principals: [], listings: [first.resulting])
        #expect(try await store.allListings() == [first.resulting])
        #expect(try await store.listing(ListingID(rawValue: "lst_b")) == nil)
    }

    static func migrateTwice(_ store: any WardenStore) async throws {
        try await store.migrate()
        _ = try await store.append(try StoreFixtures.draftCommit(ShopID(rawValue: "shop_m"), name: "迁移店"))
        try await store.migrate()
        #expect(try await store.shop(ShopID(rawValue: "shop_m")) != nil)
    }
}
