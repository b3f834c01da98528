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
///   be stored. `SortedJSONEncoderTests` compares every type here with `JSONEncoder` on a value
///   whose every optional property is set, and fails when such a value has a `nil` left.
extension JSONByteWriter {
    /// Writes `event` by hand when its type is one of the hot ones; false for the others, which
    /// go through `Codable`.
    func writeByHand(_ event: ShopEvent, depth: Int) throws -> Bool {
        var object = SortedObject(self)
        switch event {
        case .violationRecorded(let data):
            object.key("data")
            try write(data, depth: depth)
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
            // Nothing written yet: `SortedObject` writes its `{` lazily.
            return false
        }
        object.key("type")
        write(event.typeName)
        object.close()
        return true
    }

    func write(_ recorded: ViolationRecorded, depth: Int) throws {
        var object = SortedObject(self)
        object.key("appealDeadline")
        try write(recorded.appealDeadline)
        if let ledger = recorded.ledger {
            object.key("ledger")
            write(ledger)
        }
        object.key("occurrence")
        write(integer: recorded.occurrence)
        object.key("points")
        write(integer: recorded.points)
        object.key("report")
        try write(recorded.report)
        object.key("ruleVersion")
        write(recorded.ruleVersion)
        object.close()
    }

    func write(_ report: ViolationReport) throws {
        var object = SortedObject(self)
        if let buyers = report.buyers {
            object.key("buyers")
            bytes.append(UInt8(ascii: "["))
            for (index, buyer) in buyers.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                var payment = SortedObject(self)
                payment.key("buyer")
                write(buyer.buyer)
                payment.key("paidCents")
                write(integer: buyer.paid.cents)
                payment.close()
            }
            bytes.append(UInt8(ascii: "]"))
        }
        if let upheld = report.complaintUpheld {
            object.key("complaintUpheld")
            write(upheld)
        }
        if let count = report.count {
            object.key("count")
            write(integer: count)
        }
        if let deliberate = report.deliberate {
            object.key("deliberate")
            write(deliberate)
        }
        object.key("evidence")
        write(strings: report.evidence)
        object.key("id")
        write(report.id)
        if let loss = report.loss {
            object.key("lossCents")
            write(integer: loss.cents)
        }
        if let note = report.note {
            object.key("note")
            write(note)
        }
        if let occurredAt = report.occurredAt {
            object.key("occurredAt")
            try write(occurredAt)
        }
        if let orders = report.orders {
            object.key("orders")
            write(strings: orders)
        }
        if let product = report.product {
            object.key("product")
            write(product)
        }
        object.key("type")
        write(report.type)
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
        if let until = assessment.executedUntil {
            object.key("executedUntil")
            try write(until)
        }
        object.key("freezes")
        write(assessment.freezes)
        if let superseded = assessment.superseded {
            object.key("superseded")
            var node = SortedObject(self)
            node.key("at")
            write(integer: superseded.at)
            node.key("severity")
            write(integer: superseded.severity)
            node.key("since")
            try write(superseded.since)
            if let until = superseded.until {
                node.key("until")
                try write(until)
            }
            node.close()
        }
        object.key("totalAfter")
        write(integer: assessment.totalAfter)
        object.key("totalBefore")
        write(integer: assessment.totalBefore)
        object.close()
    }

    func write(_ entry: PointEntry) throws {
        var object = SortedObject(self)
        object.key("expiresAt")
        try write(entry.expiresAt)
        object.key("issuedAt")
        try write(entry.issuedAt)
        object.key("ledger")
        write(entry.ledger)
        object.key("points")
        write(integer: entry.points)
        object.key("reversed")
        write(entry.reversed)
        object.key("violation")
        write(entry.violation)
        object.close()
    }

    func write(_ deducted: DepositDeducted) throws {
        var object = SortedObject(self)
        object.key("amount")
        write(integer: deducted.amount.cents)
        if let basis = deducted.basis {
            object.key("basis")
            write(basis)
        }
        object.key("owed")
        write(integer: deducted.owed.cents)
        object.key("payee")
        write(deducted.payee.rawValue)
        if let due = deducted.topUpDue {
            object.key("topUpDue")
            try write(due)
        }
        object.key("violation")
        write(deducted.violation)
        object.close()
    }

    func write(_ sanction: ImposedSanction) throws {
        var object = SortedObject(self)
        object.key("id")
        write(sanction.id)
        object.key("kind")
        write(sanction.kind.rawValue)
        if let ledger = sanction.ledger {
            object.key("ledger")
            write(ledger)
        }
        object.key("lifted")
        write(sanction.lifted)
        if let node = sanction.node {
            object.key("node")
            write(integer: node)
        }
        object.key("rights")
        write(strings: sanction.rights.lazy.map(\.rawValue))
        if let rule = sanction.rule {
            object.key("rule")
            write(rule)
        }
        if let ruleVersion = sanction.ruleVersion {
            object.key("ruleVersion")
            write(ruleVersion)
        }
        object.key("since")
        try write(sanction.since)
        if let until = sanction.until {
            object.key("until")
            try write(until)
        }
        if let toppedUp = sanction.untilToppedUp {
            object.key("untilToppedUp")
            write(toppedUp)
        }
        object.key("violation")
        write(sanction.violation)
        object.close()
    }

    func write(_ cleared: SalesCleared) throws {
        var object = SortedObject(self)
        object.key("orders")
        write(strings: cleared.orders)
        if let product = cleared.product {
            object.key("product")
            write(product)
        }
        object.key("scope")
        write(cleared.scope.rawValue)
        if let since = cleared.since {
            object.key("since")
            try write(since)
        }
        object.key("violation")
        write(cleared.violation)
        object.close()
    }

    // MARK: - Pieces

    /// A date as `Date` encodes itself: seconds since 2001 as a number.
    func write(_ date: Date) throws {
        try write(date.timeIntervalSinceReferenceDate)
    }

    func write<Strings: Sequence<String>>(strings: Strings) {
        bytes.append(UInt8(ascii: "["))
        var first = true
        for string in strings {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            write(string)
        }
        bytes.append(UInt8(ascii: "]"))
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
struct SortedObject {
    let writer: JSONByteWriter
    private var isEmpty = true

    init(_ writer: JSONByteWriter) {
        self.writer = writer
    }

    /// Writes `"key":`, after `{` or `,`; the value follows.
    mutating func key(_ key: StaticString) {
        writer.bytes.append(isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
        isEmpty = false
        writer.bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { writer.bytes.append(contentsOf: $0) }
        writer.bytes.append(UInt8(ascii: "\""))
        writer.bytes.append(UInt8(ascii: ":"))
    }

    /// Writes `}`, or `{}` for an object with no keys.
    func close() {
        if isEmpty { writer.bytes.append(UInt8(ascii: "{")) }
        writer.bytes.append(UInt8(ascii: "}"))
    }
}
