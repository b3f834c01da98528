import Foundation

/// The shop naming rules (店铺命名规范, Douyin 2022-08 revision; RULES.md §5.1).
///
/// Every number and word list comes from the rulebook's ``NamingRules``; this type holds only the
/// shape of the rules: length, characters, contact details, banned words for ordinary shops and
/// the name pattern of each branded type.
public enum ShopNameRules {
    /// The rules `application.shopName` breaks, each as a violation of the `shopName` field.
    public static func validate(_ application: ShopApplication, rules: NamingRules) -> [FieldViolation] {
        let name = application.shopName
        var found: [FieldViolation] = []
        func fail(_ rule: String, _ message: String) {
            found.append(FieldViolation(field: "shopName", rule: rule, message: message))
        }
        guard !name.isEmpty else {
            fail("required", "请填写店铺名称 / the shop name is required")
            return found
        }
        if name.count > rules.maxLength {
            fail("max-length", "店铺名称不得超过\(rules.maxLength)个字 / at most \(rules.maxLength) characters (this one has \(name.count))")
        }
        if let odd = name.first(where: { !isAllowed($0, symbols: rules.allowedSymbols) }) {
            fail("character", "店铺名称不得含空格或特殊符号「\(odd)」 / no spaces or symbols such as '\(odd)'")
        }
        if let contact = contactDetail(in: name, rules: rules) {
            fail("contact-details", "店铺名称不得含联系方式（\(contact)） / no phone, e-mail, URL or IM contact ('\(contact)')")
        }
        let brands = application.brands
        let suffixes = rules.suffixes
        let foldedName = Self.folded(name, rules: rules)
        switch application.shopType {
        case .ordinary:
            if let word = rules.ordinaryBannedWords.first(where: { foldedName.contains(Self.folded($0, rules: rules)) }) {
                fail("banned-word", "普通店名称不得含「\(word)」，可命名为“XX服装店”或“XX店” / an ordinary shop's name may not contain '\(word)'")
            }
        case .specialty:
            if !name.hasSuffix(suffixes.specialty) {
                fail("pattern", "专营店名称须为“企业商号+类目+\(suffixes.specialty)” / must end with \(suffixes.specialty)")
            }
            if let brand = brands.first(where: { !$0.brand.isEmpty && name.contains($0.brand) }) {
                fail("brand-in-specialty-name", "专营店名称不得为“品牌名+专营店”（\(brand.brand)） / a specialty shop may not be named after a brand")
            }
            if let trade = application.subject.tradeName, !trade.isEmpty, !name.contains(trade) {
                fail("trade-name", "专营店名称须含企业商号「\(trade)」 / must contain the trade name '\(trade)'")
            }
        case .exclusive:
            if !name.hasSuffix(suffixes.exclusive) {
                fail("pattern", "专卖店名称须为“品牌名+企业商号+\(suffixes.exclusive)” / must end with \(suffixes.exclusive)")
            }
            if let brand = brands.first, !name.hasPrefix(brand.brand) {
                fail("brand-prefix", "专卖店名称须以品牌名「\(brand.brand)」开头 / must start with the brand '\(brand.brand)'")
            }
            if let trade = application.subject.tradeName, !trade.isEmpty, !name.contains(trade) {
                fail("trade-name", "专卖店名称须含企业商号「\(trade)」 / must contain the trade name '\(trade)'")
            }
        case .flagship:
            guard name.hasSuffix(suffixes.flagship) else {
                fail("pattern", "旗舰店名称须为“品牌名+(类目)+\(suffixes.flagship)” / must end with \(suffixes.flagship)")
                break
            }
            let official = name.hasSuffix(suffixes.officialFlagship)
            let eligible = brands.filter { official ? $0.holding == .owner : $0.holding != .authorization }
            if !eligible.contains(where: { !$0.brand.isEmpty && name.hasPrefix($0.brand) }) {
                if official {
                    fail(
                        "official-flagship-owner",
                        "官方旗舰店仅限商标权人开设，名称须以其自有品牌开头 / only the trademark owner may open an official flagship, named after its brand")
                } else {
                    fail("brand-prefix", "旗舰店名称须以自有或独占授权品牌开头 / must start with a brand the subject owns or holds exclusively")
                }
            }
        }
        return found
    }

    /// `text` as the word checks see it: compatibility form (full-width letters and digits folded),
    /// lower case, without the allowed symbols that could be slipped between a word's characters.
    static func folded(_ text: String, rules: NamingRules) -> String {
        text.precomposedStringWithCompatibilityMapping.lowercased().filter { !rules.allowedSymbols.contains($0) && !$0.isWhitespace }
    }

    /// Letters, digits, Han characters and the rulebook's few symbols.
    static func isAllowed(_ character: Character, symbols: String) -> Bool {
        if symbols.contains(character) { return true }
        if character.isLetter || character.isNumber { return !character.isWhitespace }
        return false
    }

    /// The first piece of contact detail in `name`: a phone-length digit run, an e-mail, a URL
    /// or a contact word from the rulebook.
    static func contactDetail(in name: String, rules: NamingRules) -> String? {
        let name = folded(name, rules: rules)
        var run = ""
        for character in name {
            if character.isASCII && character.isNumber {
                run.append(character)
                if run.count >= rules.phoneDigitRun { return run }
            } else {
                run = ""
            }
        }
        let lower = name.lowercased()
        if lower.contains("@") { return "@" }
        for marker in ["http", "www", ".com", ".cn", ".net"] where lower.contains(marker) {
            return marker
        }
        return rules.contactWords.first { lower.contains($0.lowercased()) }
    }
}
