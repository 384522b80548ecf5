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

    /// SIGPIPE ignored in this test process, once: writes to a child's closed input then fail with EPIPE.
    private static let brokenPipesIgnored: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()

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
        if let stdin {
            // A child may exit without reading its input (a refused option). Writing to its closed pipe must be an
            // ignored EPIPE, not a SIGPIPE that kills the whole test process (it did, in ChildDescriptorTests).
            _ = brokenPipesIgnored
            try? inPipe.fileHandleForWriting.write(contentsOf: Data(stdin.utf8))
        }
        try? inPipe.fileHandleForWriting.close()
        var timedOut = false
        if !exited.wait(until: Date(timeIntervalSinceNow: deadlineSeconds)) {
            timedOut = true
            process.terminate()
            _ = exited.wait(until: nil)
        }
        // The handler can run before Foundation has finished with the child; waiting here as well lets it release
        // the child's descriptors before this thread returns.
        process.waitUntilExit()
        let stdout = out.finish()
        let stderr = err.finish()
        let code = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return ProcessOutcome(exitCode: code, stdout: stdout, stderr: stderr, timedOut: timedOut)
    }
}
