public import ArgumentParser
import Foundation
import Logging
import WardenCore
import WardenServer
import WardenStore
import WardenStorePostgres
import WardenStoreSQLite

/// The options every command that touches data shares.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "The database: sqlite:PATH (default sqlite:data/warden.sqlite) or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE.")
    var database: String = "sqlite:data/warden.sqlite"

    @Option(
        name: .long,
        help: """
            What a SQLite commit survives: process (a killed process loses nothing; a power cut may take back the last \
            commits) or power (every commit waits for fsync). No effect on PostgreSQL. Decision 0034.
            """)
    var sqliteDurability: SQLiteDurability = .processCrash

    @Option(name: .long, help: "A rulebook YAML file to use instead of the bundled default.")
    var rulebook: String?

    @Option(name: .long, help: "A category table YAML file to use instead of the bundled default.")
    var categories: String?

    /// Opens the store the `--database` URL names, migrates it, and hands it to `user`.
    ///
    /// A PostgreSQL store's connection pool runs for exactly as long as `user` does.
    func with<User: StoreUser>(_ user: User) async throws -> User.Result {
        var logger = Logger(label: "warden.store")
        logger.logLevel = .warning
        if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
            let store = try PostgresStore(url: database, logger: logger)
            return try await store.withRunning { store in
                try await store.migrate()
                return try await user.use(store, options: self)
            }
        }
        let path: String
        if database.hasPrefix("sqlite:") {
            path = String(database.dropFirst("sqlite:".count))
        } else if !database.contains("://") {
            path = database
        } else {
            throw ValidationError("--database: expected sqlite:PATH or postgres://…, got '\(database)'")
        }
        let store = try SQLiteStore(path: path, durability: sqliteDurability)
        try await store.migrate()
        return try await user.use(store, options: self)
    }

    /// The configured rulebook (the registry's seed when the log holds none) with its file text,
    /// and the category table.
    func loadPolicy() throws -> (rulebook: Rulebook, text: String, categories: CategoryTable) {
        let text = try rulebook.map(readFile) ?? Rulebook.bundledDefaultText()
        let rules = try Rulebook.load(yaml: text, file: rulebook ?? "Resources/rulebook.yaml")
        let table = try categories.map { path in try CategoryTable.load(yaml: try readFile(path), file: path) } ?? CategoryTable.bundledDefault()
        return (rules, text, table)
    }

    /// The shop service over `store` and the policy in force.
    func shopService<Store: WardenStore>(_ store: Store, clock: any WardenClock = SystemClock()) throws -> ShopService<Store> {
        let (rules, text, table) = try loadPolicy()
        return try ShopService(store: store, clock: clock, rulebook: rules, rulebookText: text, categories: table)
    }

    /// The rulebook registry over `store`, seeded with the configured rulebook.
    func rulebookService<Store: WardenStore>(_ store: Store, clock: any WardenClock = SystemClock()) throws -> RulebookService<Store> {
        let (rules, text, _) = try loadPolicy()
        return RulebookService(store: store, clock: clock, seed: rules, seedText: text)
    }
}

extension SQLiteDurability: ExpressibleByArgument {}

/// A command that works on whichever store `--database` names.
protocol StoreUser {
    associatedtype Result: Sendable = Void
    func use<Store: WardenStore>(_ store: Store, options: DatabaseOptions) async throws -> Result
}

func readFile(_ path: String) throws -> String {
    do {
        return try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        throw ValidationError("cannot read \(path): \(error.localizedDescription)")
    }
}
