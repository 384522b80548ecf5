/// Everything that can go wrong opening, writing or reading a journal, each naming the file and the cause.
///
/// The write errors split cleanly in two so a caller can always tell what happened to its entries:
/// `anchorUpdateFailed` means the entries ARE written and durable (they are in the error); every other error from
/// `append` means NOTHING was written. `entriesWereWritten` says which.
public enum JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path given cannot name a journal (empty, or a directory).
    case invalidPath(path: String, problem: String)
    /// There is no journal database at this path (opening for audit never creates one).
    case notFound(path: String)
    /// The file exists but is not a journal of this format.
    case notAJournal(path: String, problem: String)
    /// The journal cannot be opened for appending because a file or directory cannot be written.
    case notWritable(path: String, cause: String)
    /// Another process has this journal open for appending; one writer at a time keeps the chain and anchor in step.
    case inUse(path: String)
    /// The database could not be opened or its structure created.
    case openFailed(path: String, cause: String)
    /// SQLite did not accept the durability settings (WAL, synchronous FULL); the journal refuses to run without them.
    case durabilityUnavailable(path: String, problem: String)
    /// The journal failed verification; it can still be opened for audit with `Journal.openForAudit`.
    case verificationFailed(JournalDefect)
    /// A draft was refused before anything was written: the field, and what is accepted.
    case invalidEntry(field: String, problem: String)
    /// The journal was opened for audit; appending needs `Journal.openVerified`.
    case readOnly(path: String)
    /// The journal was closed.
    case closed(path: String)
    /// Nothing was written: the database refused the transaction (disk full, read-only, locked, I/O error).
    case writeFailed(path: String, cause: String)
    /// The entries were committed and are durable, but the head anchor could not be updated. The journal retries the
    /// anchor before the next append and refuses to append while it cannot.
    case anchorUpdateFailed(path: String, cause: String, writtenEntries: [JournalEntry])
    /// The database's last entry is not the one this journal wrote last: something else wrote to it. Nothing was
    /// written; reopen with `openVerified` to find out what happened.
    case outOfStep(path: String, problem: String)
    /// Reading failed (I/O error, damaged file).
    case readFailed(path: String, cause: String)
    /// A stored entry cannot be decoded (only after tampering or damage; `verify` names it too).
    case unreadableEntry(path: String, sequenceNumber: Int64, field: String, problem: String)
    /// Writing an export to its destination failed.
    case exportFailed(cause: String)

    /// True only when the entries of the failed call are nonetheless written and durable (`anchorUpdateFailed`).
    public var entriesWereWritten: Bool {
        if case .anchorUpdateFailed = self { return true }
        return false
    }

    /// One line naming the file or field and what to do about it.
    public var description: String {
        switch self {
        case .invalidPath(let path, let problem):
            return "journal path '\(path)' \(problem)"
        case .notFound(let path):
            return "\(path): no journal database here (opening for audit never creates one)"
        case .notAJournal(let path, let problem):
            return "\(path): not an infusion journal: \(problem)"
        case .notWritable(let path, let cause):
            return "\(path): cannot be written (\(cause)); the journal cannot record entries. Fix the permissions or the "
                + "file system, or open it for audit (read-only)"
        case .inUse(let path):
            return "\(path): the journal is already open for appending in another process; only one writer at a time"
        case .openFailed(let path, let cause):
            return "\(path): the journal cannot be opened (\(cause))"
        case .durabilityUnavailable(let path, let problem):
            return "\(path): refusing to run without durable writes: \(problem)"
        case .verificationFailed(let defect):
            return "journal failed verification: \(defect)"
        case .invalidEntry(let field, let problem):
            return "journal entry refused, nothing written: \(field) \(problem)"
        case .readOnly(let path):
            return "\(path): the journal is open for audit (read-only); nothing written"
        case .closed(let path):
            return "\(path): the journal is closed; nothing written"
        case .writeFailed(let path, let cause):
            return "\(path): entry NOT written (\(cause))"
        case .anchorUpdateFailed(let path, let cause, let entries):
            let range = entries.first.map { first in
                entries.count == 1 ? "entry \(first.sequenceNumber) is" : "entries \(first.sequenceNumber)-\(first.sequenceNumber + Int64(entries.count) - 1) are"
            } ?? "the entries are"
            return "\(path): \(range) written and durable, but the head anchor could not be updated (\(cause)); "
                + "appending is refused until it can be"
        case .outOfStep(let path, let problem):
            return "\(path): nothing written: \(problem); reopen the journal to verify it"
        case .readFailed(let path, let cause):
            return "\(path): the journal cannot be read (\(cause))"
        case .unreadableEntry(let path, let sequenceNumber, let field, let problem):
            return "\(path): entry \(sequenceNumber) cannot be read: field \(field) \(problem); run verify"
        case .exportFailed(let cause):
            return "journal export failed: \(cause)"
        }
    }
}
