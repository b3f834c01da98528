import Foundation
import WardenCore
public import WardenStore

/// Recomputes every projection from the event log: the proof that the log is the truth.
///
/// `warden rebuild` folds the whole log, compares the result with the stored projections and,
/// unless asked only to check, writes the recomputed ones in one transaction.
public struct ProjectionRebuilder<Store: WardenStore>: Sendable {
    let store: Store
    /// Log entries read per page.
    public var pageSize = 5_000

    public init(store: Store) {
        self.store = store
    }

    /// What a rebuild found.
    public struct Report: Sendable, Equatable {
        public var eventsRead: Int
        public var shops: Int
        public var principals: Int
        /// Ids whose stored projection differs from the recomputed one (or exists on one side only).
        public var mismatched: [String]

        public var isIdentical: Bool { mismatched.isEmpty }
    }

    /// Folds the log; with `write`, replaces the projections with the result.
    ///
    /// - Parameter progress: called after each page with the number of events read so far.
    public func rebuild(write: Bool, progress: (Int) -> Void = { _ in }) async throws(StoreError) -> Report {
        var shops: [ShopID: Shop] = [:]
        var principals: [PrincipalID: Principal] = [:]
        var listings: [ListingID: Listing] = [:]
        var position: Int64 = 0
        var read = 0
        while true {
            let page = try await store.log(after: position, limit: pageSize)
            guard let last = page.last else { break }
            for entry in page {
                switch entry {
                case .shop(let id, let recorded):
                    if var shop = shops[id] {
                        shop.evolve(recorded.event, at: recorded.recordedAt)
                        shops[id] = shop
                    } else if let shop = Shop.start(id: id, with: recorded.event, at: recorded.recordedAt) {
                        shops[id] = shop
                    } else {
                        throw .corrupt("shop \(id) does not start with applicationDrafted")
                    }
                case .principal(let id, let recorded):
                    principals[id] = Principal.evolve(principals[id], id: id, with: recorded.event)
                case .listing(let id, let recorded):
                    if var listing = listings[id] {
                        listing.evolve(recorded.event, at: recorded.recordedAt)
                        listings[id] = listing
                    } else if let listing = Listing.start(id: id, with: recorded.event, at: recorded.recordedAt) {
                        listings[id] = listing
                    } else {
                        throw .corrupt("listing \(id) does not start with listingCreated")
                    }
                case .policy:
                    // The rulebook registry has no projection table: it is folded from its stream on read.
                    break
                }
            }
            read += page.count
            position = last.position
            progress(read)
        }
        let rebuiltShops = shops.values.sorted { $0.id.rawValue < $1.id.rawValue }
        let rebuiltPrincipals = principals.values.sorted { $0.id.rawValue < $1.id.rawValue }
        let rebuiltListings = listings.values.sorted { $0.id.rawValue < $1.id.rawValue }
        let storedShops = try await store.allShops()
        let storedPrincipals = try await store.allPrincipals()
        let storedListings = try await store.allListings()
        let mismatched =
            Self.differences(stored: storedShops, rebuilt: rebuiltShops, id: \.id.rawValue)
            + Self.differences(stored: storedPrincipals, rebuilt: rebuiltPrincipals, id: \.id.rawValue)
            + Self.differences(stored: storedListings, rebuilt: rebuiltListings, id: \.id.rawValue)
        if write {
            // A write that landed while the log was being folded would be undone by replacing the
            // projections with the fold: refuse, and ask for a quiet moment (servers stopped).
            guard try await store.log(after: position, limit: 1).isEmpty else {
                throw .versionConflict(stream: "log (written to during the rebuild; stop the servers and run it again)", expected: 0, actual: 0)
            }
            try await store.replaceProjections(shops: rebuiltShops, principals: rebuiltPrincipals, listings: rebuiltListings)
        }
        return Report(eventsRead: read, shops: rebuiltShops.count, principals: rebuiltPrincipals.count, mismatched: mismatched)
    }

    static func differences<T: Equatable>(stored: [T], rebuilt: [T], id: (T) -> String) -> [String] {
        let storedByID = Dictionary(stored.map { (id($0), $0) }, uniquingKeysWith: { first, _ in first })
        let rebuiltByID = Dictionary(rebuilt.map { (id($0), $0) }, uniquingKeysWith: { first, _ in first })
        return Set(storedByID.keys).union(rebuiltByID.keys).sorted().filter { storedByID[$0] != rebuiltByID[$0] }
    }
}
