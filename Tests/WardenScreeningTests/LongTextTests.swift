import Testing
import WardenScreening

/// Texts longer than a title (descriptions) are normalised outside the stack: they must come
/// out exactly as their parts do, and screen as fully as a title.
@Suite struct LongTextTests {
    static let screener = Result { Screener(dictionary: try ScreeningDictionary.bundled(), tables: try CharacterTables.bundled()) }

    @Test func aLongTextNormalisesAsItsPartsDo() throws {
        let normalizer = try Self.screener.get().normalizer
        // Width, traditional, separators, repeats and a compatibility form, forty times over:
        // well past the 64 units a title gets on the stack, with repeats and separators
        // falling across that boundary.
        let part = "仿真 槍槍 ＡＢ㎯ 纯棉"
        let partUnits = normalizer.normalize(part)
        let partLength = part.unicodeScalars.count
        let whole = normalizer.normalize(String(repeating: part, count: 40))
        #expect(whole.count == partUnits.count * 40)
        for (index, unit) in whole.enumerated() {
            let copy = index / partUnits.count
            var expected = partUnits[index % partUnits.count]
            expected.start += copy * partLength
            expected.end += copy * partLength
            // Only the very first unit of the text can lack the separator its copies carry.
            if copy > 0 && index % partUnits.count == 0 { expected.techniques.formUnion(unit.techniques.intersection(.separated)) }
            #expect(unit == expected, "unit \(index)")
        }
    }

    @Test func compatibilityFormsThatBecomeSeveralCharactersFit() throws {
        let normalizer = try Self.screener.get().normalizer
        // ㎯ (three bytes) becomes r a d s 2 (the division slash is dropped): the most units a
        // byte becomes, two hundred times over.
        let units = normalizer.normalize(String(repeating: "㎯", count: 200))
        #expect(units.count == 200 * normalizer.normalize("㎯").count)
        #expect(units.last?.end == 200)
    }

    @Test func aTermFarIntoALongDescriptionIsFound() throws {
        let screener = try Self.screener.get()
        let filler = String(repeating: "纯棉短袖 舒适透气 ", count: 12)
        let listing = ScreenedListing(title: "夏季新款", description: filler + "仿 真 槍槍")
        let result = screener.screen(listing: listing)
        let finding = try #require(result.findings.first { $0.term == "仿真枪" })
        #expect(result.decision == .reject)
        #expect(finding.field == "description")
        let start = filler.unicodeScalars.count
        #expect(finding.span == [start, start + "仿 真 槍槍".unicodeScalars.count])
        #expect(finding.techniques.contains("traditional") && finding.techniques.contains("separated"))
    }
}
