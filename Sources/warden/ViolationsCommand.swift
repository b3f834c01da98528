import ArgumentParser
import Foundation
import WardenCore
import WardenServer
import WardenStore

/// `warden violations import FILE.jsonl`: record many violations, from screening or fraud
/// detection, as a principal, in batches through the store.
struct ViolationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "violations", abstract: "Record violations in bulk.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand, StoreUser {
        static let configuration = CommandConfiguration(
            abstract: "Record the violations of a JSON Lines file, each line {\"shopId\": …, \"violation\": {\"id\", \"type\", \"evidence\", …}}.",
            discussion: """
                Each violation is decided under the rulebook version in force when it occurred, exactly as through the API, and
                recorded as its own commit, in batches of one store transaction. A line that does not parse is reported with
                its number and skipped; a violation the rules refuse is reported and skipped; importing the same file again
                records nothing twice. A progress line shows on a terminal.
                """)
        @Argument(help: "The JSON Lines file.") var file: String
        @Option(name: .customLong("as"), help: "The recording principal (a reviewer, an admin or a system).") var actor: String
        @Option(help: "Violations per store transaction.") var batchSize = 500
        @OptionGroup var database: DatabaseOptions

        struct Line: Decodable {
            var shopId: String
            var violation: ViolationReport
        }

        func run() async throws {
            guard (1...10_000).contains(batchSize) else { throw ValidationError("--batch-size: 1–10000") }
            try await database.with(self)
        }

        func use<Store: WardenStore>(_ store: Store, options: DatabaseOptions) async throws {
            let service = try options.shopService(store)
            let recorder = try await principal(actor, in: store)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let text = try readFile(file)
            let progress = Progress(label: "violations imported")
            var counts = (recorded: 0, duplicates: 0, refused: 0, unreadable: 0)
            var batch: [(line: Int, item: ShopService<Store>.BatchItem)] = []
            func flush() async throws {
                guard !batch.isEmpty else { return }
                let results: [ShopService<Store>.BatchResult]
                do { results = try await service.recordViolations(batch.map(\.item), by: recorder.actor) } catch {
                    throw ValidationError(describe(error))
                }
                for (entry, result) in zip(batch, results) {
                    switch result {
                    case .recorded: counts.recorded += 1
                    case .duplicate: counts.duplicates += 1
                    case .refused(let error):
                        counts.refused += 1
                        report("\(file):\(entry.line): \(entry.item.report.id): \(describe(error))")
                    }
                }
                batch.removeAll(keepingCapacity: true)
                progress.update(counts.recorded + counts.duplicates + counts.refused + counts.unreadable)
            }
            for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                do {
                    let parsed = try decoder.decode(Line.self, from: Data(line.utf8))
                    batch.append((offset + 1, ShopService<Store>.BatchItem(shop: ShopID(rawValue: parsed.shopId), report: parsed.violation)))
                } catch let error as DecodingError {
                    counts.unreadable += 1
                    report("\(file):\(offset + 1): \(ApplicationFile.locate(error, in: String(line)).replacingOccurrences(of: "line 1: ", with: ""))")
                } catch {
                    counts.unreadable += 1
                    report("\(file):\(offset + 1): not valid JSON")
                }
                if batch.count >= batchSize { try await flush() }
            }
            try await flush()
            progress.finish()
            print(
                "recorded \(counts.recorded), already recorded \(counts.duplicates), refused \(counts.refused), unreadable lines \(counts.unreadable)"
            )
            if counts.refused + counts.unreadable > 0 && counts.recorded + counts.duplicates == 0 { throw ExitCode(1) }
        }

        func report(_ message: String) {
            FileHandle.standardError.write(Data("\(message)\n".utf8))
        }
    }
}
