import Foundation

/// What a merchant writes about a product: one revision of a listing.
///
/// Screening reads all of it: the title and description for prohibited terms and disguises, the
/// category for 错放类目, the brand against the shop's authorisations, and the attributes for the
/// product facts the law requires (三无).
public struct ListingContent: Hashable, Sendable, Codable {
    public var title: String
    public var description: String?
    /// The category code the merchant lists it under (`apparel`, `used-cars`, …).
    public var category: String
    public var brand: String?
    /// Product facts: `productName`, `manufacturerName`, `manufacturerAddress`,
    /// `productionLicence` and any others the category asks for.
    public var attributes: [String: String]
    public var priceCents: Int64
    /// References to the listing's images in the marketplace's media store.
    public var images: [String]

    public init(
        title: String, description: String? = nil, category: String, brand: String? = nil, attributes: [String: String] = [:],
        priceCents: Int64, images: [String] = []
    ) {
        self.title = title
        self.description = description
        self.category = category
        self.brand = brand
        self.attributes = attributes
        self.priceCents = priceCents
        self.images = images
    }

    /// The most characters a title may have. Douyin Shop's product title field takes 30 Chinese
    /// characters (60 half-width); chosen, not published as a rule (decision 0025).
    public static let maximumTitleLength = 60
    public static let maximumDescriptionLength = 5_000
    public static let maximumImages = 20
    public static let maximumAttributes = 50
    /// ¥100,000,000.00: anything above is a typo.
    public static let maximumPriceCents: Int64 = 10_000_000_000

    /// The rules this content breaks as a request, each with its field; empty when it is well formed.
    ///
    /// This checks shape only. Whether the goods may be sold is screening's question.
    public func violations() -> [FieldViolation] {
        var found: [FieldViolation] = []
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty {
            found.append(FieldViolation(field: "title", rule: "required", message: "商品标题不能为空 / The title is required"))
        } else if title.count > Self.maximumTitleLength {
            found.append(
                FieldViolation(
                    field: "title", rule: "too-long",
                    message: "商品标题最多 \(Self.maximumTitleLength) 个字符 / The title has at most \(Self.maximumTitleLength) characters"))
        }
        if let description, description.count > Self.maximumDescriptionLength {
            found.append(
                FieldViolation(
                    field: "description", rule: "too-long",
                    message: "商品描述最多 \(Self.maximumDescriptionLength) 个字符 / The description has at most \(Self.maximumDescriptionLength) characters"
                ))
        }
        if !Self.isCode(category) {
            found.append(
                FieldViolation(
                    field: "category", rule: "format",
                    message: "类目代码只能包含小写字母、数字和连字符 / The category is a code of lower-case letters, digits and hyphens"))
        }
        if let brand, brand.trimmingCharacters(in: .whitespaces).isEmpty || brand.count > 100 {
            found.append(FieldViolation(field: "brand", rule: "format", message: "品牌名称须为 1–100 个字符 / The brand has 1–100 characters"))
        }
        if !(1...Self.maximumPriceCents).contains(priceCents) {
            found.append(
                FieldViolation(
                    field: "priceCents", rule: "range", message: "价格须大于 0 且不超过 1 亿元 / The price is above 0 and at most ¥100,000,000"))
        }
        if images.count > Self.maximumImages {
            found.append(
                FieldViolation(field: "images", rule: "too-many", message: "图片最多 \(Self.maximumImages) 张 / At most \(Self.maximumImages) images"))
        }
        for (index, image) in images.enumerated() where image.isEmpty || image.count > 500 {
            found.append(
                FieldViolation(field: "images[\(index)]", rule: "format", message: "图片引用须为 1–500 个字符 / An image reference has 1–500 characters"))
        }
        if attributes.count > Self.maximumAttributes {
            found.append(
                FieldViolation(
                    field: "attributes", rule: "too-many",
                    message: "商品属性最多 \(Self.maximumAttributes) 项 / At most \(Self.maximumAttributes) attributes"))
        }
        for (key, value) in attributes.sorted(by: { $0.key < $1.key }) where key.isEmpty || key.count > 64 || value.count > 500 {
            found.append(
                FieldViolation(
                    field: "attributes.\(key)", rule: "format",
                    message: "属性名须为 1–64 个字符，属性值最多 500 个字符 / An attribute name has 1–64 characters and its value at most 500"))
        }
        return found
    }

    private static func isCode(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
