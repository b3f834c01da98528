import ArgumentParser

/// The `warden` command: the server and the operator's tools over one database.
@main
struct Warden: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warden",
        abstract: "Warden: merchant governance for a live-commerce marketplace (商家治理).",
        subcommands: [
            Serve.self, Migrate.self, Demo.self, UserCommand.self, Rebuild.self, Replay.self, Jobs.self, PolicyCommand.self,
            ShopsCommand.self, ViolationsCommand.self, ScreenCommand.self, ScreenBenchCommand.self,
        ])
}
