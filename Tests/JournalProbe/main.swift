#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Journal

/// A child process for the journal tests: does one journal job so a test can kill it, limit its file sizes or run it
/// as another user. `journal-probe MODE PATH [LIMIT]`; reports on stdout in lines `KEY value...` written unbuffered
/// (a line written before a SIGKILL is never lost). Not shipped: it lives under Tests/ and only the tests run it.
@main
enum JournalProbe {
    static func main() async {
        let arguments = CommandLine.arguments
        guard arguments.count >= 3 else {
            FileHandle.standardError.write(Data("usage: journal-probe append-until-killed|read-only|file-size-limit PATH [BYTES]\n".utf8))
            exit(2)
        }
        do {
            switch arguments[1] {
            case "append-until-killed": try await appendUntilKilled(arguments[2])
            case "read-only": try await readOnly(arguments[2])
            case "file-size-limit":
                guard arguments.count == 4, let limit = UInt64(arguments[3]) else { throw ProbeFailure("file-size-limit needs BYTES") }
                try await fileSizeLimit(arguments[2], limit: limit)
            default: throw ProbeFailure("unknown mode \(arguments[1])")
            }
        } catch {
            FileHandle.standardError.write(Data("journal-probe: \(error)\n".utf8))
            exit(1)
        }
    }

    static func report(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// The fixed times the tests use: a base instant plus milliseconds.
    static func time(_ offsetMilliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(1_741_944_413_589 + offsetMilliseconds) / 1000)
    }

/// Appends batches of 1-4 entries forever, reporting each entry once `append` has returned.
static func appendUntilKilled(_ path: String) async throws {
    let journal = try Journal.openVerified(at: path)
    let start = try await journal.lastEntry()?.sequenceNumber ?? 0
    report("OPENED \(start)")
    var index = Int(start)
    for _ in 0..<20_000 {
        let drafts = (0..<Int.random(in: 1...4)).map { _ in
            index += 1
            return JournalEntryDraft(
                time: time(Int64(index)), actor: JournalEntryDraft.controllerActor, preparationId: "PREP-CRASH",
                event: "pump.status", data: ["index": .number(Decimal(index)), "padding": .string(String(repeating: "x", count: Int.random(in: 0...6000)))])
        }
        for entry in try await journal.append(contentsOf: drafts) {
            report("APPENDED \(entry.sequenceNumber) \(entry.hash)")
        }
    }
}

/// Drops root privileges (a read-only file means nothing to root), then tries to write and to audit.
static func readOnly(_ path: String) async throws {
    if geteuid() == 0 {
        guard setgroups(0, nil) == 0, setgid(65534) == 0, setuid(65534) == 0, geteuid() == 65534 else { throw ProbeFailure("cannot drop to uid 65534") }
    }
    do {
        _ = try Journal.openVerified(at: path)
        report("OPEN-VERIFIED opened")
    } catch {
        if case .notWritable(let failedPath, _) = error {
            report("OPEN-VERIFIED notWritable \(failedPath)")
        } else {
            report("OPEN-VERIFIED other \(error)")
        }
    }
    let audit = try Journal.openForAudit(at: path)
    switch try await audit.verify() {
    case .intact(let integrity):
        report("VERIFY intact \(integrity.entryCount) \(integrity.headHash)")
    case .broken(let defect):
        report("VERIFY broken \(defect)")
    }
    report("ENTRIES \(try await audit.entries().count)")
    do {
        _ = try await audit.append(JournalEntryDraft(time: time(99_000), actor: "nurse-017", preparationId: "PREP-A", event: "test.step", data: ["index": .number(99)]))
        report("APPEND written")
    } catch {
        report("APPEND \(error == .readOnly(path: audit.paths.database) ? "readOnly" : "other \(error)")")
    }
    try await audit.close()
}

/// Limits the size of any file this process writes (as a full disk would), then appends until refused.
static func fileSizeLimit(_ path: String, limit: UInt64) async throws {
    signal(SIGXFSZ, SIG_IGN)  // get EFBIG from write(2) instead of being killed
    var bound = rlimit(rlim_cur: rlim_t(limit), rlim_max: rlim_t(limit))
    guard setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &bound) == 0 else { throw ProbeFailure("setrlimit failed") }
    let journal = try Journal.openVerified(at: path)
    var index = 1000
    for _ in 0..<10_000 {
        index += 1
        do {
            let entry = try await journal.append(JournalEntryDraft(
                time: time(Int64(index)), actor: "nurse-017", event: "test.fill",
                data: ["index": .number(Decimal(index)), "padding": .string(String(repeating: "y", count: 8000))]))
            report("APPENDED \(entry.sequenceNumber) \(entry.hash)")
        } catch {
            let kind: String
            switch error {
            case .writeFailed(let failedPath, _): kind = "writeFailed \(failedPath)"
            default: kind = "other"
            }
            report("FAILED \(error.entriesWereWritten) \(kind)")
            report("MESSAGE \(error)")
            break
        }
    }
    try await journal.close()
}
}

struct ProbeFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
