import Testing
import WardenScreening

/// Brand mentions as counterfeit signals (售假): found through every normalisation, passed for an
/// authorised shop, and not found in everyday words that share a brand's name.
@Suite struct BrandMatcherTests {
    static let screener = Result {
        Screener(dictionary: try ScreeningDictionary.bundled(), tables: try CharacterTables.bundled(), brands: try BrandDictionary.bundled())
    }

    func screen(_ listing: ScreenedListing, authorised: Set<String> = []) throws -> ScreeningResult {
        try Self.screener.get().screen(listing: listing, authorisedBrands: authorised)
    }

    func brands(_ title: String, brand: String? = nil) throws -> [String] {
        try screen(ScreenedListing(title: title, brand: brand)).findings.filter { $0.violation == "counterfeit" }.map(\.category)
    }

    @Test func aBrandNamedWithoutAuthorisationGoesToReview() throws {
        let result = try screen(ScreenedListing(title: "耐克 Air 运动鞋 男款"))
        #expect(result.decision == .review)
        let finding = try #require(result.findings.first)
        #expect(finding.violation == "counterfeit")
        #expect(finding.category == "brand:nike")
        #expect(finding.term == "耐克")
        #expect(finding.span == [0, 2])
        #expect(finding.field == "title")
        #expect(finding.technique == "exact")
    }

    @Test func anAuthorisedBrandPasses() throws {
        let listing = ScreenedListing(title: "NIKE 耐克 运动鞋", description: "Nike 官方授权", brand: "Nike")
        #expect(try screen(listing, authorised: ["nike"]).decision == .pass)
        #expect(try screen(listing, authorised: ["adidas"]).findings.map(\.field) == ["title", "description", "brand"])
    }

    @Test func screeningWithoutAuthorisationsReportsEveryBrand() throws {
        let listing = ScreenedListing(title: "GUCCI 腰带")
        let screener = try Self.screener.get()
        #expect(screener.screen(listing: listing) == screener.screen(listing: listing, authorisedBrands: []))
        #expect(screener.screen(listing: listing).decision == .review)
    }

    @Test(arguments: [
        ("NIKE 运动鞋", "brand:nike", "exact"), ("Ｎｉｋｅ 运动鞋", "brand:nike", "width"), ("LOUIS VUITTON 老花", "brand:louis-vuitton", "exact"),
        ("N I K E 运动鞋", "brand:nike", "separated"), ("nai ke 运动鞋", "brand:nike", "pinyin"), ("naike 运动鞋", "brand:nike", "pinyin"),
        ("愛馬仕 絲巾", "brand:hermes", "traditional"), ("Gucci 腰带", "brand:gucci", "exact"), ("路易威登 LV 钱包", "brand:louis-vuitton", "exact"),
        ("UNIQLOT恤 纯棉", "brand:uniqlo", "exact"),
    ])
    func brandsAreFoundThroughNormalisation(_ title: String, _ category: String, _ technique: String) throws {
        let finding = try #require(try screen(ScreenedListing(title: title)).findings.first, "\(title)")
        #expect(finding.category == category, "\(title)")
        #expect(finding.technique == technique, "\(title): \(finding)")
    }

    @Test func theBrandFieldNamesABrandWhateverTheWord() throws {
        #expect(try brands("汽车脚垫 全包围", brand: "大众") == ["brand:volkswagen"])
        #expect(try brands("运动鞋", brand: "Nike") == ["brand:nike"])
    }

    @Test(arguments: [
        "新鲜 苹果 红富士 5斤", "适用苹果15 手机壳 iPhone 15 保护套", "黄小米 新小米 5斤 小米粥", "大众款 休闲裤 宽松", "贵州茅台镇 酱香酒 53度",
        "拉菲草 礼盒填充", "三星堆 文创 面具", "联想 记忆 卡片", "coaching 教练 服务", "lv2 级 护甲", "华为手机壳 Mate60 防摔", "diao yu 钓鱼竿",
    ])
    func everydayWordsAndCompatibleAccessoriesAreNotBrands(_ title: String) throws {
        #expect(try brands(title).isEmpty, "\(title)")
    }

    @Test(arguments: [("苹果手机 iPhone15 Pro 全新", "brand:apple"), ("小米 手环8 NFC", "brand:xiaomi"), ("联想 拯救者 笔记本", "brand:lenovo")])
    func everydayWordsCountWithTheirContext(_ title: String, _ category: String) throws {
        #expect(try brands(title) == [category], "\(title)")
    }
}
