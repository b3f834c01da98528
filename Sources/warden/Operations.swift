import ArgumentParser
import Foundation
import Logging
import WardenCore
import WardenServer
import WardenStore

/// `warden user add`: issue an account and print its token once.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage accounts.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand, StoreUser {
        static let configuration = CommandConfiguration(abstract: "Create an account and print its bearer token.")
        @Option(help: "merchant, reviewer, admin or system.") var role: String
        @Option(help: "A display name.") var name: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.with(self)
        }

        func use<Store: WardenStore>(_ store: Store, options: DatabaseOptions) async throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("--role: expected one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")), got '\(self.role)'")
            }
            let access = AccessService(store: store, clock: SystemClock())
            let issued = try await access.createAccount(role: role, name: name, by: .system)
            print("id\t\(issued.principal.id)\nrole\t\(role.rawValue)\ntoken\t\(issued.token)")
        }
    }
}

/// `warden rebuild`: recompute the projections from the log.
struct Rebuild: AsyncParsableCommand, StoreUser {
    static let configuration = CommandConfiguration(
        abstract: "Recompute every projection from the event log and report any difference.")
    @Flag(help: "Only compare; do not write the recomputed projections.") var check = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await database.with(self)
    }

    func use<Store: WardenStore>(_ store: Store, options: DatabaseOptions) async throws {
        let rebuilder = ProjectionRebuilder(store: store)
        let progress = Progress(label: "events")
        let report = try await rebuilder.rebuild(write: !check) { progress.update($0) }
        progress.finish()
        print("events \(report.eventsRead), shops \(report.shops), principals \(report.principals)")
        if report.isIdentical {
            print("projections identical to the log")
        } else {
            print("differences in \(report.mismatched.count): \(report.mismatched.prefix(20).joined(separator: ", "))")
            if check { throw ExitCode(1) }
            print("rewritten from the log")
        }
    }
}

/// `warden replay --policy FILE`: backtest a candidate rulebook on the recorded history.
struct Replay: AsyncParsableCommand, StoreUser {
    static let configuration = CommandConfiguration(
        abstract: "Replay the recorded violations under another rulebook and report what would change; live state is not touched.",
        discussion: "Without --policy the replay runs under the stored versions, each for the violations of its time: nothing may differ.")
    @Option(help: "The candidate rulebook YAML file; the stored versions when absent.") var policy: String?
    @Option(help: "Re-decide only violations recorded on or after this ISO 8601 instant.") var since: String?
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await database.with(self)
    }

    func use<Store: WardenStore>(_ store: Store, options: DatabaseOptions) async throws {
        let candidate = try policy.map { path in try Rulebook.load(yaml: try readFile(path), file: path) }
        var start: Date?
        if let since {
            guard let date = try? Date(since, strategy: .iso8601) else { throw ValidationError("--since: expected an ISO 8601 instant") }
            start = date
        }
        let categories = try options.loadPolicy().categories
        let progress = Progress(label: "events replayed")
        let registry: RulebookRegistry
        if let candidate {
            registry = RulebookRegistry(single: candidate)
        } else {
            let service = try options.rulebookService(store)
            do { registry = try await service.registry() } catch { throw ValidationError(describe(error)) }
        }
        let report = try await PolicyBacktest(store: store, categories: categories).run(rulebooks: registry, since: start, at: Date()) {
            progress.update($0)
        }
        progress.finish()
        let versions = candidate.map(\.version) ?? registry.live.map(\.version).joined(separator: ", ")
        print("replayed \(report.shopsReplayed) shops (\(report.eventsRead) events) under \(versions)")
        print("shops that would change: \(report.differences.count)")
        for difference in report.differences {
            print("\(difference.shop)\t\(difference.name)")
            print("  live:      \(difference.live)")
            print("  candidate: \(difference.candidate)")
        }
        for (status, count) in report.statusChanges.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            print("status → \(status.rawValue) (\(status.chineseName)): \(count)")
        }
        print("deposit balances change by \(report.balanceChange) in total")
    }
}

/// `warden jobs run`: run due background jobs once.
struct Jobs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Background jobs.", subcommands: [RunDue.self])

    struct RunDue: AsyncParsableCommand, StoreUser {
        static let configuration = CommandConfiguration(commandName: "run", abstract: "Run every job that is due now, once.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.with(self)
        }

        func use<Store: WardenStore>(_ store: Store, options: DatabaseOptions) async throws {
            let runner = JobRunner(shops: try options.shopService(store), logger: Logger(label: "warden.jobs"))
            print("jobs completed: \(try await runner.runDue())")
        }
    }
}

/// `warden policy check`: validate a rulebook or category file.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Rulebook files and the registry of rulebook versions.",
        subcommands: [Check.self, Diff.self, ListVersions.self, Publish.self, Promote.self, Retire.self, ShadowReportCommand.self])

    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "State what changes between two rulebooks: violation types, points, thresholds, deductions and sanctions.")
        @Argument(help: "The rulebook in force.") var old: String
        @Argument(help: "The candidate rulebook.") var new: String

        func run() async throws {
            let before = try Rulebook.load(yaml: try readFile(old), file: old)
            let after = try Rulebook.load(yaml: try readFile(new), file: new)
            let diff = RulebookDiff(from: before, to: after)
            if diff.changes.isEmpty {
                print("no differences")
            } else {
                for change in diff.changes { print(change) }
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a rulebook (or, with --categories, a category table).")
        @Argument(help: "The YAML file to check.") var file: String
        @Flag(help: "The file is a category table.") var categories = false

        func run() async throws {
            let text = try readFile(file)
            do {
                if categories {
                    let table = try CategoryTable.load(yaml: text, file: file)
                    print("ok: category table \(table.version), \(table.categories.count) categories")
                } else {
                    let rulebook = try Rulebook.load(yaml: text, file: file)
                    print("ok: rulebook \(rulebook.version), effective from \(rulebook.effectiveFrom.formatted(.iso8601))")
                }
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}

/// A one-line progress counter on a terminal; silent when output is not a terminal.
final class Progress: Sendable {
    let label: String
    let interactive = isatty(STDERR_FILENO) != 0

    init(label: String) { self.label = label }

    func update(_ count: Int) {
        guard interactive else { return }
        FileHandle.standardError.write(Data("\r\(label): \(count)".utf8))
    }

    func finish() {
        guard interactive else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
