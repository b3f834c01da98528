import Foundation

/// Who stands behind a shop (主体类型).
public enum SubjectType: String, Codable, Sendable, CaseIterable {
    /// A natural person (个人), identified by a resident ID number.
    case individual
    /// A sole proprietorship (个体工商户), identified by a unified social credit code.
    case individualBusiness
    /// A company (企业), identified by a unified social credit code.
    case enterprise

    /// The name merchants read.
    public var chineseName: String {
        switch self {
        case .individual: "个人"
        case .individualBusiness: "个体工商户"
        case .enterprise: "企业"
        }
    }

    /// Whether the subject is identified by a credit code rather than a personal ID number.
    public var usesCreditCode: Bool { self != .individual }
}

/// The kind of shop (店铺类型); the branded kinds need trademark papers.
public enum ShopType: String, Codable, Sendable, CaseIterable {
    /// 普通店: any subject, no brand words in the name.
    case ordinary
    /// 专营店: several brands in one category, named 企业商号 + 类目 + 专营店.
    case specialty
    /// 专卖店: one authorised brand, named 品牌名 + 企业商号 + 专卖店.
    case exclusive
    /// 旗舰店: the brand owner or its exclusive licensee; 官方旗舰店 only for the owner.
    case flagship

    /// The name merchants read.
    public var chineseName: String {
        switch self {
        case .ordinary: "普通店"
        case .specialty: "专营店"
        case .exclusive: "专卖店"
        case .flagship: "旗舰店"
        }
    }

    /// Whether the type carries brands and so needs an enterprise subject and trademark papers.
    public var isBranded: Bool { self != .ordinary }
}

/// A display channel a shop's goods can appear on once it is open.
public enum Channel: String, Codable, Sendable, CaseIterable {
    case douyin, huoshan, xigua, toutiao

    /// The name merchants read.
    public var chineseName: String {
        switch self {
        case .douyin: "抖音"
        case .huoshan: "火山"
        case .xigua: "西瓜"
        case .toutiao: "今日头条"
        }
    }
}
