import Foundation
import GRDB

extension Journal {
    /// Every entry, in sequence order.
    public func entries() throws(JournalError) -> [JournalEntry] {
        try fetch("SELECT \(JournalStoredRow.columns) FROM journal_entry ORDER BY seq", [])
    }

    /// The entries for one preparation, in sequence order.
    public func entries(preparationId: String) throws(JournalError) -> [JournalEntry] {
        try fetch(
            "SELECT \(JournalStoredRow.columns) FROM journal_entry WHERE preparation_id = ? ORDER BY seq",
            [preparationId])
    }

    /// The entries after `sequenceNumber` (exclusive), in order, at most `limit` of them: for following the journal
    /// or paging through it.
    public func entries(after sequenceNumber: Int64, limit: Int? = nil) throws(JournalError) -> [JournalEntry] {
        try fetch(
            "SELECT \(JournalStoredRow.columns) FROM journal_entry WHERE seq > ? ORDER BY seq LIMIT ?",
            [sequenceNumber, Int64(max(0, limit ?? Int.max))])
    }

    /// The entry with this sequence number, if present.
    public func entry(sequenceNumber: Int64) throws(JournalError) -> JournalEntry? {
        try fetch("SELECT \(JournalStoredRow.columns) FROM journal_entry WHERE seq = ?", [sequenceNumber]).first
    }

    /// The last entry, or nil for an empty journal.
    public func lastEntry() throws(JournalError) -> JournalEntry? {
        try fetch("SELECT \(JournalStoredRow.columns) FROM journal_entry ORDER BY seq DESC LIMIT 1", []).first
    }

    /// Checks the whole journal: every entry present, unaltered and in order, and the head anchor matching the end.
    /// Throws only when the database cannot be read at all; every defect is a `.broken` result.
    public func verify() throws(JournalError) -> JournalVerification {
        try Self.verify(try requireDatabase(), paths: paths)
    }

    /// The whole journal as one export text (see `JournalExportFormat`). For large journals prefer
    /// `export(_:to:)`, which streams.
    public func export(_ format: JournalExportFormat) throws(JournalError) -> String {
        var text = format.header
        try forEachEntry { entry in text += format.line(for: entry) }
        return text
    }

    /// Streams the whole journal to `handle` in `format`, in chunks, without holding it all in memory.
    public func export(_ format: JournalExportFormat, to handle: FileHandle) throws(JournalError) {
        var chunk = format.header
        var writeFailure: (any Error)?
        func flush() {
            guard !chunk.isEmpty, writeFailure == nil else { return }
            do {
                try handle.write(contentsOf: Data(chunk.utf8))
            } catch {
                writeFailure = error
            }
            chunk = ""
        }
        try forEachEntry { entry in
            chunk += format.line(for: entry)
            if chunk.utf8.count >= 64 * 1024 { flush() }
        }
        flush()
        if let writeFailure {
            throw .exportFailed(cause: "writing to the destination failed: \(writeFailure.localizedDescription)")
        }
    }

    /// Calls `body` for each entry in order, streaming rows through a cursor.
    private func forEachEntry(_ body: (JournalEntry) -> Void) throws(JournalError) {
        let database = try requireDatabase()
        do {
            try database.read { db in
                let cursor = try Row.fetchCursor(db, sql: "SELECT \(JournalStoredRow.columns) FROM journal_entry ORDER BY seq")
                while let row = try cursor.next() {
                    body(try JournalStoredRow(row: row).entry())
                }
            }
        } catch let problem as JournalStoredRow.FieldProblem {
            throw .unreadableEntry(path: paths.database, sequenceNumber: problem.sequenceNumber, field: problem.field, problem: problem.problem)
        } catch {
            throw .readFailed(path: paths.database, cause: SQLiteFailure.describe(error))
        }
    }

    private func fetch(_ sql: String, _ arguments: StatementArguments) throws(JournalError) -> [JournalEntry] {
        let database = try requireDatabase()
        do {
            return try database.read { db in
                try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                    try JournalStoredRow(row: row).entry()
                }
            }
        } catch let problem as JournalStoredRow.FieldProblem {
            throw .unreadableEntry(path: paths.database, sequenceNumber: problem.sequenceNumber, field: problem.field, problem: problem.problem)
        } catch {
            throw .readFailed(path: paths.database, cause: SQLiteFailure.describe(error))
        }
    }
}
