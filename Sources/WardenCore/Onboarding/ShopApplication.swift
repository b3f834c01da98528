import Foundation

/// The subject's particulars (主体信息) as the merchant enters them.
public struct SubjectInfo: Hashable, Sendable, Codable {
    public var type: SubjectType
    /// The person's or the business's registered name.
    public var name: String
    /// A resident ID number for an individual, a unified social credit code otherwise.
    public var idNumber: String
    /// The enterprise trade name (企业商号) that 专营店 and 专卖店 names must carry.
    public var tradeName: String?
    /// The legal representative (法定代表人) or, for an individual, the person.
    public var legalRepresentative: String
    /// The legal representative's resident ID number.
    public var legalRepresentativeID: String?
    public var phone: String
    public var address: String
    /// The settlement bank account (结算账户).
    public var bankAccount: String

    public init(
        type: SubjectType, name: String, idNumber: String, tradeName: String? = nil,
        legalRepresentative: String, legalRepresentativeID: String? = nil, phone: String,
        address: String, bankAccount: String
    ) {
        self.type = type
        self.name = name
        self.idNumber = idNumber
        self.tradeName = tradeName
        self.legalRepresentative = legalRepresentative
        self.legalRepresentativeID = legalRepresentativeID
        self.phone = phone
        self.address = address
        self.bankAccount = bankAccount
    }

    /// The key that identifies the subject across shops: its ID number or credit code in
    /// compatibility form (full-width digits folded), upper-cased, without spaces.
    public var subjectKey: String {
        idNumber.comparisonKey(uppercased: true)
    }
}

/// How the subject holds a brand (品牌资质).
public enum BrandHolding: String, Hashable, Sendable, Codable, CaseIterable {
    /// The subject is the registered trademark owner (商标注册证).
    case owner
    /// The subject holds an exclusive licence (独占授权) from the owner.
    case exclusiveLicense
    /// The subject holds an ordinary authorisation (授权书) to sell the brand.
    case authorization
}

/// One brand the shop may carry, with the paper that proves it.
public struct BrandQualification: Hashable, Sendable, Codable {
    public var brand: String
    /// The trademark registration number (商标注册号).
    public var trademarkNumber: String
    public var holding: BrandHolding
    /// Who granted the licence or authorisation, when the subject is not the owner.
    public var grantor: String?

    public init(brand: String, trademarkNumber: String, holding: BrandHolding, grantor: String? = nil) {
        self.brand = brand
        self.trademarkNumber = trademarkNumber
        self.holding = holding
        self.grantor = grantor
    }
}

/// Everything a merchant submits to open a shop (入驻申请).
public struct ShopApplication: Hashable, Sendable, Codable {
    public var subject: SubjectInfo
    public var shopType: ShopType
    public var shopName: String
    /// The main category code (主营类目) that sets the deposit.
    public var mainCategory: String
    /// Further category codes the shop will list in; the deposit is the highest over all.
    public var otherCategories: [String]
    public var brands: [BrandQualification]
    public var channels: [Channel]

    public init(
        subject: SubjectInfo, shopType: ShopType, shopName: String, mainCategory: String,
        otherCategories: [String] = [], brands: [BrandQualification] = [], channels: [Channel]
    ) {
        self.subject = subject
        self.shopType = shopType
        self.shopName = shopName
        self.mainCategory = mainCategory
        self.otherCategories = otherCategories
        self.brands = brands
        self.channels = channels
    }

    enum CodingKeys: String, CodingKey {
        case subject, shopType, shopName, mainCategory, otherCategories, brands, channels
    }

    /// Decodes an application; `otherCategories` and `brands` may be left out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        subject = try container.decode(SubjectInfo.self, forKey: .subject)
        shopType = try container.decode(ShopType.self, forKey: .shopType)
        shopName = try container.decode(String.self, forKey: .shopName)
        mainCategory = try container.decode(String.self, forKey: .mainCategory)
        otherCategories = try container.decodeIfPresent([String].self, forKey: .otherCategories) ?? []
        brands = try container.decodeIfPresent([BrandQualification].self, forKey: .brands) ?? []
        channels = try container.decode([Channel].self, forKey: .channels)
    }

    /// The main category followed by the others, without repeats.
    public var allCategories: [String] {
        var seen: Set<String> = []
        return ([mainCategory] + otherCategories).filter { seen.insert($0).inserted }
    }
}
