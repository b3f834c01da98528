import Foundation
import Testing
import WardenCore

@Suite struct PolicyFileTests {
    @Test func theBundledPolicyLoads() throws {
        let rulebook = try Rulebook.bundledDefault()
        #expect(rulebook.naming.maxLength == 30)
        #expect(rulebook.reentry.voluntaryExitCooldownMonths == 6)
        let categories = try CategoryTable.bundledDefault()
        #expect(categories.category("apparel")?.deposit.individual == .yuan(2_000))
        #expect(categories.categories.allSatisfy { $0.deposit.individual >= .yuan(2_000) && $0.deposit.enterprise >= .yuan(4_000) })
    }

    static let valid = """
        version: "t1"
        effectiveFrom: 2026-01-01T00:00:00+08:00
        naming:
          maxLength: 30
          ordinaryBannedWords: [旗舰]
          contactWords: [微信]
          allowedSymbols: "·"
          phoneDigitRun: 7
          suffixes: {specialty: 专营店, exclusive: 专卖店, flagship: 旗舰店, officialFlagship: 官方旗舰店}
        renames:
          ordinaryPerHalfYear: 3
          brandedMayRename: false
        reentry:
          voluntaryExitCooldownMonths: 6
          expulsionBarsSubject: true
        deposit:
          refundHoldingDays: 30
          refundOnExpulsion: false
          topUpDeadlineDays: 30
          rightsLostWhileShort: [withdrawFunds]
          missedTopUp: [{kind: restrictRights, rights: [publishListings]}]
        appeals: {maxPerDecision: 1, maxStatementLength: 200, maxAttachments: 5}
        ledgers:
          - code: general
            zh: 一般违规
            en: General
            expiry: {calendarYear: {}}
            nodes: [{at: 12, sanctions: [{kind: restrictRights, days: 12}]}]
            repeatEvery: 12
        violations:
          - code: consumer-harm
            zh: 危害消费者权益
            en: Harming consumers
            ledger: general
            points: 4
            deposit: {fixed: {amount: 30000}}
            sanctions: []
            appealWindowDays: 7
            source: "spec"
        """

    @Test func aWrongTypeIsReportedWithLineAndKey() {
        let text = Self.valid.replacingOccurrences(of: "maxLength: 30", with: "maxLength: thirty")
        #expect {
            try Rulebook.load(yaml: text, file: "bad.yaml")
        } throws: { error in
            let error = error as? PolicyFileError
            return error?.line == 4 && error?.key == "naming.maxLength" && error?.file == "bad.yaml"
        }
    }

    @Test func aMissingKeyIsReportedAtItsParent() {
        let text = Self.valid.replacingOccurrences(of: "  refundHoldingDays: 30\n", with: "")
        #expect {
            try Rulebook.load(yaml: text, file: "bad.yaml")
        } throws: { error in
            let error = error as? PolicyFileError
            return error?.line == 17 && error?.key == "deposit" && error?.message.contains("refundHoldingDays") == true
        }
    }

    @Test func aSemanticProblemIsLocated() {
        let text = Self.valid.replacingOccurrences(of: "refundHoldingDays: 30", with: "refundHoldingDays: -1")
        #expect(throws: PolicyFileError(file: "bad.yaml", line: 17, key: "deposit.refundHoldingDays", message: "must not be negative")) {
            try Rulebook.load(yaml: text, file: "bad.yaml")
        }
    }

    @Test func violationsMustNameADeclaredLedger() {
        let text = Self.valid.replacingOccurrences(of: "    ledger: general", with: "    ledger: severe")
        #expect(throws: PolicyFileError(file: "bad.yaml", line: 34, key: "violations[0].ledger", message: "no ledger 'severe' is declared")) {
            try Rulebook.load(yaml: text, file: "bad.yaml")
        }
    }

    @Test func anUnknownSanctionIsReportedWithItsKey() {
        let text = Self.valid.replacingOccurrences(of: "{kind: restrictRights, days: 12}", with: "{kind: flogging, days: 12}")
        #expect {
            try Rulebook.load(yaml: text, file: "bad.yaml")
        } throws: { error in
            let error = error as? PolicyFileError
            return error?.line == 28 && error?.key.hasPrefix("ledgers[0].nodes[0].sanctions[0].kind") == true
        }
    }

    @Test func theDefaultRulebookDeclaresEveryViolationTheSourcesName() throws {
        let rulebook = try Rulebook.bundledDefault()
        let codes = Set(rulebook.violations.map(\.code))
        #expect(
            codes == [
                "fake-transaction", "wrong-category", "prohibited-goods", "information-cheating", "counterfeit", "three-no-product",
                "substandard-quality", "consumer-harm", "sales-manipulation", "malicious-review", "fake-followers", "forged-qualification",
            ])
        let consumerHarm = try #require(rulebook.violation("consumer-harm"))
        #expect(consumerHarm.points == 4)
        let fake = try #require(rulebook.violation("fake-transaction"))
        // Taobao's tiers: exactly 96 fake trades falls in the ≥ 96 tier.
        #expect(fake.points(occurrence: 1, count: 95, deliberate: false) == 0)
        #expect(fake.points(occurrence: 1, count: 96, deliberate: false) == 12)
        #expect(fake.points(occurrence: 3, count: 40, deliberate: false) == 12)
        #expect(fake.points(occurrence: 3, count: 96, deliberate: false) == 48)
        #expect(fake.points(occurrence: 4, count: 1, deliberate: false) == 48)
        #expect(fake.points(occurrence: 1, count: 5, deliberate: true) == 48)
        let report = ViolationReport(id: "v", type: "t")
        #expect(DepositDeduction.all.parts(required: .yuan(5_000), balance: .yuan(5_000), report: report).map(\.amount) == [.yuan(5_000)])
        #expect(
            DepositDeduction.shareOfRequired(percent: 20).parts(required: .yuan(5_000), balance: .zero, report: report).map(\.amount) == [
                .yuan(1_000)
            ])
        // JD: 违约金 = max(¥100,000, deposit).
        let damages = DepositDeduction.greaterOfFixedAndDeposit(amount: .yuan(100_000))
        #expect(damages.parts(required: .yuan(50_000), balance: .yuan(50_000), report: report).map(\.amount) == [.yuan(100_000)])
        #expect(damages.parts(required: .yuan(150_000), balance: .yuan(150_000), report: report).map(\.amount) == [.yuan(150_000)])
        // Pinduoduo: 10% per buyer within ¥5–¥100, the same again to the platform when upheld.
        let late = DepositDeduction.perBuyer(percent: 10, minimum: .yuan(5), maximum: .yuan(100), platformMatchesUpheldComplaint: true)
        var delayed = ViolationReport(
            id: "v", type: "t", buyers: [BuyerPayment(buyer: "b1", paid: .yuan(30)), BuyerPayment(buyer: "b2", paid: .yuan(2_000))])
        #expect(late.parts(required: .zero, balance: .zero, report: delayed).map(\.amount) == [.yuan(105)])
        delayed.complaintUpheld = true
        let parts = late.parts(required: .zero, balance: .zero, report: delayed)
        #expect(parts.map(\.amount) == [.yuan(105), .yuan(105)])
        #expect(parts.map(\.payee) == [.consumers, .platform])
        let ledger = try #require(rulebook.ledger("points"))
        #expect(ledger.nodes.map(\.at) == [12, 24, 36, 48])
        #expect(ledger.expiry == .rolling(days: 90, freezeAt: 48))
    }

    @Test func brokenYAMLIsReported() {
        #expect {
            try Rulebook.load(yaml: "version: [unclosed", file: "broken.yaml")
        } throws: { error in
            (error as? PolicyFileError)?.message.hasPrefix("not valid YAML") == true
        }
    }

    @Test func duplicateCategoriesAreRefused() {
        let text = """
            version: c1
            categories:
              - {code: a, zh: 甲, en: A, deposit: {individual: 200000, enterprise: 400000}}
              - {code: a, zh: 乙, en: B, deposit: {individual: 200000, enterprise: 400000}}
            """
        #expect(throws: PolicyFileError(file: "c.yaml", line: 4, key: "categories[1].code", message: "'a' appears twice")) {
            try CategoryTable.load(yaml: text, file: "c.yaml")
        }
    }

    @Test func moneyReadsAsYuan() {
        #expect(Money(cents: 123_456_789).description == "¥1,234,567.89")
        #expect(Money(cents: 5).description == "¥0.05")
        #expect(Money(cents: -200_000).description == "-¥2,000.00")
    }
}

@Suite struct RulebookDiffTests {
    @Test func aDiffNamesEveryChangedRule() throws {
        let old = try Rulebook.bundledDefault()
        var new = old
        new.version = "candidate"
        new.violations[7].points = 6
        new.violations[7].deposit = .shareOfRequired(percent: 10)
        new.violations.removeLast()
        new.ledgers[0].nodes[0].sanctions = [SanctionSpec(kind: .warning)]
        new.deposit.topUpDeadlineDays = 15
        let diff = RulebookDiff(from: old, to: new).changes.map(\.description)
        #expect(diff.contains("~ version: douyin-default-2026.1 → candidate"))
        #expect(diff.contains("~ violations.consumer-harm.points: 4 → 6"))
        #expect(diff.contains("~ violations.consumer-harm.deposit: ¥300.00 → 10% of required"))
        #expect(diff.contains { $0.hasPrefix("- violations.forged-qualification: 资质造假") })
        #expect(diff.contains("~ ledgers.points.nodes[at 12]: warning, restrictRights[joinCampaigns] 7d → warning"))
        #expect(diff.contains { $0.hasPrefix("~ deposit:") && $0.contains("\"topUpDeadlineDays\":15") })
        #expect(RulebookDiff(from: old, to: old).changes.isEmpty)
    }
}
