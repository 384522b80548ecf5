#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Journal
import TestSupport
import Testing
import Workflow

/// One storage-fault case: a temporary data directory with a bag at the bedside, a `pump-sim` over TCP at real speed
/// (so an infusion outlasts the 10 s watchdog by far), and the `infusion` binary run against both.
struct StorageRun {
    let directory: URL
    let dataDirectory: URL
    let environment: WorkflowEnvironment
    let simulator: SimulatorChild
    let id: String
    /// The journal's last sequence number before the step under test.
    private(set) var sequenceBeforeStart: Int64 = 0

    var journalPath: String { dataDirectory.appendingPathComponent("journal.sqlite").path }
    private var pumpOptions: [String] { ["--tcp", simulator.tcpAddress ?? "?", "--profile", "simulator"] }

    static func make(_ label: String) async throws -> StorageRun {
        let directory = try RepositoryLayout.temporaryDirectory("storage-\(label)")
        // Another user (the read-only case) must reach the data directory.
        _ = chmod(directory.path, 0o755)
        let environment = try SoakBedside.environment(watchdogSeconds: StorageFaultTests.watchdogSeconds, in: directory)
        let dataDirectory = URL(fileURLWithPath: environment.dataDirectory)
        let id = try await SoakBedside.journalWithBagAtTheBedside(environment)
        let simulator = try await SimulatorChild.start(["--tcp", "0", "--speed", "1", "--serial", "SIM-STORE", "--trace"])
        return StorageRun(directory: directory, dataDirectory: dataDirectory, environment: environment, simulator: simulator, id: id)
    }

    /// `infusion program` with no fault: the pump holds the bag's program and the journal says so.
    mutating func program() async throws {
        let outcome = try await infusion(["program", "--nurse", "rn-liu"])
        try #require(outcome.exitCode == 0, "program: \(outcome.stderr)")
        sequenceBeforeStart = Self.journalled(outcome.stderr).last?.sequence ?? 0
    }

    /// Runs `infusion` (through `wrapper`, e.g. prlimit or setpriv) on this bag and pump, reporting journal writes.
    func infusion(_ arguments: [String], wrapper: [String] = []) async throws -> ProcessOutcome {
        let infusion = RepositoryLayout.product("infusion").path
        let all = arguments + pumpOptions + ["--prep", id, "--data-dir", dataDirectory.path, "--config-dir", SoakBedside.configDirectory(of: environment), "--trace-journal"]
        if let tool = wrapper.first {
            return try await ProcessRunner.run(URL(fileURLWithPath: tool), Array(wrapper.dropFirst()) + [infusion] + all, deadlineSeconds: 60)
        }
        return try await ProcessRunner.run(URL(fileURLWithPath: infusion), all, deadlineSeconds: 60)
    }

    /// The sequence numbers of every STRT frame the simulator received (one number: retransmissions only).
    var strtSequences: Set<String> {
        Set(simulator.errorOutput.filter { $0.contains(" rx ") && $0.contains("|CMD|STRT|") }.compactMap { line in
            line.range(of: "|CMD|STRT|").map { String(line[..<$0.lowerBound].suffix(4)) }
        })
    }

    /// True when the journal holds the STRT intent (written before the first STRT byte).
    func strtIntentRecorded() async throws -> Bool {
        try await audit().entries.contains {
            $0.event == "pump.exchange" && $0.data["command"] == .string("STRT") && $0.data["phase"] == .string("intent")
        }
    }

    /// The journal's entries and whether it verifies, read by a read-only audit connection.
    func audit() async throws -> (entries: [JournalEntry], intact: Bool) {
        let journal = try Journal.openForAudit(at: journalPath)
        let entries = try await journal.entries()
        let intact = try await journal.verify().isIntact
        try await journal.close()
        return (entries, intact)
    }

    /// Hands the journal files to uid 65534 read-only (and the directory too, when asked), so a process running as
    /// that user is stopped by the permission bits alone.
    func makeReadOnly(directoryToo: Bool) {
        let paths = JournalPaths(databasePath: journalPath)
        try? FileManager.default.removeItem(atPath: paths.writerLock)
        let files = [paths.database, paths.headAnchor].filter { FileManager.default.fileExists(atPath: $0) }
        _ = chown(paths.directory, 65534, 65534)
        for file in files {
            _ = chown(file, 65534, 65534)
            _ = chmod(file, 0o444)
        }
        _ = chmod(paths.directory, directoryToo ? 0o555 : 0o755)
    }

    func finish() {
        simulator.stop()
        _ = chmod(dataDirectory.path, 0o755)
        try? FileManager.default.removeItem(at: directory)
    }

    /// `journalled SEQ HASH EVENT` lines (`--trace-journal`): what the controller reported as durably written.
    static func journalled(_ stderr: String) -> [(sequence: Int64, hash: String, event: String)] {
        stderr.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard words.count == 4, words[0] == "journalled", let sequence = Int64(words[1]) else { return nil }
            return (sequence, String(words[2]), String(words[3]))
        }
    }
}
