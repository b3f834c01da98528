import Foundation
import WardenCore

/// The events a violation records, written by hand instead of through their `Codable` form.
///
/// A recorded violation appends three to six of these, and going through `Codable` (a container
/// box per object, a witness call and a metadata lookup per property) was most of what encoding
/// them cost (decision 0027). Each function writes its type's keys in sorted order, exactly as
/// the synthesized conformance and `JSONEncoder` with sorted keys would: optional properties
/// absent when `nil`, dates as seconds since 2001, money as integer cents, enums as their raw
/// values. Values of other types inside them go through the `Codable` path.
///
/// - Important: A property added to one of these types must be added here too, or it would not
///   be stored. `HandWrittenEventJSONTests` compares every type here with `JSONEncoder`, and
///   fails when no sample sets one of their optional properties.
extension JSONByteWriter {
    /// Writes `event` by hand when its type is one of the hot ones; false for the others, which
    /// go through `Codable`.
    func writeByHand(_ event: ShopEvent, depth: Int) throws -> Bool {
        var object = SortedObject(self)
        switch event {
        case .violationRecorded(let data):
            object.key("data")
            try write(data)
        case .pointsAssessed(let data):
            object.key("data")
            try write(data, depth: depth)
        case .depositDeducted(let data):
            object.key("data")
            try write(data)
        case .sanctionImposed(let data):
            object.key("data")
            var inner = SortedObject(self)
            inner.key("sanction")
            try write(data.sanction)
            inner.close()
        case .salesCleared(let data):
            object.key("data")
            try write(data)
        default:
            // Nothing written yet: `SortedObject` writes its `{` with the first key.
            return false
        }
        object.entry("type", event.typeName)
        object.close()
        return true
    }

    func write(_ recorded: ViolationRecorded) throws {
        var object = SortedObject(self)
        try object.entry("appealDeadline", recorded.appealDeadline)
        object.entry("ledger", recorded.ledger)
        object.entry("occurrence", recorded.occurrence)
        object.entry("points", recorded.points)
        object.key("report")
        try write(recorded.report)
        object.entry("ruleVersion", recorded.ruleVersion)
        object.close()
    }

    func write(_ report: ViolationReport) throws {
        var object = SortedObject(self)
        if let buyers = report.buyers {
            object.key("buyers")
            writeArray(buyers) { buyer in
                var payment = SortedObject(self)
                payment.entry("buyer", buyer.buyer)
                payment.entry("paidCents", buyer.paid)
                payment.close()
            }
        }
        object.entry("complaintUpheld", report.complaintUpheld)
        object.entry("count", report.count)
        object.entry("deliberate", report.deliberate)
        object.entry("evidence", strings: report.evidence)
        object.entry("id", report.id)
        object.entry("lossCents", report.loss)
        object.entry("note", report.note)
        try object.entry("occurredAt", report.occurredAt)
        if let orders = report.orders { object.entry("orders", strings: orders) }
        object.entry("product", report.product)
        object.entry("type", report.type)
        object.close()
    }

    func write(_ assessment: PointsAssessment, depth: Int) throws {
        var object = SortedObject(self)
        object.key("crossed")
        try writeCodable(assessment.crossed, depth: depth)
        object.key("entry")
        try write(assessment.entry)
        if let executed = assessment.executed {
            object.key("executed")
            try writeCodable(executed, depth: depth)
        }
        try object.entry("executedUntil", assessment.executedUntil)
        object.entry("freezes", assessment.freezes)
        if let superseded = assessment.superseded {
            object.key("superseded")
            try write(superseded)
        }
        object.entry("totalAfter", assessment.totalAfter)
        object.entry("totalBefore", assessment.totalBefore)
        object.close()
    }

    func write(_ entry: PointEntry) throws {
        var object = SortedObject(self)
        try object.entry("expiresAt", entry.expiresAt)
        try object.entry("issuedAt", entry.issuedAt)
        object.entry("ledger", entry.ledger)
        object.entry("points", entry.points)
        object.entry("reversed", entry.reversed)
        object.entry("violation", entry.violation)
        object.close()
    }

    func write(_ deducted: DepositDeducted) throws {
        var object = SortedObject(self)
        object.entry("amount", deducted.amount)
        object.entry("basis", deducted.basis)
        object.entry("owed", deducted.owed)
        object.entry("payee", deducted.payee.rawValue)
        try object.entry("topUpDue", deducted.topUpDue)
        object.entry("violation", deducted.violation)
        object.close()
    }

    func write(_ sanction: ImposedSanction) throws {
        var object = SortedObject(self)
        object.entry("id", sanction.id)
        object.entry("kind", sanction.kind.rawValue)
        object.entry("ledger", sanction.ledger)
        object.entry("lifted", sanction.lifted)
        object.entry("node", sanction.node)
        object.entry("rights", strings: sanction.rights.lazy.map(\.rawValue))
        object.entry("rule", sanction.rule)
        object.entry("ruleVersion", sanction.ruleVersion)
        try object.entry("since", sanction.since)
        try object.entry("until", sanction.until)
        object.entry("untilToppedUp", sanction.untilToppedUp)
        object.entry("violation", sanction.violation)
        object.close()
    }

    func write(_ cleared: SalesCleared) throws {
        var object = SortedObject(self)
        object.entry("orders", strings: cleared.orders)
        object.entry("product", cleared.product)
        object.entry("scope", cleared.scope.rawValue)
        try object.entry("since", cleared.since)
        object.entry("violation", cleared.violation)
        object.close()
    }

    /// Writes `value` through its `Codable` form with the encoders from `depth` on, which no
    /// encoding in progress is using.
    func writeCodable<T: Encodable>(_ value: T, depth: Int) throws {
        if try writeKnown(value, depth: depth) { return }
        let encoder = encoder(at: depth, parent: nil, key: nil)
        try value.encode(to: encoder)
        try encoder.close()
    }
}

/// An object written by hand, its keys given in sorted order (by their UTF-8 bytes).
///
/// Its `{` is written with the first key, so that a caller may still decline to write anything.
/// The `entry` methods write a key and its value as `JSONEncoder` writes the value's type; those
/// taking an optional write nothing for `nil`, as a synthesized `encodeIfPresent` does.
struct SortedObject {
    let writer: JSONByteWriter
    private var isEmpty = true

    init(_ writer: JSONByteWriter) {
        self.writer = writer
    }

    /// Writes `"key":`, after `{` or `,`; the value follows. The key needs no escaping.
    mutating func key(_ key: StaticString) {
        writer.bytes.append(isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
        isEmpty = false
        writer.bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { writer.bytes.append(contentsOf: $0) }
        writer.bytes.append(UInt8(ascii: "\""))
        writer.bytes.append(UInt8(ascii: ":"))
    }

    /// Writes `"key":` for a key known only at run time (a dictionary's), escaped.
    mutating func key(_ key: String) {
        writer.bytes.append(isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
        isEmpty = false
        writer.write(key)
        writer.bytes.append(UInt8(ascii: ":"))
    }

    /// Writes `}`, or `{}` for an object with no keys.
    func close() {
        if isEmpty { writer.bytes.append(UInt8(ascii: "{")) }
        writer.bytes.append(UInt8(ascii: "}"))
    }

    mutating func entry(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        self.key(key)
        writer.write(value)
    }

    mutating func entry(_ key: StaticString, _ value: Int?) {
        guard let value else { return }
        self.key(key)
        writer.write(integer: value)
    }

    mutating func entry(_ key: StaticString, _ value: Bool?) {
        guard let value else { return }
        self.key(key)
        writer.write(value)
    }

    /// Money as its integer cents, as `Money` encodes itself.
    mutating func entry(_ key: StaticString, _ value: Money?) {
        guard let value else { return }
        self.key(key)
        writer.write(integer: value.cents)
    }

    /// A date as `Date` encodes itself: seconds since 2001 as a number.
    mutating func entry(_ key: StaticString, _ value: Date?) throws {
        guard let value else { return }
        self.key(key)
        try writer.write(value.timeIntervalSinceReferenceDate)
    }

    mutating func entry<Strings: Sequence<String>>(_ key: StaticString, strings: Strings) {
        self.key(key)
        writer.bytes.append(UInt8(ascii: "["))
        var first = true
        for string in strings {
            if !first { writer.bytes.append(UInt8(ascii: ",")) }
            first = false
            writer.write(string)
        }
        writer.bytes.append(UInt8(ascii: "]"))
    }
}
