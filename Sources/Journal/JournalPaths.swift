import Foundation

/// The files that make up one journal, all beside each other in one directory.
///
/// Naming them in one place lets every error message and every test point at the exact file involved.
public struct JournalPaths: Sendable, Equatable {
    /// The SQLite database holding the entries (`journal.sqlite`).
    public let database: String
    /// The head anchor: last sequence number and hash, kept outside the database so truncation shows (`<db>.head`).
    public let headAnchor: String
    /// Written while the head anchor is being replaced, then renamed over it (`<db>.head.tmp`).
    public let headAnchorTemporary: String
    /// Held with an exclusive lock by the one journal open for appending (`<db>.lock`).
    public let writerLock: String
    /// SQLite's write-ahead log (`<db>-wal`).
    public let writeAheadLog: String
    /// The directory holding all of them.
    public let directory: String

    /// The files of the journal whose database is at `databasePath` (made absolute against the current directory).
    public init(databasePath: String) {
        let url = URL(fileURLWithPath: databasePath).standardizedFileURL
        database = url.path
        headAnchor = url.path + ".head"
        headAnchorTemporary = url.path + ".head.tmp"
        writerLock = url.path + ".lock"
        writeAheadLog = url.path + "-wal"
        directory = url.deletingLastPathComponent().path
    }
}
