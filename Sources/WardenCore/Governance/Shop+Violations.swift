public import Foundation

extension Shop {
    /// Decides every consequence of a violation under `context.rulebook`: the record, the points
    /// and the node they cross, the deposit deduction, sales clearing, and the sanctions, each as
    /// its own event naming the violation.
    func recordViolation(_ report: ViolationReport, in context: ShopDecisionContext) throws(DomainError) -> [ShopEvent] {
        let rulebook = context.rulebook
        guard let type = rulebook.violation(report.type) else {
            throw .invalid([
                FieldViolation(
                    field: "type", rule: "unknown-violation",
                    message: "规则中没有违规类型「\(report.type)」 / the rulebook has no violation type '\(report.type)'")
            ])
        }
        try Shop.validate(report, now: context.now, known: governance.violations.map(\.id))
        let now = context.now
        let occurrence = governance.occurrences(of: type.code) + 1
        let count = report.count ?? 1
        let points = type.ledger == nil ? 0 : type.points(occurrence: occurrence, count: count, deliberate: report.deliberate ?? false)
        var events: [ShopEvent] = [
            .violationRecorded(
                ViolationRecorded(
                    report: report, ruleVersion: rulebook.version, occurrence: occurrence, points: points, ledger: type.ledger,
                    appealDeadline: ShanghaiCalendar.adding(days: type.appealWindowDays, to: now)))
        ]

        // Points, and the one node penalty they trigger.
        var nodeSanctions: [(spec: SanctionSpec, ledger: String, node: Int)] = []
        if let code = type.ledger, let ledger = rulebook.ledger(code) {
            let assessment = governance.points.assess(points, in: code, policy: ledger, at: now, violation: report.id)
            events.append(.pointsAssessed(assessment))
            if let node = assessment.executed {
                nodeSanctions = node.sanctions.map { ($0, code, node.at) }
            }
        }

        // The deposit: what the balance covers is taken, the rest is owed.
        var balance = deposit.balance
        if let deduction = type.deposit {
            let amount = deduction.amount(required: deposit.required, balance: balance)
            if amount > .zero {
                let taken = min(amount, balance)
                balance -= taken
                events.append(.depositDeducted(DepositDeducted(violation: report.id, amount: taken, owed: amount - taken)))
            }
        }

        if let clearing = type.salesClearing {
            events.append(
                .salesCleared(
                    SalesCleared(
                        violation: report.id, scope: clearing.scope, orders: report.orders ?? [], product: report.product,
                        since: clearing.windowDays.map { ShanghaiCalendar.adding(days: -$0, to: now) })))
        }

        // Sanctions: the violation's own, then the node's.
        let direct: [(spec: SanctionSpec, ledger: String?, node: Int?)] = type.sanctions.map { ($0, nil, nil) }
        let all = direct + nodeSanctions.map { ($0.spec, Optional($0.ledger), Optional($0.node)) }
        var status = self.status
        var suspendedUntil = self.suspendedUntil
        let reason = "\(type.zh) / \(type.en) (\(report.id))"
        for (index, entry) in all.enumerated() {
            let until = entry.spec.days.map { ShanghaiCalendar.adding(days: $0, to: now) }
            let sanction = ImposedSanction(
                id: "\(report.id)#\(index + 1)", kind: entry.spec.kind, violation: report.id, ledger: entry.ledger, node: entry.node,
                since: now, until: until, rights: entry.spec.rights ?? (entry.spec.kind == .restrictRights ? [.publishListings] : []),
                lifted: false)
            events.append(.sanctionImposed(SanctionImposed(sanction: sanction)))
            switch entry.spec.kind {
            case .suspend where status.isOperating:
                guard let until, until > (suspendedUntil ?? .distantPast) else { break }
                events.append(.shopSuspended(ShopSuspended(until: until, reason: reason)))
                status = .suspended
                suspendedUntil = until
            case .expel, .sealAccount:
                guard !status.isFinal else { break }
                events.append(.shopExpelled(ShopExpelled(reason: reason, subjectBarred: rulebook.reentry.expulsionBarsSubject)))
                if balance > .zero {
                    let movement = DepositMovement(amount: balance)
                    events.append(rulebook.deposit.refundOnExpulsion ? .depositRefunded(movement) : .depositForfeited(movement))
                    balance = .zero
                }
                status = .expelled
            default:
                break
            }
        }
        return events
    }

    static func validate(_ report: ViolationReport, now: Date, known: [String]) throws(DomainError) {
        var found: [FieldViolation] = []
        if !Shop.isReference(report.id) {
            found.append(FieldViolation(field: "id", rule: "format", message: "违规编号为1–64个ASCII字符 / the id must be 1–64 printable ASCII characters"))
        } else if known.contains(report.id) {
            found.append(FieldViolation(field: "id", rule: "unique", message: "该违规已记录 / a violation with this id is already recorded"))
        }
        if let occurredAt = report.occurredAt, occurredAt > now {
            found.append(FieldViolation(field: "occurredAt", rule: "past", message: "违规时间不能晚于现在 / cannot be in the future"))
        }
        if let count = report.count, !(1...1_000_000).contains(count) {
            found.append(FieldViolation(field: "count", rule: "range", message: "数量为1–1000000 / count must be 1–1,000,000"))
        }
        if report.evidence.count > 100 || report.evidence.contains(where: { $0.utf8.count > 500 }) {
            found.append(FieldViolation(field: "evidence", rule: "size", message: "证据过多或过长 / at most 100 references of 500 bytes"))
        }
        if (report.orders?.count ?? 0) > 10_000 {
            found.append(FieldViolation(field: "orders", rule: "size", message: "订单过多 / at most 10,000 orders"))
        }
        if (report.note?.utf8.count ?? 0) > 2_000 {
            found.append(FieldViolation(field: "note", rule: "size", message: "备注过长 / at most 2,000 bytes"))
        }
        guard found.isEmpty else { throw .invalid(found) }
    }
}
