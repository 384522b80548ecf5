#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Journal
import TestSupport
import Testing

/// Tests that need a second process: crashes (SIGKILL), another user (read-only files), a file size limit (disk full).
@Suite("Crashes, read-only files and full disks, through a child process", .serialized, .temporaryJournals)
struct JournalProcessTests {
    /// What one killed child left: the entries it acknowledged, and how it ended.
    struct KilledChild {
        var acknowledged: [(Int64, String)] = []
        var opened = false
        var status: Int32 = 0
        var output = ""
        var errors = ""
    }

    /// Starts a child appending to `path` and SIGKILLs it once it has acknowledged `killAfter` entries (0: at once).
    func runAndKill(_ path: String, killAfter: Int) throws -> KilledChild {
        let process = Process()
        process.executableURL = JournalChildProcess.executable
        process.arguments = JournalChildProcess.arguments(mode: "append-until-killed", path: path)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        // Safety net only: a child that hangs is killed so the test fails instead of hanging the suite.
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
        let errorText = PipeDrain(errors.fileHandleForReading)

        var child = KilledChild()
        var killed = false
        if killAfter == 0 {
            kill(pid, SIGKILL)
            killed = true
        }
        var pending = Data()
        while true {
            let chunk = output.fileHandleForReading.readAvailableRetryingInterrupts()
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                child.output += line + "\n"
                let words = line.split(separator: " ").map(String.init)
                if words.first == "OPENED" { child.opened = true }
                if words.count == 3, words[0] == "APPENDED", let sequenceNumber = Int64(words[1]) {
                    child.acknowledged.append((sequenceNumber, words[2]))
                    if !killed, child.acknowledged.count >= killAfter {
                        kill(pid, SIGKILL)
                        killed = true
                    }
                }
            }
        }
        process.waitUntilExit()
        try? output.fileHandleForReading.close()
        watchdog.cancel()
        child.status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        child.errors = errorText.finish()
        return child
    }

    @Test("entries acknowledged before a SIGKILL at a random moment are all present, and the journal verifies")
    func killedAtRandomMoments() async throws {
        let path = try JournalFixture.freshPath("crash")
        var acknowledged: [Int64: String] = [:]
        var previousCount: Int64 = 0
        // Round 1 kills the child at once (during start-up or while it creates the journal); later rounds after a
        // random number of acknowledged entries, i.e. at an arbitrary point of a later append.
        let killPoints = [0, 1] + (0..<8).map { _ in Int.random(in: 1...60) }
        for (round, killAfter) in killPoints.enumerated() {
            let child = try await DedicatedThread.run { try runAndKill(path, killAfter: killAfter) }
            #expect(child.status == 128 + SIGKILL, "round \(round): child ended with \(child.status)\n\(child.output)\n\(child.errors)")
            if killAfter > 0 {
                #expect(child.acknowledged.count >= killAfter, "round \(round): \(child.output)\n\(child.errors)")
            }
            for (sequenceNumber, hash) in child.acknowledged { acknowledged[sequenceNumber] = hash }
            guard FileManager.default.fileExists(atPath: path) else {
                #expect(acknowledged.isEmpty)
                continue
            }

            let audit = try Journal.openForAudit(at: path)
            let verification = try await audit.verify()
            guard case .intact(let integrity) = verification else {
                Issue.record("round \(round): journal does not verify after SIGKILL: \(verification)")
                try await audit.close()
                return
            }
            let entries = try await audit.entries()
            try await audit.close()
            let stored = Dictionary(uniqueKeysWithValues: entries.map { ($0.sequenceNumber, $0.hash) })
            for (sequenceNumber, hash) in acknowledged {
                #expect(stored[sequenceNumber] == hash, "round \(round): acknowledged entry \(sequenceNumber) lost or changed")
            }
            // Beyond what it acknowledged, a killed child can only have left the one batch (at most 4 entries) it
            // was committing or reporting: committed but never acknowledged, which is legitimate.
            let acknowledgedEnd = child.acknowledged.map(\.0).max() ?? previousCount
            #expect((0...4).contains(integrity.entryCount - acknowledgedEnd),
                    "round \(round): \(integrity.entryCount) entries, acknowledged up to \(acknowledgedEnd)")
            previousCount = integrity.entryCount
        }
        let journal = try Journal.openVerified(at: path)
        let last = try await journal.lastEntry()
        let next = try await journal.append(JournalFixture.draft(1))
        #expect(next.sequenceNumber == (last?.sequenceNumber ?? 0) + 1)
        #expect(next.previousHash == last?.hash ?? JournalCanonicalEncoding.genesisHash)
        try await journal.close()
    }

    /// Makes the journal files (and, for `directory`, their directory) read-only for the child.
    func makeReadOnly(_ paths: JournalPaths, directoryToo: Bool) {
        let files = [paths.database, paths.headAnchor, paths.writerLock].filter { FileManager.default.fileExists(atPath: $0) }
        if geteuid() == 0 {
            // The child drops to uid/gid 65534; give it the files so only the permission bits stop it.
            _ = chown(paths.directory, 65534, 65534)
            for file in files { _ = chown(file, 65534, 65534) }
        }
        for file in files { _ = chmod(file, 0o444) }
        _ = chmod(paths.directory, directoryToo ? 0o555 : 0o755)
    }

    @Test("read-only database file or directory: opening to write fails naming the file, audit and verify still work, nothing changes",
          arguments: [false, true])
    func readOnly(directoryToo: Bool) async throws {
        let (path, written) = try await JournalFixture.journal("readonly", entries: 3)
        let paths = JournalPaths(databasePath: path)
        try? FileManager.default.removeItem(atPath: paths.writerLock)
        let databaseBefore = JournalFixture.bytes(paths.database)
        let anchorBefore = JournalFixture.bytes(paths.headAnchor)
        makeReadOnly(paths, directoryToo: directoryToo)
        defer { _ = chmod(paths.directory, 0o755) }

        let outcome = try await ProcessRunner.run(
            JournalChildProcess.executable, JournalChildProcess.arguments(mode: "read-only", path: path))
        #expect(outcome.exitCode == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        let open = JournalChildProcess.reports(outcome.stdout, key: "OPEN-VERIFIED")
        #expect(open == [["OPEN-VERIFIED", "notWritable", directoryToo ? paths.directory : paths.database]], "\(outcome.stdout)")
        #expect(JournalChildProcess.reports(outcome.stdout, key: "VERIFY") == [["VERIFY", "intact", "3", written[2].hash]], "\(outcome.stdout)")
        #expect(JournalChildProcess.reports(outcome.stdout, key: "ENTRIES") == [["ENTRIES", "3"]])
        #expect(JournalChildProcess.reports(outcome.stdout, key: "APPEND") == [["APPEND", "readOnly"]])
        #expect(JournalFixture.bytes(paths.database) == databaseBefore)
        #expect(JournalFixture.bytes(paths.headAnchor) == anchorBefore)
        #expect(!FileManager.default.fileExists(atPath: paths.writerLock))
    }

    @Test("a full disk (file size limit): the failing append is reported NOT written and the journal stays intact")
    func fileSizeLimit() async throws {
        let (path, written) = try await JournalFixture.journal("full", entries: 2)
        let outcome = try await ProcessRunner.run(
            JournalChildProcess.executable,
            JournalChildProcess.arguments(mode: "file-size-limit", path: path, extra: [String(96 * 1024)]))
        #expect(outcome.exitCode == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        let failures = JournalChildProcess.reports(outcome.stdout, key: "FAILED")
        #expect(failures == [["FAILED", "false", "writeFailed", JournalPaths(databasePath: path).database]], "\(outcome.stdout)")
        let appended = JournalChildProcess.reports(outcome.stdout, key: "APPENDED").map { ($0[1], $0[2]) }
        #expect(!appended.isEmpty, "the limit should allow a few entries before refusing one")

        let journal = try Journal.openVerified(at: path)
        let entries = try await journal.entries()
        #expect(entries.count == written.count + appended.count)
        #expect(entries.dropFirst(written.count).map { (String($0.sequenceNumber), $0.hash) }.elementsEqual(appended) { $0 == $1 })
        let next = try await journal.append(JournalFixture.draft(9))
        #expect(next.sequenceNumber == Int64(entries.count + 1))
        #expect(try await journal.verify().isIntact)
        try await journal.close()
    }
}

