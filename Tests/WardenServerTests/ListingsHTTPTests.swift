import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WardenCore
import WardenServer

/// Listings screened on write, the review queue and the violations screening records, over
/// HTTP on both stores.
@Suite struct ListingsHTTPTests {
    struct Result: Decodable {
        struct Listing: Decodable {
            struct Screening: Decodable {
                struct Finding: Decodable {
                    var violation: String
                    var rule: String
                    var category: String
                    var term: String
                    var field: String?
                    var span: [Int]
                    var technique: String
                    var decision: String
                    var belongsIn: String?
                }
                var revision: Int
                var decision: String
                var findings: [Finding]
                var violations: [String]
            }
            var id: String
            var shopId: String
            var revision: Int
            struct Availability: Decodable {
                var onSale: Bool
                var reason: String?
                var violation: String?
            }
            var status: String
            var statusName: String
            var screening: Screening?
            var availability: Availability
        }
        var listing: Listing
        var replayed: Bool
    }

    struct Standing: Decodable {
        struct Violation: Decodable {
            var id: String
            var type: String?
            var points: Int
        }
        var violations: [Violation]
    }

    static let facts = #"{"productName":"纯棉短袖T恤","manufacturerName":"杭州某某服饰有限公司","manufacturerAddress":"浙江省杭州市余杭区文一西路100号"}"#

    static func body(_ title: String, category: String = "apparel", attributes: String = facts) -> String {
        #"{"title":"\#(title)","category":"\#(category)","priceCents":5900,"attributes":\#(attributes)}"#
    }

    @Test(arguments: StoreKind.available)
    func screeningOnWrite(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            let shop = try await client.openShop().shop.id
            let path = "/api/v1/shops/\(shop)/listings"

            // A plain listing with its facts goes live.
            let clean = try await client.call(.post, path, token: TestWorld.merchantAToken, json: Self.body("纯棉短袖T恤 男款夏季"))
            #expect(clean.status == .created, "\(clean.text)")
            let live = try clean.decode(Result.self).listing
            #expect(live.status == "live")
            #expect(live.statusName == "已上架")
            #expect(live.screening?.decision == "pass")
            #expect(live.screening?.findings.isEmpty == true)
            #expect(clean.headers[.location] == "/api/v1/listings/\(live.id)")
            #expect(live.availability.onSale)

            // A bad request changes nothing.
            let empty = try await client.call(.post, path, token: TestWorld.merchantAToken, json: Self.body("  "))
            #expect(empty.status == .unprocessableContent)
            #expect(empty.problem?.errors?.first?.field == "title")
            let price = try await client.call(
                .post, path, token: TestWorld.merchantAToken, json: #"{"title":"短袖","category":"apparel","priceCents":0}"#)
            #expect(price.problem?.errors?.map(\.field) == ["priceCents"])
            // Reviewers and other merchants do not list in this shop.
            #expect(try await client.call(.post, path, token: TestWorld.reviewerToken, json: Self.body("短袖")).status == .forbidden)
            #expect(try await client.call(.post, path, token: TestWorld.merchantBToken, json: Self.body("短袖")).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/listings/\(live.id)", token: TestWorld.merchantBToken).status == .notFound)

            // A prohibited term written plainly: refused, and the violation recorded under the rulebook.
            let gun = try await client.call(
                .post, path, token: TestWorld.merchantAToken, json: Self.body("金属仿真枪 合金模型"), idempotencyKey: "gun-1")
            #expect(gun.status == .created, "\(gun.text)")
            let refused = try gun.decode(Result.self).listing
            #expect(refused.status == "rejected")
            let finding = try #require(refused.screening?.findings.first { $0.violation == "prohibited-goods" })
            #expect(finding.term == "仿真枪")
            #expect(finding.span == [2, 5])
            #expect(finding.field == "title")
            #expect(finding.technique == "exact")
            #expect(finding.rule.hasPrefix("prohibited-goods@"))
            #expect(refused.screening?.violations == ["\(refused.id)-r1-prohibited-goods"])
            var standing = try await client.call(.get, "/api/v1/shops/\(shop)/standing", token: TestWorld.merchantAToken).decode(Standing.self)
            #expect(standing.violations.map(\.id) == ["\(refused.id)-r1-prohibited-goods"])
            #expect(standing.violations.first?.points == 12)

            // The same request again: the same listing, nothing recorded twice.
            let again = try await client.call(
                .post, path, token: TestWorld.merchantAToken, json: Self.body("金属仿真枪 合金模型"), idempotencyKey: "gun-1")
            #expect(again.status == .ok)
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try again.decode(Result.self).listing.id == refused.id)
            standing = try await client.call(.get, "/api/v1/shops/\(shop)/standing", token: TestWorld.merchantAToken).decode(Standing.self)
            #expect(standing.violations.count == 1)

            // Revised without the term: screened again and live.
            let revised = try await client.call(
                .put, "/api/v1/listings/\(refused.id)", token: TestWorld.merchantAToken, json: Self.body("合金汽车模型 1:32"))
            #expect(revised.status == .ok, "\(revised.text)")
            let fixed = try revised.decode(Result.self).listing
            #expect(fixed.revision == 2)
            #expect(fixed.status == "live")

            // Missing product facts (三无): a reviewer decides.
            let noAddress = try await client.call(
                .post, path, token: TestWorld.merchantAToken,
                json: Self.body("纯棉袜子 五双装", attributes: #"{"productName":"袜子","manufacturerName":"无"}"#))
            let held = try noAddress.decode(Result.self).listing
            #expect(held.status == "underReview")
            #expect(Set(held.screening?.findings.map(\.violation) ?? []) == ["three-no-product"])
            #expect(held.screening?.violations == [])
            // In the review queue, for staff.
            let queue = try await client.call(.get, "/api/v1/listings?status=underReview", token: TestWorld.reviewerToken)
            #expect(queue.text.contains(held.id))
            #expect(try await client.call(.get, "/api/v1/listings?status=underReview", token: TestWorld.merchantAToken).status == .forbidden)
            // Merchants do not review; reviewers approve once.
            let review = "/api/v1/listings/\(held.id)/review"
            #expect(try await client.call(.post, review, token: TestWorld.merchantAToken, json: #"{"verdict":"approve"}"#).status == .forbidden)
            let approved = try await client.call(.post, review, token: TestWorld.reviewerToken, json: #"{"verdict":"approve","note":"地址见包装"}"#)
            #expect(try approved.decode(Result.self).listing.status == "live")
            #expect(try await client.call(.post, review, token: TestWorld.reviewerToken, json: #"{"verdict":"approve"}"#).status == .conflict)

            // A counterfeit tell-tale: review, and a reviewer's rejection records 售假.
            let fake = try await client.call(.post, path, token: TestWorld.merchantAToken, json: Self.body("高仿 运动鞋 男"))
            let suspect = try fake.decode(Result.self).listing
            #expect(suspect.status == "underReview")
            let rejected = try await client.call(
                .post, "/api/v1/listings/\(suspect.id)/review", token: TestWorld.reviewerToken, json: #"{"verdict":"reject","note":"售假"}"#)
            #expect(try rejected.decode(Result.self).listing.status == "rejected")
            standing = try await client.call(.get, "/api/v1/shops/\(shop)/standing", token: TestWorld.merchantAToken).decode(Standing.self)
            #expect(standing.violations.map(\.id).contains("\(suspect.id)-review-counterfeit"))

            // The shop's listings, and a listing's audited history.
            let mine = try await client.call(.get, path, token: TestWorld.merchantAToken)
            #expect(mine.status == .ok)
            for id in [live.id, refused.id, held.id, suspect.id] { #expect(mine.text.contains(id)) }
            let history = try await client.call(.get, "/api/v1/listings/\(refused.id)/history", token: TestWorld.merchantAToken)
            #expect(history.text.contains("listingCreated") && history.text.contains("listingRevised"))
        }
    }

    @Test(arguments: StoreKind.available)
    func disguisedTermsWaitForAReviewerBeforeExpulsion(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            let shop = try await client.openShop().shop.id
            // 木仓支: 枪支 written as its parts — prohibited goods and 信息作弊.
            let created = try await client.call(
                .post, "/api/v1/shops/\(shop)/listings", token: TestWorld.merchantAToken, json: Self.body("木仓支 全新 现货"))
            let listing = try created.decode(Result.self).listing
            #expect(listing.status == "underReview", "\(created.text)")
            let findings = listing.screening?.findings ?? []
            #expect(findings.contains { $0.violation == "prohibited-goods" && $0.technique == "split" && $0.span == [0, 3] })
            #expect(findings.contains { $0.violation == "information-cheating" })
            #expect(listing.screening?.violations == [])
            var status = try await client.call(.get, "/api/v1/shops/\(shop)", token: TestWorld.merchantAToken).decode(ShopResult.Shop.self)
            #expect(status.status == "open")
            // Confirmed by a reviewer: both violations recorded, and 信息作弊 expels.
            let rejected = try await client.call(
                .post, "/api/v1/listings/\(listing.id)/review", token: TestWorld.reviewerToken, json: #"{"verdict":"reject"}"#)
            #expect(rejected.status == .ok, "\(rejected.text)")
            status = try await client.call(.get, "/api/v1/shops/\(shop)", token: TestWorld.merchantAToken).decode(ShopResult.Shop.self)
            #expect(status.status == "expelled")
            let gone = try await client.call(.get, "/api/v1/shops/\(shop)/listings", token: TestWorld.merchantAToken)
            #expect(gone.text.contains(#""onSale":false"#) && !gone.text.contains(#""onSale":true"#), "\(gone.text)")
            // An expelled shop lists nothing more.
            let after = try await client.call(
                .post, "/api/v1/shops/\(shop)/listings", token: TestWorld.merchantAToken, json: Self.body("纯棉短袖T恤"))
            #expect(after.status == .conflict)
        }
    }

    @Test(arguments: StoreKind.available)
    func brandsNeedTheShopsAuthorisation(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            let plain = try await client.openShop().shop.id
            let licensed = try await client.openShop(
                name: "小李鞋店", token: TestWorld.merchantBToken, subjectKey: "91440300MA5DC6QX1K",
                brands: [BrandQualification(brand: "NIKE", trademarkNumber: "12345678", holding: .authorization, grantor: "耐克体育（中国）有限公司")]
            ).shop.id
            let title = "NIKE 耐克 运动鞋 男"
            // Without papers for the brand: a 售假 signal, for a reviewer.
            let suspect = try await client.call(
                .post, "/api/v1/shops/\(plain)/listings", token: TestWorld.merchantAToken, json: Self.body(title))
            let held = try suspect.decode(Result.self).listing
            #expect(held.status == "underReview", "\(suspect.text)")
            #expect(held.screening?.findings.contains { $0.violation == "counterfeit" && $0.category == "brand:nike" } == true)
            // With an authorisation for Nike on the shop's application: on sale.
            let authorised = try await client.call(
                .post, "/api/v1/shops/\(licensed)/listings", token: TestWorld.merchantBToken, json: Self.body(title))
            let live = try authorised.decode(Result.self).listing
            #expect(live.status == "live", "\(authorised.text)")
            #expect(live.screening?.findings.isEmpty == true)
        }
    }

    @Test(arguments: StoreKind.available)
    func takedownsTakeListingsOffSale(_ kind: StoreKind) async throws {
        let world = try await TestWorld(kind)
        defer { world.cleanUp() }
        try await world.application.test(.live) { client in
            let shop = try await client.openShop().shop.id
            let path = "/api/v1/shops/\(shop)/listings"
            let first = try await client.call(.post, path, token: TestWorld.merchantAToken, json: Self.body("纯棉短袖T恤 男款")).decode(Result.self).listing
            let second = try await client.call(.post, path, token: TestWorld.merchantAToken, json: Self.body("纯棉长裤 休闲")).decode(Result.self).listing
            #expect(first.availability.onSale && second.availability.onSale)
            // A reviewer's violation naming the first listing as its product takes it down (商品下架).
            let takedown = try await client.call(
                .post, "/api/v1/shops/\(shop)/violations", token: TestWorld.reviewerToken,
                json: #"{"id":"q1","type":"substandard-quality","evidence":["lab-report-7"],"product":"\#(first.id)"}"#)
            #expect(takedown.status == .ok, "\(takedown.text)")
            let takenDown = try await client.call(.get, "/api/v1/listings/\(first.id)", token: TestWorld.merchantAToken).decode(Result.Listing.self)
            #expect(takenDown.status == "live")
            #expect(!takenDown.availability.onSale)
            #expect(takenDown.availability.violation == "q1")
            var other = try await client.call(.get, "/api/v1/listings/\(second.id)", token: TestWorld.merchantAToken).decode(Result.Listing.self)
            #expect(other.availability.onSale)
            // Revised after the takedown, and screened clean: on sale again.
            world.clock.advance(by: 3_600)
            let revised = try await client.call(
                .put, "/api/v1/listings/\(first.id)", token: TestWorld.merchantAToken, json: Self.body("纯棉短袖T恤 男款 新版"))
            #expect(try revised.decode(Result.self).listing.availability.onSale, "\(revised.text)")
            // A suspended shop sells nothing.
            let suspended = try await client.call(
                .post, "/api/v1/shops/\(shop)/suspend", token: TestWorld.adminToken, json: #"{"until":"2026-12-31T00:00:00Z","reason":"核查"}"#)
            #expect(suspended.status == .ok, "\(suspended.text)")
            other = try await client.call(.get, "/api/v1/listings/\(second.id)", token: TestWorld.merchantAToken).decode(Result.Listing.self)
            #expect(!other.availability.onSale)
            #expect(other.availability.reason?.contains("suspended") == true)
        }
    }
}
