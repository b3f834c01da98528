import Testing
import WardenScreening

/// The sound channel decides most titles before cutting them into tokens (``PinyinMatcher``'s
/// prefilter): every window it lets through must still be found, with letters before, after and
/// among the characters, and with Latin runs too long for its own room.
@Suite struct SoundPrefilterTests {
    static let screener = Result { Screener(dictionary: try ScreeningDictionary.bundled(), tables: try CharacterTables.bundled()) }

    @Test(arguments: [
        // Letters first, then characters.
        ("fang真枪 模型", "仿真枪", "mixed", [0, 6]),
        // A pair of characters whose window a later run completes.
        ("仿真 qiang 模型", "仿真枪", "mixed", [0, 8]),
        ("4L官方 仿真qiang", "仿真枪", "mixed", [5, 12]),
        // Initials, one run each, and initials after a stray letter beside characters.
        ("f z q 模型", "仿真枪", "initials", [0, 5]),
        ("128G长续航 fzq", "仿真枪", "initials", [8, 11]),
        ("zhc 中药", "紫河车", "initials", [0, 3]),
        ("qiang zhi 出售", "枪支", "pinyin", [0, 9]),
        // A run longer than the prefilter's room goes to the tokens whole.
        (String(repeating: "abcdefghij", count: 6) + " fang zhen qiang", "仿真枪", "pinyin", [61, 76]),
    ])
    func windowsWithLettersAreFound(_ title: String, _ term: String, _ technique: String, _ span: [Int]) throws {
        let result = try Self.screener.get().screen(title)
        #expect(result.findings.map(\.term) == [term], "\(title)")
        #expect(result.findings.first?.technique == technique)
        #expect(result.findings.first?.span == span)
    }

    @Test(arguments: ["纯棉T恤 XXL 男装", "128G长续航 65W快充", "初中生A5 大容量 笔记本", "S-XXL 宽松 修身 半身裙"])
    func strayLettersBesideCharactersPass(_ title: String) throws {
        #expect(try Self.screener.get().screen(title).decision == .pass, "\(title)")
    }

    @Test func aStrayInitialBesideATermLeavesItExact() throws {
        for title in ["枪支g", "g枪支"] {
            let findings = try Self.screener.get().screen(title).findings
            #expect(findings.map(\.technique) == ["exact"], "\(title)")
        }
    }
}
