import Testing
import WardenScreening

/// The listing-level checks: 三无 product facts and goods listed in the wrong category.
@Suite struct ListingChecksTests {
    static let screener = Result { Screener(dictionary: try ScreeningDictionary.bundled(), tables: try CharacterTables.bundled()) }

    static let complete = [
        "productName": "纯棉短袖T恤", "manufacturerName": "杭州某某服饰有限公司", "manufacturerAddress": "浙江省杭州市西湖区文三路100号",
    ]

    @Test func completeProductFactsPass() {
        #expect(ProductFacts.findings(Self.complete).isEmpty)
    }

    @Test(arguments: [
        ("productName", "", "missing"), ("manufacturerName", "无", "placeholder"), ("manufacturerName", "见详情", "placeholder"),
        ("manufacturerAddress", "中国", "implausible"), ("manufacturerAddress", "浙江省杭州市", "implausible"),
    ])
    func aMissingOrImplausibleFactIsAThreeNoFinding(_ field: String, _ value: String, _ technique: String) {
        var attributes = Self.complete
        attributes[field] = value
        let findings = ProductFacts.findings(attributes)
        #expect(findings.map(\.term) == [field])
        #expect(findings.first?.technique == technique)
        #expect(findings.first?.violation == "three-no-product")
        #expect(findings.first?.decision == .review)
    }

    @Test func goodsListedOutsideTheirCategoryAreMisplaced() throws {
        let screener = try Self.screener.get()
        let result = screener.screen(listing: ScreenedListing(title: "准新车 二手 车 转让 低价", category: "apparel"))
        let finding = try #require(result.findings.first { $0.violation == "wrong-category" })
        #expect(finding.belongsIn == "used-cars")
        #expect(finding.field == "title")
        #expect(result.decision == .reject)
        let inPlace = screener.screen(listing: ScreenedListing(title: "准新车 二手车 转让", category: "used-cars"))
        #expect(inPlace.findings.allSatisfy { $0.violation != "wrong-category" })
    }

    @Test func aListingCombinesEveryCheck() throws {
        let screener = try Self.screener.get()
        var attributes = Self.complete
        attributes["manufacturerAddress"] = "无"
        let result = screener.screen(
            listing: ScreenedListing(title: "高仿运动鞋", description: "送 话费充值 卡", category: "shoes-bags", attributes: attributes))
        #expect(Set(result.findings.map(\.violation)) == ["counterfeit", "wrong-category", "three-no-product"])
        #expect(result.decision == .reject)
    }
}
