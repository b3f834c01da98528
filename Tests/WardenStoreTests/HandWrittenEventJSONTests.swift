import Foundation
import Testing
import WardenCore
import WardenStore

/// The shop events `SortedJSONEncoder` writes by hand (`SortedJSONEncoder+ShopEvents.swift`)
/// match `JSONEncoder` byte for byte, and the values compared leave no property unchecked.
@Suite struct HandWrittenEventJSONTests {
    /// The event types written by hand.
    static let handWritten: Set<String> = ["violationRecorded", "pointsAssessed", "depositDeducted", "sanctionImposed", "salesCleared"]

    /// Every event of the lived shops and the hand-made ones, of the types written by hand.
    static func samples() throws -> [ShopEvent] {
        let life = try ShopLife.lived()
        let decoded = try decodedExtremes.map { text in try JSONDecoder().decode(ShopEvent.self, from: Data(text.utf8)) }
        return (life.steps.map(\.event) + ShopLife.handMade + extremes + decoded).filter { handWritten.contains($0.typeName) }
    }

    /// Events whose types have no public initialiser, read from JSON with every optional set.
    static let decodedExtremes = [
        #"""
        {"type": "pointsAssessed", "data": {"crossed": [{"at": 12, "severity": 14, "sanctions": [{"kind": "restrictRights", "days": 7,
        "rights": ["publishListings"]}]}], "entry": {"violation": "v9", "ledger": "points", "points": 12,
        "issuedAt": 795225600.375, "expiresAt": 826761600.5, "reversed": true}, "executed": {"at": 12, "severity": 12, "sanctions": []},
        "executedUntil": 795830400.25, "freezes": true, "superseded": {"at": 6, "severity": 6, "since": 795225600, "until": 795830400.125},
        "totalBefore": 6, "totalAfter": 18}}
        """#,
        #"""
        {"type": "sanctionImposed", "data": {"sanction": {"id": "s-9", "kind": "restrictRights", "violation": "v9", "ledger": "points",
        "node": 12, "since": 795225600.375, "until": 795830400, "rights": ["publishListings", "joinCampaigns"], "lifted": true,
        "rule": "ledgers[points].nodes[12]", "ruleVersion": "2026.1", "untilToppedUp": false}}}
        """#,
    ]

    /// Values at the edges: every optional of every type present, empty arrays, odd strings.
    static let extremes: [ShopEvent] = [
        .depositDeducted(
            DepositDeducted(
                violation: "v\"1", amount: Money(cents: -1), owed: Money(cents: Int64.max), payee: .consumers, basis: "按\\实际损失",
                topUpDue: ShopLife.start.addingTimeInterval(0.001))),
        .salesCleared(SalesCleared(violation: "v\n", scope: .shop, orders: [], product: nil, since: nil)),
        .violationRecorded(
            ViolationRecorded(
                report: ViolationReport(
                    id: "", type: "fake-orders", occurredAt: Date(timeIntervalSinceReferenceDate: 0), evidence: [], count: 0, deliberate: false,
                    orders: [], product: "", note: "\u{1}", buyers: [], complaintUpheld: true, loss: .zero),
                ruleVersion: "", occurrence: Int.max, points: -3, ledger: nil, appealDeadline: Date(timeIntervalSince1970: 0))),
    ]

    @Test func everyHandWrittenEventMatchesJSONEncoderAndReadsBack() throws {
        let samples = try Self.samples()
        #expect(Set(samples.map(\.typeName)) == Self.handWritten)
        for event in samples {
            try SortedJSONEncoderTests.expectSameBytes(event)
            let decoded = try JSONDecoder().decode(ShopEvent.self, from: Data(try SortedJSONEncoder.encode(event)))
            #expect(decoded == event)
        }
        // Inside other values (a shadow's events) they are written by hand too.
        try SortedJSONEncoderTests.expectSameBytes(
            ShopEvent.shadowDecided(ShadowDecided(version: "2026.2", violation: "v1", events: samples, refusal: nil)))
        try SortedJSONEncoderTests.expectSameBytes(["events": samples])
    }

    /// A property added to a type written by hand and never set in the samples would not be
    /// compared: every optional property, at every depth, must be set in at least one sample.
    @Test func theSamplesSetEveryOptionalProperty() throws {
        var set: Set<String> = []
        var unset: Set<String> = []
        for event in try Self.samples() {
            Self.optionals(in: event, path: event.typeName, set: &set, unset: &unset)
        }
        let neverSet = unset.subtracting(set)
        #expect(neverSet.isEmpty, "optional properties never set in the samples: \(neverSet.sorted())")
        // The walk does find optionals (so an empty result is not vacuous).
        #expect(set.contains("pointsAssessed.pointsAssessed.superseded"))
        #expect(set.contains("violationRecorded.violationRecorded.report.buyers"))
    }

    /// The shop states of the lived shops, and one more with every sample event folded on (for
    /// the optionals no life sets), match `JSONEncoder` and leave no optional property unchecked.
    @Test func everyShopStateMatchesAndTheStatesSetEveryOptionalProperty() throws {
        var shops = try ShopLife.lived().steps.map(\.shop)
        var last = try #require(shops.last)
        for event in try Self.samples() { last.evolve(event, at: ShopLife.start) }
        shops.append(last)
        var set: Set<String> = []
        var unset: Set<String> = []
        for shop in shops {
            try SortedJSONEncoderTests.expectSameBytes(shop)
            #expect(try JSONDecoder().decode(Shop.self, from: Data(try SortedJSONEncoder.encode(shop))) == shop)
            Self.optionals(in: shop, path: "shop", set: &set, unset: &unset)
        }
        let neverSet = unset.subtracting(set)
        #expect(neverSet.isEmpty, "optional properties never set in the shop states: \(neverSet.sorted())")
        #expect(set.contains("shop.governance.points.runningNodes.[].value.until"))
    }

    /// Records the path of every optional inside `value`, in `set` or `unset`.
    static func optionals(in value: Any, path: String, set: inout Set<String>, unset: inout Set<String>) {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            if let wrapped = mirror.children.first {
                set.insert(path)
                optionals(in: wrapped.value, path: path, set: &set, unset: &unset)
            } else {
                unset.insert(path)
            }
        case .struct, .enum, .collection, .dictionary, .tuple:
            // Dates and strings are leaves, and point nodes and applications are written through
            // `Codable`; a collection's elements share one path.
            if value is Date || value is String || value is PointNode || value is ShopApplication { return }
            for child in mirror.children {
                let isElement = mirror.displayStyle == .collection || mirror.displayStyle == .dictionary
                let name = isElement ? "[]" : (child.label ?? "_")
                optionals(in: child.value, path: "\(path).\(name)", set: &set, unset: &unset)
            }
        default:
            return
        }
    }
}
