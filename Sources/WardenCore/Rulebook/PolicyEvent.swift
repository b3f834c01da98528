public import Foundation

/// Something that happened to the rulebook registry: the log's record of every rulebook version.
///
/// Versions are kept for good. A live version governs violations from its effective-from instant
/// until the next live version's; a shadow version governs nothing but sees every new violation
/// and records what it would have done, until it is promoted or retired.
public enum PolicyEvent: Hashable, Sendable {
    case published(RulebookPublished)
    case promoted(RulebookPromoted)
    case retired(RulebookRetired)
}

/// A rulebook version was stored, live or in shadow.
public struct RulebookPublished: Hashable, Sendable, Codable {
    public var version: String
    /// When it governs from; for a shadow, the instant it starts watching.
    public var effectiveFrom: Date
    /// Whether it runs in shadow instead of live.
    public var shadow: Bool
    /// The rulebook file exactly as submitted, so that the version can be read and re-parsed.
    public var text: String

    public init(version: String, effectiveFrom: Date, shadow: Bool, text: String) {
        self.version = version
        self.effectiveFrom = effectiveFrom
        self.shadow = shadow
        self.text = text
    }
}

/// A shadow version went live.
public struct RulebookPromoted: Hashable, Sendable, Codable {
    public var version: String
    /// When it governs from: the promotion instant or later.
    public var effectiveFrom: Date

    public init(version: String, effectiveFrom: Date) {
        self.version = version
        self.effectiveFrom = effectiveFrom
    }
}

/// A shadow version stopped watching without going live.
public struct RulebookRetired: Hashable, Sendable, Codable {
    public var version: String

    public init(version: String) {
        self.version = version
    }
}

extension PolicyEvent: Codable {
    enum CodingKeys: String, CodingKey {
        case type, data
    }

    /// The event's stable type name, as stored in the log.
    public var typeName: String {
        switch self {
        case .published: "rulebookPublished"
        case .promoted: "rulebookPromoted"
        case .retired: "rulebookRetired"
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "rulebookPublished": self = .published(try container.decode(RulebookPublished.self, forKey: .data))
        case "rulebookPromoted": self = .promoted(try container.decode(RulebookPromoted.self, forKey: .data))
        case "rulebookRetired": self = .retired(try container.decode(RulebookRetired.self, forKey: .data))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown policy event type '\(other)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(typeName, forKey: .type)
        switch self {
        case .published(let data): try container.encode(data, forKey: .data)
        case .promoted(let data): try container.encode(data, forKey: .data)
        case .retired(let data): try container.encode(data, forKey: .data)
        }
    }
}
