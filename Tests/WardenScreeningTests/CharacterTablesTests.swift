import Testing
import WardenScreening

/// The generated character tables load and hold what screening relies on.
@Suite struct CharacterTablesTests {
    static let tables = Result { try CharacterTables.bundled() }

    @Test func theBundledTablesLoad() throws {
        let tables = try Self.tables.get()
        #expect(tables.readings.count > 6_000)
        #expect(tables.simplified.count > 2_000)
        #expect(tables.composition.count > 5_000)
    }

    @Test func readingsAreTonelessAndPolyphonesKeepEveryReading() throws {
        let tables = try Self.tables.get()
        #expect(tables.readings["弹".unicodeScalars.first!.value] == ["dan", "tan"])
        #expect(tables.readings["枪".unicodeScalars.first!.value] == ["qiang"])
        #expect(tables.phraseReadings["弹簧"] == ["tan", "huang"])
    }

    @Test func traditionalVariantsSplitsAndLookalikesMapToTheirStandardForm() throws {
        let tables = try Self.tables.get()
        func scalar(_ text: String) -> Unicode.Scalar { text.unicodeScalars.first! }
        #expect(tables.simplified[scalar("槍").value] == scalar("枪"))
        #expect(tables.composition[CharacterTables.pairKey(scalar("木"), scalar("仓"))] == scalar("枪"))
        #expect(tables.composition[CharacterTables.pairKey(scalar("火"), scalar("乍"))] == scalar("炸"))
        #expect(tables.composition[CharacterTables.pairKey(scalar("弓"), scalar("长"))] == scalar("张"))
        #expect(tables.asciiLookalike[0x043E] == "o")  // Cyrillic о
        #expect(tables.asciiLookalike[0x0399] == "l")  // Greek Ι
    }

    @Test func aMalformedRowNamesItsTableAndLine() {
        #expect(throws: CharacterTables.LoadError.self) {
            try CharacterTables(pinyin: "# header\n弹\tdan\n弹簧\n", phrases: "", t2s: "", decompose: "", radicals: "", confusables: "", similar: "")
        }
        do {
            _ = try CharacterTables(pinyin: "# header\n弹\tdan\nxx\n", phrases: "", t2s: "", decompose: "", radicals: "", confusables: "", similar: "")
        } catch {
            #expect(error.description == "pinyin.tsv:3: expected at least two tab-separated fields")
        }
    }
}
