import Foundation
import GRDB

extension Journal {
    /// Records one entry and returns it with its sequence number and hashes. When this returns, the entry is committed
    /// with an fsync (it survives a crash or power cut) and the head anchor vouches for it.
    ///
    /// If it throws, nothing was written, except for `anchorUpdateFailed`, which carries the written entries (see
    /// `JournalError.entriesWereWritten`).
    public func append(_ draft: JournalEntryDraft) throws(JournalError) -> JournalEntry {
        let entries = try append(contentsOf: [draft])
        guard let entry = entries.first else {
            // `append(contentsOf:)` returns one entry per draft; this is unreachable.
            throw .writeFailed(path: paths.database, cause: "internal error: the journal returned no entry")
        }
        return entry
    }

    /// Records several entries in ONE transaction (group commit: one fsync for all of them), in order, with the same
    /// guarantee as `append(_:)`: when it returns all are durable; if it throws, none is (except
    /// `anchorUpdateFailed`, where all are). A refused draft refuses the whole batch.
    public func append(contentsOf drafts: [JournalEntryDraft]) throws(JournalError) -> [JournalEntry] {
        let database = try requireDatabase()
        if isReadOnly { throw .readOnly(path: paths.database) }
        if let needsReopen { throw .outOfStep(path: paths.database, problem: needsReopen) }
        if drafts.isEmpty { return [] }
        let prepared = try drafts.enumerated().map { (index, draft) throws(JournalError) in
            try PreparedEntry(draft, label: drafts.count == 1 ? "" : "entry \(index + 1) of \(drafts.count): ")
        }
        if anchorIsBehind {
            do {
                try JournalHeadAnchor(sequenceNumber: tailSequenceNumber, hash: tailHash).write(paths)
                anchorIsBehind = false
            } catch {
                throw .writeFailed(path: paths.headAnchor, cause: "the head anchor is still behind entry \(tailSequenceNumber) "
                    + "and cannot be updated (\(error)); nothing is appended until it can be")
            }
        }

        var attempted: [JournalEntry] = []
        let expectedTail = (tailSequenceNumber, tailHash)
        do {
            try database.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    attempted = []
                    let tail = try Self.readTail(db)
                    guard tail == expectedTail else { throw TailMoved(found: tail) }
                    var sequenceNumber = tail.0
                    var previousHash = tail.1
                    for entry in prepared {
                        sequenceNumber += 1
                        let written = entry.entry(sequenceNumber: sequenceNumber, previousHash: previousHash)
                        try db.execute(
                            sql: "INSERT INTO journal_entry (\(JournalStoredRow.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            arguments: [
                                written.sequenceNumber, written.time.iso8601, written.actor, written.preparationId,
                                written.event, written.dataJSON, written.previousHash, written.hash,
                            ])
                        attempted.append(written)
                        previousHash = written.hash
                    }
                    return .commit
                }
            }
        } catch let moved as TailMoved {
            throw .outOfStep(path: paths.database, problem: "its last entry is \(moved.found.0), but this journal last "
                + "wrote \(expectedTail.0): something else wrote to the database")
        } catch {
            let cause = SQLiteFailure.describe(error)
            // A failed COMMIT is rolled back, but confirm from the database itself before saying "not written".
            let tailNow = try? database.read { try Self.readTail($0) }
            if let tailNow, tailNow == expectedTail {
                throw .writeFailed(path: paths.database, cause: cause)
            }
            if let tailNow, let last = attempted.last, tailNow == (last.sequenceNumber, last.hash),
               attempted.count == prepared.count {
                // The transaction did commit despite the error report: fall through to the anchor as for a success.
                return try anchor(attempted)
            }
            needsReopen = "an append failed (\(cause)) and the database's state afterwards could not be confirmed"
            throw .writeFailed(path: paths.database, cause: "\(cause); the outcome could not be confirmed, so the journal "
                + "refuses further appends until it is reopened and verified")
        }
        return try anchor(attempted)
    }

    /// Moves the head anchor up to the entries just committed.
    private func anchor(_ written: [JournalEntry]) throws(JournalError) -> [JournalEntry] {
        guard let last = written.last else { return written }
        tailSequenceNumber = last.sequenceNumber
        tailHash = last.hash
        do {
            try JournalHeadAnchor(sequenceNumber: last.sequenceNumber, hash: last.hash).write(paths)
        } catch {
            anchorIsBehind = true
            throw .anchorUpdateFailed(path: paths.headAnchor, cause: error.description, writtenEntries: written)
        }
        return written
    }

    /// The last entry's sequence number and hash (0 and the genesis hash when empty).
    static func readTail(_ db: Database) throws -> (Int64, String) {
        guard let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM journal_entry ORDER BY seq DESC LIMIT 1") else {
            return (0, JournalCanonicalEncoding.genesisHash)
        }
        let hash: String? = row[1]
        return (row[0], hash ?? "")
    }
}

/// The database's last entry is not the one the journal wrote last.
private struct TailMoved: Error {
    let found: (Int64, String)
}

/// A draft checked and encoded, ready to be numbered and chained inside the write transaction.
private struct PreparedEntry {
    let time: JournalTimestamp
    let actor: String
    let preparationId: String?
    let event: String
    let data: [String: JournalValue]
    let dataJSON: String

    /// Checks every field of `draft`; `label` prefixes field names in a batch ("entry 2 of 5: ").
    init(_ draft: JournalEntryDraft, label: String) throws(JournalError) {
        guard let time = JournalTimestamp(draft.time) else {
            throw .invalidEntry(field: "\(label)time", problem: "\(draft.time) is outside what the journal records "
                + "(\(JournalTimestamp.earliest) to \(JournalTimestamp.latest))")
        }
        if let problem = JournalFieldRules.identifierProblem(draft.actor) {
            throw .invalidEntry(field: "\(label)actor", problem: problem)
        }
        if let preparationId = draft.preparationId, let problem = JournalFieldRules.identifierProblem(preparationId) {
            throw .invalidEntry(field: "\(label)preparationId", problem: problem)
        }
        if let problem = JournalFieldRules.eventProblem(draft.event) {
            throw .invalidEntry(field: "\(label)event", problem: problem)
        }
        let dataJSON: String
        do {
            dataJSON = try CanonicalJSON.encode(object: draft.data)
        } catch {
            throw .invalidEntry(field: "\(label)\(error.path)", problem: error.problem)
        }
        if let problem = JournalFieldRules.dataSizeProblem(dataJSON) {
            throw .invalidEntry(field: "\(label)data", problem: problem)
        }
        self.time = time
        self.actor = draft.actor
        self.preparationId = draft.preparationId
        self.event = draft.event
        self.data = draft.data
        self.dataJSON = dataJSON
    }

    /// The entry as written at `sequenceNumber` after `previousHash`.
    func entry(sequenceNumber: Int64, previousHash: String) -> JournalEntry {
        let hash = JournalCanonicalEncoding.hash(
            sequenceNumber: sequenceNumber, time: time.iso8601, actor: actor, preparationId: preparationId,
            event: event, dataJSON: dataJSON, previousHash: previousHash)
        return JournalEntry(
            sequenceNumber: sequenceNumber, time: time, actor: actor, preparationId: preparationId, event: event,
            data: data, dataJSON: dataJSON, previousHash: previousHash, hash: hash)
    }
}
