import Foundation
import Testing
import WardenCore
import WardenStore

/// `SortedJSONEncoder` writes the very bytes Foundation's `JSONEncoder` writes with the options
/// the stores used before it (decision 0027): stored text must not change with the encoder.
@Suite struct SortedJSONEncoderTests {
    /// The encoder the stores used before, as they configured it.
    static func foundationJSON(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static func expectSameBytes<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = try foundationJSON(value)
        let actual = try SortedJSONEncoder.encode(value)
        #expect(
            actual == expected,
            "\(T.self):\n  ours:       \(String(decoding: actual, as: UTF8.self))\n  Foundation: \(String(decoding: expected, as: UTF8.self))",
            sourceLocation: sourceLocation)
    }

    // MARK: - Domain values

    @Test func everyShopEventTypeAndEveryShopStateAlongALifeMatch() throws {
        let life = try ShopLife.lived()
        var seen: Set<String> = []
        for (event, shop) in life.steps {
            try Self.expectSameBytes(event)
            try Self.expectSameBytes(shop)
            seen.insert(event.typeName)
            // What the stores read back is the same value.
            let decoded = try JSONDecoder().decode(ShopEvent.self, from: Data(try SortedJSONEncoder.encode(event)))
            #expect(decoded == event)
            #expect(try JSONDecoder().decode(Shop.self, from: Data(try SortedJSONEncoder.encode(shop))) == shop)
        }
        for event in ShopLife.handMade {
            try Self.expectSameBytes(event)
            seen.insert(event.typeName)
        }
        let missing = ShopLife.allTypeNames.subtracting(seen)
        #expect(missing.isEmpty, "event types never encoded: \(missing.sorted())")
    }

    @Test func rulebookCategoriesPrincipalsPolicyAndListingEventsMatch() throws {
        let rulebook = try Rulebook.bundledDefault()
        // Enums with associated values go through nested containers.
        try Self.expectSameBytes(rulebook)
        try Self.expectSameBytes(try CategoryTable.bundledDefault())
        try Self.expectSameBytes(
            PolicyEvent.published(RulebookPublished(version: "2026.2", effectiveFrom: ShopLife.start, shadow: true, text: "version: \"2026.2\"\n")))
        try Self.expectSameBytes(PolicyEvent.promoted(RulebookPromoted(version: "2026.2", effectiveFrom: ShopLife.start.addingTimeInterval(0.125))))
        try Self.expectSameBytes(PolicyEvent.retired(RulebookRetired(version: "2026.1")))
        try Self.expectSameBytes(PrincipalEvent.created(role: .reviewer, name: "审核员 \"甲\"", tokenHash: "ab/cd+ef=="))
        try Self.expectSameBytes(PrincipalEvent.tokenRotated(tokenHash: "00"))
        try Self.expectSameBytes(PrincipalEvent.disabled)
        try Self.expectSameBytes(Principal(id: PrincipalID(rawValue: "usr_1"), role: .admin, name: "规则运营", tokenHash: "x", disabled: true))
        let content = ListingContent(
            title: "纯棉T恤 \\ 男款", description: "line one\nline two\t\u{1}", category: "apparel", brand: nil,
            attributes: ["productName": "T恤", "manufacturerName": "杭州某厂", "Zeta": "z", "alpha": "a", "é": "e", "": "empty"],
            priceCents: 9_990, images: ["img/1.jpg", "img/2.jpg"])
        let created = ListingEvent.listingCreated(
            ListingCreated(shop: ShopID(rawValue: "shop_1"), owner: PrincipalID(rawValue: "usr_m1"), content: content))
        try Self.expectSameBytes(created)
        try Self.expectSameBytes(ListingEvent.listingRevised(content))
        if let listing = Listing.start(id: ListingID(rawValue: "lst_1"), with: created, at: ShopLife.start) {
            try Self.expectSameBytes(listing)
        } else {
            Issue.record("the listing did not start")
        }
    }

    // MARK: - Scalars

    @Test func stringsEscapeAsFoundationEscapesThem() throws {
        var everyControl = ""
        for scalar in 0..<0x20 { everyControl.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        let strings = [
            "", "plain", "quote \" backslash \\ slash / solidus", everyControl, "\u{7F} DEL stays", "中文，全角：“引号”", "emoji 🧾👩‍👩‍👧",
            "e\u{301} combining", "\u{2028}\u{2029} separators", "tab\tnew\nline\rret", String(repeating: "长", count: 300),
        ]
        for string in strings {
            try Self.expectSameBytes(string)
            try Self.expectSameBytes([string])
            try Self.expectSameBytes(["key": string])
        }
        // Seeded random strings over ASCII, controls and a few planes.
        var generator = SplitMix(seed: 42)
        for _ in 0..<300 {
            var string = ""
            for _ in 0..<Int(generator.next() % 24) {
                let pick = generator.next() % 4
                let value: UInt32 =
                    switch pick {
                    case 0: UInt32(generator.next() % 0x80)
                    case 1: UInt32(generator.next() % 0x20)
                    case 2: 0x4E00 + UInt32(generator.next() % 0x5000)
                    default: 0x1F300 + UInt32(generator.next() % 0x300)
                    }
                if let scalar = Unicode.Scalar(value) { string.unicodeScalars.append(scalar) }
            }
            try Self.expectSameBytes([string: [string]])
        }
    }

    @Test func numbersMatch() throws {
        let doubles: [Double] = [
            0, -0.0, 1, -1, 0.5, 1.0 / 3, 123_456_789.125, 817_430_400.123, 1e15, 1e16, 1e17, 1.5e300, .leastNonzeroMagnitude, 1e-7, 0.1, -2.5e-5,
            Double(Int64.max), 4_503_599_627_370_496.5,
        ]
        for double in doubles { try Self.expectSameBytes([double]) }
        try Self.expectSameBytes([Float(0.1), Float(1), Float(-3.25), Float(1e20)])
        try Self.expectSameBytes([Int.min, Int.max, 0, -1, 7])
        try Self.expectSameBytes([Int8.min, Int8.max])
        try Self.expectSameBytes([UInt64.max, 0])
        try Self.expectSameBytes([UInt8(255), 0])
        try Self.expectSameBytes(Scalars())
        #expect(throws: EncodingError.self) { try SortedJSONEncoder.encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try SortedJSONEncoder.encode(["x": Double.infinity]) }
        let dates = [
            ShopLife.start, Date(timeIntervalSinceReferenceDate: 0), Date(timeIntervalSince1970: 0), Date(millisecondsSince1970: 1_767_225_600_123),
        ]
        try Self.expectSameBytes(dates)
        try Self.expectSameBytes(["at": dates[3]])
        try Self.expectSameBytes([Data([0, 1, 2, 250]), Data()])
        try Self.expectSameBytes([URL(string: "https://example.com/a?b=c")])
        try Self.expectSameBytes([Decimal(string: "12.345"), Decimal(7)])
        try Self.expectSameBytes([true, false])
        try Self.expectSameBytes(Int?.none.map { [$0] } ?? [])
    }

    // MARK: - Objects and containers

    @Test func keysSortByTheirUTF8Bytes() throws {
        try Self.expectSameBytes(["b": 1, "a": 2, "B": 3, "_": 4, "ab": 5, "a b": 6, "é": 7, "e\u{300}x": 8, "10": 9, "9": 10, "": 11, "中": 12])
        try Self.expectSameBytes([10: "ten", 9: "nine", -1: "minus one", 100: "hundred"])
        try Self.expectSameBytes(["outer": ["z": ["y": [1, 2], "x": []], "a": [:]]])
        try Self.expectSameBytes([ShopRight.publishListings: 1])
    }

    @Test func nestedContainersSuperEncodersAndOddShapesMatch() throws {
        try Self.expectSameBytes(Interleaved())
        try Self.expectSameBytes([Interleaved(), Interleaved()])
        try Self.expectSameBytes(Subclass())
        try Self.expectSameBytes(Repeated())
        try Self.expectSameBytes(["empty": Empty()])
        try Self.expectSameBytes([Empty(), Empty()])
        try Self.expectSameBytes(NilsAndOptionals())
        try Self.expectSameBytes(ArrayOfArrays())
        #expect(throws: EncodingError.self) { try SortedJSONEncoder.encode(Empty()) }
    }
}

// MARK: - Odd shapes

struct Scalars: Encodable {
    var int8: Int8 = -8
    var int16: Int16 = -16
    var int32: Int32 = -32
    var int64: Int64 = .min
    var uint: UInt = .max
    var uint16: UInt16 = 16
    var uint32: UInt32 = 32
    var float: Float = 2.5
    var int128 = Int128(Int64.max) * 4
    var uint128 = UInt128(UInt64.max) * 3
}

/// Writes to a nested keyed container, a nested unkeyed one and its own container in turn.
struct Interleaved: Encodable {
    enum Keys: String, CodingKey { case zebra, nested, list, alpha, middle }
    enum Inner: String, CodingKey { case y, x }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode("z", forKey: .zebra)
        var nested = container.nestedContainer(keyedBy: Inner.self, forKey: .nested)
        var list = container.nestedUnkeyedContainer(forKey: .list)
        try nested.encode(1, forKey: .y)
        try list.encode("first")
        try container.encode(["b": 2, "a": 1], forKey: .alpha)
        var deeper = list.nestedContainer(keyedBy: Inner.self)
        try list.encode(3)
        try deeper.encode(true, forKey: .y)
        try nested.encode([3, 2], forKey: .x)
        var inner = list.nestedUnkeyedContainer()
        try inner.encode(4.5)
        try container.encodeNil(forKey: .middle)
    }
}

class Base: Encodable {
    var shared = "base"
    var count = 1
}

final class Subclass: Base, @unchecked Sendable {
    var own = "sub"
    enum Keys: String, CodingKey { case own, extra }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(own, forKey: .own)
        try super.encode(to: container.superEncoder())
        try super.encode(to: container.superEncoder(forKey: .extra))
    }
}

/// Asks for its container twice and writes one key twice: the last value stands.
struct Repeated: Encodable {
    enum Keys: String, CodingKey { case b, a }
    func encode(to encoder: any Encoder) throws {
        var first = encoder.container(keyedBy: Keys.self)
        try first.encode(1, forKey: .b)
        try first.encode("one", forKey: .a)
        var second = encoder.container(keyedBy: Keys.self)
        try second.encode(2, forKey: .b)
    }
}

struct Empty: Encodable {
    func encode(to encoder: any Encoder) throws {}
}

struct NilsAndOptionals: Encodable {
    var absent: String?
    var present: String? = "here"
    var nothing: [Int?] = [nil, 1, nil]
    var nestedOptional: Int?? = .some(nil)
}

struct ArrayOfArrays: Encodable {
    var grid: [[Int]] = [[], [1], [2, 3]]
    var labels: [[String: [String]]] = [["b": ["y"], "a": []], [:]]
}

/// A small deterministic generator for the random strings.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
