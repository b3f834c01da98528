import Foundation

/// Where a shop stands in its life (店铺状态).
public enum ShopStatus: String, Codable, Sendable, CaseIterable {
    case applying
    case underReview
    case rejected
    case awaitingContract
    case awaitingDeposit
    case open
    case restricted
    case suspended
    case closed
    case expelled

    /// The name users read.
    public var chineseName: String {
        switch self {
        case .applying: "申请中"
        case .underReview: "审核中"
        case .rejected: "已驳回"
        case .awaitingContract: "待签约"
        case .awaitingDeposit: "待缴纳保证金"
        case .open: "营业中"
        case .restricted: "限制经营"
        case .suspended: "短期封禁"
        case .closed: "已退店"
        case .expelled: "已清退"
        }
    }

    /// Whether the shop has opened and not yet left: it trades, perhaps with rights removed.
    public var isOperating: Bool { self == .open || self == .restricted || self == .suspended }

    /// Whether the shop has left for good.
    public var isFinal: Bool { self == .closed || self == .expelled }
}

/// A right a restriction can take away (限制经营).
public enum ShopRight: String, Codable, Sendable, CaseIterable {
    /// 发布商品: publishing new listings.
    case publishListings
    /// 参加活动: joining campaigns and promotions.
    case joinCampaigns
    /// 直播带货: selling in live streams.
    case liveSelling
    /// 提现: withdrawing proceeds.
    case withdrawFunds

    /// The name users read.
    public var chineseName: String {
        switch self {
        case .publishListings: "发布商品"
        case .joinCampaigns: "参加活动"
        case .liveSelling: "直播带货"
        case .withdrawFunds: "提现"
        }
    }
}
