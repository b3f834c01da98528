public import Foundation

/// Calendar arithmetic in China Standard Time, where Warden's calendar rules live.
///
/// Instants are stored in UTC; "6 months", half-years and point years are counted on the
/// Asia/Shanghai calendar. China has kept UTC+8 without daylight saving since 1991, so a fixed
/// offset is exact for every date Warden handles and needs no time-zone database.
public enum ShanghaiCalendar {
    /// China Standard Time, UTC+08:00.
    public static let timeZone = TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt

    /// A Gregorian calendar set to ``timeZone``.
    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }()

    /// The instant `months` calendar months after `date`, clamped to the month's last day
    /// (31 August + 6 months = 28 or 29 February).
    public static func adding(months: Int, to date: Date) -> Date {
        calendar.date(byAdding: .month, value: months, to: date) ?? date
    }

    /// The instant `days` calendar days after `date`: exactly `days` × 24 hours, because a fixed
    /// offset has no daylight-saving days of 23 or 25 hours. Plain arithmetic, not a calendar
    /// computation: the rulebook engine adds days several times per violation.
    public static func adding(days: Int, to date: Date) -> Date {
        date.addingTimeInterval(Double(days) * 86_400)
    }

    /// The half-year `date` falls in, as `2026H1` or `2026H2`.
    public static func halfYear(of date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month], from: date)
        let year = parts.year ?? 0
        let month = parts.month ?? 1
        return "\(year)H\(month <= 6 ? 1 : 2)"
    }
}
