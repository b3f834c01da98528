import Foundation
import Yams

/// What a finding does to a listing.
public enum ScreeningDecision: String, Sendable, Codable, Comparable {
    case pass
    /// A reviewer decides (a case is opened).
    case review
    case reject

    public static func < (left: ScreeningDecision, right: ScreeningDecision) -> Bool {
        let order: [ScreeningDecision] = [.pass, .review, .reject]
        return order.firstIndex(of: left) ?? 0 < order.firstIndex(of: right) ?? 0
    }
}

/// The terms screening looks for, by category (禁售/限售), with the context phrases that make a
/// look-alike benign.
public struct ScreeningDictionary: Sendable, Codable {
    public var version: String
    public var categories: [TermCategory]
    /// Terms that put a listing in a category of its own (错放类目 when listed elsewhere).
    public var categoryRules: [CategoryRule]?

    /// Goods that belong in one category: a listing whose text names them under another
    /// category is misplaced.
    public struct CategoryRule: Sendable, Codable {
        public var code: String
        public var zh: String
        public var en: String
        /// The category code the goods belong in.
        public var belongsIn: String
        public var terms: [String]
    }

    /// One category of terms and what its findings record.
    public struct TermCategory: Sendable, Codable {
        public var code: String
        public var zh: String
        public var en: String
        /// The rulebook's violation type a finding records: `prohibited-goods`, `counterfeit`.
        public var violation: String
        public var decision: ScreeningDecision
        public var terms: [Term]
    }

    /// A term and the phrases that, covering a match of it, make the match benign.
    public struct Term: Sendable, Codable {
        public var term: String
        public var exceptions: [String]?
    }

    /// Why a dictionary could not be loaded.
    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    /// Parses a dictionary file.
    public static func load(yaml: String) throws(LoadError) -> ScreeningDictionary {
        do { return try YAMLDecoder().decode(ScreeningDictionary.self, from: yaml) } catch {
            throw LoadError(message: "the screening dictionary does not load: \(error)")
        }
    }

    /// The dictionary shipped in the package's resources.
    public static func bundled() throws(LoadError) -> ScreeningDictionary {
        guard let url = Bundle.module.url(forResource: "screening-terms", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { throw LoadError(message: "the bundled screening dictionary is missing") }
        return try load(yaml: text)
    }
}
