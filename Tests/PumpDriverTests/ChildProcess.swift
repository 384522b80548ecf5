import Foundation
import Glibc

/// What a finished command left behind.
struct CommandOutcome: Sendable {
    /// The exit status, or 128 + signal when it was killed.
    let exitCode: Int32
    let stdout: String
    let stderr: String
}

/// Runs an executable to completion with every blocking wait on a thread of its own, and returns its exit code and
/// output.
///
/// `TestSupport.ProcessRunner` drains pipes on Dispatch's global queue; with several commands running in parallel
/// those blocked reads occupied the threads that serve the in-process pumps of these tests (measured: replies held
/// back for the length of the command's whole retry budget). The deadline is a safety net that kills a hung child so
/// the suite fails instead of hanging; it waits on the child's exit, not on time.
enum ChildProcess {
    static func run(_ executable: URL, _ arguments: [String], deadlineSeconds: Double = 60) async throws -> CommandOutcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try runBlocking(executable, arguments, deadlineSeconds: deadlineSeconds) })
            }.start()
        }
    }

    private static func runBlocking(_ executable: URL, _ arguments: [String], deadlineSeconds: Double) throws -> CommandOutcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let outPipe = Pipe()
        let errPipe = Pipe()
        let inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        let exited = Signal()
        process.terminationHandler = { _ in exited.raise() }
        try process.run()
        try? inPipe.fileHandleForWriting.close()
        let out = PipeReader(outPipe.fileHandleForReading)
        let err = PipeReader(errPipe.fileHandleForReading)
        if !exited.wait(until: Date(timeIntervalSinceNow: deadlineSeconds)) {
            process.terminate()
            _ = exited.wait(until: nil)
        }
        let stdout = out.finish()
        let stderr = err.finish()
        let code = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return CommandOutcome(exitCode: code, stdout: stdout, stderr: stderr)
    }
}

/// A one-shot event another thread can wait for, with a deadline.
private final class Signal: @unchecked Sendable {
    private let condition = NSCondition()
    private var raised = false

    func raise() {
        condition.lock()
        raised = true
        condition.broadcast()
        condition.unlock()
    }

    /// True when raised before `deadline` (nil: wait as long as it takes).
    func wait(until deadline: Date?) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !raised {
            if let deadline {
                if !condition.wait(until: deadline) { return raised }
            } else {
                condition.wait()
            }
        }
        return true
    }
}

/// Reads a pipe to its end on a thread of its own (retrying reads interrupted by the child's exit signal, which
/// `FileHandle.readDataToEndOfFile()` turns into a crash on a thread that does not block it).
private final class PipeReader: @unchecked Sendable {
    private let done = Signal()
    private var data = Data()

    init(_ handle: FileHandle) {
        let descriptor = handle.fileDescriptor
        Thread { [self] in
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = Glibc.read(descriptor, &chunk, chunk.count)
                if count > 0 {
                    data.append(contentsOf: chunk[0..<count])
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            done.raise()
        }.start()
    }

    func finish() -> String {
        _ = done.wait(until: nil)
        return String(decoding: data, as: UTF8.self)
    }
}
