import Foundation
import Testing
import WardenCore

/// Violations applied by the default (Douyin) rulebook, each named after its public source.
@Suite struct ViolationScenarioTests {
    static let day: TimeInterval = 86_400

    /// Records `type` on `shop` at `now` as a reviewer, folding the events in; returns them.
    @discardableResult
    func record(
        _ type: String, on shop: inout Shop, at now: Date, id: String = UUID().uuidString.prefix(8).description, count: Int? = nil,
        deliberate: Bool? = nil, orders: [String]? = nil
    ) throws -> [ShopEvent] {
        let report = ViolationReport(id: id, type: type, evidence: ["case-\(id)"], count: count, deliberate: deliberate, orders: orders)
        let events = try shop.decide(.recordViolation(report), in: Fixtures.context(Fixtures.reviewer, at: now))
        for event in events { shop.evolve(event, at: now) }
        return events
    }

    @Test("DY spec: 危害消费者权益 costs 4 points each time and a deposit deduction")
    func consumerHarm() throws {
        var shop = try Fixtures.open()
        let events = try record("consumer-harm", on: &shop, at: Fixtures.start, id: "v1")
        #expect(events.map(\.typeName) == ["violationRecorded", "pointsAssessed", "depositDeducted"])
        #expect(shop.governance.points.total("points", at: Fixtures.start) == 4)
        #expect(shop.deposit.balance == .yuan(1_700))
        #expect(shop.deposit.deducted == .yuan(300))
        #expect(shop.deposit.balances)
        let record = try #require(shop.governance.violations.first)
        #expect(record.ruleVersion == Fixtures.rulebook.version)
        #expect(record.appealDeadline == Fixtures.start + 7 * Self.day)
    }

    @Test("three consumer-harm violations cross 12: the node's warning and 7-day campaign ban, then it ends")
    func repeatedViolationsCrossANode() throws {
        var shop = try Fixtures.open()
        for index in 0..<3 { try record("consumer-harm", on: &shop, at: Fixtures.start + Double(index) * 60, id: "v\(index)") }
        let now = Fixtures.start + 120
        #expect(shop.governance.points.total("points", at: now) == 12)
        let active = shop.governance.activeSanctions(at: now)
        #expect(active.map(\.kind) == [.restrictRights])
        #expect(active.first?.node == 12)
        #expect(shop.governance.restrictedRights(at: now) == [.joinCampaigns])
        #expect(shop.governance.restrictedRights(at: now + 7 * Self.day) == [])
        #expect(shop.governance.occurrences(of: "consumer-harm") == 3)
    }

    @Test("case 53: goods in the wrong category → 清退, all deposit deducted, subject barred")
    func wrongCategory() throws {
        var shop = try Fixtures.open()
        try record("wrong-category", on: &shop, at: Fixtures.start, id: "used-car")
        #expect(shop.status == .expelled)
        #expect(shop.subjectBarred)
        #expect(shop.deposit.balance == .zero)
        #expect(shop.deposit.deducted == .yuan(2_000))
        #expect(shop.deposit.forfeited == .zero)
        #expect(shop.deposit.balances)
        #expect(SubjectStanding.of([shop], at: Fixtures.start + 3_650 * Self.day) == .barred(since: Fixtures.start))
    }

    @Test("case 54: 信息作弊 → takedown and 清退 with all deposit deducted")
    func informationCheating() throws {
        var shop = try Fixtures.open()
        try record("information-cheating", on: &shop, at: Fixtures.start)
        #expect(shop.status == .expelled)
        #expect(shop.governance.sanctions.map(\.kind) == [.takedown, .expel])
        #expect(shop.deposit.balance == .zero)
    }

    @Test("a deduction bigger than the balance takes what is there and records the rest as owed; payments settle it first")
    func deductionBeyondTheBalance() throws {
        var second = try Fixtures.open()
        try record("prohibited-goods", on: &second, at: Fixtures.start, id: "p1")  // 50% of ¥2,000
        try record("prohibited-goods", on: &second, at: Fixtures.start + 60, id: "p2")
        try record("substandard-quality", on: &second, at: Fixtures.start + 120, id: "q1")  // ¥500, balance is 0
        #expect(second.deposit.balance == .zero)
        #expect(second.deposit.owed == .yuan(500))
        #expect(second.deposit.shortfall == .yuan(2_500))
        #expect(second.governance.violations.last?.owed == .yuan(500))
        try Fixtures.apply(.payDeposit(amount: .yuan(1_000), reference: "top-up"), to: &second, by: .system, at: Fixtures.start + 180)
        #expect(second.deposit.owed == .zero)
        #expect(second.deposit.balance == .yuan(500))
        #expect(second.deposit.balances)
    }

    @Test("36 points suspend the shop for 28 days; the suspension lifts by itself; 48 expels")
    func nodesChangeTheStatus() throws {
        var shop = try Fixtures.open()
        try record("counterfeit", on: &shop, at: Fixtures.start, id: "c1")  // 24
        try record("sales-manipulation", on: &shop, at: Fixtures.start + 60, id: "s1")  // 36
        #expect(shop.status == .suspended)
        let until = try #require(shop.suspendedUntil)
        #expect(until == ShanghaiCalendar.adding(days: 28, to: Fixtures.start + 60))
        try Fixtures.apply(.liftSuspension(automatic: true), to: &shop, by: .system, at: until)
        #expect(shop.status == .open)
        try record("sales-manipulation", on: &shop, at: until + 60, id: "s2")  // 48, frozen
        #expect(shop.status == .expelled)
        #expect(shop.governance.points.frozenLedgers == ["points"])
    }

    @Test("cases 17–19: the fake-trade tiers by occurrence and count; sales of the orders are cleared")
    func fakeTradeTiers() throws {
        var shop = try Fixtures.open()
        try record("fake-transaction", on: &shop, at: Fixtures.start, id: "f1", count: 50, orders: ["o1", "o2"])
        #expect(shop.governance.violations.last?.points == 0)
        #expect(shop.governance.clearedSales.last?.orders == ["o1", "o2"])
        try record("fake-transaction", on: &shop, at: Fixtures.start + 60, id: "f2", count: 120)
        #expect(shop.governance.violations.last?.points == 12)
        try record("fake-transaction", on: &shop, at: Fixtures.start + 120, id: "f3", count: 40)
        #expect(shop.governance.violations.last?.points == 12)
        #expect(shop.governance.violations.map(\.occurrence) == [1, 2, 3])
    }

    @Test func refusalsChangeNothing() throws {
        let shop = try Fixtures.open()
        #expect(throws: DomainError.self) {
            try shop.decide(.recordViolation(ViolationReport(id: "x", type: "jaywalking")), in: Fixtures.context(Fixtures.reviewer))
        }
        #expect(throws: DomainError.forbidden(command: "recordViolation")) {
            try shop.decide(.recordViolation(ViolationReport(id: "x", type: "consumer-harm")), in: Fixtures.context(Fixtures.merchant))
        }
        var recorded = shop
        try record("consumer-harm", on: &recorded, at: Fixtures.start, id: "dup")
        #expect(throws: DomainError.self) {
            try recorded.decide(.recordViolation(ViolationReport(id: "dup", type: "consumer-harm")), in: Fixtures.context(Fixtures.reviewer))
        }
    }

    @Test func theFoldOfTheEventsIsTheSameShop() throws {
        var shop = try Fixtures.open()
        var history: [(event: ShopEvent, at: Date)] = []
        var replay = shop
        for (index, type) in ["consumer-harm", "counterfeit", "substandard-quality", "sales-manipulation"].enumerated() {
            let now = Fixtures.start + Double(index) * 60
            let report = ViolationReport(id: "v\(index)", type: type, evidence: [])
            for event in try shop.decide(.recordViolation(report), in: Fixtures.context(Fixtures.reviewer, at: now)) {
                shop.evolve(event, at: now)
                history.append((event, now))
            }
        }
        for (event, at) in history {
            // Events survive their JSON form unchanged.
            let data = try JSONEncoder().encode(event)
            replay.evolve(try JSONDecoder().decode(ShopEvent.self, from: data), at: at)
        }
        #expect(replay == shop)
    }
}
