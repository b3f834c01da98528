import Foundation

extension Shop {
    /// Decides the first event of a new shop: a merchant's draft application.
    ///
    /// Drafts are checked only for what would make them unusable (a barred subject); the full
    /// rules run on ``ShopCommand/submit``, so a merchant can save a half-finished application.
    public static func draft(
        _ application: ShopApplication, in context: ShopDecisionContext
    ) throws(DomainError) -> ShopEvent {
        guard context.actor.role == .merchant else { throw .forbidden(command: "draft") }
        let oversized = ApplicationRules.sizeViolations(application)
        guard oversized.isEmpty else { throw .invalid(oversized) }
        try checkStanding(context, subjectKey: application.subject.subjectKey)
        return .applicationDrafted(ApplicationDrafted(owner: context.actor.id, application: application))
    }

    /// Decides what `command` does to this shop, or refuses it; the shop itself is unchanged.
    public func decide(_ command: ShopCommand, in context: ShopDecisionContext) throws(DomainError) -> [ShopEvent] {
        try authorize(command, context.actor)
        switch command {
        case .updateApplication(let application):
            try require(command, in: [.applying, .rejected])
            let oversized = ApplicationRules.sizeViolations(application)
            guard oversized.isEmpty else { throw .invalid(oversized) }
            return [.applicationUpdated(application)]

        case .submit:
            try require(command, in: [.applying, .rejected])
            try Shop.checkStanding(context, subjectKey: subjectKey)
            let violations = ApplicationRules.validate(application, rulebook: context.rulebook, categories: context.categories)
            guard violations.isEmpty else { throw .invalid(violations) }
            return [.applicationSubmitted]

        case .approve(let note):
            try require(command, in: [.underReview])
            // The subject may have been expelled elsewhere while this application waited.
            try Shop.checkStanding(context, subjectKey: subjectKey)
            guard
                let deposit = context.categories.requiredDeposit(
                    categories: application.allCategories, subject: application.subject.type,
                    shopType: application.shopType)
            else {
                throw .invalid([FieldViolation(field: "mainCategory", rule: "unknown-category", message: "类目不存在 / unknown category")])
            }
            return [.applicationApproved(ApplicationApproved(requiredDeposit: deposit.amount, depositBasis: deposit.basis, note: note))]

        case .reject(let reasons):
            try require(command, in: [.underReview])
            let given = reasons.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            guard !given.isEmpty else {
                throw .invalid([FieldViolation(field: "reasons", rule: "required", message: "请填写驳回原因 / give at least one reason")])
            }
            return [.applicationRejected(ApplicationRejected(reasons: given))]

        case .signContract(let version):
            try require(command, in: [.awaitingContract])
            guard !version.isEmpty else {
                throw .invalid([FieldViolation(field: "contractVersion", rule: "required", message: "缺少合同版本 / contract version required")])
            }
            return [.contractSigned(ContractSigned(contractVersion: version))]

        case .payDeposit(let amount, let reference):
            try require(command, in: [.awaitingDeposit, .open, .restricted, .suspended])
            var violations: [FieldViolation] = []
            if amount <= .zero || amount > Shop.largestPayment {
                violations.append(
                    FieldViolation(
                        field: "amountCents", rule: "range",
                        message: "金额须在0.01元至\(Shop.largestPayment)之间 / amount must be positive and at most \(Shop.largestPayment)"))
            }
            if !Shop.isReference(reference) {
                violations.append(
                    FieldViolation(
                        field: "reference", rule: "format",
                        message: "付款流水号为1–64个ASCII字符 / reference must be 1–64 printable ASCII characters"))
            }
            guard violations.isEmpty else { throw .invalid(violations) }
            var events: [ShopEvent] = [.depositPaid(DepositPaid(amount: amount, reference: reference))]
            // What is owed is settled first; only the rest counts towards the requirement.
            let settled = min(deposit.owed, amount)
            let balanceAfter = deposit.balance + amount - settled
            if status == .awaitingDeposit && balanceAfter >= deposit.required {
                events.append(.shopOpened(ShopOpened(channels: application.channels)))
            }
            // Topped up in full: what the missed deadline imposed ends.
            if balanceAfter >= deposit.required && deposit.owed == settled {
                for sanction in governance.sanctions where sanction.untilToppedUp == true && sanction.isActive(at: context.now) {
                    events.append(.sanctionLifted(SanctionLifted(sanction: sanction.id, reason: .toppedUp)))
                }
            }
            return events

        case .rename(let newName):
            try require(command, in: [.open, .restricted])
            return [try rename(to: newName, in: context)]

        case .restrict(let rights, let reason):
            try require(command, in: [.open, .restricted, .suspended])
            guard !rights.isEmpty else {
                throw .invalid([FieldViolation(field: "rights", rule: "required", message: "请选择限制的权限 / name at least one right")])
            }
            return [.shopRestricted(ShopRestricted(rights: rights, reason: try Shop.reason(reason)))]

        case .liftRestriction:
            guard status == .restricted || (status == .suspended && statusBeforeSuspension == .restricted) else {
                throw .illegalTransition(command: command.name, status: status)
            }
            return [.restrictionLifted]

        case .suspend(let until, let reason):
            try require(command, in: [.open, .restricted, .suspended])
            guard until > context.now else {
                throw .invalid([FieldViolation(field: "until", rule: "future", message: "封禁结束时间必须晚于现在 / the end must be in the future")])
            }
            return [.shopSuspended(ShopSuspended(until: until, reason: try Shop.reason(reason)))]

        case .liftSuspension(let automatic):
            try require(command, in: [.suspended])
            if automatic, let until = suspendedUntil, context.now < until {
                throw .illegalTransition(command: command.name, status: status)
            }
            return [.suspensionLifted(SuspensionLifted(automatic: automatic))]

        case .close:
            // An open shop's exit (主动退店) starts the re-entry cooldown; withdrawing an
            // application that never opened does not. Either way the deposit waits out the
            // holding period before it is refunded.
            try require(command, in: [.applying, .underReview, .rejected, .awaitingContract, .awaitingDeposit, .open, .restricted])
            let rules = context.rulebook
            let cooldown = openedAt == nil ? 0 : rules.reentry.voluntaryExitCooldownMonths
            return [
                .shopClosed(
                    ShopClosed(
                        reopenAllowedFrom: ShanghaiCalendar.adding(months: cooldown, to: context.now),
                        refundDueAt: ShanghaiCalendar.adding(days: rules.deposit.refundHoldingDays, to: context.now)))
            ]

        case .refundDeposit:
            try require(command, in: [.closed])
            guard let due = refundDueAt, context.now >= due, deposit.balance > .zero else {
                throw .illegalTransition(command: command.name, status: status)
            }
            return [.depositRefunded(DepositMovement(amount: deposit.balance))]

        case .recordViolation(let report):
            try require(command, in: [.underReview, .awaitingContract, .awaitingDeposit, .open, .restricted, .suspended])
            return try recordViolation(report, in: context)

        case .enforceTopUpDeadline:
            return try enforceTopUpDeadline(in: context)

        case .expel(let reason):
            guard !status.isFinal else { throw .illegalTransition(command: command.name, status: status) }
            var events: [ShopEvent] = [
                .shopExpelled(ShopExpelled(reason: try Shop.reason(reason), subjectBarred: context.rulebook.reentry.expulsionBarsSubject))
            ]
            if deposit.balance > .zero {
                let movement = DepositMovement(amount: deposit.balance)
                events.append(context.rulebook.deposit.refundOnExpulsion ? .depositRefunded(movement) : .depositForfeited(movement))
            }
            return events
        }
    }

    // MARK: - Rules shared by several commands

    /// The largest single payment accepted: ¥10,000,000,000, far above any deposit, and far
    /// below where sums of cents could overflow.
    public static let largestPayment = Money(cents: 1_000_000_000_000)

    /// Whether `text` is a usable payment reference: 1–64 printable ASCII characters.
    public static func isReference(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    private func require(_ command: ShopCommand, in statuses: Set<ShopStatus>) throws(DomainError) {
        guard statuses.contains(status) else { throw .illegalTransition(command: command.name, status: status) }
    }

    private func authorize(_ command: ShopCommand, _ actor: Actor) throws(DomainError) {
        let allowed: Bool
        switch command {
        case .updateApplication, .submit, .signContract, .rename, .close:
            allowed = actor.role == .merchant && actor.id == owner
        case .payDeposit:
            // Money arrives through the marketplace's payment system (or an admin correcting it),
            // never on a merchant's word.
            allowed = actor.role == .admin || actor.role == .system
        case .approve, .reject, .restrict, .liftRestriction, .suspend, .expel:
            allowed = actor.isStaff
        case .liftSuspension(let automatic):
            allowed = automatic ? actor.role == .system : actor.isStaff
        case .refundDeposit, .enforceTopUpDeadline:
            allowed = actor.role == .system
        case .recordViolation:
            // Reviewers decide cases; screening and fraud detection report as systems.
            allowed = actor.isStaff || actor.role == .system
        }
        guard allowed else { throw .forbidden(command: command.name) }
    }

    private static func checkStanding(_ context: ShopDecisionContext, subjectKey: String) throws(DomainError) {
        switch context.subjectStanding {
        case .clear: return
        case .barred(let since): throw .subjectBarred(subjectKey: subjectKey, since: since)
        case .coolingDown(let until): throw .subjectCoolingDown(subjectKey: subjectKey, until: until)
        }
    }

    private static func reason(_ text: String) throws(DomainError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 500 else {
            throw .invalid([FieldViolation(field: "reason", rule: "length", message: "原因为1–500个字符 / reason must be 1–500 characters")])
        }
        return trimmed
    }

    private func rename(to newName: String, in context: ShopDecisionContext) throws(DomainError) -> ShopEvent {
        let rules = context.rulebook.renames
        if application.shopType.isBranded && !rules.brandedMayRename {
            throw .invalid([
                FieldViolation(
                    field: "name", rule: "rename-not-allowed",
                    message: "\(application.shopType.chineseName)名称提交后不可修改 / a \(application.shopType.rawValue) shop cannot be renamed")
            ])
        }
        let half = ShanghaiCalendar.halfYear(of: context.now)
        let used = renames.filter { ShanghaiCalendar.halfYear(of: $0.at) == half }.count
        if used >= rules.ordinaryPerHalfYear {
            throw .invalid([
                FieldViolation(
                    field: "name", rule: "rename-limit",
                    message: "每半年最多改名\(rules.ordinaryPerHalfYear)次 / at most \(rules.ordinaryPerHalfYear) renames per half-year")
            ])
        }
        var renamed = application
        renamed.shopName = newName
        let violations = ShopNameRules.validate(renamed, rules: context.rulebook.naming).map {
            FieldViolation(field: "name", rule: $0.rule, message: $0.message)
        }
        guard violations.isEmpty else { throw .invalid(violations) }
        guard Shop.nameKey(newName) != Shop.nameKey(name) else {
            throw .invalid([FieldViolation(field: "name", rule: "unchanged", message: "新名称与原名称相同 / the name is unchanged")])
        }
        return .shopRenamed(ShopRenamed(from: name, to: newName))
    }
}
