public import Foundation

/// How a violation-points ledger (违规积分) works: when points expire and which totals trigger
/// which sanctions. One rulebook declares one or more ledgers (Taobao keeps 一般违规 and 严重违规
/// apart; TikTok Shop and Douyin keep one).
public struct LedgerPolicy: Hashable, Sendable, Codable {
    /// The ledger's code, as violations name it: `general`, `severe`.
    public var code: String
    public var zh: String
    public var en: String
    public var expiry: PointExpiry
    /// The nodes (节点) of this ledger, each reached when the total crosses its threshold.
    public var nodes: [PointNode]
    /// When set, the nodes repeat every this many points beyond the last declared one
    /// (Taobao's 一般违规: a 12-day node at every 12 points).
    public var repeatEvery: Int?

    public init(code: String, zh: String, en: String, expiry: PointExpiry, nodes: [PointNode], repeatEvery: Int? = nil) {
        self.code = code
        self.zh = zh
        self.en = en
        self.expiry = expiry
        self.nodes = nodes
        self.repeatEvery = repeatEvery
    }

    /// The nodes whose thresholds lie in `(before, after]`: crossed by moving from one total to the other.
    public func nodesCrossed(from before: Int, to after: Int) -> [PointNode] {
        guard after > before else { return [] }
        var crossed = nodes.filter { $0.at > before && $0.at <= after }
        if let step = repeatEvery, step > 0, let last = nodes.max(by: { $0.at < $1.at }) {
            var threshold = last.at + step
            while threshold <= after {
                if threshold > before {
                    crossed.append(PointNode(at: threshold, severity: last.severity, sanctions: last.sanctions, deposit: last.deposit))
                }
                threshold += step
            }
        }
        return crossed.sorted { $0.at < $1.at }
    }
}

/// When points stop counting.
public enum PointExpiry: Hashable, Sendable, Codable {
    /// Every point is cleared at the end of the natural year (12月31日 24:00, Asia/Shanghai): Taobao.
    case calendarYear
    /// Each point expires `days` calendar days after it was issued, unless the ledger's total has
    /// reached `freezeAt`, after which nothing expires any more: TikTok Shop (90 days, 48).
    case rolling(days: Int, freezeAt: Int?)

    /// The instant a point issued at `issuedAt` stops counting.
    public func expiry(ofPointIssuedAt issuedAt: Date) -> Date {
        switch self {
        case .calendarYear:
            let calendar = ShanghaiCalendar.calendar
            let year = calendar.component(.year, from: issuedAt)
            return calendar.date(from: DateComponents(year: year + 1, month: 1, day: 1)) ?? issuedAt
        case .rolling(let days, _):
            return ShanghaiCalendar.adding(days: days, to: issuedAt)
        }
    }

    /// The total at which points stop expiring, if any.
    public var freezeAt: Int? {
        if case .rolling(_, let freezeAt) = self { return freezeAt }
        return nil
    }
}

/// A threshold of a ledger and what reaching it does.
public struct PointNode: Hashable, Sendable, Codable {
    /// The total at which the node is reached (crossing, not equality, triggers it: from below
    /// `at` to `at` or above).
    public var at: Int
    /// The node's weight when several are crossed at once or one is already running: only the
    /// heaviest executes (仅执行最重的节点处罚). Defaults to `at`.
    public var severity: Int
    public var sanctions: [SanctionSpec]
    /// Money the node takes from the deposit when it executes: JD's 违约金 on 清退.
    public var deposit: DepositDeduction?

    public init(at: Int, severity: Int? = nil, sanctions: [SanctionSpec], deposit: DepositDeduction? = nil) {
        self.at = at
        self.severity = severity ?? at
        self.sanctions = sanctions
        self.deposit = deposit
    }

    enum CodingKeys: String, CodingKey {
        case at, severity, sanctions, deposit
    }

    /// Decodes a node; `severity` defaults to the threshold.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        at = try container.decode(Int.self, forKey: .at)
        severity = try container.decodeIfPresent(Int.self, forKey: .severity) ?? at
        sanctions = try container.decode([SanctionSpec].self, forKey: .sanctions)
        deposit = try container.decodeIfPresent(DepositDeduction.self, forKey: .deposit)
    }

    /// Whether the node's penalty never ends by itself (查封账户, 清退).
    public var isPermanent: Bool { sanctions.contains { $0.isPermanent } }

    /// How many days the node's penalty runs: the longest of its timed sanctions.
    public var durationDays: Int? { sanctions.compactMap(\.days).max() }
}

/// A sanction as a rulebook declares it: a kind and, for timed ones, how many days.
public struct SanctionSpec: Hashable, Sendable, Codable {
    public var kind: SanctionKind
    /// Calendar days the sanction runs; `nil` for instant or permanent sanctions.
    public var days: Int?
    /// For `restrictRights`: which rights are removed.
    public var rights: [ShopRight]?

    public init(kind: SanctionKind, days: Int? = nil, rights: [ShopRight]? = nil) {
        self.kind = kind
        self.days = days
        self.rights = rights
    }

    /// Whether the sanction never ends by itself.
    public var isPermanent: Bool { kind == .expel || kind == .sealAccount }
}

/// The sanctions the published rulebooks name (RULES.md §2).
public enum SanctionKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// 警告 / 公示警告
    case warning
    /// 限制经营: some rights removed for a time.
    case restrictRights
    /// 商品下架: the offending goods taken down.
    case takedown
    /// 下架店铺内所有商品
    case takedownAll
    /// 搜索降权 / 店铺屏蔽
    case searchDemotion
    /// 冻结货款 / 限制提现
    case withholdPayouts
    /// 短期封禁 / 关闭店铺 (temporary): the shop suspended for `days`.
    case suspend
    /// 清退: expelled, with a permanent bar on the subject.
    case expel
    /// 查封账户: sealed for good.
    case sealAccount

    /// The name users read.
    public var chineseName: String {
        switch self {
        case .warning: "警告"
        case .restrictRights: "限制经营"
        case .takedown: "商品下架"
        case .takedownAll: "下架全部商品"
        case .searchDemotion: "搜索降权"
        case .withholdPayouts: "冻结货款"
        case .suspend: "短期封禁"
        case .expel: "清退"
        case .sealAccount: "查封账户"
        }
    }
}
