public import Foundation

/// Every rulebook version the log holds, and which one governs when.
///
/// The fold of the policy stream's ``PolicyEvent``s. Live versions govern in turn, each from its
/// effective-from instant until the next one's; a violation is decided under the version in force
/// at the instant it occurred. Shadow versions govern nothing: they see each new violation and
/// record what they would have done.
public struct RulebookRegistry: Sendable {
    /// One stored version and where it stands.
    public struct Version: Sendable {
        public enum State: String, Sendable, Codable {
            case live
            case shadow
            /// A shadow that was retired without going live.
            case retired
        }

        public var rulebook: Rulebook
        /// The file as submitted.
        public var text: String
        public var state: State
        public var publishedAt: Date
        /// For a shadow (or a promoted or retired one): when it started watching.
        public var watchingSince: Date?
        /// When a retired shadow stopped watching, or a promoted one went live.
        public var watchingUntil: Date?
    }

    /// Every version, in publication order.
    public private(set) var versions: [Version]
    /// How many policy events were folded: the stream's version.
    public private(set) var streamVersion: Int

    /// An empty registry.
    public init() {
        self.versions = []
        self.streamVersion = 0
    }

    /// A registry holding one live rulebook, for replays and tests.
    public init(single rulebook: Rulebook) {
        self.versions = [Version(rulebook: rulebook, text: "", state: .live, publishedAt: rulebook.effectiveFrom)]
        self.streamVersion = 0
    }

    /// The live versions, by effective-from.
    public var live: [Rulebook] {
        versions.filter { $0.state == .live }.map(\.rulebook).sorted { $0.effectiveFrom < $1.effectiveFrom }
    }

    /// The shadow versions watching now.
    public var shadows: [Version] { versions.filter { $0.state == .shadow } }

    /// The version with label `version`.
    public func version(_ label: String) -> Version? { versions.first { $0.rulebook.version == label } }

    /// The live version governing `instant`: the latest whose effective-from is not after it; the
    /// earliest when the instant precedes them all. `nil` only for an empty registry.
    public func inForce(at instant: Date) -> Rulebook? {
        Self.inForce(at: instant, among: live)
    }

    /// ``inForce(at:)`` among `live` (``live``, taken once for many instants: it filters, copies
    /// and sorts the versions each time it is read).
    public static func inForce(at instant: Date, among live: [Rulebook]) -> Rulebook? {
        live.last { $0.effectiveFrom <= instant } ?? live.first
    }

    /// Folds one event recorded at `instant`; the published text is parsed again.
    public mutating func apply(_ event: PolicyEvent, at instant: Date) throws(PolicyFileError) {
        streamVersion += 1
        switch event {
        case .published(let published):
            var rulebook = try Rulebook.load(yaml: published.text, file: "rulebook \(published.version)")
            rulebook.effectiveFrom = published.effectiveFrom
            versions.append(
                Version(
                    rulebook: rulebook, text: published.text, state: published.shadow ? .shadow : .live, publishedAt: instant,
                    watchingSince: published.shadow ? published.effectiveFrom : nil))
        case .promoted(let promoted):
            guard let index = versions.firstIndex(where: { $0.rulebook.version == promoted.version }) else { return }
            versions[index].state = .live
            versions[index].rulebook.effectiveFrom = promoted.effectiveFrom
            versions[index].watchingUntil = promoted.effectiveFrom
        case .retired(let retired):
            guard let index = versions.firstIndex(where: { $0.rulebook.version == retired.version }) else { return }
            versions[index].state = .retired
            versions[index].watchingUntil = instant
        }
    }

    /// Folds a whole policy stream, oldest first.
    public static func fold(_ history: some Sequence<(event: PolicyEvent, at: Date)>) throws(PolicyFileError) -> RulebookRegistry {
        var registry = RulebookRegistry()
        for (event, instant) in history { try registry.apply(event, at: instant) }
        return registry
    }
}
