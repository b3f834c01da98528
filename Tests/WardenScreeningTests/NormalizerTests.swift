import Testing
import WardenScreening

/// Normalisation undoes each disguise and keeps the span of the original it came from.
@Suite struct NormalizerTests {
    static let normalizer = Result { Normalizer(tables: try CharacterTables.bundled()) }

    func text(_ units: [NormalizedUnit]) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: units.map(\.scalar))
        return text
    }

    @Test func widthCaseSeparatorsAndInvisiblesAreFolded() throws {
        let normalizer = try Self.normalizer.get()
        let units = normalizer.normalize("Ｇucci 包\u{200B}包!!")
        #expect(text(units) == "guci包")
        #expect(units.first?.techniques.contains(.width) == true)
        #expect(units.last?.techniques.contains(.repeated) == true)
        // 包, the zero-width space and the second 包: the unit spans the original offsets 6..<9.
        #expect(units.last?.start == 6)
        #expect(units.last?.end == 9)
    }

    @Test func traditionalVariantsAndLookalikesBecomeTheirStandardForm() throws {
        let normalizer = try Self.normalizer.get()
        let units = normalizer.normalize("仿真槍 Ⅴх")
        #expect(text(units) == "仿真枪vx" || text(units) == "仿真枪\u{2164}x")
        #expect(units[2].techniques.contains(.traditional))
    }

    @Test func digitsDoNotCollapse() throws {
        let normalizer = try Self.normalizer.get()
        #expect(text(normalizer.normalize("1:1 高仿")) == "11高仿")
    }

    @Test func sideBySideComponentsComposeInTheSecondReading() throws {
        let normalizer = try Self.normalizer.get()
        let units = normalizer.normalize("出售 木仓 配件")
        let composed = try #require(normalizer.composed(units))
        #expect(text(composed) == "出售枪配件")
        let gun = try #require(composed.first { $0.scalar == "枪" })
        #expect(gun.start == 3 && gun.end == 5)
        #expect(gun.techniques.contains(.split))
        #expect(normalizer.composed(normalizer.normalize("纯棉短袖")) == nil)
    }
}
