import Foundation
import TestSupport

/// A child process the test talks to line by line while it runs (the umockdev test bed, `infusion ports --watch`).
///
/// Every wait has a deadline and waits on the child's output, never on the wall clock; a child still running when
/// the test is done is terminated.
final class InteractiveProcess: @unchecked Sendable {
    /// Which output stream to read.
    enum Stream: Hashable {
        case stdout
        case stderr
    }

    private let process = Process()
    private let input = Pipe()
    private let condition = NSCondition()
    private var lines: [Stream: [String]] = [.stdout: [], .stderr: []]
    private var transcript: [Stream: String] = [.stdout: "", .stderr: ""]
    private let exited = DispatchSemaphore(value: 0)

    /// Starts `executable` with `arguments`, adding `environment` to this process's own.
    init(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        process.terminationHandler = { [exited] _ in exited.signal() }
        try process.run()
        collect(output.fileHandleForReading, into: .stdout)
        collect(errors.fileHandleForReading, into: .stderr)
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? input.fileHandleForWriting.close()
    }

    private func collect(_ handle: FileHandle, into stream: Stream) {
        Thread { [self] in
            var pending = ""
            while true {
                let data = handle.readAvailableRetryingInterrupts()
                condition.lock()
                if data.isEmpty {
                    if !pending.isEmpty { lines[stream, default: []].append(pending) }
                    condition.broadcast()
                    condition.unlock()
                    // Closed here: Foundation keeps a finished `Process` and its pipes alive (see `ProcessRunner`).
                    try? handle.close()
                    return
                }
                let text = String(decoding: data, as: UTF8.self)
                transcript[stream, default: ""] += text
                pending += text
                while let newline = pending.firstIndex(of: "\n") {
                    lines[stream, default: []].append(String(pending[..<newline]))
                    pending = String(pending[pending.index(after: newline)...])
                }
                condition.broadcast()
                condition.unlock()
            }
        }.start()
    }

    /// Sends one line to the child's standard input.
    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// Closes the child's standard input.
    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    /// The next line on `stream` (consumed), or nil when none arrives within `within`.
    func nextLine(_ stream: Stream = .stdout, within: Duration = .seconds(30)) -> String? {
        let deadline = Date(timeIntervalSinceNow: Double(within.components.seconds) + Double(within.components.attoseconds) / 1e18)
        condition.lock()
        defer { condition.unlock() }
        while lines[stream, default: []].isEmpty {
            guard condition.wait(until: deadline) else { break }
        }
        return lines[stream, default: []].isEmpty ? nil : lines[stream, default: []].removeFirst()
    }

    /// Consumes lines on `stream` up to and including the first that contains `text`; nil if none does in time.
    func waitForLine(_ stream: Stream, containing text: String, within: Duration = .seconds(30)) -> String? {
        let deadline = ContinuousClock.now.advanced(by: within)
        while let line = nextLine(stream, within: ContinuousClock.now.duration(to: deadline)) {
            if line.contains(text) { return line }
        }
        return nil
    }

    /// The exit status once the child exits within `within`, or nil (after terminating it) when it does not.
    func waitForExit(within: Duration = .seconds(30)) -> Int32? {
        let seconds = Double(within.components.seconds) + Double(within.components.attoseconds) / 1e18
        if exited.wait(timeout: .now() + seconds) == .timedOut {
            process.terminate()
            return nil
        }
        return process.terminationStatus
    }

    /// Everything the child wrote to `stream` so far, for failure messages.
    func everything(_ stream: Stream) -> String {
        condition.lock()
        defer { condition.unlock() }
        return transcript[stream, default: ""]
    }
}
