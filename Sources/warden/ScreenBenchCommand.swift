import ArgumentParser
import Foundation
import WardenScreening

/// `warden screen-bench --titles FILE`: how fast full screening runs over a file of titles, for
/// `scripts/screening/bench.sh`, which runs the Aho-Corasick peer on the same titles beside it.
struct ScreenBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen-bench", abstract: "Measure screening throughput, matcher build time and memory on a file of titles.",
        discussion: """
            Reads one title per line, builds the screener from the dictionary (timed), screens every title with every
            normalisation on (width, case, traditional, look-alikes, separators, repeats, split characters, pinyin, initials,
            mixed, same-sound) and brands (none authorised) `--rounds` times, and prints one JSON object: titles, bytes (UTF-8), seconds, titlesPerSecond,
            megabytesPerSecond (10^6 bytes), buildSeconds (dictionary to matcher), tablesSeconds (loading the character
            tables), matcherMegabytes (resident memory the tables and matcher added), findings. Build it in release mode.
            """)

    @Option(help: "One title per line.") var titles: String
    @Option(help: "A screening dictionary YAML file instead of the bundled one.") var dictionary: String?
    @Option(help: "How many times to screen the whole file.") var rounds = 3

    struct Report: Encodable {
        var titles: Int
        var bytes: Int
        var seconds: Double
        var titlesPerSecond: Double
        var megabytesPerSecond: Double
        var buildSeconds: Double
        var tablesSeconds: Double
        var matcherMegabytes: Double
        var findings: Int
    }

    func run() async throws {
        guard rounds >= 1 else { throw ValidationError("--rounds: at least 1") }
        let lines = try readFile(titles).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw ValidationError("--titles: \(titles) holds no titles") }
        let terms = try dictionary.map { path in try ScreeningDictionary.load(yaml: try readFile(path)) } ?? ScreeningDictionary.bundled()
        let brands = try BrandDictionary.bundled()
        let clock = ContinuousClock()
        let residentBefore = Self.residentBytes()
        var tables: CharacterTables?
        let tablesTime = try clock.measure { tables = try CharacterTables.bundled() }
        var screener: Screener?
        let buildTime = clock.measure { screener = tables.map { Screener(dictionary: terms, tables: $0, brands: brands) } }
        let residentAfter = Self.residentBytes()
        guard let screener else { throw ValidationError("the character tables did not load") }
        var findings = 0
        // The listings are made before the clock starts, as the peer's titles are Python strings
        // before its clock starts: what is timed is screening them.
        let listings = lines.map { ScreenedListing(title: $0) }
        // One untimed round warms caches and pages in the tables.
        for listing in listings { findings &+= screener.screen(listing: listing, authorisedBrands: []).findings.count }
        findings = 0
        let elapsed = clock.measure {
            for _ in 0..<rounds {
                for listing in listings { findings &+= screener.screen(listing: listing, authorisedBrands: []).findings.count }
            }
        }
        let seconds = Self.seconds(elapsed)
        let bytes = lines.reduce(0) { $0 + $1.utf8.count } * rounds
        let report = Report(
            titles: lines.count * rounds, bytes: bytes, seconds: seconds, titlesPerSecond: Double(lines.count * rounds) / seconds,
            megabytesPerSecond: Double(bytes) / seconds / 1_000_000, buildSeconds: Self.seconds(buildTime),
            tablesSeconds: Self.seconds(tablesTime), matcherMegabytes: Double(max(0, residentAfter - residentBefore)) / 1_048_576,
            findings: findings)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// This process's resident memory, from `/proc/self/statm` (0 where there is none).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
