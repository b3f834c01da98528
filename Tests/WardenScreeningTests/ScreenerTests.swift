import Testing
import WardenScreening

/// Screening titles against the bundled dictionary: plain terms, disguised terms, and the
/// look-alikes an exception makes benign.
@Suite struct ScreenerTests {
    static let screener = Result { Screener(dictionary: try ScreeningDictionary.bundled(), tables: try CharacterTables.bundled()) }

    func screen(_ title: String) throws -> ScreeningResult { try Self.screener.get().screen(title) }

    @Test func aPlainProhibitedTermIsRejectedWithItsSpan() throws {
        let result = try screen("出售仿真枪 包邮")
        #expect(result.decision == .reject)
        let finding = try #require(result.findings.first)
        #expect(finding.term == "仿真枪")
        #expect(finding.span == [2, 5])
        #expect(finding.technique == "exact")
        #expect(finding.violation == "prohibited-goods")
        #expect(result.findings.count == 1, "枪 inside 仿真枪 is not reported again: \(result.findings)")
    }

    @Test(arguments: [
        ("仿 真 枪", "separated"), ("仿真槍", "traditional"), ("仿真木仓", "split"), ("仿真枪枪枪", "repeated"), ("仿真⭐枪", "separated"),
        ("仿\u{200B}真枪", "separated"),
    ])
    func disguisesAreExposed(_ title: String, _ technique: String) throws {
        let result = try screen(title)
        #expect(result.decision == .reject, "\(title)")
        #expect(result.findings.first { $0.term == "仿真枪" }?.techniques.contains(technique) == true, "\(title): \(result.findings)")
    }

    @Test(arguments: ["儿童水枪玩具 夏天戏水", "电动筋膜枪 肌肉放松", "热熔胶枪 手工", "枪色金属扣 皮带", "沐浴炸弹 泡澡球", "纯棉短袖T恤"])
    func benignLookAlikesPass(_ title: String) throws {
        let result = try screen(title)
        #expect(result.decision == .pass, "\(title): \(result.findings)")
    }

    @Test func counterfeitTellTalesGoToReview() throws {
        let result = try screen("高仿 原单 运动鞋")
        #expect(result.decision == .review)
        #expect(result.findings.map(\.term) == ["高仿", "原单"])
    }

    @Test func theHeaviestFindingDecides() throws {
        #expect(try screen("高仿手枪模型").decision == .reject)
    }

    @Test(arguments: [
        ("fang zhen qiang 模型", "pinyin"), ("FangZhenQiang", "pinyin"), ("仿真qiang", "mixed"), ("fzq 模型", "initials"), ("仿真抢", "homophone"),
        ("卖 bing du", "pinyin"), ("冰du", "mixed"),
    ])
    func termsWrittenBySoundAreFound(_ title: String, _ technique: String) throws {
        let result = try screen(title)
        #expect(result.decision == .reject, "\(title): \(result.findings)")
        #expect(result.findings.contains { $0.technique == technique }, "\(title): \(result.findings)")
    }

    @Test(arguments: ["抢购 限时秒杀", "强制 qiang zhi 执行", "iPhone 15 手机壳", "冰箱贴 duo 款"])
    func everydaySoundsAreNotTerms(_ title: String) throws {
        let result = try screen(title)
        #expect(
            result.findings.allSatisfy { $0.technique != "initials" && $0.technique != "homophone" } || result.decision == .pass,
            "\(title): \(result.findings)")
    }
}
