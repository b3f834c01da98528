import Foundation
import Testing
import WardenCore
import Yams

/// The table-driven scenario suite: one YAML file per scenario under `Scenarios/`, each naming
/// its rulebook, the shop it starts from, and steps at instants with the state expected after
/// each. `Scenarios/README.md` describes the format.
@Suite struct ScenarioTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scenarios")
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func thereAreAtLeastFortyScenarios() {
        #expect(Self.files.count >= 40, "\(Self.files.count) scenario files")
    }

    @Test(arguments: files)
    func scenario(_ file: String) throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
        let scenario = try YAMLDecoder().decode(Scenario.self, from: text)
        var registry = RulebookRegistry()
        for entry in scenario.rulebookEntries {
            let text = try String(contentsOf: Self.packageRoot.appendingPathComponent(entry.file), encoding: .utf8)
            let rulebook = try Self.load(entry.file)
            try registry.apply(
                .published(
                    RulebookPublished(
                        version: rulebook.version, effectiveFrom: entry.effectiveFrom ?? rulebook.effectiveFrom, shadow: false, text: text)),
                at: rulebook.effectiveFrom)
        }
        let opening = try #require(registry.inForce(at: scenario.given.openedAt))
        var (shop, commits) = try scenario.given.open(rulebook: opening)
        var jobs: [DueAction] = []
        for (index, step) in scenario.steps.enumerated() {
            let place = "\(file) step \(index + 1)"
            // The clock: what fell due before this step runs first, as the job runner would run it.
            while let next = jobs.filter({ $0.dueAt <= step.at }).min(by: { $0.dueAt < $1.dueAt }) {
                jobs.removeAll { $0 == next }
                let rulebook = try #require(registry.inForce(at: next.dueAt))
                let context = ShopDecisionContext(now: next.dueAt, actor: .system, rulebook: rulebook, categories: Fixtures.categories)
                guard let events = try? shop.decide(next.command, in: context) else { continue }
                for event in events { shop.evolve(event, at: next.dueAt) }
                commits.append(ReplayCommit(events: events, at: next.dueAt, actor: .system))
                jobs += DueAction.scheduled(by: events, for: shop.id)
            }
            if let replay = step.replay {
                let candidate = try Self.load(replay.rulebook)
                let replayed = try #require(
                    ShopReplay.replay(
                        shop.id, commits: commits, rulebook: candidate, categories: Fixtures.categories, since: replay.since, asOf: step.at))
                if let expect = step.expect { Self.check(expect, on: replayed, at: step.at, rulebook: candidate, place: "\(place) (replay)") }
                continue
            }
            if let command = step.command {
                let instant = command.occurredAt ?? step.at
                let rulebook = try #require(registry.inForce(at: instant))
                let context = ShopDecisionContext(now: step.at, actor: command.actor, rulebook: rulebook, categories: Fixtures.categories)
                do {
                    let events = try shop.decide(command.command, in: context)
                    for event in events { shop.evolve(event, at: step.at) }
                    if !events.isEmpty { commits.append(ReplayCommit(events: events, at: step.at, actor: command.actor)) }
                    jobs += DueAction.scheduled(by: events, for: shop.id)
                    #expect(step.expect?.error == nil, "\(place): expected \(step.expect?.error ?? "") but the command was accepted")
                } catch {
                    #expect(step.expect?.error == error.code, "\(place): refused with \(error.code): \(error.message)")
                }
            }
            guard let expect = step.expect else { continue }
            Self.check(expect, on: shop, at: step.at, rulebook: try #require(registry.inForce(at: step.at)), place: place)
        }
        // Replaying the history under the versions that decided it gives the live state exactly.
        let replayed = ShopReplay.replay(shop.id, commits: commits, rulebooks: registry, categories: Fixtures.categories)
        #expect(replayed == shop, "\(file): replay under the rulebooks in force must reproduce the live state")
    }

    static func load(_ path: String) throws -> Rulebook {
        try Rulebook.load(yaml: String(contentsOf: packageRoot.appendingPathComponent(path), encoding: .utf8), file: path)
    }

    static func check(_ expect: Scenario.Expect, on shop: Shop, at now: Date, rulebook: Rulebook, place: String) {
        if let points = expect.points {
            for (ledger, total) in points {
                #expect(shop.governance.points.total(ledger, at: now) == total, "\(place): points in \(ledger)")
            }
        }
        if let status = expect.status { #expect(shop.status.rawValue == status, "\(place): status") }
        if let balance = expect.balance { #expect(shop.deposit.balance.cents == balance, "\(place): balance") }
        if let owed = expect.owed { #expect(shop.deposit.owed.cents == owed, "\(place): owed") }
        if let deducted = expect.deducted { #expect(shop.deposit.deducted.cents == deducted, "\(place): deducted") }
        if let sanctions = expect.activeSanctions {
            let active = shop.governance.activeSanctions(at: now).map(\.kind.rawValue).sorted()
            #expect(active == sanctions.sorted(), "\(place): active sanctions")
        }
        if let node = expect.runningNode {
            let ledger = node.ledger ?? rulebook.ledgers.first?.code ?? ""
            #expect(shop.governance.points.runningNode(ledger, at: now)?.at == node.at, "\(place): running node in \(ledger)")
        }
        if let rights = expect.restrictedRights {
            #expect(shop.governance.restrictedRights(at: now).map(\.rawValue).sorted() == rights.sorted(), "\(place): rights")
        }
        if let cleared = expect.clearedSales { #expect(shop.governance.clearedSales.count == cleared, "\(place): cleared sales") }
        if let points = expect.lastViolationPoints {
            #expect(shop.governance.violations.last?.points == points, "\(place): points of the last violation")
        }
        if let barred = expect.subjectBarred { #expect(shop.subjectBarred == barred, "\(place): subject barred") }
        if let version = expect.ruleVersion {
            #expect(shop.governance.violations.last?.ruleVersion == version, "\(place): rule version of the last violation")
        }
        if let pending = expect.topUpPending { #expect((shop.deposit.topUpDueAt != nil) == pending, "\(place): top-up deadline pending") }
        if let forfeited = expect.forfeited { #expect(shop.deposit.forfeited.cents == forfeited, "\(place): forfeited") }
        #expect(shop.deposit.balances, "\(place): the deposit ledger must balance")
    }
}

/// One scenario file.
struct Scenario: Decodable {
    var name: String
    /// The public rule the scenario comes from.
    var source: String
    /// A rulebook file relative to the package root; the default rulebook when absent.
    var rulebook: String?
    /// Several versions, each live from its file's effective-from (or the one given here).
    var rulebooks: [RulebookEntry]?
    var given: Given
    var steps: [Step]

    struct RulebookEntry: Decodable {
        var file: String
        var effectiveFrom: Date?
    }

    var rulebookEntries: [RulebookEntry] {
        rulebooks ?? [RulebookEntry(file: rulebook ?? "Sources/WardenCore/Resources/rulebook.yaml")]
    }

    /// The shop a scenario starts from: opened at `openedAt` with its deposit paid.
    struct Given: Decodable {
        var openedAt: Date
        var subject: SubjectType?
        var category: String?
        /// Cents paid in at opening; the required amount when absent.
        var deposit: Int64?

        func open(rulebook: Rulebook) throws -> (Shop, [ReplayCommit]) {
            var application = Fixtures.ordinary(category: category ?? "apparel", subject: Fixtures.subject(subject ?? .individualBusiness))
            application.channels = [.douyin]
            let context = { (actor: Actor) in ShopDecisionContext(now: openedAt, actor: actor, rulebook: rulebook, categories: Fixtures.categories) }
            let drafted = try Shop.draft(application, in: context(Fixtures.merchant))
            var shop = try #require(Shop.start(id: ShopID(rawValue: "shop_scenario"), with: drafted, at: openedAt))
            var commits = [ReplayCommit(events: [drafted], at: openedAt, actor: Fixtures.merchant)]
            let steps: [(ShopCommand, Actor)] = [
                (.submit, Fixtures.merchant), (.approve(note: nil), Fixtures.reviewer), (.signContract(contractVersion: "1"), Fixtures.merchant),
            ]
            for (command, actor) in steps {
                let events = try shop.decide(command, in: context(actor))
                for event in events { shop.evolve(event, at: openedAt) }
                commits.append(ReplayCommit(events: events, at: openedAt, actor: actor))
            }
            let amount = deposit.map { Money(cents: $0) } ?? shop.deposit.required
            let paid = try shop.decide(.payDeposit(amount: amount, reference: "opening"), in: context(.system))
            for event in paid { shop.evolve(event, at: openedAt) }
            commits.append(ReplayCommit(events: paid, at: openedAt, actor: .system))
            return (shop, commits)
        }
    }

    struct Step: Decodable {
        var at: Date
        var violation: ViolationStep?
        var pay: Int64?
        var action: String?
        /// Replays the history so far under another rulebook; `expect` then checks the replayed shop.
        var replay: ReplayStep?
        var expect: Expect?

        /// The command this step issues, as whom, and the instant whose rulebook governs it;
        /// `nil` for a step that only lets time pass.
        var command: (command: ShopCommand, actor: Actor, occurredAt: Date?)? {
            if let violation {
                let report = ViolationReport(
                    id: violation.id ?? "v-\(Int(at.timeIntervalSince1970))", type: violation.type, occurredAt: violation.occurredAt,
                    evidence: ["scenario"], count: violation.count, deliberate: violation.deliberate, orders: violation.orders,
                    buyers: violation.buyers?.map { BuyerPayment(buyer: $0.buyer, paid: Money(cents: $0.paid)) },
                    complaintUpheld: violation.complaintUpheld, loss: violation.lossCents.map { Money(cents: $0) })
                return (.recordViolation(report), Fixtures.reviewer, violation.occurredAt)
            }
            if let pay { return (.payDeposit(amount: Money(cents: pay), reference: "pay-\(Int(at.timeIntervalSince1970))"), .system, nil) }
            switch action {
            case "liftSuspension": return (.liftSuspension(automatic: true), .system, nil)
            case "close": return (.close, Fixtures.merchant, nil)
            case "refundDeposit": return (.refundDeposit, .system, nil)
            case "enforceTopUpDeadline": return (.enforceTopUpDeadline, .system, nil)
            default: return nil
            }
        }
    }

    struct ReplayStep: Decodable {
        var rulebook: String
        var since: Date?
    }

    struct ViolationStep: Decodable {
        var type: String
        var id: String?
        var count: Int?
        var deliberate: Bool?
        var orders: [String]?
        var occurredAt: Date?
        var buyers: [Buyer]?
        var complaintUpheld: Bool?
        var lossCents: Int64?

        struct Buyer: Decodable {
            var buyer: String
            /// Cents.
            var paid: Int64
        }
    }

    struct Expect: Decodable {
        var points: [String: Int]?
        var status: String?
        var balance: Int64?
        var owed: Int64?
        var deducted: Int64?
        var activeSanctions: [String]?
        var runningNode: RunningNodeExpectation?
        var restrictedRights: [String]?
        var clearedSales: Int?
        var lastViolationPoints: Int?
        var subjectBarred: Bool?
        /// The rulebook version the last violation was decided under.
        var ruleVersion: String?
        /// Whether a top-up (补交) deadline is pending.
        var topUpPending: Bool?
        var forfeited: Int64?
        /// The stable code of the refusal expected (`illegal-transition`, `validation-failed`).
        var error: String?
    }

    struct RunningNodeExpectation: Decodable {
        var ledger: String?
        var at: Int?
    }
}
