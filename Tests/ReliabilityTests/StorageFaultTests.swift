#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Journal
import TestSupport
import Testing

/// The journal's storage fails during a bedside step: full (a file size limit on the `infusion` process, so the
/// append fails with EFBIG; the CLI ignores SIGXFSZ) or read-only (journal files owned by and readable only by
/// another user). The real `infusion` binary against a real `pump-sim` over TCP.
///
/// The promise (docs/architecture.md, docs/driver.md `notRecorded`): a state-changing command the journal cannot
/// record is not sent; a step whose outcome cannot be recorded stops the controller (exit 1, one line naming the
/// journal), which sends nothing more, so a pump that did start is ended by its own watchdog (`commlost`, motor
/// stopped) instead of running on unwatched. The journal verifies afterwards and holds nothing half-written.
@Suite("Controller faults: journal storage full or read-only", .serialized, .timeLimit(.minutes(10)))
struct StorageFaultTests {
    /// The watchdog the test site programs (seconds): the least site.yaml accepts.
    static let watchdogSeconds = 10

    /// File size limits swept upward one WAL frame pair at a time (a frame is a 4096-byte page plus its 24-byte
    /// header; the WAL starts empty when `infusion` opens the journal, and SQLite's shared-memory index needs 32 KiB).
    /// Each limit makes a later append of `infusion start` the first that cannot be written; the sweep stops once a
    /// failure lands in supervision, after the START.
    static let limits: [Int] = (0..<16).map { 32_768 + 32 + $0 * 2 * 4120 }

    @Test("a full journal during `infusion start` at every step: exit 1 naming the journal, no unrecorded START runs on")
    func fullJournalDuringStart() async throws {
        var seen: [String] = []
        var failedBeforeStart = false
        var failedAfterStart = false
        for limitBytes in Self.limits {
            let (failedAfter, strtReached) = try await fullJournalDuringStart(limitBytes: limitBytes)
            seen.append("\(limitBytes) B: failed after \(failedAfter), START \(strtReached ? "reached the pump" : "not sent")")
            if strtReached { failedAfterStart = true } else { failedBeforeStart = true }
            if failedAfter == "workflow.start" || failedAfter == "pump.reconciled" || failedAfter == "(supervision)" { break }
        }
        #expect(failedBeforeStart && failedAfterStart, "the sweep did not reach both sides of the START: \(seen)")
        if let path = ProcessInfo.processInfo.environment["STORAGE_REPORT"] {
            try seen.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    /// One `infusion start` under a file size limit of `limitBytes`, from a freshly programmed pump. Returns the last
    /// event recorded before the failure and whether START reached the pump.
    func fullJournalDuringStart(limitBytes: Int) async throws -> (String, Bool) {
        var run = try await StorageRun.make("full-\(limitBytes)")
        defer { run.finish() }
        try await run.program()
        let outcome = try await run.infusion(
            ["start", "--nurse", "rn-liu", "--poll-seconds", "0.1"], wrapper: ["/usr/bin/prlimit", "--fsize=\(limitBytes)"])
        let reported = StorageRun.journalled(outcome.stderr)
        let errors = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("error") }
        var failedAfter = reported.last?.event ?? "(nothing)"
        if reported.contains(where: { $0.event == "workflow.start" }) && failedAfter != "workflow.start" { failedAfter = "(supervision)" }
        #expect(outcome.exitCode == 1, "limit \(limitBytes): exit \(outcome.exitCode)\n\(outcome.stderr)")
        #expect(errors.count == 1, "limit \(limitBytes): \(outcome.stderr)")
        let message = String(errors.first ?? "")
        #expect(message.contains(run.journalPath), "the message does not name the journal: \(message)")
        #expect(message.contains("NOT written") || message.contains("not recorded") || message.contains("could not be recorded"),
                "the message does not say the step was not recorded: \(message)")
        #expect(outcome.stdout.isEmpty, "stdout on error: \(outcome.stdout)")

        // The pump: a START the journal could not announce never reaches it; one that did is ended by its watchdog.
        let strtSequences = run.strtSequences
        #expect(strtSequences.count <= 1, "STRT reached the pump with sequences \(strtSequences)")
        if strtSequences.isEmpty {
            _ = try await run.simulator.control("status")
            let line = try #require(run.simulator.output.last { $0.hasPrefix("status 1 ") })
            #expect(line.hasPrefix("status 1 programmed"), "limit \(limitBytes): the pump is not left programmed: \(line)")
            #expect(!run.simulator.output.contains { $0.hasPrefix("state 1 running") })
        } else {
            // START was announced in the journal before it was sent (never sent unrecorded)...
            #expect(try await run.strtIntentRecorded(), "limit \(limitBytes): STRT reached the pump without its intent in the journal")
            // ... and the controller, unable to record, stopped commanding: the pump's watchdog stops the motor.
            let alarm = try await run.simulator.waitForOutput(deadlineSeconds: Double(Self.watchdogSeconds) + 15) {
                $0.hasPrefix("state 1 alarm") && $0.contains("commlost")
            }
            #expect(run.simulator.output.filter { $0.hasPrefix("state 1 running") }.count == 1)
            #expect(!run.simulator.output[(alarm.index + 1)...].contains { $0.hasPrefix("state 1 running") },
                    "the pump ran again after its watchdog stopped it")
        }

        // The journal: verifies, holds every entry reported written, and nothing half-written past them.
        let audit = try await run.audit()
        #expect(audit.intact, "limit \(limitBytes): the journal does not verify")
        let stored = Dictionary(audit.entries.map { ($0.sequenceNumber, $0.hash) }, uniquingKeysWith: { first, _ in first })
        for entry in reported {
            #expect(stored[entry.sequence] == entry.hash, "entry \(entry.sequence) was reported written but is \(stored[entry.sequence] ?? "missing")")
        }
        let lastReported = reported.last?.sequence ?? run.sequenceBeforeStart
        // `anchorUpdateFailed` is the one failure whose entry IS durable (the message says "written and durable").
        let allowedExtra: Int64 = message.contains("written and durable") ? 1 : 0
        #expect((0...allowedExtra).contains((audit.entries.last?.sequenceNumber ?? 0) - lastReported),
                "limit \(limitBytes): \(audit.entries.count) entries, reported up to \(lastReported): \(message)")
        // Without the limit the journal opens for appending again (nothing left locked, nothing to repair by hand).
        let journal = try Journal.openVerified(at: run.journalPath)
        try await journal.close()
        return (failedAfter, !strtSequences.isEmpty)
    }

    @Test("a read-only journal at open: refused before anything is sent to the pump", arguments: [false, true])
    func readOnlyJournalAtOpen(directoryToo: Bool) async throws {
        var run = try await StorageRun.make("readonly")
        defer { run.finish() }
        try await run.program()
        let paths = JournalPaths(databasePath: run.journalPath)
        let databaseBefore = try Data(contentsOf: URL(fileURLWithPath: paths.database))
        let framesBefore = run.simulator.errorOutput.filter { $0.contains(" rx ") }.count
        run.makeReadOnly(directoryToo: directoryToo)
        defer { _ = chmod(paths.directory, 0o755) }
        let outcome = try await run.infusion(
            ["start", "--nurse", "rn-liu", "--poll-seconds", "0.1"],
            wrapper: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
        #expect(outcome.exitCode == 1, "exit \(outcome.exitCode)\n\(outcome.stderr)")
        let errors = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("error") }
        #expect(errors.count == 1 && outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        let message = String(errors.first ?? "")
        #expect(message.contains(directoryToo ? paths.directory : paths.database), "\(message)")
        #expect(message.contains("cannot be written"), "\(message)")
        #expect(outcome.stdout.isEmpty)
        // Nothing was sent: the pump received no frame (not even IDEN) and is still programmed.
        _ = try await run.simulator.control("status")
        #expect(run.simulator.errorOutput.filter { $0.contains(" rx ") }.count == framesBefore)
        #expect(run.simulator.output.last { $0.hasPrefix("status 1 ") }?.hasPrefix("status 1 programmed") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: paths.database)) == databaseBefore)
        _ = chmod(paths.directory, 0o755)
        let audit = try await run.audit()
        #expect(audit.intact)
    }
}
