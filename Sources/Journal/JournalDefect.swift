/// The first thing found wrong with a journal, naming the entry and saying what an auditor should look at.
///
/// Verification stops at the first defect: everything after it can no longer be trusted through the chain, and the
/// first broken entry is where an investigation starts.
public struct JournalDefect: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public enum Kind: Sendable, Equatable {
        /// The entry's stored hash is not the SHA-256 of its fields: a field (time, actor, preparation id, event,
        /// data or previous hash) was changed after it was written.
        case altered
        /// The entry's content is intact but was written with another sequence number: entries were moved.
        case reordered(writtenAsSequenceNumber: Int64)
        /// The entry is absent although later entries exist: it was deleted.
        case missing(nextPresentSequenceNumber: Int64)
        /// A row carries a sequence number the journal never writes (0 or negative, or a repeat).
        case unexpectedSequenceNumber(expected: Int64)
        /// The entry's own hash is consistent but its `prevHash` is not the previous entry's hash: the previous entry
        /// was altered and re-hashed, or this entry was replaced.
        case brokenLink(recordedPreviousHash: String, actualPreviousHash: String)
        /// A field cannot be read back (not text, not canonical JSON, not a valid time...).
        case malformed(field: String, problem: String)
        /// Entries the head anchor vouches for are gone from the end of the journal.
        case truncated(lastPresentSequenceNumber: Int64, anchoredSequenceNumber: Int64)
        /// The head anchor names this entry but with another hash: the anchor or the entry was changed.
        case anchorMismatch(anchoredHash: String, entryHash: String)
        /// The head anchor file is missing although the journal has entries, so truncation cannot be ruled out.
        case anchorMissing(lastPresentSequenceNumber: Int64)
        /// The head anchor file exists but does not hold a valid anchor.
        case anchorUnreadable(problem: String)
        /// The database file is missing although the head anchor says entries were written.
        case databaseMissing(anchoredSequenceNumber: Int64)
        /// SQLite's own consistency check failed: the file is damaged below the level of entries.
        case databaseCorrupt(problem: String)
    }

    /// The first entry affected, when the defect concerns one (nil for damage to the file as a whole).
    public let sequenceNumber: Int64?
    /// What is wrong.
    public let kind: Kind
    /// The journal's files, so the message can name them.
    public let paths: JournalPaths

    /// Creates a defect report.
    public init(sequenceNumber: Int64?, kind: Kind, paths: JournalPaths) {
        self.sequenceNumber = sequenceNumber
        self.kind = kind
        self.paths = paths
    }

    /// One paragraph an auditor can act on: which entry, what is wrong, which file to look at.
    public var description: String {
        let entry = sequenceNumber.map { "entry \($0)" } ?? "the journal"
        let database = paths.database
        switch kind {
        case .altered:
            return "\(database): \(entry) was altered after it was written: its stored hash is not the SHA-256 of its "
                + "fields (time, actor, preparationId, event, data or prevHash changed). Compare it with a backup or export."
        case .reordered(let writtenAs):
            return "\(database): \(entry) holds the entry written as entry \(writtenAs): entries were moved (reordered). "
                + "Its content is intact; its position is not."
        case .missing(let next):
            return "\(database): \(entry) is missing (deleted): the journal jumps from entry \((sequenceNumber ?? 1) - 1) "
                + "to entry \(next)."
        case .unexpectedSequenceNumber(let expected):
            return "\(database): \(entry) has a sequence number the journal never writes (expected \(expected)): "
                + "a row was inserted outside the journal."
        case .brokenLink(let recorded, let actual):
            return "\(database): \(entry) does not follow the entry before it: it records prevHash \(recorded) but "
                + "that entry hashes to \(actual). The previous entry was altered and re-hashed, or \(entry) was replaced."
        case .malformed(let field, let problem):
            return "\(database): \(entry) cannot be read: field \(field) \(problem)."
        case .truncated(let last, let anchored):
            let present = last == 0 ? "the journal has no entries" : "the journal ends at entry \(last)"
            return "\(database): \(entry) and the entries after it are missing (truncated): the head anchor "
                + "\(paths.headAnchor) vouches for \(anchored) entries but \(present)."
        case .anchorMismatch(let anchoredHash, let entryHash):
            return "\(paths.headAnchor): the head anchor names \(entry) with hash \(anchoredHash) but that entry "
                + "hashes to \(entryHash): the anchor was altered, or the journal was rewritten from \(entry) back."
        case .anchorMissing(let last):
            return "\(paths.headAnchor): the head anchor is missing although the journal has \(last) entries: entries "
                + "after entry \(last) may have been removed (truncation cannot be ruled out)."
        case .anchorUnreadable(let problem):
            return "\(paths.headAnchor): the head anchor cannot be read (\(problem)); truncation cannot be ruled out."
        case .databaseMissing(let anchored):
            return "\(database): the journal database is missing although the head anchor \(paths.headAnchor) vouches "
                + "for \(anchored) entries."
        case .databaseCorrupt(let problem):
            return "\(database): the database file is damaged (SQLite integrity check: \(problem)). Restore it from a "
                + "backup; do not append to it."
        }
    }
}
