import Foundation

/// Everything that happens to a listing, as recorded in its stream.
public enum ListingEvent: Hashable, Sendable {
    /// A merchant listed a product in a shop: revision 1.
    case listingCreated(ListingCreated)
    /// A merchant changed the listing: the next revision, screened again.
    case listingRevised(ListingContent)
    case listingScreened(ListingScreened)
    case listingReviewed(ListingReviewed)
}

/// The first revision of a listing and where it is sold.
public struct ListingCreated: Hashable, Sendable, Codable {
    public var shop: ShopID
    public var owner: PrincipalID
    public var content: ListingContent

    public init(shop: ShopID, owner: PrincipalID, content: ListingContent) {
        self.shop = shop
        self.owner = owner
        self.content = content
    }
}

extension ListingEvent: Codable {
    enum CodingKeys: String, CodingKey {
        case type, data
    }

    /// The event's stable type name, as stored in the log.
    public var typeName: String {
        switch self {
        case .listingCreated: "listingCreated"
        case .listingRevised: "listingRevised"
        case .listingScreened: "listingScreened"
        case .listingReviewed: "listingReviewed"
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "listingCreated": self = .listingCreated(try container.decode(ListingCreated.self, forKey: .data))
        case "listingRevised": self = .listingRevised(try container.decode(ListingContent.self, forKey: .data))
        case "listingScreened": self = .listingScreened(try container.decode(ListingScreened.self, forKey: .data))
        case "listingReviewed": self = .listingReviewed(try container.decode(ListingReviewed.self, forKey: .data))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown listing event type '\(type)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(typeName, forKey: .type)
        switch self {
        case .listingCreated(let created): try container.encode(created, forKey: .data)
        case .listingRevised(let content): try container.encode(content, forKey: .data)
        case .listingScreened(let screened): try container.encode(screened, forKey: .data)
        case .listingReviewed(let reviewed): try container.encode(reviewed, forKey: .data)
        }
    }
}
