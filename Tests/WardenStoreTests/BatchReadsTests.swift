import Foundation
import Testing
import WardenCore
import WardenStore

/// Reads handed to a batch's decide step while the store is still making them (decision 0031).
@Suite struct BatchReadsTests {
    @Test func anItemWaitsUntilTheStoreHasReadIt() async throws {
        let reads = BatchReads(count: 3)
        let answered = DispatchSemaphore(value: 0)
        let thread = Thread {
            // Blocks until the second add below.
            _ = reads.item(2)
            answered.signal()
        }
        thread.start()
        reads.add([BatchItemRead(isCommitted: true, shop: nil), BatchItemRead(isCommitted: false, shop: nil)])
        #expect(reads.item(1) == BatchItemRead(isCommitted: false, shop: nil))
        #expect(answered.wait(timeout: .now() + 0.2) == .timedOut)
        reads.add([BatchItemRead(isCommitted: true, shop: nil)])
        #expect(answered.wait(timeout: .now() + 10) == .success)
        #expect(reads.item(2) == BatchItemRead(isCommitted: true, shop: nil))
        #expect(reads.item(3) == nil)
    }

    @Test func readsEndedEarlyAnswerNothingForTheItemsNotRead() async throws {
        let reads = BatchReads(count: 4)
        let answered = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var waited: BatchItemRead??
        let thread = Thread {
            waited = .some(reads.item(3))
            answered.signal()
        }
        thread.start()
        reads.add([BatchItemRead(isCommitted: false, shop: nil)])
        reads.end()
        #expect(answered.wait(timeout: .now() + 10) == .success)
        #expect(waited == .some(nil))
        #expect(reads.item(0) == BatchItemRead(isCommitted: false, shop: nil))
        #expect(reads.item(1) == nil)
    }

    @Test func readsMadeBeforeAreAllThere() {
        let reads = BatchReads([BatchItemRead(isCommitted: true, shop: nil)])
        #expect(reads.count == 1)
        #expect(reads.item(0)?.isCommitted == true)
        #expect(reads.item(1) == nil)
    }
}
