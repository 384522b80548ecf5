#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A real `pump-sim` process for hardware-in-the-loop tests: its endpoint, its control channel (stdin), and its
/// output lines (stdout, and the frame trace on stderr with `--trace`), awaited with deadlines, never by sleeping.
public final class SimulatorChild: @unchecked Sendable {
    /// The endpoint from the simulator's first line: the pty slave path, or `tcp 127.0.0.1:PORT`.
    public let endpointLine: String
    /// The `--link` path, when one was given.
    public let linkPath: String?
    private let process: Process
    private let input: FileHandle
    private let stdoutLines: LineCollector
    private let stderrLines: LineCollector

    /// Why a wait ended without the line.
    public struct Timeout: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// Starts `pump-sim` with `arguments` (e.g. `["--link", path, "--speed", "600"]`) and waits for its first line.
    public static func start(_ arguments: [String], deadlineSeconds: Double = 10) async throws -> SimulatorChild {
        let process = Process()
        process.executableURL = RepositoryLayout.product("pump-sim")
        process.arguments = arguments
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        let out = LineCollector(stdout.fileHandleForReading)
        let err = LineCollector(stderr.fileHandleForReading)
        try process.run()
        let first = try await out.waitForLine(after: 0, deadlineSeconds: deadlineSeconds) { _ in true }
        let link = arguments.firstIndex(of: "--link").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        return SimulatorChild(process: process, input: stdin.fileHandleForWriting, stdout: out, stderr: err, endpoint: first.line, link: link)
    }

    private init(process: Process, input: FileHandle, stdout: LineCollector, stderr: LineCollector, endpoint: String, link: String?) {
        self.process = process
        self.input = input
        self.stdoutLines = stdout
        self.stderrLines = stderr
        self.endpointLine = endpoint
        self.linkPath = link
    }

    /// The TCP port from a `tcp 127.0.0.1:PORT` first line.
    public var tcpAddress: String? {
        endpointLine.hasPrefix("tcp ") ? String(endpointLine.dropFirst(4)) : nil
    }

    /// Number of stdout lines so far (a mark to wait for lines after).
    public var outputMark: Int { stdoutLines.count }

    /// Every stdout line so far.
    public var output: [String] { stdoutLines.lines }

    /// Every stderr line so far (the frame trace with `--trace`).
    public var errorOutput: [String] { stderrLines.lines }

    /// Sends one control line (docs/simulator.md) and waits for its `ok` (or `error`) line.
    @discardableResult
    public func control(_ line: String, deadlineSeconds: Double = 10) async throws -> String {
        let mark = outputMark
        input.write(Data((line + "\n").utf8))
        let reply = try await stdoutLines.waitForLine(after: mark, deadlineSeconds: deadlineSeconds) {
            $0.hasPrefix("ok ") || $0.hasPrefix("error ")
        }
        return reply.line
    }

    /// Waits for a stdout line matching `predicate` at or after `mark`; returns it and its index.
    @discardableResult
    public func waitForOutput(after mark: Int = 0, deadlineSeconds: Double = 30, _ predicate: @escaping @Sendable (String) -> Bool) async throws -> (line: String, index: Int) {
        try await stdoutLines.waitForLine(after: mark, deadlineSeconds: deadlineSeconds, predicate)
    }

    /// Waits for a stderr line (a `--trace` record) matching `predicate` at or after index `mark`.
    @discardableResult
    public func waitForErrorOutput(after mark: Int = 0, deadlineSeconds: Double = 30, _ predicate: @escaping @Sendable (String) -> Bool) async throws -> (line: String, index: Int) {
        try await stderrLines.waitForLine(after: mark, deadlineSeconds: deadlineSeconds, predicate)
    }

    /// Stops the simulator with SIGTERM and waits for it to exit; returns its exit code.
    @discardableResult
    public func stop() -> Int32 {
        if process.isRunning {
            process.terminate()
        }
        process.waitUntilExit()
        try? input.close()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? input.close()
    }
}

/// Any built executable run as a child whose stdout and stderr lines are collected as they arrive, so a test can
/// act at an exact point of its output (e.g. kill it right after it reported a journal entry) without sleeping.
public final class StreamingProcess: @unchecked Sendable {
    private let process: Process
    private let stdoutLines: LineCollector
    private let stderrLines: LineCollector
    private let exited = DispatchSemaphore(value: 0)

    /// Starts `executable` with `arguments`.
    public init(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil, currentDirectory: URL? = nil) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        stdoutLines = LineCollector(stdout.fileHandleForReading)
        stderrLines = LineCollector(stderr.fileHandleForReading)
        let exited = exited
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
    }

    /// The child's process id.
    public var pid: Int32 { process.processIdentifier }

    /// Stdout lines so far.
    public var output: [String] { stdoutLines.lines }

    /// Stderr lines so far.
    public var errorOutput: [String] { stderrLines.lines }

    /// Waits for a stderr line matching `predicate` at or after index `mark`.
    @discardableResult
    public func waitForError(after mark: Int = 0, deadlineSeconds: Double = 30, _ predicate: @escaping @Sendable (String) -> Bool) async throws -> (line: String, index: Int) {
        try await stderrLines.waitForLine(after: mark, deadlineSeconds: deadlineSeconds, predicate)
    }

    /// Sends SIGKILL (the process gets no chance to clean up: a crash, a power cut of the controller).
    public func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
    }

    /// Waits (off the cooperative thread pool) for the child to exit; returns its status, or 128 + signal.
    public func waitForExit(deadlineSeconds: Double = 120) async -> Int32 {
        let exited = exited
        let process = process
        return await withCheckedContinuation { continuation in
            Thread {
                if exited.wait(timeout: .now() + deadlineSeconds) == .timedOut {
                    process.terminate()
                    exited.wait()
                }
                process.waitUntilExit()
                let code = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
                continuation.resume(returning: code)
            }.start()
        }
    }

    /// Waits until both pipes reached end of file (every line delivered).
    public func drained() async {
        _ = try? await stdoutLines.waitForEnd()
        _ = try? await stderrLines.waitForEnd()
    }
}

/// Collects a pipe's lines as they arrive, and lets tasks wait for a line with a deadline.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = Data()
    private var collected: [String] = []
    private var waiters: [(id: UUID, after: Int, predicate: @Sendable (String) -> Bool, continuation: CheckedContinuation<(line: String, index: Int), any Error>)] = []
    private var closed = false

    /// Reads `handle` on a dedicated thread until end of file (blocking reads never occupy Swift's cooperative
    /// pool, and no dispatch source outlives the descriptor), then closes it: Foundation keeps a finished `Process`
    /// and its pipes alive, and descriptors left to them pile up over a suite (see `ProcessRunner`).
    init(_ handle: FileHandle) {
        let thread = Thread { [self] in
            while true {
                let data = handle.readAvailableRetryingInterrupts()
                receive(data)
                if data.isEmpty { break }
            }
            try? handle.close()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    var count: Int { lock.withLock { collected.count } }

    /// Waits until the pipe is closed (all lines collected).
    func waitForEnd(deadlineSeconds: Double = 30) async throws {
        _ = try? await waitForLine(after: Int.max, deadlineSeconds: deadlineSeconds) { _ in false }
    }
    var lines: [String] { lock.withLock { collected } }

    private func receive(_ data: Data) {
        var ready: [(CheckedContinuation<(line: String, index: Int), any Error>, Result<(line: String, index: Int), any Error>)] = []
        lock.withLock {
            if data.isEmpty {
                closed = true
            }
            buffer.append(data)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                collected.append(line)
            }
            waiters.removeAll { waiter in
                if let match = firstMatch(after: waiter.after, waiter.predicate) {
                    ready.append((waiter.continuation, .success(match)))
                    return true
                }
                if closed {
                    ready.append((waiter.continuation, .failure(SimulatorChild.Timeout(description: "the simulator's output ended"))))
                    return true
                }
                return false
            }
        }
        for (continuation, result) in ready { continuation.resume(with: result) }
    }

    private func firstMatch(after mark: Int, _ predicate: (String) -> Bool) -> (line: String, index: Int)? {
        guard mark < collected.count else { return nil }
        for index in mark..<collected.count where predicate(collected[index]) { return (collected[index], index) }
        return nil
    }

    func waitForLine(after mark: Int, deadlineSeconds: Double, _ predicate: @escaping @Sendable (String) -> Bool) async throws -> (line: String, index: Int) {
        let id = UUID()
        return try await withCheckedThrowingContinuation { continuation in
            let immediate: Result<(line: String, index: Int), any Error>? = lock.withLock {
                if let match = firstMatch(after: mark, predicate) { return .success(match) }
                if closed { return .failure(SimulatorChild.Timeout(description: "the simulator's output ended")) }
                waiters.append((id, mark, predicate, continuation))
                return nil
            }
            if let immediate {
                continuation.resume(with: immediate)
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + deadlineSeconds) { [weak self] in
                guard let self else { return }
                let expired = self.lock.withLock { () -> CheckedContinuation<(line: String, index: Int), any Error>? in
                    guard let index = self.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return self.waiters.remove(at: index).continuation
                }
                expired?.resume(throwing: SimulatorChild.Timeout(description: "no matching line within \(deadlineSeconds) s; last lines: \(self.lines.suffix(5))"))
            }
        }
    }
}
