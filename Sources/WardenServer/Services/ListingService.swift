import Foundation
public import WardenCore
public import WardenScreening
public import WardenStore

/// Listings (商品): merchants write them, every revision is screened on write, and what
/// screening or a reviewer refuses is recorded against the shop as violations under the
/// rulebook, through the same path as a reviewer's violation (decision 0025).
public struct ListingService<Store: WardenStore>: Sendable {
    public let store: Store
    public let shops: ShopService<Store>
    public let screener: Screener
    /// Writes to one listing in this process wait their turn, so that two revisions do not both
    /// record violations for the same revision number (decision 0025).
    let locks: KeyedLock<ListingID>

    public init(shops: ShopService<Store>, screener: Screener, locks: KeyedLock<ListingID> = KeyedLock()) {
        self.store = shops.store
        self.shops = shops
        self.screener = screener
        self.locks = locks
    }

    /// What a listing command did.
    public struct Outcome: Sendable {
        public var listing: Listing
        public var events: [RecordedEvent<ListingEvent>]
        /// True when the idempotency key matched an earlier commit and nothing new was written.
        public var replayed: Bool
    }

    // MARK: - Reading

    /// The listing, if `actor` may see it: a merchant sees its own shops' listings only.
    public func listing(_ id: ListingID, for actor: Actor) async throws(ServiceError) -> Listing {
        let found: Listing?
        do { found = try await store.listing(id) } catch { throw .store(error) }
        guard let listing = found, actor.role != .merchant || listing.owner == actor.id else { throw .domain(.listingNotFound(id)) }
        return listing
    }

    /// Listings matching `query` that `actor` may see; a merchant must name one of its shops.
    public func listings(_ query: ListingQuery, for actor: Actor) async throws(ServiceError) -> [Listing] {
        if actor.role == .merchant {
            guard let shop = query.shop else { throw .domain(.forbidden(command: "listAllListings")) }
            _ = try await shops.shop(shop, for: actor)
        }
        do { return try await store.listings(query) } catch { throw .store(error) }
    }

    /// Whether each listing is on sale now, read from the shops they belong to.
    public func availability(of listings: [Listing]) async throws(ServiceError) -> [ListingID: ListingAvailability] {
        let shops: [ShopID: Shop]
        do { shops = try await store.shops(ids: listings.map(\.shop)) } catch { throw .store(error) }
        let now = self.shops.clock.now
        var found: [ListingID: ListingAvailability] = [:]
        for listing in listings { found[listing.id] = ListingAvailability.of(listing, in: shops[listing.shop], at: now) }
        return found
    }

    /// The listing's events, if `actor` may see the listing.
    public func history(of id: ListingID, for actor: Actor) async throws(ServiceError) -> [RecordedEvent<ListingEvent>] {
        _ = try await listing(id, for: actor)
        do { return try await store.history(of: id) } catch { throw .store(error) }
    }

    // MARK: - Writing

    /// Lists a product in a shop and screens it.
    ///
    /// With an idempotency key the listing's id is derived from the shop and the key, so a retry
    /// names the same listing and records nothing twice (its violations included).
    public func create(
        _ content: ListingContent, in shopID: ShopID, by actor: Actor, idempotencyKey: String?, requestID: String? = nil
    ) async throws(ServiceError) -> Outcome {
        let id = idempotencyKey.map { Self.listingID(shop: shopID, key: $0) } ?? ListingID.random()
        let key = idempotencyKey ?? "create:\(id)"
        // A random id has no history to replay.
        if idempotencyKey != nil, let earlier = try await replay(id, key: key, for: actor) { return earlier }
        let shop = try await shops.shop(shopID, for: actor)
        let now = shops.clock.now.wholeMilliseconds
        let rulebook = try await rulebook(at: now)
        let created: ListingEvent
        do { created = try Listing.create(content, in: shop, by: actor, at: now) } catch { throw .domain(error) }
        guard let draft = Listing.start(id: id, with: created, at: now) else { throw .conflict("listing \(id) could not start") }
        let screened = try await screen(draft, shop: shop, under: rulebook, at: now)
        return try await commit(
            [created, screened], onto: nil, id: id, key: key, by: actor, under: rulebook, at: now, requestID: requestID)
    }

    /// Revises a listing (the next revision) and screens it again.
    public func revise(
        _ id: ListingID, content: ListingContent, by actor: Actor, idempotencyKey: String?, requestID: String? = nil
    ) async throws(ServiceError) -> Outcome {
        try await locks.withLock(id) { () async throws(ServiceError) -> Outcome in
            try await reviseLocked(id, content: content, by: actor, idempotencyKey: idempotencyKey, requestID: requestID)
        }
    }

    private func reviseLocked(
        _ id: ListingID, content: ListingContent, by actor: Actor, idempotencyKey: String?, requestID: String?
    ) async throws(ServiceError) -> Outcome {
        let key = idempotencyKey ?? "auto:\(UUID().uuidString)"
        if idempotencyKey != nil, let earlier = try await replay(id, key: key, for: actor) { return earlier }
        let listing = try await listing(id, for: actor)
        let shop = try await shops.shop(listing.shop, for: actor)
        let now = shops.clock.now.wholeMilliseconds
        let rulebook = try await rulebook(at: now)
        let revised: ListingEvent
        do { revised = try listing.revise(content, in: shop, by: actor, at: now) } catch { throw .domain(error) }
        var next = listing
        next.evolve(revised, at: now)
        let screened = try await screen(next, shop: shop, under: rulebook, at: now)
        return try await commit(
            [revised, screened], onto: listing, id: id, key: key, by: actor, under: rulebook, at: now, requestID: requestID)
    }

    /// A reviewer's verdict on a listing screening sent to review: approve puts it on sale; reject
    /// refuses it and records the violations its findings name, as screening does on reject.
    public func review(
        _ id: ListingID, verdict: ListingReviewed.Verdict, note: String?, by actor: Actor, idempotencyKey: String?, requestID: String? = nil
    ) async throws(ServiceError) -> Outcome {
        try await locks.withLock(id) { () async throws(ServiceError) -> Outcome in
            try await reviewLocked(id, verdict: verdict, note: note, by: actor, idempotencyKey: idempotencyKey, requestID: requestID)
        }
    }

    private func reviewLocked(
        _ id: ListingID, verdict: ListingReviewed.Verdict, note: String?, by actor: Actor, idempotencyKey: String?, requestID: String?
    ) async throws(ServiceError) -> Outcome {
        let key = idempotencyKey ?? "auto:\(UUID().uuidString)"
        if idempotencyKey != nil, let earlier = try await replay(id, key: key, for: actor) { return earlier }
        let listing = try await listing(id, for: actor)
        do { try listing.checkReview(by: actor) } catch { throw .domain(error) }
        let now = shops.clock.now.wholeMilliseconds
        let rulebook = try await rulebook(at: now)
        var violations: [String] = []
        if verdict == .reject, let screening = listing.screening {
            violations = try await record(
                screening.findings, of: listing, tag: "review", by: actor, under: rulebook, at: now, allDecisions: true)
        }
        let reviewed = ListingEvent.listingReviewed(
            ListingReviewed(revision: listing.revision, verdict: verdict, reviewer: actor.id, note: note, violations: violations))
        return try await commit([reviewed], onto: listing, id: id, key: key, by: actor, under: rulebook, at: now, requestID: requestID)
    }

    // MARK: - Screening

    /// Screens the listing's current revision and, when screening refuses it, records its violations.
    func screen(_ listing: Listing, shop: Shop, under rulebook: Rulebook, at now: Date) async throws(ServiceError) -> ListingEvent {
        let content = listing.content
        let result = screener.screen(
            listing: ScreenedListing(
                title: content.title, description: content.description, category: content.category, brand: content.brand,
                attributes: content.attributes),
            authorisedBrands: Self.authorisedBrands(of: shop, in: screener.brands.dictionary))
        let findings = ListingFindings.make(result.findings, rulebook: rulebook)
        var decision = findings.map(\.decision).max() ?? .pass
        // Expulsion (清退) is never decided by a keyword match alone: a listing whose findings
        // would expel the shop waits for a reviewer, whose rejection records them all.
        let expelling = Set(
            rulebook.violations.filter { type in type.sanctions.contains { $0.kind == .expel || $0.kind == .sealAccount } }.map(\.code))
        if decision == .reject, findings.contains(where: { $0.decision > .pass && expelling.contains($0.violation) }) { decision = .review }
        var violations: [String] = []
        if decision == .reject {
            violations = try await record(
                findings, of: listing, tag: "r\(listing.revision)", by: .system, under: rulebook, at: now, allDecisions: false)
        }
        return .listingScreened(
            ListingScreened(
                revision: listing.revision, decision: decision, findings: findings, dictionaryVersion: screener.dictionary.version,
                ruleVersion: rulebook.version, violations: violations))
    }

    /// Records one violation per violation type the findings name (refused ones only unless
    /// `allDecisions`), keyed by the listing, revision and type so that a retry records each once.
    /// Types the rulebook in force does not know are skipped: they stay findings.
    func record(
        _ findings: [ListingFinding], of listing: Listing, tag: String, by actor: Actor, under rulebook: Rulebook, at now: Date,
        allDecisions: Bool
    ) async throws(ServiceError) -> [String] {
        let known = Set(rulebook.violations.map(\.code))
        var byType: [String: [ListingFinding]] = [:]
        for finding in findings where (allDecisions || finding.decision == .reject) && known.contains(finding.violation) {
            byType[finding.violation, default: []].append(finding)
        }
        let items = byType.keys.sorted().map { type in
            let terms = (byType[type] ?? []).map(\.term)
            return ShopService<Store>.BatchItem(
                shop: listing.shop,
                report: ViolationReport(
                    id: "\(listing.id.rawValue)-\(tag)-\(type)", type: type, occurredAt: now,
                    evidence: ["listing:\(listing.id.rawValue)#r\(listing.revision)"] + terms.map { "term:\($0)" },
                    product: listing.id.rawValue, note: "商品筛查 / listing screening: \(terms.joined(separator: ", "))"))
        }
        guard !items.isEmpty else { return [] }
        let results = try await shops.recordViolations(items, by: actor)
        var recorded: [String] = []
        for (item, result) in zip(items, results) {
            switch result {
            case .recorded, .duplicate: recorded.append(item.report.id)
            // The rules refused it (the shop was expelled by an earlier one, say): it stays a finding.
            case .refused: continue
            }
        }
        return recorded
    }

    /// The brand codes the shop holds papers for: the brands of its application (品牌资质),
    /// each matched by code, Chinese or English name, ignoring case and spaces. A brand the
    /// brand table does not know authorises nothing, as nothing would flag it.
    static func authorisedBrands(of shop: Shop, in dictionary: BrandDictionary) -> Set<String> {
        func key(_ name: String) -> String { name.lowercased().filter { !$0.isWhitespace } }
        let held = Set(shop.application.brands.map { key($0.brand) })
        var codes: Set<String> = []
        for brand in dictionary.brands where ([brand.code] + brand.zh + (brand.en ?? [])).contains(where: { held.contains(key($0)) }) {
            codes.insert(brand.code)
        }
        return codes
    }

    // MARK: - Helpers

    /// The events of an earlier commit with `key`, answered as that commit's outcome.
    func replay(_ id: ListingID, key: String, for actor: Actor) async throws(ServiceError) -> Outcome? {
        let history: [RecordedEvent<ListingEvent>]
        do { history = try await store.history(of: id) } catch { throw .store(error) }
        let earlier = history.filter { $0.metadata.idempotencyKey == key }
        guard !earlier.isEmpty else { return nil }
        return Outcome(listing: try await listing(id, for: actor), events: earlier, replayed: true)
    }

    /// The rulebook version in force at `now`, read once per command.
    func rulebook(at now: Date) async throws(ServiceError) -> Rulebook {
        try await shops.rulebooks.registry().inForce(at: now) ?? shops.rulebooks.seed
    }

    /// Appends `events` onto `listing` (`nil` for a new one: the events start it).
    func commit(
        _ events: [ListingEvent], onto listing: Listing?, id: ListingID, key: String, by actor: Actor, under rulebook: Rulebook, at now: Date,
        requestID: String?
    ) async throws(ServiceError) -> Outcome {
        let resulting: Listing?
        if var next = listing {
            for event in events { next.evolve(event, at: now) }
            resulting = next
        } else {
            resulting = Listing.fold(id: id, events.map { ($0, now) })
        }
        guard let next = resulting else { throw .conflict("listing \(id) does not start with its creation") }
        let commit = ListingCommit(
            listing: id, expectedVersion: listing?.version ?? 0, events: events, recordedAt: now,
            metadata: EventMetadata(
                principal: actor.id, role: actor.role, idempotencyKey: key, reason: nil, ruleVersion: rulebook.version, requestID: requestID),
            resulting: next)
        let outcome: AppendOutcome<ListingEvent>
        do { outcome = try await store.append(commit) } catch {
            if case .versionConflict = error { throw .conflict("listing \(id) changed meanwhile; read it again") }
            throw .store(error)
        }
        switch outcome {
        case .appended(let recorded): return Outcome(listing: next, events: recorded, replayed: false)
        case .duplicate(let recorded):
            let stored: Listing?
            do { stored = try await store.listing(id) } catch { throw .store(error) }
            return Outcome(listing: stored ?? next, events: recorded, replayed: true)
        }
    }

    /// The listing id a create with `key` in `shop` gets: the same on every retry.
    static func listingID(shop: ShopID, key: String) -> ListingID {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(shop.rawValue)\u{1F}\(key)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return ListingID(rawValue: "lst_" + String(hash, radix: 32))
    }
}

extension ListingDecision {
    init(_ decision: ScreeningDecision) {
        switch decision {
        case .pass: self = .pass
        case .review: self = .review
        case .reject: self = .reject
        }
    }
}

/// How screening's findings become a listing's: each with its rule, disguises named as 信息作弊.
public enum ListingFindings {
    /// Techniques that show a term was hidden on purpose (信息作弊), not merely written in
    /// another script or width.
    public static let disguises: Set<String> = ["lookalike", "separated", "split", "pinyin", "initials", "mixed", "homophone"]

    /// Screening's findings as the listing records them, each with its rule, and 信息作弊 findings
    /// for refused terms that were disguised.
    ///
    /// A term found only by its sound (same-sound characters) goes to a reviewer instead of being
    /// refused outright: everyday words share sounds with prohibited ones (decision 0025).
    public static func make(_ screened: [ScreeningFinding], rulebook: Rulebook) -> [ListingFinding] {
        var findings: [ListingFinding] = []
        for finding in screened {
            var decision = ListingDecision(finding.decision)
            if finding.technique == "homophone", decision == .reject { decision = .review }
            findings.append(
                ListingFinding(
                    violation: finding.violation, rule: "\(finding.violation)@\(rulebook.version)", category: finding.category,
                    term: finding.term, field: finding.field, span: finding.span, technique: finding.technique,
                    techniques: finding.techniques, decision: decision, belongsIn: finding.belongsIn))
            let disguises = Set(finding.techniques).intersection(disguises).sorted()
            if !disguises.isEmpty, finding.violation == "prohibited-goods" {
                findings.append(
                    ListingFinding(
                        violation: "information-cheating", rule: "information-cheating@\(rulebook.version)", category: "disguised-term",
                        term: finding.term, field: finding.field, span: finding.span, technique: finding.technique,
                        techniques: disguises, decision: decision))
            }
        }
        return findings
    }
}
