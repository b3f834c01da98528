import Foundation
import Testing
import WardenCore
import WardenStore
import WardenStoreSQLite
import WardenStoreTesting

/// A batch read, decided and written in one transaction (decision 0030), big enough that the
/// writer writes full statements while the commits are still being decided.
@Suite struct SQLiteBatchDecidedTests {
    @Test func commitsDecidedBesideTheWriterLandInOrderAndAColdReaderAgrees() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-sqlite-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("warden.sqlite").path
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        let ids = (0..<60).map { ShopID(rawValue: "shop_decided_\($0)") }
        let drafts = try ids.enumerated().map { index, id in
            try StoreFixtures.draftCommit(id, name: "决定店\(index)", subjectKey: "SUBJECT\(index)")
        }
        _ = try await store.append(batch: drafts)
        let rounds = 4
        let keys = (0..<rounds).flatMap { round in ids.map { ShopCommitKey(shop: $0, idempotencyKey: "k-\(round)") } }
        let stale = ids[7]
        let (decided, outcomes) = try await store.append(batchReading: keys) { reads, sink in
            // Each shop as this batch left it; the reads give it as stored.
            var shops: [ShopID: Shop] = [:]
            var decided: [ShopCommit] = []
            for (index, key) in keys.enumerated() {
                guard let shop = shops[key.shop] ?? reads.item(index)?.shop else { continue }
                var commit = StoreFixtures.commit([.applicationSubmitted, .applicationSubmitted], to: shop, key: key.idempotencyKey)
                // Decided on a version the stream is not at: refused, and the shop's later ones with it.
                if key.shop == stale && key.idempotencyKey == "k-2" { commit.expectedVersion += 1 }
                sink.append(commit)
                decided.append(commit)
                shops[key.shop] = commit.resulting
            }
            return decided
        }
        #expect(outcomes.count == rounds * ids.count)
        var positions: [Int64] = []
        for (commit, outcome) in zip(decided, outcomes) {
            switch outcome {
            case .appended(let recorded):
                #expect(commit.shop != stale || commit.metadata.idempotencyKey < "k-2")
                #expect(recorded.map(\.version) == [commit.expectedVersion + 1, commit.expectedVersion + 2])
                positions += recorded.map(\.position)
            case .refused(let error):
                #expect(commit.shop == stale && commit.metadata.idempotencyKey >= "k-2", "\(commit.shop) \(error)")
            case .duplicate:
                Issue.record("nothing was sent twice: \(commit.shop) \(commit.metadata.idempotencyKey)")
            }
        }
        // The events were written in the order the commits were handed over, one position each.
        #expect(positions == positions.sorted())
        #expect(Set(positions).count == positions.count)
        let reader = try SQLiteStore(path: path)
        for id in ids {
            let last = decided.last { $0.shop == id && (id != stale || $0.metadata.idempotencyKey < "k-2") }
            #expect(try await reader.shop(id) == last?.resulting)
            let history = try await reader.history(of: id)
            #expect(history.map(\.version) == Array(1...(id == stale ? 5 : 9)))
            #expect(history.map(\.position) == history.map(\.position).sorted())
        }
        // Sent again, the batch is recognised commit by commit.
        let (_, again) = try await store.append(batchReading: keys) { reads, sink in
            for (index, commit) in decided.enumerated() where reads.item(index)?.isCommitted == false {
                sink.append(commit)
            }
            return 0
        }
        #expect(again.count == 2)
        #expect(again.allSatisfy { if case .refused = $0 { true } else { false } })
    }

    /// A batch decides on the shops as they stand, whatever wrote them since the last batch: a
    /// single append through the same store, or a commit through another connection to the file,
    /// as another process would. (A store that kept what its last batch wrote, to spare reading it
    /// back, would have to notice both; the `UNIQUE` index on events would otherwise fail the batch.)
    @Test func aBatchSeesWhatWasWrittenSinceTheLastBatch() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-sqlite-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("warden.sqlite").path
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        let other = try SQLiteStore(path: path)
        let ids = (0..<3).map { ShopID(rawValue: "shop_seen_\($0)") }
        _ = try await store.append(batch: try ids.enumerated().map { try StoreFixtures.draftCommit($1, name: "见店\($0)", subjectKey: "SEEN\($0)") })
        /// One batch submitting every shop again, decided on what the store read.
        func batch(_ key: String) async throws -> [BatchAppendOutcome] {
            let keys = ids.map { ShopCommitKey(shop: $0, idempotencyKey: key) }
            return try await store.append(batchReading: keys) { reads, sink in
                for index in ids.indices {
                    if let shop = reads.item(index)?.shop { sink.append(StoreFixtures.commit([.applicationSubmitted], to: shop, key: key)) }
                }
                return 0
            }.outcomes
        }
        func allAppended(_ outcomes: [BatchAppendOutcome]) -> Bool {
            outcomes.count == ids.count && outcomes.allSatisfy { if case .appended = $0 { true } else { false } }
        }
        #expect(allAppended(try await batch("first")))
        #expect(allAppended(try await batch("second")))
        // Through the same store, one at a time.
        let single = try #require(try await store.shop(ids[0]))
        _ = try await store.append(StoreFixtures.commit([.applicationSubmitted], to: single, key: "single"))
        #expect(allAppended(try await batch("third")))
        // Through another connection to the file, as another process would.
        let elsewhere = try #require(try await other.shop(ids[1]))
        _ = try await other.append(StoreFixtures.commit([.applicationSubmitted], to: elsewhere, key: "elsewhere"))
        #expect(allAppended(try await batch("fourth")))
        for (index, id) in ids.enumerated() {
            let expected = index < 2 ? 6 : 5
            #expect(try await store.history(of: id).map(\.version) == Array(1...expected))
            #expect(try await other.shop(id)?.version == expected)
        }
    }
}
