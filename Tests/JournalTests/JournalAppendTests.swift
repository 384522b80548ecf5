import Foundation
import Journal
import Testing

@Suite("Appending and reading", .temporaryJournals)
struct JournalAppendTests {
    @Test("entries round-trip with sequence numbers 1, 2, 3 and a linked chain")
    func roundTrip() async throws {
        let path = try JournalFixture.freshPath("roundtrip")
        let journal = try Journal.openVerified(at: path)
        let first = try await journal.append(JournalEntryDraft(
            time: JournalFixture.time(), actor: "nurse-017", preparationId: "PREP-A", event: "workflow.transition",
            data: ["from": "prepared", "to": "verified", "doseMg": .number(try #require(Decimal(string: "480.5")))]))
        let second = try await journal.append(JournalEntryDraft(
            time: JournalFixture.time(1), actor: JournalEntryDraft.controllerActor, event: "pump.command", data: [:]))
        let third = try await journal.append(JournalEntryDraft(
            time: JournalFixture.time(2), actor: JournalEntryDraft.systemActor, preparationId: "PREP-B",
            event: "alarm.occlusion", data: ["nested": ["list": [1, "two", nil, true]]]))

        #expect([first, second, third].map(\.sequenceNumber) == [1, 2, 3])
        #expect(first.previousHash == JournalCanonicalEncoding.genesisHash)
        #expect(second.previousHash == first.hash)
        #expect(third.previousHash == second.hash)
        #expect([first, second, third].allSatisfy { $0.hashMatchesContent })
        #expect(first.time.iso8601 == "2025-03-14T09:26:53.589Z")
        #expect(first.data["doseMg"] == .number(try #require(Decimal(string: "480.5"))))
        #expect(second.preparationId == nil)

        #expect(try await journal.entries() == [first, second, third])
        #expect(try await journal.lastEntry() == third)
        #expect(try await journal.entry(sequenceNumber: 2) == second)
        #expect(try await journal.entry(sequenceNumber: 4) == nil)
        try await journal.close()

        let audit = try Journal.openForAudit(at: path)
        #expect(try await audit.entries() == [first, second, third])
        try await audit.close()
    }

    @Test("reading by preparation id, after a sequence number, and the last entry")
    func readingQueries() async throws {
        let journal = try Journal.openVerified(at: try JournalFixture.freshPath("queries"))
        #expect(try await journal.lastEntry() == nil)
        #expect(try await journal.entries() == [])
        var written: [JournalEntry] = []
        for index in 1...6 {
            written.append(try await journal.append(JournalFixture.draft(index, preparationId: index % 3 == 0 ? "PREP-C" : "PREP-A")))
        }
        #expect(try await journal.entries(preparationId: "PREP-C").map(\.sequenceNumber) == [3, 6])
        #expect(try await journal.entries(preparationId: "PREP-A").map(\.sequenceNumber) == [1, 2, 4, 5])
        #expect(try await journal.entries(preparationId: "PREP-Z") == [])
        #expect(try await journal.entries(after: 4) == Array(written[4...]))
        #expect(try await journal.entries(after: 0, limit: 2) == Array(written[0..<2]))
        #expect(try await journal.entries(after: 6) == [])
        #expect(try await journal.lastEntry() == written[5])
        try await journal.close()
    }

    @Test("a batch is one group commit: consecutive numbers, chained, all durable together")
    func batchAppend() async throws {
        let journal = try Journal.openVerified(at: try JournalFixture.freshPath("batch"))
        let single = try await journal.append(JournalFixture.draft(1))
        let batch = try await journal.append(contentsOf: (2...5).map { JournalFixture.draft($0) })
        #expect(batch.map(\.sequenceNumber) == [2, 3, 4, 5])
        #expect(batch[0].previousHash == single.hash)
        #expect(zip(batch.dropFirst(), batch).allSatisfy { $0.previousHash == $1.hash })
        #expect(try await journal.append(contentsOf: []) == [])
        #expect(try await journal.verify().isIntact)
        try await journal.close()
    }

    @Test("a bad draft in a batch refuses the whole batch, naming the entry and the field; nothing is written")
    func batchRefusedWhole() async throws {
        let journal = try Journal.openVerified(at: try JournalFixture.freshPath("batch-refused"))
        _ = try await journal.append(JournalFixture.draft(1))
        var bad = JournalFixture.draft(3)
        bad.event = "has space"
        let error = await JournalFixture.journalError { try await journal.append(contentsOf: [JournalFixture.draft(2), bad]) }
        guard case .invalidEntry(let field, _) = error else {
            Issue.record("expected invalidEntry, got \(String(describing: error))")
            return
        }
        #expect(field == "entry 2 of 2: event")
        #expect(error?.entriesWereWritten == false)
        #expect(try await journal.entries().count == 1)
        #expect(try await journal.append(JournalFixture.draft(2)).sequenceNumber == 2)
        try await journal.close()
    }

    @Test("invalid fields are refused before anything is written, naming the field", arguments: [
        ("actor", JournalEntryDraft(time: JournalFixture.time(), actor: "", event: "x")),
        ("actor", JournalEntryDraft(time: JournalFixture.time(), actor: "nurse\n017", event: "x")),
        ("actor", JournalEntryDraft(time: JournalFixture.time(), actor: " nurse", event: "x")),
        ("actor", JournalEntryDraft(time: JournalFixture.time(), actor: String(repeating: "a", count: 129), event: "x")),
        ("preparationId", JournalEntryDraft(time: JournalFixture.time(), actor: "a", preparationId: "", event: "x")),
        ("event", JournalEntryDraft(time: JournalFixture.time(), actor: "a", event: "")),
        ("event", JournalEntryDraft(time: JournalFixture.time(), actor: "a", event: ".starts-with-dot")),
        ("event", JournalEntryDraft(time: JournalFixture.time(), actor: "a", event: "pump command")),
        ("time", JournalEntryDraft(time: Date(timeIntervalSince1970: -0.5), actor: "a", event: "x")),
        ("data.rates[0]", JournalEntryDraft(time: JournalFixture.time(), actor: "a", event: "x", data: ["rates": [.number(.nan)]])),
        ("data", JournalEntryDraft(time: JournalFixture.time(), actor: "a", event: "x", data: ["blob": .string(String(repeating: "x", count: 300_000))])),
    ])
    func invalidFields(field: String, draft: JournalEntryDraft) async throws {
        let journal = try Journal.openVerified(at: try JournalFixture.freshPath("invalid"))
        let error = await JournalFixture.journalError { try await journal.append(draft) }
        guard case .invalidEntry(let reported, let problem) = error else {
            Issue.record("expected invalidEntry, got \(String(describing: error))")
            return
        }
        #expect(reported == field)
        #expect(!problem.isEmpty)
        #expect(try await journal.entries() == [])
        #expect(try await journal.verify() == .intact(JournalIntegrity(
            entryCount: 0, headHash: JournalCanonicalEncoding.genesisHash, anchoredSequenceNumber: 0)))
        try await journal.close()
    }

    @Test("reopening after close continues the chain where it stopped")
    func reopenContinues() async throws {
        let (path, written) = try await JournalFixture.journal("reopen", entries: 2)
        let journal = try Journal.openVerified(at: path)
        let third = try await journal.append(JournalFixture.draft(3))
        #expect(third.sequenceNumber == 3)
        #expect(third.previousHash == written[1].hash)
        #expect(try await journal.verify() == .intact(JournalIntegrity(entryCount: 3, headHash: third.hash, anchoredSequenceNumber: 3)))
        try await journal.close()
        #expect(await JournalFixture.journalError { try await journal.append(JournalFixture.draft(4)) } == .closed(path: JournalPaths(databasePath: path).database))
        try await journal.close()
    }

    @Test("opening creates missing directories, the database and a head anchor vouching for 0 entries")
    func createsDirectories() async throws {
        let root = try JournalFixture.freshPath("create")
        let path = root + ".d/nested/deeper/journal.sqlite"
        let journal = try Journal.openVerified(at: path)
        let paths = journal.paths
        #expect(FileManager.default.fileExists(atPath: paths.database))
        let anchor = try #require(JournalFixture.bytes(paths.headAnchor))
        #expect(String(decoding: anchor, as: UTF8.self)
            == "infusion-journal-head 1\nseq 0\nhash 0000000000000000000000000000000000000000000000000000000000000000\n")
        let entry = try await journal.append(JournalFixture.draft(1))
        #expect(String(decoding: try #require(JournalFixture.bytes(paths.headAnchor)), as: UTF8.self)
            == "infusion-journal-head 1\nseq 1\nhash \(entry.hash)\n")
        try await journal.close()
    }

    @Test("a writer lock let go while a writer waits for it (within the busy timeout) is taken")
    func lockReleasedWhileWaiting() async throws {
        let path = try JournalFixture.freshPath("lock-released")
        try await Journal.openVerified(at: path).close()
        // Another holder of the lock file, as a program being started with the journal's descriptor would be.
        let holder = open(JournalPaths(databasePath: path).writerLock, O_RDWR | O_CLOEXEC)
        try #require(holder >= 0 && flock(holder, LOCK_EX | LOCK_NB) == 0)
        // The release is the stimulus, 100 ms into a 5 s wait: the open must take the lock then, not refuse.
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) { close(holder) }
        let journal = try Journal.openVerified(at: path, options: JournalOptions(busyTimeoutMilliseconds: 5000))
        #expect(try await journal.verify().isIntact)
        try await journal.close()
    }

    @Test("a second writer is refused while the first holds the journal, and admitted after it closes")
    func oneWriter() async throws {
        let path = try JournalFixture.freshPath("one-writer")
        let first = try Journal.openVerified(at: path)
        #expect(throws: JournalError.inUse(path: JournalPaths(databasePath: path).database)) {
            _ = try Journal.openVerified(at: path, options: JournalOptions(busyTimeoutMilliseconds: 50))
        }
        let audit = try Journal.openForAudit(at: path)
        #expect(try await audit.verify().isIntact)
        try await audit.close()
        try await first.close()
        let second = try Journal.openVerified(at: path)
        try await second.close()
    }

    @Test("a journal opened for audit refuses to append")
    func auditIsReadOnly() async throws {
        let (path, _) = try await JournalFixture.journal("audit-ro", entries: 1)
        let audit = try Journal.openForAudit(at: path)
        #expect(audit.isReadOnly)
        #expect(await JournalFixture.journalError { try await audit.append(JournalFixture.draft(2)) } == .readOnly(path: audit.paths.database))
        try await audit.close()
    }

    @Test("opening for audit never creates a journal")
    func auditNeverCreates() throws {
        let path = try JournalFixture.freshPath("audit-missing")
        #expect(throws: JournalError.notFound(path: path)) { _ = try Journal.openForAudit(at: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a file that is not a journal is refused and left unchanged")
    func foreignFileRefused() throws {
        let path = try JournalFixture.freshPath("foreign")
        let text = Data("doseMg: 480\n".utf8)
        try text.write(to: URL(fileURLWithPath: path))
        #expect(throws: JournalError.notAJournal(path: path, problem: "it is not an SQLite database")) {
            _ = try Journal.openVerified(at: path)
        }
        #expect(JournalFixture.bytes(path) == text)

        let otherPath = try JournalFixture.freshPath("foreign-sqlite")
        try JournalFixture.tamper(otherPath, "CREATE TABLE patient (id INTEGER)")
        let before = JournalFixture.bytes(otherPath)
        #expect(throws: JournalError.self) { _ = try Journal.openVerified(at: otherPath) }
        #expect(JournalFixture.bytes(otherPath) == before)
        #expect(throws: JournalError.self) { _ = try Journal.openForAudit(at: otherPath) }
    }

    @Test("a directory given as the journal path is refused")
    func directoryRefused() throws {
        let directory = try JournalFixture.freshPath("dir")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        #expect(throws: JournalError.self) { _ = try Journal.openVerified(at: directory) }
        #expect(throws: JournalError.invalidPath(path: "", problem: "is empty; give the journal database's file path")) {
            _ = try Journal.openVerified(at: "")
        }
    }
}
