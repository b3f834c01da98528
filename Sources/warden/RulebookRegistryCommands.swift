import ArgumentParser
import Foundation
import WardenCore
import WardenServer
import WardenStore

extension PolicyCommand {
    /// `warden policy list`: every stored rulebook version.
    struct ListVersions: AsyncParsableCommand, StoreUser {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the stored rulebook versions and which one governs now.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.with(self)
        }

        func use<Store: WardenStore>(_ store: Store, options: DatabaseOptions) async throws {
            let registry: RulebookRegistry
            let service = try options.rulebookService(store)
            do { registry = try await service.registry() } catch { throw ValidationError(describe(error)) }
            let current = registry.inForce(at: Date())?.version
            for version in registry.versions {
                let marker = version.rulebook.version == current ? "*" : " "
                let start = version.rulebook.effectiveFrom.formatted(.iso8601)
                print(
                    "\(marker) \(version.rulebook.version)\t\(version.state.rawValue)\tfrom \(start)\tpublished \(version.publishedAt.formatted(.iso8601))"
                )
            }
        }
    }

    /// `warden policy publish FILE`: store a new version, live or in shadow.
    struct Publish: AsyncParsableCommand, StoreUser {
        static let configuration = CommandConfiguration(
            abstract:
                "Store a rulebook file as a new version: live from its effectiveFrom (or --effective-from), or with --shadow beside the live one.",
            discussion:
                "A bad file is refused with its line and key, and nothing is stored. A live version must start after now and after the latest live one."
        )
        @Argument(help: "The rulebook YAML file.") var file: String
        @Flag(help: "Run it in shadow: it records what it would do with each new violation and governs nothing.") var shadow = false
        @Option(help: "When it governs from, as an ISO 8601 instant; the file's effectiveFrom when absent.") var effectiveFrom: String?
        @Option(name: .customLong("as"), help: "The acting admin's principal id.") var actor: String
        @Option(help: "An idempotency key, so that running the command twice applies it once.") var key: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try checkNotReserved(key)
            if shadow && effectiveFrom != nil { throw ValidationError("--effective-from: a shadow watches from now; give it when promoting") }
            try await database.with(self)
        }

        func use<Store: WardenStore>(_ store: Store, options: DatabaseOptions) async throws {
            let text = try readFile(file)
            let rulebook: Rulebook
            do { rulebook = try Rulebook.load(yaml: text, file: file) } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(1)
            }
            let start = try effectiveFrom.map { try instant($0, option: "--effective-from") }
            let admin = try await principal(actor, in: store)
            let service = try options.rulebookService(store)
            do {
                let outcome = try await service.execute(
                    .publish(text: text, shadow: shadow, effectiveFrom: start), by: admin.actor, idempotencyKey: key)
                let stored = outcome.registry.version(rulebook.version)
                print(
                    "\(rulebook.version)\t\(stored?.state.rawValue ?? "?")\tfrom \(stored?.rulebook.effectiveFrom.formatted(.iso8601) ?? "?")"
                        + (outcome.recorded ? "" : "\t(already recorded: nothing written)"))
            } catch {
                throw ValidationError(describe(error))
            }
        }
    }

    /// `warden policy promote VERSION`: a shadow goes live.
    struct Promote: AsyncParsableCommand, StoreUser {
        static let configuration = CommandConfiguration(abstract: "Make a shadow version live, from now or --effective-from.")
        @Argument(help: "The shadow version.") var version: String
        @Option(help: "When it governs from, as an ISO 8601 instant; a second from now when absent.") var effectiveFrom: String?
        @Option(name: .customLong("as"), help: "The acting admin's principal id.") var actor: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.with(self)
        }

        func use<Store: WardenStore>(_ store: Store, options: DatabaseOptions) async throws {
            let start = try effectiveFrom.map { try instant($0, option: "--effective-from") }
            let admin = try await principal(actor, in: store)
            let service = try options.rulebookService(store)
            do {
                let outcome = try await service.execute(.promote(version: version, effectiveFrom: start), by: admin.actor, idempotencyKey: nil)
                print("\(version)\tlive\tfrom \(outcome.registry.version(version)?.rulebook.effectiveFrom.formatted(.iso8601) ?? "?")")
            } catch {
                throw ValidationError(describe(error))
            }
        }
    }

    /// `warden policy retire VERSION`: a shadow stops watching.
    struct Retire: AsyncParsableCommand, StoreUser {
        static let configuration = CommandConfiguration(abstract: "Stop a shadow version watching, without making it live.")
        @Argument(help: "The shadow version.") var version: String
        @Option(name: .customLong("as"), help: "The acting admin's principal id.") var actor: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.with(self)
        }

        func use<Store: WardenStore>(_ store: Store, options: DatabaseOptions) async throws {
            let admin = try await principal(actor, in: store)
            let service = try options.rulebookService(store)
            do {
                _ = try await service.execute(.retire(version: version), by: admin.actor, idempotencyKey: nil)
                print("\(version)\tretired")
            } catch {
                throw ValidationError(describe(error))
            }
        }
    }

    /// `warden policy shadow-report VERSION`: what a shadow would have done.
    struct ShadowReportCommand: AsyncParsableCommand, StoreUser {
        static let configuration = CommandConfiguration(
            commandName: "shadow-report", abstract: "Compare what a shadow version would have done with what the live versions did.")
        @Argument(help: "The shadow version.") var version: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.with(self)
        }

        func use<Store: WardenStore>(_ store: Store, options: DatabaseOptions) async throws {
            let service = try options.rulebookService(store)
            let registry: RulebookRegistry
            do { registry = try await service.registry() } catch { throw ValidationError(describe(error)) }
            guard registry.version(version) != nil else { throw ValidationError(PolicyError.unknownVersion(version).message) }
            let progress = Progress(label: "events read")
            let report = try await ShadowReport.build(version: version, store: store) { progress.update($0) }
            progress.finish()
            print("shadow \(version): \(report.violationsSeen) violations seen, \(report.differing) decided differently")
            print("  live:   \(summary(report.live))")
            print("  shadow: \(summary(report.shadow))")
            for line in report.shops.prefix(20) {
                print("\(line.shop)\t\(line.violations) violations")
                print("  live:   \(summary(line.live))")
                print("  shadow: \(summary(line.shadow))")
            }
        }

        func summary(_ outcome: ShadowReport.Outcome) -> String {
            let sanctions = outcome.sanctions.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }
            return "points \(outcome.points) · deducted \(outcome.deducted) owed \(outcome.owed) · suspensions \(outcome.suspensions) · "
                + "expulsions \(outcome.expulsions) · refused \(outcome.refusals) · sanctions [\(sanctions.joined(separator: ", "))]"
        }
    }
}

/// An ISO 8601 instant from a command-line option.
func instant(_ text: String, option: String) throws -> Date {
    guard let date = try? Date(text, strategy: .iso8601) else {
        throw ValidationError("\(option): expected an ISO 8601 instant such as 2027-01-01T00:00:00+08:00")
    }
    return date
}
