import Foundation
import GRDB

/// Walks the whole journal once, in sequence order, and reports the first defect.
///
/// For each entry, in this order: its sequence number is the next one (else an entry is missing or one was inserted);
/// its stored hash is the SHA-256 of its stored fields (else it was altered, or moved if the hash matches another
/// position); its `prevHash` is the previous entry's hash (else the chain is broken); its fields decode. At the end,
/// the head anchor must name an entry that exists, with the same hash (else the journal was truncated or the anchor
/// changed). Memory use is constant: rows are streamed through a cursor.
enum JournalVerifier {
    /// How far from its position a moved entry is looked for (only when an entry's hash fails, so the cost is nil
    /// for an intact journal).
    static let reorderSearchDistance: Int64 = 64

    /// Verifies the database behind `db` against the anchor `anchor`, which must have been read BEFORE the database
    /// snapshot was taken (a writer commits before it moves the anchor, so the anchor is then never ahead of it).
    static func verify(_ db: Database, anchor: JournalHeadAnchor.Reading, paths: JournalPaths) throws -> JournalVerification {
        func broken(_ sequenceNumber: Int64?, _ kind: JournalDefect.Kind) -> JournalVerification {
            .broken(JournalDefect(sequenceNumber: sequenceNumber, kind: kind, paths: paths))
        }

        let checks = try String.fetchAll(db, sql: "PRAGMA quick_check")
        guard checks == ["ok"] else {
            let problem = checks.prefix(3).joined(separator: "; ").replacingOccurrences(of: "\n", with: " ")
            return broken(nil, .databaseCorrupt(problem: problem))
        }

        var expected: Int64 = 1
        var previousHash = JournalCanonicalEncoding.genesisHash
        var anchoredEntryHash: String?
        if case .present(let head) = anchor, head.sequenceNumber == 0 {
            anchoredEntryHash = JournalCanonicalEncoding.genesisHash
        }
        var failure: JournalVerification?
        var suspect: JournalStoredRow?
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT \(JournalStoredRow.columns) FROM journal_entry ORDER BY seq")
        while let row = try cursor.next() {
            let stored: JournalStoredRow
            do {
                stored = try JournalStoredRow(row: row)
            } catch {
                failure = broken(error.sequenceNumber >= 0 ? error.sequenceNumber : expected,
                                 .malformed(field: error.field, problem: error.problem))
                break
            }
            let sequenceNumber = stored.sequenceNumber
            if sequenceNumber > expected {
                failure = broken(expected, .missing(nextPresentSequenceNumber: sequenceNumber))
                break
            }
            if sequenceNumber < expected {
                failure = broken(sequenceNumber, .unexpectedSequenceNumber(expected: expected))
                break
            }
            if stored.expectedHash(asSequenceNumber: sequenceNumber) != stored.hash {
                suspect = stored
                break
            }
            if stored.previousHash != previousHash {
                failure = broken(sequenceNumber, .brokenLink(recordedPreviousHash: stored.previousHash, actualPreviousHash: previousHash))
                break
            }
            do {
                _ = try stored.entry()
            } catch {
                failure = broken(sequenceNumber, .malformed(field: error.field, problem: error.problem))
                break
            }
            if case .present(let head) = anchor, head.sequenceNumber == sequenceNumber {
                anchoredEntryHash = stored.hash
            }
            previousHash = stored.hash
            expected += 1
        }
        if let suspect {
            // The cursor is finished with; look for the position this content was hashed at.
            let lastSequenceNumber = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM journal_entry") ?? 0
            let low = max(1, suspect.sequenceNumber - reorderSearchDistance)
            let high = max(low, min(lastSequenceNumber, suspect.sequenceNumber + reorderSearchDistance))
            for candidate in low...high where candidate != suspect.sequenceNumber {
                if suspect.expectedHash(asSequenceNumber: candidate) == suspect.hash {
                    return broken(suspect.sequenceNumber, .reordered(writtenAsSequenceNumber: candidate))
                }
            }
            return broken(suspect.sequenceNumber, .altered)
        }
        if let failure { return failure }

        let lastSequenceNumber = expected - 1
        switch anchor {
        case .missing:
            guard lastSequenceNumber == 0 else {
                return broken(lastSequenceNumber, .anchorMissing(lastPresentSequenceNumber: lastSequenceNumber))
            }
            return .intact(JournalIntegrity(entryCount: 0, headHash: previousHash, anchoredSequenceNumber: 0))
        case .unreadable(let problem):
            return broken(nil, .anchorUnreadable(problem: problem))
        case .present(let head):
            if head.sequenceNumber > lastSequenceNumber {
                return broken(lastSequenceNumber + 1, .truncated(
                    lastPresentSequenceNumber: lastSequenceNumber, anchoredSequenceNumber: head.sequenceNumber))
            }
            guard anchoredEntryHash == head.hash else {
                return broken(head.sequenceNumber == 0 ? nil : head.sequenceNumber, .anchorMismatch(
                    anchoredHash: head.hash, entryHash: anchoredEntryHash ?? JournalCanonicalEncoding.genesisHash))
            }
            return .intact(JournalIntegrity(
                entryCount: lastSequenceNumber, headHash: previousHash, anchoredSequenceNumber: head.sequenceNumber))
        }
    }
}
