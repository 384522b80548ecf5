/// The SQLite durability settings in effect on a journal's own connection, read back rather than assumed.
///
/// `synchronous` is a per-connection setting, so only the journal's connection can say what it really uses; a test
/// or a start-up self-check reads it here.
public struct JournalDurability: Sendable, Equatable {
    /// `PRAGMA journal_mode`: "wal" when writable (a read-only audit connection reports the file's mode).
    public let journalMode: String
    /// `PRAGMA synchronous`: 2 (FULL) on a writable journal, so every commit is fsynced before `append` returns.
    public let synchronous: Int

    /// Creates a record of the settings.
    public init(journalMode: String, synchronous: Int) {
        self.journalMode = journalMode
        self.synchronous = synchronous
    }
}
