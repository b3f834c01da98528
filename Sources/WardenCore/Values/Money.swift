import Foundation

/// An amount of Chinese yuan in integer cents (分).
///
/// Money is never a floating-point number in Warden: every ledger sums exact cents, so an amount
/// can neither be lost to rounding nor counted twice. It encodes as a bare integer of cents.
public struct Money: Hashable, Comparable, Sendable, Codable {
    /// The amount in cents; negative amounts appear only in differences, never in balances.
    public var cents: Int64

    /// Creates an amount from cents.
    public init(cents: Int64) {
        self.cents = cents
    }

    /// Creates an amount from whole yuan.
    public static func yuan(_ yuan: Int64) -> Money {
        Money(cents: yuan * 100)
    }

    /// No money.
    public static let zero = Money(cents: 0)

    public init(from decoder: any Decoder) throws {
        self.cents = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(cents)
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents + rhs.cents) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents - rhs.cents) }
    public static func += (lhs: inout Money, rhs: Money) { lhs.cents += rhs.cents }
    public static func -= (lhs: inout Money, rhs: Money) { lhs.cents -= rhs.cents }
}

extension Money: CustomStringConvertible {
    /// The amount as people read it: `¥2,000.00`.
    public var description: String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let yuan = String(magnitude / 100)
        var grouped = ""
        for (offset, digit) in yuan.reversed().enumerated() {
            if offset > 0 && offset % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        let fen = magnitude % 100
        return "\(sign)¥\(String(grouped.reversed())).\(fen < 10 ? "0" : "")\(fen)"
    }
}
