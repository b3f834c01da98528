import Foundation
import Testing
import WardenCore

/// China time is a fixed UTC+8: adding days by arithmetic must agree with the calendar.
@Suite struct ShanghaiCalendarTests {
    @Test func addingDaysAgreesWithTheGregorianCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? ShanghaiCalendar.timeZone
        var instant = Date(timeIntervalSince1970: 1_735_660_800)  // 2025-01-01T00:00+08:00
        for step in 0..<400 {
            for days in [-30, 1, 7, 30, 90, 365] {
                #expect(ShanghaiCalendar.adding(days: days, to: instant) == calendar.date(byAdding: .day, value: days, to: instant))
            }
            instant = instant.addingTimeInterval(Double(step % 7) * 3_601 + 86_399)
        }
    }
}
