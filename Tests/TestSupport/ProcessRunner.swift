import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a finished child process left behind.
public struct ProcessOutcome: Sendable {
    /// The exit status, or 128 + signal when it was killed.
    public let exitCode: Int32
    /// Everything written to standard output.
    public let stdout: String
    /// Everything written to standard error.
    public let stderr: String
    /// True when the runner killed it for overrunning its deadline.
    public let timedOut: Bool
}

/// Runs a real executable (the built `infusion` or `pump-sim`) the way a user or another tool would.
///
/// The deadline is a safety net so a hung child fails the test instead of hanging the suite; it is not a timing assertion.
///
/// Every blocking wait (the child's exit, reading its pipes to the end) happens on threads created for that one child,
/// never on Dispatch's shared queues or on Swift's cooperative pool: on a 2-core machine the pool has 2 threads, and a
/// test that blocked one of them while a child ran held back every in-process actor of the tests running beside it
/// (measured by the driver suite: an in-process pump's replies delayed by a whole command's retry budget).
public enum ProcessRunner {
    /// Runs `executable` with `arguments`, killing it after `deadlineSeconds`, and suspends the calling task (not
    /// blocking its thread) until the child has exited and both pipes are read to their end: the waiting happens on a
    /// thread of its own, which resumes the task.
    public static func run(
        _ executable: URL,
        _ arguments: [String],
        stdin: String? = nil,
        environment: [String: String]? = nil,
        currentDirectory: URL? = nil,
        deadlineSeconds: Double = 60
    ) async throws -> ProcessOutcome {
        try await DedicatedThread.run("ProcessRunner \(executable.lastPathComponent)") {
            try runBlocking(
                executable, arguments, stdin: stdin, environment: environment, currentDirectory: currentDirectory,
                deadlineSeconds: deadlineSeconds)
        }
    }

    private static func runBlocking(
        _ executable: URL, _ arguments: [String], stdin: String?, environment: [String: String]?,
        currentDirectory: URL?, deadlineSeconds: Double
    ) throws -> ProcessOutcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let outPipe = Pipe()
        let errPipe = Pipe()
        let inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        let exited = OneShotSignal()
        process.terminationHandler = { _ in exited.raise() }
        try process.run()
        // Drain both pipes before feeding stdin, so a child that writes first never blocks on a full pipe.
        let out = PipeDrain(outPipe.fileHandleForReading)
        let err = PipeDrain(errPipe.fileHandleForReading)
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? inPipe.fileHandleForWriting.close()
        var timedOut = false
        if !exited.wait(until: Date(timeIntervalSinceNow: deadlineSeconds)) {
            timedOut = true
            process.terminate()
            _ = exited.wait(until: nil)
        }
        let stdout = out.finish()
        let stderr = err.finish()
        let code = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return ProcessOutcome(exitCode: code, stdout: stdout, stderr: stderr, timedOut: timedOut)
    }
}

/// A one-shot event another thread can wait for, with a deadline.
private final class OneShotSignal: @unchecked Sendable {
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

/// Reads a pipe to its end on a thread of its own. Reads interrupted by a signal (the child's SIGCHLD) are retried:
/// `FileHandle.readDataToEndOfFile()` turns EINTR into a crash on a thread that does not block the signal.
private final class PipeDrain: @unchecked Sendable {
    private let done = OneShotSignal()
    private var data = Data()

    init(_ handle: FileHandle) {
        let descriptor = handle.fileDescriptor
        let reader = Thread { [self] in
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(descriptor, &chunk, chunk.count)
                if count > 0 {
                    data.append(contentsOf: chunk[0..<count])
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            done.raise()
        }
        reader.name = "ProcessRunner pipe"
        reader.start()
    }

    /// Waits for the end of the pipe; everything read, as UTF-8 text.
    func finish() -> String {
        _ = done.wait(until: nil)
        return String(decoding: data, as: UTF8.self)
    }
}
