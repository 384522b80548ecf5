import GRDB

/// Turns SQLite and GRDB errors into causes a nurse's engineer can act on ("the disk is full"), keeping SQLite's own
/// code and message for the support log.
enum SQLiteFailure {
    /// A one-line cause for `error`.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DatabaseError else {
            return String(describing: error).split(separator: "\n").first.map(String.init) ?? "unknown error"
        }
        let meaning: String
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            meaning = "the database is locked by another connection"
        case .SQLITE_FULL:
            meaning = "the disk (or the process's file size limit) is full"
        case .SQLITE_READONLY:
            meaning = "the database file or its directory is read-only"
        case .SQLITE_IOERR:
            meaning = "an I/O error occurred (the disk or file system failed)"
        case .SQLITE_CANTOPEN:
            meaning = "the database file cannot be opened"
        case .SQLITE_PERM:
            meaning = "permission denied"
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            meaning = "the database file is damaged or not a database"
        default:
            meaning = "SQLite error"
        }
        let detail = error.message.map { ": \($0)" } ?? ""
        return "\(meaning)\(detail) (SQLite code \(error.extendedResultCode.rawValue))"
    }

    /// True when `error` is SQLite refusing to open or read a WAL database read-only (its -shm file cannot be made).
    static func isReadOnlyWALRefusal(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_CANTOPEN
    }
}
