import Foundation
import GRDB
import Journal
import Testing

/// Each test writes six entries through the journal, closes it, changes the file the way someone with SQL access
/// could (append-only triggers dropped first), and checks that verification names the right entry, that
/// `openVerified` refuses to run on it, and that `openForAudit` still shows it.
@Suite("Tampering is detected at the right entry", .temporaryJournals)
struct JournalTamperTests {
    /// Verifies `path` expecting `defect`, and checks that opening it for appending is refused with the same defect.
    func expectDefect(_ path: String, sequenceNumber: Int64?, kind: JournalDefect.Kind, mentions: String) async throws {
        let defect = try #require(try await JournalFixture.defect(path))
        #expect(defect.sequenceNumber == sequenceNumber)
        #expect(defect.kind == kind)
        #expect(defect.description.contains(mentions), "\(defect.description)")
        #expect(throws: JournalError.verificationFailed(defect)) { _ = try Journal.openVerified(at: path) }
    }

    @Test("changing one field of entry 3 is reported as entry 3 altered", arguments: [
        ("event", "UPDATE journal_entry SET event = 'test.skipped' WHERE seq = 3"),
        ("data", #"UPDATE journal_entry SET data = '{"index":30,"note":"step 3"}' WHERE seq = 3"#),
        ("actor", "UPDATE journal_entry SET actor = 'nurse-999' WHERE seq = 3"),
        ("time", "UPDATE journal_entry SET time = '2025-03-14T09:26:56.590Z' WHERE seq = 3"),
        ("preparationId", "UPDATE journal_entry SET preparation_id = NULL WHERE seq = 3"),
        ("prevHash", "UPDATE journal_entry SET prev_hash = (SELECT hash FROM journal_entry WHERE seq = 1) WHERE seq = 3"),
        ("hash", "UPDATE journal_entry SET hash = (SELECT hash FROM journal_entry WHERE seq = 1) WHERE seq = 3"),
    ])
    func fieldAltered(field: String, sql: String) async throws {
        let (path, _) = try await JournalFixture.journal("alter-\(field)", entries: 6)
        try JournalFixture.tamper(path, sql)
        try await expectDefect(path, sequenceNumber: 3, kind: .altered, mentions: "entry 3 was altered")
    }

    @Test("deleting entry 3 is reported as entry 3 missing")
    func entryDeleted() async throws {
        let (path, _) = try await JournalFixture.journal("delete", entries: 6)
        try JournalFixture.tamper(path, "DELETE FROM journal_entry WHERE seq = 3")
        try await expectDefect(path, sequenceNumber: 3, kind: .missing(nextPresentSequenceNumber: 4), mentions: "entry 3 is missing")
    }

    @Test("deleting entry 1 is reported as entry 1 missing")
    func firstDeleted() async throws {
        let (path, _) = try await JournalFixture.journal("delete-first", entries: 6)
        try JournalFixture.tamper(path, "DELETE FROM journal_entry WHERE seq = 1")
        try await expectDefect(path, sequenceNumber: 1, kind: .missing(nextPresentSequenceNumber: 2), mentions: "entry 1 is missing")
    }

    @Test("swapping the contents of entries 3 and 4 is reported as entry 3 reordered")
    func entriesSwapped() async throws {
        let (path, _) = try await JournalFixture.journal("swap", entries: 6)
        let columns = ["time", "actor", "preparation_id", "event", "data", "prev_hash", "hash"]
        try JournalFixture.tamper(path) { db in
            let third = try #require(try Row.fetchOne(db, sql: "SELECT \(columns.joined(separator: ", ")) FROM journal_entry WHERE seq = 3"))
            let fourth = try #require(try Row.fetchOne(db, sql: "SELECT \(columns.joined(separator: ", ")) FROM journal_entry WHERE seq = 4"))
            let assignments = columns.map { "\($0) = ?" }.joined(separator: ", ")
            for (sequenceNumber, row) in [(3, fourth), (4, third)] {
                let values: [DatabaseValue] = columns.indices.map { row[$0] }
                try db.execute(sql: "UPDATE journal_entry SET \(assignments) WHERE seq = ?",
                               arguments: StatementArguments(values + [sequenceNumber.databaseValue]))
            }
        }
        try await expectDefect(path, sequenceNumber: 3, kind: .reordered(writtenAsSequenceNumber: 4), mentions: "entry 3 holds the entry written as entry 4")
    }

    @Test("removing the last 2 of 6 entries is reported as truncation from entry 5")
    func truncated() async throws {
        let (path, _) = try await JournalFixture.journal("truncate", entries: 6)
        try JournalFixture.tamper(path, "DELETE FROM journal_entry WHERE seq > 4")
        try await expectDefect(path, sequenceNumber: 5, kind: .truncated(lastPresentSequenceNumber: 4, anchoredSequenceNumber: 6),
                               mentions: "entry 5 and the entries after it are missing")
    }

    @Test("removing every entry is reported as truncation from entry 1")
    func emptied() async throws {
        let (path, _) = try await JournalFixture.journal("empty", entries: 6)
        try JournalFixture.tamper(path, "DELETE FROM journal_entry")
        try await expectDefect(path, sequenceNumber: 1, kind: .truncated(lastPresentSequenceNumber: 0, anchoredSequenceNumber: 6),
                               mentions: "the journal has no entries")
    }

    @Test("entry 3 altered and re-hashed shows as entry 4 no longer following it")
    func alteredAndRehashed() async throws {
        let (path, written) = try await JournalFixture.journal("rehash", entries: 6)
        let original = written[2]
        let forgedHash = JournalCanonicalEncoding.hash(
            sequenceNumber: 3, time: original.time.iso8601, actor: original.actor, preparationId: original.preparationId,
            event: "test.forged", dataJSON: original.dataJSON, previousHash: original.previousHash)
        try JournalFixture.tamper(path, "UPDATE journal_entry SET event = 'test.forged', hash = ? WHERE seq = 3", [forgedHash])
        try await expectDefect(path, sequenceNumber: 4,
                               kind: .brokenLink(recordedPreviousHash: original.hash, actualPreviousHash: forgedHash),
                               mentions: "entry 4 does not follow the entry before it")
    }

    @Test("head anchor moved back to entry 4 (keeping entry 6's hash) is reported at entry 4")
    func anchorMovedBack() async throws {
        let (path, written) = try await JournalFixture.journal("anchor-back", entries: 6)
        try "infusion-journal-head 1\nseq 4\nhash \(written[5].hash)\n".write(toFile: path + ".head", atomically: false, encoding: .utf8)
        try await expectDefect(path, sequenceNumber: 4, kind: .anchorMismatch(anchoredHash: written[5].hash, entryHash: written[3].hash),
                               mentions: "names entry 4 with hash")
    }

    @Test("head anchor moved forward to entry 8 is reported as truncation from entry 7")
    func anchorMovedForward() async throws {
        let (path, written) = try await JournalFixture.journal("anchor-forward", entries: 6)
        try "infusion-journal-head 1\nseq 8\nhash \(written[5].hash)\n".write(toFile: path + ".head", atomically: false, encoding: .utf8)
        try await expectDefect(path, sequenceNumber: 7, kind: .truncated(lastPresentSequenceNumber: 6, anchoredSequenceNumber: 8),
                               mentions: "entry 7 and the entries after it are missing")
    }

    @Test("head anchor hash changed is reported at entry 6")
    func anchorHashChanged() async throws {
        let (path, written) = try await JournalFixture.journal("anchor-hash", entries: 6)
        let forged = String(repeating: "ab", count: 32)
        try "infusion-journal-head 1\nseq 6\nhash \(forged)\n".write(toFile: path + ".head", atomically: false, encoding: .utf8)
        try await expectDefect(path, sequenceNumber: 6, kind: .anchorMismatch(anchoredHash: forged, entryHash: written[5].hash),
                               mentions: "names entry 6")
    }

    @Test("head anchor deleted is reported at entry 6, the last one it could vouch for")
    func anchorDeleted() async throws {
        let (path, _) = try await JournalFixture.journal("anchor-deleted", entries: 6)
        try FileManager.default.removeItem(atPath: path + ".head")
        try await expectDefect(path, sequenceNumber: 6, kind: .anchorMissing(lastPresentSequenceNumber: 6), mentions: "head anchor is missing")
    }

    @Test("head anchor replaced by garbage is reported as unreadable")
    func anchorGarbage() async throws {
        let (path, _) = try await JournalFixture.journal("anchor-garbage", entries: 6)
        try "seq=6\n".write(toFile: path + ".head", atomically: false, encoding: .utf8)
        let defect = try #require(try await JournalFixture.defect(path))
        guard case .anchorUnreadable = defect.kind else {
            Issue.record("expected anchorUnreadable, got \(defect)")
            return
        }
        #expect(throws: JournalError.verificationFailed(defect)) { _ = try Journal.openVerified(at: path) }
    }

    @Test("the database deleted while its anchor remains is refused, and no empty journal is created in its place")
    func databaseDeleted() async throws {
        let (path, _) = try await JournalFixture.journal("db-deleted", entries: 6)
        try FileManager.default.removeItem(atPath: path)
        try? FileManager.default.removeItem(atPath: path + "-wal")
        try? FileManager.default.removeItem(atPath: path + "-shm")
        #expect(throws: JournalError.verificationFailed(JournalDefect(
            sequenceNumber: 1, kind: .databaseMissing(anchoredSequenceNumber: 6), paths: JournalPaths(databasePath: path)))) {
            _ = try Journal.openVerified(at: path)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("the database emptied to 0 bytes while its anchor remains is refused, and the anchor is kept as evidence")
    func databaseEmptied() async throws {
        let (path, _) = try await JournalFixture.journal("db-emptied", entries: 6)
        let anchor = JournalFixture.bytes(path + ".head")
        try Data().write(to: URL(fileURLWithPath: path))
        let expected = JournalError.verificationFailed(JournalDefect(
            sequenceNumber: 1, kind: .databaseMissing(anchoredSequenceNumber: 6), paths: JournalPaths(databasePath: path)))
        #expect(throws: expected) { _ = try Journal.openVerified(at: path) }
        #expect(throws: expected) { _ = try Journal.openForAudit(at: path) }
        #expect(JournalFixture.bytes(path + ".head") == anchor)
        #expect(JournalFixture.bytes(path)?.isEmpty == true)
    }

    @Test("the append-only triggers refuse UPDATE and DELETE through SQL")
    func triggersRefuseChanges() async throws {
        let (path, _) = try await JournalFixture.journal("triggers", entries: 2)
        let database = try DatabaseQueue(path: path)
        #expect(throws: DatabaseError.self) {
            try database.write { try $0.execute(sql: "UPDATE journal_entry SET event = 'x' WHERE seq = 1") }
        }
        #expect(throws: DatabaseError.self) {
            try database.write { try $0.execute(sql: "DELETE FROM journal_entry WHERE seq = 2") }
        }
        try database.close()
        #expect(try await JournalFixture.verification(path).isIntact)
    }

    @Test("a tampered journal can still be opened for audit, read and exported")
    func auditStillWorks() async throws {
        let (path, _) = try await JournalFixture.journal("audit-tampered", entries: 6)
        try JournalFixture.tamper(path, "UPDATE journal_entry SET event = 'test.skipped' WHERE seq = 3")
        let audit = try Journal.openForAudit(at: path)
        #expect(try await audit.entries().count == 6)
        #expect(try await audit.entry(sequenceNumber: 3)?.event == "test.skipped")
        #expect(try await audit.export(.jsonLines).contains(#""seq":3,"time":"2025-03-14T09:26:56.589Z","actor":"controller","preparationId":"PREP-A","event":"test.skipped""#))
        try await audit.close()
    }

    @Test("an entry committed after the last anchor update (a crash between the two) is intact and gets anchored")
    func entryBeyondAnchor() async throws {
        let (path, written) = try await JournalFixture.journal("beyond-anchor", entries: 3)
        let anchorBefore = try #require(JournalFixture.bytes(path + ".head"))
        // Simulate the crash window: the commit of entry 4 landed, the anchor update did not.
        let journal = try Journal.openVerified(at: path)
        let fourth = try await journal.append(JournalFixture.draft(4))
        try await journal.close()
        try anchorBefore.write(to: URL(fileURLWithPath: path + ".head"))

        #expect(try await JournalFixture.verification(path) == .intact(JournalIntegrity(
            entryCount: 4, headHash: fourth.hash, anchoredSequenceNumber: 3)))
        #expect(written[2].hash != fourth.hash)
        let reopened = try Journal.openVerified(at: path)
        #expect(try await reopened.verify() == .intact(JournalIntegrity(entryCount: 4, headHash: fourth.hash, anchoredSequenceNumber: 4)))
        try await reopened.close()
    }
}

@Suite("Damage below the level of entries", .temporaryJournals)
struct JournalDamageTests {
    /// Flips bits in the middle of page `page` (1-based, 4096-byte pages) of the file at `path`.
    static func damage(_ path: String, page: Int) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let start = (page - 1) * 4096
        guard bytes.count >= start + 4096 else { throw CocoaError(.fileReadCorruptFile) }
        for offset in start + 8..<start + 200 { bytes[offset] ^= 0x5A }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    @Test("a database file with a damaged page is reported damaged, and cannot be opened for appending",
          arguments: [2, 3, 4])
    func damagedPage(page: Int) async throws {
        let (path, _) = try await JournalFixture.journal("damaged", entries: 40)
        try Self.damage(path, page: page)

        let audit = try Journal.openForAudit(at: path)
        let verification = try await audit.verify()
        try await audit.close()
        guard case .broken(let defect) = verification, case .databaseCorrupt = defect.kind else {
            Issue.record("expected databaseCorrupt, got \(verification)")
            return
        }
        #expect(defect.sequenceNumber == nil)
        #expect(!defect.description.contains("\n"))
        #expect(throws: JournalError.self) { _ = try Journal.openVerified(at: path) }
    }
}
