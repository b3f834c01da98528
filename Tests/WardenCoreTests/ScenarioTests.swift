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
        let rulebook: Rulebook
        if let path = scenario.rulebook {
            rulebook = try Rulebook.load(yaml: String(contentsOf: Self.packageRoot.appendingPathComponent(path), encoding: .utf8), file: path)
        } else {
            rulebook = Fixtures.rulebook
        }
        var shop = try scenario.given.open(rulebook: rulebook)
        for (index, step) in scenario.steps.enumerated() {
            let place = "\(file) step \(index + 1)"
            let context = { (actor: Actor) in
                ShopDecisionContext(now: step.at, actor: actor, rulebook: rulebook, categories: Fixtures.categories)
            }
            let command = step.command
            if let command {
                do {
                    let events = try shop.decide(command.command, in: context(command.actor))
                    for event in events { shop.evolve(event, at: step.at) }
                    #expect(step.expect?.error == nil, "\(place): expected \(step.expect?.error ?? "") but the command was accepted")
                } catch {
                    #expect(step.expect?.error == error.code, "\(place): refused with \(error.code): \(error.message)")
                }
            }
            guard let expect = step.expect else { continue }
            let now = step.at
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
            #expect(shop.deposit.balances, "\(place): the deposit ledger must balance")
        }
    }
}

/// One scenario file.
struct Scenario: Decodable {
    var name: String
    /// The public rule the scenario comes from.
    var source: String
    /// A rulebook file relative to the package root; the default rulebook when absent.
    var rulebook: String?
    var given: Given
    var steps: [Step]

    /// The shop a scenario starts from: opened at `openedAt` with its deposit paid.
    struct Given: Decodable {
        var openedAt: Date
        var subject: SubjectType?
        var category: String?
        /// Cents paid in at opening; the required amount when absent.
        var deposit: Int64?

        func open(rulebook: Rulebook) throws -> Shop {
            var application = Fixtures.ordinary(category: category ?? "apparel", subject: Fixtures.subject(subject ?? .individualBusiness))
            application.channels = [.douyin]
            let context = { (actor: Actor) in ShopDecisionContext(now: openedAt, actor: actor, rulebook: rulebook, categories: Fixtures.categories) }
            var shop = try #require(
                Shop.start(id: ShopID(rawValue: "shop_scenario"), with: try Shop.draft(application, in: context(Fixtures.merchant)), at: openedAt))
            let steps: [(ShopCommand, Actor)] = [
                (.submit, Fixtures.merchant), (.approve(note: nil), Fixtures.reviewer), (.signContract(contractVersion: "1"), Fixtures.merchant),
            ]
            for (command, actor) in steps {
                for event in try shop.decide(command, in: context(actor)) { shop.evolve(event, at: openedAt) }
            }
            let amount = deposit.map { Money(cents: $0) } ?? shop.deposit.required
            for event in try shop.decide(.payDeposit(amount: amount, reference: "opening"), in: context(.system)) { shop.evolve(event, at: openedAt) }
            return shop
        }
    }

    struct Step: Decodable {
        var at: Date
        var violation: ViolationStep?
        var pay: Int64?
        var action: String?
        var expect: Expect?

        /// The command this step issues, and as whom; `nil` for a step that only lets time pass.
        var command: (command: ShopCommand, actor: Actor)? {
            if let violation {
                return (
                    .recordViolation(
                        ViolationReport(
                            id: violation.id ?? "v-\(Int(at.timeIntervalSince1970))", type: violation.type, evidence: ["scenario"],
                            count: violation.count, deliberate: violation.deliberate, orders: violation.orders)), Fixtures.reviewer
                )
            }
            if let pay { return (.payDeposit(amount: Money(cents: pay), reference: "pay-\(Int(at.timeIntervalSince1970))"), .system) }
            switch action {
            case "liftSuspension": return (.liftSuspension(automatic: true), .system)
            case "close": return (.close, Fixtures.merchant)
            case "refundDeposit": return (.refundDeposit, .system)
            default: return nil
            }
        }
    }

    struct ViolationStep: Decodable {
        var type: String
        var id: String?
        var count: Int?
        var deliberate: Bool?
        var orders: [String]?
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
        /// The stable code of the refusal expected (`illegal-transition`, `validation-failed`).
        var error: String?
    }

    struct RunningNodeExpectation: Decodable {
        var ledger: String?
        var at: Int?
    }
}
