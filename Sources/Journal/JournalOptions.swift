/// Tunables for opening a journal. The durability settings (WAL, synchronous FULL) are not options: they are fixed.
public struct JournalOptions: Sendable, Equatable {
    /// How long an append waits for another SQLite connection (a sqlite3 shell, a backup tool) to release its lock
    /// before failing with `JournalError.writeFailed` ("database is locked"). 0 fails at once.
    public var busyTimeoutMilliseconds: Int

    /// The defaults: wait up to 2 seconds for a lock, long enough for a backup step, short enough for a bedside UI.
    public init(busyTimeoutMilliseconds: Int = 2000) {
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
    }
}
