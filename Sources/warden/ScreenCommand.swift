import ArgumentParser
import Foundation
import WardenScreening

/// `warden screen --input FILE.jsonl --output FILE.jsonl`: screen listings in batch.
struct ScreenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen", abstract: "Screen listings from a JSON Lines file for prohibited goods and tell-tales.",
        discussion: """
            Each input line: {"id": "...", "title": "...", "description"?: "...", "category"?: "...", "brand"?: "...", "attributes"?: {...},
            "authorisedBrands"?: ["nike", ...]}.
            Each output line: {"id", "decision": "pass"|"review"|"reject", "findings": [{"violation", "term", "category", "span": [start, end],
            "technique", "field", "belongsIn"?}]}, spans in Unicode scalar offsets of the field. With a category, goods that belong in
            another one are 错放类目 findings; with attributes, missing or placeholder product facts are 三无 findings. Each brand named in
            the title, description or brand field whose code is not in authorisedBrands is a counterfeit finding (category
            "brand:<code>") for review. A line that does not parse is reported on standard
            error with its number and skipped. A progress line shows on a terminal.
            """)

    @Option(help: "The listings, one JSON object per line.") var input: String
    @Option(help: "Where to write one result per listing.") var output: String
    @Option(help: "A screening dictionary YAML file instead of the bundled one.") var dictionary: String?
    @Option(help: "A brand table YAML file instead of the bundled one.") var brands: String?

    struct Listing: Decodable {
        var id: String
        var title: String
        var description: String?
        var category: String?
        var brand: String?
        var attributes: [String: String]?
        /// Brand codes the shop is authorised to sell.
        var authorisedBrands: [String]?
    }

    struct Line: Encodable {
        struct Finding: Encodable {
            var violation: String
            var term: String
            var category: String
            var span: [Int]
            var technique: String
            var field: String?
            var belongsIn: String?
        }
        var id: String
        var decision: ScreeningDecision
        var findings: [Finding]
    }

    func run() async throws {
        let terms = try dictionary.map { path in try ScreeningDictionary.load(yaml: try readFile(path)) } ?? ScreeningDictionary.bundled()
        let brandTable = try brands.map { path in try BrandDictionary.load(yaml: try readFile(path)) } ?? BrandDictionary.bundled()
        let screener = Screener(dictionary: terms, tables: try CharacterTables.bundled(), brands: brandTable)
        let text = try readFile(input)
        guard FileManager.default.createFile(atPath: output, contents: nil), let sink = FileHandle(forWritingAtPath: output) else {
            throw ValidationError("--output: cannot write \(output)")
        }
        defer { try? sink.close() }
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let progress = Progress(label: "listings screened")
        var counts: [ScreeningDecision: Int] = [:]
        var unreadable = 0
        var buffer = Data()
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let listing: Listing
            do { listing = try decoder.decode(Listing.self, from: Data(line.utf8)) } catch let error as DecodingError {
                unreadable += 1
                FileHandle.standardError.write(
                    Data(
                        "\(input):\(offset + 1): \(ApplicationFile.locate(error, in: String(line)).replacingOccurrences(of: "line 1: ", with: ""))\n"
                            .utf8))
                continue
            }
            let result = screener.screen(
                listing: ScreenedListing(
                    title: listing.title, description: listing.description, category: listing.category, brand: listing.brand,
                    attributes: listing.attributes), authorisedBrands: Set(listing.authorisedBrands ?? []))
            let decision = result.decision
            let findings = result.findings.map {
                Line.Finding(
                    violation: $0.violation, term: $0.term, category: $0.category, span: $0.span, technique: $0.technique, field: $0.field,
                    belongsIn: $0.belongsIn)
            }
            counts[decision, default: 0] += 1
            buffer.append(try encoder.encode(Line(id: listing.id, decision: decision, findings: findings)))
            buffer.append(0x0A)
            if buffer.count > 1 << 20 {
                sink.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
            if offset % 1_000 == 0 { progress.update(counts.values.reduce(0, +)) }
        }
        sink.write(buffer)
        progress.finish()
        print(
            "screened \(counts.values.reduce(0, +)): pass \(counts[.pass] ?? 0), review \(counts[.review] ?? 0), reject \(counts[.reject] ?? 0); unreadable lines \(unreadable)"
        )
    }
}
