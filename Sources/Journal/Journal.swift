#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GRDB

/// The durable, tamper-evident, append-only record of everything that happens to an infusion.
///
/// One actor owns one journal's files: the SQLite database (WAL mode, synchronous FULL, so an entry survives a crash
/// or power cut once `append` returns), the head anchor beside it (so truncation shows), and an exclusive writer lock
/// (so a second process cannot interleave). Entries are generic (time, actor, preparation id, event code, JSON data);
/// the journal knows nothing of workflows or pumps.
///
/// Open it one of two ways:
/// - `openVerified(at:)` to record: creates the journal if missing, verifies the whole chain and the anchor, and
///   throws `JournalError.verificationFailed` naming the first bad entry instead of letting anything run on a
///   journal that has been tampered with;
/// - `openForAudit(at:)` to look: read-only, never creates or changes a file, and opens journals that fail
///   verification so `verify`, the read calls and `export` can show what is there.
///
/// There is no update or delete: the only write is `append`.
public actor Journal {
    /// The files of this journal.
    public nonisolated let paths: JournalPaths
    /// True when opened for audit: `append` always throws `JournalError.readOnly`.
    public nonisolated let isReadOnly: Bool

    private let executor: JournalExecutor
    /// Runs the actor on its own queue so blocking disk I/O stays off the cooperative pool (see `JournalExecutor`).
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// nil once closed.
    var database: DatabaseQueue?
    /// The writer lock's descriptor, held for the life of a writable journal; -1 when read-only or closed.
    var lockDescriptor: Int32
    /// The last entry this journal knows to be committed (0 and the genesis hash when empty).
    var tailSequenceNumber: Int64
    var tailHash: String
    /// Set when the head anchor could not be moved up to the tail; appending retries it first.
    var anchorIsBehind = false
    /// Set when a failed write left the database in a state this journal cannot account for; appending is refused.
    var needsReopen: String?

    private init(
        paths: JournalPaths, isReadOnly: Bool, database: DatabaseQueue, lockDescriptor: Int32,
        tailSequenceNumber: Int64, tailHash: String
    ) {
        self.paths = paths
        self.isReadOnly = isReadOnly
        self.executor = JournalExecutor(label: paths.database)
        self.database = database
        self.lockDescriptor = lockDescriptor
        self.tailSequenceNumber = tailSequenceNumber
        self.tailHash = tailHash
    }

    deinit {
        if lockDescriptor >= 0 { POSIXFileSystem.closeDescriptor(lockDescriptor) }
    }

    // MARK: Opening

    /// Opens the journal at `path` for appending, creating it (and its directory) when neither the database nor its
    /// head anchor exists, and verifies it completely before returning.
    ///
    /// Throws `verificationFailed` (naming the first bad entry) when the journal has been altered, reordered,
    /// truncated or damaged; `notWritable` when any of its files or its directory cannot be written; `inUse` when
    /// another process has it open for appending; `durabilityUnavailable` if SQLite refuses WAL or synchronous FULL.
    public static func openVerified(at path: String, options: JournalOptions = JournalOptions()) throws(JournalError) -> Journal {
        let paths = try validatedPaths(path)
        do {
            try POSIXFileSystem.createDirectories(paths.directory)
        } catch {
            throw .notWritable(path: error.path, cause: error.description)
        }
        if let problem = POSIXFileSystem.writeProblem(paths.directory) {
            throw .notWritable(path: paths.directory, cause: problem.description)
        }
        let databaseExists = POSIXFileSystem.exists(paths.database)
        let databaseHasContent = databaseExists && (POSIXFileSystem.size(paths.database) ?? 0) > 0
        if databaseExists, let problem = POSIXFileSystem.writeProblem(paths.database) {
            throw .notWritable(path: paths.database, cause: problem.description)
        }
        let anchorAtOpen = JournalHeadAnchor.read(paths)
        if !databaseHasContent {
            // Never start a fresh journal in place of one whose database has gone (deleted, or emptied to 0 bytes):
            // the anchor says it existed.
            try refuseToReplaceLostDatabase(anchorAtOpen, paths: paths)
        } else {
            // Identify the file before the writer connection switches it to WAL: a wrong path must be refused
            // without being modified.
            try refuseForeignFile(paths, options: options)
        }

        let lock = try acquireWriterLock(paths, waitMilliseconds: options.busyTimeoutMilliseconds)
        var keepLock = false
        defer { if !keepLock { POSIXFileSystem.closeDescriptor(lock) } }

        let database = try openDatabase(paths, options: options)
        var keepDatabase = false
        defer { if !keepDatabase { try? database.close() } }

        try checkDurability(database, paths: paths)
        try prepareLayout(database, paths: paths)
        do {
            // A new database file, and SQLite's WAL and shared-memory files, are only durable once the directory
            // naming them is synced.
            try POSIXFileSystem.syncDirectory(paths.directory)
            // A journal with no entries and no anchor was interrupted while being created: give it its first anchor.
            // An existing anchor is never overwritten here; verification compares it with the entries.
            if anchorAtOpen == .missing, try countEntries(database, paths: paths) == 0 {
                try JournalHeadAnchor(sequenceNumber: 0, hash: JournalCanonicalEncoding.genesisHash).write(paths)
            }
        } catch let error as POSIXFileSystem.Failure {
            throw .notWritable(path: error.path, cause: error.description)
        } catch let error as JournalError {
            throw error
        } catch {
            throw .openFailed(path: paths.database, cause: SQLiteFailure.describe(error))
        }

        let integrity: JournalIntegrity
        switch try verify(database, paths: paths) {
        case .broken(let defect):
            throw .verificationFailed(defect)
        case .intact(let report):
            integrity = report
        }
        if integrity.anchoredSequenceNumber < integrity.entryCount {
            // Entries committed just before a crash, before the anchor moved: chained and intact, so vouch for them.
            do {
                try JournalHeadAnchor(sequenceNumber: integrity.entryCount, hash: integrity.headHash).write(paths)
            } catch {
                throw .notWritable(path: error.path, cause: error.description)
            }
        }
        keepLock = true
        keepDatabase = true
        return Journal(
            paths: paths, isReadOnly: false, database: database, lockDescriptor: lock,
            tailSequenceNumber: integrity.entryCount, tailHash: integrity.headHash)
    }

    /// Opens the journal at `path` read-only for audit (verify, read, export), whatever state it is in.
    ///
    /// Never creates, locks or changes a file, so it works on a read-only file or directory, alongside a writer in
    /// another process, and on a journal that fails verification. Throws `notFound` when there is no database.
    public static func openForAudit(at path: String, options: JournalOptions = JournalOptions()) throws(JournalError) -> Journal {
        let paths = try validatedPaths(path)
        guard POSIXFileSystem.exists(paths.database) else { throw .notFound(path: paths.database) }
        func openAndIdentify(immutable: Bool) throws -> (DatabaseQueue, JournalSchema.Identity) {
            let database = try makeQueue(paths, readOnly: true, options: options, immutable: immutable)
            do {
                return (database, try database.read { try JournalSchema.identify($0) })
            } catch {
                try? database.close()
                throw error
            }
        }
        let database: DatabaseQueue
        let identity: JournalSchema.Identity
        do {
            (database, identity) = try openAndIdentify(immutable: false)
        } catch {
            // SQLite cannot read a WAL-mode file from a read-only directory when its -shm file is absent. With no
            // write-ahead log present, the database file alone is the whole journal and can be read as immutable.
            guard SQLiteFailure.isReadOnlyWALRefusal(error), (POSIXFileSystem.size(paths.writeAheadLog) ?? 0) == 0 else {
                throw openError(error, paths)
            }
            do {
                (database, identity) = try openAndIdentify(immutable: true)
            } catch {
                throw openError(error, paths)
            }
        }
        guard identity == .journal else {
            try? database.close()
            if identity == .empty { try refuseToReplaceLostDatabase(JournalHeadAnchor.read(paths), paths: paths) }
            if case .foreign(let problem) = identity { throw .notAJournal(path: paths.database, problem: problem) }
            throw .notAJournal(path: paths.database, problem: "it is an empty SQLite file with no journal layout")
        }
        return Journal(
            paths: paths, isReadOnly: true, database: database, lockDescriptor: -1,
            tailSequenceNumber: 0, tailHash: JournalCanonicalEncoding.genesisHash)
    }

    /// Closes the database and releases the writer lock. Every later call throws `closed`. Idempotent.
    public func close() throws(JournalError) {
        defer {
            if lockDescriptor >= 0 { POSIXFileSystem.closeDescriptor(lockDescriptor) }
            lockDescriptor = -1
        }
        guard let database else { return }
        self.database = nil
        do {
            try database.close()
        } catch {
            throw .openFailed(path: paths.database, cause: "closing: \(SQLiteFailure.describe(error))")
        }
    }

    /// The durability settings in effect on this journal's own connection (see `JournalDurability`).
    public func durability() throws(JournalError) -> JournalDurability {
        let database = try requireDatabase()
        do {
            return try database.writeWithoutTransaction { db in
                JournalDurability(
                    journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                    synchronous: try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1)
            }
        } catch {
            throw .readFailed(path: paths.database, cause: SQLiteFailure.describe(error))
        }
    }

    /// The open database, or `closed`.
    func requireDatabase() throws(JournalError) -> DatabaseQueue {
        guard let database else { throw .closed(path: paths.database) }
        return database
    }

    // MARK: Opening, step by step

    private static func validatedPaths(_ path: String) throws(JournalError) -> JournalPaths {
        guard !path.isEmpty else { throw .invalidPath(path: path, problem: "is empty; give the journal database's file path") }
        guard !path.contains("\0") else { throw .invalidPath(path: path, problem: "contains a NUL character") }
        let paths = JournalPaths(databasePath: path)
        if POSIXFileSystem.isDirectory(paths.database) {
            throw .invalidPath(path: path, problem: "is a directory; give the journal database's file path (e.g. \(path)/journal.sqlite)")
        }
        return paths
    }

    /// Throws when the anchor shows that entries were written to a database that is now missing or empty.
    private static func refuseToReplaceLostDatabase(_ anchor: JournalHeadAnchor.Reading, paths: JournalPaths) throws(JournalError) {
        switch anchor {
        case .present(let head) where head.sequenceNumber > 0:
            throw .verificationFailed(JournalDefect(
                sequenceNumber: 1, kind: .databaseMissing(anchoredSequenceNumber: head.sequenceNumber), paths: paths))
        case .unreadable(let problem):
            throw .verificationFailed(JournalDefect(sequenceNumber: nil, kind: .anchorUnreadable(problem: problem), paths: paths))
        case .present, .missing:
            break
        }
    }

    private static func refuseForeignFile(_ paths: JournalPaths, options: JournalOptions) throws(JournalError) {
        let identity: JournalSchema.Identity
        do {
            let probe = try makeQueue(paths, readOnly: true, options: options)
            defer { try? probe.close() }
            identity = try probe.read { try JournalSchema.identify($0) }
        } catch {
            throw openError(error, paths)
        }
        if case .foreign(let problem) = identity { throw .notAJournal(path: paths.database, problem: problem) }
    }

    /// Takes the writer lock, waiting up to `waitMilliseconds` (the busy timeout an append waits for SQLite) while
    /// another holder lets it go.
    ///
    /// A holder is often on its way out: the previous `infusion` command still exiting, or a program being started
    /// at that moment by the process that had the journal open, whose start-up shares every descriptor until it
    /// executes (close-on-exec takes effect only then). Refusing at once turned such moments into "in use" for a
    /// nurse's next command (seen in the suite, where a journal reopened while another test started a child).
    private static func acquireWriterLock(_ paths: JournalPaths, waitMilliseconds: Int) throws(JournalError) -> Int32 {
        let descriptor = POSIXFileSystem.retryingInterrupts { open(paths.writerLock, O_RDWR | O_CREAT | O_CLOEXEC, 0o644) }
        guard descriptor >= 0 else {
            let failure = POSIXFileSystem.Failure(operation: "open lock file", path: paths.writerLock, code: errno)
            throw .notWritable(path: paths.writerLock, cause: failure.description)
        }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(max(waitMilliseconds, 0)))
        while POSIXFileSystem.retryingInterrupts({ flock(descriptor, LOCK_EX | LOCK_NB) }) != 0 {
            let code = errno
            if code == EWOULDBLOCK && clock.now < deadline {
                var pause = timespec(tv_sec: 0, tv_nsec: 10_000_000)
                _ = nanosleep(&pause, nil)
                continue
            }
            POSIXFileSystem.closeDescriptor(descriptor)
            if code == EWOULDBLOCK { throw .inUse(path: paths.database) }
            throw .openFailed(path: paths.writerLock, cause: POSIXFileSystem.Failure(operation: "lock", path: paths.writerLock, code: code).description)
        }
        return descriptor
    }

    /// Opens the writer connection, mapping failures to journal errors.
    private static func openDatabase(_ paths: JournalPaths, options: JournalOptions) throws(JournalError) -> DatabaseQueue {
        do {
            return try makeQueue(paths, readOnly: false, options: options)
        } catch {
            throw openError(error, paths)
        }
    }

    /// A GRDB connection configured for the journal. Writable connections get WAL and synchronous FULL.
    private static func makeQueue(
        _ paths: JournalPaths, readOnly: Bool, options: JournalOptions, immutable: Bool = false
    ) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.label = paths.database
        configuration.foreignKeysEnabled = false
        configuration.busyMode = options.busyTimeoutMilliseconds > 0
            ? .timeout(Double(options.busyTimeoutMilliseconds) / 1000) : .immediateError
        if !readOnly {
            configuration.prepareDatabase { db in
                // Set here rather than with GRDB's `journalMode = .wal`, which also lowers synchronous to NORMAL
                // (a commit could then be lost on power failure). Order matters: WAL first, then FULL.
                let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                guard mode == "wal" else {
                    throw DatabaseError(message: "SQLite kept journal_mode \(mode ?? "unknown") instead of WAL")
                }
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA trusted_schema = OFF")
            }
        }
        let location = immutable
            ? "file://\(paths.database.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? paths.database)?immutable=1"
            : paths.database
        return try DatabaseQueue(path: location, configuration: configuration)
    }

    /// The journal error for a failure to open or identify the database.
    private static func openError(_ error: any Error, _ paths: JournalPaths) -> JournalError {
        if let error = error as? JournalError { return error }
        if let error = error as? DatabaseError {
            if error.resultCode == .SQLITE_NOTADB {
                return .notAJournal(path: paths.database, problem: "it is not an SQLite database")
            }
            if error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_PERM {
                return .notWritable(path: paths.database, cause: SQLiteFailure.describe(error))
            }
        }
        return .openFailed(path: paths.database, cause: SQLiteFailure.describe(error))
    }

    private static func checkDurability(_ database: DatabaseQueue, paths: JournalPaths) throws(JournalError) {
        let settings: (String?, Int?)
        do {
            settings = try database.writeWithoutTransaction { db in
                (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
            }
        } catch {
            throw .durabilityUnavailable(path: paths.database, problem: SQLiteFailure.describe(error))
        }
        guard settings.0 == "wal" else {
            throw .durabilityUnavailable(path: paths.database, problem: "journal_mode is \(settings.0 ?? "unknown"), not wal")
        }
        guard let synchronous = settings.1, synchronous >= 2 else {
            throw .durabilityUnavailable(path: paths.database, problem: "synchronous is \(settings.1.map(String.init) ?? "unknown"), not FULL (2)")
        }
    }

    /// Creates the layout in a new, empty database file; refuses a file that is something else. True when created.
    @discardableResult
    private static func prepareLayout(_ database: DatabaseQueue, paths: JournalPaths) throws(JournalError) -> Bool {
        do {
            return try database.writeWithoutTransaction { db in
                switch try JournalSchema.identify(db) {
                case .journal:
                    return false
                case .foreign(let problem):
                    throw JournalError.notAJournal(path: paths.database, problem: problem)
                case .empty:
                    try db.inTransaction(.immediate) {
                        try db.execute(sql: JournalSchema.createStatements)
                        return .commit
                    }
                    return true
                }
            }
        } catch let error as JournalError {
            throw error
        } catch {
            if let error = error as? DatabaseError, error.resultCode == .SQLITE_READONLY {
                throw .notWritable(path: paths.database, cause: SQLiteFailure.describe(error))
            }
            throw .openFailed(path: paths.database, cause: SQLiteFailure.describe(error))
        }
    }

    private static func countEntries(_ database: DatabaseQueue, paths: JournalPaths) throws -> Int64 {
        try database.read { try Int64.fetchOne($0, sql: "SELECT count(*) FROM journal_entry") ?? 0 }
    }

    /// Reads the anchor, THEN takes a database snapshot and verifies: a writer moves the anchor only after its
    /// commit, so in this order the anchor is never ahead of the snapshot.
    static func verify(_ database: DatabaseQueue, paths: JournalPaths) throws(JournalError) -> JournalVerification {
        let anchor = JournalHeadAnchor.read(paths)
        do {
            return try database.read { try JournalVerifier.verify($0, anchor: anchor, paths: paths) }
        } catch {
            if let error = error as? DatabaseError, error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB {
                // Damage bad enough that SQLite cannot even run its own check is still a verification result.
                return .broken(JournalDefect(
                    sequenceNumber: nil, kind: .databaseCorrupt(problem: SQLiteFailure.describe(error)), paths: paths))
            }
            throw .readFailed(path: paths.database, cause: SQLiteFailure.describe(error))
        }
    }
}
