import Foundation
import WardenCore

/// The shop projection, stored as a snapshot every 32 events (decision 0023), written by hand
/// instead of through its `Codable` form.
///
/// Its record (violations, point entries, sanctions, cleared sales) grows with the shop's life,
/// and through `Codable` each of its entries cost a container box and a witness call per
/// property. Like the events in `SortedJSONEncoder+ShopEvents.swift`, each function writes its
/// type's keys in sorted order as the synthesized conformance and `JSONEncoder` would; the
/// application goes through `Codable`.
///
/// - Important: A property added to `Shop`, `ShopGovernance`, `PointsLedger`, `ViolationRecord`,
///   `DepositAccount` or `RenameRecord` must be added here too, or snapshots would drop it.
///   `SortedJSONEncoderTests` compares every shop state of the lived shops with `JSONEncoder`, and
///   `HandWrittenEventJSONTests` fails when no state sets one of their optional properties.
extension JSONByteWriter {
    func write(_ shop: Shop, depth: Int) throws {
        var object = SortedObject(self)
        object.key("application")
        try writeCodable(shop.application, depth: depth)
        try object.entry("closedAt", shop.closedAt)
        try object.entry("contractSignedAt", shop.contractSignedAt)
        try object.entry("createdAt", shop.createdAt)
        object.key("deposit")
        try write(shop.deposit)
        object.entry("enabledChannels", strings: shop.enabledChannels.lazy.map(\.rawValue))
        try object.entry("expelledAt", shop.expelledAt)
        object.key("governance")
        try write(shop.governance, depth: depth)
        object.entry("id", shop.id.rawValue)
        try object.entry("openedAt", shop.openedAt)
        object.entry("owner", shop.owner.rawValue)
        try object.entry("refundDueAt", shop.refundDueAt)
        object.entry("rejectionReasons", strings: shop.rejectionReasons)
        object.key("renames")
        try writeArray(shop.renames) { rename in
            var record = SortedObject(self)
            try record.entry("at", rename.at)
            record.entry("from", rename.from)
            record.entry("to", rename.to)
            record.close()
        }
        try object.entry("reopenAllowedFrom", shop.reopenAllowedFrom)
        object.entry("restrictedRights", strings: shop.restrictedRights.lazy.map(\.rawValue))
        object.entry("status", shop.status.rawValue)
        object.entry("statusBeforeSuspension", shop.statusBeforeSuspension?.rawValue)
        object.entry("subjectBarred", shop.subjectBarred)
        try object.entry("submittedAt", shop.submittedAt)
        try object.entry("suspendedUntil", shop.suspendedUntil)
        try object.entry("updatedAt", shop.updatedAt)
        object.entry("version", shop.version)
        object.close()
    }

    func write(_ deposit: DepositAccount) throws {
        var object = SortedObject(self)
        object.entry("balance", deposit.balance)
        object.entry("basisCategory", deposit.basisCategory)
        object.entry("deducted", deposit.deducted)
        object.entry("forfeited", deposit.forfeited)
        object.entry("owed", deposit.owed)
        object.entry("paidIn", deposit.paidIn)
        object.entry("refunded", deposit.refunded)
        object.entry("required", deposit.required)
        try object.entry("topUpDueAt", deposit.topUpDueAt)
        object.close()
    }

    func write(_ governance: ShopGovernance, depth: Int) throws {
        var object = SortedObject(self)
        object.key("clearedSales")
        try writeArray(governance.clearedSales) { try write($0) }
        object.key("points")
        try write(governance.points)
        object.key("sanctions")
        try writeArray(governance.sanctions) { try write($0) }
        object.key("violations")
        try writeArray(governance.violations) { try write($0) }
        object.close()
    }

    func write(_ points: PointsLedger) throws {
        var object = SortedObject(self)
        object.key("entries")
        try writeArray(points.entries) { try write($0) }
        object.key("frozenSince")
        var frozen = SortedObject(self)
        // A dictionary's keys sorted by their UTF-8 bytes, as `JSONEncoder` sorts them.
        for (ledger, since) in points.frozenSince.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            frozen.key(ledger)
            try write(since.timeIntervalSinceReferenceDate)
        }
        frozen.close()
        object.key("runningNodes")
        var running = SortedObject(self)
        for (ledger, node) in points.runningNodes.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            running.key(ledger)
            try write(node)
        }
        running.close()
        object.close()
    }

    func write(_ node: RunningNode) throws {
        var object = SortedObject(self)
        object.entry("at", node.at)
        object.entry("severity", node.severity)
        try object.entry("since", node.since)
        try object.entry("until", node.until)
        object.close()
    }

    func write(_ violation: ViolationRecord) throws {
        var object = SortedObject(self)
        try object.entry("appealDeadline", violation.appealDeadline)
        object.entry("count", violation.count)
        object.entry("deducted", violation.deducted)
        object.entry("deliberate", violation.deliberate)
        object.entry("evidence", strings: violation.evidence)
        object.entry("id", violation.id)
        object.entry("ledger", violation.ledger)
        try object.entry("occurredAt", violation.occurredAt)
        object.entry("occurrence", violation.occurrence)
        object.entry("owed", violation.owed)
        object.entry("points", violation.points)
        object.entry("product", violation.product)
        try object.entry("recordedAt", violation.recordedAt)
        object.entry("reversed", violation.reversed)
        object.entry("ruleVersion", violation.ruleVersion)
        object.entry("type", violation.type)
        object.close()
    }

    /// `[` the elements, each written by `element`, `]`.
    func writeArray<Element>(_ elements: [Element], _ element: (Element) throws -> Void) rethrows {
        bytes.append(UInt8(ascii: "["))
        for index in elements.indices {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            try element(elements[index])
        }
        bytes.append(UInt8(ascii: "]"))
    }
}
