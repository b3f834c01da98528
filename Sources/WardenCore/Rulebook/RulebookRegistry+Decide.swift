public import Foundation

/// What an admin asks of the rulebook registry.
public enum PolicyCommand: Hashable, Sendable {
    /// Stores a rulebook file as a new version: live from its effective-from instant (or
    /// `effectiveFrom` when given), or in shadow from now.
    case publish(text: String, shadow: Bool, effectiveFrom: Date?)
    /// Makes a shadow version live from `effectiveFrom` (a second from now when absent).
    case promote(version: String, effectiveFrom: Date?)
    /// Stops a shadow version watching.
    case retire(version: String)
}

/// Why a policy command was refused; nothing changes when one is thrown.
public enum PolicyError: Error, Equatable, Sendable {
    /// The rulebook file does not parse or breaks a rule; the error names line and key.
    case invalidFile(PolicyFileError)
    /// Another version already has this label (with other content).
    case versionExists(String)
    /// No version has this label.
    case unknownVersion(String)
    /// The version is not a shadow, so it cannot be promoted or retired.
    case notShadow(String)
    /// A live version must start after now and after the latest live version, so that no
    /// decision already taken changes its rulebook.
    case effectiveTooEarly(version: String, effectiveFrom: Date, earliest: Date)

    /// A stable slug for the error kind.
    public var code: String {
        switch self {
        case .invalidFile: "invalid-rulebook"
        case .versionExists: "version-exists"
        case .unknownVersion: "not-found"
        case .notShadow: "not-shadow"
        case .effectiveTooEarly: "effective-too-early"
        }
    }

    /// A one-line explanation, Chinese first and English second.
    public var message: String {
        switch self {
        case .invalidFile(let error): "规则文件无效 / Invalid rulebook: \(error)"
        case .versionExists(let version): "规则版本「\(version)」已存在且内容不同 / Version '\(version)' already exists with other content"
        case .unknownVersion(let version): "规则版本「\(version)」不存在 / No rulebook version '\(version)'"
        case .notShadow(let version): "规则版本「\(version)」不是影子版本 / Version '\(version)' is not running in shadow"
        case .effectiveTooEarly(let version, let effectiveFrom, let earliest):
            "生效时间须晚于现行版本且不早于现在 / Version '\(version)' cannot take effect at \(effectiveFrom.formatted(.iso8601)); the earliest is \(earliest.formatted(.iso8601))"
        }
    }
}

extension RulebookRegistry {
    /// Decides what `command` records, or refuses it. An identical re-publication records nothing.
    public func decide(_ command: PolicyCommand, now: Date) throws(PolicyError) -> [PolicyEvent] {
        switch command {
        case .publish(let text, let shadow, let effectiveFrom):
            let rulebook: Rulebook
            do { rulebook = try Rulebook.load(yaml: text, file: "rulebook") } catch { throw .invalidFile(error) }
            if let existing = version(rulebook.version) {
                guard existing.text == text else { throw .versionExists(rulebook.version) }
                return []
            }
            if shadow {
                return [.published(RulebookPublished(version: rulebook.version, effectiveFrom: now, shadow: true, text: text))]
            }
            let start = effectiveFrom ?? rulebook.effectiveFrom
            try checkStart(rulebook.version, start, now: now)
            return [.published(RulebookPublished(version: rulebook.version, effectiveFrom: start, shadow: false, text: text))]

        case .promote(let label, let effectiveFrom):
            guard let existing = version(label) else { throw .unknownVersion(label) }
            guard existing.state == .shadow else { throw .notShadow(label) }
            let start = effectiveFrom ?? now.addingTimeInterval(Self.startMargin)
            try checkStart(label, start, now: now)
            return [.promoted(RulebookPromoted(version: label, effectiveFrom: start))]

        case .retire(let label):
            guard let existing = version(label) else { throw .unknownVersion(label) }
            guard existing.state == .shadow else { throw .notShadow(label) }
            return [.retired(RulebookRetired(version: label))]
        }
    }

    /// How far ahead of now a new live version may start at the earliest: decisions already being
    /// taken (in this process or another) finish under the version they read.
    public static let startMargin: TimeInterval = 1

    /// A new live version starts no earlier than ``startMargin`` from now and after the latest
    /// live one; the first version of an empty registry may start whenever its file says.
    private func checkStart(_ label: String, _ start: Date, now: Date) throws(PolicyError) {
        guard let latest = live.last else { return }
        let earliest = max(now.addingTimeInterval(Self.startMargin), latest.effectiveFrom.addingTimeInterval(0.001))
        guard start >= earliest else { throw .effectiveTooEarly(version: label, effectiveFrom: start, earliest: earliest) }
    }
}
