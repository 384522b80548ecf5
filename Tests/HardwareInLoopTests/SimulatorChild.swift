import Foundation
import Glibc
import PumpDriver
import TestSupport
import Testing
import Transport

/// Which endpoint the simulator serves: a pseudo-terminal behind a symlink (`--link`) or a TCP device server
/// (`--tcp 0`).
enum LinkKind: String, Sendable, CaseIterable, CustomStringConvertible {
    case pty
    case tcp

    var description: String { rawValue }
}

/// Why a simulator could not be brought up.
struct SimulatorLaunchError: Error, CustomStringConvertible {
    let description: String
}

/// The real `pump-sim` binary as a child process, started as an operator would start it.
///
/// Its stdout lines (`state ...`, `alarm ...`, `ok ...`) and, with `--trace`, its stderr records are read on threads of
/// their own into `Timeline`s, so a test waits for a line with a deadline and never sleeps; its stdin is the control
/// channel. One simulator and one temporary directory per test, so tests run in parallel.
final class SimulatorChild: @unchecked Sendable {
    static let executable = RepositoryLayout.product("pump-sim")

    let kind: LinkKind
    /// The directory holding the `--link` symlink.
    let directory: URL
    /// `<directory>/pump` for a pty; nil for TCP.
    let linkPath: String?
    /// The first stdout line: the pty slave (`/dev/pts/5`) or `tcp 127.0.0.1:<port>`.
    let firstLine: String
    /// Every stdout line, the first included.
    let output: Timeline<String>
    /// Every stderr line (the `--trace` records, or an error message).
    let errors: Timeline<String>

    private let process: Process
    private let input: Pipe
    private let exit: Timeline<Int32>
    private let lock = NSLock()
    private var cursor = 1

    private init(
        kind: LinkKind, directory: URL, linkPath: String?, firstLine: String, output: Timeline<String>,
        errors: Timeline<String>, process: Process, input: Pipe, exit: Timeline<Int32>
    ) {
        self.kind = kind
        self.directory = directory
        self.linkPath = linkPath
        self.firstLine = firstLine
        self.output = output
        self.errors = errors
        self.process = process
        self.input = input
        self.exit = exit
    }

    deinit {
        // A test that failed half-way must not leave a simulator behind.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? input.fileHandleForWriting.close()
    }

    /// Starts `pump-sim --link <tmp>/pump` or `pump-sim --tcp 0`, with `arguments` added, and waits (10 s at most)
    /// for its first line.
    static func launch(_ kind: LinkKind, _ arguments: [String] = []) async throws -> SimulatorChild {
        let directory = try RepositoryLayout.temporaryDirectory("hil")
        let linkPath = kind == .pty ? directory.appendingPathComponent("pump").path : nil
        let endpointArguments = linkPath.map { ["--link", $0] } ?? ["--tcp", "0"]
        let process = Process()
        process.executableURL = executable
        process.arguments = endpointArguments + arguments
        let input = Pipe()
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardInput = input
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        let exit = Timeline<Int32>()
        process.terminationHandler = { finished in
            let code = finished.terminationReason == .uncaughtSignal
                ? 128 + finished.terminationStatus : finished.terminationStatus
            exit.append(code)
        }
        try process.run()
        let output = Timeline<String>()
        let errors = Timeline<String>()
        // The readers own duplicates of the descriptors, so nothing closes them under a blocked read.
        // (close-on-exec, so no other child started meanwhile inherits them).
        let outputDescriptor = fcntl(outputPipe.fileHandleForReading.fileDescriptor, F_DUPFD_CLOEXEC, 0)
        let errorDescriptor = fcntl(errorPipe.fileHandleForReading.fileDescriptor, F_DUPFD_CLOEXEC, 0)
        // The originals are closed at once: Foundation keeps a finished `Process` and its pipes alive, and
        // descriptors left to them pile up over a suite (see `ProcessRunner`).
        try? outputPipe.fileHandleForReading.close()
        try? errorPipe.fileHandleForReading.close()
        PipeLineReader.start(outputDescriptor, into: output, name: "pump-sim stdout")
        PipeLineReader.start(errorDescriptor, into: errors, name: "pump-sim stderr")
        guard let first = await output.wait(within: 10, until: { $0.first }) else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            _ = await errors.wait(within: 5) { _ in nil as Int? }
            throw SimulatorLaunchError(
                description: "pump-sim \(process.arguments ?? []) printed no first line; stderr: "
                    + errors.all.joined(separator: "\n"))
        }
        return SimulatorChild(
            kind: kind, directory: directory, linkPath: linkPath, firstLine: first, output: output, errors: errors,
            process: process, input: input, exit: exit)
    }

    /// The TCP port the simulator bound (from `tcp 127.0.0.1:<port>`), nil for a pty.
    var tcpPort: UInt16? {
        guard kind == .tcp else { return nil }
        return UInt16(firstLine.dropFirst("tcp 127.0.0.1:".count))
    }

    /// The endpoint a driver or `infusion pump` opens: the symlink (never the slave path, which changes on replug),
    /// or 127.0.0.1 and the port.
    var endpoint: Endpoint {
        if let linkPath { return .device(linkPath, baudRate: .protocolDefault) }
        return .tcp(host: "127.0.0.1", port: tcpPort ?? 0)
    }

    /// The `infusion pump` options that reach this simulator: `--port <link>` or `--tcp 127.0.0.1:<port>`.
    var commandLineLocation: [String] {
        if let linkPath { return ["--port", linkPath] }
        return ["--tcp", "127.0.0.1:\(tcpPort ?? 0)"]
    }

    // MARK: Control channel

    /// Writes one control line on the simulator's stdin.
    func control(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// What a control command did: the lines printed from the moment it was sent up to its verdict (its effects:
    /// `state`, `alarm`, `rebooted` ... lines, which the simulator prints before the verdict), and the verdict
    /// itself (`ok <command>` or `error <message>`), nil if none came before the deadline.
    struct ControlOutcome: Sendable {
        let effects: [String]
        let verdict: String?
    }

    /// Sends `command` and waits for its verdict (the next `ok ...` or `error ...` line). Later `nextLine` calls look
    /// after the verdict.
    func perform(_ command: String, within seconds: Double = 10) async -> ControlOutcome {
        let mark = output.count
        control(command)
        guard
            let found = await output.first(from: mark, within: seconds, where: { $0.hasPrefix("ok ") || $0.hasPrefix("error ") })
        else { return ControlOutcome(effects: Array(output.all.dropFirst(mark)), verdict: nil) }
        lock.withLock { cursor = max(cursor, found.index + 1) }
        return ControlOutcome(effects: Array(output.all[mark..<found.index]), verdict: found.item)
    }

    /// Performs `command` (written in the simulator's canonical form), records an issue unless the verdict is
    /// `ok <command>`, and returns its effects.
    @discardableResult
    func expectOK(_ command: String, sourceLocation: SourceLocation = #_sourceLocation) async -> [String] {
        let outcome = await perform(command)
        #expect(outcome.verdict == "ok \(command)", "control command '\(command)'", sourceLocation: sourceLocation)
        return outcome.effects
    }

    // MARK: Waiting for output

    /// Waits for the next stdout line after the last one a `nextLine` call returned that satisfies `matches`.
    func nextLine(within seconds: Double = 10, where matches: @escaping @Sendable (String) -> Bool) async -> String? {
        let start = lock.withLock { cursor }
        guard let found = await output.first(from: start, within: seconds, where: matches) else { return nil }
        lock.withLock { cursor = max(cursor, found.index + 1) }
        return found.item
    }

    /// Waits for the next line starting with `prefix`.
    func nextLine(startingWith prefix: String, within seconds: Double = 10) async -> String? {
        await nextLine(within: seconds) { $0.hasPrefix(prefix) }
    }

    /// Every `state <addr> ...` line so far, as the state word.
    func printedStates(address: Int = 1) -> [String] {
        output.all.compactMap { line in
            let words = line.split(separator: " ")
            guard words.count > 2, words[0] == "state", words[1] == "\(address)" else { return nil }
            return String(words[2])
        }
    }

    /// The `key=value` fields of a `state`/`status` line (`vi` -> `12.500`).
    static func fields(of line: String) -> [String: String] {
        var fields: [String: String] = [:]
        for word in line.split(separator: " ") {
            guard let equals = word.firstIndex(of: "=") else { continue }
            fields[String(word[..<equals])] = String(word[word.index(after: equals)...])
        }
        return fields
    }

    // MARK: Stopping

    /// Sends SIGTERM and waits for the exit (10 s at most) and for the end of stdout and stderr, so the output lines
    /// and the trace are complete; returns the exit status, nil if it did not exit in time.
    func stop(signal: Int32 = SIGTERM) async -> Int32? {
        if process.isRunning { kill(process.processIdentifier, signal) }
        let code = await exit.wait(within: 10) { $0.first }
        try? input.fileHandleForWriting.close()
        _ = await output.wait(within: 5) { _ in nil as Int? }
        _ = await errors.wait(within: 5) { _ in nil as Int? }
        return code
    }

    /// Stops the simulator and checks the clean exit docs/simulator.md promises: status 0 and, for a pty, the
    /// symlink removed.
    func stopAndCheck(sourceLocation: SourceLocation = #_sourceLocation) async {
        let code = await stop()
        #expect(code == 0, "pump-sim exit status after SIGTERM", sourceLocation: sourceLocation)
        if let linkPath {
            #expect(
                (try? FileManager.default.destinationOfSymbolicLink(atPath: linkPath)) == nil,
                "the --link symlink \(linkPath) was left behind", sourceLocation: sourceLocation)
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The trace records (`--trace`), parsed.
    var trace: SimulatorTrace {
        SimulatorTrace(lines: errors.all)
    }
}
