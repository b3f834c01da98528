import Foundation
import Testing
import WardenCore

/// `Shop.nameKey` and `SubjectInfo.subjectKey` skip Foundation's NFKC normaliser for strings of
/// ASCII and basic CJK ideographs, and key those byte by byte; the keys must stay what the
/// normaliser, the standard library's case mapping and `Character.isWhitespace` give.
@Suite struct CompatibilityFormTests {
    static let samples = [
        "小王服装店", "小王 服装店 ", "ABC 店", "abc", "", "９２３３０１０６ＭＡ２Ｈ０ＸＹ０１７", "Ａｐｐｌｅ旗舰店", "ｶﾀｶﾅ店", "e\u{301}店", "Cafe\u{301}",
        "\u{F900}\u{2F800}店", "①号店", "㈱小王", "店\u{3000}名", "\u{1F600}店", "ǅ", "ﬁne", "Ⅻ", "9233 0106 MA2H 0XY 017", "㐀䶵龥鿿",
        "小王\t服装\r\n店\u{0B}\u{0C}", "a\u{1C}b\u{1F}c\u{7F}", "Zz@[`{~", "店\u{85}名\u{A0}", "小王\u{200B}店", "ÄÖÜ äöü ß",
    ]

    @Test(arguments: samples) func nameKeysAreTheNormalisersKeys(_ name: String) {
        #expect(Shop.nameKey(name) == name.precomposedStringWithCompatibilityMapping.lowercased().filter { !$0.isWhitespace })
    }

    @Test(arguments: samples) func subjectKeysAreTheNormalisersKeys(_ idNumber: String) {
        let subject = SubjectInfo(
            type: .individualBusiness, name: "测试", idNumber: idNumber, legalRepresentative: "王小明", legalRepresentativeID: nil, phone: "13800138000",
            address: "杭州", bankAccount: "6222020200112233445")
        #expect(subject.subjectKey == idNumber.precomposedStringWithCompatibilityMapping.uppercased().filter { !$0.isWhitespace })
    }

    @Test func everyBasicIdeographIsItsOwnCompatibilityForm() {
        var text = ""
        for value in UInt32(0x4E00)...0x9FFF {
            if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) }
        }
        text += String((0..<128).compactMap { Unicode.Scalar(UInt8($0)) }.map(Character.init))
        #expect(text.precomposedStringWithCompatibilityMapping.unicodeScalars.elementsEqual(text.unicodeScalars))
    }
}
