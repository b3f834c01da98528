import Foundation
import Testing
import WardenCore

/// The points ledgers of RULES.md §1 and the node cases of §9, on policies built the way the
/// example rulebooks declare them.
@Suite struct PointsLedgerTests {
    static let day: TimeInterval = 86_400

    /// Taobao 严重违规 (older 《淘宝规则》): 12/24/36/48, calendar-year reset.
    static let taobaoSevere = LedgerPolicy(
        code: "severe", zh: "严重违规", en: "Severe", expiry: .calendarYear,
        nodes: [
            PointNode(at: 12, sanctions: [SanctionSpec(kind: .searchDemotion, days: 7), SanctionSpec(kind: .restrictRights, days: 7)]),
            PointNode(at: 24, sanctions: [SanctionSpec(kind: .searchDemotion, days: 14), SanctionSpec(kind: .restrictRights, days: 14)]),
            PointNode(at: 36, sanctions: [SanctionSpec(kind: .suspend, days: 21)]),
            PointNode(at: 48, sanctions: [SanctionSpec(kind: .sealAccount)]),
        ])

    /// Taobao 一般违规: a 12-day node at every 12 points.
    static let taobaoGeneral = LedgerPolicy(
        code: "general", zh: "一般违规", en: "General", expiry: .calendarYear,
        nodes: [PointNode(at: 12, sanctions: [SanctionSpec(kind: .restrictRights, days: 12)])], repeatEvery: 12)

    /// TikTok Shop: 12/24/36/48 milestones, points expire after 90 days unless 48 is reached.
    static let tiktok = LedgerPolicy(
        code: "points", zh: "违规积分", en: "Violation points", expiry: .rolling(days: 90, freezeAt: 48),
        nodes: [
            PointNode(at: 12, sanctions: [SanctionSpec(kind: .restrictRights, days: 7, rights: [.joinCampaigns])]),
            PointNode(at: 24, sanctions: [SanctionSpec(kind: .restrictRights, days: 14, rights: [.publishListings])]),
            PointNode(at: 36, sanctions: [SanctionSpec(kind: .suspend, days: 28)]),
            PointNode(at: 48, sanctions: [SanctionSpec(kind: .expel)]),
        ])

    /// 2026-03-01T00:00:00Z
    static let start = Date(timeIntervalSince1970: 1_772_323_200)

    func add(_ points: Int, _ policy: LedgerPolicy, to ledger: inout PointsLedger, at instant: Date, id: String = UUID().uuidString)
        -> PointsAssessment
    {
        let assessment = ledger.assess(points, in: policy.code, policy: policy, at: instant, violation: id)
        ledger.record(assessment)
        return assessment
    }

    @Test("cases 1–4: each severe node in turn, 7/14/21 days then sealed")
    func severeNodesInTurn() {
        var ledger = PointsLedger()
        var now = Self.start
        let first = add(12, Self.taobaoSevere, to: &ledger, at: now)
        #expect(first.executed?.at == 12)
        #expect(first.executedUntil == now.addingTimeInterval(7 * Self.day))
        now += 8 * Self.day
        #expect(add(12, Self.taobaoSevere, to: &ledger, at: now).executed?.at == 24)
        now += 15 * Self.day
        let third = add(12, Self.taobaoSevere, to: &ledger, at: now)
        #expect(third.executed?.at == 36)
        #expect(third.executed?.sanctions.map(\.kind) == [.suspend])
        now += 22 * Self.day
        let fourth = add(12, Self.taobaoSevere, to: &ledger, at: now)
        #expect(fourth.executed?.at == 48)
        #expect(fourth.executedUntil == nil)
        #expect(ledger.runningNode("severe", at: now + 10_000 * Self.day)?.at == 48)
        #expect(ledger.total("severe", at: now) == 48)
    }

    @Test("case 6: crossing, not equality, triggers the node")
    func crossingTriggers() {
        var ledger = PointsLedger()
        #expect(add(10, Self.taobaoSevere, to: &ledger, at: Self.start).executed == nil)
        let crossing = add(4, Self.taobaoSevere, to: &ledger, at: Self.start + 60)
        #expect(crossing.totalAfter == 14)
        #expect(crossing.executed?.at == 12)
    }

    @Test("several nodes crossed at once: only the heaviest executes")
    func heaviestOnly() {
        var ledger = PointsLedger()
        let assessment = add(48, Self.taobaoSevere, to: &ledger, at: Self.start)
        #expect(assessment.crossed.map(\.at) == [12, 24, 36, 48])
        #expect(assessment.executed?.at == 48)
    }

    @Test("a heavier node supersedes a running one; a lighter or equal one does not stack")
    func runningNodes() {
        var ledger = PointsLedger()
        _ = add(12, Self.taobaoSevere, to: &ledger, at: Self.start)
        let heavier = add(12, Self.taobaoSevere, to: &ledger, at: Self.start + Self.day)
        #expect(heavier.executed?.at == 24)
        #expect(heavier.superseded?.at == 12)

        var general = PointsLedger()
        _ = add(12, Self.taobaoGeneral, to: &general, at: Self.start)
        let equal = add(12, Self.taobaoGeneral, to: &general, at: Self.start + Self.day)
        #expect(equal.crossed.map(\.at) == [24])
        #expect(equal.executed == nil)
    }

    @Test("cases 8 and 10: the general node repeats every 12 points")
    func generalRepeats() {
        var ledger = PointsLedger()
        let first = add(12, Self.taobaoGeneral, to: &ledger, at: Self.start)
        #expect(first.executedUntil == Self.start + 12 * Self.day)
        let second = add(12, Self.taobaoGeneral, to: &ledger, at: Self.start + 13 * Self.day)
        #expect(second.executed?.at == 24)
        #expect(second.executedUntil == Self.start + 25 * Self.day)
        let third = add(14, Self.taobaoGeneral, to: &ledger, at: Self.start + 26 * Self.day)
        #expect(third.crossed.map(\.at) == [36])
    }

    @Test("case 12: the two ledgers are separate")
    func separateLedgers() {
        var ledger = PointsLedger()
        _ = add(11, Self.taobaoSevere, to: &ledger, at: Self.start)
        _ = add(11, Self.taobaoGeneral, to: &ledger, at: Self.start)
        let general = add(1, Self.taobaoGeneral, to: &ledger, at: Self.start + 60)
        #expect(general.executed?.at == 12)
        #expect(ledger.total("severe", at: Self.start + 60) == 11)
        #expect(ledger.runningNode("severe", at: Self.start + 60) == nil)
    }

    @Test("calendar-year reset happens at 24:00 on 31 December in Shanghai, not in UTC")
    func yearBoundary() throws {
        var ledger = PointsLedger()
        // 2026-12-31T15:00Z is 23:00 on 31 December in Shanghai.
        let lateOnNewYearsEve = try #require(ISO8601DateFormatter().date(from: "2026-12-31T15:00:00Z"))
        _ = add(12, Self.taobaoSevere, to: &ledger, at: lateOnNewYearsEve)
        let shanghaiMidnight = try #require(ISO8601DateFormatter().date(from: "2026-12-31T16:00:00Z"))
        #expect(ledger.total("severe", at: shanghaiMidnight - 1) == 12)
        #expect(ledger.total("severe", at: shanghaiMidnight) == 0)
    }

    @Test("case 31: TikTok points expire 90 days after issue")
    func rollingExpiry() {
        var ledger = PointsLedger()
        _ = add(10, Self.tiktok, to: &ledger, at: Self.start)
        #expect(ledger.total("points", at: Self.start + 89 * Self.day) == 10)
        #expect(ledger.total("points", at: Self.start + 90 * Self.day) == 0)
    }

    @Test("TikTok points stop expiring once 48 is reached")
    func freezeAt48() {
        var ledger = PointsLedger()
        _ = add(30, Self.tiktok, to: &ledger, at: Self.start)
        let reaching = add(18, Self.tiktok, to: &ledger, at: Self.start + 10 * Self.day)
        #expect(reaching.freezes)
        #expect(reaching.executed?.sanctions.map(\.kind) == [.expel])
        #expect(ledger.total("points", at: Self.start + 400 * Self.day) == 48)
    }

    @Test("cases 27, 28, 30: TikTok milestones")
    func tiktokMilestones() {
        var ledger = PointsLedger()
        _ = add(11, Self.tiktok, to: &ledger, at: Self.start)
        let twelve = add(1, Self.tiktok, to: &ledger, at: Self.start + Self.day)
        #expect(twelve.executed?.sanctions.first?.rights == [.joinCampaigns])
        var other = PointsLedger()
        _ = add(20, Self.tiktok, to: &other, at: Self.start)
        #expect(add(4, Self.tiktok, to: &other, at: Self.start + Self.day).executed?.at == 24)
        var reproduced = PointsLedger()
        #expect(add(48, Self.tiktok, to: &reproduced, at: Self.start).executed?.sanctions.map(\.kind) == [.expel])
    }

    @Test("an upheld appeal cancels the violation's points")
    func reversal() {
        var ledger = PointsLedger()
        _ = add(4, Self.tiktok, to: &ledger, at: Self.start, id: "v1")
        _ = add(6, Self.tiktok, to: &ledger, at: Self.start, id: "v2")
        #expect(ledger.reverse(violation: "v1") == 4)
        #expect(ledger.total("points", at: Self.start + 60) == 6)
        #expect(ledger.reverse(violation: "v1") == 0)
    }
}
