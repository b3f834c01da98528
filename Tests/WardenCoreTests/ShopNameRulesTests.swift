import Foundation
import Testing
import WardenCore

/// The naming cases of RULES.md §9 (Douyin 店铺命名规范) and the rules around them.
@Suite struct ShopNameRulesTests {
    func violations(_ application: ShopApplication) -> [FieldViolation] {
        ShopNameRules.validate(application, rules: Fixtures.rulebook.naming)
    }

    @Test("case 43: ordinary shops may not use branded words", arguments: ["小王旗舰店", "小王官方直营店", "小王加盟店", "小王专卖店", "小王专营店", "小王特许经营店"])
    func ordinaryBannedWords(_ name: String) {
        #expect(violations(Fixtures.ordinary(name)).map(\.rule) == ["banned-word"])
    }

    @Test("the allowed ordinary forms pass", arguments: ["小王服装店", "小王店", "XW潮流服饰", "小王·服饰店"])
    func ordinaryAllowed(_ name: String) {
        #expect(violations(Fixtures.ordinary(name)).isEmpty)
    }

    @Test("case 44: at most 30 characters")
    func maxLength() {
        let thirty = String(repeating: "衣", count: 29) + "店"
        #expect(violations(Fixtures.ordinary(thirty)).isEmpty)
        #expect(violations(Fixtures.ordinary("衣" + thirty)).map(\.rule) == ["max-length"])
    }

    @Test("case 44: no contact details", arguments: ["小王店13800138000", "小王店www.xw.com", "小王店加微信", "小王店vx123", "小王@店"])
    func contactDetails(_ name: String) {
        #expect(violations(Fixtures.ordinary(name)).map(\.rule).contains("contact-details"))
    }

    @Test("banned words and contacts cannot hide behind allowed symbols or full-width forms", arguments: ["小王旗·舰店", "小王官-方店"])
    func foldedBannedWords(_ name: String) {
        #expect(violations(Fixtures.ordinary(name)).map(\.rule).contains("banned-word"))
    }

    @Test("full-width contacts", arguments: ["小王１３８００１３８０００店", "ＱＱ小店", "ｗｗｗ店"])
    func foldedContacts(_ name: String) {
        #expect(violations(Fixtures.ordinary(name)).map(\.rule).contains("contact-details"))
    }

    @Test("no spaces or odd symbols", arguments: ["小王 服装店", "小王★服装店", "小王!店"])
    func oddSymbols(_ name: String) {
        #expect(violations(Fixtures.ordinary(name)).map(\.rule).contains("character"))
    }

    func specialty(_ name: String) -> ShopApplication {
        ShopApplication(
            subject: Fixtures.subject(.enterprise, trade: "宝锐"), shopType: .specialty, shopName: name, mainCategory: "digital",
            brands: [
                BrandQualification(brand: "耐克", trademarkNumber: "12345678", holding: .authorization, grantor: "耐克公司"),
                BrandQualification(brand: "星耀", trademarkNumber: "23456789", holding: .authorization, grantor: "星耀公司"),
            ], channels: [.douyin])
    }

    @Test("case 48: brand + 专营店 is refused")
    func specialtyNamedAfterBrand() {
        let rules = violations(specialty("耐克专营店")).map(\.rule)
        #expect(rules.contains("brand-in-specialty-name"))
        #expect(rules.contains("trade-name"))
    }

    @Test("a specialty shop named trade name + category passes")
    func specialtyAllowed() {
        #expect(violations(specialty("宝锐数码专营店")).isEmpty)
    }

    func flagship(_ name: String, holding: BrandHolding) -> ShopApplication {
        ShopApplication(
            subject: Fixtures.subject(.enterprise), shopType: .flagship, shopName: name, mainCategory: "apparel",
            brands: [BrandQualification(brand: "云帆", trademarkNumber: "34567890", holding: holding, grantor: holding == .owner ? nil : "云帆集团")],
            channels: [.douyin])
    }

    @Test("case 49: 官方旗舰店 only for the trademark owner")
    func officialFlagshipNeedsOwner() {
        #expect(violations(flagship("云帆官方旗舰店", holding: .exclusiveLicense)).map(\.rule) == ["official-flagship-owner"])
        #expect(violations(flagship("云帆官方旗舰店", holding: .owner)).isEmpty)
    }

    @Test("an exclusive licensee may open a plain flagship")
    func flagshipForLicensee() {
        #expect(violations(flagship("云帆服饰旗舰店", holding: .exclusiveLicense)).isEmpty)
        #expect(violations(flagship("别家服饰旗舰店", holding: .exclusiveLicense)).map(\.rule) == ["brand-prefix"])
    }

    @Test("an exclusive shop is brand + trade name + 专卖店")
    func exclusivePattern() {
        var application = specialty("耐克宝锐专卖店")
        application.shopType = .exclusive
        application.brands = [application.brands[0]]
        #expect(violations(application).isEmpty)
        application.shopName = "宝锐耐克专卖店"
        #expect(violations(application).map(\.rule) == ["brand-prefix"])
    }
}

@Suite struct ApplicationRulesTests {
    func violations(_ application: ShopApplication) -> [FieldViolation] {
        ApplicationRules.validate(application, rulebook: Fixtures.rulebook, categories: Fixtures.categories)
    }

    @Test func aCompleteApplicationPasses() {
        #expect(violations(Fixtures.ordinary()).isEmpty)
        #expect(violations(Fixtures.ordinary(subject: Fixtures.subject(.individual))).isEmpty)
    }

    @Test func everyBadFieldIsNamed() {
        var subject = Fixtures.subject()
        subject.idNumber = "92330106MA2H0XY018"
        subject.phone = "12345"
        subject.bankAccount = "abc"
        subject.address = ""
        var application = Fixtures.ordinary("小王旗舰店", category: "no-such-category", subject: subject)
        application.channels = []
        let fields = Set(violations(application).map(\.field))
        #expect(fields == ["subject.idNumber", "subject.phone", "subject.bankAccount", "subject.address", "mainCategory", "channels", "shopName"])
    }

    @Test func anIndividualIsCheckedAgainstGB11643() {
        var subject = Fixtures.subject(.individual)
        subject.idNumber = "110105194912310021"
        #expect(violations(Fixtures.ordinary(subject: subject)).map(\.rule) == ["resident-id"])
    }

    @Test func brandedTypesNeedAnEnterpriseAndPapers() {
        var application = Fixtures.ordinary("宝锐数码专营店")
        application.shopType = .specialty
        let rules = Set(violations(application).map(\.rule))
        #expect(rules.isSuperset(of: ["subject-type", "qualification", "required"]))
    }

    @Test func aFlagshipCannotRestOnAnOrdinaryAuthorisation() {
        let application = ShopApplication(
            subject: Fixtures.subject(.enterprise), shopType: .flagship, shopName: "云帆旗舰店", mainCategory: "apparel",
            brands: [BrandQualification(brand: "云帆", trademarkNumber: "34567890", holding: .authorization, grantor: "云帆集团")],
            channels: [.douyin])
        #expect(violations(application).map(\.field).contains("brands"))
    }
}
