#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Journal
import Testing

/// Runs this test binary again as a child process that does one journal job, so tests can kill it, limit it or run
/// it as another user. The child runs only `JournalChildEntryPoint`, selected by `--filter`, and reads its job from
/// the environment; it reports on stdout in lines `KEY value...` that the parent parses.
enum JournalChildProcess {
    static let modeVariable = "JOURNAL_TEST_CHILD_MODE"
    static let pathVariable = "JOURNAL_TEST_CHILD_PATH"
    static let limitVariable = "JOURNAL_TEST_CHILD_FILE_SIZE_LIMIT"

    /// The job this process was started for, nil in the normal test run.
    static var mode: String? { ProcessInfo.processInfo.environment[modeVariable] }

    /// The test binary itself.
    static var executable: URL { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath() }

    /// Arguments that make the test binary run the child entry point only.
    static let arguments = ["--testing-library", "swift-testing", "--filter", "journalChildProcessEntryPoint"]

    /// The environment for a child doing `mode` on the journal at `path`.
    static func environment(mode: String, path: String, extra: [String: String] = [:]) -> [String: String] {
        [modeVariable: mode, pathVariable: path].merging(extra) { _, new in new }
    }

    /// Writes one report line straight to stdout (unbuffered: a line written before a SIGKILL is never lost).
    static func report(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// The `KEY ...` lines of a child's output, split into words (other output, e.g. the test runner's, is ignored).
    static func reports(_ output: String, key: String) -> [[String]] {
        output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }.filter { $0.first == key }
    }
}

/// The child side. Skipped in a normal run (the environment variable is unset).
@Suite("Child process entry point (runs only inside a child started by the journal tests)")
struct JournalChildEntryPoint {
    @Test("journal child process job", .enabled(if: JournalChildProcess.mode != nil))
    func journalChildProcessEntryPoint() async throws {
        let environment = ProcessInfo.processInfo.environment
        let path = try #require(environment[JournalChildProcess.pathVariable])
        switch JournalChildProcess.mode {
        case "append-until-killed":
            try await appendUntilKilled(path)
        case "read-only":
            try await readOnly(path)
        case "file-size-limit":
            let limit = try #require(environment[JournalChildProcess.limitVariable].flatMap { UInt64($0) })
            try await fileSizeLimit(path, limit: limit)
        default:
            Issue.record("unknown child mode \(JournalChildProcess.mode ?? "")")
        }
    }

    /// Appends batches of 1-4 entries forever, reporting each entry once `append` has returned.
    func appendUntilKilled(_ path: String) async throws {
        let journal = try Journal.openVerified(at: path)
        let start = try await journal.lastEntry()?.sequenceNumber ?? 0
        JournalChildProcess.report("OPENED \(start)")
        var index = Int(start)
        for _ in 0..<20_000 {
            let drafts = (0..<Int.random(in: 1...4)).map { _ in
                index += 1
                return JournalEntryDraft(
                    time: JournalFixture.time(Int64(index)), actor: JournalEntryDraft.controllerActor, preparationId: "PREP-CRASH",
                    event: "pump.status", data: ["index": .number(Decimal(index)), "padding": .string(String(repeating: "x", count: Int.random(in: 0...6000)))])
            }
            for entry in try await journal.append(contentsOf: drafts) {
                JournalChildProcess.report("APPENDED \(entry.sequenceNumber) \(entry.hash)")
            }
        }
    }

    /// Drops root privileges (a read-only file means nothing to root), then tries to write and to audit.
    func readOnly(_ path: String) async throws {
        if geteuid() == 0 {
            #expect(setgroups(0, nil) == 0)
            #expect(setgid(65534) == 0)
            #expect(setuid(65534) == 0)
            #expect(geteuid() == 65534)
        }
        do {
            _ = try Journal.openVerified(at: path)
            JournalChildProcess.report("OPEN-VERIFIED opened")
        } catch {
            if case .notWritable(let failedPath, _) = error {
                JournalChildProcess.report("OPEN-VERIFIED notWritable \(failedPath)")
            } else {
                JournalChildProcess.report("OPEN-VERIFIED other \(error)")
            }
        }
        let audit = try Journal.openForAudit(at: path)
        switch try await audit.verify() {
        case .intact(let integrity):
            JournalChildProcess.report("VERIFY intact \(integrity.entryCount) \(integrity.headHash)")
        case .broken(let defect):
            JournalChildProcess.report("VERIFY broken \(defect)")
        }
        JournalChildProcess.report("ENTRIES \(try await audit.entries().count)")
        do {
            _ = try await audit.append(JournalFixture.draft(99))
            JournalChildProcess.report("APPEND written")
        } catch {
            JournalChildProcess.report("APPEND \(error == .readOnly(path: audit.paths.database) ? "readOnly" : "other \(error)")")
        }
        try await audit.close()
    }

    /// Limits the size of any file this process writes (as a full disk would), then appends until refused.
    func fileSizeLimit(_ path: String, limit: UInt64) async throws {
        signal(SIGXFSZ, SIG_IGN)  // get EFBIG from write(2) instead of being killed
        var bound = rlimit(rlim_cur: rlim_t(limit), rlim_max: rlim_t(limit))
        #expect(setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &bound) == 0)
        let journal = try Journal.openVerified(at: path)
        var index = 1000
        for _ in 0..<10_000 {
            index += 1
            do {
                let entry = try await journal.append(JournalEntryDraft(
                    time: JournalFixture.time(Int64(index)), actor: "nurse-017", event: "test.fill",
                    data: ["index": .number(Decimal(index)), "padding": .string(String(repeating: "y", count: 8000))]))
                JournalChildProcess.report("APPENDED \(entry.sequenceNumber) \(entry.hash)")
            } catch {
                let kind: String
                switch error {
                case .writeFailed(let failedPath, _): kind = "writeFailed \(failedPath)"
                default: kind = "other"
                }
                JournalChildProcess.report("FAILED \(error.entriesWereWritten) \(kind)")
                JournalChildProcess.report("MESSAGE \(error)")
                break
            }
        }
        try await journal.close()
    }
}
