import ArgumentParser
import Foundation
import Logging
import WardenCore
import WardenServer
import WardenStore
import WardenStoreSQLite

/// The options every command that touches data shares.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "The database: sqlite:PATH (default sqlite:data/warden.sqlite) or postgres://USER@HOST:PORT/DB.")
    var database: String = "sqlite:data/warden.sqlite"

    @Option(name: .long, help: "A rulebook YAML file to use instead of the bundled default.")
    var rulebook: String?

    @Option(name: .long, help: "A category table YAML file to use instead of the bundled default.")
    var categories: String?

    /// Opens and migrates the store the `--database` URL names.
    func openStore() async throws -> SQLiteStore {
        let store: SQLiteStore
        if database.hasPrefix("sqlite:") {
            store = try SQLiteStore(path: String(database.dropFirst("sqlite:".count)))
        } else if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
            throw ValidationError("--database: PostgreSQL support is not built yet (issue 3); use sqlite:PATH")
        } else if !database.contains("://") {
            store = try SQLiteStore(path: database)
        } else {
            throw ValidationError("--database: expected sqlite:PATH or postgres://…, got '\(database)'")
        }
        try await store.migrate()
        return store
    }

    /// The rulebook and category table in force.
    func loadPolicy() throws -> (Rulebook, CategoryTable) {
        let rules = try rulebook.map { path in try Rulebook.load(yaml: try readFile(path), file: path) } ?? Rulebook.bundledDefault()
        let table = try categories.map { path in try CategoryTable.load(yaml: try readFile(path), file: path) } ?? CategoryTable.bundledDefault()
        return (rules, table)
    }

    /// The shop service over the opened store and the policy in force.
    func shopService(clock: any WardenClock = SystemClock()) async throws -> ShopService<SQLiteStore> {
        let (rules, table) = try loadPolicy()
        return ShopService(store: try await openStore(), clock: clock, rulebook: rules, categories: table)
    }
}

func readFile(_ path: String) throws -> String {
    do {
        return try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        throw ValidationError("cannot read \(path): \(error.localizedDescription)")
    }
}
