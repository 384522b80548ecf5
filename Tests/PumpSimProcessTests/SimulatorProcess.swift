import Foundation
import TestSupport

/// The real `pump-sim` binary, started as other tools start it: its stdout read line by line on a background
/// thread, so a test waits for a given line with a deadline (never a sleep), and its stdin used as the control
/// channel.
final class SimulatorProcess: @unchecked Sendable {
    static let executable = RepositoryLayout.product("pump-sim")

    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let condition = NSCondition()
    private var lines: [String] = []
    private var cursor = 0
    private var partial = Data()
    private var errorText = Data()
    private var outputClosed = false
    private var exited = false

    init(_ arguments: [String]) throws {
        process.executableURL = Self.executable
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        process.terminationHandler = { [weak self] _ in
            guard let self else { return }
            condition.lock()
            exited = true
            condition.broadcast()
            condition.unlock()
        }
        try process.run()
        let out = output.fileHandleForReading
        let err = errors.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let data = out.readAvailableRetryingInterrupts()
                condition.lock()
                if data.isEmpty {
                    outputClosed = true
                } else {
                    partial.append(data)
                    while let newline = partial.firstIndex(of: 0x0A) {
                        lines.append(String(decoding: partial[partial.startIndex..<newline], as: UTF8.self))
                        partial.removeSubrange(partial.startIndex...newline)
                    }
                }
                condition.broadcast()
                condition.unlock()
                if data.isEmpty {
                    // Closed here: Foundation keeps a finished `Process` and its pipes alive (see `ProcessRunner`).
                    try? out.close()
                    return
                }
            }
        }
        Thread.detachNewThread { [self] in
            while true {
                let data = err.readAvailableRetryingInterrupts()
                condition.lock()
                errorText.append(data)
                condition.unlock()
                if data.isEmpty {
                    try? err.close()
                    return
                }
            }
        }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? input.fileHandleForWriting.close()
    }

    /// Every stdout line so far.
    var allLines: [String] {
        condition.lock()
        defer { condition.unlock() }
        return lines
    }

    /// Everything written to stderr so far.
    var standardError: String {
        condition.lock()
        defer { condition.unlock() }
        return String(decoding: errorText, as: UTF8.self)
    }

    /// Waits (up to `seconds`) for the next stdout line after the last one matched that satisfies `matches`;
    /// returns it, or nil at the deadline or when stdout closed.
    func waitForLine(within seconds: Double = 10, _ matches: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while true {
            while cursor < lines.count {
                let line = lines[cursor]
                cursor += 1
                if matches(line) { return line }
            }
            if outputClosed { return nil }
            if !condition.wait(until: deadline) { return nil }
        }
    }

    /// Waits for a line equal to `text`.
    @discardableResult
    func waitForLine(_ text: String, within seconds: Double = 10) -> Bool {
        waitForLine(within: seconds) { $0 == text } != nil
    }

    /// Waits for a line starting with `prefix`.
    func waitForLine(startingWith prefix: String, within seconds: Double = 10) -> String? {
        waitForLine(within: seconds) { $0.hasPrefix(prefix) }
    }

    /// Sends one control line on stdin.
    func control(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// Closes stdin (the simulator must keep serving).
    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    /// Sends `signal` and waits for the exit; returns the exit status, or nil if it did not exit in time.
    func stop(signal: Int32 = SIGTERM, within seconds: Double = 10) -> Int32? {
        if process.isRunning { kill(process.processIdentifier, signal) }
        return waitForExit(within: seconds)
    }

    /// Waits for the process to exit by itself.
    func waitForExit(within seconds: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        while !exited {
            if !condition.wait(until: deadline) { break }
        }
        let done = exited
        condition.unlock()
        guard done else { return nil }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }
}
