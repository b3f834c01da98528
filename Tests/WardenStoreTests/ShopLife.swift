import Foundation
import WardenCore
import WardenStore

/// Shops taken through their lives by the real rules, for the encoder tests: every event they
/// record and the shop after each one.
struct ShopLife {
    var steps: [(event: ShopEvent, shop: Shop)] = []

    /// 2026-03-01T00:00:00.250Z: fractions of a second reach the dates.
    static let start = Date(millisecondsSince1970: 1_772_323_200_250)
    static let merchant = Actor(id: PrincipalID(rawValue: "usr_m1"), role: .merchant)
    static let reviewer = Actor(id: PrincipalID(rawValue: "usr_r1"), role: .reviewer)

    static let allTypeNames: Set<String> = [
        "applicationDrafted", "applicationUpdated", "applicationSubmitted", "applicationApproved", "applicationRejected",
        "contractSigned", "depositPaid", "shopOpened", "shopRenamed", "shopRestricted", "restrictionLifted", "shopSuspended",
        "suspensionLifted", "shopClosed", "depositRefunded", "shopExpelled", "depositForfeited", "violationRecorded",
        "pointsAssessed", "depositDeducted", "sanctionImposed", "salesCleared", "topUpDeadlineMissed", "sanctionLifted",
        "shadowDecided",
    ]

    /// Events built by hand, with every optional field both present and absent.
    static let handMade: [ShopEvent] = [
        .applicationRejected(ApplicationRejected(reasons: ["名称含\"联系方式\"", "back\\slash", "a/b"])),
        .applicationApproved(ApplicationApproved(requiredDeposit: .yuan(2_000), depositBasis: "apparel", note: "备注\n第二行")),
        .topUpDeadlineMissed(TopUpDeadlineMissed(deadline: start, shortfall: Money(cents: 12_345))),
        .sanctionLifted(SanctionLifted(sanction: "s-1", reason: .toppedUp)),
        .sanctionLifted(SanctionLifted(sanction: "s-2", reason: .appealUpheld)),
        .depositRefunded(DepositMovement(amount: .yuan(1))),
        .depositForfeited(DepositMovement(amount: Money(cents: -5))),
        .shopExpelled(ShopExpelled(reason: "严重违规", subjectBarred: true)),
        .shopClosed(ShopClosed(reopenAllowedFrom: start.addingTimeInterval(86_400.5), refundDueAt: start.addingTimeInterval(7_776_000))),
        .depositDeducted(
            DepositDeducted(
                violation: "v1", amount: .yuan(100), owed: .zero, payee: .platform, basis: nil, topUpDue: nil)),
        .salesCleared(SalesCleared(violation: "v2", scope: .orders, orders: ["o-2", "o-1"], product: "lst_9", since: start)),
        .violationRecorded(
            ViolationRecorded(
                report: ViolationReport(
                    id: "v3", type: "consumer-harm", occurredAt: start.addingTimeInterval(-0.001), evidence: ["case/1"], count: 3, deliberate: true,
                    orders: ["o-3"], product: "lst_3", note: "“注”", buyers: [BuyerPayment(buyer: "b1", paid: .yuan(9))], complaintUpheld: false,
                    loss: Money(cents: 1)),
                ruleVersion: "2026.1", occurrence: 2, points: 12, ledger: "points", appealDeadline: start)),
        .shadowDecided(
            ShadowDecided(
                version: "2026.2", violation: "v3",
                events: [.shopRenamed(ShopRenamed(from: "a", to: "b")), .shadowDecided(ShadowDecided(version: "x", violation: "y", events: []))],
                refusal: nil)),
        .shadowDecided(ShadowDecided(version: "2026.2", violation: "v4", events: [], refusal: "violation.unknownType")),
    ]

    /// One shop opened, renamed, restricted, suspended and given every violation type of the
    /// bundled rulebook several times, ten days apart; a second one rejected, updated, closed and
    /// refunded; a third expelled.
    static func lived() throws -> ShopLife {
        let rulebook = try Rulebook.bundledDefault()
        let categories = try CategoryTable.bundledDefault()
        var life = ShopLife()
        var now = start

        func context(_ actor: Actor) -> ShopDecisionContext {
            ShopDecisionContext(now: now, actor: actor, rulebook: rulebook, categories: categories)
        }
        /// Applies `command` when the rules allow it; a refusal is part of a life too.
        func apply(_ command: ShopCommand, to shop: inout Shop, by actor: Actor) {
            guard let events = try? shop.decide(command, in: context(actor)) else { return }
            for event in events {
                shop.evolve(event, at: now)
                life.steps.append((event, shop))
            }
        }
        func drafted(_ id: String, name: String) throws -> Shop {
            let application = ShopApplication(
                subject: SubjectInfo(
                    type: .individualBusiness, name: "测试个体户", idNumber: "92330106MA2H0XY017", legalRepresentative: "王小明",
                    legalRepresentativeID: "110101199003074477", phone: "13800138000", address: "浙江省杭州市西湖区文三路100号",
                    bankAccount: "6222020200112233445"),
                shopType: .ordinary, shopName: name, mainCategory: "apparel", channels: [.douyin])
            let event = try Shop.draft(application, in: context(merchant))
            guard let shop = Shop.start(id: ShopID(rawValue: id), with: event, at: now) else { throw LifeError.didNotStart }
            life.steps.append((event, shop))
            return shop
        }
        func open(_ shop: inout Shop) {
            apply(.submit, to: &shop, by: merchant)
            apply(.approve(note: "ok"), to: &shop, by: reviewer)
            apply(.signContract(contractVersion: "2026.1"), to: &shop, by: merchant)
            apply(.payDeposit(amount: shop.deposit.required, reference: "pay-1"), to: &shop, by: .system)
        }

        var shop = try drafted("shop_life", name: "小王服装店")
        open(&shop)
        apply(.rename(to: "小王服饰店"), to: &shop, by: merchant)
        apply(.restrict(rights: [.publishListings], reason: "check"), to: &shop, by: reviewer)
        apply(.liftRestriction, to: &shop, by: reviewer)
        apply(.suspend(until: now.addingTimeInterval(3 * 86_400), reason: "审查"), to: &shop, by: reviewer)
        now = now.addingTimeInterval(4 * 86_400)
        apply(.liftSuspension(automatic: true), to: &shop, by: .system)
        for round in 0..<3 {
            for (index, type) in rulebook.violations.enumerated() {
                now = now.addingTimeInterval(10 * 86_400 + 0.125)
                let report = ViolationReport(
                    id: "v\(round)-\(index)", type: type.code, evidence: ["case-\(index)"], count: 2, orders: ["o\(index)", "o\(index)b"],
                    product: "lst_\(index)", buyers: [BuyerPayment(buyer: "b", paid: .yuan(50))], complaintUpheld: round == 1, loss: .yuan(30))
                apply(.recordViolation(report), to: &shop, by: reviewer)
            }
            apply(.payDeposit(amount: .yuan(5_000), reference: "top-\(round)"), to: &shop, by: .system)
            now = now.addingTimeInterval(40 * 86_400)
            apply(.enforceTopUpDeadline, to: &shop, by: .system)
        }

        var second = try drafted("shop_second", name: "小李百货店")
        apply(.submit, to: &second, by: merchant)
        apply(.reject(reasons: ["资料不全"]), to: &second, by: reviewer)
        if case .applicationDrafted(let drafted)? = life.steps.first?.event {
            apply(.updateApplication(drafted.application), to: &second, by: merchant)
        }
        open(&second)
        apply(.close, to: &second, by: merchant)
        now = now.addingTimeInterval(200 * 86_400)
        apply(.refundDeposit, to: &second, by: .system)

        var third = try drafted("shop_third", name: "小赵数码店")
        open(&third)
        apply(.expel(reason: "严重违规"), to: &third, by: reviewer)
        return life
    }

    enum LifeError: Error { case didNotStart }
}
