import Foundation

/// A real `pump-sim` on a pseudo-terminal, the other end of the line in the driver benchmarks.
///
/// Its stdout (the endpoint, then state lines) goes to a file rather than a pipe, so a benchmark that never reads it
/// can never block the simulator on a full pipe.
struct PumpSimProcess: Sendable {
    /// The child process.
    let process: ChildProcess
    /// The symlink to the pseudo-terminal's device side, which the driver opens.
    let linkPath: String
    /// The simulator's stdout.
    let outputFile: String

    /// Starts `pump-sim --link LINK` with the given extra flags and waits (at most 10 s) for its first line.
    static func start(_ environment: BenchEnvironment, name: String, flags: [String]) throws(BenchError) -> PumpSimProcess {
        let base = environment.scratchPath(name)
        let link = base + ".pty"
        let output = base + ".out"
        let process = try ChildProcess.spawn(
            environment.pumpSimPath, ["--link", link] + flags, standardOutput: .file(output), standardError: .file(output))
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: output, encoding: .utf8), let newline = text.firstIndex(of: "\n") {
                guard text[..<newline].hasPrefix("/dev/") else { break }
                return PumpSimProcess(process: process, linkPath: link, outputFile: output)
            }
            usleep(2_000)
        }
        process.terminate()
        throw .simulatorDidNotStart(outputFile: output)
    }

    /// `--address A` for each of `addresses`.
    static func addressFlags(_ addresses: [Int]) -> [String] {
        addresses.flatMap { ["--address", String($0)] }
    }

    /// Stops the simulator (SIGTERM; it removes its link) and removes its output file.
    func stop() {
        process.terminate()
        try? FileManager.default.removeItem(atPath: outputFile)
    }
}
