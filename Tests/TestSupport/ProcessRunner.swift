import Foundation

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
public enum ProcessRunner {
    /// Runs `executable` with `arguments` and waits for it, killing it after `deadlineSeconds`.
    ///
    /// The blocking wait happens on a thread of its own, never on Swift's cooperative pool: a test waiting for a
    /// child must not starve the in-process work (a simulated pump, a driver) that other tests run meanwhile.
    public static func run(
        _ executable: URL,
        _ arguments: [String],
        stdin: String? = nil,
        environment: [String: String]? = nil,
        currentDirectory: URL? = nil,
        deadlineSeconds: Double = 60
    ) async throws -> ProcessOutcome {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result {
                    try runBlocking(executable, arguments, stdin: stdin, environment: environment,
                                    currentDirectory: currentDirectory, deadlineSeconds: deadlineSeconds)
                })
            }
            thread.start()
        }
    }

    private static func runBlocking(
        _ executable: URL,
        _ arguments: [String],
        stdin: String? = nil,
        environment: [String: String]? = nil,
        currentDirectory: URL? = nil,
        deadlineSeconds: Double = 60
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
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? inPipe.fileHandleForWriting.close()
        let collector = OutputCollector(out: outPipe.fileHandleForReading, err: errPipe.fileHandleForReading)
        var timedOut = false
        if finished.wait(timeout: .now() + deadlineSeconds) == .timedOut {
            timedOut = true
            process.terminate()
            finished.wait()
        }
        let (out, err) = collector.finish()
        let code = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return ProcessOutcome(exitCode: code, stdout: out, stderr: err, timedOut: timedOut)
    }
}

/// Drains both pipes on background threads so a chatty child never blocks on a full pipe.
private final class OutputCollector: @unchecked Sendable {
    private let group = DispatchGroup()
    private var out = Data()
    private var err = Data()

    init(out outHandle: FileHandle, err errHandle: FileHandle) {
        group.enter()
        Thread { [self] in
            out = outHandle.readDataToEndOfFile()
            group.leave()
        }.start()
        group.enter()
        Thread { [self] in
            err = errHandle.readDataToEndOfFile()
            group.leave()
        }.start()
    }

    func finish() -> (String, String) {
        group.wait()
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
