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
