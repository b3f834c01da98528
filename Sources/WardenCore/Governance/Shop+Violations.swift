import Foundation

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
        try Shop.validate(report, now: context.now, isKnown: governance.violations.contains { $0.id == report.id })
        try Shop.validate(report, against: type)
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
        var executedNode: (ledger: String, node: PointNode)?
        if let code = type.ledger, let ledger = rulebook.ledger(code) {
            let assessment = governance.points.assess(points, in: code, policy: ledger, at: now, violation: report.id)
            events.append(.pointsAssessed(assessment))
            executedNode = assessment.executed.map { (code, $0) }
        }

        // The deposit: what the balance covers is taken, the rest is owed; a deposit left
        // short must be topped up by a deadline.
        var balance = deposit.balance
        var owed = deposit.owed
        // A shop this decision expels owes what it owes, but has no deadline to top up by.
        let expels = (type.sanctions + (executedNode?.node.sanctions ?? [])).contains { $0.isPermanent } && !status.isFinal
        var topUpPending = deposit.topUpDueAt != nil || expels
        func deduct(_ deduction: DepositDeduction?) {
            guard let deduction else { return }
            for part in deduction.parts(required: deposit.required, balance: balance, report: report) where part.amount > .zero {
                let taken = min(part.amount, balance)
                balance -= taken
                owed += part.amount - taken
                let short = max(.zero, deposit.required - balance) + owed > .zero
                let due = short && !topUpPending && openedAt != nil ? ShanghaiCalendar.adding(days: rulebook.deposit.topUpDeadlineDays, to: now) : nil
                topUpPending = topUpPending || due != nil
                events.append(
                    .depositDeducted(
                        DepositDeducted(
                            violation: report.id, amount: taken, owed: part.amount - taken, payee: part.payee, basis: part.basis,
                            topUpDue: due)))
            }
        }
        deduct(type.deposit)
        deduct(executedNode?.node.deposit)

        if let clearing = type.salesClearing {
            events.append(
                .salesCleared(
                    SalesCleared(
                        violation: report.id, scope: clearing.scope, orders: report.orders ?? [], product: report.product,
                        since: clearing.windowDays.map { ShanghaiCalendar.adding(days: -$0, to: now) })))
        }

        // Sanctions: the violation's own, then the node's.
        var drafts = type.sanctions.enumerated().map { index, spec in
            SanctionDraft(spec: spec, rule: "violations[\(type.code)].sanctions[\(index)]")
        }
        if let (ledger, node) = executedNode {
            drafts += node.sanctions.map { SanctionDraft(spec: $0, ledger: ledger, node: node.at, rule: "ledgers[\(ledger)].nodes[\(node.at)]") }
        }
        events += impose(
            drafts, violation: report.id, idPrefix: report.id, reason: "\(type.zh) / \(type.en) (\(report.id))", rulebook: rulebook, now: now,
            balance: &balance)
        return events
    }

    /// Decides what a passed top-up deadline does: nothing unless the deposit is still short,
    /// else the rulebook's `deposit.missedTopUp` consequences.
    func enforceTopUpDeadline(in context: ShopDecisionContext) throws(DomainError) -> [ShopEvent] {
        guard !status.isFinal, let due = deposit.topUpDueAt, context.now >= due, deposit.shortfall > .zero else {
            throw .illegalTransition(command: ShopCommand.enforceTopUpDeadline.name, status: status)
        }
        let rulebook = context.rulebook
        let cause = governance.violations.last { $0.deducted > .zero || $0.owed > .zero }?.id ?? "deposit"
        let drafts = rulebook.deposit.missedTopUp.enumerated().map { index, spec in
            SanctionDraft(spec: spec, rule: "deposit.missedTopUp[\(index)]", untilToppedUp: spec.days == nil && !spec.isPermanent)
        }
        var balance = deposit.balance
        let events: [ShopEvent] = [.topUpDeadlineMissed(TopUpDeadlineMissed(deadline: due, shortfall: deposit.shortfall))]
        return events
            + impose(
                drafts, violation: cause, idPrefix: "topup-\(Int64(due.timeIntervalSince1970 * 1000))",
                reason: "未按期补交保证金 / deposit not topped up by \(due)",
                rulebook: rulebook, now: context.now, balance: &balance)
    }

    /// A sanction a rule calls for, before it is imposed.
    struct SanctionDraft {
        var spec: SanctionSpec
        var ledger: String?
        var node: Int?
        var rule: String
        var untilToppedUp = false
    }

    /// The events that impose `drafts` for `violation`: each sanction, and the suspension or
    /// expulsion (with the deposit's fate) that some of them bring.
    func impose(
        _ drafts: [SanctionDraft], violation: String, idPrefix: String, reason: String, rulebook: Rulebook, now: Date, balance: inout Money
    ) -> [ShopEvent] {
        var events: [ShopEvent] = []
        var status = self.status
        var suspendedUntil = self.suspendedUntil
        for (index, draft) in drafts.enumerated() {
            let until = draft.spec.days.map { ShanghaiCalendar.adding(days: $0, to: now) }
            let sanction = ImposedSanction(
                id: "\(idPrefix)#\(index + 1)", kind: draft.spec.kind, violation: violation, ledger: draft.ledger, node: draft.node,
                since: now, until: until, rights: draft.spec.rights ?? (draft.spec.kind == .restrictRights ? [.publishListings] : []),
                lifted: false, rule: draft.rule, ruleVersion: rulebook.version, untilToppedUp: draft.untilToppedUp ? true : nil)
            events.append(.sanctionImposed(SanctionImposed(sanction: sanction)))
            switch draft.spec.kind {
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

    /// Checks that the report carries what the violation type's deduction needs.
    static func validate(_ report: ViolationReport, against type: ViolationType) throws(DomainError) {
        guard let needs = type.deposit?.needs else { return }
        var found: [FieldViolation] = []
        if needs.buyers && (report.buyers ?? []).isEmpty {
            found.append(
                FieldViolation(field: "buyers", rule: "required", message: "该违规按买家赔付，请列出买家及实付金额 / name each buyer and what they paid"))
        }
        if needs.loss && (report.loss ?? .zero) <= .zero {
            found.append(FieldViolation(field: "lossCents", rule: "required", message: "请填写实际损失金额 / state the actual loss"))
        }
        guard found.isEmpty else { throw .invalid(found) }
    }

    static func validate(_ report: ViolationReport, now: Date, isKnown: Bool) throws(DomainError) {
        var found: [FieldViolation] = []
        if !Shop.isReference(report.id) {
            found.append(FieldViolation(field: "id", rule: "format", message: "违规编号为1–64个ASCII字符 / the id must be 1–64 printable ASCII characters"))
        } else if isKnown {
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
        if let buyers = report.buyers,
            buyers.count > 10_000 || buyers.contains(where: { $0.paid < .zero || $0.paid > Shop.largestPayment || !Shop.isReference($0.buyer) })
        {
            found.append(
                FieldViolation(field: "buyers", rule: "format", message: "买家为1–64个ASCII字符，金额不能为负 / at most 10,000 buyers with valid ids and amounts"))
        }
        if let loss = report.loss, loss < .zero || loss > Shop.largestPayment {
            found.append(FieldViolation(field: "lossCents", rule: "range", message: "损失金额无效 / the loss must be 0 or more"))
        }
        if (report.note?.utf8.count ?? 0) > 2_000 {
            found.append(FieldViolation(field: "note", rule: "size", message: "备注过长 / at most 2,000 bytes"))
        }
        guard found.isEmpty else { throw .invalid(found) }
    }
}
