import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// The real `warden` executable run as a child process.
struct WardenProcess: Sendable {
    let process: Process
    let port: Int

    /// The built executable beside the test bundle, or under `.build` of the working directory.
    static func binary() -> URL? {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        if let executable = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("warden"))
        }
        let root = URL(fileURLWithPath: fileManager.currentDirectoryPath)
        candidates.append(root.appendingPathComponent(".build/debug/warden"))
        return candidates.first { fileManager.isExecutableFile(atPath: $0.path) }
    }

    /// Runs `warden` with `arguments` to completion and returns its standard output.
    static func runToEnd(_ binary: URL, _ arguments: [String]) throws -> String {
        try run(binary, arguments).output
    }

    /// What a finished command printed and how it exited.
    struct Finished: Sendable {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs `warden` with `arguments` to completion.
    static func run(_ binary: URL, _ arguments: [String]) throws -> Finished {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Finished(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            errors: String(decoding: errorData, as: UTF8.self))
    }

    /// Starts `warden serve` on a free loopback port and waits until `/health` answers.
    static func start(_ binary: URL, database: String, client: HTTPClient, extra: [String] = []) async throws -> WardenProcess {
        for _ in 0..<5 {
            let port = Int.random(in: 20_000..<60_000)
            let process = Process()
            process.executableURL = binary
            process.arguments = ["serve", "--port", String(port), "--database", database, "--log-level", "error"] + extra
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let server = WardenProcess(process: process, port: port)
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline && process.isRunning {
                let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/health")
                if let response = try? await client.execute(request, timeout: .seconds(1)), response.status == .ok {
                    return server
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            server.kill()
        }
        throw ProcessError.didNotStart
    }

    /// SIGKILL: no shutdown, no flush, as a crash.
    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    enum ProcessError: Error {
        case didNotStart
    }
}
