import GRDBSQLite
#if canImport(Glibc)
import Glibc
#endif

/// The obvious alternative to the journal: a plain SQLite insert loop through the C API, with the journal's
/// durability (WAL, synchronous FULL), the journal's table, and rows of the same content and size, but no hash
/// chain, no canonical JSON, no head anchor, no actor. The floor for a durable append on this disk.
///
/// Used from one thread at a time (a dedicated thread per run), hence `@unchecked Sendable`.
final class RawSQLiteWriter: @unchecked Sendable {
    /// The text columns of the row written again and again (only `seq` changes).
    struct RowTexts: Sendable {
        let time: String
        let actor: String
        let preparationId: String
        let event: String
        let dataJSON: String
        let previousHash: String
        let hash: String
    }

    /// The journal's table (Sources/Journal/JournalSchema.swift), copied so the baseline pays for the same index
    /// and STRICT checks; its triggers fire on UPDATE and DELETE only, so they cost an insert nothing.
    private static let createStatements = """
        CREATE TABLE journal_entry (
            seq INTEGER PRIMARY KEY NOT NULL CHECK (seq >= 1),
            time TEXT NOT NULL,
            actor TEXT NOT NULL,
            preparation_id TEXT,
            event TEXT NOT NULL,
            data TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        ) STRICT;
        CREATE INDEX journal_entry_by_preparation ON journal_entry (preparation_id, seq);
        """

    private let path: String
    private var database: OpaquePointer?
    private var insert: OpaquePointer?
    /// C strings bound with SQLITE_STATIC: they live as long as the writer.
    private let texts: [UnsafeMutablePointer<CChar>?]
    private var nextSequence: Int64 = 1

    /// Creates the database at `path` (which must not exist) with WAL and synchronous FULL.
    init(path: String, row: RowTexts) throws(BenchError) {
        self.path = path
        let columns = [row.time, row.actor, row.preparationId, row.event, row.dataJSON, row.previousHash, row.hash]
        texts = columns.map { (text: String) in strdup(text) }
        guard sqlite3_open_v2(path, &database, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
            throw .sqlite(operation: "open \(path)", detail: message())
        }
        guard try pragmaText("PRAGMA journal_mode = WAL") == "wal" else {
            throw .sqlite(operation: "PRAGMA journal_mode = WAL on \(path)", detail: "SQLite kept another mode")
        }
        try execute("PRAGMA synchronous = FULL")
        try execute(Self.createStatements)
        guard sqlite3_prepare_v2(
            database, "INSERT INTO journal_entry (seq, time, actor, preparation_id, event, data, prev_hash, hash) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &insert, nil) == SQLITE_OK
        else { throw .sqlite(operation: "prepare INSERT", detail: message()) }
    }

    deinit {
        close()
        for text in texts { free(text) }
    }

    /// `journal_mode` and `synchronous` as SQLite reports them on this connection.
    func durability() throws(BenchError) -> (journalMode: String, synchronous: String) {
        (try pragmaText("PRAGMA journal_mode"), try pragmaText("PRAGMA synchronous"))
    }

    /// Inserts `count` rows in ONE transaction (BEGIN IMMEDIATE ... COMMIT): one fsync of the WAL for all.
    func insert(count: Int) throws(BenchError) {
        try execute("BEGIN IMMEDIATE")
        for _ in 0..<count {
            sqlite3_bind_int64(insert, 1, nextSequence)
            for (index, text) in texts.enumerated() {
                sqlite3_bind_text(insert, Int32(index + 2), text, -1, nil)
            }
            guard sqlite3_step(insert) == SQLITE_DONE else {
                let detail = message()
                sqlite3_reset(insert)
                _ = try? execute("ROLLBACK")
                throw .sqlite(operation: "INSERT row \(nextSequence)", detail: detail)
            }
            sqlite3_reset(insert)
            nextSequence += 1
        }
        try execute("COMMIT")
    }

    /// Finalizes the statement and closes the connection. Idempotent.
    func close() {
        if let insert { sqlite3_finalize(insert) }
        insert = nil
        if let database { sqlite3_close(database) }
        database = nil
    }

    private func execute(_ sql: String) throws(BenchError) {
        guard sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else {
            throw .sqlite(operation: sql.split(separator: "\n").first.map(String.init) ?? sql, detail: message())
        }
    }

    private func pragmaText(_ sql: String) throws(BenchError) -> String {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, sql, -1, &statement, nil) == SQLITE_OK else {
            throw .sqlite(operation: sql, detail: message())
        }
        defer { sqlite3_finalize(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW, let text = sqlite3_column_text(statement, 0) else {
            throw .sqlite(operation: sql, detail: message())
        }
        return String(cString: text)
    }

    private func message() -> String {
        database.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "SQLite could not open the file"
    }
}
