import ArgumentParser
import Foundation
import Hummingbird
import Logging
import WardenCore
import WardenServer
import WardenStore

/// `warden serve`: the HTTP API and the background jobs.
struct Serve: AsyncParsableCommand, StoreUser {
    static let configuration = CommandConfiguration(abstract: "Run the Warden server (API and background jobs).")

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8080
    @Flag(help: "Seed the demo marketplace first and print its tokens.") var demo = false
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel: String = "info"
    @OptionGroup var database: DatabaseOptions

    @Option(help: "Seconds a background job stays claimed before another process may take it over.") var jobLease: Double = 60

    func run() async throws {
        try await database.with(self)
    }

    func use<Store: WardenStore>(_ store: Store, options: DatabaseOptions) async throws {
        var logger = Logger(label: "warden")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let (rulebook, text, categories) = try options.loadPolicy()
        var dependencies = try WardenDependencies(
            store: store, clock: SystemClock(), rulebook: rulebook, rulebookText: text, categories: categories, logger: logger)
        dependencies.jobLease = jobLease
        if demo {
            let accounts = try await DemoMarketplace(shops: dependencies.shopService).seed()
            print("Demo marketplace ready. Tokens (send as 'Authorization: Bearer TOKEN'):")
            for account in accounts {
                print("  \(account.role.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(account.token)  \(account.name)")
            }
            print("Try: curl -H 'Authorization: Bearer wdn_demo_reviewer' http://\(host):\(port)/api/v1/shops")
        }
        let registry = try await dependencies.rulebooks.registry()
        let inForce = registry.inForce(at: Date()) ?? rulebook
        if inForce.version != rulebook.version || registry.version(rulebook.version)?.text != text {
            logger.notice(
                "the registry governs; the configured rulebook is only its seed (publish it with warden policy publish to use it)",
                metadata: ["configured": "\(rulebook.version)", "inForce": "\(inForce.version)"])
        }
        logger.info(
            "warden listening", metadata: ["address": "\(host):\(port)", "database": "\(database.database)", "rulebook": "\(inForce.version)"])
        try await buildApplication(dependencies, host: host, port: port).runService()
    }
}

/// `warden migrate`: create or upgrade the schema.
struct Migrate: AsyncParsableCommand, StoreUser {
    static let configuration = CommandConfiguration(abstract: "Create or upgrade the database schema.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await database.with(self)
    }

    func use<Store: WardenStore>(_ store: Store, options: DatabaseOptions) async throws {
        print("migrated \(options.database)")
    }
}

/// `warden demo`: seed the demo marketplace without serving.
struct Demo: AsyncParsableCommand, StoreUser {
    static let configuration = CommandConfiguration(abstract: "Seed a small demo marketplace and print its tokens.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await database.with(self)
    }

    func use<Store: WardenStore>(_ store: Store, options: DatabaseOptions) async throws {
        let accounts = try await DemoMarketplace(shops: try options.shopService(store)).seed()
        for account in accounts { print("\(account.role.rawValue)\t\(account.token)\t\(account.name)") }
    }
}
