public import Foundation
import Testing
public import WardenCore
public import WardenStore

/// Builders for the values the contract suite appends: valid shops and their commits.
public enum StoreFixtures {
    /// A fixed instant the fixtures use as "now".
    public static let now = Date(millisecondsSince1970: 1_767_225_600_000)  // 2026-01-01T00:00:00Z

    /// A valid ordinary-shop application named `name` for subject `subjectKey`.
    public static func application(name: String, subjectKey: String = "92330106MA2H0XY017") -> ShopApplication {
        ShopApplication(
            subject: SubjectInfo(
                type: .individualBusiness, name: "测试个体户", idNumber: subjectKey, legalRepresentative: "王小明",
                legalRepresentativeID: "110101199003074477", phone: "13800138000", address: "浙江省杭州市西湖区文三路100号",
                bankAccount: "6222020200112233445"),
            shopType: .ordinary, shopName: name, mainCategory: "apparel", channels: [.douyin])
    }

    /// The commit that drafts a new shop.
    public static func draftCommit(
        _ id: ShopID, name: String, owner: PrincipalID = PrincipalID(rawValue: "usr_m1"), key: String? = nil,
        subjectKey: String = "92330106MA2H0XY017", at instant: Date = now
    ) throws -> ShopCommit {
        let event = ShopEvent.applicationDrafted(ApplicationDrafted(owner: owner, application: application(name: name, subjectKey: subjectKey)))
        let shop = try #require(Shop.start(id: id, with: event, at: instant))
        return ShopCommit(
            shop: id, expectedVersion: 0, events: [event], recordedAt: instant,
            metadata: EventMetadata(principal: owner, role: .merchant, idempotencyKey: key ?? "create:\(id)"),
            resulting: shop, previousNameClaim: nil, dueActions: [])
    }

    /// The commit that appends `events` to `shop` at `instant`.
    public static func commit(
        _ events: [ShopEvent], to shop: Shop, key: String, by actor: Actor = Actor(id: PrincipalID(rawValue: "usr_r1"), role: .reviewer),
        at instant: Date = now
    ) -> ShopCommit {
        var next = shop
        for event in events { next.evolve(event, at: instant) }
        return ShopCommit(
            shop: shop.id, expectedVersion: shop.version, events: events, recordedAt: instant,
            metadata: EventMetadata(principal: actor.id, role: actor.role, idempotencyKey: key, ruleVersion: "test"),
            resulting: next, previousNameClaim: shop.nameClaim, dueActions: DueAction.scheduled(by: events, for: shop.id))
    }

    /// The events that take a drafted shop to open with `deposit` paid.
    public static func openingEvents(deposit: Money = .yuan(2_000)) -> [ShopEvent] {
        [
            .applicationSubmitted,
            .applicationApproved(ApplicationApproved(requiredDeposit: deposit, depositBasis: "apparel", note: nil)),
            .contractSigned(ContractSigned(contractVersion: "1")),
            .depositPaid(DepositPaid(amount: deposit, reference: "pay-1")),
            .shopOpened(ShopOpened(channels: [.douyin])),
        ]
    }
}
