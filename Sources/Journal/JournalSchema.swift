import GRDB

/// The database layout, created once and checked at every open.
///
/// Entries live in one STRICT table keyed by sequence number. Triggers refuse UPDATE and DELETE so that no code path,
/// however buggy, can rewrite history through SQL; someone with the file can drop them, which is what the hash chain
/// and head anchor are for. `application_id` marks the file as a journal so a wrong path is refused, not overwritten.
enum JournalSchema {
    /// `PRAGMA application_id`: ASCII "TCJL" (tocilizumab journal).
    static let applicationId: Int32 = 0x5443_4A4C
    /// `PRAGMA user_version`: the layout version this code reads and writes.
    static let version: Int32 = 1

    static let createStatements = """
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
        CREATE TRIGGER journal_entry_no_update BEFORE UPDATE ON journal_entry
            BEGIN SELECT RAISE(ABORT, 'journal entries are append-only: UPDATE refused'); END;
        CREATE TRIGGER journal_entry_no_delete BEFORE DELETE ON journal_entry
            BEGIN SELECT RAISE(ABORT, 'journal entries are append-only: DELETE refused'); END;
        PRAGMA application_id = \(applicationId);
        PRAGMA user_version = \(version);
        """

    /// What a database file turned out to be.
    enum Identity: Equatable {
        /// A fresh file with no tables: the journal may create its layout.
        case empty
        /// A journal of this version.
        case journal
        /// Something else, with the reason.
        case foreign(String)
    }

    /// Identifies the file behind `db`.
    static func identify(_ db: Database) throws -> Identity {
        let applicationId = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let userVersion = try Int32.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        let tableCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
        if applicationId == 0 && userVersion == 0 && tableCount == 0 { return .empty }
        guard applicationId == Self.applicationId else {
            return .foreign("its SQLite application_id is \(applicationId), not \(Self.applicationId) (a journal)")
        }
        guard userVersion == version else {
            return .foreign("it has layout version \(userVersion); this program reads version \(version)")
        }
        guard try db.tableExists("journal_entry") else { return .foreign("it has no journal_entry table") }
        return .journal
    }
}
