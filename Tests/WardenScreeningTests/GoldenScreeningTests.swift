import Foundation
import Testing
import WardenScreening

/// Screening answers byte for byte as recorded: the hot path is tuned by hand (unchecked reads,
/// loops of its own for common characters), and a change there must not change one finding.
///
/// `Golden/titles.txt` holds 3,265 titles: every evaluation title of `make_eval.py --seed 7` and
/// of a set of titles made of everyday words that screening does not pass, and every tenth of
/// the rest. `Golden/results.jsonl` holds, line for line, the listing result of each as a title
/// alone, as JSON with sorted keys. When a change is meant to change answers, run the test with
/// `WARDEN_WRITE_GOLDEN=1` to write the new results, and review their diff.
@Suite struct GoldenScreeningTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test func everyRecordedTitleIsScreenedAsRecorded() throws {
        let screener = Screener(
            dictionary: try ScreeningDictionary.bundled(), tables: try CharacterTables.bundled(), brands: try BrandDictionary.bundled())
        let titles = try String(contentsOf: Self.folder.appendingPathComponent("titles.txt"), encoding: .utf8).split(separator: "\n").map(String.init)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let results = try titles.map { title in
            String(decoding: try encoder.encode(screener.screen(listing: ScreenedListing(title: title), authorisedBrands: [])), as: UTF8.self)
        }
        let recordedFile = Self.folder.appendingPathComponent("results.jsonl")
        if ProcessInfo.processInfo.environment["WARDEN_WRITE_GOLDEN"] != nil {
            try (results.joined(separator: "\n") + "\n").write(to: recordedFile, atomically: true, encoding: .utf8)
        }
        let recorded = try String(contentsOf: recordedFile, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(titles.count == 3_265)
        try #require(recorded.count == titles.count, "one recorded result a title")
        let differing = titles.indices.filter { results[$0] != recorded[$0] }
        for index in differing.prefix(5) {
            Issue.record("line \(index + 1) \(titles[index]):\n  recorded \(recorded[index])\n  now      \(results[index])")
        }
        #expect(differing.isEmpty, "\(differing.count) of \(titles.count) titles screened differently")
    }
}
