import Foundation

/// Validation of a whole onboarding application, field by field.
///
/// The same function serves the API (problem details list every field) and the CLI. It checks
/// identity numbers by their national standards, contact numbers, categories, the shop type
/// against the subject and the brand papers, and the name rules.
public enum ApplicationRules {
    /// Every rule `application` breaks; empty when it may be submitted.
    public static func validate(
        _ application: ShopApplication, rulebook: Rulebook, categories: CategoryTable
    ) -> [FieldViolation] {
        var found: [FieldViolation] = []
        func fail(_ field: String, _ rule: String, _ message: String) {
            found.append(FieldViolation(field: field, rule: rule, message: message))
        }
        let subject = application.subject

        // MARK: Subject (主体信息)
        if subject.name.trimmingCharacters(in: .whitespaces).isEmpty || subject.name.count > 100 {
            fail("subject.name", "length", "主体名称为1–100个字 / the subject name must be 1–100 characters")
        }
        if subject.type.usesCreditCode {
            if case .failure(let problem) = CreditCode.parse(subject.idNumber) {
                fail("subject.idNumber", "credit-code", "统一社会信用代码无效（GB 32100） / invalid unified social credit code: \(describe(problem))")
            }
        } else if case .failure(let problem) = ResidentIDNumber.parse(subject.idNumber) {
            fail("subject.idNumber", "resident-id", "身份证号码无效（GB 11643） / invalid resident ID number: \(describe(problem))")
        }
        if subject.legalRepresentative.trimmingCharacters(in: .whitespaces).isEmpty {
            fail("subject.legalRepresentative", "required", "请填写法定代表人 / the legal representative is required")
        }
        if let representativeID = subject.legalRepresentativeID, case .failure(let problem) = ResidentIDNumber.parse(representativeID) {
            fail("subject.legalRepresentativeID", "resident-id", "法定代表人身份证号码无效 / invalid resident ID number: \(describe(problem))")
        } else if subject.type != .individual && subject.legalRepresentativeID == nil {
            fail("subject.legalRepresentativeID", "required", "请填写法定代表人身份证号码 / the legal representative's ID number is required")
        }
        if !ContactNumbers.isMobilePhone(subject.phone) {
            fail("subject.phone", "mobile-phone", "手机号码须为11位（1[3-9]开头） / a mainland mobile number of 11 digits is required")
        }
        if subject.address.trimmingCharacters(in: .whitespaces).count < 5 {
            fail("subject.address", "address", "请填写完整地址 / a full address is required")
        }
        if !ContactNumbers.isBankAccount(subject.bankAccount) {
            fail("subject.bankAccount", "bank-account", "结算账户须为8–30位数字 / the settlement account must be 8–30 digits")
        }

        // MARK: Shop type against subject and papers
        let type = application.shopType
        if type.isBranded && subject.type != .enterprise {
            fail("shopType", "subject-type", "\(type.chineseName)仅限企业主体 / a \(type.rawValue) shop needs an enterprise subject")
        }
        if (type == .specialty || type == .exclusive) && (subject.tradeName ?? "").isEmpty {
            fail("subject.tradeName", "required", "\(type.chineseName)须填写企业商号 / the trade name is required for a \(type.rawValue) shop")
        }
        for (index, brand) in application.brands.enumerated() {
            if brand.brand.trimmingCharacters(in: .whitespaces).isEmpty {
                fail("brands[\(index)].brand", "required", "请填写品牌名 / the brand name is required")
            }
            if !isTrademarkNumber(brand.trademarkNumber) {
                fail(
                    "brands[\(index)].trademarkNumber", "trademark-number",
                    "商标注册号须为4–12位数字或字母 / a trademark registration number is 4–12 digits or letters")
            }
            if brand.holding != .owner && (brand.grantor ?? "").isEmpty {
                fail("brands[\(index)].grantor", "required", "授权品牌须填写授权方 / a licensed brand needs its grantor")
            }
        }
        let brands = application.brands
        switch type {
        case .ordinary:
            break
        case .specialty where brands.count < 2:
            fail("brands", "qualification", "专营店须经营两个及以上品牌 / a specialty shop carries two or more brands")
        case .exclusive where brands.count != 1:
            fail("brands", "qualification", "专卖店仅可经营一个授权品牌 / an exclusive shop carries exactly one brand")
        case .flagship where brands.isEmpty || brands.contains(where: { $0.holding == .authorization }):
            fail("brands", "qualification", "旗舰店须为商标权人或独占授权 / a flagship needs owned or exclusively licensed brands")
        default:
            break
        }

        // MARK: Categories and channels
        if categories.category(application.mainCategory) == nil {
            fail("mainCategory", "unknown-category", "主营类目不存在：\(application.mainCategory) / unknown category")
        }
        for (index, code) in application.otherCategories.enumerated() where categories.category(code) == nil {
            fail("otherCategories[\(index)]", "unknown-category", "类目不存在：\(code) / unknown category")
        }
        if application.channels.isEmpty {
            fail("channels", "required", "请至少选择一个展示渠道 / choose at least one display channel")
        }

        found.append(contentsOf: ShopNameRules.validate(application, rules: rulebook.naming))
        return found
    }

    /// The size limits every stored application obeys, drafts included: no field may be large
    /// enough to strain an index or a page.
    public static func sizeViolations(_ application: ShopApplication) -> [FieldViolation] {
        let subject = application.subject
        let fields: [(String, String, Int)] =
            [
                ("shopName", application.shopName, 200), ("mainCategory", application.mainCategory, 100),
                ("subject.name", subject.name, 400), ("subject.idNumber", subject.idNumber, 64),
                ("subject.tradeName", subject.tradeName ?? "", 200), ("subject.legalRepresentative", subject.legalRepresentative, 200),
                ("subject.legalRepresentativeID", subject.legalRepresentativeID ?? "", 64), ("subject.phone", subject.phone, 64),
                ("subject.address", subject.address, 1_000), ("subject.bankAccount", subject.bankAccount, 64),
            ]
            + application.otherCategories.enumerated().map { ("otherCategories[\($0.offset)]", $0.element, 100) }
            + application.brands.enumerated().flatMap { index, brand in
                [
                    ("brands[\(index)].brand", brand.brand, 200), ("brands[\(index)].trademarkNumber", brand.trademarkNumber, 64),
                    ("brands[\(index)].grantor", brand.grantor ?? "", 400),
                ]
            }
        var found = fields.filter { $0.1.utf8.count > $0.2 }.map { field, _, limit in
            FieldViolation(field: field, rule: "too-long", message: "内容过长 / at most \(limit) bytes")
        }
        if application.otherCategories.count > 50 {
            found.append(FieldViolation(field: "otherCategories", rule: "too-many", message: "类目过多 / at most 50 categories"))
        }
        if application.brands.count > 50 {
            found.append(FieldViolation(field: "brands", rule: "too-many", message: "品牌过多 / at most 50 brands"))
        }
        return found
    }

    static func isTrademarkNumber(_ text: String) -> Bool {
        (4...12).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isNumber || $0.isUppercase) }
    }

    static func describe(_ problem: CreditCode.Problem) -> String {
        switch problem {
        case .wrongLength: "must be 18 characters"
        case .invalidCharacter(let character): "'\(character)' is not allowed"
        case .checkDigitMismatch(let expected): "check character should be \(expected)"
        }
    }

    static func describe(_ problem: ResidentIDNumber.Problem) -> String {
        switch problem {
        case .wrongLength: "must be 18 characters"
        case .invalidCharacter: "only digits and a final X are allowed"
        case .invalidRegion: "the region code is not valid"
        case .invalidBirthDate: "the birth date is not a real date"
        case .checkDigitMismatch(let expected): "check character should be \(expected)"
        }
    }
}
