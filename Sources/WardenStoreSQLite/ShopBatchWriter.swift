import Foundation
import GRDB
import WardenCore
import WardenStore

/// Writes a batch of shop commits inside the caller's write transaction: each commit checked on
/// its own, the rows of the accepted ones written together in multi-row statements.
///
/// A commit is checked before anything of it is written, against the database and the commits
/// of the batch accepted before it, with the checks and in the order of a single append: its
/// idempotency key, the stream's version, the projection row, the name claim, the unique facts.
/// A refused commit therefore leaves no trace without a savepoint. The name claims and unique
/// facts of an accepted commit are written at once (a later commit's checks read them); its
/// events, its `commits` row and its jobs are written in multi-row statements, by ``flush()``
/// as whole statements fill and by ``finish()``, which also writes one row per shop. The
/// savepoint per commit that this replaces cost a statement pair and a copy of every page the
/// commit changed (decision 0022).
///
/// Given reads made in the same transaction (``SQLiteStore/append(batchReading:decide:)``),
/// a commit whose key and shop they cover, which moves no name and asserts no unique fact, is
/// taken on their word: nothing can have committed since, so its key is new and its shop's
/// version and row are as read (decision 0030).
struct ShopBatchWriter {
    /// What the batch made of one commit.
    enum Decision {
        /// Accepted: the commit's index among the accepted ones.
        case accepted(Int)
        /// A commit accepted earlier in this batch has the same idempotency key.
        case duplicateOfAccepted(Int)
        /// An earlier transaction recorded a commit with the same idempotency key.
        case duplicate([RecordedEvent<ShopEvent>])
        case refused(StoreError)
    }

    private let db: Database
    private var accepted: [EncodedShopCommit] = []
    /// Accepted commits by their key: a later commit with the same key is their duplicate.
    private var acceptedKeys: [ShopCommitKey: Int] = [:]
    /// The shops one of whose commits was not accepted.
    private var stopped: Set<ShopID> = []
    /// The version each shop of the batch is at after its accepted commits.
    private var versions: [String: Int] = [:]
    /// The queried columns of each shop's row as the batch found it.
    private var storedColumns: [String: StoredShop.Columns] = [:]
    /// The events' positions, in the order of the accepted commits, as far as they are written.
    private var positions: [Int64] = []
    /// The first accepted commit with events not yet written, and how many of its are.
    private var eventsWrittenThrough = 0
    private var eventsWrittenOfNext = 0
    /// How many accepted commits have their `commits` row written.
    private var commitsWritten = 0
    /// How many accepted commits' due actions are taken into `pendingJobs`, and those not yet written.
    private var jobsTakenThrough = 0
    private var pendingJobs: [DueAction] = []
    /// The keys this transaction looked up and did not find (``noteRead(_:isCommitted:shop:)``).
    private var keysReadAsNew: Set<ShopCommitKey> = []
    /// The shops this transaction read: their version and queried columns as stored.
    private var shopsRead: [ShopID: (version: Int, columns: StoredShop.Columns)] = [:]

    /// Rows written per multi-row statement (12 values an event row, 5 a commit row).
    static let rowsPerStatement = 100

    /// A writer for `db`'s transaction.
    init(_ db: Database) {
        self.db = db
    }

    /// Notes what this transaction read for a commit key, whether it was committed and its shop
    /// as stored, so that the checks it answers are spared.
    mutating func noteRead(_ key: ShopCommitKey, isCommitted: Bool, shop: Shop?) {
        if !isCommitted { keysReadAsNew.insert(key) }
        if let shop, shopsRead[shop.id] == nil { shopsRead[shop.id] = (shop.version, StoredShop.Columns(shop)) }
    }

    /// The stored state of `commit`'s shop when this transaction's reads answer every check of
    /// it: its key was looked up and not found, its shop was read, it keeps its name claim and
    /// asserts no unique fact.
    /// `nameClaim` is the claim the commit leaves the shop holding.
    private func stateRead(for commit: ShopCommit, key: ShopCommitKey, nameClaim: String?) -> StoredCommitState? {
        guard commit.uniqueFacts.isEmpty, commit.previousNameClaim == nameClaim, keysReadAsNew.contains(key),
            let shop = shopsRead[commit.shop]
        else { return nil }
        // The shop holds the claim it keeps, so no other shop can.
        return StoredCommitState(
            committed: nil, version: shop.version, columns: shop.columns, nameHolder: nameClaim.map { _ in commit.shop.rawValue })
    }

    /// Checks `encoded` and, when it passes, accepts it. Throws only what the database throws.
    ///
    /// A commit decided on an earlier commit of the batch that did not go in would land on a
    /// state the log does not hold: once a shop's commit is not accepted, its later ones are
    /// refused.
    mutating func add(_ encoded: EncodedShopCommit) throws -> Decision {
        let commit = encoded.commit
        guard !stopped.contains(commit.shop) else {
            return .refused(.versionConflict(stream: "shop:\(commit.shop)", expected: commit.expectedVersion, actual: -1))
        }
        let decision = try check(encoded)
        if case .accepted = decision {} else { stopped.insert(commit.shop) }
        return decision
    }

    /// The outcomes of commits the batch made `decisions` of, `recorded` from ``finish()``.
    func outcomes(_ decisions: [Decision], recorded: [[RecordedEvent<ShopEvent>]]) -> [BatchAppendOutcome] {
        decisions.map { decision in
            switch decision {
            case .accepted(let index): .appended(recorded[index])
            case .duplicateOfAccepted(let index): .duplicate(recorded[index])
            case .duplicate(let earlier): .duplicate(earlier)
            case .refused(let error): .refused(error)
            }
        }
    }

    /// ``add(_:)`` for a shop none of whose commits was turned away.
    private mutating func check(_ encoded: EncodedShopCommit) throws -> Decision {
        let commit = encoded.commit
        let id = commit.shop.rawValue
        let key = ShopCommitKey(shop: commit.shop, idempotencyKey: commit.metadata.idempotencyKey)
        if let index = acceptedKeys[key] { return .duplicateOfAccepted(index) }
        let shop = commit.resulting
        let next = shop.nameClaim
        let stored =
            try stateRead(for: commit, key: key, nameClaim: next) ?? StoredCommitState.read(db, shop: id, key: key.idempotencyKey, nameKey: next)
        if let (first, last) = stored.committed {
            return .duplicate(try Stream(kind: .shop, id: id).events(db, from: first, through: last))
        }
        let current: Int
        let hasRow: Bool
        if let version = versions[id] {
            (current, hasRow) = (version, true)
        } else {
            (current, hasRow) = (stored.version, stored.columns != nil)
            if let columns = stored.columns { storedColumns[id] = columns }
        }
        guard current == commit.expectedVersion else {
            return .refused(.versionConflict(stream: "shop:\(id)", expected: commit.expectedVersion, actual: current))
        }
        if encoded.snapshot == nil && !hasRow { return .refused(.corrupt("shop \(commit.shop) has events but no projection row")) }
        if let next, let holder = stored.nameHolder, holder != id {
            return .refused(.claimTaken(scope: "shop-name", key: next, holder: holder))
        }
        var facts: Set<UniqueFact> = []
        for fact in commit.uniqueFacts {
            if !facts.insert(fact).inserted { return .refused(.claimTaken(scope: fact.scope, key: fact.key, holder: id)) }
            if let holder = try String.fetchOne(
                db.cachedStatement(sql: "SELECT stream_id FROM unique_facts WHERE scope = ? AND key = ?"), arguments: [fact.scope, fact.key])
            {
                return .refused(.claimTaken(scope: fact.scope, key: fact.key, holder: holder))
            }
        }

        // Accepted: what later checks of the batch read is written now.
        if let previous = commit.previousNameClaim, previous != next {
            try db.cachedStatement(sql: "DELETE FROM name_claims WHERE name_key = ? AND shop_id = ?").execute(arguments: [previous, id])
        }
        if let next, stored.nameHolder == nil {
            try db.cachedStatement(sql: "INSERT INTO name_claims (name_key, shop_id) VALUES (?, ?)").execute(arguments: [next, id])
        }
        for fact in commit.uniqueFacts {
            try db.cachedStatement(sql: "INSERT INTO unique_facts (scope, key, stream_id) VALUES (?, ?, ?)").execute(
                arguments: [fact.scope, fact.key, id])
        }
        accepted.append(encoded)
        acceptedKeys[key] = accepted.count - 1
        versions[id] = commit.expectedVersion + commit.events.count
        return .accepted(accepted.count - 1)
    }

    /// An event's position from the INSERT that wrote it: there is one for every event written,
    /// so a missing one is a bug here, not a state to record.
    private static func position<Position>(_ position: Position?) -> Position {
        guard let position else { preconditionFailure("the batch wrote fewer event rows than its commits hold") }
        return position
    }

    /// Writes the rows of the commits accepted so far that fill whole multi-row statements, so
    /// that a batch whose commits arrive while others are decided writes as they come (the rest
    /// wait for ``finish()``).
    mutating func flush() throws {
        try insertEvents(all: false)
        try insertCommits(all: false)
        try insertJobs(all: false)
    }

    /// Writes the accepted commits' remaining events, `commits` rows and jobs, and the shop
    /// rows; answers each accepted commit's recorded events, in the order they were accepted.
    mutating func finish() throws -> [[RecordedEvent<ShopEvent>]] {
        try insertEvents(all: true)
        try insertCommits(all: true)
        try insertJobs(all: true)
        try writeShops()
        var recorded: [[RecordedEvent<ShopEvent>]] = []
        recorded.reserveCapacity(accepted.count)
        var next = positions.makeIterator()
        for encoded in accepted {
            let commit = encoded.commit
            let instant = commit.recordedAt.wholeMilliseconds
            recorded.append(
                commit.events.enumerated().map { offset, event in
                    RecordedEvent(
                        position: Self.position(next.next()), version: commit.expectedVersion + offset + 1, recordedAt: instant,
                        metadata: commit.metadata,
                        event: event)
                })
        }
        return recorded
    }

    /// How many rows of `pending` to write now: all, or as many as fill whole statements.
    private static func rowsToWrite(_ pending: Int, all: Bool) -> Int {
        all ? pending : pending - pending % rowsPerStatement
    }

    /// Inserts the accepted events not yet written (whole statements only, unless `all`), in
    /// order, and keeps their positions.
    ///
    /// SQLite numbers the rows of one `INSERT` consecutively, and nothing else writes inside the
    /// transaction, so each statement's positions end at `lastInsertedRowID`.
    private mutating func insertEvents(all: Bool) throws {
        var rows: [(commit: Int, offset: Int)] = []
        for index in eventsWrittenThrough..<accepted.count {
            for offset in accepted[index].payloads.indices { rows.append((index, offset)) }
        }
        let count = Self.rowsToWrite(rows.count - eventsWrittenOfNext, all: all)
        guard count > 0 else { return }
        rows.removeFirst(eventsWrittenOfNext)
        // Through a buffer pointer, so that reading a row's fields does not copy its whole commit.
        try accepted.withUnsafeBufferPointer { commits in
            for start in stride(from: 0, to: count, by: Self.rowsPerStatement) {
                let chunk = rows[start..<min(count, start + Self.rowsPerStatement)]
                var bindings = RawBindings(try statement(Self.eventsInsert, rows: chunk.count))
                for (index, offset) in chunk {
                    bindings.bind(StreamKind.shop.rawValue)
                    bindings.bind(commits[index].commit.shop.rawValue)
                    bindings.bind(commits[index].commit.expectedVersion + offset + 1)
                    bindings.bind(commits[index].payloads[offset].0)
                    bindings.bind(commits[index].payloads[offset].1)
                    bindings.bind(commits[index].commit.recordedAt.millisecondsSince1970)
                    bindings.bind(commits[index].commit.metadata.principal.rawValue)
                    bindings.bind(commits[index].commit.metadata.role.rawValue)
                    bindings.bind(commits[index].commit.metadata.idempotencyKey)
                    bindings.bind(commits[index].commit.metadata.reason)
                    bindings.bind(commits[index].commit.metadata.ruleVersion)
                    bindings.bind(commits[index].commit.metadata.requestID)
                }
                try bindings.execute()
                let last = db.lastInsertedRowID
                positions.append(contentsOf: (last - Int64(chunk.count) + 1)...last)
            }
        }
        // Where the next write starts: the commit of the first row not written, and how many
        // of its rows were.
        if count == rows.count {
            (eventsWrittenThrough, eventsWrittenOfNext) = (accepted.count, 0)
        } else {
            let next = rows[count]
            (eventsWrittenThrough, eventsWrittenOfNext) = (next.commit, next.offset)
        }
    }

    private mutating func insertCommits(all: Bool) throws {
        let count = Self.rowsToWrite(accepted.count - commitsWritten, all: all)
        for start in stride(from: commitsWritten, to: commitsWritten + count, by: Self.rowsPerStatement) {
            let chunk = accepted[start..<min(commitsWritten + count, start + Self.rowsPerStatement)]
            var bindings = RawBindings(try statement(Self.commitsInsert, rows: chunk.count))
            for encoded in chunk {
                let commit = encoded.commit
                bindings.bind(StreamKind.shop.rawValue)
                bindings.bind(commit.shop.rawValue)
                bindings.bind(commit.metadata.idempotencyKey)
                bindings.bind(commit.expectedVersion + 1)
                bindings.bind(commit.expectedVersion + commit.events.count)
            }
            try bindings.execute()
        }
        commitsWritten += count
    }

    /// The cached statement inserting `rows` rows with `insert`.
    private func statement(_ insert: MultiRowInsert, rows: Int) throws -> Statement {
        try db.cachedStatement(sql: rows == Self.rowsPerStatement ? insert.fullSQL : insert.sql(rows: rows))
    }

    static let eventsInsert = MultiRowInsert(
        """
        INSERT INTO events (stream_kind, stream_id, version, type, payload, recorded_at, principal, role, idempotency_key,
            reason, rule_version, request_id)
        """, width: 12)
    static let commitsInsert = MultiRowInsert(
        "INSERT INTO commits (stream_kind, stream_id, idempotency_key, first_version, last_version)", width: 5)
    static let jobsInsert = MultiRowInsert("INSERT INTO jobs (id, kind, shop_id, due_at)", width: 4, then: " ON CONFLICT (id) DO NOTHING")

    /// Schedules the due actions of the accepted commits not yet written (whole statements
    /// only, unless `all`); an action already scheduled stays as it is.
    private mutating func insertJobs(all: Bool) throws {
        for index in jobsTakenThrough..<accepted.count { pendingJobs.append(contentsOf: accepted[index].commit.dueActions) }
        jobsTakenThrough = accepted.count
        let count = Self.rowsToWrite(pendingJobs.count, all: all)
        for start in stride(from: 0, to: count, by: Self.rowsPerStatement) {
            let chunk = pendingJobs[start..<min(count, start + Self.rowsPerStatement)]
            var bindings = RawBindings(try statement(Self.jobsInsert, rows: chunk.count))
            for action in chunk {
                bindings.bind(action.id)
                bindings.bind(action.kind.rawValue)
                bindings.bind(action.shop.rawValue)
                bindings.bind(action.dueAt.millisecondsSince1970)
            }
            try bindings.execute()
        }
        pendingJobs.removeFirst(count)
    }

    /// Writes each shop's row once, from its last accepted commit, with the last snapshot taken.
    private func writeShops() throws {
        var last: [String: Int] = [:]
        var snapshot: [String: Int] = [:]
        var order: [String] = []
        for (index, encoded) in accepted.enumerated() {
            let id = encoded.commit.shop.rawValue
            if last.updateValue(index, forKey: id) == nil { order.append(id) }
            if encoded.snapshot != nil { snapshot[id] = index }
        }
        for id in order {
            guard let lastIndex = last[id] else { continue }
            let shop = accepted[lastIndex].commit.resulting
            let taken = snapshot[id].flatMap { index in
                accepted[index].snapshot.map { (state: $0, version: accepted[index].commit.resulting.version) }
            }
            try StoredShop.write(shop, snapshot: taken, over: storedColumns[id], in: db)
        }
    }
}

/// The text of a multi-row `INSERT`, the one for a full chunk built once.
struct MultiRowInsert: Sendable {
    /// What precedes `VALUES`: the verb, the table and its columns.
    let head: String
    let width: Int
    /// What follows the values (a conflict clause).
    let suffix: String
    /// The statement for ``ShopBatchWriter/rowsPerStatement`` rows, the batch's usual chunk.
    let fullSQL: String

    init(_ head: String, width: Int, then suffix: String = "") {
        self.head = head
        self.width = width
        self.suffix = suffix
        self.fullSQL = Self.sql(head, width: width, rows: ShopBatchWriter.rowsPerStatement, then: suffix)
    }

    func sql(rows: Int) -> String {
        Self.sql(head, width: width, rows: rows, then: suffix)
    }

    private static func sql(_ head: String, width: Int, rows: Int, then suffix: String) -> String {
        let placeholders = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
        return head + " VALUES " + Array(repeating: placeholders, count: rows).joined(separator: ", ") + suffix
    }
}
