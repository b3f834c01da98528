import Foundation
public import WardenCore
public import WardenStore

/// Seeds a small demo marketplace so that a new user's first `warden serve --demo` has
/// something to show: staff accounts, merchants, and shops in most lifecycle states.
///
/// Seeding is idempotent: fixed identities and idempotency keys make a second run a no-op.
public struct DemoMarketplace<Store: WardenStore>: Sendable {
    let shops: ShopService<Store>
    let access: AccessService<Store>

    public init(shops: ShopService<Store>) {
        self.shops = shops
        self.access = AccessService(store: shops.store, clock: shops.clock)
    }

    /// A demo account and the token to call the API with.
    public struct Account: Sendable {
        public var role: Role
        public var name: String
        public var id: PrincipalID
        public var token: String
    }

    static var accounts: [(Role, String, String)] { DemoData.accounts }
}

extension DemoData {
    static let accounts: [(Role, String, String)] = [
        (.admin, "规则运营 Admin", "admin"),
        (.reviewer, "审核员 Reviewer", "reviewer"),
        (.system, "交易系统 Marketplace", "system"),
        (.merchant, "小王服饰 Merchant Wang", "merchant-wang"),
        (.merchant, "宝锐数码 Merchant Baorui", "merchant-baorui"),
        (.merchant, "李记食品 Merchant Li", "merchant-li"),
    ]
}

extension DemoMarketplace {

    /// Seeds the accounts and shops; returns the accounts with their tokens.
    public func seed() async throws(ServiceError) -> [Account] {
        var created: [Account] = []
        for (role, name, handle) in Self.accounts {
            let id = PrincipalID(rawValue: "usr_demo_\(handle)")
            let token = "wdn_demo_\(handle)"
            let existing: Principal?
            do { existing = try await shops.store.principal(id) } catch { throw .store(error) }
            if existing == nil {
                _ = try await access.createAccount(role: role, name: name, by: .system, id: id, token: token)
            }
            created.append(Account(role: role, name: name, id: id, token: token))
        }
        let reviewer = Actor(id: PrincipalID(rawValue: "usr_demo_reviewer"), role: .reviewer)
        let wang = Actor(id: PrincipalID(rawValue: "usr_demo_merchant-wang"), role: .merchant)
        let baorui = Actor(id: PrincipalID(rawValue: "usr_demo_merchant-baorui"), role: .merchant)
        let li = Actor(id: PrincipalID(rawValue: "usr_demo_merchant-li"), role: .merchant)

        // An open ordinary apparel shop.
        let open = try await onboard(DemoData.wangApparel, merchant: wang, reviewer: reviewer, key: "demo-wang-apparel", steps: .open)
        // A specialty electronics shop waiting for review.
        _ = try await onboard(DemoData.baoruiSpecialty, merchant: baorui, reviewer: reviewer, key: "demo-baorui", steps: .submitted)
        // A food shop that was approved and awaits its deposit.
        _ = try await onboard(DemoData.liFood, merchant: li, reviewer: reviewer, key: "demo-li-food", steps: .contractSigned)
        // A second shop of Wang's, suspended for three days.
        let suspended = try await onboard(DemoData.wangShoes, merchant: wang, reviewer: reviewer, key: "demo-wang-shoes", steps: .open)
        _ = try await shops.execute(
            .suspend(until: shops.clock.now.addingTimeInterval(3 * 86_400), reason: "演示：短期封禁 / demo suspension"),
            on: suspended, by: reviewer, idempotencyKey: "demo-suspend")
        _ = try await shops.execute(
            .restrict(rights: [.joinCampaigns], reason: "演示：限制参加活动 / demo restriction"), on: open, by: reviewer,
            idempotencyKey: "demo-restrict")
        return created
    }

    enum Steps: Int {
        case submitted, contractSigned, open
    }

    private func onboard(
        _ application: ShopApplication, merchant: Actor, reviewer: Actor, key: String, steps: Steps
    ) async throws(ServiceError) -> ShopID {
        let shop = try await shops.draft(application, by: merchant, idempotencyKey: key).shop
        _ = try await shops.execute(.submit, on: shop.id, by: merchant, idempotencyKey: "\(key)-submit")
        guard steps.rawValue >= Steps.contractSigned.rawValue else { return shop.id }
        _ = try await shops.execute(.approve(note: "资料齐全 / complete"), on: shop.id, by: reviewer, idempotencyKey: "\(key)-approve")
        let signed = try await shops.execute(.signContract(contractVersion: "2026.1"), on: shop.id, by: merchant, idempotencyKey: "\(key)-sign")
        guard steps == .open else { return shop.id }
        _ = try await shops.execute(
            .payDeposit(amount: signed.shop.deposit.required, reference: "\(key)-pay"), on: shop.id, by: .system,
            idempotencyKey: "\(key)-pay")
        return shop.id
    }
}

/// Valid demo applications: real check digits, fictional people and companies.
public enum DemoData {
    static func subject(_ type: SubjectType, name: String, id: String, trade: String? = nil) -> SubjectInfo {
        SubjectInfo(
            type: type, name: name, idNumber: id, tradeName: trade, legalRepresentative: "王小明",
            legalRepresentativeID: type == .individual ? nil : "110101199003074477", phone: "13800138000",
            address: "浙江省杭州市西湖区文三路100号", bankAccount: "6222020200112233445")
    }

    public static let wangApparel = ShopApplication(
        subject: subject(.individualBusiness, name: "杭州小王服饰店", id: "92330106MA2H0XY017"), shopType: .ordinary,
        shopName: "小王服装店", mainCategory: "apparel", channels: [.douyin, .toutiao])

    public static let wangShoes = ShopApplication(
        subject: subject(.individualBusiness, name: "杭州小王服饰店", id: "92330106MA2H0XY017"), shopType: .ordinary,
        shopName: "小王鞋包店", mainCategory: "shoes-bags", channels: [.douyin])

    public static let baoruiSpecialty = ShopApplication(
        subject: subject(.enterprise, name: "深圳宝锐科技有限公司", id: "91440300MA5DC6QX1K", trade: "宝锐"), shopType: .specialty,
        shopName: "宝锐数码专营店", mainCategory: "digital",
        brands: [
            BrandQualification(brand: "星耀", trademarkNumber: "12345678", holding: .authorization, grantor: "星耀电子有限公司"),
            BrandQualification(brand: "云帆", trademarkNumber: "23456789", holding: .authorization, grantor: "云帆科技有限公司"),
        ], channels: [.douyin, .xigua])

    public static let liFood = ShopApplication(
        subject: subject(.individual, name: "李四", id: "11010519491231002X"), shopType: .ordinary, shopName: "李记食品店",
        mainCategory: "food", channels: [.douyin, .huoshan])
}
