import Foundation
import Yams

/// The brands screening watches for counterfeit signals (售假), with the names each is written
/// under and the data that keeps everyday words (苹果 the fruit, 小米 the grain) from counting.
///
/// A listing that names a brand its shop is not authorised for is sent to a reviewer; see
/// ``BrandMatcher`` for how names are found and `Resources/brands.yaml` for the table.
public struct BrandDictionary: Sendable, Codable {
    /// The table's version, recorded so that a finding can be traced to the table that made it.
    public var version: String
    /// The brands, in the table's order.
    public var brands: [Brand]

    /// One brand and every way a listing may name it.
    public struct Brand: Sendable, Codable {
        /// The identifier shops are authorised for (`nike`).
        public var code: String
        /// The market it belongs to: `sports`, `apparel`, `luxury`, `cosmetics`, `electronics`, `liquor`.
        public var sector: String?
        /// Chinese names; the first is the brand's main name, a finding's term.
        public var zh: [String]
        /// English names and abbreviations, matched as whole Latin words.
        public var en: [String]?
        /// Pinyin forms of the Chinese names (`nai ke`), matched with or without spaces.
        public var pinyin: [String]?
        /// Names that are everyday words: in a title or description they count only with one of
        /// ``context`` in the same text, and with no context only in the brand field.
        public var ambiguous: [String]?
        /// Words that make an ambiguous name mean the brand (苹果 with 手机).
        public var context: [String]?
        /// Phrases that make a mention benign when they cover it (茅台镇 is a town).
        public var exceptions: [String]?
        /// Words that, anywhere in the same title or description, make its mentions benign: a
        /// compatible accessory (适用苹果 手机壳) names the brand it fits.
        public var benign: [String]?

        /// A brand as the table writes it.
        public init(
            code: String, sector: String? = nil, zh: [String], en: [String]? = nil, pinyin: [String]? = nil, ambiguous: [String]? = nil,
            context: [String]? = nil, exceptions: [String]? = nil, benign: [String]? = nil
        ) {
            self.code = code
            self.sector = sector
            self.zh = zh
            self.en = en
            self.pinyin = pinyin
            self.ambiguous = ambiguous
            self.context = context
            self.exceptions = exceptions
            self.benign = benign
        }

        /// The brand's main name: its first Chinese name, else its first English one.
        public var mainName: String { zh.first ?? en?.first ?? code }
    }

    /// A table of `brands`; with none, screening reports no brand (the default of ``Screener``).
    public init(version: String = "empty", brands: [Brand] = []) {
        self.version = version
        self.brands = brands
    }

    /// Why a brand table could not be loaded.
    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    /// Parses a brand table.
    public static func load(yaml: String) throws(LoadError) -> BrandDictionary {
        do { return try YAMLDecoder().decode(BrandDictionary.self, from: yaml) } catch {
            throw LoadError(message: "the brand table does not load: \(error)")
        }
    }

    /// The brand table shipped in the package's resources.
    public static func bundled() throws(LoadError) -> BrandDictionary {
        guard let url = Bundle.module.url(forResource: "brands", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { throw LoadError(message: "the bundled brand table is missing") }
        return try load(yaml: text)
    }
}
