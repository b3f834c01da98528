import Foundation
import Testing
import WardenCore

@Suite struct ShopLifecycleTests {
    @Test func theWholeOnboardingPath() throws {
        var shop = try Fixtures.drafted()
        #expect(shop.status == .applying)
        try Fixtures.apply(.submit, to: &shop, by: Fixtures.merchant)
        #expect(shop.status == .underReview)
        try Fixtures.apply(.approve(note: "ok"), to: &shop, by: Fixtures.reviewer)
        #expect(shop.status == .awaitingContract)
        #expect(shop.deposit.required == .yuan(2_000))
        try Fixtures.apply(.signContract(contractVersion: "2026.1"), to: &shop, by: Fixtures.merchant)
        #expect(shop.status == .awaitingDeposit)
        try Fixtures.apply(.payDeposit(amount: .yuan(500), reference: "p1"), to: &shop, by: .system)
        #expect(shop.status == .awaitingDeposit)
        #expect(shop.deposit.shortfall == .yuan(1_500))
        try Fixtures.apply(.payDeposit(amount: .yuan(1_500), reference: "p2"), to: &shop, by: .system)
        #expect(shop.status == .open)
        #expect(shop.enabledChannels == [.douyin])
        #expect(shop.deposit.balance == .yuan(2_000))
        #expect(shop.deposit.balances)
        #expect(shop.version == 7)
    }

    @Test func rejectedApplicationsMayBeFixedAndResubmitted() throws {
        var shop = try Fixtures.drafted()
        try Fixtures.apply(.submit, to: &shop, by: Fixtures.merchant)
        #expect(throws: DomainError.self) { try Fixtures.apply(.reject(reasons: ["  "]), to: &shop, by: Fixtures.reviewer) }
        try Fixtures.apply(.reject(reasons: ["营业执照模糊 / licence unreadable"]), to: &shop, by: Fixtures.reviewer)
        #expect(shop.status == .rejected)
        #expect(shop.rejectionReasons == ["营业执照模糊 / licence unreadable"])
        try Fixtures.apply(.updateApplication(Fixtures.ordinary("小王女装店")), to: &shop, by: Fixtures.merchant)
        try Fixtures.apply(.submit, to: &shop, by: Fixtures.merchant)
        #expect(shop.status == .underReview)
        #expect(shop.rejectionReasons.isEmpty)
    }

    @Test func submitRunsEveryRule() throws {
        var shop = try Fixtures.drafted(Fixtures.ordinary("小王旗舰店"))
        #expect(
            throws: DomainError.invalid([
                FieldViolation(
                    field: "shopName", rule: "banned-word", message: "普通店名称不得含「旗舰」，可命名为“XX服装店”或“XX店” / an ordinary shop's name may not contain '旗舰'")
            ])
        ) {
            try Fixtures.apply(.submit, to: &shop, by: Fixtures.merchant)
        }
        #expect(shop.status == .applying)
    }

    @Test(arguments: [
        (ShopCommand.submit, ShopStatus.open), (.approve(note: nil), .open), (.signContract(contractVersion: "1"), .open),
        (.submit, .awaitingDeposit), (.rename(to: "新名字店"), .underReview), (.liftSuspension(automatic: false), .open),
    ])
    func illegalTransitionsChangeNothing(_ command: ShopCommand, _ status: ShopStatus) throws {
        let shop = try shopIn(status)
        #expect(throws: DomainError.illegalTransition(command: command.name, status: status)) {
            _ = try shop.decide(command, in: Fixtures.context(command.isStaffCommand ? Fixtures.reviewer : Fixtures.merchant))
        }
    }

    @Test("a subject expelled while its other application waited cannot be approved")
    func approvalChecksStanding() throws {
        var shop = try Fixtures.drafted()
        try Fixtures.apply(.submit, to: &shop, by: Fixtures.merchant)
        #expect(throws: DomainError.subjectBarred(subjectKey: shop.subjectKey, since: Fixtures.start)) {
            try shop.decide(.approve(note: nil), in: Fixtures.context(Fixtures.reviewer, standing: .barred(since: Fixtures.start)))
        }
    }

    @Test func rolesAreEnforced() throws {
        var shop = try Fixtures.drafted()
        try Fixtures.apply(.submit, to: &shop, by: Fixtures.merchant)
        #expect(throws: DomainError.forbidden(command: "approve")) { try shop.decide(.approve(note: nil), in: Fixtures.context(Fixtures.merchant)) }
        let open = try Fixtures.open()
        #expect(throws: DomainError.forbidden(command: "close")) { try open.decide(.close, in: Fixtures.context(Fixtures.otherMerchant)) }
        #expect(throws: DomainError.forbidden(command: "close")) { try open.decide(.close, in: Fixtures.context(Fixtures.reviewer)) }
        #expect(throws: DomainError.forbidden(command: "liftSuspension")) {
            try open.decide(.liftSuspension(automatic: true), in: Fixtures.context(Fixtures.admin))
        }
        #expect(throws: DomainError.forbidden(command: "draft")) { try Shop.draft(Fixtures.ordinary(), in: Fixtures.context(Fixtures.reviewer)) }
    }

    @Test func aPaymentAssertsItsReferenceAsAUniqueFact() throws {
        var shop = try Fixtures.open()
        #expect(throws: DomainError.forbidden(command: "payDeposit")) {
            try shop.decide(.payDeposit(amount: .yuan(10), reference: "pay-2"), in: Fixtures.context(Fixtures.merchant))
        }
        let events = try shop.decide(.payDeposit(amount: .yuan(10), reference: "pay-2"), in: Fixtures.context(.system))
        #expect(UniqueFact.asserted(by: events, for: shop.id) == [UniqueFact(scope: "deposit-payment", key: "shop_t:pay-2")])
        #expect(throws: DomainError.self) {
            try Fixtures.apply(.payDeposit(amount: .zero, reference: "pay-2"), to: &shop, by: .system)
        }
        #expect(throws: DomainError.self) {
            try Fixtures.apply(.payDeposit(amount: Money(cents: .max), reference: "pay-3"), to: &shop, by: .system)
        }
        #expect(throws: DomainError.self) {
            try Fixtures.apply(.payDeposit(amount: .yuan(1), reference: "银行流水"), to: &shop, by: .system)
        }
        #expect(shop.deposit.balance == .yuan(2_000))
    }

    @Test("case 56: a suspension lifts by itself once its end passes, back to the status before")
    func suspensionLifts() throws {
        var shop = try Fixtures.open()
        try Fixtures.apply(.restrict(rights: [.joinCampaigns], reason: "test"), to: &shop, by: Fixtures.reviewer)
        let until = Fixtures.start.addingTimeInterval(86_400)
        try Fixtures.apply(.suspend(until: until, reason: "违规 / violation"), to: &shop, by: Fixtures.reviewer)
        #expect(shop.status == .suspended)
        let due = DueAction.scheduled(by: [.shopSuspended(ShopSuspended(until: until, reason: "x"))], for: shop.id)
        #expect(due.map(\.kind) == [.liftSuspension])
        #expect(throws: DomainError.illegalTransition(command: "liftSuspension", status: .suspended)) {
            try shop.decide(.liftSuspension(automatic: true), in: Fixtures.context(.system, at: until.addingTimeInterval(-1)))
        }
        try Fixtures.apply(.liftSuspension(automatic: true), to: &shop, by: .system, at: until)
        #expect(shop.status == .restricted)
        #expect(shop.restrictedRights == [.joinCampaigns])
        #expect(shop.suspendedUntil == nil)
    }

    @Test func aLongerSuspensionOutlivesTheEarlierJob() throws {
        var shop = try Fixtures.open()
        let first = Fixtures.start.addingTimeInterval(3_600)
        let second = Fixtures.start.addingTimeInterval(7_200)
        try Fixtures.apply(.suspend(until: first, reason: "a"), to: &shop, by: Fixtures.reviewer)
        try Fixtures.apply(.suspend(until: second, reason: "b"), to: &shop, by: Fixtures.reviewer)
        #expect(throws: DomainError.self) {
            try shop.decide(.liftSuspension(automatic: true), in: Fixtures.context(.system, at: first))
        }
        try Fixtures.apply(.liftSuspension(automatic: true), to: &shop, by: .system, at: second)
        #expect(shop.status == .open)
    }

    @Test("voluntary exit: 6 calendar months in Asia/Shanghai, then a refund after the holding period")
    func voluntaryExit() throws {
        // 2026-08-30T16:30Z is 31 August 00:30 in Shanghai: six months later is 28 February 00:30 there,
        // which is 2027-02-27T16:30Z. (Counted in UTC it would wrongly be 28 February 16:30Z.)
        let closing = try #require(ISO8601DateFormatter().date(from: "2026-08-30T16:30:00Z"))
        var shop = try Fixtures.open(at: closing)
        try Fixtures.apply(.close, to: &shop, by: Fixtures.merchant, at: closing)
        #expect(shop.status == .closed)
        #expect(shop.reopenAllowedFrom == ISO8601DateFormatter().date(from: "2027-02-27T16:30:00Z"))
        #expect(shop.nameClaim == nil)
        let refundDue = try #require(shop.refundDueAt)
        #expect(refundDue == closing.addingTimeInterval(30 * 86_400))
        #expect(throws: DomainError.self) {
            try shop.decide(.refundDeposit, in: Fixtures.context(.system, at: refundDue.addingTimeInterval(-1)))
        }
        try Fixtures.apply(.refundDeposit, to: &shop, by: .system, at: refundDue)
        #expect(shop.deposit.balance == .zero)
        #expect(shop.deposit.refunded == .yuan(2_000))
        #expect(shop.deposit.balances)
        #expect(throws: DomainError.self) { try shop.decide(.refundDeposit, in: Fixtures.context(.system, at: refundDue)) }

        let standing = SubjectStanding.of([shop], at: closing.addingTimeInterval(86_400))
        #expect(standing == .coolingDown(until: try #require(shop.reopenAllowedFrom)))
        #expect(SubjectStanding.of([shop], at: try #require(shop.reopenAllowedFrom)) == .clear)
        #expect(throws: DomainError.subjectCoolingDown(subjectKey: shop.subjectKey, until: try #require(shop.reopenAllowedFrom))) {
            try Shop.draft(Fixtures.ordinary("小王新店"), in: Fixtures.context(Fixtures.merchant, standing: standing))
        }
    }

    @Test("expulsion keeps the deposit and bars the subject for good")
    func expulsion() throws {
        var shop = try Fixtures.open()
        try Fixtures.apply(.expel(reason: "资质造假 / forged qualifications"), to: &shop, by: Fixtures.admin)
        #expect(shop.status == .expelled)
        #expect(shop.deposit.balance == .zero)
        #expect(shop.deposit.forfeited == .yuan(2_000))
        #expect(shop.deposit.balances)
        let standing = SubjectStanding.of([shop], at: Fixtures.start.addingTimeInterval(100 * 365 * 86_400))
        #expect(standing == .barred(since: Fixtures.start))
        #expect(throws: DomainError.subjectBarred(subjectKey: shop.subjectKey, since: Fixtures.start)) {
            try Shop.draft(Fixtures.ordinary("换个名字店"), in: Fixtures.context(Fixtures.merchant, standing: standing))
        }
        #expect(throws: DomainError.illegalTransition(command: "expel", status: .expelled)) {
            try shop.decide(.expel(reason: "again"), in: Fixtures.context(Fixtures.admin))
        }
    }

    @Test("renames: 3 per calendar half-year for ordinary shops, none for branded ones")
    func renameLimits() throws {
        var shop = try Fixtures.open()
        for (index, name) in ["小王一店", "小王二店", "小王三店"].enumerated() {
            try Fixtures.apply(.rename(to: name), to: &shop, by: Fixtures.merchant, at: Fixtures.start.addingTimeInterval(Double(index) * 60))
        }
        #expect(throws: DomainError.self) { try shop.decide(.rename(to: "小王四店"), in: Fixtures.context(Fixtures.merchant)) }
        // 1 July 2026 in Shanghai opens the second half-year.
        let secondHalf = try #require(ISO8601DateFormatter().date(from: "2026-06-30T16:00:00Z"))
        try Fixtures.apply(.rename(to: "小王四店"), to: &shop, by: Fixtures.merchant, at: secondHalf)
        #expect(shop.name == "小王四店")
        #expect(shop.renames.count == 4)

        let flagship = ShopApplication(
            subject: Fixtures.subject(.enterprise), shopType: .flagship, shopName: "云帆旗舰店", mainCategory: "apparel",
            brands: [BrandQualification(brand: "云帆", trademarkNumber: "34567890", holding: .owner)], channels: [.douyin])
        let branded = try Fixtures.open(flagship)
        #expect(
            throws: DomainError.invalid([
                FieldViolation(field: "name", rule: "rename-not-allowed", message: "旗舰店名称提交后不可修改 / a flagship shop cannot be renamed")
            ])
        ) {
            try branded.decide(.rename(to: "云帆服饰旗舰店"), in: Fixtures.context(Fixtures.merchant))
        }
    }

    @Test("case 50: the deposit is the highest of the shop's categories, not the sum")
    func depositIsTheHighestCategory() throws {
        var application = Fixtures.ordinary()
        application.otherCategories = ["beauty", "books"]
        let shop = try Fixtures.open(application)
        #expect(shop.deposit.required == .yuan(5_000))
        #expect(shop.deposit.basisCategory == "beauty")
        let individual = try Fixtures.open(Fixtures.ordinary("李记服装店", subject: Fixtures.subject(.individual)))
        #expect(individual.deposit.required >= .yuan(2_000))
        let enterprise = try Fixtures.open(Fixtures.ordinary("宝锐服装店", subject: Fixtures.subject(.enterprise)))
        #expect(enterprise.deposit.required >= .yuan(4_000))
    }

    @Test func foldingTheEventsGivesTheSameShop() throws {
        var shop = try Fixtures.drafted()
        var history: [(event: ShopEvent, at: Date)] = [
            (.applicationDrafted(ApplicationDrafted(owner: Fixtures.merchant.id, application: Fixtures.ordinary())), Fixtures.start)
        ]
        let steps: [(ShopCommand, Actor)] = [
            (.submit, Fixtures.merchant), (.approve(note: nil), Fixtures.reviewer),
            (.signContract(contractVersion: "1"), Fixtures.merchant), (.payDeposit(amount: .yuan(2_000), reference: "p"), .system),
            (.suspend(until: Fixtures.start.addingTimeInterval(999), reason: "r"), Fixtures.reviewer), (.expel(reason: "r"), Fixtures.admin),
        ]
        for (offset, (command, actor)) in steps.enumerated() {
            let now = Fixtures.start.addingTimeInterval(Double(offset))
            for event in try shop.decide(command, in: Fixtures.context(actor, at: now)) {
                shop.evolve(event, at: now)
                history.append((event, now))
            }
        }
        #expect(Shop.fold(id: shop.id, history) == shop)
    }

    // MARK: - Helpers

    func shopIn(_ status: ShopStatus) throws -> Shop {
        var shop = try Fixtures.drafted()
        if status == .applying { return shop }
        try Fixtures.apply(.submit, to: &shop, by: Fixtures.merchant)
        if status == .underReview { return shop }
        try Fixtures.apply(.approve(note: nil), to: &shop, by: Fixtures.reviewer)
        try Fixtures.apply(.signContract(contractVersion: "1"), to: &shop, by: Fixtures.merchant)
        if status == .awaitingDeposit { return shop }
        try Fixtures.apply(.payDeposit(amount: shop.deposit.required, reference: "p"), to: &shop, by: .system)
        return shop
    }
}

extension ShopCommand {
    var isStaffCommand: Bool {
        switch self {
        case .approve, .reject, .restrict, .liftRestriction, .suspend, .liftSuspension, .expel: true
        default: false
        }
    }
}
