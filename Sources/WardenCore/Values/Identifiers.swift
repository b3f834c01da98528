import Foundation

/// The identity of a shop (店铺): stable for the shop's whole life, from application to exit.
public struct ShopID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }

    /// A new random shop identity.
    public static func random() -> ShopID { ShopID(rawValue: "shop_" + randomToken(bytes: 10)) }
}

/// The identity of a principal: a merchant, a reviewer, an admin or a marketplace system.
public struct PrincipalID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }

    /// A new random principal identity.
    public static func random() -> PrincipalID { PrincipalID(rawValue: "usr_" + randomToken(bytes: 10)) }

    /// The principal that background jobs act as.
    public static let system = PrincipalID(rawValue: "system")
}

/// Lowercase base-32 text of `bytes` random bytes, for identifiers that must not collide.
public func randomToken(bytes: Int) -> String {
    let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
    var generator = SystemRandomNumberGenerator()
    var text = ""
    for _ in 0..<(bytes * 8 / 5 + 1) {
        text.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
    }
    return text
}

/// The identity of a listing (商品): one product a shop offers, through all its revisions.
public struct ListingID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }

    /// A new random listing identity.
    public static func random() -> ListingID { ListingID(rawValue: "lst_" + randomToken(bytes: 10)) }
}
