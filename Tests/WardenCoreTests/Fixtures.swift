import Foundation
import Testing
import WardenCore

/// Shared values for the core tests.
enum Fixtures {
    static let rulebook: Rulebook = {
        do { return try Rulebook.bundledDefault() } catch { fatalError("bundled rulebook: \(error)") }
    }()
    static let categories: CategoryTable = {
        do { return try CategoryTable.bundledDefault() } catch { fatalError("bundled categories: \(error)") }
    }()

    static let merchant = Actor(id: PrincipalID(rawValue: "usr_m1"), role: .merchant)
    static let otherMerchant = Actor(id: PrincipalID(rawValue: "usr_m2"), role: .merchant)
    static let reviewer = Actor(id: PrincipalID(rawValue: "usr_r1"), role: .reviewer)
    static let admin = Actor(id: PrincipalID(rawValue: "usr_a1"), role: .admin)

    /// 2026-03-01T00:00:00Z
    static let start = Date(timeIntervalSince1970: 1_772_323_200)

    static func subject(_ type: SubjectType = .individualBusiness, trade: String? = nil) -> SubjectInfo {
        SubjectInfo(
            type: type, name: "测试主体",
            idNumber: type == .individual ? "11010519491231002X" : (type == .enterprise ? "91440300MA5DC6QX1K" : "92330106MA2H0XY017"),
            tradeName: trade, legalRepresentative: "王小明", legalRepresentativeID: type == .individual ? nil : "110101199003074477",
            phone: "13800138000", address: "浙江省杭州市西湖区文三路100号", bankAccount: "6222020200112233445")
    }

    static func ordinary(_ name: String = "小王服装店", category: String = "apparel", subject: SubjectInfo = subject()) -> ShopApplication {
        ShopApplication(subject: subject, shopType: .ordinary, shopName: name, mainCategory: category, channels: [.douyin])
    }

    static func context(_ actor: Actor, at now: Date = start, standing: SubjectStanding = .clear) -> ShopDecisionContext {
        ShopDecisionContext(now: now, actor: actor, rulebook: rulebook, categories: categories, subjectStanding: standing)
    }

    /// Applies `command` and folds its events, failing the test on refusal.
    static func apply(_ command: ShopCommand, to shop: inout Shop, by actor: Actor, at now: Date = start) throws {
        let events = try shop.decide(command, in: context(actor, at: now))
        for event in events { shop.evolve(event, at: now) }
    }

    /// A drafted shop for `application`.
    static func drafted(_ application: ShopApplication = ordinary(), at now: Date = start) throws -> Shop {
        let event = try Shop.draft(application, in: context(merchant, at: now))
        return try #require(Shop.start(id: ShopID(rawValue: "shop_t"), with: event, at: now))
    }

    /// An open shop with its full deposit paid.
    static func open(_ application: ShopApplication = ordinary(), at now: Date = start) throws -> Shop {
        var shop = try drafted(application, at: now)
        try apply(.submit, to: &shop, by: merchant, at: now)
        try apply(.approve(note: nil), to: &shop, by: reviewer, at: now)
        try apply(.signContract(contractVersion: "2026.1"), to: &shop, by: merchant, at: now)
        try apply(.payDeposit(amount: shop.deposit.required, reference: "pay-1"), to: &shop, by: .system, at: now)
        return shop
    }
}
