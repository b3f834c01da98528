import Testing
import WardenScreening

/// The bundled dictionary across RULES.md §8: every category finds its goods, benign look-alikes
/// pass, and everyday words that sound like a term are read as the words they are.
@Suite struct DictionaryTests {
    static let screener = Result { Screener(dictionary: try ScreeningDictionary.bundled(), tables: try CharacterTables.bundled()) }

    func screen(_ title: String) throws -> ScreeningResult { try Self.screener.get().screen(title) }

    @Test func everyCategoryOfTheRulesIsCovered() throws {
        let codes = Set(try ScreeningDictionary.bundled().categories.map(\.code))
        let expected: Set<String> = [
            "firearms", "controlled-knives", "restricted-weapons", "military-police", "explosives", "fireworks", "toxic-chemicals", "drugs",
            "precursors", "psychotropic-drugs", "forgery", "personal-data", "surveillance", "gambling-cheating", "traffic-evasion", "wildlife",
            "human-organs", "adult-knockout", "subversive", "circumvention", "illegal-gains", "tobacco", "counterfeit-tell-tales",
        ]
        #expect(codes == expected)
    }

    @Test(arguments: [
        ("出售 弹药 批发", "弹药", ScreeningDecision.reject), ("烟花爆竹 过年", "烟花爆竹", .reject), ("氰化钾 分析纯", "氰化钾", .reject),
        ("代开发票 全国", "代开发票", .reject), ("象牙 手串 老料", "象牙", .reject), ("翻墙 VPN 稳定", "翻墙", .reject),
        ("整条 香烟 口粮", "香烟", .review), ("冰壶 吸壶 套装", "冰壶", .reject), ("军服 全套 配发", "军服", .review),
    ])
    func termsOfTheNewCategoriesAreFound(_ title: String, _ term: String, _ decision: ScreeningDecision) throws {
        let result = try screen(title)
        #expect(result.decision == decision, "\(title): \(result.findings)")
        #expect(result.findings.contains { $0.term == term }, "\(title): \(result.findings)")
    }

    @Test(arguments: [
        "冰壶运动 儿童 桌面玩具", "可开发票 A4打印纸", "金属 香烟盒 超薄", "象牙白 衣柜", "虎皮鹦鹉 鸟粮", "鱼翅瓜 5斤", "防偷拍 检测器", "人体器官模型 教学",
        "电子鞭炮 新年装饰", "吃鸡扳机 手游", "身份证卡套 透明", "羊毛卷 烟花烫 卷发棒", "鸦片香水 女士", "防翻墙 围墙刺", "红色情侣装 卫衣",
    ])
    func benignLookAlikesPass(_ title: String) throws {
        let result = try screen(title)
        #expect(result.decision == .pass, "\(title): \(result.findings)")
    }

    @Test(arguments: [
        "大码 加绒 针织开衫", "触控 智能 吹风机", "大麻籽油 孕妇可用", "自粘 墙纸 卧室", "压片糖果 维生素C", "青灰色 瓷砖", "板正 衬衫", "小区 电子眼 夜视",
        "无谷 可水洗 猫抓板 整袋", "土鸡 鲜蛋 30枚",
    ])
    func everydayWordsThatSoundLikeTermsPass(_ title: String) throws {
        let result = try screen(title)
        #expect(result.decision == .pass, "\(title): \(result.findings)")
    }

    @Test(arguments: [
        ("假金少", "假钞", "split"), ("QIANG GUAN 配件", "枪管", "pinyin"), ("zhc 现货", "紫河车", "initials"), ("仿真抢", "仿真枪", "homophone"),
        ("银行卡 包邮", "银行卡", "exact"),
    ])
    func disguisesOfTheNewTermsAreFound(_ title: String, _ term: String, _ technique: String) throws {
        let result = try screen(title)
        #expect(result.findings.contains { $0.term == term && $0.technique == technique }, "\(title): \(result.findings)")
    }
}
